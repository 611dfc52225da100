//! `linnet kill`: send a signal to running containers.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct KillArgs {
    /// Signal to send (name or number)
    #[arg(short = 's', long, default_value = "KILL")]
    pub signal: String,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: KillArgs) -> anyhow::Result<u8> {
    anyhow::bail!("kill: not implemented yet")
}
