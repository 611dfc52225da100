//! `linnet stop`: SIGTERM (or the image's stop signal), then SIGKILL after a timeout.

use std::time::Duration;

use clap::Args;
use linnet_container::{labels, ops};

use crate::context::Context;
use crate::exit::CODE_ERROR;

#[derive(Debug, Args)]
pub struct StopArgs {
    /// Seconds to wait before killing the container
    #[arg(short = 't', long = "time", alias = "timeout", default_value_t = 10)]
    pub time: i64,
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
    // Docker: a negative timeout waits forever.
    let timeout = (args.time >= 0).then(|| Duration::from_secs(args.time as u64));
    let mut failed = false;
    for reference in &args.containers {
        let outcome = async {
            let c = ops::resolve(&client, reference).await?;
            let signal = match explicit {
                Some(s) => s,
                None => c
                    .labels
                    .get(labels::STOP_SIGNAL)
                    .and_then(|s| linnet_spec::parse_signal(s).ok())
                    .unwrap_or(libc::SIGTERM),
            };
            ops::stop(&client, &c.id, signal, timeout).await?;
            anyhow::Ok(())
        }
        .await;
        match outcome {
            Ok(()) => println!("{reference}"),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e));
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}
