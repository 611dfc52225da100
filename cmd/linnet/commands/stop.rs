//! `linnet stop`: SIGTERM (or the image's stop signal), then SIGKILL after a timeout.

use clap::Args;

use crate::context::Context;

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

pub async fn run(_ctx: &Context, _args: StopArgs) -> anyhow::Result<u8> {
    anyhow::bail!("stop: not implemented yet")
}
