//! `linnet _monitor`: a detached helper that waits for a `run -d --rm` container and removes it.

use clap::Args;
use linnet_container::{labels, ops};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Container ID
    pub container: String,
}

pub async fn run(ctx: &Context, args: MonitorArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let Some(container) = client.container_get(&args.container).await? else {
        return Ok(0);
    };
    // The task may already be gone (removed or reaped by another linnet): nothing to wait for.
    match ops::wait_and_reap(&client, &container.id).await {
        Ok(_) => {}
        Err(e) => tracing::debug!("wait for {}: {e}", container.id),
    }
    let auto_remove = container
        .labels
        .get(labels::AUTO_REMOVE)
        .is_some_and(|v| v == "true");
    if auto_remove {
        if let Some(current) = client.container_get(&container.id).await? {
            ops::remove(&client, &current, &ctx.container_dir(&current.id), true).await?;
        }
    }
    Ok(0)
}
