//! `linnet rename`: give a container a new name.

use clap::Args;
use linnet_container::{ops, rename};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The container (name or ID)
    pub container: String,
    /// Its new name
    pub new_name: String,
}

pub async fn run(ctx: &Context, args: RenameArgs) -> anyhow::Result<u8> {
    let old = args.container.trim();
    let new = args.new_name.trim();
    rename::check_arguments(old, new)?;
    let client = ctx.client().await?;
    let c = ops::resolve(&client, old).await?;
    rename::rename(&client, &ctx.scope(), &c, new).await?;
    Ok(0)
}
