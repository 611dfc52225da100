//! `linnet inspect`: Docker-style JSON for containers (and images, by name).

use std::io::Write;

use clap::Args;
use linnet_container::{labels, ops};
use linnet_containerd::{Container, TaskInfo};
use serde_json::{json, Value};

use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Only inspect objects of this type: container or image
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Format the output using a Go-style template such as '{{.State.Status}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Containers or images
    #[arg(required = true)]
    pub objects: Vec<String>,
}

pub async fn run(ctx: &Context, args: InspectArgs) -> anyhow::Result<u8> {
    let kind = args.kind.as_deref().unwrap_or("");
    if !matches!(kind, "" | "container" | "image") {
        anyhow::bail!("unsupported --type {kind:?}: expected container or image");
    }
    let template = match args.format.as_deref() {
        Some("raw") | Some("table") | Some("wide") => {
            anyhow::bail!(
                "unsupported format for inspect: {:?}",
                args.format.as_deref().unwrap_or_default()
            )
        }
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse(f)?),
        _ => None,
    };
    let client = ctx.client().await?;
    let tasks = crate::util::tasks_by_id(&client).await?;
    let mut values = Vec::new();
    let mut failed = false;
    for object in &args.objects {
        let found = if kind == "image" {
            None
        } else {
            match ops::resolve(&client, object).await {
                Ok(c) => Some(container_json(ctx, &c, tasks.get(&c.id))),
                Err(linnet_container::Error::NoSuchContainer(_)) => None,
                Err(e) => {
                    failed = true;
                    eprintln!("linnet: error: {e}");
                    continue;
                }
            }
        };
        match found {
            Some(v) => values.push(v),
            None if kind == "container" => {
                failed = true;
                eprintln!("linnet: error: no such container: {object}");
            }
            None => match crate::views::image_inspect_json(ctx, std::slice::from_ref(object)).await
            {
                Ok(mut v) => values.append(&mut v),
                Err(_) => {
                    failed = true;
                    eprintln!("linnet: error: no such object: {object}");
                }
            },
        }
    }
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(v)?)?;
            }
        }
        None => {
            let mut buf = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
            serde::Serialize::serialize(&values, &mut ser)?;
            out.write_all(&buf)?;
            writeln!(out)?;
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}

const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

fn label<'a>(c: &'a Container, key: &str) -> &'a str {
    c.labels.get(key).map(String::as_str).unwrap_or_default()
}

fn json_label(c: &Container, key: &str) -> Value {
    // Docker shows an empty Entrypoint/Cmd as null.
    match c.labels.get(key).and_then(|v| serde_json::from_str(v).ok()) {
        Some(Value::Array(a)) if a.is_empty() => Value::Null,
        Some(v) => v,
        None => Value::Null,
    }
}

/// User labels only (linnet's own bookkeeping labels are hidden).
pub fn user_labels(c: &Container) -> serde_json::Map<String, Value> {
    let mut keys: Vec<&String> = c
        .labels
        .keys()
        .filter(|k| !k.starts_with(labels::PREFIX))
        .collect();
    keys.sort();
    keys.into_iter()
        .map(|k| (k.clone(), Value::String(c.labels[k].clone())))
        .collect()
}

/// Docker's container inspect object.
pub fn container_json(ctx: &Context, c: &Container, task: Option<&TaskInfo>) -> Value {
    let state = ops::state_of(c, task);
    let spec = linnet_spec::from_json(&c.spec).ok();
    let process = spec.as_ref().and_then(|s| s.process().clone());
    let args: Vec<String> = process
        .as_ref()
        .and_then(|p| p.args().clone())
        .unwrap_or_default();
    let env: Vec<String> = process
        .as_ref()
        .and_then(|p| p.env().clone())
        .unwrap_or_default();
    let cwd = process
        .as_ref()
        .map(|p| p.cwd().display().to_string())
        .unwrap_or_default();
    let user = process
        .as_ref()
        .map(|p| {
            let u = p.user();
            if u.uid() == 0 && u.gid() == 0 {
                String::new()
            } else {
                format!("{}:{}", u.uid(), u.gid())
            }
        })
        .unwrap_or_default();
    let dir = ctx.container_dir(&c.id);
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(ops::format_time)
            .unwrap_or_else(|| ZERO_TIME.to_string())
    };
    let image_ref = match label(c, labels::IMAGE_REF) {
        "" => c.image.as_str(),
        r => r,
    };
    let running = state.status == ops::Status::Running || state.status == ops::Status::Paused;
    let mounts = match json_label(c, labels::MOUNTS) {
        Value::Array(a) => Value::Array(a),
        _ => Value::Array(Vec::new()),
    };
    json!({
        "Id": c.id,
        "Created": time(c.created_at),
        "Path": args.first().cloned().unwrap_or_default(),
        "Args": args.iter().skip(1).cloned().collect::<Vec<_>>(),
        "State": {
            "Status": state.status.as_str(),
            "Running": running,
            "Paused": state.status == ops::Status::Paused,
            "Restarting": false,
            "OOMKilled": false,
            "Dead": false,
            "Pid": state.pid,
            "ExitCode": state.exit_code,
            "Error": "",
            "StartedAt": time(state.started_at),
            "FinishedAt": time(state.finished_at),
        },
        "Image": label(c, labels::IMAGE_ID),
        "ResolvConfPath": dir.join("resolv.conf").display().to_string(),
        "HostnamePath": dir.join("hostname").display().to_string(),
        "HostsPath": dir.join("hosts").display().to_string(),
        "LogPath": label(c, labels::LOG_PATH),
        "Name": format!("/{}", ops::name_of(c).unwrap_or_default()),
        "RestartCount": 0,
        "Driver": c.snapshotter,
        "Platform": "linux",
        "Mounts": mounts,
        "Config": {
            "Hostname": label(c, labels::HOSTNAME),
            "Domainname": "",
            "User": user,
            "AttachStdin": false,
            "AttachStdout": false,
            "AttachStderr": false,
            "Tty": label(c, labels::TTY) == "true",
            "OpenStdin": label(c, labels::STDIN_OPEN) == "true",
            "Env": env,
            "Cmd": json_label(c, labels::CMD),
            "Image": image_ref,
            "WorkingDir": cwd,
            "Entrypoint": json_label(c, labels::ENTRYPOINT),
            "Labels": user_labels(c),
        },
        "HostConfig": {
            "NetworkMode": match label(c, labels::NETWORK) { "" => "host", n => n },
            "AutoRemove": label(c, labels::AUTO_REMOVE) == "true",
            "LogConfig": { "Type": "json-file", "Config": {} },
            // Docker shows null when no --security-opt was given.
            "SecurityOpt": match json_label(c, labels::SECURITY_OPT) {
                Value::Array(a) if !a.is_empty() => Value::Array(a),
                _ => Value::Null,
            },
        },
        "NetworkSettings": {},
    })
}
