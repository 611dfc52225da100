//! `linnet _monitor`: the detached helper that follows a container no linnet command stays
//! attached to (removal, network release, restart policy, health checks; see
//! `linnet_container::monitor`).

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Wait for the start after the one recorded at this time (an attached command starts it)
    #[arg(long = "after-start", value_name = "TIME")]
    pub after_start: Option<String>,
    /// Container ID
    pub container: String,
}

pub async fn run(ctx: &Context, args: MonitorArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    // The managed containerd's lock keeps restarts and `system stop` apart.
    let managed = ctx
        .global
        .address
        .as_deref()
        .is_none_or(|a| a.trim().is_empty());
    let daemon_lock = managed.then(|| ctx.paths.lock_path());
    linnet_container::monitor::watch(
        &client,
        &ctx.scope(),
        &args.container,
        args.after_start,
        daemon_lock.as_deref(),
    )
    .await?;
    Ok(0)
}
