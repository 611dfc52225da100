//! The resource and privilege flags of `create`/`run`/`update` (`-m`, `--cpus`, `--pids-limit`,
//! `--ulimit`, `--device`, `--privileged`, `--cap-add`...): Docker's syntax, its CLI and daemon
//! checks with their messages, and the label that keeps the result for `inspect` and `update`.
//!
//! Docker checks these in two places (the CLI parses, the daemon validates against the host);
//! linnet does both before anything is created, so a bad value costs nothing and leaves nothing.

use std::collections::HashMap;

use linnet_spec::{Resources, SecurityOptions};
use serde::{Deserialize, Serialize};

use crate::Error;

mod parse;

use parse::{check_cpuset, int_flag, online, parse_cpus, size_flag};
pub use parse::{parse_device, parse_size, parse_ulimit};

/// The label holding a container's [`HostSettings`].
pub const HOST_CONFIG_LABEL: &str = "linnet/host-config";

/// Set to "true" when the kernel OOM-killed a process of the container's last run.
pub const OOM_KILLED_LABEL: &str = "linnet/oom-killed";

/// Docker's smallest memory limit and reservation (6 MiB).
const MIN_MEMORY: i64 = 6 * 1024 * 1024;

/// Resource flags as typed (strings, so that the library gives Docker's messages for them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResourceFlags {
    pub memory: Option<String>,
    pub memory_swap: Option<String>,
    pub memory_reservation: Option<String>,
    pub cpus: Option<String>,
    pub cpu_shares: Option<String>,
    pub cpu_quota: Option<String>,
    pub cpu_period: Option<String>,
    pub cpuset_cpus: Option<String>,
    pub cpuset_mems: Option<String>,
    pub pids_limit: Option<String>,
    /// `name=soft[:hard]`.
    pub ulimits: Vec<String>,
    pub shm_size: Option<String>,
    /// `HOST[:CONTAINER][:PERMS]`.
    pub devices: Vec<String>,
    pub group_add: Vec<String>,
    pub oom_kill_disable: bool,
    pub oom_score_adj: Option<String>,
    /// 0-100, -1 for the default.
    pub memory_swappiness: Option<String>,
    /// `TYPE MAJOR:MINOR PERMS`.
    pub device_cgroup_rules: Vec<String>,
}

/// `--privileged`, `--cap-add`, `--cap-drop`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrivilegeFlags {
    pub privileged: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
}

/// What a container keeps of these flags (Docker's `HostConfig` names), in [`HOST_CONFIG_LABEL`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct HostSettings {
    #[serde(flatten)]
    pub resources: Resources,
    pub privileged: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
}

impl HostSettings {
    pub fn encode(&self) -> Result<String, Error> {
        Ok(serde_json::to_string(self)?)
    }

    /// The settings of a container; defaults for containers made before the label existed.
    pub fn decode(labels: &HashMap<String, String>) -> HostSettings {
        labels
            .get(HOST_CONFIG_LABEL)
            .and_then(|v| serde_json::from_str(v).ok())
            .unwrap_or_default()
    }

    /// The `HostConfig` fields of inspect, as Docker shows them (null for unset lists).
    pub fn inspect_fields(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut map = match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        for key in ["CapAdd", "CapDrop", "GroupAdd", "DeviceCgroupRules"] {
            if map
                .get(key)
                .and_then(|v| v.as_array())
                .is_some_and(|a| a.is_empty())
            {
                map.insert(key.to_string(), serde_json::Value::Null);
            }
        }
        map
    }
}

impl PrivilegeFlags {
    /// Adds the privilege flags to the parsed `--security-opt` values.
    pub fn apply(&self, security: SecurityOptions) -> Result<SecurityOptions, Error> {
        let host = linnet_spec::capabilities_available();
        Ok(security.with_privileges(self.privileged, &self.cap_add, &self.cap_drop, host)?)
    }
}

impl ResourceFlags {
    /// Parses and checks every flag for a new container (Docker's CLI and daemon checks, and
    /// `MemorySwap` = 2 × `Memory` when only `-m` is given).
    pub fn parse(&self) -> Result<Resources, Error> {
        let mut r = Resources::default();
        self.parse_limits(&mut r)?;
        if r.memory > 0 && r.memory_swap == 0 {
            r.memory_swap = 2 * r.memory;
        }
        r.ulimits = Vec::new();
        for u in &self.ulimits {
            let u = parse_ulimit(u)?;
            r.ulimits.retain(|o| o.name != u.name);
            r.ulimits.push(u);
        }
        if let Some(v) = &self.shm_size {
            let size = size_flag(&Some(v.clone()), "--shm-size")?;
            r.shm_size = if size == 0 {
                linnet_spec::resources::DEFAULT_SHM_SIZE
            } else {
                size
            };
        }
        for d in &self.devices {
            let mapping = parse_device(d)?;
            // The daemon's check, made before anything exists.
            linnet_spec::resources::gather_device(&mapping)?;
            r.devices.push(mapping);
        }
        r.group_add = self.group_add.clone();
        r.oom_kill_disable = self.oom_kill_disable;
        r.oom_score_adj = int_flag(&self.oom_score_adj, "--oom-score-adj")?.unwrap_or(0);
        if !(-1000..=1000).contains(&r.oom_score_adj) {
            return Err(Error::InvalidArgument(format!(
                "Invalid value {}, range for oom score adj is [-1000, 1000]",
                r.oom_score_adj
            )));
        }
        for rule in &self.device_cgroup_rules {
            if linnet_spec::resources::parse_cgroup_rule(rule).is_none() {
                return Err(Error::InvalidArgument(format!(
                    "invalid argument \"{rule}\" for \"--device-cgroup-rule\" flag: invalid device cgroup format '{rule}'"
                )));
            }
        }
        r.device_cgroup_rules = self.device_cgroup_rules.clone();
        if let Some(s) = int_flag(&self.memory_swappiness, "--memory-swappiness")? {
            if !(-1..=100).contains(&s) {
                return Err(Error::InvalidArgument(format!(
                    "invalid value: {s}. Valid memory swappiness range is 0-100"
                )));
            }
            // cgroup v2 has no swappiness: Docker discards it there.
            if s >= 0 && linnet_spec::HostInfo::detect().cgroup_v1 {
                r.memory_swappiness = Some(s);
            }
        }
        check(&r, true)?;
        Ok(r)
    }

    /// Docker's warnings for settings that are accepted but risky.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.oom_kill_disable && self.memory.is_none() {
            warnings.push(
                "OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.".to_string(),
            );
        }
        warnings
    }

    /// Whether any limit `update` can change was given.
    pub fn has_limits(&self) -> bool {
        [
            &self.memory,
            &self.memory_swap,
            &self.memory_reservation,
            &self.cpus,
            &self.cpu_shares,
            &self.cpu_quota,
            &self.cpu_period,
            &self.cpuset_cpus,
            &self.cpuset_mems,
            &self.pids_limit,
        ]
        .iter()
        .any(|v| v.is_some())
    }

    /// `old` with the limits given here replaced (`docker update`): checked as a whole, with
    /// Docker's rule that a memory limit may not pass an existing swap limit unless the swap
    /// limit changes too.
    pub fn apply_update(&self, old: &Resources) -> Result<Resources, Error> {
        let mut given = Resources {
            pids_limit: None,
            ..Resources::default()
        };
        self.parse_limits(&mut given)?;
        let mut r = old.clone();
        if self.memory.is_some() {
            r.memory = given.memory;
            if self.memory_swap.is_none() && old.memory_swap > 0 && given.memory > old.memory_swap {
                return Err(Error::InvalidArgument(
                    "Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time".into(),
                ));
            }
        }
        if self.memory_swap.is_some() {
            r.memory_swap = given.memory_swap;
        }
        if self.memory_reservation.is_some() {
            r.memory_reservation = given.memory_reservation;
        }
        if self.cpus.is_some() {
            r.nano_cpus = given.nano_cpus;
        }
        if self.cpu_shares.is_some() {
            r.cpu_shares = given.cpu_shares;
        }
        if self.cpu_quota.is_some() {
            r.cpu_quota = given.cpu_quota;
        }
        if self.cpu_period.is_some() {
            r.cpu_period = given.cpu_period;
        }
        if self.cpuset_cpus.is_some() {
            r.cpuset_cpus = given.cpuset_cpus;
        }
        if self.cpuset_mems.is_some() {
            r.cpuset_mems = given.cpuset_mems;
        }
        if self.pids_limit.is_some() {
            r.pids_limit = given.pids_limit;
        }
        check(&r, false)?;
        Ok(r)
    }

    /// The memory, CPU and pids flags (CLI syntax only).
    fn parse_limits(&self, r: &mut Resources) -> Result<(), Error> {
        r.memory = size_flag(&self.memory, "-m, --memory")?;
        r.memory_swap = match self.memory_swap.as_deref() {
            Some("-1") => -1,
            _ => size_flag(&self.memory_swap, "--memory-swap")?,
        };
        r.memory_reservation = size_flag(&self.memory_reservation, "--memory-reservation")?;
        if let Some(cpus) = &self.cpus {
            r.nano_cpus = parse_cpus(cpus)?;
        }
        r.cpu_shares = int_flag(&self.cpu_shares, "-c, --cpu-shares")?.unwrap_or(0);
        r.cpu_quota = int_flag(&self.cpu_quota, "--cpu-quota")?.unwrap_or(0);
        r.cpu_period = int_flag(&self.cpu_period, "--cpu-period")?.unwrap_or(0);
        r.cpuset_cpus = self.cpuset_cpus.clone().unwrap_or_default();
        r.cpuset_mems = self.cpuset_mems.clone().unwrap_or_default();
        r.pids_limit = int_flag(&self.pids_limit, "--pids-limit")?;
        Ok(())
    }
}

/// The daemon's checks (moby `verifyPlatformContainerResources`), with its messages.
fn check(r: &Resources, creating: bool) -> Result<(), Error> {
    let fail = |m: &str| Err(Error::InvalidArgument(m.to_string()));
    if r.memory != 0 && r.memory < MIN_MEMORY {
        return fail("Minimum memory limit allowed is 6MB");
    }
    if creating && r.memory_swap > 0 && r.memory == 0 {
        return fail(
            "You should always set the Memory limit when using Memoryswap limit, see usage",
        );
    }
    if r.memory > 0 && r.memory_swap > 0 && r.memory_swap < r.memory {
        return fail("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if r.memory_reservation != 0 && r.memory_reservation < MIN_MEMORY {
        return fail("Minimum memory reservation allowed is 6MB");
    }
    if r.memory > 0 && r.memory_reservation > 0 && r.memory < r.memory_reservation {
        return fail(
            "Minimum memory limit can not be less than memory reservation limit, see usage",
        );
    }
    if r.nano_cpus != 0 {
        if r.cpu_period != 0 {
            return fail("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if r.cpu_quota != 0 {
            return fail("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        let ncpu = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1) as i64;
        // The lower bound is ours: below 0.01 CPU the kernel refuses the quota at start.
        if r.nano_cpus < 10_000_000 || r.nano_cpus > ncpu * 1_000_000_000 {
            return Err(Error::InvalidArgument(format!(
                "Range of CPUs is from 0.01 to {ncpu}.00, as there are only {ncpu} CPUs available"
            )));
        }
    }
    if r.cpu_period != 0 && !(1000..=1_000_000).contains(&r.cpu_period) {
        return fail(
            "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
        );
    }
    if r.cpu_quota > 0 && r.cpu_quota < 1000 {
        return fail("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    check_cpuset(&r.cpuset_cpus, "cpus", "CPUs", &online("cpu"))?;
    check_cpuset(&r.cpuset_mems, "mems", "memory nodes", &online("node"))?;
    Ok(())
}

/// Whether the kernel's OOM killer struck in the container's cgroup (`/<namespace>/<id>`, as
/// the spec sets it). Read after the task exited and before it is deleted, while runc still
/// keeps the cgroup: cgroup v1's `memory.oom_control` or v2's `memory.events` count the kills.
pub fn oom_killed(namespace: &str, id: &str) -> bool {
    let v1 = format!("/sys/fs/cgroup/memory/{namespace}/{id}/memory.oom_control");
    let v2 = format!("/sys/fs/cgroup/{namespace}/{id}/memory.events");
    [v1, v2].iter().any(|path| {
        std::fs::read_to_string(path).is_ok_and(|text| {
            text.lines()
                .filter_map(|l| l.strip_prefix("oom_kill "))
                .any(|n| n.trim().parse::<u64>().is_ok_and(|n| n > 0))
        })
    })
}

#[cfg(test)]
mod tests;
