//! `linnet exec`: run a process in a running container and return its exit code.

use clap::Args;
use linnet_container::ExecRequest;

use crate::context::Context;
use crate::util::{container_error, detach_keys};

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
    /// Read in a file of environment variables
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_file: Vec<std::path::PathBuf>,
    /// Give extended privileges to the command
    #[arg(long)]
    pub privileged: bool,
    /// Working directory inside the container
    #[arg(short = 'w', long)]
    pub workdir: Option<String>,
    /// Username or UID (format: <name|uid>[:<group|gid>])
    #[arg(short = 'u', long)]
    pub user: Option<String>,
    /// Override the key sequence for detaching a container
    #[arg(long = "detach-keys", value_name = "KEYS", default_value = "")]
    pub detach_keys: String,
    /// Container (name or ID)
    pub container: String,
    /// Command and arguments
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

pub async fn run(ctx: &Context, args: ExecArgs) -> anyhow::Result<u8> {
    let detach_keys = detach_keys(&args.detach_keys)?;
    let client = ctx.client().await?;
    let request = ExecRequest {
        container: args.container,
        command: args.command,
        env: args.env,
        env_files: args.env_file,
        privileged: args.privileged,
        workdir: args.workdir,
        user: args.user,
        tty: args.tty,
        interactive: args.interactive,
        detach: args.detach,
        detach_keys,
    };
    match linnet_container::exec::exec(&client, &ctx.scope(), &request).await {
        // Docker 20.10 reports the detach this way, with status 1.
        Err(linnet_container::Error::Detached) => {
            eprintln!("read escape sequence");
            Ok(1)
        }
        other => other.map_err(container_error),
    }
}
