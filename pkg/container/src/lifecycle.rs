//! Starting and removing containers: the steps every front end shares after [`crate::create`].
//!
//! Networking belongs here: a container on a user network is attached (`linnet-network`'s
//! `NetworkManager::attach`, which makes its netns) before its task starts, and detached when
//! its task is gone for good (stop, exit seen by the monitor, rm). The marked places below are
//! where those calls go; host and none modes need neither.

use linnet_containerd::{Client, Container, TaskStatus};

use crate::attach::{attach_fifos, attach_logs, log_path_of, log_uri};
use crate::ops::{self, TaskIo};
use crate::record::Record;
use crate::{monitor, Error, Scope};

/// How `run`/`start` follow a container they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Start it in the background (spawning the monitor for auto-remove containers).
    Detached,
    /// Follow its log until it exits.
    Logs,
    /// Attach FIFOs to this terminal.
    Fifos { interactive: bool, tty: bool },
}

/// Starts a container's task the way `mode` says. Returns the exit code when attached, 0 when
/// detached.
pub async fn start(
    client: &Client,
    scope: &Scope,
    c: &Container,
    mode: Attach,
) -> Result<u8, Error> {
    let record = Record::decode(&c.labels);
    let log_path = log_path_of(&scope.container_dir(&c.id), c);
    // Networking: attach the container to its network here, before the task starts.
    match mode {
        Attach::Detached => {
            let io = TaskIo::log_uri(&log_uri(&log_path)?, record.tty);
            ops::start_task(client, c, &io).await?;
            if record.auto_remove {
                monitor::spawn(scope, &c.id)?;
            }
            Ok(0)
        }
        Attach::Logs => attach_logs(client, c, &log_path).await,
        Attach::Fifos { interactive, tty } => {
            attach_fifos(
                client,
                &scope.fifo_dir(&c.id),
                c,
                interactive,
                tty,
                &log_path,
            )
            .await
        }
    }
}

/// The attach mode `run`/`start -a` use: FIFOs with `-i` or a TTY, else the log.
pub fn attached_mode(interactive: bool, tty: bool) -> Attach {
    if interactive || tty {
        Attach::Fifos { interactive, tty }
    } else {
        Attach::Logs
    }
}

/// `start -a`: refuses a running container, reaps a stopped task, then attaches.
pub async fn start_attached(
    client: &Client,
    scope: &Scope,
    reference: &str,
    interactive: bool,
) -> Result<u8, Error> {
    let c = ops::resolve(client, reference).await?;
    if let Some(task) = client.task_get(&c.id).await? {
        if task.status != TaskStatus::Stopped {
            return Err(Error::AlreadyRunning(c.id.clone()));
        }
        ops::reap_task(client, &c.id).await?;
    }
    let tty = Record::decode(&c.labels).tty;
    start(client, scope, &c, attached_mode(interactive, tty)).await
}

/// `start` without `-a`: starting a running container is a no-op, as in Docker.
pub async fn start_detached(client: &Client, scope: &Scope, reference: &str) -> Result<(), Error> {
    let c = ops::resolve(client, reference).await?;
    if let Some(task) = client.task_get(&c.id).await? {
        if task.status == TaskStatus::Running {
            return Ok(());
        }
        ops::reap_task(client, &c.id).await?;
    }
    start(client, scope, &c, Attach::Detached).await.map(|_| ())
}

/// Removes a container with its task (killed first when `force`), snapshot and files.
pub async fn remove(
    client: &Client,
    scope: &Scope,
    c: &Container,
    force: bool,
) -> Result<(), Error> {
    // Networking: detach the container from its network here, once its task is gone.
    ops::remove(client, c, &scope.container_dir(&c.id), force).await
}

/// Stops a container with its recorded stop signal unless `signal` is given; false when it was
/// not running.
pub async fn stop(
    client: &Client,
    c: &Container,
    signal: Option<i32>,
    timeout: Option<std::time::Duration>,
) -> Result<bool, Error> {
    let signal = signal.unwrap_or_else(|| {
        c.labels
            .get(crate::labels::STOP_SIGNAL)
            .and_then(|s| linnet_spec::parse_signal(s).ok())
            .unwrap_or(libc::SIGTERM)
    });
    // Networking: Docker releases a container's network when it stops and attaches it again at
    // start; the detach goes after `ops::stop` here.
    ops::stop(client, &c.id, signal, timeout).await
}

/// Sends `signal` to a running container; an error when it is not running.
pub async fn kill(
    client: &Client,
    reference: &str,
    c: &Container,
    signal: i32,
) -> Result<(), Error> {
    let running = client
        .task_get(&c.id)
        .await?
        .is_some_and(|t| t.status != TaskStatus::Stopped);
    if !running {
        return Err(Error::InvalidArgument(format!(
            "cannot kill container {reference}: container {} is not running",
            c.id
        )));
    }
    ops::send_signal(client, &c.id, signal).await
}
