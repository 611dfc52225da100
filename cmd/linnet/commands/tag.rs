//! `linnet tag`: add a name to an existing image.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Existing image
    pub source: String,
    /// New name
    pub target: String,
}

pub async fn run(_ctx: &Context, _args: TagArgs) -> anyhow::Result<u8> {
    anyhow::bail!("tag: not implemented yet")
}
