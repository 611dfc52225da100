//! Exit monitoring and supervision: the exit code `run` reports, and the detached
//! `linnet _monitor ID` process that follows a container no linnet command stays attached to.
//!
//! The monitor is spawned for every container started in the background (and for one whose
//! attached session detaches, or that has a restart policy or health check): at the exit it
//! records the exit code, finish time and OOM kill in the container's labels and deletes the
//! task, so that the shim and the log driver end instead of staying until `rm` (`ps`, `inspect`,
//! `wait` read the recorded exit); it removes an auto-remove container, releases a network of its
//! own, restarts by policy and probes health while it runs. It costs about 3 MB of private memory
//! while its container runs and is gone with the exit.
//!
//! Restart policies are linnet's own supervisor, not containerd 1.6's restart plugin: that
//! plugin polls every 10 s, knows only "keep it running", counts nothing and has no backoff, so
//! `on-failure[:N]`, `unless-stopped`, `RestartCount` and Docker's delays (100 ms doubling to a
//! minute, reset after 10 s of running) could not be had from it. The monitor waits for the
//! task, applies [`crate::restart::RestartPolicy`], shows `Restarting` during the delay, starts
//! the task again (network re-attached, log driver IO; no TTY or stdin, as containerd's plugin),
//! and loops. A manual `stop`/`kill` is recorded under a lock before the signal, so the monitor
//! never restarts a container the user stopped. One monitor per container (a lock file); it
//! exits when containerd goes away, and `linnet system start` ([`resume`]) supervises running
//! containers again and starts the ones Docker starts with its daemon (`always`, and
//! `unless-stopped`/`on-failure` ones that were not stopped by hand).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use linnet_containerd::{Client, Container, TaskStatus};

use crate::attach::{log_path_of, log_uri};
use crate::lifecycle_flags::{self, Lifecycle};
use crate::ops::{self, TaskIo};
use crate::record::Record;
use crate::restart::Backoff;
use crate::{labels, network, Error, Scope};

/// Docker reports exit statuses modulo 256.
pub fn exit_code(status: u32) -> u8 {
    (status % 256) as u8
}

/// Starts `linnet <relaunch args> _monitor ID` for a container whose task runs already.
pub fn spawn(scope: &Scope, id: &str) -> Result<(), Error> {
    spawn_with(scope, id, None)
}

/// Starts the monitor for a container that an attached `run`/`start -a` is about to start:
/// it waits for the start after the one recorded as `previous_start`, and leaves the removal of
/// an auto-remove container to the attached command.
pub fn spawn_before_start(scope: &Scope, id: &str, previous_start: &str) -> Result<(), Error> {
    spawn_with(scope, id, Some(previous_start))
}

fn spawn_with(scope: &Scope, id: &str, after: Option<&str>) -> Result<(), Error> {
    let exe = std::env::current_exe().map_err(Error::CurrentExe)?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(&scope.relaunch_args).arg("_monitor");
    if let Some(previous) = after {
        // `=` keeps an empty value a value.
        cmd.arg(format!("--after-start={previous}"));
    }
    cmd.arg(id);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe; it detaches the monitor from our session and terminal.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            nix::unistd::setsid().map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    cmd.spawn().map_err(Error::SpawnMonitor)?;
    Ok(())
}

/// containerd stopped under us (`system stop`): nothing more to follow.
fn containerd_gone(e: &Error) -> bool {
    matches!(e, Error::Containerd(c) if c.is_unavailable())
}

/// The monitor's work. `after_start`: see [`spawn_before_start`]; `daemon_lock`: the managed
/// containerd's lock file (see [`lifecycle_flags::lock_daemon_shared`]).
pub async fn watch(
    client: &Client,
    scope: &Scope,
    id: &str,
    after_start: Option<String>,
    daemon_lock: Option<&Path>,
) -> Result<(), Error> {
    match supervise(client, scope, id, after_start, daemon_lock).await {
        Err(e) if containerd_gone(&e) => Ok(()),
        other => other,
    }
}

async fn supervise(
    client: &Client,
    scope: &Scope,
    id: &str,
    after_start: Option<String>,
    daemon_lock: Option<&Path>,
) -> Result<(), Error> {
    let dir = scope.container_dir(id);
    // One monitor per container: a newer one (after a manual start) waits for the old to leave.
    let _monitor_lock = lifecycle_flags::lock(&dir, "monitor.lock").await;
    let attached = after_start.is_some();
    if let Some(previous) = after_start {
        if !await_start(client, id, &previous).await? {
            return Ok(());
        }
    }
    let mut backoff = Backoff::default();
    let mut first_run = true;
    loop {
        let Some(c) = client.container_get(id).await? else {
            return Ok(());
        };
        follow_run(client, scope, &c).await?;
        if Lifecycle::of(&c).active_healthcheck().is_some() {
            if let Err(e) = crate::health::mark_exited(&dir) {
                tracing::debug!("health state of {id}: {e}");
            }
        }
        let owner_cleans_up = attached && first_run;
        first_run = false;
        let Some(c) = client.container_get(id).await? else {
            return Ok(());
        };
        if Record::decode(&c.labels).auto_remove {
            if !owner_cleans_up {
                crate::lifecycle::remove(client, scope, &c, true).await?;
            }
            return Ok(());
        }
        let task = client.task_get(id).await?;
        // A `start` ran the container again since it exited: its own monitor follows it.
        if task
            .as_ref()
            .is_some_and(|t| t.status != TaskStatus::Stopped)
        {
            return Ok(());
        }
        let life = Lifecycle::of(&c);
        let state = ops::state_of(&c, task.as_ref());
        if !life
            .restart
            .should_restart(state.exit_code, life.manually_stopped, life.restart_count)
        {
            reap(client, id).await?;
            crate::events::objects::container_ended(client, scope, &c).await;
            network::detach(scope, &c)?;
            return Ok(());
        }
        // Marked before the stopped task goes, so that nobody sees it plainly exited.
        let count = life.restart_count.saturating_add(1);
        lifecycle_flags::set_restarting(client, id, true, Some(count)).await?;
        reap(client, id).await?;
        crate::events::objects::container_ended(client, scope, &c).await;
        network::detach(scope, &c)?;
        let ran_for = match (state.started_at, state.finished_at) {
            (Some(s), Some(f)) => (f - s).to_std().unwrap_or_default(),
            _ => Duration::ZERO,
        };
        tokio::time::sleep(backoff.next(ran_for)).await;
        let _daemon_lock = match daemon_lock {
            Some(path) => lifecycle_flags::lock_daemon_shared(path).await,
            None => None,
        };
        // Under the state lock, so that a `stop` either lands before (seen here) or after (it
        // stops the new task).
        let _state_lock = lifecycle_flags::lock(&dir, lifecycle_flags::STATE_LOCK).await;
        let Some(c) = client.container_get(id).await? else {
            return Ok(());
        };
        if Lifecycle::of(&c).manually_stopped || task_active(client, id).await? {
            lifecycle_flags::set_restarting(client, id, false, None).await?;
            return Ok(());
        }
        let started = restart_task(client, scope, &c).await;
        lifecycle_flags::set_restarting(client, id, false, None).await?;
        started?;
    }
}

/// Waits until the container's start-time label moves past `previous` (the attached command
/// started it); false when that does not happen within a minute or the container is removed.
async fn await_start(client: &Client, id: &str, previous: &str) -> Result<bool, Error> {
    for _ in 0..600 {
        let Some(c) = client.container_get(id).await? else {
            return Ok(false);
        };
        if c.labels
            .get(labels::STARTED_AT)
            .map(String::as_str)
            .unwrap_or("")
            != previous
        {
            return Ok(true);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(false)
}

async fn task_active(client: &Client, id: &str) -> Result<bool, Error> {
    Ok(client
        .task_get(id)
        .await?
        .is_some_and(|t| t.status != TaskStatus::Stopped))
}

/// Waits for the current run to end, probing its health meanwhile; the stopped task stays for
/// the caller to reap. The task may already be gone (reaped by `stop` or an attached command,
/// which recorded the exit).
async fn follow_run(client: &Client, scope: &Scope, c: &Container) -> Result<(), Error> {
    if !task_active(client, &c.id).await? {
        return Ok(());
    }
    let life = Lifecycle::of(c);
    let waited = match life.active_healthcheck() {
        Some(check) => {
            tokio::select! {
                r = client.task_wait(&c.id, None) => r,
                _ = crate::probe::run(client, scope, c, check, &life.shell) => {
                    client.task_wait(&c.id, None).await
                }
            }
        }
        None => client.task_wait(&c.id, None).await,
    };
    match waited.map_err(Error::from) {
        Ok(_) => Ok(()),
        Err(e) if containerd_gone(&e) => Err(e),
        // Another reaper won the race: it recorded the exit.
        Err(e) => {
            tracing::debug!("wait for {}: {e}", c.id);
            Ok(())
        }
    }
}

/// Records the exit of a stopped task and deletes it (which flushes the log driver); another
/// reaper may have done it already.
async fn reap(client: &Client, id: &str) -> Result<(), Error> {
    match ops::reap_task(client, id).await {
        Err(e) if containerd_gone(&e) => Err(e),
        Err(e) => {
            tracing::debug!("reap {id}: {e}");
            Ok(())
        }
        Ok(_) => Ok(()),
    }
}

/// Starts the task again the way a detached start does (network, log driver), without a new
/// monitor: this one goes on following it.
async fn restart_task(client: &Client, scope: &Scope, c: &Container) -> Result<(), Error> {
    let record = Record::decode(&c.labels);
    let log_path = log_path_of(&scope.container_dir(&c.id), c);
    crate::events::objects::container_starting(client, scope, c).await;
    network::attach(scope, c)?;
    let started = match log_uri(&log_path) {
        Ok(uri) => ops::start_task(client, c, &TaskIo::log_uri(&uri, record.tty))
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    if started.is_err() {
        if let Err(e) = network::detach(scope, c) {
            tracing::warn!("cannot release the network of {}: {e}", c.id);
        }
    }
    started
}

/// `system start`: follows the running containers of this namespace again (their monitors ended
/// with containerd) and starts the stopped ones Docker starts with its daemon.
/// Returns the IDs started; failures are logged per container.
pub async fn resume(client: &Client, scope: &Scope) -> Result<Vec<String>, Error> {
    let mut started = Vec::new();
    for c in client.container_list(&[]).await? {
        let task = client.task_get(&c.id).await?;
        if task
            .as_ref()
            .is_some_and(|t| t.status != TaskStatus::Stopped)
        {
            spawn(scope, &c.id)?;
            continue;
        }
        let life = Lifecycle::of(&c);
        if !life.supervised() {
            // Exited while nobody followed it: record the exit and let its shim go.
            if task.is_some() {
                reap(client, &c.id).await?;
            }
            continue;
        }
        let state = ops::state_of(&c, None);
        let never_started = state.started_at.is_none();
        if never_started
            || !life.restart.restarts_on_boot(
                state.exit_code,
                life.manually_stopped,
                life.restart_count,
            )
        {
            continue;
        }
        if let Err(e) = resume_one(client, scope, &c).await {
            tracing::warn!("cannot restart container {}: {e}", c.id);
            continue;
        }
        started.push(c.id.clone());
    }
    Ok(started)
}

async fn resume_one(client: &Client, scope: &Scope, c: &Container) -> Result<(), Error> {
    ops::reap_task(client, &c.id).await?;
    // Docker's daemon start forgets a manual stop of an `always` container.
    lifecycle_flags::mark_started(client, c).await?;
    restart_task(client, scope, c).await?;
    spawn(scope, &c.id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn exit_codes_wrap_like_docker() {
        assert_eq!(super::exit_code(0), 0);
        assert_eq!(super::exit_code(137), 137);
        assert_eq!(super::exit_code(256 + 3), 3);
    }
}
