//! `linnet rm`: remove containers with their snapshots and linnet's files.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Force the removal of a running container (uses SIGKILL)
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Remove anonymous volumes (accepted for compatibility)
    #[arg(short = 'v', long)]
    pub volumes: bool,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: RmArgs) -> anyhow::Result<u8> {
    anyhow::bail!("rm: not implemented yet")
}
