//! `linnet network create|ls|inspect|rm|prune|connect|disconnect`: flags and output as Docker's;
//! the work is in `linnet-network` (and `linnet_container::netconnect` for connect/disconnect).
//! A network in use is one with attached containers ([`NetworkManager::users`]), so `rm` refuses
//! it as soon as `run` attaches through the library.

use std::io::Write;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use linnet_container::events;
use linnet_network::listing::Filters;
use linnet_network::store::key_values;
use linnet_network::{ManagerConfig, NetworkCreate, NetworkManager};

use crate::context::Context;
use crate::exit::CODE_ERROR;

mod connect;
mod show;

#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// Create a network
    Create(CreateArgs),
    /// List networks
    #[command(alias = "list")]
    Ls(LsArgs),
    /// Display detailed information on one or more networks
    Inspect(InspectArgs),
    /// Remove one or more networks
    #[command(alias = "remove")]
    Rm(RmArgs),
    /// Remove all unused networks
    Prune(PruneArgs),
    /// Connect a container to a network
    Connect(connect::ConnectArgs),
    /// Disconnect a container from a network
    Disconnect(connect::DisconnectArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Driver to manage the network (only `bridge`)
    #[arg(short = 'd', long, default_value = "bridge")]
    pub driver: String,
    /// Subnet in CIDR format (IPv4)
    #[arg(long)]
    pub subnet: Option<String>,
    /// Gateway for the subnet
    #[arg(long)]
    pub gateway: Option<String>,
    /// Allocate container addresses from a sub-range
    #[arg(long = "ip-range")]
    pub ip_range: Option<String>,
    /// Set metadata on the network (key=value)
    #[arg(long)]
    pub label: Vec<String>,
    /// Set driver options (`com.docker.network.driver.mtu`)
    #[arg(short = 'o', long = "opt")]
    pub opt: Vec<String>,
    /// Restrict external access to the network
    #[arg(long)]
    pub internal: bool,
    /// Accepted for compatibility (every linnet network is attachable)
    #[arg(long)]
    pub attachable: bool,
    pub name: String,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only display network IDs
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not truncate the output
    #[arg(long)]
    pub no_trunc: bool,
    /// Filter output (driver=, id=, label=, name=, scope=, type=custom|builtin, dangling=)
    #[arg(short, long)]
    pub filter: Vec<String>,
    /// Format output: table, json, or a Go-style template such as '{{.Name}}'
    #[arg(long)]
    pub format: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Format output using a Go-style template
    #[arg(short, long)]
    pub format: Option<String>,
    #[arg(required = true)]
    pub networks: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Do not error if the network does not exist
    #[arg(short, long)]
    pub force: bool,
    #[arg(required = true)]
    pub networks: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Do not prompt for confirmation
    #[arg(short, long)]
    pub force: bool,
    /// Only prune networks matching label=KEY[=VALUE]
    #[arg(long)]
    pub filter: Vec<String>,
}

pub(super) fn manager(ctx: &Context) -> anyhow::Result<NetworkManager> {
    let p = &ctx.paths;
    let cfg = ManagerConfig::new(p.data_root(), p.state_dir(), ctx.namespace());
    NetworkManager::new(cfg).context("cannot open the network store")
}

pub async fn run(ctx: &Context, cmd: NetworkCommand) -> anyhow::Result<u8> {
    match cmd {
        NetworkCommand::Create(a) => create(ctx, a).await,
        NetworkCommand::Ls(a) => show::ls(ctx, a),
        NetworkCommand::Inspect(a) => show::inspect(ctx, a),
        NetworkCommand::Rm(a) => rm(ctx, a).await,
        NetworkCommand::Prune(a) => prune(ctx, a).await,
        NetworkCommand::Connect(a) => connect::connect(ctx, a).await,
        NetworkCommand::Disconnect(a) => connect::disconnect(ctx, a).await,
    }
}

/// Publishes Docker's `network create|destroy` events (best effort: without containerd there is
/// nobody to tell).
async fn publish(ctx: &Context, action: &str, nets: &[linnet_network::Network]) {
    if nets.is_empty() {
        return;
    }
    if let Ok(client) = ctx.client().await {
        for net in nets {
            events::objects::network_event(&client, action, net, None).await;
        }
    }
}

async fn create(ctx: &Context, a: CreateArgs) -> anyhow::Result<u8> {
    let req = NetworkCreate {
        name: a.name,
        driver: Some(a.driver),
        subnet: a.subnet,
        gateway: a.gateway,
        ip_range: a.ip_range,
        internal: a.internal,
        labels: key_values(&a.label),
        options: key_values(&a.opt),
    };
    let net = manager(ctx)?.store().create(&req)?;
    publish(ctx, "create", std::slice::from_ref(&net)).await;
    println!("{}", net.id());
    Ok(0)
}

async fn rm(ctx: &Context, a: RmArgs) -> anyhow::Result<u8> {
    let mgr = manager(ctx)?;
    let mut failed = false;
    for key in &a.networks {
        match mgr.remove_network(key) {
            Ok(net) => {
                publish(ctx, "destroy", &[net]).await;
                println!("{key}");
            }
            Err(linnet_network::Error::NetworkNotFound(_)) if a.force => {}
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {e}");
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

async fn prune(ctx: &Context, a: PruneArgs) -> anyhow::Result<u8> {
    let filters = Filters::parse(&a.filter, &["label"])?;
    if !a.force {
        print!("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Ok(0);
        }
    }
    let mgr = manager(ctx)?;
    let before = mgr.store().list()?;
    let removed = mgr.prune(&filters)?;
    let gone: Vec<_> = before
        .into_iter()
        .filter(|n| removed.iter().any(|r| r == n.name()))
        .collect();
    publish(ctx, "destroy", &gone).await;
    if !removed.is_empty() {
        println!("Deleted Networks:");
        for name in removed {
            println!("{name}");
        }
    }
    Ok(0)
}
