//! Where the managed containerd keeps its data, state, socket, config, log and pid file.

use std::path::{Path, PathBuf};

use crate::Error;

/// Default root of linnet's persistent data.
pub const DEFAULT_DATA_ROOT: &str = "/var/lib/linnet";
/// Default directory for sockets and pid files (tmpfs, cleared at boot).
pub const DEFAULT_STATE_DIR: &str = "/run/linnet";
/// `sockaddr_un.sun_path` holds 108 bytes including the terminating NUL.
const MAX_SOCKET_PATH: usize = 107;

/// linnet's directories for one managed containerd instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    data_root: PathBuf,
    state_dir: PathBuf,
}

impl Paths {
    /// Paths for `data_root` (default `/var/lib/linnet`). The state directory is
    /// `$LINNET_STATE_DIR`, else `/run/linnet` for the default data root, else `<data_root>/run`
    /// so that instances with their own data root (tests) never share the system one's socket.
    pub fn new(data_root: Option<PathBuf>) -> Paths {
        let env_state = std::env::var_os("LINNET_STATE_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Self::resolve(data_root, env_state)
    }

    fn resolve(data_root: Option<PathBuf>, env_state: Option<PathBuf>) -> Paths {
        let default_root = Path::new(DEFAULT_DATA_ROOT);
        let data_root = data_root
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| absolute(&p))
            .unwrap_or_else(|| default_root.to_path_buf());
        let state_dir = match env_state {
            Some(dir) => absolute(&dir),
            None if data_root == default_root => PathBuf::from(DEFAULT_STATE_DIR),
            None => data_root.join("run"),
        };
        Paths {
            data_root,
            state_dir,
        }
    }

    pub fn data_root(&self) -> &Path {
        &self.data_root
    }

    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }

    /// containerd's persistent root (`<data_root>/containerd`).
    pub fn containerd_root(&self) -> PathBuf {
        self.data_root.join("containerd")
    }

    /// containerd's state directory (`<state_dir>/containerd`).
    pub fn containerd_state(&self) -> PathBuf {
        self.state_dir.join("containerd")
    }

    /// containerd's gRPC socket.
    pub fn containerd_socket(&self) -> PathBuf {
        self.containerd_state().join("containerd.sock")
    }

    /// containerd's ttrpc socket (used by shims for events).
    pub fn ttrpc_socket(&self) -> PathBuf {
        self.containerd_state().join("containerd.sock.ttrpc")
    }

    pub fn config_path(&self) -> PathBuf {
        self.data_root.join("containerd-config.toml")
    }

    pub fn log_path(&self) -> PathBuf {
        self.data_root.join("containerd.log")
    }

    pub fn pid_path(&self) -> PathBuf {
        self.state_dir.join("containerd.pid")
    }

    /// Serializes concurrent starts and stops.
    pub fn lock_path(&self) -> PathBuf {
        self.state_dir.join("containerd.lock")
    }

    /// The linnet snapshotter's root (`<data_root>/snapshotter`).
    pub fn snapshotter_root(&self) -> PathBuf {
        self.data_root.join("snapshotter")
    }

    /// The linnet snapshotter's gRPC socket, named in containerd's `[proxy_plugins.linnet]`.
    pub fn snapshotter_socket(&self) -> PathBuf {
        self.state_dir.join("snapshotter").join("snapshotter.sock")
    }

    pub fn snapshotter_pid_path(&self) -> PathBuf {
        self.state_dir.join("snapshotter.pid")
    }

    pub fn snapshotter_log_path(&self) -> PathBuf {
        self.data_root.join("snapshotter.log")
    }

    /// linnet's per-container files (`<data_root>/containers/<namespace>/<id>`).
    pub fn containers_dir(&self) -> PathBuf {
        self.data_root.join("containers")
    }

    /// Fails when a socket path would not fit in `sockaddr_un`.
    pub fn check_socket_paths(&self) -> Result<(), Error> {
        for socket in [
            self.containerd_socket(),
            self.ttrpc_socket(),
            self.snapshotter_socket(),
        ] {
            let len = socket.as_os_str().len();
            if len > MAX_SOCKET_PATH {
                return Err(Error::SocketPathTooLong { path: socket, len });
            }
        }
        Ok(())
    }
}

/// Relative data roots are taken against the current directory: containerd runs from `/`.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths() {
        let p = Paths::resolve(None, None);
        assert_eq!(p.data_root(), Path::new("/var/lib/linnet"));
        assert_eq!(p.state_dir(), Path::new("/run/linnet"));
        assert_eq!(
            p.containerd_socket(),
            Path::new("/run/linnet/containerd/containerd.sock")
        );
        assert_eq!(p.containerd_root(), Path::new("/var/lib/linnet/containerd"));
        assert_eq!(
            p.config_path(),
            Path::new("/var/lib/linnet/containerd-config.toml")
        );
        assert_eq!(p.pid_path(), Path::new("/run/linnet/containerd.pid"));
        assert_eq!(
            p.snapshotter_socket(),
            Path::new("/run/linnet/snapshotter/snapshotter.sock")
        );
        assert_eq!(
            p.snapshotter_root(),
            Path::new("/var/lib/linnet/snapshotter")
        );
        assert!(p.check_socket_paths().is_ok());
    }

    #[test]
    fn custom_data_root_gets_its_own_state_dir() {
        let p = Paths::resolve(Some("/tmp/x".into()), None);
        assert_eq!(p.state_dir(), Path::new("/tmp/x/run"));
        let p = Paths::resolve(Some("/var/lib/linnet".into()), None);
        assert_eq!(p.state_dir(), Path::new("/run/linnet"));
        let p = Paths::resolve(Some("/tmp/x".into()), Some("/run/y".into()));
        assert_eq!(p.state_dir(), Path::new("/run/y"));
    }

    #[test]
    fn long_socket_paths_are_rejected() {
        let long = format!("/tmp/{}", "a".repeat(100));
        let p = Paths::resolve(Some(long.into()), None);
        assert!(matches!(
            p.check_socket_paths(),
            Err(Error::SocketPathTooLong { .. })
        ));
    }
}
