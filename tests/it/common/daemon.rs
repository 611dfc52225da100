//! The managed containerd the tests run against.
//!
//! One instance serves the whole test binary (started on first use with `linnet system start`
//! under a temporary data root and a short state dir). Test binaries cannot run code at exit, so
//! a small watchdog shell process holds the read end of a pipe whose write end only this process
//! has: when the test binary exits, for whatever reason, the watchdog sees EOF, removes what tests
//! left behind, runs `linnet system stop` and deletes the directories. `.ci/run` stops any daemon
//! left anyway as a backstop.

use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use super::linnet::{binary, Linnet};

/// A managed containerd instance: its data root and state dir.
pub struct Daemon {
    pub data_root: PathBuf,
    pub state_dir: PathBuf,
    /// Write end of the watchdog's pipe; never written, closed by process exit.
    _watchdog: Mutex<Option<ChildStdin>>,
}

static SHARED: OnceLock<Result<Daemon, String>> = OnceLock::new();

/// The shared instance, started on first use.
pub fn shared() -> Result<&'static Daemon, String> {
    SHARED
        .get_or_init(|| {
            let pid = std::process::id();
            Daemon::start("shared", &format!("/run/linnet-it-{pid}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Daemon {
    /// Paths for a new instance without starting it: data root under /var/tmp, state in
    /// `state_dir`. The watchdog (stop + delete at exit) is armed right away.
    pub fn prepare(label: &str, state_dir: &str) -> Result<Daemon, String> {
        let data_root = super::tempdir(&format!("linnet-it-{label}-")).keep();
        let state_dir = PathBuf::from(state_dir);
        let _ = std::fs::remove_dir_all(&state_dir);
        std::fs::create_dir_all(&state_dir)
            .map_err(|e| format!("create {}: {e}", state_dir.display()))?;
        let watchdog = spawn_watchdog(&data_root, &state_dir)?;
        Ok(Daemon {
            data_root,
            state_dir,
            _watchdog: Mutex::new(Some(watchdog)),
        })
    }

    /// Prepares an instance and starts it with `linnet system start`.
    pub fn start(label: &str, state_dir: &str) -> Result<Daemon, String> {
        let daemon = Daemon::prepare(label, state_dir)?;
        let run = daemon.linnet().args(["system", "start"]).run();
        if run.code != 0 {
            let log = std::fs::read_to_string(daemon.data_root.join("containerd.log"))
                .unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "`linnet system start` failed\n{run}\n----- containerd.log (tail) -----\n{}",
                tail.join("\n")
            ));
        }
        Ok(daemon)
    }

    /// `linnet` pointed at this instance (no namespace chosen).
    pub fn linnet(&self) -> Linnet {
        Linnet::new()
            .global_os([
                std::ffi::OsStr::new("--data-root"),
                self.data_root.as_os_str(),
            ])
            .env("LINNET_STATE_DIR", &self.state_dir)
    }

    /// Remembers a namespace so that the watchdog can clean it if a test leaves containers.
    pub fn record_namespace(&self, namespace: &str) {
        let path = self.data_root.join("it-namespaces");
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{namespace}");
        }
    }

    /// Stops this instance now (used by tests that own a private instance).
    pub fn stop(&self) {
        let _ = self.linnet().args(["system", "stop"]).run();
    }
}

/// Starts the exit watchdog for an instance; see the module doc.
fn spawn_watchdog(data_root: &Path, state_dir: &Path) -> Result<ChildStdin, String> {
    const SCRIPT: &str = r#"
cat >/dev/null
L="$1"; D="$2"; export LINNET_STATE_DIR="$3"
unset CONTAINERD_ADDRESS CONTAINERD_NAMESPACE LINNET_DATA_ROOT
if [ -S "$LINNET_STATE_DIR/containerd/containerd.sock" ] && [ -f "$D/it-namespaces" ]; then
  for ns in $(sort -u "$D/it-namespaces"); do
    ids=$(timeout 30 "$L" --data-root "$D" -n "$ns" ps -aq 2>/dev/null) || ids=
    [ -n "$ids" ] && timeout 60 "$L" --data-root "$D" -n "$ns" rm -f $ids >/dev/null 2>&1
  done
fi
# The default network's bridge and its network-level iptables rules (tagged linnet:BRIDGE)
# would outlive the data root.
b=$(timeout 30 "$L" --data-root "$D" network inspect bridge 2>/dev/null |
  sed -n 's/.*"com.docker.network.bridge.name": *"\([^"]*\)".*/\1/p' | head -1)
if [ -n "$b" ]; then
  for t in nat filter; do
    iptables-save -t "$t" 2>/dev/null | grep -F "\"linnet:$b\"" | sed 's/^-A //' |
      while read -r r; do eval "iptables -w -t $t -D $r" 2>/dev/null; done
  done
  ip link delete "$b" type bridge 2>/dev/null
fi
timeout 60 "$L" --data-root "$D" system stop >/dev/null 2>&1
rm -rf --one-file-system "$D" "$LINNET_STATE_DIR"
"#;
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(SCRIPT)
        .arg("linnet-it-watchdog")
        .arg(binary())
        .arg(data_root)
        .arg(state_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Survive Ctrl-C of `cargo test` long enough to clean up.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start the cleanup watchdog: {e}"))?;
    child
        .stdin
        .take()
        .ok_or_else(|| "watchdog has no stdin".to_string())
}

/// Finds the pid of the containerd serving `daemon`: from a pid file under its state or data
/// dirs, else by scanning /proc for a containerd whose command line names its directories.
pub fn containerd_pid(daemon: &Daemon) -> Option<i32> {
    let mut candidates = Vec::new();
    for dir in [&daemon.state_dir, &daemon.data_root] {
        collect_pid_files(dir, 3, &mut candidates);
    }
    for pid in candidates {
        if is_containerd(pid) {
            return Some(pid);
        }
    }
    let needles = [
        daemon.data_root.to_string_lossy().into_owned(),
        daemon.state_dir.to_string_lossy().into_owned(),
    ];
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        if !is_containerd(pid) {
            continue;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if needles.iter().any(|n| cmdline.contains(n.as_str())) {
            return Some(pid);
        }
    }
    None
}

fn collect_pid_files(dir: &Path, depth: u32, out: &mut Vec<i32>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth > 0 {
            collect_pid_files(&path, depth - 1, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "pid") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if let Ok(pid) = text.trim().parse() {
                    out.push(pid);
                }
            }
        }
    }
}

fn is_containerd(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "containerd")
}
