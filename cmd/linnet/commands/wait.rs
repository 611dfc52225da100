//! `linnet wait`: block until containers stop and print their exit codes.

use clap::Args;
use linnet_container::ops;

use crate::context::Context;
use crate::exit::CODE_ERROR;

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: WaitArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let mut failed = false;
    for reference in &args.containers {
        let outcome = async {
            let c = ops::resolve(&client, reference).await?;
            let code = match client.task_get(&c.id).await? {
                Some(_) => ops::wait_and_reap(&client, &c.id).await?,
                None => {
                    let state = ops::state_of(&c, None);
                    state.exit_code as u32
                }
            };
            anyhow::Ok(code)
        }
        .await;
        match outcome {
            Ok(code) => println!("{code}"),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e));
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}
