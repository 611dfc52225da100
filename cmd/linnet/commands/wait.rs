//! `linnet wait`: block until containers stop and print their exit codes.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: WaitArgs) -> anyhow::Result<u8> {
    anyhow::bail!("wait: not implemented yet")
}
