//! `linnet version`: client and server versions.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct VersionArgs {
    /// Format output: json or a template
    #[arg(short = 'f', long)]
    pub format: Option<String>,
}

pub async fn run(_ctx: &Context, _args: VersionArgs) -> anyhow::Result<u8> {
    anyhow::bail!("version: not implemented yet")
}
