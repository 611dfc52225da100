//! The resource and privilege flags of `create`/`run` (flattened into `ContainerOptions`), and the
//! limit flags that `update` shares with them. Values stay strings: the container library parses
//! them with Docker's messages.

use clap::Args;
use linnet_container::{PrivilegeFlags, ResourceFlags};

/// Limits that `update` can change on an existing container.
#[derive(Debug, Clone, Default, Args)]
pub struct LimitOptions {
    /// Memory limit (e.g. 512m, 1g)
    #[arg(short = 'm', long, value_name = "BYTES")]
    pub memory: Option<String>,
    /// Swap limit equal to memory plus swap: '-1' to enable unlimited swap
    #[arg(long = "memory-swap", value_name = "BYTES", allow_hyphen_values = true)]
    pub memory_swap: Option<String>,
    /// Memory soft limit
    #[arg(long = "memory-reservation", value_name = "BYTES")]
    pub memory_reservation: Option<String>,
    /// Number of CPUs
    #[arg(long, value_name = "DECIMAL")]
    pub cpus: Option<String>,
    /// CPU shares (relative weight)
    #[arg(short = 'c', long = "cpu-shares", value_name = "INT")]
    pub cpu_shares: Option<String>,
    /// Limit CPU CFS (Completely Fair Scheduler) quota
    #[arg(long = "cpu-quota", value_name = "INT", allow_hyphen_values = true)]
    pub cpu_quota: Option<String>,
    /// Limit CPU CFS (Completely Fair Scheduler) period
    #[arg(long = "cpu-period", value_name = "INT")]
    pub cpu_period: Option<String>,
    /// CPUs in which to allow execution (0-3, 0,1)
    #[arg(long = "cpuset-cpus", value_name = "LIST")]
    pub cpuset_cpus: Option<String>,
    /// MEMs in which to allow execution (0-3, 0,1)
    #[arg(long = "cpuset-mems", value_name = "LIST")]
    pub cpuset_mems: Option<String>,
    /// Tune container pids limit (set -1 for unlimited)
    #[arg(long = "pids-limit", value_name = "INT", allow_hyphen_values = true)]
    pub pids_limit: Option<String>,
}

impl LimitOptions {
    /// The library's flags with only these limits set.
    pub fn flags(&self) -> ResourceFlags {
        ResourceFlags {
            memory: self.memory.clone(),
            memory_swap: self.memory_swap.clone(),
            memory_reservation: self.memory_reservation.clone(),
            cpus: self.cpus.clone(),
            cpu_shares: self.cpu_shares.clone(),
            cpu_quota: self.cpu_quota.clone(),
            cpu_period: self.cpu_period.clone(),
            cpuset_cpus: self.cpuset_cpus.clone(),
            cpuset_mems: self.cpuset_mems.clone(),
            pids_limit: self.pids_limit.clone(),
            ..ResourceFlags::default()
        }
    }
}

/// Resource and privilege flags of `create`/`run`.
#[derive(Debug, Clone, Default, Args)]
pub struct ResourceOptions {
    #[command(flatten)]
    pub limits: LimitOptions,
    /// Ulimit options (NAME=SOFT[:HARD])
    #[arg(long = "ulimit", value_name = "ULIMIT")]
    pub ulimit: Vec<String>,
    /// Size of /dev/shm
    #[arg(long = "shm-size", value_name = "BYTES", allow_hyphen_values = true)]
    pub shm_size: Option<String>,
    /// Add a host device to the container (HOST[:CONTAINER][:PERMS])
    #[arg(long = "device", value_name = "DEVICE")]
    pub device: Vec<String>,
    /// Add additional groups to join
    #[arg(long = "group-add", value_name = "GROUP")]
    pub group_add: Vec<String>,
    /// Disable OOM Killer
    #[arg(long = "oom-kill-disable")]
    pub oom_kill_disable: bool,
    /// Tune container memory swappiness (0 to 100, -1 for the default)
    #[arg(
        long = "memory-swappiness",
        value_name = "INT",
        allow_hyphen_values = true
    )]
    pub memory_swappiness: Option<String>,
    /// Tune host's OOM preferences (-1000 to 1000)
    #[arg(long = "oom-score-adj", value_name = "INT", allow_hyphen_values = true)]
    pub oom_score_adj: Option<String>,
    /// Add a rule to the cgroup allowed devices list ('c 1:3 rwm', '*' for any number)
    #[arg(long = "device-cgroup-rule", value_name = "RULE")]
    pub device_cgroup_rule: Vec<String>,
    /// Give extended privileges to this container
    #[arg(long)]
    pub privileged: bool,
    /// Add Linux capabilities
    #[arg(long = "cap-add", value_name = "CAP")]
    pub cap_add: Vec<String>,
    /// Drop Linux capabilities
    #[arg(long = "cap-drop", value_name = "CAP")]
    pub cap_drop: Vec<String>,
}

impl ResourceOptions {
    pub fn resources(&self) -> ResourceFlags {
        ResourceFlags {
            ulimits: self.ulimit.clone(),
            shm_size: self.shm_size.clone(),
            devices: self.device.clone(),
            group_add: self.group_add.clone(),
            oom_kill_disable: self.oom_kill_disable,
            oom_score_adj: self.oom_score_adj.clone(),
            memory_swappiness: self.memory_swappiness.clone(),
            device_cgroup_rules: self.device_cgroup_rule.clone(),
            ..self.limits.flags()
        }
    }

    pub fn privileges(&self) -> PrivilegeFlags {
        PrivilegeFlags {
            privileged: self.privileged,
            cap_add: self.cap_add.clone(),
            cap_drop: self.cap_drop.clone(),
        }
    }
}
