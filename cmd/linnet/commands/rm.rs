//! `linnet rm`: remove containers with their snapshots and linnet's files.

use clap::Args;
use linnet_container::{lifecycle, ops};

use crate::context::Context;
use crate::util::for_each_parallel;

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Force the removal of a running container (uses SIGKILL)
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Remove anonymous volumes associated with the container
    #[arg(short = 'v', long)]
    pub volumes: bool,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: RmArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let scope = ctx.scope();
    for_each_parallel(&args.containers, |reference| {
        let (client, scope) = (&client, &scope);
        async move {
            let c = ops::resolve(client, reference).await?;
            lifecycle::remove(client, scope, &c, args.force).await?;
            if args.volumes {
                linnet_container::volumes::release(client, scope, &c, true).await?;
            }
            Ok(())
        }
    })
    .await
}
