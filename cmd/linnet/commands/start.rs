//! `linnet start`: start stopped containers, optionally attached.

use clap::Args;

use crate::context::Context;

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

pub async fn run(_ctx: &Context, _args: StartArgs) -> anyhow::Result<u8> {
    anyhow::bail!("start: not implemented yet")
}
