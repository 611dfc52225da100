//! `linnet start`: start stopped containers, optionally attached.

use std::path::PathBuf;

use clap::Args;
use linnet_container::labels;
use linnet_container::ops::{self, TaskIo};

use crate::commands::create::container_error;
use crate::commands::run::{attach_fifos, attach_logs, log_uri, spawn_monitor};
use crate::context::Context;
use crate::exit::CODE_ERROR;

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Attach STDOUT/STDERR and forward signals
    #[arg(short = 'a', long)]
    pub attach: bool,
    /// Attach the container's STDIN
    #[arg(short = 'i', long)]
    pub interactive: bool,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: StartArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    if args.attach || args.interactive {
        if args.containers.len() > 1 {
            anyhow::bail!("you cannot start and attach multiple containers at once");
        }
        let c = ops::resolve(&client, &args.containers[0]).await?;
        ensure_not_running(&client, &c).await?;
        let log_path = log_path_of(ctx, &c);
        let tty = flag(&c, labels::TTY);
        return if args.interactive || tty {
            attach_fifos(ctx, &client, &c, args.interactive, tty, &log_path).await
        } else {
            attach_logs(&client, &c, &log_path).await
        };
    }
    let mut failed = false;
    for reference in &args.containers {
        match start_detached(ctx, &client, reference).await {
            Ok(()) => println!("{reference}"),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e));
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

fn flag(c: &linnet_containerd::Container, key: &str) -> bool {
    c.labels.get(key).is_some_and(|v| v == "true")
}

/// The container's json log (from its label, or the default place).
pub fn log_path_of(ctx: &Context, c: &linnet_containerd::Container) -> PathBuf {
    c.labels
        .get(labels::LOG_PATH)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| linnet_container::logfile::log_path(&ctx.container_dir(&c.id), &c.id))
}

async fn ensure_not_running(
    client: &linnet_containerd::Client,
    c: &linnet_containerd::Container,
) -> anyhow::Result<()> {
    if let Some(task) = client.task_get(&c.id).await? {
        if task.status != linnet_containerd::TaskStatus::Stopped {
            anyhow::bail!(linnet_container::Error::AlreadyRunning(c.id.clone()));
        }
        ops::reap_task(client, &c.id).await?;
    }
    Ok(())
}

async fn start_detached(
    ctx: &Context,
    client: &linnet_containerd::Client,
    reference: &str,
) -> anyhow::Result<()> {
    let c = ops::resolve(client, reference).await?;
    if let Some(task) = client.task_get(&c.id).await? {
        // Docker: starting a running container is a no-op.
        if task.status == linnet_containerd::TaskStatus::Running {
            return Ok(());
        }
        ops::reap_task(client, &c.id).await?;
    }
    let io = TaskIo::log_uri(&log_uri(&log_path_of(ctx, &c))?, flag(&c, labels::TTY));
    ops::start_task(client, &c, &io)
        .await
        .map_err(container_error)?;
    if flag(&c, labels::AUTO_REMOVE) {
        spawn_monitor(ctx, &c.id)?;
    }
    Ok(())
}
