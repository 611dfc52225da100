//! `linnet snapshotter`: runs linnet's containerd proxy snapshotter in the foreground.
//!
//! linnet's managed mode starts it (detached, logging to `<data root>/snapshotter.log`) before
//! containerd, whose config declares it as `[proxy_plugins.linnet]`; it can also be run by hand
//! for a containerd of one's own. SIGTERM or SIGINT shut it down cleanly, removing its socket
//! and unmounting its remote layers. Unpacks of images with a SOCI index get lazily loaded
//! (remote) layers; the registry is reached with the environment's docker config. It also runs
//! the event recorder that keeps `linnet events`' history.

use std::path::PathBuf;
use std::time::Duration;

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

    /// containerd socket whose content store holds SOCI indexes and ztocs
    /// [default: linnet's managed containerd]
    #[arg(long, value_name = "SOCK")]
    pub containerd_address: Option<PathBuf>,

    /// Seconds without on-demand fetches before the rest of a lazy layer is fetched in the
    /// background
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 30.0,
        env = "LINNET_BACKGROUND_FETCH_SILENCE"
    )]
    pub background_fetch_silence: f64,

    /// Fetch lazy layers only on demand
    #[arg(long)]
    pub no_background_fetch: bool,

    /// Never mount layers lazily: every layer is unpacked by containerd
    #[arg(long)]
    pub no_lazy: bool,
}

pub async fn run(ctx: &Context, args: SnapshotterArgs) -> anyhow::Result<u8> {
    // `main` restores SIGPIPE's default for CLI pipelines; a server must not die when a client
    // hangs up before reading its answer.
    // SAFETY: setting a signal disposition to SIG_IGN installs no handler code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let root = args.root.unwrap_or_else(|| ctx.paths.snapshotter_root());
    // The event recorder lives as long as the snapshotter (see linnet_container::events).
    let recorder = {
        let containerd = args
            .containerd_address
            .clone()
            .unwrap_or_else(|| ctx.paths.containerd_socket());
        let journal = linnet_container::events::Journal::new(&ctx.paths.data_root().join("events"));
        tokio::spawn(
            async move { linnet_container::events::recorder::run(&containerd, journal).await },
        )
    };
    let socket = args
        .address
        .unwrap_or_else(|| ctx.paths.snapshotter_socket());
    let remote = if args.no_lazy {
        None
    } else {
        let silence = Duration::try_from_secs_f64(args.background_fetch_silence)
            .context("invalid --background-fetch-silence")?;
        let background =
            (!args.no_background_fetch).then(|| linnet_snapshotter::BackgroundOptions {
                silence,
                ..linnet_snapshotter::BackgroundOptions::default()
            });
        let mut registry = linnet_registry::RegistryConfig::from_env();
        registry
            .insecure_registries
            .extend(ctx.global.insecure_registries.iter().cloned());
        if !ctx.global.hosts_dirs.is_empty() {
            registry.hosts_dirs = ctx.global.hosts_dirs.clone();
        }
        Some(linnet_snapshotter::RemoteOptions {
            runtime: tokio::runtime::Handle::current(),
            containerd: Some(
                args.containerd_address
                    .unwrap_or_else(|| ctx.paths.containerd_socket()),
            ),
            registry,
            limits: linnet_registry::Limits::from_env(),
            background,
        })
    };
    let opened = root.clone();
    let snapshotter = tokio::task::spawn_blocking(move || {
        linnet_snapshotter::Snapshotter::open_with(&opened, remote)
    })
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
    let served = linnet_snapshotter::serve(snapshotter, &socket, shutdown).await;
    recorder.abort();
    served.with_context(|| format!("snapshotter on {} failed", socket.display()))?;
    Ok(0)
}
