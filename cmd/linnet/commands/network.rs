//! `linnet network create|ls|inspect|rm|prune`: flags and output as Docker's; the work is in
//! `linnet-network`. A network in use is one with attached containers
//! ([`NetworkManager::users`]), so `rm` refuses it as soon as `run` attaches through the library.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use linnet_network::settings::network_inspect;
use linnet_network::store::{builtin_id, BUILTIN};
use linnet_network::{ManagerConfig, NetworkCreate, NetworkManager};
use serde_json::{json, Value};

use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::output::Table;
use crate::template::Template;

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
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Driver to manage the network (only `bridge`)
    #[arg(short = 'd', long, default_value = "bridge")]
    pub driver: String,
    /// Subnet in CIDR format (IPv4)
    #[arg(long)]
    pub subnet: Vec<String>,
    /// Gateway for the subnet
    #[arg(long)]
    pub gateway: Vec<String>,
    /// Allocate container addresses from a sub-range
    #[arg(long = "ip-range")]
    pub ip_range: Vec<String>,
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

fn manager(ctx: &Context) -> anyhow::Result<NetworkManager> {
    let cfg = ManagerConfig::new(
        ctx.paths.data_root(),
        ctx.paths.state_dir(),
        ctx.namespace(),
    );
    NetworkManager::new(cfg).context("cannot open the network store")
}

pub async fn run(ctx: &Context, cmd: NetworkCommand) -> anyhow::Result<u8> {
    match cmd {
        NetworkCommand::Create(a) => create(ctx, a),
        NetworkCommand::Ls(a) => ls(ctx, a),
        NetworkCommand::Inspect(a) => inspect(ctx, a),
        NetworkCommand::Rm(a) => rm(ctx, a),
        NetworkCommand::Prune(a) => prune(ctx, a),
    }
}

fn one(values: &[String], flag: &str) -> anyhow::Result<Option<String>> {
    match values {
        [] => Ok(None),
        [v] => Ok(Some(v.clone())),
        _ => anyhow::bail!("only one --{flag} is supported (IPv4 only)"),
    }
}

fn pairs(values: &[String]) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|v| match v.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (v.clone(), String::new()),
        })
        .collect()
}

fn create(ctx: &Context, a: CreateArgs) -> anyhow::Result<u8> {
    let req = NetworkCreate {
        name: a.name,
        driver: Some(a.driver),
        subnet: one(&a.subnet, "subnet")?,
        gateway: one(&a.gateway, "gateway")?,
        ip_range: one(&a.ip_range, "ip-range")?,
        internal: a.internal,
        labels: pairs(&a.label),
        options: pairs(&a.opt),
    };
    let net = manager(ctx)?.store().create(&req)?;
    println!("{}", net.id());
    Ok(0)
}

/// One `ls` row with Docker's JSON keys; `builtin` rows are `host` and `none`.
fn rows(mgr: &NetworkManager) -> anyhow::Result<Vec<(Value, bool)>> {
    let mut out = Vec::new();
    for net in mgr.store().list()? {
        let m = net.meta();
        let created = chrono::DateTime::parse_from_rfc3339(&m.created)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S%.f %z UTC").to_string())
            .unwrap_or_default();
        let labels: Vec<String> = m.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let row = json!({"CreatedAt": created, "Driver": m.driver, "ID": m.id, "IPv4": "true",
            "IPv6": "false", "Internal": m.internal.to_string(), "Labels": labels.join(","),
            "Name": m.name, "Scope": "local", "LabelMap": m.labels,
            "Dangling": mgr.users(&net).is_empty() && !m.default});
        out.push((row, m.default));
    }
    for name in BUILTIN {
        let row = json!({"CreatedAt": "", "Driver": if name == "host" { "host" } else { "null" },
            "ID": builtin_id(name), "IPv4": "false", "IPv6": "false", "Internal": "false",
            "Labels": "", "Name": name, "Scope": "local", "LabelMap": {}, "Dangling": false});
        out.push((row, true));
    }
    Ok(out)
}

fn matches(row: &Value, builtin: bool, filters: &BTreeMap<String, Vec<String>>) -> bool {
    let s = |k: &str| row[k].as_str().unwrap_or_default().to_string();
    filters.iter().all(|(key, values)| {
        values.iter().any(|v| match key.as_str() {
            "driver" => s("Driver") == *v,
            "id" => s("ID").starts_with(v.as_str()),
            "name" => s("Name").contains(v.as_str()),
            "scope" => v == "local",
            "type" => (v == "builtin") == builtin,
            "dangling" => row["Dangling"].as_bool() == Some(v == "true" || v == "1"),
            _ => match v.split_once('=') {
                Some((k, val)) => row["LabelMap"][k].as_str() == Some(val),
                None => row["LabelMap"].get(v.as_str()).is_some(),
            },
        })
    })
}

fn parse_filters(
    raw: &[String],
    allowed: &[&str],
) -> anyhow::Result<BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in raw {
        let (k, v) = f.split_once('=').unwrap_or((f.as_str(), ""));
        if !allowed.contains(&k) {
            anyhow::bail!("invalid filter '{k}'");
        }
        out.entry(k.to_string()).or_default().push(v.to_string());
    }
    Ok(out)
}

fn ls(ctx: &Context, a: LsArgs) -> anyhow::Result<u8> {
    let filters = parse_filters(
        &a.filter,
        &["driver", "id", "label", "name", "scope", "type", "dangling"],
    )?;
    let template = match a.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?),
        Some(other) => Some(Template::parse(other)?),
    };
    let mgr = manager(ctx)?;
    let mut rows: Vec<Value> = rows(&mgr)?
        .into_iter()
        .filter(|(row, builtin)| matches(row, *builtin, &filters))
        .map(|(mut row, _)| {
            if let Some(map) = row.as_object_mut() {
                map.remove("LabelMap");
                map.remove("Dangling");
            }
            row
        })
        .collect();
    rows.sort_by(|x, y| x["Name"].as_str().cmp(&y["Name"].as_str()));
    let id = |row: &Value| {
        let id = row["ID"].as_str().unwrap_or_default();
        if a.no_trunc {
            id.to_string()
        } else {
            id.chars().take(12).collect()
        }
    };
    let mut out = std::io::stdout().lock();
    if a.quiet {
        for row in &rows {
            writeln!(out, "{}", id(row))?;
        }
    } else if let Some(t) = template {
        write!(out, "{}", t.render_all(&rows)?)?;
    } else {
        let mut table = Table::new(&["NETWORK ID", "NAME", "DRIVER", "SCOPE"]);
        for row in &rows {
            let cell = |k: &str| row[k].as_str().unwrap_or_default().to_string();
            table.row(vec![id(row), cell("Name"), cell("Driver"), cell("Scope")]);
        }
        table.print(&mut out)?;
    }
    Ok(0)
}

fn inspect(ctx: &Context, a: InspectArgs) -> anyhow::Result<u8> {
    let template = match a.format.as_deref() {
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse(f)?),
        _ => None,
    };
    let mgr = manager(ctx)?;
    let mut values = Vec::new();
    let mut failed = false;
    for key in &a.networks {
        match mgr.store().get(key) {
            Ok(net) => values.push(network_inspect(&net, &mgr.users(&net))),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {e}");
            }
        }
    }
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(&serde_json::to_value(v)?)?)?;
            }
        }
        None => {
            // The structs themselves, not a `Value`: Docker's key order.
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
            serde::Serialize::serialize(&values, &mut ser)?;
            writeln!(out)?;
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

fn rm(ctx: &Context, a: RmArgs) -> anyhow::Result<u8> {
    let mgr = manager(ctx)?;
    let mut failed = false;
    for key in &a.networks {
        if BUILTIN.contains(&key.as_str()) {
            failed = true;
            eprintln!("linnet: error: {key} is a pre-defined network and cannot be removed");
            continue;
        }
        match mgr.remove_network(key) {
            Ok(_) => println!("{key}"),
            Err(linnet_network::Error::NetworkNotFound(_)) if a.force => {}
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {e}");
            }
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

fn prune(ctx: &Context, a: PruneArgs) -> anyhow::Result<u8> {
    let filters = parse_filters(&a.filter, &["label"])?;
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
    let removed = mgr.prune(|net| {
        let row = json!({"LabelMap": net.meta().labels});
        !matches(&row, false, &filters)
    })?;
    if !removed.is_empty() {
        println!("Deleted Networks:");
        for name in removed {
            println!("{name}");
        }
    }
    Ok(0)
}
