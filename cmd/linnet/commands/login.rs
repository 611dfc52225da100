//! `linnet login`: check credentials against a registry and store them as Docker does.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Username
    #[arg(short = 'u', long)]
    pub username: Option<String>,
    /// Password
    #[arg(short = 'p', long)]
    pub password: Option<String>,
    /// Take the password from STDIN
    #[arg(long)]
    pub password_stdin: bool,
    /// Registry server (default: Docker Hub)
    pub server: Option<String>,
}

pub async fn run(_ctx: &Context, _args: LoginArgs) -> anyhow::Result<u8> {
    anyhow::bail!("login: not implemented yet")
}
