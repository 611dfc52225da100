//! Docker's resource flags as the OCI spec expresses them: cgroup limits in `linux.resources`
//! (`-m`, `--cpus`, `--pids-limit`...), `process.rlimits` (`--ulimit`), device nodes and their
//! cgroup rules (`--device`), the `/dev/shm` size and supplementary groups (`--group-add`).
//!
//! [`Resources`] carries the values in Docker's `HostConfig` names and units, so that one value is
//! parsed once (by `linnet-container`), stored for `inspect`, and mapped here; `linnet update`
//! maps a changed value again with [`linux_resources`] for containerd's task update.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use oci_spec::runtime::{
    LinuxCpuBuilder, LinuxDevice, LinuxDeviceBuilder, LinuxDeviceCgroup, LinuxDeviceCgroupBuilder,
    LinuxDeviceType, LinuxMemoryBuilder, LinuxPidsBuilder, LinuxResources, LinuxResourcesBuilder,
    PosixRlimit, PosixRlimitBuilder, PosixRlimitType, Spec,
};
use serde::{Deserialize, Serialize};

use crate::{Error, UserDb};

/// Docker's `/dev/shm` size when `--shm-size` is not given (or 0).
pub const DEFAULT_SHM_SIZE: i64 = 64 * 1024 * 1024;

/// The CFS period `--cpus` uses (100 ms, as Docker).
pub const CPUS_PERIOD: i64 = 100_000;

/// Resource settings in Docker's `HostConfig` field names and units (bytes, nano-CPUs,
/// microseconds); zero or empty means "not set", as in Docker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Resources {
    pub memory: i64,
    /// Memory plus swap; -1 unlimited.
    pub memory_swap: i64,
    pub memory_reservation: i64,
    /// 0-100 (cgroup v1 only).
    pub memory_swappiness: Option<i64>,
    pub nano_cpus: i64,
    pub cpu_shares: i64,
    pub cpu_quota: i64,
    pub cpu_period: i64,
    pub cpuset_cpus: String,
    pub cpuset_mems: String,
    /// `None`: not set; 0 or -1: unlimited.
    pub pids_limit: Option<i64>,
    pub ulimits: Vec<Ulimit>,
    pub shm_size: i64,
    pub devices: Vec<DeviceMapping>,
    pub group_add: Vec<String>,
    pub oom_kill_disable: bool,
    pub oom_score_adj: i64,
    /// `--device-cgroup-rule` values (`c 1:3 rwm`, `*` allowed), checked by [`parse_cgroup_rule`].
    pub device_cgroup_rules: Vec<String>,
}

impl Default for Resources {
    fn default() -> Resources {
        Resources {
            memory: 0,
            memory_swap: 0,
            memory_reservation: 0,
            memory_swappiness: None,
            nano_cpus: 0,
            cpu_shares: 0,
            cpu_quota: 0,
            cpu_period: 0,
            cpuset_cpus: String::new(),
            cpuset_mems: String::new(),
            pids_limit: None,
            ulimits: Vec::new(),
            shm_size: DEFAULT_SHM_SIZE,
            devices: Vec::new(),
            group_add: Vec::new(),
            oom_kill_disable: false,
            oom_score_adj: 0,
            device_cgroup_rules: Vec::new(),
        }
    }
}

/// One `--ulimit`, as Docker's `HostConfig.Ulimits` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ulimit {
    /// Docker's short name (`nofile`).
    pub name: String,
    pub hard: i64,
    pub soft: i64,
}

/// One `--device`, as Docker's `HostConfig.Devices` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceMapping {
    pub path_on_host: String,
    pub path_in_container: String,
    pub cgroup_permissions: String,
}

/// Docker's `--ulimit` names and the kernel's resources.
pub const ULIMIT_NAMES: &[(&str, PosixRlimitType)] = &[
    ("as", PosixRlimitType::RlimitAs),
    ("core", PosixRlimitType::RlimitCore),
    ("cpu", PosixRlimitType::RlimitCpu),
    ("data", PosixRlimitType::RlimitData),
    ("fsize", PosixRlimitType::RlimitFsize),
    ("locks", PosixRlimitType::RlimitLocks),
    ("memlock", PosixRlimitType::RlimitMemlock),
    ("msgqueue", PosixRlimitType::RlimitMsgqueue),
    ("nice", PosixRlimitType::RlimitNice),
    ("nofile", PosixRlimitType::RlimitNofile),
    ("nproc", PosixRlimitType::RlimitNproc),
    ("rss", PosixRlimitType::RlimitRss),
    ("rtprio", PosixRlimitType::RlimitRtprio),
    ("rttime", PosixRlimitType::RlimitRttime),
    ("sigpending", PosixRlimitType::RlimitSigpending),
    ("stack", PosixRlimitType::RlimitStack),
];

/// The cgroup limits of `r` (memory, CPU, pids; no device rules), as containerd's task update
/// and the spec's `linux.resources` take them. `None` when nothing is limited.
pub fn linux_resources(r: &Resources) -> Result<LinuxResources, Error> {
    let mut builder = LinuxResourcesBuilder::default();
    let mut memory = LinuxMemoryBuilder::default();
    let mut any_memory = false;
    if r.memory > 0 {
        memory = memory.limit(r.memory);
        any_memory = true;
    }
    if r.memory_swap != 0 {
        memory = memory.swap(r.memory_swap);
        any_memory = true;
    }
    if r.memory_reservation > 0 {
        memory = memory.reservation(r.memory_reservation);
        any_memory = true;
    }
    if r.oom_kill_disable {
        memory = memory.disable_oom_killer(true);
        any_memory = true;
    }
    if let Some(swappiness) = r.memory_swappiness.filter(|s| *s >= 0) {
        memory = memory.swappiness(swappiness as u64);
        any_memory = true;
    }
    if any_memory {
        builder = builder.memory(memory.build()?);
    }
    let mut cpu = LinuxCpuBuilder::default();
    let mut any_cpu = false;
    if r.nano_cpus > 0 {
        cpu = cpu
            .period(CPUS_PERIOD as u64)
            .quota(r.nano_cpus * CPUS_PERIOD / 1_000_000_000);
        any_cpu = true;
    } else {
        if r.cpu_period > 0 {
            cpu = cpu.period(r.cpu_period as u64);
            any_cpu = true;
        }
        if r.cpu_quota != 0 {
            cpu = cpu.quota(r.cpu_quota);
            any_cpu = true;
        }
    }
    if r.cpu_shares > 0 {
        cpu = cpu.shares(r.cpu_shares as u64);
        any_cpu = true;
    }
    if !r.cpuset_cpus.is_empty() {
        cpu = cpu.cpus(r.cpuset_cpus.clone());
        any_cpu = true;
    }
    if !r.cpuset_mems.is_empty() {
        cpu = cpu.mems(r.cpuset_mems.clone());
        any_cpu = true;
    }
    if any_cpu {
        builder = builder.cpu(cpu.build()?);
    }
    if let Some(limit) = r.pids_limit {
        // Docker: 0 and -1 both mean unlimited.
        let limit = if limit <= 0 { -1 } else { limit };
        builder = builder.pids(LinuxPidsBuilder::default().limit(limit).build()?);
    }
    Ok(builder.build()?)
}

/// Puts `r` into a generated spec: cgroup limits beside the existing device rules, `--device`
/// nodes and rules, rlimits, the `/dev/shm` size and `--group-add` gids (resolved in `userdb`).
pub fn apply(spec: &mut Spec, r: &Resources, userdb: &UserDb) -> Result<(), Error> {
    let mut devices = Vec::new();
    let mut rules = Vec::new();
    for rule in &r.device_cgroup_rules {
        rules.push(parse_cgroup_rule(rule).ok_or_else(|| {
            Error::InvalidUlimit(format!("invalid device cgroup format '{rule}'"))
        })?);
    }
    for mapping in &r.devices {
        for device in gather_device(mapping)? {
            rules.push(device_rule(&device, &mapping.cgroup_permissions)?);
            devices.push(device);
        }
    }
    set_limits(spec, r)?;
    if let Some(linux) = spec.linux_mut() {
        let mut resources = linux.resources().clone().unwrap_or_default();
        let mut all_rules = resources.devices().clone().unwrap_or_default();
        all_rules.extend(rules);
        resources.set_devices(Some(all_rules));
        linux.set_resources(Some(resources));
        if !devices.is_empty() {
            let mut all = linux.devices().clone().unwrap_or_default();
            all.extend(devices);
            linux.set_devices(Some(all));
        }
    }
    if let Some(process) = spec.process_mut() {
        let mut rlimits = process.rlimits().clone().unwrap_or_default();
        for u in &r.ulimits {
            let typ = ULIMIT_NAMES
                .iter()
                .find(|(name, _)| *name == u.name)
                .map(|(_, t)| *t)
                .ok_or_else(|| Error::InvalidUlimit(format!("invalid ulimit type: {}", u.name)))?;
            rlimits.retain(|l| l.typ() != typ);
            rlimits.push(rlimit(typ, u)?);
        }
        process.set_rlimits(Some(rlimits));
        if r.oom_score_adj != 0 {
            process.set_oom_score_adj(Some(r.oom_score_adj as i32));
        }
        if !r.group_add.is_empty() {
            let mut user = process.user().clone();
            let mut gids = user.additional_gids().clone().unwrap_or_default();
            for group in &r.group_add {
                let gid = resolve_group(group, userdb)?;
                if !gids.contains(&gid) {
                    gids.push(gid);
                }
            }
            user.set_additional_gids(Some(gids));
            process.set_user(user);
        }
    }
    let shm = if r.shm_size > 0 {
        r.shm_size
    } else {
        DEFAULT_SHM_SIZE
    };
    if let Some(mounts) = spec.mounts_mut() {
        for m in mounts.iter_mut() {
            if m.destination() == Path::new("/dev/shm") && m.typ().as_deref() == Some("tmpfs") {
                if let Some(options) = m.options_mut() {
                    for o in options.iter_mut() {
                        if o.starts_with("size=") {
                            *o = format!("size={shm}");
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Replaces the cgroup limits of `spec` with those of `r`, keeping its device rules.
pub fn set_limits(spec: &mut Spec, r: &Resources) -> Result<(), Error> {
    if let Some(linux) = spec.linux_mut() {
        let rules = linux
            .resources()
            .as_ref()
            .and_then(|res| res.devices().clone());
        let mut resources = linux_resources(r)?;
        resources.set_devices(rules);
        linux.set_resources(Some(resources));
    }
    Ok(())
}

fn rlimit(typ: PosixRlimitType, u: &Ulimit) -> Result<PosixRlimit, Error> {
    // -1 is unlimited (RLIM_INFINITY, all ones as u64).
    let value = |v: i64| if v < 0 { u64::MAX } else { v as u64 };
    Ok(PosixRlimitBuilder::default()
        .typ(typ)
        .soft(value(u.soft))
        .hard(value(u.hard))
        .build()?)
}

/// A group name or gid of `--group-add`, resolved in the container's `/etc/group` (a number
/// passes through, as in Docker).
fn resolve_group(group: &str, db: &UserDb) -> Result<u32, Error> {
    if let Ok(gid) = group.parse::<u32>() {
        return Ok(gid);
    }
    db.group
        .lines()
        .filter_map(|line| {
            let mut fields = line.trim().split(':');
            let name = fields.next()?;
            let gid = fields.nth(1)?.parse::<u32>().ok()?;
            (name == group).then_some(gid)
        })
        .next()
        .ok_or_else(|| Error::NoSuchGroup(group.to_string()))
}

/// A `--device-cgroup-rule` (`TYPE MAJOR:MINOR PERMS`, Docker's
/// `^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$`) as an allow rule; `None` when malformed.
pub fn parse_cgroup_rule(rule: &str) -> Option<LinuxDeviceCgroup> {
    let mut parts = rule.split(' ');
    let (typ, numbers, perms) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let typ = match typ {
        "a" => LinuxDeviceType::A,
        "b" => LinuxDeviceType::B,
        "c" => LinuxDeviceType::C,
        _ => return None,
    };
    let number = |n: &str| -> Option<Option<i64>> {
        if n == "*" {
            Some(None)
        } else if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            n.parse().ok().map(Some)
        } else {
            None
        }
    };
    let (major, minor) = numbers.split_once(':')?;
    let (major, minor) = (number(major)?, number(minor)?);
    if perms.is_empty() || perms.len() > 3 || !perms.chars().all(|c| "rwm".contains(c)) {
        return None;
    }
    let mut builder = LinuxDeviceCgroupBuilder::default()
        .allow(true)
        .typ(typ)
        .access(perms.to_string());
    if let Some(major) = major {
        builder = builder.major(major);
    }
    if let Some(minor) = minor {
        builder = builder.minor(minor);
    }
    builder.build().ok()
}

/// The cgroup rule that allows a device node with `perms` (a subset of `rwm`).
fn device_rule(device: &LinuxDevice, perms: &str) -> Result<LinuxDeviceCgroup, Error> {
    Ok(LinuxDeviceCgroupBuilder::default()
        .allow(true)
        .typ(device.typ())
        .major(device.major())
        .minor(device.minor())
        .access(perms.to_string())
        .build()?)
}

/// The device nodes of one `--device`: the node itself, or every node under a directory, at the
/// corresponding container path (symlinks on the host are followed, as Docker does).
pub fn gather_device(mapping: &DeviceMapping) -> Result<Vec<LinuxDevice>, Error> {
    let host = Path::new(&mapping.path_on_host);
    let gathering = |reason: String| Error::Device {
        path: mapping.path_on_host.clone(),
        reason,
    };
    let meta =
        std::fs::metadata(host).map_err(|e| gathering(crate::security::go_errno_text(&e)))?;
    if meta.is_dir() {
        let mut found = Vec::new();
        walk_devices(host, &mut found);
        let mut devices = Vec::new();
        for path in found {
            let Ok(rel) = path.strip_prefix(host) else {
                continue;
            };
            let target = Path::new(&mapping.path_in_container).join(rel);
            if let Some(device) = device_at(&path, &target) {
                devices.push(device);
            }
        }
        return Ok(devices);
    }
    device_at(host, Path::new(&mapping.path_in_container))
        .map(|d| vec![d])
        .ok_or_else(|| gathering("not a device node".to_string()))
}

/// Device files under `dir`, recursively (broken entries are skipped, as Docker does).
fn walk_devices(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk_devices(&path, out),
            Ok(_) => out.push(path),
            Err(_) => {}
        }
    }
}

/// The OCI device for the host node `host` (followed if a symlink) at `target`, or `None` when
/// it is not a character or block device.
fn device_at(host: &Path, target: &Path) -> Option<LinuxDevice> {
    let meta = std::fs::metadata(host).ok()?;
    let ft = meta.file_type();
    let typ = if ft.is_char_device() {
        LinuxDeviceType::C
    } else if ft.is_block_device() {
        LinuxDeviceType::B
    } else {
        return None;
    };
    let rdev = meta.rdev();
    LinuxDeviceBuilder::default()
        .path(target.to_path_buf())
        .typ(typ)
        .major(nix::sys::stat::major(rdev) as i64)
        .minor(nix::sys::stat::minor(rdev) as i64)
        .file_mode(meta.mode() & 0o7777)
        .uid(meta.uid())
        .gid(meta.gid())
        .build()
        .ok()
}

/// Every device node of the host's `/dev`, for `--privileged` (containerd's `HostDevices`: the
/// pts, shm, mqueue and fd directories and the console are left out).
pub fn host_devices() -> Vec<LinuxDevice> {
    let mut found = Vec::new();
    walk_host_dev(Path::new("/dev"), &mut found);
    found
}

fn walk_host_dev(dir: &Path, out: &mut Vec<LinuxDevice>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_dir() {
            if matches!(
                name.as_ref(),
                "pts" | "shm" | "fd" | "mqueue" | ".lxc" | ".lxd-mounts" | ".udev"
            ) {
                continue;
            }
            walk_host_dev(&path, out);
        } else if name != "console" && !ft.is_symlink() {
            if let Some(device) = device_at(&path, &path) {
                out.push(device);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cgroup_limits() {
        let r = Resources {
            memory: 10 << 20,
            memory_swap: 20 << 20,
            memory_reservation: 8 << 20,
            nano_cpus: 500_000_000,
            cpu_shares: 512,
            cpuset_cpus: "0".into(),
            pids_limit: Some(50),
            memory_swappiness: Some(10),
            ..Resources::default()
        };
        let json = serde_json::to_value(linux_resources(&r).unwrap()).unwrap();
        assert_eq!(json["memory"]["swappiness"], 10);
        assert_eq!(json["memory"]["limit"], 10 << 20);
        assert_eq!(json["memory"]["swap"], 20 << 20);
        assert_eq!(json["memory"]["reservation"], 8 << 20);
        assert_eq!(json["cpu"]["quota"], 50_000);
        assert_eq!(json["cpu"]["period"], 100_000);
        assert_eq!(json["cpu"]["shares"], 512);
        assert_eq!(json["cpu"]["cpus"], "0");
        assert_eq!(json["pids"]["limit"], 50);

        let r = Resources {
            cpu_quota: 20_000,
            cpu_period: 50_000,
            pids_limit: Some(0),
            memory_swap: -1,
            memory: 6 << 20,
            ..Resources::default()
        };
        let json = serde_json::to_value(linux_resources(&r).unwrap()).unwrap();
        assert_eq!(json["cpu"]["quota"], 20_000);
        assert_eq!(json["cpu"]["period"], 50_000);
        assert_eq!(json["pids"]["limit"], -1);
        assert_eq!(json["memory"]["swap"], -1);
        let json = serde_json::to_value(linux_resources(&Resources::default()).unwrap()).unwrap();
        assert!(json.get("memory").is_none() && json.get("cpu").is_none());
        assert!(json.get("pids").is_none());
    }

    #[test]
    fn docker_field_names() {
        let json = serde_json::to_value(Resources::default()).unwrap();
        for key in [
            "Memory",
            "MemorySwap",
            "MemoryReservation",
            "NanoCpus",
            "CpuShares",
            "CpuQuota",
            "CpuPeriod",
            "CpusetCpus",
            "CpusetMems",
            "PidsLimit",
            "Ulimits",
            "ShmSize",
            "Devices",
            "GroupAdd",
            "OomKillDisable",
        ] {
            assert!(json.get(key).is_some(), "{key} in {json}");
        }
        assert_eq!(json["ShmSize"], DEFAULT_SHM_SIZE);
        assert_eq!(json["PidsLimit"], serde_json::Value::Null);
    }

    #[test]
    fn devices_from_the_host() {
        let null = DeviceMapping {
            path_on_host: "/dev/null".into(),
            path_in_container: "/dev/mynull".into(),
            cgroup_permissions: "rw".into(),
        };
        let d = gather_device(&null).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path(), Path::new("/dev/mynull"));
        assert_eq!((d[0].major(), d[0].minor()), (1, 3));
        assert_eq!(d[0].typ(), LinuxDeviceType::C);
        let rule = serde_json::to_value(device_rule(&d[0], "rw").unwrap()).unwrap();
        assert_eq!(rule["access"], "rw");
        assert_eq!(rule["allow"], true);

        let missing = DeviceMapping {
            path_on_host: "/dev/linnet-nonexistent".into(),
            ..null.clone()
        };
        assert_eq!(
            gather_device(&missing).unwrap_err().to_string(),
            "error gathering device information while adding custom device \"/dev/linnet-nonexistent\": no such file or directory"
        );
        let file = DeviceMapping {
            path_on_host: "/etc/hostname".into(),
            ..null
        };
        assert!(gather_device(&file)
            .unwrap_err()
            .to_string()
            .ends_with("not a device node"));
        assert!(host_devices()
            .iter()
            .any(|d| d.path() == Path::new("/dev/null")));
    }

    #[test]
    fn cgroup_rules() {
        let rule = serde_json::to_value(parse_cgroup_rule("c 10:229 rwm").unwrap()).unwrap();
        assert_eq!(
            rule,
            serde_json::json!({"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rwm"})
        );
        let any = serde_json::to_value(parse_cgroup_rule("a *:* r").unwrap()).unwrap();
        assert!(any.get("major").is_none() && any.get("minor").is_none());
        for bad in [
            "x",
            "c 1:3",
            "c 1:3 rwx",
            "d 1:3 r",
            "c a:3 r",
            "c 1:3 rwmr",
            "c 1:3  r",
        ] {
            assert!(parse_cgroup_rule(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn groups_by_name_or_number() {
        let db = UserDb {
            passwd: String::new(),
            group: "root:x:0:\naudio:x:29:\n".into(),
        };
        assert_eq!(resolve_group("audio", &db).unwrap(), 29);
        assert_eq!(resolve_group("1234", &db).unwrap(), 1234);
        assert!(resolve_group("video", &db).is_err());
    }
}
