//! `linnet volume create|ls|inspect|rm|prune`: flags and output as Docker's; the store is
//! `linnet-volume`, and "in use" (any container of the namespace, running or not, recording the
//! volume) comes from the container library.

use std::io::Write;

use clap::{Args, Subcommand};
use linnet_container::volumes;
use linnet_volume::listing::{self, Filters, LS_FILTERS};
use linnet_volume::store::key_values;
use linnet_volume::CreateOptions;

use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::output;
use crate::template::{Template, VOLUME_CONTEXT};

#[derive(Debug, Subcommand)]
pub enum VolumeCommand {
    /// Create a volume
    Create(CreateArgs),
    /// List volumes
    #[command(alias = "list")]
    Ls(LsArgs),
    /// Display detailed information on one or more volumes
    Inspect(InspectArgs),
    /// Remove one or more volumes
    #[command(alias = "remove")]
    Rm(RmArgs),
    /// Remove all unused local volumes
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Volume driver name (only `local`)
    #[arg(short = 'd', long, default_value = "local")]
    pub driver: String,
    /// Set metadata for a volume (key=value)
    #[arg(long)]
    pub label: Vec<String>,
    /// Set driver specific options (type=, device=, o=)
    #[arg(short = 'o', long = "opt")]
    pub opt: Vec<String>,
    /// Volume name (a random 64-hex name when omitted)
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only display volume names
    #[arg(short, long)]
    pub quiet: bool,
    /// Filter output (dangling=true|false, driver=, label=KEY[=VALUE], name=)
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
    pub volumes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Do not error if the volume does not exist
    #[arg(short, long)]
    pub force: bool,
    #[arg(required = true)]
    pub volumes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Do not prompt for confirmation
    #[arg(short, long)]
    pub force: bool,
    /// Only prune volumes matching label=KEY[=VALUE]
    #[arg(long)]
    pub filter: Vec<String>,
}

pub async fn run(ctx: &Context, cmd: VolumeCommand) -> anyhow::Result<u8> {
    match cmd {
        VolumeCommand::Create(a) => create(ctx, a).await,
        VolumeCommand::Ls(a) => ls(ctx, a).await,
        VolumeCommand::Inspect(a) => inspect(ctx, a),
        VolumeCommand::Rm(a) => rm(ctx, a).await,
        VolumeCommand::Prune(a) => prune(ctx, a).await,
    }
}

async fn create(ctx: &Context, a: CreateArgs) -> anyhow::Result<u8> {
    let request = CreateOptions {
        // A volume made by `volume create` is never removed with a container, named or not.
        anonymous: false,
        name: a.name,
        driver: Some(a.driver),
        labels: key_values(&a.label),
        options: key_values(&a.opt),
    };
    let (volume, _) = volumes::store(&ctx.scope()).create(&request)?;
    // Docker reports a create even for a volume that existed (best effort: no containerd, no one
    // to tell).
    if let Ok(client) = ctx.client().await {
        linnet_container::events::objects::volume_event(&client, "create", volume.name()).await;
    }
    println!("{}", volume.name());
    Ok(0)
}

async fn ls(ctx: &Context, a: LsArgs) -> anyhow::Result<u8> {
    let filters = Filters::parse(&a.filter, LS_FILTERS)?;
    let template = match a.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?.context(VOLUME_CONTEXT)),
        Some(other) => Some(
            Template::parse(other)?
                .headers(crate::template::VOLUME_HEADERS)
                .context(VOLUME_CONTEXT),
        ),
    };
    let all = volumes::store(&ctx.scope()).list()?;
    // Only a dangling filter needs the containers (and so containerd).
    let users = if a.filter.iter().any(|f| f.starts_with("dangling")) {
        volumes::users(&ctx.client().await?).await?
    } else {
        Default::default()
    };
    let shown: Vec<_> = all
        .iter()
        .filter(|v| filters.matches(v, users.contains_key(v.name())))
        .collect();
    let mut out = std::io::stdout().lock();
    if a.quiet {
        for v in &shown {
            writeln!(out, "{}", v.name())?;
        }
    } else if let Some(t) = template {
        let values = shown
            .iter()
            .map(|v| serde_json::to_value(listing::row_json(v)))
            .collect::<Result<Vec<_>, _>>()?;
        write!(out, "{}", t.render_all(&values)?)?;
    } else {
        // Docker's tabwriter: padding 3, minimum cell width 10 ("DRIVER    VOLUME NAME").
        let width = shown
            .iter()
            .map(|v| v.meta.driver.len() + 3)
            .chain([10])
            .max()
            .unwrap_or(10);
        writeln!(out, "{:<width$}VOLUME NAME", "DRIVER")?;
        for v in &shown {
            writeln!(out, "{:<width$}{}", v.meta.driver, v.name())?;
        }
    }
    Ok(0)
}

fn inspect(ctx: &Context, a: InspectArgs) -> anyhow::Result<u8> {
    let template = match a.format.as_deref() {
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse_inspect(f)?),
        _ => None,
    };
    let store = volumes::store(&ctx.scope());
    let mut values = Vec::new();
    let mut failed = false;
    for name in &a.volumes {
        match store.get(name) {
            Ok(v) => values.push(listing::inspect_json(&v)),
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
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
            serde::Serialize::serialize(&values, &mut ser)?;
            writeln!(out)?;
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

async fn rm(ctx: &Context, a: RmArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let scope = ctx.scope();
    let mut failed = false;
    for name in &a.volumes {
        match volumes::remove(&client, &scope, name).await {
            Ok(()) => println!("{name}"),
            Err(linnet_container::Error::Volume(linnet_volume::Error::NoSuchVolume(_)))
                if a.force => {}
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
        print!("WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            return Ok(0);
        }
    }
    let (removed, reclaimed) = volumes::prune(&ctx.client().await?, &ctx.scope(), &filters).await?;
    if !removed.is_empty() {
        println!("Deleted Volumes:");
        for name in &removed {
            println!("{name}");
        }
        println!();
    }
    println!("Total reclaimed space: {}", output::docker_size(reclaimed));
    Ok(0)
}
