//! `linnet push`: upload an image (index, manifests, configs, layers) to its registry.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Push only this platform's manifest (os/arch[/variant]); repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Push content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// Suppress progress output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image reference
    pub image: String,
}

pub async fn run(_ctx: &Context, _args: PushArgs) -> anyhow::Result<u8> {
    anyhow::bail!("push: not implemented yet")
}
