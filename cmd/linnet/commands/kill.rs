//! `linnet kill`: send a signal to running containers.

use clap::Args;
use linnet_container::ops;
use linnet_containerd::TaskStatus;

use crate::context::Context;
use crate::exit::CODE_ERROR;

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
    let mut failed = false;
    for reference in &args.containers {
        let outcome = async {
            let c = ops::resolve(&client, reference).await?;
            let running = client
                .task_get(&c.id)
                .await?
                .is_some_and(|t| t.status != TaskStatus::Stopped);
            if !running {
                anyhow::bail!(
                    "cannot kill container {reference}: container {} is not running",
                    c.id
                );
            }
            ops::send_signal(&client, &c.id, signal).await?;
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
