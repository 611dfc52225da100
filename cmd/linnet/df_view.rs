//! The rows of `system df -v` (and its `--format` object) in Docker's field names and units.

use chrono::Utc;
use linnet_container::disk_usage::DiskUsage;
use linnet_container::ops::Status;
use serde_json::{json, Value};

use crate::output::{docker_size, human_duration, short_id, time_ago};

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

fn repo_tag(name: Option<&String>) -> (String, String) {
    match name.map(|n| linnet_reference::Reference::parse(n)) {
        Some(Ok(r)) => (r.familiar_name(), r.tag().unwrap_or("<none>").to_string()),
        _ => ("<none>".to_string(), "<none>".to_string()),
    }
}

pub fn images_json(u: &DiskUsage) -> Vec<Value> {
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

pub fn containers_json(u: &DiskUsage) -> Vec<Value> {
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

pub fn volumes_json(u: &DiskUsage) -> Vec<Value> {
    u.volumes
        .iter()
        .map(|v| json!({"Name": v.name, "Links": v.links.to_string(), "Size": docker_size(v.size)}))
        .collect()
}
