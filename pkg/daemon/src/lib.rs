//! linnet-daemon: the managed containerd ("embedded default", as Finch ships one).
//!
//! Without `--address`, linnet runs its own containerd with its own root, state and socket, so
//! it never disturbs a system containerd. This crate writes that instance's config, starts it
//! fully detached, recovers from stale sockets and pid files of a dead instance, and stops it.
//! Concurrent linnet invocations serialize on a lock file so only one daemon is started.
//! linnet's own proxy snapshotter (`linnet snapshotter`, plugin name `linnet`) is supervised
//! alongside: started before containerd, stopped after it.

mod config;
pub mod info;
mod launch;
mod paths;
mod process;
mod recorder_wait;
mod snapshotter;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use config::{ContainerdConfig, ProxyPlugin, SNAPSHOTTER_PLUGIN};
pub use paths::{Paths, DEFAULT_DATA_ROOT, DEFAULT_STATE_DIR};
pub use snapshotter::SnapshotterStatus;

/// How long `start` waits for a freshly started containerd to answer.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a containerd restarted for the snapshotter's sake may take to exit.
const RESTART_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for an answer from a daemon that should already be serving.
pub(crate) const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Errors of the managed containerd.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("containerd not found: install it (apt-get install containerd runc)")]
    ContainerdNotFound,
    #[error("socket path {} is too long ({len} bytes, at most 107): use a shorter data root or set LINNET_STATE_DIR", path.display())]
    SocketPathTooLong { path: PathBuf, len: usize },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot run {}: {source}", binary.display())]
    Spawn {
        binary: PathBuf,
        source: std::io::Error,
    },
    #[error("containerd exited during startup ({status}): {log_tail} (log: {})", log.display())]
    Exited {
        status: String,
        log_tail: String,
        log: PathBuf,
    },
    #[error("containerd (pid {pid}) did not answer on {} within {} s (log: {})", socket.display(), timeout.as_secs(), log.display())]
    Timeout {
        pid: u32,
        socket: PathBuf,
        timeout: Duration,
        log: PathBuf,
    },
    #[error("containerd (pid {pid}) is running but does not answer on {}: {reason}", socket.display())]
    NotAnswering {
        pid: u32,
        socket: PathBuf,
        reason: String,
    },
    #[error("cannot stop containerd (pid {pid}): {reason}")]
    Stop { pid: u32, reason: String },
    #[error("linnet snapshotter exited during startup ({status}): {log_tail} (log: {})", log.display())]
    SnapshotterExited {
        status: String,
        log_tail: String,
        log: PathBuf,
    },
    #[error("linnet snapshotter (pid {pid}) did not answer on {} within {} s (log: {})", socket.display(), timeout.as_secs(), log.display())]
    SnapshotterTimeout {
        pid: u32,
        socket: PathBuf,
        timeout: Duration,
        log: PathBuf,
    },
    #[error("linnet snapshotter (pid {pid}) is running but does not answer on {}", socket.display())]
    SnapshotterNotAnswering { pid: u32, socket: PathBuf },
    #[error("cannot stop the linnet snapshotter (pid {pid}): {reason}")]
    SnapshotterStop { pid: u32, reason: String },
}

impl Error {
    fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// What `start` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartOutcome {
    AlreadyRunning {
        pid: u32,
    },
    Started {
        pid: u32,
    },
    /// Started after cleaning up after a dead instance; `what` says what was cleaned.
    Recovered {
        pid: u32,
        what: String,
    },
}

impl StartOutcome {
    pub fn pid(&self) -> u32 {
        match self {
            StartOutcome::AlreadyRunning { pid }
            | StartOutcome::Started { pid }
            | StartOutcome::Recovered { pid, .. } => *pid,
        }
    }
}

/// The managed containerd's state, for `linnet system status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub running: bool,
    pub pid: Option<u32>,
    pub socket: PathBuf,
    /// "version (revision)" when it answers.
    pub version: Option<String>,
    pub config_path: PathBuf,
    pub log_path: PathBuf,
    pub data_root: PathBuf,
    /// linnet's snapshotter, supervised with containerd.
    pub snapshotter: SnapshotterStatus,
}

/// Returns the socket of linnet's containerd, starting it (and linnet's snapshotter) first when
/// either does not answer.
pub async fn ensure_running(paths: &Paths) -> Result<PathBuf, Error> {
    let socket = paths.containerd_socket();
    if socket.exists()
        && snapshotter::answers(&paths.snapshotter_socket()).await
        && connect(&socket, PROBE_TIMEOUT).await.is_ok()
    {
        warn_if_outdated(paths);
        return Ok(socket);
    }
    start(paths).await?;
    Ok(socket)
}

/// The snapshotter is linnet itself: after an upgrade (or a rebuild) the running one is older
/// than the CLI. It is not restarted behind the user's back, since containers on lazy layers
/// would lose them; say so instead.
fn warn_if_outdated(paths: &Paths) {
    let Some(pid) = process::read_pid(&paths.snapshotter_pid_path()) else {
        return;
    };
    let Ok(running) = std::fs::read_link(format!("/proc/{pid}/exe")) else {
        return;
    };
    let current = std::env::current_exe().ok();
    let replaced = running.to_string_lossy().ends_with(" (deleted)");
    if replaced || current.as_deref().is_some_and(|c| c != running) {
        tracing::warn!(
            "linnet's snapshotter (pid {pid}) runs another linnet binary than this one; \
             run `linnet system stop` and `linnet system start` to update it"
        );
    }
}

/// Starts linnet's snapshotter and then containerd, each unless it is already running.
/// The outcome is containerd's; a recovered snapshotter is reported in `Recovered`.
pub async fn start(paths: &Paths) -> Result<StartOutcome, Error> {
    paths.check_socket_paths()?;
    create_dir(paths.data_root())?;
    create_dir(paths.state_dir())?;
    let _lock = process::lock(&paths.lock_path()).await?;

    // containerd connects to its proxy plugins lazily, but an image GC walks every snapshotter,
    // so ours must be up before containerd serves anything.
    let snapshotter_note = match snapshotter::ensure(paths).await? {
        snapshotter::Ensured::Running => None,
        snapshotter::Ensured::Started { recovered } => Some(recovered),
    };

    let socket = paths.containerd_socket();
    let mut recovered: Vec<String> = Vec::new();

    // A daemon that answers is the normal case: it may have been started by another linnet.
    if socket.exists() {
        if let Ok(pid) = probe(&socket, PROBE_TIMEOUT).await {
            if let Some(note) = &snapshotter_note {
                // The snapshotter died under a running containerd, whose gRPC client now backs
                // off reconnecting (up to minutes). A fresh containerd connects at once;
                // containers keep running, their shims do not depend on containerd.
                let pid = pid.or_else(|| {
                    process::read_pid(&paths.pid_path())
                        .filter(|p| process::is_our_containerd(*p, paths))
                });
                if let Some(pid) = pid {
                    terminate(pid, RESTART_TIMEOUT)
                        .await
                        .map_err(|reason| Error::Stop { pid, reason })?;
                    for path in [paths.pid_path(), socket.clone(), paths.ttrpc_socket()] {
                        remove_file(&path)?;
                    }
                    recovered.extend(note.clone());
                    recovered.push(format!(
                        "restarted the snapshotter and containerd (pid {pid}) after the snapshotter died"
                    ));
                    return finish_start(paths, recovered).await;
                }
            }
            let pid = pid
                .or_else(|| process::read_pid(&paths.pid_path()))
                .unwrap_or(0);
            return Ok(StartOutcome::AlreadyRunning { pid });
        }
    }
    let recorded = process::read_pid(&paths.pid_path());
    match recorded {
        Some(pid) if process::is_our_containerd(pid, paths) => {
            // Alive but silent: give it a little longer (it may be replaying its metadata).
            let waited =
                launch::wait_ready("containerd", pid, None, PROBE_TIMEOUT * 2, &mut |left| {
                    socket_answers(&socket, left)
                })
                .await;
            return match waited {
                Ok(()) => Ok(StartOutcome::AlreadyRunning { pid }),
                Err(reason) => Err(Error::NotAnswering {
                    pid,
                    socket,
                    reason,
                }),
            };
        }
        Some(pid) => {
            remove_file(&paths.pid_path())?;
            recovered.push(format!(
                "removed stale pid file of a dead containerd (pid {pid})"
            ));
        }
        None => {}
    }
    if socket.exists() {
        remove_file(&socket)?;
        let whose = match recorded {
            Some(pid) => format!("a dead containerd (pid {pid})"),
            None => "a dead containerd".to_string(),
        };
        recovered.retain(|r| !r.starts_with("removed stale pid file"));
        recovered.push(format!("removed stale socket left by {whose}"));
    }
    let _ = std::fs::remove_file(paths.ttrpc_socket());

    recovered.extend(snapshotter_note.flatten());
    finish_start(paths, recovered).await
}

/// Writes the config and starts containerd; the stale files of a dead one are gone already.
async fn finish_start(paths: &Paths, recovered: Vec<String>) -> Result<StartOutcome, Error> {
    let socket = paths.containerd_socket();
    let binary = process::containerd_binary()?;
    let config = ContainerdConfig::for_paths(paths);
    create_dir(&config.root)?;
    create_dir(&config.state)?;
    write_file(&paths.config_path(), config.render().as_bytes())?;

    let log = paths.log_path();
    let config_path = paths.config_path();
    let args = [std::ffi::OsStr::new("--config"), config_path.as_os_str()];
    let spec = launch::Launch {
        name: "containerd",
        binary: &binary,
        args: &args,
        envs: &[],
        log: &log,
        pid_path: &paths.pid_path(),
        timeout: START_TIMEOUT,
    };
    // File times are whole ticks; a marker written in the same tick as the launch counts.
    let now = std::time::SystemTime::now();
    let launched_at = now.checked_sub(Duration::from_millis(20)).unwrap_or(now);
    let pid = match launch::launch(&spec, |left| socket_answers(&socket, left)).await {
        Ok(pid) => pid,
        Err(launch::LaunchError::Failed(err)) => return Err(err),
        Err(launch::LaunchError::Exited { status, log_tail }) => {
            return Err(Error::Exited {
                status,
                log_tail,
                log,
            })
        }
        Err(launch::LaunchError::Timeout { pid }) => {
            return Err(Error::Timeout {
                pid,
                socket,
                timeout: START_TIMEOUT,
                log,
            })
        }
    };
    recorder_wait::wait_subscribed(paths.data_root(), launched_at).await;
    if recovered.is_empty() {
        Ok(StartOutcome::Started { pid })
    } else {
        Ok(StartOutcome::Recovered {
            pid,
            what: recovered.join("; "),
        })
    }
}

/// Stops linnet's containerd, then its snapshotter: SIGTERM, then SIGKILL after `timeout`.
/// Returns whether containerd ran. Running containers survive (their shims are independent of
/// containerd), but those on linnet snapshots keep only the mounts they already have.
pub async fn stop(paths: &Paths, timeout: Duration) -> Result<bool, Error> {
    create_dir(paths.state_dir())?;
    let _lock = process::lock(&paths.lock_path()).await?;
    let socket = paths.containerd_socket();
    let mut pid =
        process::read_pid(&paths.pid_path()).filter(|p| process::is_our_containerd(*p, paths));
    if pid.is_none() && socket.exists() {
        pid = probe(&socket, PROBE_TIMEOUT).await.ok().flatten();
    }
    let was_running = match pid {
        Some(pid) => {
            terminate(pid, timeout)
                .await
                .map_err(|reason| Error::Stop { pid, reason })?;
            true
        }
        None => false,
    };
    for path in [paths.pid_path(), socket, paths.ttrpc_socket()] {
        remove_file(&path)?;
    }
    // After containerd: it is the snapshotter's only client.
    snapshotter::stop(paths, timeout).await?;
    Ok(was_running)
}

/// Reports whether linnet's containerd answers, with its pid, version and files.
pub async fn status(paths: &Paths) -> Result<Status, Error> {
    let socket = paths.containerd_socket();
    let mut running = false;
    let mut version = None;
    let mut pid = None;
    if socket.exists() {
        if let Ok(client) = connect(&socket, PROBE_TIMEOUT).await {
            running = true;
            if let Ok((v, rev)) = client.version().await {
                version = Some(if rev.is_empty() || rev == v {
                    v
                } else {
                    format!("{v} ({rev})")
                });
            }
            pid = process::peer_pid(&socket).await;
        }
    }
    if pid.is_none() {
        pid =
            process::read_pid(&paths.pid_path()).filter(|p| process::is_our_containerd(*p, paths));
    }
    Ok(Status {
        running,
        pid,
        socket,
        version,
        config_path: paths.config_path(),
        log_path: paths.log_path(),
        data_root: paths.data_root().to_path_buf(),
        snapshotter: snapshotter::status(paths).await,
    })
}

async fn connect(socket: &Path, timeout: Duration) -> Result<linnet_containerd::Client, String> {
    match tokio::time::timeout(
        timeout,
        linnet_containerd::Client::connect(socket, "default"),
    )
    .await
    {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err(format!("no answer within {} s", timeout.as_secs())),
    }
}

/// Checks that the socket answers Version; returns the listening process's pid when known.
async fn probe(socket: &Path, timeout: Duration) -> Result<Option<u32>, String> {
    connect(socket, timeout).await?;
    Ok(process::peer_pid(socket).await)
}

/// Ready check of containerd: its socket exists and answers Version.
async fn socket_answers(socket: &Path, left: Duration) -> Result<(), String> {
    if !socket.exists() {
        return Err("socket not created".to_string());
    }
    connect(socket, left.min(Duration::from_secs(2)))
        .await
        .map(|_| ())
}

/// SIGTERM, SIGKILL after `timeout`; the error says why the process would not die.
pub(crate) async fn terminate(pid: u32, timeout: Duration) -> Result<(), String> {
    use nix::sys::signal::Signal;
    process::signal(pid, Signal::SIGTERM)?;
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if !process::is_alive(pid) {
            return Ok(());
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    process::signal(pid, Signal::SIGKILL)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if !process::is_alive(pid) {
            return Ok(());
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    Err("still alive after SIGKILL".to_string())
}

pub(crate) fn create_dir(path: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(path).map_err(|e| Error::io("create directory", path, e))
}

pub(crate) fn write_file(path: &Path, data: &[u8]) -> Result<(), Error> {
    std::fs::write(path, data).map_err(|e| Error::io("write", path, e))
}

pub(crate) fn remove_file(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", path, e)),
    }
}
