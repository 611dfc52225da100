//! `linnet update`: change the memory, CPU and pids limits of containers (running or not).

use clap::Args;

use crate::context::Context;
use crate::exit::{ExitError, CODE_ERROR};
use crate::flags_resources::LimitOptions;
use crate::util::for_each;

#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub limits: LimitOptions,
    /// Containers (names or IDs)
    #[arg(required = true)]
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: UpdateArgs) -> anyhow::Result<u8> {
    let flags = args.limits.flags();
    if !flags.has_limits() {
        return Err(ExitError::new(
            CODE_ERROR,
            "you must provide one or more flags when using this command",
        )
        .into());
    }
    let client = ctx.client().await?;
    for_each(&args.containers, |reference| {
        let client = &client;
        let flags = &flags;
        async move {
            linnet_container::update::update(client, reference, flags).await?;
            Ok(())
        }
    })
    .await
}
