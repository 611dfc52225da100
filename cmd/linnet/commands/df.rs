//! `linnet system df [-v]`: Docker's TYPE/TOTAL/ACTIVE/SIZE/RECLAIMABLE summary, the per-item
//! tables of `-v`, and `--format`; the measuring is `linnet_container::disk_usage`.

use std::io::Write;

use chrono::Utc;
use clap::Args;
use linnet_container::disk_usage::{disk_usage, DiskUsage};
use linnet_container::ops::Status;
use serde_json::{json, Value};

use crate::context::Context;
use crate::output::{docker_size, human_duration, short_id, time_ago};
use crate::template::Template;

#[derive(Debug, Args)]
pub struct DfArgs {
    /// Show detailed information on space usage
    #[arg(short, long)]
    pub verbose: bool,
    /// Format output: table, json, or a Go-style template such as '{{.Type}}'
    #[arg(long)]
    pub format: Option<String>,
}

pub async fn run(ctx: &Context, a: DfArgs) -> anyhow::Result<u8> {
    let template = match a.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?),
        Some(other) => Some(Template::parse(other)?),
    };
    let client = ctx.client().await?;
    let usage = disk_usage(&client, &ctx.scope(), ctx.snapshotter()).await?;
    let mut out = std::io::stdout().lock();
    match (template, a.verbose) {
        (Some(t), false) => write!(out, "{}", t.render_all(&summary(&usage))?)?,
        (Some(t), true) => writeln!(out, "{}", t.render(&verbose_json(&usage))?)?,
        (None, false) => {
            let rows: Vec<Vec<String>> = summary(&usage)
                .iter()
                .map(|r| {
                    ["Type", "TotalCount", "Active", "Size", "Reclaimable"]
                        .iter()
                        .map(|k| r[*k].as_str().unwrap_or_default().to_string())
                        .collect()
                })
                .collect();
            tab(
                &mut out,
                &["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
                &rows,
            )?;
        }
        (None, true) => verbose_tables(&mut out, &usage)?,
    }
    Ok(0)
}

/// go-units `HumanSizeWithPrecision(size, 3)`, Docker's image SIZE column: `%.3g`.
fn human_size_3(bytes: u64) -> String {
    let text = docker_size(bytes);
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    match number.parse::<f64>() {
        Ok(v) if v >= 1.0 => {
            let digits = (2 - v.log10().floor() as i32).max(0) as usize;
            let n = format!("{v:.digits$}");
            let n = if n.contains('.') {
                n.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                n
            };
            format!("{n}{unit}")
        }
        _ => text,
    }
}

/// Docker's `HumanSize (N%)`, or the bare size when the total is 0.
fn reclaimable(part: u64, total: u64) -> String {
    if total == 0 {
        docker_size(part)
    } else {
        format!("{} ({}%)", docker_size(part), part * 100 / total)
    }
}

fn summary(u: &DiskUsage) -> Vec<Value> {
    let containers_size: u64 = u.containers.iter().map(|c| c.size_rw).sum();
    let volumes_size: u64 = u.volumes.iter().map(|v| v.size).sum();
    let row = |kind: &str, total: usize, active: usize, size: u64, rec: String| {
        json!({"Type": kind, "TotalCount": total.to_string(), "Active": active.to_string(),
               "Size": docker_size(size), "Reclaimable": rec})
    };
    vec![
        row(
            "Images",
            u.images.len(),
            u.images.iter().filter(|i| i.containers > 0).count(),
            u.images_total,
            reclaimable(u.images_reclaimable(), u.images_total),
        ),
        row(
            "Containers",
            u.containers.len(),
            u.containers
                .iter()
                .filter(|c| c.state.status == Status::Running)
                .count(),
            containers_size,
            reclaimable(u.containers_reclaimable(), containers_size),
        ),
        row(
            "Local Volumes",
            u.volumes.len(),
            u.volumes.iter().filter(|v| v.links > 0).count(),
            volumes_size,
            reclaimable(u.volumes_reclaimable(), volumes_size),
        ),
        row("Build Cache", 0, 0, 0, docker_size(0)),
    ]
}

fn repo_tag(name: Option<&String>) -> (String, String) {
    match name.map(|n| linnet_reference::Reference::parse(n)) {
        Some(Ok(r)) => (r.familiar_name(), r.tag().unwrap_or("<none>").to_string()),
        _ => ("<none>".to_string(), "<none>".to_string()),
    }
}

fn images_json(u: &DiskUsage) -> Vec<Value> {
    let mut out = Vec::new();
    for i in &u.images {
        let names: Vec<Option<&String>> = if i.names.is_empty() {
            vec![None]
        } else {
            i.names.iter().map(Some).collect()
        };
        for name in names {
            let (repo, tag) = repo_tag(name);
            out.push(json!({
                "Repository": repo, "Tag": tag, "ID": i.id,
                "CreatedSince": i.created.map_or("N/A".to_string(), |c| time_ago(Some(c))),
                "CreatedAt": i.created.unwrap_or_default().format("%Y-%m-%d %H:%M:%S %z UTC").to_string(),
                "Size": human_size_3(i.size), "SharedSize": docker_size(i.shared_size),
                "UniqueSize": docker_size(i.size - i.shared_size), "VirtualSize": docker_size(i.size),
                "Containers": i.containers.to_string(),
            }));
        }
    }
    out
}

fn containers_json(u: &DiskUsage) -> Vec<Value> {
    let since = |t: Option<chrono::DateTime<Utc>>| {
        t.map(|t| human_duration((Utc::now() - t).to_std().unwrap_or_default()))
            .unwrap_or_default()
    };
    u.containers
        .iter()
        .map(|c| {
            let s = &c.state;
            let status = match s.status {
                Status::Running => format!("Up {}", since(s.started_at)),
                Status::Paused => format!("Up {} (Paused)", since(s.started_at)),
                Status::Exited if s.finished_at.is_some() => {
                    format!("Exited ({}) {} ago", s.exit_code, since(s.finished_at))
                }
                Status::Exited => format!("Exited ({})", s.exit_code),
                Status::Restarting => format!("Restarting ({})", s.exit_code),
                Status::Created => "Created".to_string(),
                Status::Unknown => "Unknown".to_string(),
            };
            let cont = &c.container;
            let image = cont
                .labels
                .get(linnet_container::labels::IMAGE_REF)
                .filter(|v| !v.is_empty())
                .unwrap_or(&cont.image);
            json!({
                "ID": short_id(&cont.id, false), "Image": image, "Command": command(cont),
                "LocalVolumes": c.volumes.to_string(), "Size": docker_size(c.size_rw),
                "RunningFor": time_ago(cont.created_at), "Status": status,
                "Names": linnet_container::ops::name_of(cont).unwrap_or_default(),
            })
        })
        .collect()
}

/// Docker's quoted COMMAND column, cut to 20 characters.
fn command(c: &linnet_containerd::Container) -> String {
    let args: Vec<String> = linnet_spec::from_json(&c.spec)
        .ok()
        .and_then(|s| s.process().clone())
        .and_then(|p| p.args().clone())
        .unwrap_or_default();
    let mut text = linnet_container::init::user_args(&args).join(" ");
    if text.chars().count() > 20 {
        text = text.chars().take(19).collect::<String>() + "…";
    }
    serde_json::to_string(&text).unwrap_or_default()
}

fn volumes_json(u: &DiskUsage) -> Vec<Value> {
    u.volumes
        .iter()
        .map(|v| json!({"Name": v.name, "Links": v.links.to_string(), "Size": docker_size(v.size)}))
        .collect()
}

fn verbose_json(u: &DiskUsage) -> Value {
    json!({"Images": images_json(u), "Containers": containers_json(u),
           "Volumes": volumes_json(u), "BuildCache": []})
}

fn verbose_tables(out: &mut dyn Write, u: &DiskUsage) -> std::io::Result<()> {
    let cells = |rows: &[Value], keys: &[&str]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| {
                keys.iter()
                    .map(|k| r[*k].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect()
    };
    let images: Vec<Value> = images_json(u)
        .into_iter()
        .map(|mut v| {
            v["ID"] = json!(short_id(v["ID"].as_str().unwrap_or_default(), false));
            v
        })
        .collect();
    writeln!(out, "Images space usage:\n")?;
    let keys = [
        "Repository",
        "Tag",
        "ID",
        "CreatedSince",
        "Size",
        "SharedSize",
        "UniqueSize",
        "Containers",
    ];
    let header = [
        "REPOSITORY",
        "TAG",
        "IMAGE ID",
        "CREATED",
        "SIZE",
        "SHARED SIZE",
        "UNIQUE SIZE",
        "CONTAINERS",
    ];
    tab(out, &header, &cells(&images, &keys))?;
    writeln!(out, "\nContainers space usage:\n")?;
    let keys = [
        "ID",
        "Image",
        "Command",
        "LocalVolumes",
        "Size",
        "RunningFor",
        "Status",
        "Names",
    ];
    let header = [
        "CONTAINER ID",
        "IMAGE",
        "COMMAND",
        "LOCAL VOLUMES",
        "SIZE",
        "CREATED",
        "STATUS",
        "NAMES",
    ];
    tab(out, &header, &cells(&containers_json(u), &keys))?;
    writeln!(out, "\nLocal Volumes space usage:\n")?;
    tab(
        out,
        &["VOLUME NAME", "LINKS", "SIZE"],
        &cells(&volumes_json(u), &["Name", "Links", "Size"]),
    )?;
    writeln!(out, "\nBuild cache usage: 0B\n")?;
    let header = [
        "CACHE ID",
        "CACHE TYPE",
        "SIZE",
        "CREATED",
        "LAST USED",
        "USAGE",
        "SHARED",
    ];
    tab(out, &header, &[])
}

/// Docker's tabwriter (minimum cell width 10, padding 3); the last column is not padded.
fn tab(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let head: Vec<String> = header.iter().map(|s| s.to_string()).collect();
    let all: Vec<&Vec<String>> = std::iter::once(&head).chain(rows).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            all.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()) + 3)
                .max()
                .unwrap_or(0)
                .max(10)
        })
        .collect();
    for row in all {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count()));
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
