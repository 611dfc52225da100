//! `linnet pause`: freeze all processes of one or more containers.

use clap::Args;
use linnet_container::{ops, pause};

use crate::context::Context;
use crate::util::for_each;

#[derive(Debug, Args)]
pub struct PauseArgs {
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: PauseArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    for_each(&args.containers, |reference| {
        let client = &client;
        async move {
            let c = ops::resolve(client, reference).await?;
            pause::pause(client, &c).await?;
            Ok(())
        }
    })
    .await
}
