//! `linnet rm`: remove containers with their snapshots and linnet's files.

use clap::Args;
use linnet_container::ops;

use crate::context::Context;
use crate::exit::CODE_ERROR;

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Force the removal of a running container (uses SIGKILL)
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Remove anonymous volumes (accepted for compatibility)
    #[arg(short = 'v', long)]
    pub volumes: bool,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: RmArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let mut failed = false;
    for reference in &args.containers {
        let outcome = async {
            let c = ops::resolve(&client, reference).await?;
            ops::remove(&client, &c, &ctx.container_dir(&c.id), args.force).await?;
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
