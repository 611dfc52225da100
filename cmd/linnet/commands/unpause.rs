//! `linnet unpause`: thaw the processes of one or more paused containers.

use clap::Args;
use linnet_container::{ops, pause};

use crate::context::Context;
use crate::util::for_each;

#[derive(Debug, Args)]
pub struct UnpauseArgs {
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: UnpauseArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    for_each(&args.containers, |reference| {
        let client = &client;
        async move {
            let c = ops::resolve(client, reference).await?;
            pause::unpause(client, &c).await?;
            Ok(())
        }
    })
    .await
}
