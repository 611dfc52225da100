//! `linnet info` (and `system info`): Docker's layout and field names, with what a linnet user
//! needs beside them — containerd's version and address, runc, the snapshotter and its lazy
//! mounts, cgroup version, data root, registry settings, CNI plugins, security options.

use std::io::Write;

use clap::Args;
use linnet_container::ops::{self, Status};
use linnet_daemon::info::{runc_version, HostFacts};
use serde_json::{json, Value};

use crate::context::Context;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Format output using a Go-style template such as '{{.ServerVersion}}', or json
    #[arg(short, long)]
    pub format: Option<String>,
}

const CNI_DIRS: &[&str] = &["/usr/lib/cni", "/opt/cni/bin", "/usr/libexec/cni"];

pub async fn run(ctx: &Context, a: InfoArgs) -> anyhow::Result<u8> {
    let doc = collect(ctx).await?;
    let mut out = std::io::stdout().lock();
    match a.format.as_deref() {
        Some("json") => writeln!(out, "{}", serde_json::to_string(&doc)?)?,
        Some(f) if !f.is_empty() => writeln!(out, "{}", Template::parse_inspect(f)?.render(&doc)?)?,
        _ => crate::info_view::print_text(&mut out, &doc)?,
    }
    Ok(0)
}

async fn collect(ctx: &Context) -> anyhow::Result<Value> {
    let client = ctx.client().await?;
    let (version, _) = client.version().await?;
    let tasks = crate::util::tasks_by_id(&client).await?;
    let (mut running, mut paused, mut stopped, mut total) = (0, 0, 0, 0);
    for c in client.container_list(&[]).await? {
        total += 1;
        match ops::state_of(&c, tasks.get(&c.id)).status {
            Status::Running | Status::Restarting => running += 1,
            Status::Paused => paused += 1,
            _ => stopped += 1,
        }
    }
    let images: std::collections::HashSet<String> = client
        .image_list(&[])
        .await?
        .into_iter()
        .map(|i| i.target.digest)
        .collect();
    let host = HostFacts::detect();
    let runc = runc_version().await.unwrap_or_default();
    let snapshotter = ctx.snapshotter().to_string();
    let lazy = snapshotter == linnet_daemon::SNAPSHOTTER_PLUGIN;
    let (snap_running, lazy_mounts) = if lazy {
        let status = linnet_daemon::status(&ctx.paths).await?;
        let mounts = linnet_snapshotter::read_status(&status.snapshotter.root).len();
        (status.snapshotter.running, mounts)
    } else {
        (false, 0)
    };
    let driver_status = if lazy {
        let state = if snap_running {
            "enabled (snapshotter running)"
        } else {
            "enabled (snapshotter stopped)"
        };
        json!([
            ["Lazy Loading", state],
            ["Lazy Mounts", lazy_mounts.to_string()]
        ])
    } else {
        json!([["Lazy Loading", "disabled"]])
    };
    let registry = linnet_registry::RegistryConfig::from_env();
    let mut insecure = vec!["127.0.0.0/8".to_string(), "localhost".to_string()];
    insecure.extend(ctx.global.insecure_registries.iter().cloned());
    let certs_dirs: Vec<String> = if ctx.global.hosts_dirs.is_empty() {
        registry
            .hosts_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect()
    } else {
        ctx.global
            .hosts_dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect()
    };
    let cni_dir = CNI_DIRS
        .iter()
        .find(|d| std::path::Path::new(d).is_dir())
        .copied()
        .unwrap_or("");
    let mut networks = vec!["bridge".to_string(), "host".to_string(), "null".to_string()];
    for driver in ["ipvlan", "macvlan"] {
        if std::path::Path::new(cni_dir).join(driver).exists() {
            networks.push(driver.to_string());
        }
    }
    let mut security = vec!["name=seccomp,profile=default".to_string()];
    if host.apparmor {
        security.insert(0, "name=apparmor".to_string());
    }
    if host.cgroup_version == "2" {
        security.push("name=cgroupns".to_string());
    }
    let address = match ctx
        .global
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => a.strip_prefix("unix://").unwrap_or(a).to_string(),
        None => ctx.paths.containerd_socket().display().to_string(),
    };
    let mut doc = json!({
        "ID": host.machine_id, "Containers": total, "ContainersRunning": running,
        "ContainersPaused": paused, "ContainersStopped": stopped, "Images": images.len(),
        "Driver": snapshotter, "DriverStatus": driver_status,
        "Plugins": {"Volume": ["local"], "Network": networks, "Authorization": null, "Log": ["json-file"]},
        "LoggingDriver": "json-file", "CgroupDriver": "cgroupfs", "CgroupVersion": host.cgroup_version,
        "KernelVersion": host.kernel_version, "OperatingSystem": host.operating_system,
        "OSVersion": host.os_version, "OSType": "linux", "Architecture": host.architecture,
        "IndexServerAddress": "https://index.docker.io/v1/",
    });
    let more = json!({
        "RegistryConfig": {
            "IndexConfigs": {"docker.io": {"Name": "docker.io", "Mirrors": [], "Secure": true, "Official": true}},
            "InsecureRegistryCIDRs": insecure, "Mirrors": [], "CertsDirs": certs_dirs,
        },
        "NCPU": host.ncpu, "MemTotal": host.mem_total,
        "DockerRootDir": ctx.paths.data_root().display().to_string(),
        "Name": host.hostname, "Labels": [], "ExperimentalBuild": false, "ServerVersion": version,
        "Runtimes": {ops::RUNTIME: {"path": "runc"}}, "DefaultRuntime": ops::RUNTIME,
        "LiveRestoreEnabled": false, "Debug": ctx.global.debug,
    });
    let linnet = json!({
        "ContainerdCommit": {"ID": version, "Expected": version},
        "ContainerdAddress": address, "Namespace": ctx.namespace(),
        "RuncCommit": {"ID": runc.1, "Expected": runc.1}, "RuncVersion": runc.0,
        "SecurityOptions": security, "CNIPluginDir": cni_dir, "Warnings": null,
        "LazyLoading": {"Enabled": lazy, "SnapshotterRunning": snap_running, "Mounts": lazy_mounts},
    });
    let has = |c: &str| host.controllers.iter().any(|x| x == c);
    let env = |k: &str| {
        std::env::var(k)
            .or_else(|_| std::env::var(k.to_lowercase()))
            .unwrap_or_default()
    };
    let limits = json!({
        "MemoryLimit": has("memory"), "SwapLimit": has("memory"), "KernelMemory": false,
        "KernelMemoryTCP": false, "CpuCfsPeriod": has("cpu"), "CpuCfsQuota": has("cpu"),
        "CPUShares": has("cpu"), "CPUSet": has("cpuset"), "PidsLimit": has("pids"),
        "OomKillDisable": host.cgroup_version == "1" && has("memory"),
        "IPv4Forwarding": host.ipv4_forwarding, "SystemTime": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
        "HttpProxy": env("HTTP_PROXY"), "HttpsProxy": env("HTTPS_PROXY"), "NoProxy": env("NO_PROXY"),
        "Swarm": {"NodeID": "", "NodeAddr": "", "LocalNodeState": "inactive", "ControlAvailable": false, "Error": "", "RemoteManagers": null},
        "Isolation": "", "InitBinary": "",
    });
    for part in [more, linnet, limits] {
        if let (Some(doc), Value::Object(part)) = (doc.as_object_mut(), part) {
            doc.extend(part);
        }
    }
    Ok(doc)
}
