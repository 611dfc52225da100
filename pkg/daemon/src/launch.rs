//! Starting a daemon, the same way for containerd and the snapshotter: spawn it detached, record
//! its pid, wait until it answers, and when it does not, leave nothing behind (no process, no pid
//! file) so that the next attempt starts clean.

use std::ffi::OsStr;
use std::future::Future;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use crate::{process, Error, POLL_INTERVAL};

/// What to start and how long it may take to answer.
pub(crate) struct Launch<'a> {
    /// For messages: "containerd", "snapshotter".
    pub name: &'a str,
    pub binary: &'a Path,
    pub args: &'a [&'a OsStr],
    pub envs: &'a [(&'a str, &'a str)],
    pub log: &'a Path,
    pub pid_path: &'a Path,
    pub timeout: Duration,
}

/// Why a launch failed; callers turn it into their own [`Error`] variant.
#[derive(Debug)]
pub(crate) enum LaunchError {
    /// Spawning or recording the pid failed.
    Failed(Error),
    /// The process exited before it answered.
    Exited { status: String, log_tail: String },
    /// It ran but did not answer in time; it has been killed.
    Timeout { pid: u32 },
}

impl From<Error> for LaunchError {
    fn from(err: Error) -> Self {
        LaunchError::Failed(err)
    }
}

/// Starts the daemon and waits until `ready` succeeds; returns its pid. `ready` is given the time
/// left and returns why the daemon is not ready yet.
pub(crate) async fn launch<F, Fut>(spec: &Launch<'_>, mut ready: F) -> Result<u32, LaunchError>
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let log_start = std::fs::metadata(spec.log).map(|m| m.len()).unwrap_or(0);
    let mut child = process::spawn_detached(spec.binary, spec.args, spec.envs, spec.log)?;
    let pid = child.id();
    if let Err(err) = crate::write_file(spec.pid_path, format!("{pid}\n").as_bytes()) {
        kill(&mut child, pid, spec.pid_path);
        return Err(err.into());
    }
    let waited = wait_ready(spec.name, pid, Some(&mut child), spec.timeout, &mut ready).await;
    if let Err(reason) = waited {
        if let Ok(Some(status)) = child.try_wait() {
            let _ = std::fs::remove_file(spec.pid_path);
            let log_tail = process::log_tail(spec.log, log_start).unwrap_or(reason);
            return Err(LaunchError::Exited {
                status: process::describe_exit(status),
                log_tail,
            });
        }
        kill(&mut child, pid, spec.pid_path);
        return Err(LaunchError::Timeout { pid });
    }
    // The daemon outlives this process: it runs in its own session and init reaps it.
    drop(child);
    Ok(pid)
}

/// Polls `ready` until it succeeds, the process dies (checked through `child` when we spawned
/// it) or `timeout` passes; the error is the last reason it was not ready.
pub(crate) async fn wait_ready<F, Fut>(
    name: &str,
    pid: u32,
    mut child: Option<&mut Child>,
    timeout: Duration,
    ready: &mut F,
) -> Result<(), String>
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let deadline = Instant::now() + timeout;
    let mut last = String::from("not answering");
    loop {
        let alive = match child.as_mut() {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => process::is_alive(pid),
        };
        if !alive {
            return Err(format!("{name} (pid {pid}) exited"));
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(last);
        }
        match ready(deadline - now).await {
            Ok(()) => return Ok(()),
            Err(reason) => last = reason,
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// Kills a half-started daemon and forgets its pid.
fn kill(child: &mut Child, pid: u32, pid_path: &Path) {
    let _ = process::signal(pid, nix::sys::signal::Signal::SIGKILL);
    let _ = child.wait();
    let _ = std::fs::remove_file(pid_path);
}
