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
        Some(f) if !f.is_empty() => writeln!(out, "{}", Template::parse(f)?.render(&doc)?)?,
        _ => print_text(&mut out, &doc)?,
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
    for part in [more, linnet] {
        if let (Some(doc), Value::Object(part)) = (doc.as_object_mut(), part) {
            doc.extend(part);
        }
    }
    Ok(doc)
}

fn print_text(out: &mut dyn Write, d: &Value) -> std::io::Result<()> {
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let list = |v: &Value| {
        v.as_array()
            .map(|a| a.iter().map(s).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    writeln!(
        out,
        "Client:\n Context:    default\n Debug Mode: {}\n",
        s(&d["Debug"])
    )?;
    writeln!(out, "Server:")?;
    writeln!(out, " Containers: {}", s(&d["Containers"]))?;
    writeln!(out, "  Running: {}", s(&d["ContainersRunning"]))?;
    writeln!(out, "  Paused: {}", s(&d["ContainersPaused"]))?;
    writeln!(out, "  Stopped: {}", s(&d["ContainersStopped"]))?;
    writeln!(out, " Images: {}", s(&d["Images"]))?;
    writeln!(out, " Server Version: {}", s(&d["ServerVersion"]))?;
    writeln!(out, " Storage Driver: {}", s(&d["Driver"]))?;
    for pair in d["DriverStatus"].as_array().into_iter().flatten() {
        writeln!(out, "  {}: {}", s(&pair[0]), s(&pair[1]))?;
    }
    writeln!(out, " Logging Driver: {}", s(&d["LoggingDriver"]))?;
    writeln!(out, " Cgroup Driver: {}", s(&d["CgroupDriver"]))?;
    writeln!(out, " Cgroup Version: {}", s(&d["CgroupVersion"]))?;
    writeln!(out, " Plugins:")?;
    writeln!(out, "  Volume: {}", list(&d["Plugins"]["Volume"]))?;
    writeln!(out, "  Network: {}", list(&d["Plugins"]["Network"]))?;
    writeln!(out, "  Log: {}", list(&d["Plugins"]["Log"]))?;
    writeln!(out, "  CNI Plugin Dir: {}", s(&d["CNIPluginDir"]))?;
    writeln!(out, " Runtimes: {}", s(&d["DefaultRuntime"]))?;
    writeln!(out, " Default Runtime: {}", s(&d["DefaultRuntime"]))?;
    writeln!(
        out,
        " containerd version: {}",
        s(&d["ContainerdCommit"]["ID"])
    )?;
    writeln!(out, " containerd address: {}", s(&d["ContainerdAddress"]))?;
    writeln!(out, " containerd namespace: {}", s(&d["Namespace"]))?;
    writeln!(out, " runc version: {}", s(&d["RuncCommit"]["ID"]))?;
    writeln!(out, " Security Options:")?;
    for opt in d["SecurityOptions"].as_array().into_iter().flatten() {
        let opt = s(opt);
        for (i, part) in opt.split(',').enumerate() {
            let (k, v) = part.split_once('=').unwrap_or(("", part));
            match (i, k) {
                (0, _) => writeln!(out, "  {v}")?,
                _ => writeln!(out, "   {}{}: {v}", k[..1].to_uppercase(), &k[1..])?,
            }
        }
    }
    writeln!(out, " Kernel Version: {}", s(&d["KernelVersion"]))?;
    writeln!(out, " Operating System: {}", s(&d["OperatingSystem"]))?;
    writeln!(out, " OSType: {}", s(&d["OSType"]))?;
    writeln!(out, " Architecture: {}", s(&d["Architecture"]))?;
    writeln!(out, " CPUs: {}", s(&d["NCPU"]))?;
    writeln!(
        out,
        " Total Memory: {}",
        binary_size(d["MemTotal"].as_u64().unwrap_or(0))
    )?;
    writeln!(out, " Name: {}", s(&d["Name"]))?;
    writeln!(out, " ID: {}", s(&d["ID"]))?;
    writeln!(out, " Docker Root Dir: {}", s(&d["DockerRootDir"]))?;
    writeln!(out, " Debug Mode: {}", s(&d["Debug"]))?;
    writeln!(out, " Experimental: false")?;
    writeln!(out, " Insecure Registries:")?;
    for r in d["RegistryConfig"]["InsecureRegistryCIDRs"]
        .as_array()
        .into_iter()
        .flatten()
    {
        writeln!(out, "  {}", s(r))?;
    }
    writeln!(out, " Registry Certificate Dirs:")?;
    for r in d["RegistryConfig"]["CertsDirs"]
        .as_array()
        .into_iter()
        .flatten()
    {
        writeln!(out, "  {}", s(r))?;
    }
    writeln!(out, " Live Restore Enabled: false")
}

/// go-units `BytesSize`: binary units with two decimals (`23.54GiB`).
fn binary_size(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{}", UNITS[unit])
}
