//! Network setup and teardown overlapped with containerd's own work, which is most of what a
//! container on a bridge used to cost over `--network host` (`bench/bridge_overhead.sh`):
//!
//! - [`begin_attach`]: `start` does the quick half of an attach (netns pin, ports, `/etc` files)
//!   and leaves the CNI ADDs to a thread, which `ops::start_task` joins ([`finish_attach`])
//!   between the task create and the task start. The process never runs without its network.
//! - [`release_at_exit`]: an attached container that nobody restarts has its network released
//!   the moment `ops::wait_and_reap` sees it exit ([`exited`]), while containerd deletes the
//!   task; [`crate::network::detach`] later joins that release instead of starting another.
//!
//! Both hand-offs are per process (a registry by container id), so other processes (`stop`, the
//! monitor) never see them; they detach through the manager's lock as before.

use std::sync::Mutex;

use linnet_containerd::Container;
use linnet_network::Attachment;

use crate::{network, Error, Scope};

type Completion = std::thread::JoinHandle<Result<Attachment, linnet_network::Error>>;

/// Attaches whose CNI half is still running, by container id (see [`begin_attach`]).
static PENDING: Mutex<Vec<(String, Completion)>> = Mutex::new(Vec::new());

/// The attach of `start`, split so that the CNI ADDs overlap the task create: the quick half
/// (netns pin, published ports bound, `/etc` files; every input error) runs now, the CNI half
/// on a thread that [`finish_attach`] joins right before the task starts (`ops::start_task`
/// calls it between create and start). The container's process therefore never runs
/// without its network, as with a plain attach.
pub fn begin_attach(scope: &Scope, c: &Container) -> Result<(), Error> {
    let Some((mgr, req)) = network::attach_request(scope, c)? else {
        return Ok(());
    };
    let started = std::time::Instant::now();
    let prepared = mgr.prepare(&c.id, &req)?;
    tracing::debug!(
        "network attach of {}, first half: {:?}",
        c.id,
        started.elapsed()
    );
    let id = c.id.clone();
    let handle = std::thread::Builder::new()
        .name("linnet-attach".into())
        .spawn(move || {
            let r = mgr.complete(prepared);
            tracing::debug!(
                "network attach of {id}, CNI half done: {:?}",
                started.elapsed()
            );
            r
        })
        .map_err(|e| {
            Error::Network(linnet_network::Error::Exec {
                program: "the attach thread".into(),
                source: e,
            })
        })?;
    pending().push((c.id.clone(), handle));
    Ok(())
}

fn pending() -> std::sync::MutexGuard<'static, Vec<(String, Completion)>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn take_pending(id: &str) -> Option<Completion> {
    let mut list = pending();
    let i = list.iter().position(|(p, _)| p == id)?;
    Some(list.swap_remove(i).1)
}

pub(crate) fn join(handle: Completion) -> Result<(), Error> {
    match handle.join() {
        Ok(r) => r.map(|_| ()).map_err(Error::Network),
        Err(_) => Err(Error::Network(linnet_network::Error::ExecFailed {
            program: "the attach thread".into(),
            stderr: "it panicked".into(),
        })),
    }
}

/// Waits for the CNI half of a [`begin_attach`] of `id` (nothing when none is running). On
/// error the attach has undone itself.
pub async fn finish_attach(id: &str) -> Result<(), Error> {
    let Some(handle) = take_pending(id) else {
        return Ok(());
    };
    let started = std::time::Instant::now();
    let r = tokio::task::spawn_blocking(move || join(handle))
        .await
        .map_err(Error::Wait)?;
    tracing::debug!(
        "waited {:?} for the network attach of {id}",
        started.elapsed()
    );
    r
}

/// Containers whose network goes as soon as their task exits (see [`release_at_exit`]): not
/// started yet (`None`), or the running release.
type Release = (String, Option<(Scope, Container)>, Option<Releasing>);
type Releasing = std::thread::JoinHandle<Result<(), Error>>;
static AT_EXIT: Mutex<Vec<Release>> = Mutex::new(Vec::new());

fn at_exit() -> std::sync::MutexGuard<'static, Vec<Release>> {
    AT_EXIT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Asks for `c`'s network to be released when `ops::wait_and_reap` sees its task exit, on a
/// thread of its own, while the task is deleted (which takes containerd a while). For attached
/// containers that nobody restarts: their network is released after the exit anyway, and
/// [`network::detach`] joins this release instead of starting another.
pub fn release_at_exit(scope: &Scope, c: &Container) {
    if network::is_attached_mode(c) {
        at_exit().push((c.id.clone(), Some((scope.clone(), c.clone())), None));
    }
}

/// The exit hook of `ops::wait_and_reap`: starts the release [`release_at_exit`] asked for.
pub fn exited(id: &str) {
    let mut list = at_exit();
    let Some(entry) = list.iter_mut().find(|(p, _, _)| p == id) else {
        return;
    };
    let Some((scope, c)) = entry.1.take() else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("linnet-release".into())
        .spawn(move || network::detach_now(&scope, &c));
    // Without a thread, `detach` releases it itself later.
    entry.2 = spawned.ok();
}

pub(crate) fn take_release(id: &str) -> Option<Releasing> {
    let mut list = at_exit();
    let i = list.iter().position(|(p, _, _)| p == id)?;
    list.swap_remove(i).2
}

pub(crate) fn join_release(handle: Releasing) -> Result<(), Error> {
    handle.join().unwrap_or_else(|_| {
        Err(Error::Network(linnet_network::Error::ExecFailed {
            program: "the network release thread".into(),
            stderr: "it panicked".into(),
        }))
    })
}
