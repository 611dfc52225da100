//! `linnet ps`: list containers with Docker's columns.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct PsArgs {
    /// Show all containers (default shows just running)
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Only display container IDs
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Don't truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Show the n last created containers (includes all states)
    #[arg(short = 'n', long = "last", default_value_t = -1, allow_negative_numbers = true)]
    pub last: i64,
    /// Show only the latest created container
    #[arg(short = 'l', long)]
    pub latest: bool,
    /// Format output: table, json, or a Go-style template such as '{{.ID}}'
    #[arg(long)]
    pub format: Option<String>,
}

pub async fn run(_ctx: &Context, _args: PsArgs) -> anyhow::Result<u8> {
    anyhow::bail!("ps: not implemented yet")
}
