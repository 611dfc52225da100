//! Starting and removing containers: the steps every front end shares after [`crate::create`].
//!
//! Networking belongs here: a container on the bridge or a user network is attached
//! ([`crate::netoverlap::begin_attach`], which makes its netns; the CNI ADDs overlap the task
//! create and are joined before the task starts), and
//! detached when its task is gone (stop, exit seen by an attached `run`/`start -a` or by the
//! detached monitor, rm, a failed start). Host, none and `container:` modes need neither.

use linnet_containerd::{Client, Container, TaskStatus};

use crate::attach::{attach_fifos, attach_logs, log_path_of, log_uri};
use crate::ops::{self, TaskIo};
use crate::record::Record;
use crate::{monitor, netoverlap, network, Error, Scope};

/// How `run`/`start` follow a container they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attach {
    /// Start it in the background, followed by the detached monitor.
    Detached,
    /// Follow its log until it exits (forwarding SIGINT/SIGTERM with `sig_proxy`).
    Logs { sig_proxy: bool },
    /// Attach FIFOs to this terminal.
    Fifos {
        interactive: bool,
        tty: bool,
        sig_proxy: bool,
    },
    /// `-i`: through an IO holder, which keeps the container's stdin when the detach keys end
    /// the session (the start then returns [`Error::Detached`]).
    Session(crate::session::SessionOptions),
}

impl Attach {
    /// The same mode with Docker's `--sig-proxy` set (a session ignores it with a terminal).
    pub fn with_sig_proxy(self, on: bool) -> Attach {
        match self {
            Attach::Logs { .. } => Attach::Logs { sig_proxy: on },
            Attach::Fifos {
                interactive, tty, ..
            } => Attach::Fifos {
                interactive,
                tty,
                sig_proxy: on,
            },
            Attach::Session(mut opts) => {
                opts.sig_proxy = on;
                Attach::Session(opts)
            }
            Attach::Detached => Attach::Detached,
        }
    }
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
    // Volumes with local-driver options are mounted on first use.
    crate::volumes::mount_for_start(scope, c)?;
    crate::events::objects::container_starting(client, scope, c).await;
    // A restart policy or health check needs the monitor attached or not; an attached command
    // starts it first, waiting for this start.
    let supervised = crate::Lifecycle::of(c).supervised();
    crate::lifecycle_flags::mark_started(client, c).await?;
    if supervised && mode != Attach::Detached {
        let previous = c.labels.get(crate::labels::STARTED_AT).cloned();
        monitor::spawn_before_start(scope, &c.id, previous.as_deref().unwrap_or(""))?;
    }
    netoverlap::begin_attach(scope, c)?;
    // Attached and not restarted by anyone: the network goes at the exit, during the task's
    // deletion (`release` or `remove` below then finds it done).
    if mode != Attach::Detached && !supervised {
        netoverlap::release_at_exit(scope, c);
    }
    let outcome = match mode {
        Attach::Detached => {
            let started = match log_uri(&log_path) {
                // `-i`: an IO holder keeps stdin open and serves `attach`.
                Ok(_) if record.stdin_open => {
                    crate::session::start_held(client, scope, c, &log_path, false, false)
                        .await
                        .map(|_| 0)
                }
                Ok(uri) => ops::start_task(client, c, &TaskIo::log_uri(&uri, record.tty)).await,
                Err(e) => Err(e),
            };
            // Every detached container gets the monitor: it reaps the exit (recording it, so
            // that the shim and the log driver go) and removes, releases, restarts and probes.
            started.and_then(|_| monitor::spawn(scope, &c.id).map(|_| 0))
        }
        Attach::Logs { sig_proxy } => attach_logs(client, c, &log_path, sig_proxy).await,
        Attach::Session(opts) => {
            match crate::session::run_session(client, scope, c, &log_path, opts).await {
                // Left running: the monitor takes over what this session would have done
                // (a supervised container has one already).
                Err(Error::Detached) if !supervised => {
                    monitor::spawn(scope, &c.id).and(Err(Error::Detached))
                }
                other => other,
            }
        }
        Attach::Fifos {
            interactive,
            tty,
            sig_proxy,
        } => {
            attach_fifos(
                client,
                &scope.fifo_dir(&c.id),
                c,
                (interactive, tty, sig_proxy),
                &log_path,
            )
            .await
        }
    };
    // Attached, the task has exited by now; detached, only a failed start ends it here. An
    // attached auto-remove container is released by its removal, concurrently (`remove`).
    // A supervised container's network is the monitor's (it may restart the container).
    let exited = mode != Attach::Detached && !record.auto_remove && !supervised;
    if exited || outcome.is_err() {
        release(client, scope, c).await;
    }
    outcome
}

/// Detaches a container whose task is not running (any more); errors are only logged, since
/// the caller is already reporting the container's own outcome.
pub(crate) async fn release(client: &Client, scope: &Scope, c: &Container) {
    let running = client
        .task_get(&c.id)
        .await
        .ok()
        .flatten()
        .is_some_and(|t| t.status == TaskStatus::Running || t.status == TaskStatus::Paused);
    if running {
        return;
    }
    crate::events::objects::container_ended(client, scope, c).await;
    if let Err(e) = network::detach(scope, c) {
        tracing::warn!("cannot release the network of {}: {e}", c.id);
    }
}

/// The attach mode `run`/`start -a` use: FIFOs with `-i` or a TTY, else the log.
pub fn attached_mode(interactive: bool, tty: bool) -> Attach {
    if interactive || tty {
        Attach::Fifos {
            interactive,
            tty,
            sig_proxy: true,
        }
    } else {
        Attach::Logs { sig_proxy: true }
    }
}

/// `start -a`: refuses a running container, reaps a stopped task, then attaches.
pub async fn start_attached(
    client: &Client,
    scope: &Scope,
    reference: &str,
    interactive: bool,
    keys: crate::detach_keys::DetachKeys,
) -> Result<u8, Error> {
    let c = ops::resolve(client, reference).await?;
    if let Some(task) = client.task_get(&c.id).await? {
        refuse_paused(&task)?;
        if task.status != TaskStatus::Stopped {
            return Err(Error::AlreadyRunning(c.id.clone()));
        }
        ops::reap_task(client, &c.id).await?;
    }
    let record = Record::decode(&c.labels);
    // Docker attaches stdin only to a container created with `-i`, through its holder.
    let mode = if record.stdin_open {
        Attach::Session(crate::session::SessionOptions {
            stdin: interactive,
            sig_proxy: true,
            keys,
        })
    } else {
        attached_mode(false, record.tty)
    };
    let code = match start(client, scope, &c, mode).await {
        Err(Error::Detached) => return Ok(0),
        other => other?,
    };
    if record.auto_remove {
        release(client, scope, &c).await;
    }
    Ok(code)
}

/// Docker refuses to start a paused container (before anything, its network included, is
/// touched).
fn refuse_paused(task: &linnet_containerd::TaskInfo) -> Result<(), Error> {
    if matches!(task.status, TaskStatus::Paused | TaskStatus::Pausing) {
        return Err(Error::InvalidArgument(
            "cannot start a paused container, try unpause instead".into(),
        ));
    }
    Ok(())
}

/// `start` without `-a`: starting a running container is a no-op, as in Docker.
pub async fn start_detached(client: &Client, scope: &Scope, reference: &str) -> Result<(), Error> {
    let c = ops::resolve(client, reference).await?;
    if let Some(task) = client.task_get(&c.id).await? {
        if task.status == TaskStatus::Running {
            return Ok(());
        }
        refuse_paused(&task)?;
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
    let running = client
        .task_get(&c.id)
        .await?
        .is_some_and(|t| t.status != TaskStatus::Stopped);
    if running && !force {
        // Refused (a running container needs -f): its network stays.
        ops::remove(client, c, &scope.container_dir(&c.id), force).await?;
        return network::detach(scope, c);
    }
    // A container on its way out is not restarted (its monitor sees the mark).
    if let Err(e) =
        crate::lifecycle_flags::mark_stopped(client, &scope.container_dir(&c.id), c).await
    {
        tracing::debug!("cannot mark {} stopped: {e}", c.id);
    }
    // `rm -f` of a running container, or `run --rm` after its exit: the run's end is published
    // after the removal (Docker's order: kill, die, disconnect, unmount), its mark taken before
    // the container directory goes.
    let run_ended = crate::events::objects::take_run_mark(scope, &c.id);
    // The network's DEL chain and containerd's task/snapshot removal are independent: run them
    // side by side (this is most of what `run --rm` adds after the container exits).
    let started = std::time::Instant::now();
    let detach = {
        let (scope, c) = (scope.clone(), c.clone());
        tokio::task::spawn_blocking(move || {
            let r = network::detach(&scope, &c);
            tracing::debug!("network detach of {}: {:?}", c.id, started.elapsed());
            r
        })
    };
    let removed = ops::remove(client, c, &scope.container_dir(&c.id), force).await;
    tracing::debug!("removal of {}: {:?}", c.id, started.elapsed());
    let detached = detach.await.map_err(Error::Wait)?;
    if run_ended {
        crate::events::objects::publish_ended(client, scope, c).await;
    }
    removed?;
    // `run --rm` takes the anonymous volumes along (`rm -v` asks for it itself).
    let auto_remove = Record::decode(&c.labels).auto_remove;
    if let Err(e) = crate::volumes::release(client, scope, c, auto_remove).await {
        tracing::warn!("cannot release the volumes of {}: {e}", c.id);
    }
    detached
}

/// Stops a container with its recorded stop signal unless `signal` is given; false when it was
/// not running.
pub async fn stop(
    client: &Client,
    scope: &Scope,
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
    // Recorded before the signal, so that the monitor does not restart the container.
    crate::lifecycle_flags::mark_stopped(client, &scope.container_dir(&c.id), c).await?;
    // Docker releases a stopped container's address and ports; `start` attaches it again.
    let stopped = ops::stop(client, &c.id, signal, timeout).await?;
    if stopped {
        crate::events::translate::publish_action(client, "stop", &c.id, None).await;
    }
    network::detach(scope, c)?;
    Ok(stopped)
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
    // A kill is a stop by hand for the restart policy (as Docker's).
    crate::lifecycle_flags::mark_stopped_unlocked(client, c).await?;
    ops::send_signal(client, &c.id, signal).await?;
    crate::pause::thaw_for_signal(client, c, signal).await
}
