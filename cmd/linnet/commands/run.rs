//! `linnet run`: create and start a container, then follow it (or print its ID with `-d`).

use clap::Args;

use crate::commands::create::ContainerOptions;
use crate::context::Context;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run the container in the background and print its ID
    #[arg(short = 'd', long)]
    pub detach: bool,
    /// Remove the container when it exits
    #[arg(long)]
    pub rm: bool,
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(_ctx: &Context, _args: RunArgs) -> anyhow::Result<u8> {
    anyhow::bail!("run: not implemented yet")
}
