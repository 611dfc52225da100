//! Facts about the host and the runtime that `linnet info` reports in Docker's shape: kernel,
//! OS, CPUs, memory, cgroup version, security modules, runc's version. Read from `/proc`,
//! `/sys`, `/etc` and `runc --version`; a fact that cannot be read is empty, never an error.

use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostFacts {
    pub kernel_version: String,
    /// `PRETTY_NAME` of os-release.
    pub operating_system: String,
    /// `VERSION_ID` of os-release.
    pub os_version: String,
    /// uname's machine (`x86_64`), as Docker shows it.
    pub architecture: String,
    pub ncpu: usize,
    /// Bytes.
    pub mem_total: u64,
    /// "1" or "2".
    pub cgroup_version: String,
    pub hostname: String,
    /// `/etc/machine-id`, a stable identifier of this host.
    pub machine_id: String,
    pub apparmor: bool,
    /// Cgroup controllers available to containers (`memory`, `cpu`, `cpuset`, `pids`, ...).
    pub controllers: Vec<String>,
    /// `/proc/sys/net/ipv4/ip_forward` is 1.
    pub ipv4_forwarding: bool,
}

impl HostFacts {
    pub fn detect() -> HostFacts {
        let os_release = std::fs::read_to_string("/etc/os-release")
            .or_else(|_| std::fs::read_to_string("/usr/lib/os-release"))
            .unwrap_or_default();
        let proc_value = |path: &str| {
            std::fs::read_to_string(path)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        HostFacts {
            kernel_version: proc_value("/proc/sys/kernel/osrelease"),
            // uname's machine name, which Rust's target names match on Linux.
            architecture: std::env::consts::ARCH.to_string(),
            hostname: proc_value("/proc/sys/kernel/hostname"),
            operating_system: os_release_value(&os_release, "PRETTY_NAME"),
            os_version: os_release_value(&os_release, "VERSION_ID"),
            ncpu: std::thread::available_parallelism().map_or(0, |n| n.get()),
            mem_total: mem_total(&std::fs::read_to_string("/proc/meminfo").unwrap_or_default()),
            cgroup_version: cgroup_version(Path::new("/sys/fs/cgroup")).to_string(),
            machine_id: std::fs::read_to_string("/etc/machine-id")
                .map(|s| s.trim().to_string())
                .unwrap_or_default(),
            apparmor: std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
                .is_ok_and(|s| s.trim() == "Y"),
            controllers: controllers(Path::new("/sys/fs/cgroup")),
            ipv4_forwarding: proc_value("/proc/sys/net/ipv4/ip_forward") == "1",
        }
    }
}

/// "2" when `dir` is a cgroup2 mount (the unified hierarchy), else "1".
pub fn cgroup_version(dir: &Path) -> &'static str {
    match nix::sys::statfs::statfs(dir) {
        Ok(fs) if fs.filesystem_type() == nix::sys::statfs::CGROUP2_SUPER_MAGIC => "2",
        _ => "1",
    }
}

/// The controllers of the unified hierarchy (`cgroup.controllers`), or the v1 hierarchies
/// mounted under `dir`.
pub fn controllers(dir: &Path) -> Vec<String> {
    if let Ok(text) = std::fs::read_to_string(dir.join("cgroup.controllers")) {
        return text.split_whitespace().map(str::to_string).collect();
    }
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn os_release_value(text: &str, key: &str) -> String {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .unwrap_or_default()
}

fn mem_total(meminfo: &str) -> u64 {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// `runc --version`: the version and commit; None when runc cannot be run.
pub async fn runc_version() -> Option<(String, String)> {
    let output = tokio::process::Command::new("runc")
        .arg("--version")
        .output()
        .await
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix("runc version "))
        .unwrap_or_default()
        .trim()
        .to_string();
    let commit = text
        .lines()
        .find_map(|l| l.strip_prefix("commit: "))
        .unwrap_or_default()
        .trim()
        .to_string();
    Some((version, commit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_and_meminfo_parse() {
        let os = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n";
        assert_eq!(
            os_release_value(os, "PRETTY_NAME"),
            "Debian GNU/Linux 12 (bookworm)"
        );
        assert_eq!(os_release_value(os, "VERSION_ID"), "12");
        assert_eq!(
            mem_total("MemTotal:       24683664 kB\nMemFree: 1 kB\n"),
            24683664 * 1024
        );
    }

    #[test]
    fn host_facts_are_read() {
        let facts = HostFacts::detect();
        assert!(!facts.kernel_version.is_empty());
        assert!(facts.ncpu > 0);
        assert!(facts.mem_total > 0);
        assert!(facts.cgroup_version == "1" || facts.cgroup_version == "2");
    }
}
