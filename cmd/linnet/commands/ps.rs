//! `linnet ps`: list containers with Docker's columns.

use std::io::Write;

use chrono::Utc;
use clap::Args;
use linnet_container::{labels, network, ops};
use linnet_containerd::Container;
use serde_json::{json, Value};

use crate::context::Context;
use crate::exit::{ExitError, CODE_FAILURE};
use crate::output::{human_duration, time_ago, Table};
use crate::template::Template;

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
    /// Filter output based on conditions provided (id, name, label, status, exited, ancestor,
    /// before, since, volume, network, health, publish, expose, isolation, is-task)
    #[arg(short = 'f', long = "filter", value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Display total file sizes
    #[arg(short = 's', long)]
    pub size: bool,
}

pub async fn run(ctx: &Context, args: PsArgs) -> anyhow::Result<u8> {
    let format = args.format.as_deref().unwrap_or("");
    if args.quiet && !format.is_empty() {
        anyhow::bail!("format and quiet must not be specified together");
    }
    let template = match format {
        "" | "table" | "json" => None,
        "raw" | "wide" => anyhow::bail!("unsupported format: {format:?}"),
        other => Some(Template::parse(other)?.context("*formatter.ContainerContext")),
    };
    // As Docker, a template that shows `.Size` turns `-s` on.
    let size = args.size || template.as_ref().is_some_and(|t| t.uses("Size"));
    let client = ctx.client().await?;
    let scope = ctx.scope();
    let mut filter = if args.filter.is_empty() {
        None
    } else {
        let filters = linnet_container::filter::Filters::parse(&args.filter)
            .map_err(|e| ExitError::new(CODE_FAILURE, e.to_string()))?;
        Some(linnet_container::filter::PsFilter::new(&client, filters).await?)
    };
    crate::util::reclaim_networks(&client, &scope).await;
    let tasks = crate::util::tasks_by_id(&client).await?;
    let mut containers = client.container_list(&[]).await?;
    containers.sort_by_key(|c| std::cmp::Reverse(c.created_at));
    let last = if args.latest { 1 } else { args.last };
    let all = args.all || last >= 0 || filter.as_ref().is_some_and(|f| f.implies_all());
    if let Some(f) = &mut filter {
        f.prepare(&client, &containers).await;
    }
    // As Docker, `-n` counts the containers that pass the filters.
    let mut selected: Vec<(Container, ops::State)> = Vec::new();
    for c in containers {
        if last >= 0 && selected.len() >= last as usize {
            break;
        }
        let s = ops::state_of(&c, tasks.get(&c.id));
        let listed = matches!(
            s.status,
            ops::Status::Running | ops::Status::Paused | ops::Status::Restarting
        );
        if !all && !listed {
            continue;
        }
        if let Some(f) = &filter {
            if !f.matches(&c, &s, health_of(&scope, &c).as_deref()) {
                continue;
            }
        }
        selected.push((c, s));
    }
    let containers = selected;

    let mut out = std::io::stdout().lock();
    if args.quiet {
        for (c, _) in &containers {
            writeln!(out, "{}", short(&c.id, args.no_trunc))?;
        }
        return Ok(0);
    }
    let mut items: Vec<Value> = containers
        .iter()
        .map(|(c, s)| {
            let health = health_of(&scope, c);
            item(
                c,
                s,
                args.no_trunc,
                &network::ports_column(&scope, c),
                health.as_deref(),
            )
        })
        .collect();
    if size {
        let mut counter = linnet_container::usage::SizeCounter::new();
        for ((c, _), v) in containers.iter().zip(items.iter_mut()) {
            v["Size"] = Value::String(counter.size(&client, c).await.column());
        }
    }
    if format == "json" {
        for v in &items {
            let row = serde_json::to_string(v)?;
            writeln!(out, "{}", linnet_template::html_escape_json(&row))?;
        }
        return Ok(0);
    }
    if let Some(t) = template {
        write!(out, "{}", t.render_all(&items)?)?;
        return Ok(0);
    }
    let mut header = vec![
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "CREATED",
        "STATUS",
        "PORTS",
        "NAMES",
    ];
    if args.size {
        header.push("SIZE");
    }
    let mut table = Table::new(&header);
    for v in &items {
        let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let mut row = vec![
            field("ID"),
            field("Image"),
            field("Command"),
            field("RunningFor"),
            field("Status"),
            field("Ports"),
            field("Names"),
        ];
        if args.size {
            row.push(field("Size"));
        }
        table.row(row);
    }
    table.print(&mut out)?;
    Ok(0)
}

fn short(id: &str, no_trunc: bool) -> String {
    if no_trunc {
        id.to_string()
    } else {
        id.chars().take(12).collect()
    }
}

/// Docker's `"sh -c 'sle…"` command column: quoted, and cut to 20 characters unless no_trunc.
fn command_column(c: &Container, no_trunc: bool) -> String {
    let args: Vec<String> = linnet_spec::from_json(&c.spec)
        .ok()
        .and_then(|s| s.process().clone())
        .and_then(|p| p.args().clone())
        .unwrap_or_default();
    let command = linnet_container::init::user_args(&args).join(" ");
    let command = ellipsis(&command, if no_trunc { usize::MAX } else { 20 });
    serde_json::to_string(&command).unwrap_or_default()
}

/// Docker's `stringutils.Ellipsis`: at most `max` characters, the last one `…` when cut.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    s.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
}

/// The health status of a container with an active health check, from its monitor's file.
fn health_of(scope: &linnet_container::Scope, c: &Container) -> Option<String> {
    linnet_container::Lifecycle::of(c).active_healthcheck()?;
    linnet_container::health::read_state(&scope.container_dir(&c.id)).map(|h| h.status)
}

fn status_column(s: &ops::State, health: Option<&str>) -> String {
    let since = |t: Option<chrono::DateTime<Utc>>| {
        t.map(|t| human_duration((Utc::now() - t).to_std().unwrap_or_default()))
            .unwrap_or_default()
    };
    match s.status {
        ops::Status::Running => match health {
            Some("starting") => format!("Up {} (health: starting)", since(s.started_at)),
            Some(h) => format!("Up {} ({h})", since(s.started_at)),
            None => format!("Up {}", since(s.started_at)),
        },
        ops::Status::Restarting => {
            format!("Restarting ({}) {} ago", s.exit_code, since(s.finished_at))
        }
        ops::Status::Paused => format!("Up {} (Paused)", since(s.started_at)),
        ops::Status::Exited => match s.finished_at {
            Some(_) => format!("Exited ({}) {} ago", s.exit_code, since(s.finished_at)),
            None => format!("Exited ({})", s.exit_code),
        },
        ops::Status::Created => "Created".to_string(),
        ops::Status::Unknown => "Unknown".to_string(),
    }
}

fn item(c: &Container, s: &ops::State, no_trunc: bool, ports: &str, health: Option<&str>) -> Value {
    let image = c
        .labels
        .get(labels::IMAGE_REF)
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| c.image.clone());
    let mut user: Vec<String> = c
        .labels
        .iter()
        .filter(|(k, _)| !k.starts_with(labels::PREFIX))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    user.sort();
    let record = linnet_container::Record::decode(&c.labels);
    let mounts: Vec<String> = record
        .mounts
        .iter()
        .map(|m| {
            let name = match m["Name"].as_str().unwrap_or_default() {
                "" => m["Source"].as_str().unwrap_or_default(),
                n => n,
            };
            ellipsis(name, if no_trunc { usize::MAX } else { 15 })
        })
        .collect();
    let local_volumes = record
        .mounts
        .iter()
        .filter(|m| m["Driver"] == "local")
        .count();
    // Docker lists the network a container is configured for, also when it is not running; a
    // container sharing another's network has none of its own.
    let networks = match record.network.as_str() {
        "" => "host",
        n if n.starts_with("container:") => "",
        n => n,
    };
    json!({
        "Command": command_column(c, no_trunc),
        "CreatedAt": c.created_at.map(|t| t.format("%Y-%m-%d %H:%M:%S %z UTC").to_string()).unwrap_or_default(),
        "ID": short(&c.id, no_trunc),
        "Image": image,
        "Platform": c.labels.get(labels::PLATFORM).cloned().unwrap_or_default(),
        "Names": ops::name_of(c).unwrap_or_default(),
        "Ports": ports,
        "Status": status_column(s, health),
        "State": s.status.as_str(),
        "RunningFor": time_ago(c.created_at),
        "Runtime": c.runtime,
        "Size": "0B",
        "Labels": user.join(","),
        "Mounts": mounts.join(","),
        "LocalVolumes": local_volumes.to_string(),
        "Networks": networks,
    })
}
