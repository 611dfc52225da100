//! `linnet images`: list images with nerdctl's columns.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// Only show image IDs
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Don't truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Show digests
    #[arg(long)]
    pub digests: bool,
    /// Format output: table, json, or a Go-style template such as '{{.Repository}}'
    #[arg(long)]
    pub format: Option<String>,
    /// Only list images matching this repository[:tag]
    pub repository: Option<String>,
}

pub async fn run(_ctx: &Context, _args: ImagesArgs) -> anyhow::Result<u8> {
    anyhow::bail!("images: not implemented yet")
}
