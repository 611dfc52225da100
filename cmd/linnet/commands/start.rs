//! `linnet start`: start stopped containers, optionally attached.

use clap::Args;
use linnet_container::lifecycle;

use crate::context::Context;
use crate::util::{container_error, detach_keys, for_each};

#[derive(Debug, Args)]
pub struct StartArgs {
    /// Attach STDOUT/STDERR and forward signals
    #[arg(short = 'a', long)]
    pub attach: bool,
    /// Attach the container's STDIN
    #[arg(short = 'i', long)]
    pub interactive: bool,
    /// Override the key sequence for detaching a container
    #[arg(long = "detach-keys", value_name = "KEYS", default_value = "")]
    pub detach_keys: String,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: StartArgs) -> anyhow::Result<u8> {
    let keys = detach_keys(&args.detach_keys)?;
    let client = ctx.client().await?;
    let scope = ctx.scope();
    crate::util::reclaim_networks(&client, &scope).await;
    if args.attach || args.interactive {
        if args.containers.len() > 1 {
            return Err(linnet_container::Error::AttachMany.into());
        }
        return lifecycle::start_attached(
            &client,
            &scope,
            &args.containers[0],
            args.interactive,
            keys,
        )
        .await
        .map_err(container_error);
    }
    for_each(&args.containers, |reference| {
        let (client, scope) = (&client, &scope);
        async move {
            lifecycle::start_detached(client, scope, reference)
                .await
                .map_err(container_error)
        }
    })
    .await
}
