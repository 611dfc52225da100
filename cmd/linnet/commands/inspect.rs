//! `linnet inspect`: Docker-style JSON for containers (and images, by name).

use std::io::Write;

use clap::Args;
use linnet_container::{labels, network, ops, Record};
use linnet_containerd::{Container, TaskInfo};
use serde_json::{json, Value};

use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Only inspect objects of this type: container, image or volume
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Format the output using a Go-style template such as '{{.State.Status}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Containers, images or volumes
    #[arg(required = true)]
    pub objects: Vec<String>,
}

pub async fn run(ctx: &Context, args: InspectArgs) -> anyhow::Result<u8> {
    let kind = args.kind.as_deref().unwrap_or("");
    if !matches!(kind, "" | "container" | "image" | "volume") {
        anyhow::bail!("unsupported --type {kind:?}: expected container, image or volume");
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
        let found = if kind == "image" || kind == "volume" {
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
            None => {
                let image = match kind {
                    "volume" => None,
                    _ => crate::views::image_inspect_json(ctx, std::slice::from_ref(object))
                        .await
                        .ok(),
                };
                // Then a volume, as Docker's inspect.
                let volume = || {
                    let store = linnet_container::volumes::store(&ctx.scope());
                    let v = store.find(object).ok().flatten()?;
                    serde_json::to_value(linnet_volume::listing::inspect_json(&v)).ok()
                };
                match image {
                    Some(mut v) => values.append(&mut v),
                    None => match volume().filter(|_| kind != "image") {
                        Some(v) => values.push(v),
                        None => {
                            failed = true;
                            eprintln!("linnet: error: no such object: {object}");
                        }
                    },
                }
            }
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

/// Docker shows an empty Entrypoint/Cmd/SecurityOpt as null.
fn null_if_empty<T: serde::Serialize>(items: &[T]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        json!(items)
    }
}

/// Adds the resource and privilege fields (`Memory`, `NanoCpus`, `Privileged`, `CapAdd`...).
fn with_host_settings(c: &Container, mut host_config: Value) -> Value {
    if let Value::Object(map) = &mut host_config {
        map.extend(linnet_container::HostSettings::decode(&c.labels).inspect_fields());
    }
    host_config
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
    let spec_args: Vec<String> = process
        .as_ref()
        .and_then(|p| p.args().clone())
        .unwrap_or_default();
    // Docker's Path/Args are the container's command, never the `--init` wrapper.
    let args = linnet_container::init::user_args(&spec_args);
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
    let scope = ctx.scope();
    let dir = network::files_dir(&scope, c).unwrap_or_else(|| ctx.container_dir(&c.id));
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(ops::format_time)
            .unwrap_or_else(|| ZERO_TIME.to_string())
    };
    let record = Record::decode(&c.labels);
    let host_mounts = linnet_container::volumes::HostMounts::decode(&c.labels);
    let image_ref = match record.image_ref.as_str() {
        "" => c.image.as_str(),
        r => r,
    };
    // Docker counts a restarting container as running.
    let running = matches!(
        state.status,
        ops::Status::Running | ops::Status::Paused | ops::Status::Restarting
    );
    let life = linnet_container::Lifecycle::of(c);
    let mut inspect = json!({
        "Id": c.id,
        "Created": time(c.created_at),
        "Path": args.first().cloned().unwrap_or_default(),
        "Args": args.iter().skip(1).cloned().collect::<Vec<_>>(),
        "State": crate::views::with_health(&ctx.container_dir(&c.id), &life, json!({
            "Status": state.status.as_str(),
            "Running": running,
            "Paused": state.status == ops::Status::Paused,
            "Restarting": state.status == ops::Status::Restarting,
            "OOMKilled": c.labels.get(linnet_container::resources::OOM_KILLED_LABEL)
                .is_some_and(|v| v == "true"),
            "Dead": false,
            "Pid": state.pid,
            "ExitCode": state.exit_code,
            "Error": "",
            "StartedAt": time(state.started_at),
            "FinishedAt": time(state.finished_at),
        })),
        "Image": record.image_id,
        "ResolvConfPath": dir.join("resolv.conf").display().to_string(),
        "HostnamePath": dir.join("hostname").display().to_string(),
        "HostsPath": dir.join("hosts").display().to_string(),
        "LogPath": record.log_path,
        "Name": format!("/{}", ops::name_of(c).unwrap_or_default()),
        "RestartCount": life.restart_count,
        "Driver": c.snapshotter,
        "Platform": "linux",
        "Mounts": record.mounts,
        "Config": crate::views::with_lifecycle_config(json!({
            "Hostname": record.hostname,
            "Domainname": "",
            "User": user,
            "AttachStdin": false,
            "AttachStdout": false,
            "AttachStderr": false,
            "Tty": record.tty,
            "OpenStdin": record.stdin_open,
            "Env": env,
            "Cmd": null_if_empty(&record.cmd),
            "Image": image_ref,
            "WorkingDir": cwd,
            "Entrypoint": null_if_empty(&record.entrypoint),
            "Labels": user_labels(c),
            "Volumes": host_mounts.config_volumes(),
        }), &life, &record.stop_signal),
        "HostConfig": with_host_settings(c, json!({
            "NetworkMode": match record.network.as_str() { "" => "host", n => n },
            "PortBindings": linnet_container::netview::port_bindings(c),
            "AutoRemove": record.auto_remove,
            "Binds": null_if_empty(&host_mounts.binds),
            "Tmpfs": host_mounts.tmpfs_json(),
            "ReadonlyRootfs": host_mounts.readonly_rootfs,
            "RestartPolicy": {
                "Name": life.restart.name.as_str(),
                "MaximumRetryCount": life.restart.max_retries,
            },
            "Init": if life.init { json!(true) } else { Value::Null },
            "LogConfig": { "Type": "json-file", "Config": {} },
            // Docker shows null when no --security-opt was given.
            "SecurityOpt": null_if_empty(&record.security_opt),
        })),
        "NetworkSettings": linnet_container::netview::settings(&scope, c),
    });
    linnet_container::netview::add_exposed_ports(&mut inspect, c);
    inspect
}
