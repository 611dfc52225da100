//! `linnet logs`: print the logs linnet keeps for every container.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Follow log output
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Show timestamps
    #[arg(short = 't', long)]
    pub timestamps: bool,
    /// Number of lines to show from the end of the logs ("all" for every line)
    #[arg(short = 'n', long, default_value = "all")]
    pub tail: String,
    /// Container (name or ID)
    pub container: String,
}

pub async fn run(_ctx: &Context, _args: LogsArgs) -> anyhow::Result<u8> {
    anyhow::bail!("logs: not implemented yet")
}
