//! `linnet system df [-v]`: Docker's TYPE/TOTAL/ACTIVE/SIZE/RECLAIMABLE summary, the per-item
//! tables of `-v`, and `--format`; the measuring is `linnet_container::disk_usage`.

use std::io::Write;

use clap::Args;
use linnet_container::disk_usage::{disk_usage, DiskUsage};
use serde_json::{json, Value};

use crate::context::Context;
use crate::df_view::{containers_json, images_json, volumes_json};
use crate::output::{docker_size, short_id};
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

/// Docker's `HumanSize (N%)`, or the bare size when the total is 0.
fn reclaimable(part: u64, total: u64) -> String {
    match (part.saturating_mul(100)).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", docker_size(part)),
        None => docker_size(part),
    }
}

fn summary(u: &DiskUsage) -> Vec<Value> {
    u.summary()
        .iter()
        .map(|r| {
            // Build Cache shows a bare size, as Docker's.
            let rec = if r.kind == "Build Cache" { docker_size(0) } else { reclaimable(r.reclaimable, r.size) };
            json!({"Type": r.kind, "TotalCount": r.total.to_string(), "Active": r.active.to_string(),
                   "Size": docker_size(r.size), "Reclaimable": rec})
        })
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
