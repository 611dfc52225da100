//! `linnet rmi`: remove image names; content goes when nothing refers to it any more.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct RmiArgs {
    /// Remove the image even if containers use it
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Images (names or IDs)
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: RmiArgs) -> anyhow::Result<u8> {
    anyhow::bail!("rmi: not implemented yet")
}
