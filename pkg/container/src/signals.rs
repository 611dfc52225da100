//! Docker's signal proxy: while linnet waits for an attached process, SIGINT and SIGTERM sent to
//! linnet go to that process instead of ending linnet (which would leave the process orphaned
//! from its terminal and its exit code unreported).

use linnet_containerd::{Client, ExitInfo};
use tokio::signal::unix::{signal, Signal, SignalKind};

use crate::Error;

/// The signals linnet forwards.
pub struct Proxy {
    sigint: Signal,
    sigterm: Signal,
}

impl Proxy {
    /// Starts catching SIGINT and SIGTERM (instead of dying of them).
    pub fn install() -> Result<Proxy, Error> {
        Ok(Proxy {
            sigint: signal(SignalKind::interrupt()).map_err(Error::Signals)?,
            sigterm: signal(SignalKind::terminate()).map_err(Error::Signals)?,
        })
    }

    /// The next caught signal's number.
    pub async fn recv(&mut self) -> i32 {
        tokio::select! {
            _ = self.sigint.recv() => libc::SIGINT,
            _ = self.sigterm.recv() => libc::SIGTERM,
        }
    }
}

/// The next signal of an optional proxy (never, without one).
pub async fn recv_opt(proxy: &mut Option<Proxy>) -> i32 {
    match proxy {
        Some(p) => p.recv().await,
        None => std::future::pending().await,
    }
}

/// Waits for a process (the init process, or an exec) while forwarding SIGINT/SIGTERM to it.
pub async fn wait_with_sig_proxy(
    client: &Client,
    id: &str,
    exec_id: Option<&str>,
) -> Result<ExitInfo, Error> {
    let mut proxy = Proxy::install()?;
    let wait = client.task_wait(id, exec_id);
    tokio::pin!(wait);
    loop {
        tokio::select! {
            exit = &mut wait => return Ok(exit?),
            sig = proxy.recv() => {
                let _ = client.task_kill(id, exec_id, sig as u32, false).await;
            }
        }
    }
}
