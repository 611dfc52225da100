//! `linnet logout`: forget stored credentials for a registry.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Registry server (default: Docker Hub)
    pub server: Option<String>,
}

pub async fn run(_ctx: &Context, _args: LogoutArgs) -> anyhow::Result<u8> {
    anyhow::bail!("logout: not implemented yet")
}
