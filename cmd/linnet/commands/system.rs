//! `linnet system`: start, stop and inspect linnet's managed containerd.

use clap::Subcommand;

use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum SystemCommand {
    /// Start linnet's containerd (a no-op when it is running)
    Start,
    /// Stop linnet's containerd
    Stop,
    /// Show whether linnet's containerd runs, with its socket, version and log file
    Status,
}

pub async fn run(_ctx: &Context, _args: SystemCommand) -> anyhow::Result<u8> {
    anyhow::bail!("system: not implemented yet")
}
