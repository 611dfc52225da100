//! `linnet save`: write images to a tar archive readable by `load`, `docker load` and OCI tools.

use std::path::PathBuf;

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Write to a file instead of STDOUT
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Save this platform only (os/arch[/variant]); repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Save content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// Images
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: SaveArgs) -> anyhow::Result<u8> {
    anyhow::bail!("save: not implemented yet")
}
