//! `linnet snapshotter`: runs linnet's containerd proxy snapshotter in the foreground.
//!
//! linnet's managed mode starts it (detached, logging to `<data root>/snapshotter.log`) before
//! containerd, whose config declares it as `[proxy_plugins.linnet]`; it can also be run by hand
//! for a containerd of one's own. SIGTERM or SIGINT shut it down cleanly, removing its socket.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct SnapshotterArgs {
    /// Root directory for snapshots and metadata [default: <data root>/snapshotter]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Unix socket to serve on [default: <state dir>/snapshotter/snapshotter.sock]
    #[arg(long, value_name = "SOCK")]
    pub address: Option<PathBuf>,
}

pub async fn run(ctx: &Context, args: SnapshotterArgs) -> anyhow::Result<u8> {
    // `main` restores SIGPIPE's default for CLI pipelines; a server must not die when a client
    // hangs up before reading its answer.
    // SAFETY: setting a signal disposition to SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let root = args.root.unwrap_or_else(|| ctx.paths.snapshotter_root());
    let socket = args
        .address
        .unwrap_or_else(|| ctx.paths.snapshotter_socket());
    let opened = root.clone();
    let snapshotter =
        tokio::task::spawn_blocking(move || linnet_snapshotter::Snapshotter::open(&opened))
            .await
            .context("snapshotter startup task failed")?
            .with_context(|| format!("cannot open snapshotter root {}", root.display()))?;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot handle SIGTERM")?;
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .context("cannot handle SIGINT")?;
    let shutdown = async move {
        tokio::select! {
            _ = terminate.recv() => tracing::info!("SIGTERM: shutting down"),
            _ = interrupt.recv() => tracing::info!("SIGINT: shutting down"),
        }
    };
    linnet_snapshotter::serve(snapshotter, &socket, shutdown)
        .await
        .with_context(|| format!("snapshotter on {} failed", socket.display()))?;
    Ok(0)
}
