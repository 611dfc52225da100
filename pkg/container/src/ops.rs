//! Container operations over containerd that several commands share: finding containers by name
//! or ID prefix, their Docker-style state, starting a task on the container's snapshot, recording
//! exits in labels (tasks vanish when containerd restarts), stopping and removing.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use linnet_containerd::{Client, Container, ExitInfo, TaskCreate, TaskInfo, TaskStatus};

use crate::meta::{self, labels};
use crate::Error;

/// The runtime every linnet container uses.
pub const RUNTIME: &str = "io.containerd.runc.v2";

/// Docker's container states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Created,
    Running,
    Paused,
    Exited,
    /// Exited, and the monitor restarts it after its backoff delay.
    Restarting,
    Unknown,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Exited => "exited",
            Status::Restarting => "restarting",
            Status::Unknown => "unknown",
        }
    }
}

/// A container's state, from its task when there is one and from linnet's labels otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub pid: u32,
    pub exit_code: i64,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

fn label<'a>(c: &'a Container, key: &str) -> Option<&'a str> {
    c.labels
        .get(key)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

fn label_time(c: &Container, key: &str) -> Option<DateTime<Utc>> {
    label(c, key)
        .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// RFC 3339 with nanoseconds, as Docker prints times.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

/// The container's name (without Docker's leading slash), if linnet named it.
pub fn name_of(c: &Container) -> Option<&str> {
    label(c, labels::NAME)
}

/// Computes the state of `c` given its task (if any).
pub fn state_of(c: &Container, task: Option<&TaskInfo>) -> State {
    let mut state = task_state_of(c, task);
    // (Created: the monitor's new task exists but has not started yet.)
    if matches!(state.status, Status::Exited | Status::Created)
        && label(c, crate::lifecycle_flags::labels::RESTARTING) == Some("true")
    {
        state.status = Status::Restarting;
    }
    state
}

fn task_state_of(c: &Container, task: Option<&TaskInfo>) -> State {
    let started_at = label_time(c, labels::STARTED_AT);
    let recorded_exit = label(c, labels::EXIT_CODE).and_then(|v| v.parse::<i64>().ok());
    let recorded_finish = label_time(c, labels::FINISHED_AT);
    match task {
        Some(t) => {
            let (status, pid) = match t.status {
                TaskStatus::Running | TaskStatus::Pausing => (Status::Running, t.pid),
                TaskStatus::Paused => (Status::Paused, t.pid),
                TaskStatus::Created => (Status::Created, t.pid),
                TaskStatus::Stopped => (Status::Exited, 0),
                TaskStatus::Unknown => (Status::Unknown, t.pid),
            };
            let (exit_code, finished_at) = if status == Status::Exited {
                (i64::from(t.exit_status), t.exited_at.or(recorded_finish))
            } else {
                (0, None)
            };
            State {
                status,
                pid,
                exit_code,
                started_at,
                finished_at,
            }
        }
        None => match recorded_exit {
            Some(code) => State {
                status: Status::Exited,
                pid: 0,
                exit_code: code,
                started_at,
                finished_at: recorded_finish,
            },
            None => State {
                status: if started_at.is_some() {
                    // Started, but the task is gone without a recorded exit (containerd restarted).
                    Status::Exited
                } else {
                    Status::Created
                },
                pid: 0,
                exit_code: if started_at.is_some() { 255 } else { 0 },
                started_at,
                finished_at: None,
            },
        },
    }
}

/// Finds one container by full ID, name or unique ID prefix.
pub async fn resolve(client: &Client, reference: &str) -> Result<Container, Error> {
    // The common case (full ID) is one cheap RPC.
    if reference.len() == 64 {
        if let Some(c) = client.container_get(reference).await? {
            return Ok(c);
        }
    }
    let all = client.container_list(&[]).await?;
    let candidates: Vec<meta::Candidate> = all
        .iter()
        .map(|c| meta::Candidate {
            id: c.id.as_str(),
            name: name_of(c),
        })
        .collect();
    let id = meta::resolve(reference, &candidates)?.to_string();
    all.into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::NoSuchContainer(reference.to_string()))
}

/// Whether a container with this name exists in the namespace.
pub async fn name_in_use(client: &Client, name: &str) -> Result<Option<String>, Error> {
    let all = client.container_list(&[]).await?;
    Ok(all
        .into_iter()
        .find(|c| name_of(c) == Some(name))
        .map(|c| c.id))
}

/// The IO of a task: FIFO paths, or a `binary://` log URI for stdout and stderr.
#[derive(Debug, Clone, Default)]
pub struct TaskIo {
    pub stdin: String,
    pub stdout: String,
    pub stderr: String,
    pub terminal: bool,
}

impl TaskIo {
    /// Both streams to the binary log driver.
    pub fn log_uri(uri: &str, terminal: bool) -> TaskIo {
        TaskIo {
            stdin: String::new(),
            stdout: uri.to_string(),
            stderr: uri.to_string(),
            terminal,
        }
    }
}

/// Turns runc's "cannot exec" failures into Docker's 126/127 errors.
pub fn classify_start_error(err: linnet_containerd::Error) -> Error {
    let message = err.to_string();
    if message.contains("executable file not found")
        || message.contains("no such file or directory")
    {
        Error::CommandNotFound(message)
    } else if message.contains("permission denied") || message.contains("is a directory") {
        Error::CommandNotInvokable(message)
    } else {
        Error::Containerd(err)
    }
}

fn now() -> String {
    format_time(Utc::now())
}

/// Creates and starts the container's task. A stopped task left from an earlier run is deleted
/// first. Returns the pid.
pub async fn start_task(client: &Client, c: &Container, io: &TaskIo) -> Result<u32, Error> {
    if let Some(task) = client.task_get(&c.id).await? {
        match task.status {
            TaskStatus::Stopped | TaskStatus::Unknown => {
                delete_stopped_task(client, &c.id).await?;
            }
            _ => return Err(Error::AlreadyRunning(c.id.clone())),
        }
    }
    let rootfs = client
        .snapshot_mounts(&c.snapshotter, &c.snapshot_key)
        .await?;
    client
        .task_create(TaskCreate {
            container_id: c.id.clone(),
            rootfs,
            stdin: io.stdin.clone(),
            stdout: io.stdout.clone(),
            stderr: io.stderr.clone(),
            terminal: io.terminal,
        })
        .await
        .map_err(classify_start_error)?;
    // The network's CNI half ran during the create; the process starts only with it done.
    if let Err(e) = crate::netoverlap::finish_attach(&c.id).await {
        let _ = client.task_delete(&c.id).await;
        return Err(e);
    }
    let pid = match client.task_start(&c.id, None).await {
        Ok(pid) => pid,
        Err(err) => {
            let _ = client.task_delete(&c.id).await;
            return Err(classify_start_error(err));
        }
    };
    let mut update = HashMap::new();
    update.insert(labels::STARTED_AT.to_string(), now());
    update.insert(labels::EXIT_CODE.to_string(), String::new());
    update.insert(labels::FINISHED_AT.to_string(), String::new());
    update.insert(
        crate::resources::OOM_KILLED_LABEL.to_string(),
        String::new(),
    );
    client.container_update_labels(&c.id, &update).await?;
    Ok(pid)
}

/// Records an observed exit in the container's labels.
pub async fn record_exit(client: &Client, id: &str, exit: &ExitInfo) -> Result<(), Error> {
    let mut update = HashMap::new();
    update.insert(labels::EXIT_CODE.to_string(), exit.exit_status.to_string());
    // The task is stopped but not deleted yet: its cgroup still holds the OOM-kill count.
    if crate::resources::oom_killed(client.namespace(), id) {
        update.insert(
            crate::resources::OOM_KILLED_LABEL.to_string(),
            "true".to_string(),
        );
    }
    update.insert(
        labels::FINISHED_AT.to_string(),
        format_time(exit.exited_at.unwrap_or_else(Utc::now)),
    );
    client.container_update_labels(id, &update).await?;
    Ok(())
}

/// Deletes a stopped task, tolerating a concurrent deleter (the exit monitor, `stop`, `rm`):
/// the loser of that race sees NotFound or, while the shim shuts down, a closed ttrpc
/// connection. Either is success once the task is gone.
pub async fn delete_stopped_task(client: &Client, id: &str) -> Result<(), Error> {
    let mut attempt = 0;
    loop {
        match client.task_delete(id).await {
            Ok(_) => return Ok(()),
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => match reaped_or(client, id, e.into()).await {
                Ok(()) => return Ok(()),
                Err(_) if attempt < 3 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                }
                Err(e) => return Err(e),
            },
        }
    }
}

/// Waits for the task's exit; `None` when another linnet (the exit monitor, `stop`, `rm`) reaped
/// it meanwhile: its shim goes away under the wait ('ttrpc: closed'), and the reaper recorded the
/// exit before deleting the task.
async fn wait_unless_reaped(client: &Client, id: &str) -> Result<Option<ExitInfo>, Error> {
    match client.task_wait(id, None).await {
        Ok(exit) => Ok(Some(exit)),
        Err(e) => reaped_or(client, id, e.into()).await.map(|()| None),
    }
}

/// `Ok` when the task is gone (someone else reaped it), else `err`.
async fn reaped_or(client: &Client, id: &str, err: Error) -> Result<(), Error> {
    match client.task_get(id).await {
        Ok(None) => Ok(()),
        _ => Err(err),
    }
}

/// Deletes a stopped task after recording its exit; returns the exit if there was a task.
pub async fn reap_task(client: &Client, id: &str) -> Result<Option<ExitInfo>, Error> {
    let Some(task) = client.task_get(id).await? else {
        return Ok(None);
    };
    if task.status != TaskStatus::Stopped {
        return Ok(None);
    }
    let exit = ExitInfo {
        exit_status: task.exit_status,
        exited_at: task.exited_at,
    };
    record_exit(client, id, &exit).await?;
    delete_stopped_task(client, id).await?;
    Ok(Some(exit))
}

/// Waits for the task to exit, records the exit and deletes the task (which also flushes and
/// ends the log driver). Returns the exit code.
pub async fn wait_and_reap(client: &Client, id: &str) -> Result<u32, Error> {
    let Some(exit) = wait_unless_reaped(client, id).await? else {
        // Report the exit the reaper recorded.
        return match client.container_get(id).await? {
            Some(c) => Ok(state_of(&c, None).exit_code as u32),
            None => Err(Error::NoSuchContainer(id.to_string())),
        };
    };
    // A network released at exit goes now, side by side with the task's deletion.
    crate::netoverlap::exited(id);
    record_exit(client, id, &exit).await?;
    delete_stopped_task(client, id).await?;
    Ok(exit.exit_status)
}

/// Stops a running container: `signal`, then SIGKILL after `timeout` (none: wait forever).
/// Returns false when it was not running.
pub async fn stop(
    client: &Client,
    id: &str,
    signal: i32,
    timeout: Option<Duration>,
) -> Result<bool, Error> {
    let Some(task) = client.task_get(id).await? else {
        return Ok(false);
    };
    if !matches!(
        task.status,
        TaskStatus::Running | TaskStatus::Paused | TaskStatus::Pausing | TaskStatus::Created
    ) {
        return Ok(false);
    }
    // Start waiting before signalling so that the exit cannot be missed.
    let waiter = {
        let client = client.clone();
        let id = id.to_string();
        tokio::spawn(async move { client.task_wait(&id, None).await })
    };
    send_signal(client, id, signal).await?;
    // A paused container gets the signal once thawed (Docker's stop does the same).
    crate::pause::resume_if_paused(client, id).await?;
    let exited = match timeout {
        Some(t) => tokio::time::timeout(t, waiter).await.ok(),
        None => Some(waiter.await),
    };
    let exit = match exited {
        Some(Ok(Ok(exit))) => exit,
        _ => {
            let killed = match send_signal(client, id, libc::SIGKILL).await {
                Ok(()) => wait_unless_reaped(client, id).await?,
                Err(e) => reaped_or(client, id, e).await.map(|()| None)?,
            };
            match killed {
                Some(exit) => exit,
                // The detached exit monitor reaped the task meanwhile and recorded the exit.
                None => return Ok(true),
            }
        }
    };
    record_exit(client, id, &exit).await?;
    delete_stopped_task(client, id).await?;
    Ok(true)
}

/// Sends a signal to the container's processes (the init process; all of them for SIGKILL).
pub async fn send_signal(client: &Client, id: &str, signal: i32) -> Result<(), Error> {
    let all = signal == libc::SIGKILL;
    // Published first, so that the event precedes the `die` it may cause (Docker's order).
    crate::events::translate::publish_action(client, "kill", id, Some(signal)).await;
    match client.task_kill(id, None, signal as u32, all).await {
        Ok(()) => Ok(()),
        // Already gone: nothing to signal.
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Removes a container: its task (killed first when `force`), record, snapshot and directory.
pub async fn remove(
    client: &Client,
    c: &Container,
    container_dir: &Path,
    force: bool,
) -> Result<(), Error> {
    if let Some(task) = client.task_get(&c.id).await? {
        if task.status != TaskStatus::Stopped {
            if !force && task.status == TaskStatus::Paused {
                return Err(Error::RemovePaused(c.id.clone()));
            }
            if !force {
                return Err(Error::RemoveRunning(c.id.clone()));
            }
            // Docker's `kill` event of `rm -f` (signal 9), before the `die`.
            if task.status == TaskStatus::Running || task.status == TaskStatus::Paused {
                crate::events::translate::publish_action(
                    client,
                    "kill",
                    &c.id,
                    Some(libc::SIGKILL),
                )
                .await;
            }
            let _ = client
                .task_kill(&c.id, None, libc::SIGKILL as u32, true)
                .await;
            let _ =
                tokio::time::timeout(Duration::from_secs(10), client.task_wait(&c.id, None)).await;
        }
        delete_stopped_task(client, &c.id).await?;
    }
    match client.container_delete(&c.id).await {
        Ok(()) => {}
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e.into()),
    }
    if !c.snapshot_key.is_empty() {
        match client
            .snapshot_remove(&c.snapshotter, &c.snapshot_key)
            .await
        {
            Ok(()) => {}
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e.into()),
        }
    }
    match std::fs::remove_dir_all(container_dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove container directory", container_dir, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(labels: &[(&str, &str)]) -> Container {
        Container {
            id: "c".into(),
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn states() {
        let c = container(&[]);
        assert_eq!(state_of(&c, None).status, Status::Created);
        let c = container(&[
            (labels::STARTED_AT, "2024-01-01T00:00:00Z"),
            (labels::EXIT_CODE, "3"),
            (labels::FINISHED_AT, "2024-01-01T00:00:05Z"),
        ]);
        let s = state_of(&c, None);
        assert_eq!((s.status, s.exit_code), (Status::Exited, 3));
        assert!(s.finished_at.is_some());
        let task = TaskInfo {
            id: "c".into(),
            pid: 42,
            status: TaskStatus::Running,
            exit_status: 0,
            exited_at: None,
        };
        let s = state_of(&c, Some(&task));
        assert_eq!((s.status, s.pid), (Status::Running, 42));
        let stopped = TaskInfo {
            status: TaskStatus::Stopped,
            exit_status: 7,
            ..task
        };
        let s = state_of(&c, Some(&stopped));
        assert_eq!((s.status, s.exit_code), (Status::Exited, 7));
        let cleared = container(&[(labels::EXIT_CODE, "")]);
        assert_eq!(state_of(&cleared, None).status, Status::Created);
    }

    #[test]
    fn start_errors_map_to_docker_codes() {
        let e = linnet_containerd::Error::FailedPrecondition(
            "create task: exec: \"nope\": executable file not found in $PATH".into(),
        );
        assert!(matches!(classify_start_error(e), Error::CommandNotFound(_)));
        let e = linnet_containerd::Error::FailedPrecondition(
            "create task: exec: \"/etc\": permission denied".into(),
        );
        assert!(matches!(
            classify_start_error(e),
            Error::CommandNotInvokable(_)
        ));
    }
}
