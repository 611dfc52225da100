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

/// `base` with the fields of `extra` it does not have.
fn with_fields(extra: Value, mut base: Value) -> Value {
    if let (Value::Object(extra), Value::Object(map)) = (extra, &mut base) {
        for (k, v) in extra {
            map.entry(k).or_insert(v);
        }
    }
    base
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
    // Docker's WorkingDir is empty when neither the image nor `-w` set one; the spec has `/`
    // then (an explicit `/` is shown as empty too: linnet does not record which it was).
    let cwd = process
        .as_ref()
        .map(|p| p.cwd().display().to_string())
        .filter(|d| d != "/")
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
    let linux = spec.as_ref().and_then(|s| s.linux().as_ref());
    let paths = |p: Option<&Vec<String>>| json!(p.cloned().unwrap_or_default());
    let masked = paths(linux.and_then(|l| l.masked_paths().as_ref()));
    let readonly = paths(linux.and_then(|l| l.readonly_paths().as_ref()));
    // Docker's modes: "private" with a namespace of its own, "host" without.
    let ns_mode = |kind: &str, private: &str| {
        let own = linux
            .and_then(|l| l.namespaces().as_ref())
            .is_some_and(|ns| ns.iter().any(|n| format!("{:?}", n.typ()) == kind));
        if own {
            private.to_string()
        } else {
            "host".to_string()
        }
    };
    // Docker's HostConfig fields linnet has no setting for, at Docker's defaults.
    let extra_host = json!({
        "ContainerIDFile": "",
        "VolumeDriver": "",
        "VolumesFrom": null,
        "ConsoleSize": [0, 0],
        "CgroupnsMode": ns_mode("Cgroup", "private"),
        "Dns": [],
        "DnsOptions": [],
        "DnsSearch": [],
        "ExtraHosts": null,
        "IpcMode": ns_mode("Ipc", "private"),
        "Cgroup": "",
        "Links": null,
        "PidMode": ns_mode("Pid", ""),
        "PublishAllPorts": false,
        "UTSMode": ns_mode("Uts", ""),
        "UsernsMode": "",
        "Runtime": "runc",
        "Isolation": "",
        "CgroupParent": "",
        "BlkioWeight": 0,
        "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [],
        "BlkioDeviceWriteBps": [],
        "BlkioDeviceReadIOps": [],
        "BlkioDeviceWriteIOps": [],
        "CpuCount": 0,
        "CpuPercent": 0,
        "CpuRealtimePeriod": 0,
        "CpuRealtimeRuntime": 0,
        "DeviceRequests": null,
        "KernelMemory": 0,
        "KernelMemoryTCP": 0,
        "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0,
        "MaskedPaths": masked,
        "ReadonlyPaths": readonly,
    });
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
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": null,
        "GraphDriver": { "Name": c.snapshotter, "Data": {} },
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
            "StdinOnce": false,
            "Env": env,
            "Cmd": null_if_empty(&record.cmd),
            "Image": image_ref,
            "WorkingDir": cwd,
            "Entrypoint": null_if_empty(&record.entrypoint),
            "Labels": user_labels(c),
            "Volumes": host_mounts.config_volumes(),
            "OnBuild": null,
        }), &life, &record.stop_signal),
        "HostConfig": with_host_settings(c, with_fields(extra_host, json!({
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
        }))),
        "NetworkSettings": linnet_container::netview::settings(&scope, c),
    });
    linnet_container::netview::add_exposed_ports(&mut inspect, c);
    inspect
}
