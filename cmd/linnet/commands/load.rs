//! `linnet load`: read images from an OCI archive or a docker-archive.

use std::path::PathBuf;

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Read from a tar archive file instead of STDIN
    #[arg(short = 'i', long)]
    pub input: Option<PathBuf>,
    /// Suppress the load output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Load this platform only; repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Load content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
}

pub async fn run(_ctx: &Context, _args: LoadArgs) -> anyhow::Result<u8> {
    anyhow::bail!("load: not implemented yet")
}
