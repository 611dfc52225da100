//! `linnet pull`: fetch an image into containerd's content store and unpack it.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Platform to pull (os/arch[/variant]); repeatable. Default: this machine's
    #[arg(long)]
    pub platform: Vec<String>,
    /// Pull content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// Suppress progress output; print the image name only
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image reference
    pub image: String,
}

pub async fn run(_ctx: &Context, _args: PullArgs) -> anyhow::Result<u8> {
    anyhow::bail!("pull: not implemented yet")
}
