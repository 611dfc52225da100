//! `linnet _monitor`: a detached helper that waits for a `run -d --rm` container and removes it.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Container ID
    pub container: String,
}

pub async fn run(ctx: &Context, args: MonitorArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    linnet_container::monitor::watch(&client, &ctx.scope(), &args.container).await?;
    Ok(0)
}
