//! `linnet kill`: send a signal to running containers.

use clap::Args;
use linnet_container::{lifecycle, ops};

use crate::context::Context;
use crate::util::for_each_parallel;

#[derive(Debug, Args)]
pub struct KillArgs {
    /// Signal to send (name or number)
    #[arg(short = 's', long, default_value = "KILL")]
    pub signal: String,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: KillArgs) -> anyhow::Result<u8> {
    let signal = linnet_spec::parse_signal(&args.signal)?;
    let client = ctx.client().await?;
    for_each_parallel(&args.containers, |reference| {
        let client = &client;
        async move {
            let c = ops::resolve(client, reference).await?;
            lifecycle::kill(client, reference, &c, signal).await?;
            Ok(())
        }
    })
    .await
}
