//! `linnet port`: the published ports of a container, in Docker's format.

use clap::Args;
use linnet_container::{network, ops};

use crate::context::Context;
use crate::exit::{ExitError, CODE_ERROR};

#[derive(Debug, Args)]
pub struct PortArgs {
    /// Container (name or ID)
    pub container: String,
    /// Only this container port: PORT[/PROTO]
    pub port: Option<String>,
}

pub async fn run(ctx: &Context, args: PortArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let scope = ctx.scope();
    let c = ops::resolve(&client, &args.container).await?;
    let ports = network::attachment(&scope, &c.id)
        .map(|a| a.ports)
        .unwrap_or_default();
    match linnet_network::ports::port_lines(&ports, args.port.as_deref(), &args.container) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            Ok(0)
        }
        Err(message) => Err(ExitError::new(CODE_ERROR, message).into()),
    }
}
