//! `linnet exec`: run a process in a running container and return its exit code.

use anyhow::Context as _;
use clap::Args;
use linnet_container::{ops, FifoSet};
use linnet_containerd::{ExecCreate, TaskStatus};

use crate::commands::create::container_error;
use crate::commands::run::{exit_code, fifo_dir, pump, wait_with_sig_proxy};
use crate::context::Context;

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// Keep STDIN open
    #[arg(short = 'i', long)]
    pub interactive: bool,
    /// Allocate a pseudo-TTY
    #[arg(short = 't', long)]
    pub tty: bool,
    /// Detached mode: run the command in the background
    #[arg(short = 'd', long)]
    pub detach: bool,
    /// Set environment variables
    #[arg(short = 'e', long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Working directory inside the container
    #[arg(short = 'w', long)]
    pub workdir: Option<String>,
    /// Username or UID (format: <name|uid>[:<group|gid>])
    #[arg(short = 'u', long)]
    pub user: Option<String>,
    /// Container (name or ID)
    pub container: String,
    /// Command and arguments
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

pub async fn run(ctx: &Context, args: ExecArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let c = ops::resolve(&client, &args.container).await?;
    let task = client
        .task_get(&c.id)
        .await?
        .filter(|t| t.status == TaskStatus::Running || t.status == TaskStatus::Paused);
    let Some(task) = task else {
        anyhow::bail!("container {} is not running", c.id);
    };
    let spec = linnet_spec::from_json(&c.spec).context("cannot read the container's spec")?;
    let env = linnet_spec::resolve_env_flags(&args.env, |k| std::env::var(k).ok())?;
    let userdb = if args.user.is_some() {
        linnet_container::rootfs::userdb_from_pid(task.pid)?
    } else {
        Default::default()
    };
    let process = linnet_spec::exec_process(
        &spec,
        &linnet_spec::ExecOptions {
            args: args.command.clone(),
            env,
            workdir: args.workdir.clone(),
            user: args.user.clone(),
            tty: args.tty,
            userdb,
        },
    )?;
    let process_spec = serde_json::to_vec(&process)?;
    let exec_id = linnet_container::meta::new_id();

    if args.detach {
        client
            .task_exec(ExecCreate {
                container_id: c.id.clone(),
                exec_id: exec_id.clone(),
                process_spec,
                terminal: args.tty,
                ..Default::default()
            })
            .await?;
        client
            .task_start(&c.id, Some(&exec_id))
            .await
            .map_err(|e| container_error(ops::classify_start_error(e)))?;
        return Ok(0);
    }

    let set = FifoSet::create(&fifo_dir(ctx, &c.id), &exec_id, args.interactive, args.tty)?;
    let result = attached(&client, &c.id, &exec_id, &set, process_spec, &args).await;
    set.remove();
    let _ = client.task_delete_process(&c.id, &exec_id).await;
    result
}

async fn attached(
    client: &linnet_containerd::Client,
    id: &str,
    exec_id: &str,
    set: &FifoSet,
    process_spec: Vec<u8>,
    args: &ExecArgs,
) -> anyhow::Result<u8> {
    let ends = set.open()?;
    client
        .task_exec(ExecCreate {
            container_id: id.to_string(),
            exec_id: exec_id.to_string(),
            process_spec,
            stdin: set.stdin_str(),
            stdout: set.stdout_str(),
            stderr: set.stderr_str(),
            terminal: args.tty,
        })
        .await
        .map_err(|e| container_error(ops::classify_start_error(e)))?;
    client
        .task_start(id, Some(exec_id))
        .await
        .map_err(|e| container_error(ops::classify_start_error(e)))?;
    let raw = if args.tty && args.interactive {
        linnet_container::tty::RawModeGuard::stdin()?
    } else {
        None
    };
    let pumps = pump(client, id, Some(exec_id), ends, args.tty, None)?;
    let exit = wait_with_sig_proxy(client, id, Some(exec_id)).await;
    pumps.finish().await;
    drop(raw);
    Ok(exit_code(exit?.exit_status))
}
