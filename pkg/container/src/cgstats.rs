//! Raw resource counters of a container for `stats`, read where the kernel keeps them: its
//! cgroup (v1 controllers or the v2 unified tree, found through `/proc/<pid>/cgroup` and the
//! mount table, so that any cgroup layout and driver works), its network namespace's
//! `/proc/<pid>/net/dev`, and the host's `/proc/stat` for the CPU time the percentage is
//! relative to. These are the numbers containerd's metrics and Docker's daemon report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::Error;

/// One reading of a container's cgroup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CgroupCounters {
    /// CPU time of all its processes, nanoseconds.
    pub cpu_ns: u64,
    /// Memory charged to the cgroup, page cache included.
    pub memory_usage: u64,
    /// The memory limit; `None` when unlimited.
    pub memory_limit: Option<u64>,
    /// Inactive file cache (v1 `total_inactive_file`, v2 `inactive_file`), which Docker
    /// subtracts from the usage.
    pub inactive_file: Option<u64>,
    pub block_read: u64,
    pub block_write: u64,
    pub pids: u64,
}

/// Where a process's cgroup lives.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Location {
    /// cgroup v1: one directory per controller.
    V1(HashMap<String, PathBuf>),
    /// cgroup v2: one directory.
    V2(PathBuf),
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}

fn read_u64(path: &Path) -> Result<u64, Error> {
    let text = read(path)?;
    text.trim()
        .parse()
        .map_err(|_| Error::InvalidArgument(format!("unexpected content in {}", path.display())))
}

/// A cgroup mount: its root inside the hierarchy, where it is mounted, and (v1) controllers.
#[derive(Debug, Clone)]
struct Mount {
    root: String,
    point: PathBuf,
    v2: bool,
    controllers: Vec<String>,
}

/// The cgroup mounts of `/proc/self/mountinfo` text.
fn parse_mounts(mountinfo: &str) -> Vec<Mount> {
    let mut out = Vec::new();
    for line in mountinfo.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let left: Vec<&str> = left.split(' ').collect();
        let right: Vec<&str> = right.split(' ').collect();
        let (Some(root), Some(point), Some(fstype)) = (left.get(3), left.get(4), right.first())
        else {
            continue;
        };
        let options = right.get(2).copied().unwrap_or_default();
        let v2 = *fstype == "cgroup2";
        if !v2 && *fstype != "cgroup" {
            continue;
        }
        out.push(Mount {
            root: unescape(root),
            point: PathBuf::from(unescape(point)),
            v2,
            controllers: options.split(',').map(str::to_string).collect(),
        });
    }
    out
}

/// mountinfo escapes space, tab, newline and backslash as octal.
fn unescape(s: &str) -> String {
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

fn join(mount: &Mount, path: &str) -> PathBuf {
    let relative = path.strip_prefix(mount.root.as_str()).unwrap_or(path);
    mount.point.join(relative.trim_start_matches('/'))
}

/// Finds the cgroup directories of `/proc/<pid>/cgroup` text: v1 controllers when there are any
/// (a hybrid host keeps its resource controllers there), else the v2 unified directory.
fn locate(proc_cgroup: &str, mounts: &[Mount]) -> Option<Location> {
    let mut v1 = HashMap::new();
    let mut unified = None;
    for line in proc_cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        if controllers.is_empty() {
            if let Some(m) = mounts.iter().find(|m| m.v2) {
                unified = Some(join(m, path));
            }
            continue;
        }
        for controller in controllers.split(',') {
            if let Some(m) = mounts
                .iter()
                .find(|m| !m.v2 && m.controllers.iter().any(|c| c == controller))
            {
                v1.insert(controller.to_string(), join(m, path));
            }
        }
    }
    if v1.contains_key("memory") || v1.contains_key("cpuacct") {
        Some(Location::V1(v1))
    } else {
        unified.map(Location::V2)
    }
}

/// A `memory.stat`-style `key value` file as a map.
fn key_values(text: &str) -> HashMap<&str, u64> {
    text.lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k, v.trim().parse().ok()?))
        })
        .collect()
}

/// Reads the counters of the cgroup that process `pid` belongs to.
pub fn cgroup_counters(pid: u32) -> Result<CgroupCounters, Error> {
    let proc_cgroup = read(Path::new(&format!("/proc/{pid}/cgroup")))?;
    let mounts = parse_mounts(&read(Path::new("/proc/self/mountinfo"))?);
    match locate(&proc_cgroup, &mounts) {
        Some(Location::V1(dirs)) => v1_counters(&dirs),
        Some(Location::V2(dir)) => v2_counters(&dir),
        None => Err(Error::InvalidArgument(format!(
            "cannot find the cgroup of process {pid}"
        ))),
    }
}

fn v1_counters(dirs: &HashMap<String, PathBuf>) -> Result<CgroupCounters, Error> {
    let mut out = CgroupCounters::default();
    if let Some(d) = dirs.get("cpuacct") {
        out.cpu_ns = read_u64(&d.join("cpuacct.usage"))?;
    }
    if let Some(d) = dirs.get("memory") {
        out.memory_usage = read_u64(&d.join("memory.usage_in_bytes"))?;
        // Unlimited is a huge page-rounded number; the caller caps it at the host's memory.
        out.memory_limit = Some(read_u64(&d.join("memory.limit_in_bytes"))?);
        let stat = read(&d.join("memory.stat"))?;
        out.inactive_file = key_values(&stat).get("total_inactive_file").copied();
    }
    if let Some(d) = dirs.get("blkio") {
        // containerd's choice: the CFQ files when the kernel has them, else the throttle ones.
        let file = if d.join("blkio.io_serviced_recursive").exists() {
            "blkio.io_service_bytes_recursive"
        } else {
            "blkio.throttle.io_service_bytes"
        };
        if let Ok(text) = read(&d.join(file)) {
            (out.block_read, out.block_write) = v1_blkio(&text);
        }
    }
    if let Some(d) = dirs.get("pids") {
        out.pids = read_u64(&d.join("pids.current"))?;
    }
    Ok(out)
}

/// Read and write bytes of a v1 `blkio` file (`MAJ:MIN Op N` lines and a `Total`).
fn v1_blkio(text: &str) -> (u64, u64) {
    let (mut read, mut write) = (0u64, 0u64);
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [_, op, n] = parts.as_slice() {
            let n: u64 = n.parse().unwrap_or(0);
            match op.to_ascii_lowercase().as_str() {
                "read" => read = read.saturating_add(n),
                "write" => write = write.saturating_add(n),
                _ => {}
            }
        }
    }
    (read, write)
}

fn v2_counters(dir: &Path) -> Result<CgroupCounters, Error> {
    let mut out = CgroupCounters::default();
    // cpu.stat is always there; the files of a controller not enabled for the subtree are
    // missing, and count as zero (as containerd's metrics leave them out).
    let cpu = read(&dir.join("cpu.stat"))?;
    out.cpu_ns = key_values(&cpu)
        .get("usage_usec")
        .copied()
        .unwrap_or(0)
        .saturating_mul(1000);
    out.memory_usage = read_u64(&dir.join("memory.current")).unwrap_or(0);
    out.memory_limit = match read(&dir.join("memory.max")) {
        Ok(text) if text.trim() != "max" => text.trim().parse().ok(),
        _ => None,
    };
    if let Ok(stat) = read(&dir.join("memory.stat")) {
        out.inactive_file = key_values(&stat).get("inactive_file").copied();
    }
    if let Ok(text) = read(&dir.join("io.stat")) {
        (out.block_read, out.block_write) = v2_io(&text);
    }
    out.pids = read_u64(&dir.join("pids.current")).unwrap_or(0);
    Ok(out)
}

/// Read and write bytes of a v2 `io.stat` (`MAJ:MIN rbytes=N wbytes=N ...` lines).
fn v2_io(text: &str) -> (u64, u64) {
    let (mut read, mut write) = (0u64, 0u64);
    for field in text.split_whitespace() {
        if let Some(n) = field.strip_prefix("rbytes=") {
            read = read.saturating_add(n.parse().unwrap_or(0));
        } else if let Some(n) = field.strip_prefix("wbytes=") {
            write = write.saturating_add(n.parse().unwrap_or(0));
        }
    }
    (read, write)
}

/// Received and transmitted bytes of the network namespace of `pid`, loopback excluded (Docker
/// counts the container's endpoints).
pub fn net_counters(pid: u32) -> Result<(u64, u64), Error> {
    let path = format!("/proc/{pid}/net/dev");
    Ok(parse_net_dev(&read(Path::new(&path))?))
}

fn parse_net_dev(text: &str) -> (u64, u64) {
    let (mut rx, mut tx) = (0u64, 0u64);
    for line in text.lines().skip(2) {
        let Some((name, counters)) = line.split_once(':') else {
            continue;
        };
        if name.trim() == "lo" {
            continue;
        }
        let n: Vec<u64> = counters
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0))
            .collect();
        // Eight receive counters, then the transmit ones.
        if n.len() >= 9 {
            rx = rx.saturating_add(n[0]);
            tx = tx.saturating_add(n[8]);
        }
    }
    (rx, tx)
}

/// The host's CPU time so far in nanoseconds, as Docker sums it: the first seven fields of
/// `/proc/stat`'s `cpu` line (user to softirq), in clock ticks.
pub fn system_cpu_ns() -> Result<u64, Error> {
    let text = read(Path::new("/proc/stat"))?;
    parse_system_cpu(&text, clock_ticks())
        .ok_or_else(|| Error::InvalidArgument("unexpected content in /proc/stat".into()))
}

fn parse_system_cpu(text: &str, ticks_per_second: u64) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .take(7)
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    if fields.len() < 7 || ticks_per_second == 0 {
        return None;
    }
    let ticks: u64 = fields.iter().sum();
    Some(ticks.saturating_mul(1_000_000_000) / ticks_per_second)
}

fn clock_ticks() -> u64 {
    // SAFETY: sysconf only reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as u64
    } else {
        100
    }
}

/// CPUs online, the factor Docker multiplies the CPU share by.
pub fn online_cpus() -> u32 {
    // SAFETY: sysconf only reads a system value.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    if n > 0 {
        n as u32
    } else {
        1
    }
}

/// The host's memory in bytes (`MemTotal`), Docker's limit of an unlimited container.
pub fn machine_memory() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb * 1024)
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
30 23 0:26 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755
31 30 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw
33 30 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct
35 30 0:31 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids
";

    #[test]
    fn finds_v1_controllers_on_a_hybrid_host() {
        let mounts = parse_mounts(MOUNTINFO);
        assert_eq!(mounts.len(), 4);
        let cg = "5:pids:/default/abc\n4:cpu,cpuacct:/default/abc\n3:memory:/default/abc\n0::/default/abc\n";
        let Some(Location::V1(dirs)) = locate(cg, &mounts) else {
            panic!("not v1");
        };
        assert_eq!(
            dirs["memory"],
            PathBuf::from("/sys/fs/cgroup/memory/default/abc")
        );
        assert_eq!(
            dirs["cpuacct"],
            PathBuf::from("/sys/fs/cgroup/cpu,cpuacct/default/abc")
        );
    }

    #[test]
    fn finds_the_unified_directory() {
        let mounts = parse_mounts("31 23 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        assert_eq!(
            locate("0::/default/abc\n", &mounts),
            Some(Location::V2(PathBuf::from("/sys/fs/cgroup/default/abc")))
        );
    }

    #[test]
    fn v2_directory() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        put("cpu.stat", "usage_usec 1500\nuser_usec 1000\n");
        put("memory.current", "4096000\n");
        put("memory.max", "max\n");
        put("memory.stat", "anon 100\ninactive_file 96000\n");
        put("io.stat", "8:0 rbytes=10 wbytes=20 rios=1 wios=2\n");
        put("pids.current", "3\n");
        let c = v2_counters(dir.path()).unwrap();
        assert_eq!(c.cpu_ns, 1_500_000);
        assert_eq!((c.memory_usage, c.memory_limit), (4_096_000, None));
        assert_eq!(c.inactive_file, Some(96_000));
        assert_eq!((c.block_read, c.block_write, c.pids), (10, 20, 3));
        put("memory.max", "67108864\n");
        std::fs::remove_file(dir.path().join("pids.current")).unwrap();
        let c = v2_counters(dir.path()).unwrap();
        assert_eq!((c.memory_limit, c.pids), (Some(67_108_864), 0));
    }

    #[test]
    fn counter_files() {
        assert_eq!(
            v1_blkio("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 1\n8:16 Read 4\nTotal 4613\n"),
            (4100, 512)
        );
        assert_eq!(
            v2_io("8:0 rbytes=100 wbytes=20 rios=1 wios=1\n8:16 rbytes=1 wbytes=2\n"),
            (101, 22)
        );
        let dev = "Inter-|   Receive |  Transmit\n face |bytes packets\n    lo: 500 5 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n  eth0: 1234 10 0 0 0 0 0 0 648 8 0 0 0 0 0 0\n";
        assert_eq!(parse_net_dev(dev), (1234, 648));
        let stat = "cpu  100 0 50 1000 10 0 5 7 0 0\ncpu0 1 2 3 4 5 6 7\n";
        assert_eq!(parse_system_cpu(stat, 100), Some(11_650_000_000));
    }
}
