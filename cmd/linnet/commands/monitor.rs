//! `linnet _monitor`: a detached helper that waits for a `run -d --rm` container and removes it.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct MonitorArgs {
    /// Container ID
    pub container: String,
}

pub async fn run(_ctx: &Context, _args: MonitorArgs) -> anyhow::Result<u8> {
    anyhow::bail!("monitor: not implemented yet")
}
