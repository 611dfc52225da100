//! `stats`: Docker's numbers for each container, computed the way Docker 20.10 computes them from
//! two readings one interval apart (CPU % is the container's share of the host's CPU time between
//! them, times the online CPUs; memory is the usage minus inactive file cache, against the limit
//! or the host's memory), and Docker's text for them (go-units sizes, `%.2f%%`).

use std::collections::HashMap;

use linnet_containerd::{Client, Container};
pub use linnet_spec::units::{bytes_size, go_g, human_size3};
use serde_json::{json, Value};

use crate::cgstats::{self, CgroupCounters};
use crate::ops::{self, Status};
use crate::Error;

/// One reading of a container.
#[derive(Debug, Clone, Copy, Default)]
struct Reading {
    cgroup: CgroupCounters,
    system_ns: u64,
    net: (u64, u64),
}

/// A container's row: Docker's `StatsEntry`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// What Docker's `Container` column shows: the argument as typed, or the short ID.
    pub container: String,
    pub id: String,
    pub name: String,
    pub cpu_percent: f64,
    pub memory: f64,
    pub memory_limit: f64,
    pub memory_percent: f64,
    pub net_rx: f64,
    pub net_tx: f64,
    pub block_read: f64,
    pub block_write: f64,
    pub pids: u64,
    /// Reading failed: Docker shows `--`.
    pub invalid: bool,
}

/// A container being watched.
#[derive(Debug, Clone)]
pub struct Target {
    pub container: String,
    pub c: Container,
}

/// Keeps the previous reading of every watched container, so that each [`Sampler::sample`]
/// gives CPU percentages over the time since the one before.
pub struct Sampler {
    online_cpus: f64,
    machine_memory: u64,
    previous: HashMap<String, Reading>,
}

impl Default for Sampler {
    fn default() -> Self {
        Self::new()
    }
}

impl Sampler {
    pub fn new() -> Sampler {
        Sampler {
            online_cpus: f64::from(cgstats::online_cpus()),
            machine_memory: cgstats::machine_memory(),
            previous: HashMap::new(),
        }
    }

    /// Reads every target once; a container that is not running gives Docker's zeros, one that
    /// is gone Docker's dashes.
    pub async fn sample(
        &mut self,
        client: &Client,
        targets: &[Target],
    ) -> Result<Vec<Entry>, Error> {
        let tasks: HashMap<String, linnet_containerd::TaskInfo> = client
            .task_list()
            .await?
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        // A named container removed meanwhile keeps its row, as Docker's CLI does, with "--".
        let existing: std::collections::HashSet<String> = client
            .container_list(&[])
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let mut entries = Vec::with_capacity(targets.len());
        let mut seen = HashMap::new();
        for t in targets {
            let state = ops::state_of(&t.c, tasks.get(&t.c.id));
            let mut entry = Entry {
                container: t.container.clone(),
                id: t.c.id.clone(),
                name: ops::name_of(&t.c).unwrap_or_default().to_string(),
                ..Default::default()
            };
            if !existing.contains(&t.c.id) {
                entry.invalid = true;
                entries.push(entry);
                continue;
            }
            let live = matches!(state.status, Status::Running | Status::Paused) && state.pid > 0;
            if live {
                let host_net = crate::record::Record::decode(&t.c.labels).network == "host";
                let pid = state.pid;
                let read = tokio::task::spawn_blocking(move || read_now(pid, host_net))
                    .await
                    .map_err(Error::Wait)?;
                match read {
                    Ok(now) => {
                        let before = self.previous.get(&t.c.id).copied().unwrap_or_default();
                        self.fill(&mut entry, &before, &now);
                        seen.insert(t.c.id.clone(), now);
                    }
                    Err(e) => {
                        tracing::debug!("cannot read the stats of {}: {e}", t.c.id);
                        entry.invalid = true;
                    }
                }
            }
            entries.push(entry);
        }
        self.previous = seen;
        Ok(entries)
    }

    fn fill(&self, entry: &mut Entry, before: &Reading, now: &Reading) {
        entry.cpu_percent = cpu_percent(before, now, self.online_cpus);
        let cg = &now.cgroup;
        entry.memory = memory_without_cache(cg) as f64;
        let limit = cg.memory_limit.unwrap_or(u64::MAX);
        // An unlimited container's limit is the host's memory, as Docker's daemon reports it.
        let limit = if self.machine_memory > 0 && limit > self.machine_memory {
            self.machine_memory
        } else {
            limit
        };
        entry.memory_limit = limit as f64;
        entry.memory_percent = if limit > 0 {
            entry.memory / entry.memory_limit * 100.0
        } else {
            0.0
        };
        entry.net_rx = now.net.0 as f64;
        entry.net_tx = now.net.1 as f64;
        entry.block_read = cg.block_read as f64;
        entry.block_write = cg.block_write as f64;
        entry.pids = cg.pids;
    }
}

fn read_now(pid: u32, host_net: bool) -> Result<Reading, Error> {
    let system_ns = cgstats::system_cpu_ns()?;
    let cgroup = cgstats::cgroup_counters(pid)?;
    // The host's network is not the container's traffic (Docker shows none).
    let net = if host_net {
        (0, 0)
    } else {
        cgstats::net_counters(pid)?
    };
    Ok(Reading {
        cgroup,
        system_ns,
        net,
    })
}

/// Docker CLI's `calculateCPUPercentUnix`.
fn cpu_percent(before: &Reading, now: &Reading, online_cpus: f64) -> f64 {
    let cpu_delta = now.cgroup.cpu_ns as f64 - before.cgroup.cpu_ns as f64;
    let system_delta = now.system_ns as f64 - before.system_ns as f64;
    if cpu_delta > 0.0 && system_delta > 0.0 {
        (cpu_delta / system_delta) * online_cpus * 100.0
    } else {
        0.0
    }
}

/// Docker CLI's `calculateMemUsageUnixNoCache`: usage minus the inactive file cache.
fn memory_without_cache(cg: &CgroupCounters) -> u64 {
    match cg.inactive_file {
        Some(inactive) if inactive < cg.memory_usage => cg.memory_usage - inactive,
        _ => cg.memory_usage,
    }
}

impl Entry {
    /// Docker's `--format` fields, as strings (what `{{json .}}` shows).
    pub fn to_json(&self, no_trunc: bool) -> Value {
        let id = if no_trunc {
            self.id.clone()
        } else {
            self.id.chars().take(12).collect()
        };
        let name = if self.name.is_empty() {
            "--".to_string()
        } else {
            self.name.clone()
        };
        let (cpu, mem_usage, mem_perc, net, block, pids) = if self.invalid {
            let dash = "--".to_string();
            (
                dash.clone(),
                "-- / --".to_string(),
                dash.clone(),
                dash.clone(),
                dash.clone(),
                dash,
            )
        } else {
            (
                format!("{:.2}%", self.cpu_percent),
                format!(
                    "{} / {}",
                    bytes_size(self.memory),
                    bytes_size(self.memory_limit)
                ),
                format!("{:.2}%", self.memory_percent),
                format!(
                    "{} / {}",
                    human_size3(self.net_rx),
                    human_size3(self.net_tx)
                ),
                format!(
                    "{} / {}",
                    human_size3(self.block_read),
                    human_size3(self.block_write)
                ),
                self.pids.to_string(),
            )
        };
        json!({
            "BlockIO": block,
            "CPUPerc": cpu,
            "Container": self.container,
            "ID": id,
            "MemPerc": mem_perc,
            "MemUsage": mem_usage,
            "Name": name,
            "NetIO": net,
            "PIDs": pids,
        })
    }
}

/// The containers `stats` shows without names: running ones (paused included), or all with
/// `-a`; Docker's `Container` column is then the short ID.
pub async fn listed(client: &Client, all: bool) -> Result<Vec<Target>, Error> {
    let tasks: HashMap<String, linnet_containerd::TaskInfo> = client
        .task_list()
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut containers = client.container_list(&[]).await?;
    containers.sort_by_key(|c| std::cmp::Reverse(c.created_at));
    Ok(containers
        .into_iter()
        .filter(|c| {
            all || matches!(
                ops::state_of(c, tasks.get(&c.id)).status,
                Status::Running | Status::Paused | Status::Restarting
            )
        })
        .map(|c| Target {
            container: c.id.chars().take(12).collect(),
            c,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_units_sizes() {
        assert_eq!(bytes_size(0.0), "0B");
        assert_eq!(bytes_size(516.0 * 1024.0), "516KiB");
        assert_eq!(bytes_size(64.0 * 1024.0 * 1024.0), "64MiB");
        assert_eq!(bytes_size(23.54 * 1024.0 * 1024.0 * 1024.0), "23.54GiB");
        assert_eq!(bytes_size(1_503_238.0), "1.434MiB");
        assert_eq!(human_size3(0.0), "0B");
        assert_eq!(human_size3(648.0), "648B");
        assert_eq!(human_size3(1234.0), "1.23kB");
        assert_eq!(human_size3(10_500_000.0), "10.5MB");
        // Go prints 999.6 with three digits as 1e+03.
        assert_eq!(human_size3(999.6), "1e+03B");
        assert_eq!(go_g(0.0001234, 3), "0.000123");
        assert_eq!(go_g(0.00001234, 3), "1.23e-05");
        assert_eq!(go_g(1023.9, 4), "1024");
    }

    #[test]
    fn docker_arithmetic() {
        let before = Reading {
            cgroup: CgroupCounters {
                cpu_ns: 1_000_000_000,
                ..Default::default()
            },
            system_ns: 10_000_000_000,
            net: (0, 0),
        };
        let now = Reading {
            cgroup: CgroupCounters {
                cpu_ns: 1_500_000_000,
                ..Default::default()
            },
            system_ns: 12_000_000_000,
            net: (0, 0),
        };
        // Half a CPU-second out of 2 s of host time on 2 CPUs: 50 %.
        assert_eq!(cpu_percent(&before, &now, 2.0), 50.0);
        assert_eq!(cpu_percent(&now, &now, 2.0), 0.0);
        let cg = CgroupCounters {
            memory_usage: 1000,
            inactive_file: Some(300),
            ..Default::default()
        };
        assert_eq!(memory_without_cache(&cg), 700);
        let cg = CgroupCounters {
            memory_usage: 100,
            inactive_file: Some(300),
            ..Default::default()
        };
        assert_eq!(memory_without_cache(&cg), 100);
    }

    #[test]
    fn stopped_and_invalid_rows() {
        let stopped = Entry {
            container: "web".into(),
            id: "0123456789abcdef".into(),
            name: "web".into(),
            ..Default::default()
        };
        let v = stopped.to_json(false);
        assert_eq!(v["ID"], "0123456789ab");
        assert_eq!(v["CPUPerc"], "0.00%");
        assert_eq!(v["MemUsage"], "0B / 0B");
        assert_eq!(v["NetIO"], "0B / 0B");
        assert_eq!(v["PIDs"], "0");
        let invalid = Entry {
            invalid: true,
            ..stopped
        };
        let v = invalid.to_json(true);
        assert_eq!(v["ID"], "0123456789abcdef");
        assert_eq!(v["MemUsage"], "-- / --");
        assert_eq!(v["PIDs"], "--");
    }
}
