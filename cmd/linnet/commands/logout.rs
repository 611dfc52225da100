//! `linnet logout`: forget stored credentials for a registry, in `config.json` and in its
//! credential helper, like `docker logout`.

use anyhow::Context as _;
use clap::Args;
use linnet_registry::credentials;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Registry server (default: Docker Hub)
    pub server: Option<String>,
}

pub async fn run(_ctx: &Context, args: LogoutArgs) -> anyhow::Result<u8> {
    let server = args
        .server
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| credentials::DOCKER_HUB_KEY.to_string());
    let key = credentials::server_key(&server);
    // Only the config directory is needed; no registry is contacted.
    let config_dir = linnet_registry::RegistryConfig::from_env().docker_config_dir;
    let erased = tokio::task::spawn_blocking(move || credentials::erase(&config_dir, &server))
        .await
        .context("logout failed")?
        .with_context(|| format!("cannot remove login credentials for {key}"))?;
    if erased {
        println!("Removing login credentials for {key}");
    } else {
        // Docker treats this as success.
        println!("Not logged in to {key}");
    }
    Ok(0)
}
