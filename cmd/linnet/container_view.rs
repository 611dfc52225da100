//! Docker's container inspect object, built from a container's record, labels, spec and task
//! (`inspect` prints it; `ps --format '{{json .}}'`-style views can reuse it).

use linnet_container::{labels, network, ops, Record};
use linnet_containerd::{Container, TaskInfo};
use serde_json::{json, Value};

use crate::context::Context;

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
