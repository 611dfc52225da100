//! `linnet stop`: SIGTERM (or the image's stop signal), then SIGKILL after a timeout.

use std::time::Duration;

use clap::Args;
use linnet_container::{lifecycle, ops};

use crate::context::Context;
use crate::util::for_each_parallel;

#[derive(Debug, Args)]
pub struct StopArgs {
    /// Seconds to wait before killing the container (default: its --stop-timeout, else 10)
    #[arg(
        short = 't',
        long = "time",
        alias = "timeout",
        allow_negative_numbers = true
    )]
    pub time: Option<i64>,
    /// Signal to send instead of the image's stop signal
    #[arg(short = 's', long)]
    pub signal: Option<String>,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: StopArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let explicit = match &args.signal {
        Some(s) => Some(linnet_spec::parse_signal(s)?),
        None => None,
    };
    let scope = ctx.scope();
    for_each_parallel(&args.containers, |reference| {
        let client = &client;
        let scope = &scope;
        async move {
            let c = ops::resolve(client, reference).await?;
            let time = args
                .time
                .unwrap_or_else(|| linnet_container::Lifecycle::of(&c).stop_timeout());
            // Docker: a negative timeout waits forever.
            let timeout = (time >= 0).then(|| Duration::from_secs(time as u64));
            lifecycle::stop(client, scope, &c, explicit, timeout).await?;
            Ok(())
        }
    })
    .await
}
