//! `linnet system`: start, stop and inspect linnet's managed containerd.
//!
//! These commands manage only linnet's own instance; with `--address` pointing at another
//! containerd, `start` and `stop` refuse and `status` just reports that daemon's version.

use std::time::Duration;

use anyhow::Context as _;
use clap::Subcommand;

use crate::context::Context;

/// How long `system stop` waits after SIGTERM before SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    /// Start linnet's containerd (a no-op when it is running)
    Start,
    /// Stop linnet's containerd
    Stop,
    /// Show whether linnet's containerd runs, with its socket, version and log file
    Status,
}

pub async fn run(ctx: &Context, args: SystemCommand) -> anyhow::Result<u8> {
    let external = ctx
        .global
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    match args {
        SystemCommand::Start => {
            if let Some(address) = external {
                anyhow::bail!(
                    "system start manages only linnet's own containerd; --address {address} points at another instance"
                );
            }
            start(ctx).await
        }
        SystemCommand::Stop => {
            if let Some(address) = external {
                anyhow::bail!(
                    "system stop manages only linnet's own containerd; --address {address} points at another instance"
                );
            }
            let was_running = linnet_daemon::stop(&ctx.paths, STOP_TIMEOUT)
                .await
                .context("cannot stop linnet's containerd")?;
            if was_running {
                println!("containerd stopped");
            } else {
                println!("containerd is not running");
            }
            Ok(0)
        }
        SystemCommand::Status => match external {
            Some(address) => external_status(ctx, address).await,
            None => status(ctx).await,
        },
    }
}

async fn start(ctx: &Context) -> anyhow::Result<u8> {
    use linnet_daemon::StartOutcome;
    let outcome = linnet_daemon::start(&ctx.paths)
        .await
        .context("cannot start linnet's containerd")?;
    let socket = ctx.paths.containerd_socket();
    let started = !matches!(outcome, StartOutcome::AlreadyRunning { .. });
    match outcome {
        StartOutcome::AlreadyRunning { pid } => {
            println!("containerd is already running (pid {pid})");
        }
        StartOutcome::Started { pid } => {
            println!(
                "containerd started (pid {pid}), socket {}",
                socket.display()
            );
        }
        StartOutcome::Recovered { pid, what } => {
            println!("{what}");
            println!(
                "containerd started (pid {pid}), socket {}",
                socket.display()
            );
        }
    }
    if started {
        resume_containers(ctx).await;
    }
    Ok(0)
}

/// Docker starts containers with a restart policy when its daemon starts: every namespace's
/// `always` containers (and the not manually stopped `unless-stopped`/`on-failure` ones) start,
/// running containers get their monitor back, and exits nobody saw are recorded. Failures only
/// warn.
async fn resume_containers(ctx: &Context) {
    let client = match ctx.client().await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!("cannot restart containers: {e}");
            return;
        }
    };
    let namespaces = client.namespaces().await.unwrap_or_default();
    for ns in namespaces {
        let scope = ctx.scope_for(&ns);
        match linnet_container::monitor::resume(&client.with_namespace(&ns), &scope).await {
            Ok(ids) if !ids.is_empty() => tracing::debug!("restarted {ids:?} in {ns}"),
            Ok(_) => {}
            Err(e) => tracing::warn!("cannot restart the containers of namespace {ns}: {e}"),
        }
    }
}

async fn status(ctx: &Context) -> anyhow::Result<u8> {
    let status = linnet_daemon::status(&ctx.paths)
        .await
        .context("cannot get the status of linnet's containerd")?;
    match (status.running, status.pid) {
        (true, Some(pid)) => println!("containerd: running (pid {pid})"),
        (true, None) => println!("containerd: running"),
        (false, _) => println!("containerd: stopped"),
    }
    println!("version: {}", status.version.as_deref().unwrap_or("-"));
    println!("socket: {}", status.socket.display());
    println!("config: {}", status.config_path.display());
    println!("log: {}", status.log_path.display());
    println!("data root: {}", status.data_root.display());
    let snap = &status.snapshotter;
    match (snap.running, snap.pid) {
        (true, Some(pid)) => println!("snapshotter: running (pid {pid})"),
        (true, None) => println!("snapshotter: running"),
        (false, _) => println!("snapshotter: stopped"),
    }
    println!("snapshotter socket: {}", snap.socket.display());
    println!("snapshotter log: {}", snap.log_path.display());
    Ok(0)
}

/// Status of a containerd given by `--address`: linnet does not manage it, so only its answer.
async fn external_status(ctx: &Context, address: &str) -> anyhow::Result<u8> {
    let socket = address.strip_prefix("unix://").unwrap_or(address);
    match linnet_containerd::Client::connect(std::path::Path::new(socket), ctx.namespace()).await {
        Ok(client) => {
            let (version, revision) = client
                .version()
                .await
                .context("cannot get containerd's version")?;
            println!("containerd: running (external, not managed by linnet)");
            if revision.is_empty() || revision == version {
                println!("version: {version}");
            } else {
                println!("version: {version} ({revision})");
            }
        }
        Err(err) => {
            println!("containerd: unreachable ({err})");
            println!("version: -");
        }
    }
    println!("socket: {socket}");
    Ok(0)
}
