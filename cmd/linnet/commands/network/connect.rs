//! `linnet network connect|disconnect`: Docker's flags; the work is in
//! `linnet_container::netconnect`.

use clap::Args;
use linnet_container::netconnect::{self, ConnectRequest};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// IPv4 address (networks created with --subnet only)
    #[arg(long)]
    pub ip: Option<String>,
    /// Add network-scoped alias for the container
    #[arg(long)]
    pub alias: Vec<String>,
    pub network: String,
    pub container: String,
}

#[derive(Debug, Args)]
pub struct DisconnectArgs {
    /// Force the container to disconnect from a network (also when the plugins fail to undo it)
    #[arg(short, long)]
    pub force: bool,
    pub network: String,
    pub container: String,
}

pub async fn connect(ctx: &Context, a: ConnectArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let req = ConnectRequest {
        network: a.network,
        ip: a.ip,
        aliases: a.alias,
    };
    netconnect::connect(&client, &ctx.scope(), &a.container, &req).await?;
    Ok(0)
}

pub async fn disconnect(ctx: &Context, a: DisconnectArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    netconnect::disconnect(&client, &ctx.scope(), &a.container, &a.network, a.force).await?;
    Ok(0)
}
