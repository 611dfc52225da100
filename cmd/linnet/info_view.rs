//! `linnet info`'s text layout (Docker's), from the JSON document `info --format` renders.

use std::io::Write;

use serde_json::Value;

pub fn print_text(out: &mut dyn Write, d: &Value) -> std::io::Result<()> {
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
