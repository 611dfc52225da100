//! Supervision of linnet's snapshotter (`linnet snapshotter`), the proxy snapshotter declared in
//! the managed containerd's config. It is started before containerd and stopped after it, with
//! a pid file and a log file like containerd's, and the same stale socket/pid recovery.

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use crate::launch::{self, Launch, LaunchError};
use crate::{process, Error, Paths, PROBE_TIMEOUT};

/// How long a freshly started snapshotter may take to listen (it only opens its metadata).
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// The snapshotter's state, for `linnet system status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotterStatus {
    pub running: bool,
    pub pid: Option<u32>,
    pub socket: std::path::PathBuf,
    pub root: std::path::PathBuf,
    pub log_path: std::path::PathBuf,
}

/// What `ensure` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ensured {
    /// It was serving already (or came up on its own, started by another linnet).
    Running,
    /// This call started it; `recovered` says what was cleaned up after a dead instance.
    Started { recovered: Option<String> },
}

/// Whether something accepts connections on `socket`.
pub(crate) async fn answers(socket: &Path) -> bool {
    socket.exists()
        && matches!(
            tokio::time::timeout(PROBE_TIMEOUT, tokio::net::UnixStream::connect(socket)).await,
            Ok(Ok(_))
        )
}

/// Starts the snapshotter unless it answers. Call with the start lock held.
pub(crate) async fn ensure(paths: &Paths) -> Result<Ensured, Error> {
    let socket = paths.snapshotter_socket();
    if answers(&socket).await {
        return Ok(Ensured::Running);
    }
    let pid_path = paths.snapshotter_pid_path();
    let mut recovered = None;
    match process::read_pid(&pid_path) {
        Some(pid) if process::is_our_snapshotter(pid, paths) => {
            // Alive but not listening yet (another linnet may have just started it).
            let waited =
                launch::wait_ready("snapshotter", pid, None, PROBE_TIMEOUT * 2, &mut |_| {
                    ready(&socket)
                })
                .await;
            return match waited {
                Ok(()) => Ok(Ensured::Running),
                Err(_) => Err(Error::SnapshotterNotAnswering { pid, socket }),
            };
        }
        Some(pid) => {
            crate::remove_file(&pid_path)?;
            recovered = Some(format!(
                "removed stale pid file of a dead snapshotter (pid {pid})"
            ));
        }
        None => {}
    }
    if socket.exists() {
        crate::remove_file(&socket)?;
        recovered = Some("removed stale socket left by a dead snapshotter".to_string());
    }
    if let Some(dir) = socket.parent() {
        crate::create_dir(dir)?;
    }

    let binary = process::linnet_binary()?;
    let root = paths.snapshotter_root();
    // Its content store holds the SOCI indexes and ztocs of lazily pulled images.
    let containerd = paths.containerd_socket();
    let args: [&OsStr; 9] = [
        OsStr::new("--data-root"),
        paths.data_root().as_os_str(),
        OsStr::new("snapshotter"),
        OsStr::new("--root"),
        root.as_os_str(),
        OsStr::new("--address"),
        socket.as_os_str(),
        OsStr::new("--containerd-address"),
        containerd.as_os_str(),
    ];
    let log = paths.snapshotter_log_path();
    // The snapshotter logs its lifecycle and failures; linnet's default level is warn.
    let envs = [("LINNET_LOG", "info"), ("NO_COLOR", "1")];
    let spec = Launch {
        name: "snapshotter",
        binary: &binary,
        args: &args,
        envs: &envs,
        log: &log,
        pid_path: &pid_path,
        timeout: START_TIMEOUT,
    };
    match launch::launch(&spec, |_| ready(&socket)).await {
        Ok(_) => {}
        Err(LaunchError::Failed(Error::ContainerdNotFound)) => {
            return Err(Error::Spawn {
                binary,
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })
        }
        Err(LaunchError::Failed(err)) => return Err(err),
        Err(LaunchError::Exited { status, log_tail }) => {
            return Err(Error::SnapshotterExited {
                status,
                log_tail,
                log,
            })
        }
        Err(LaunchError::Timeout { pid }) => {
            return Err(Error::SnapshotterTimeout {
                pid,
                socket,
                timeout: START_TIMEOUT,
                log,
            })
        }
    }
    Ok(Ensured::Started { recovered })
}

/// Stops the snapshotter (SIGTERM, SIGKILL after `timeout`); returns whether it ran.
pub(crate) async fn stop(paths: &Paths, timeout: Duration) -> Result<bool, Error> {
    let socket = paths.snapshotter_socket();
    let pid_path = paths.snapshotter_pid_path();
    let mut pid = process::read_pid(&pid_path).filter(|p| process::is_our_snapshotter(*p, paths));
    if pid.is_none() && answers(&socket).await {
        pid = process::peer_pid(&socket)
            .await
            .filter(|p| process::is_our_snapshotter(*p, paths));
    }
    let was_running = match pid {
        Some(pid) => {
            crate::terminate(pid, timeout)
                .await
                .map_err(|reason| Error::SnapshotterStop { pid, reason })?;
            true
        }
        None => false,
    };
    crate::remove_file(&pid_path)?;
    crate::remove_file(&socket)?;
    Ok(was_running)
}

pub(crate) async fn status(paths: &Paths) -> SnapshotterStatus {
    let socket = paths.snapshotter_socket();
    let running = answers(&socket).await;
    let mut pid = None;
    if running {
        pid = process::peer_pid(&socket).await;
    }
    if pid.is_none() {
        pid = process::read_pid(&paths.snapshotter_pid_path())
            .filter(|p| process::is_our_snapshotter(*p, paths));
    }
    SnapshotterStatus {
        running,
        pid,
        socket,
        root: paths.snapshotter_root(),
        log_path: paths.snapshotter_log_path(),
    }
}

/// Ready check of the snapshotter: its socket accepts connections.
async fn ready(socket: &Path) -> Result<(), String> {
    if answers(socket).await {
        Ok(())
    } else {
        Err("socket not answering".to_string())
    }
}
