//! Process plumbing for the managed containerd: the start lock, pid files, liveness checks,
//! detached spawning and reading the end of its log.

use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

use nix::fcntl::{Flock, FlockArg};
use nix::sys::signal::Signal;
use nix::unistd::Pid;

use crate::{Error, Paths};

/// Takes the exclusive start/stop lock (blocking in a worker thread); released on drop.
pub(crate) async fn lock(path: &Path) -> Result<Flock<File>, Error> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io("open lock file", path, e))?;
    let owned = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        Flock::lock(file, FlockArg::LockExclusive)
            .map_err(|(_, errno)| Error::io("lock", &owned, std::io::Error::from(errno)))
    })
    .await
    .map_err(|e| Error::io("lock", path, std::io::Error::other(e.to_string())))?
}

pub(crate) fn read_pid(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path)
        .ok()?
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|pid| *pid > 1)
}

/// Alive and not a zombie.
pub(crate) fn is_alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the parenthesised command name, which may itself contain ')'.
    match stat
        .rfind(')')
        .and_then(|at| stat[at + 1..].trim_start().chars().next())
    {
        Some('Z') | Some('X') | Some('x') | None => false,
        Some(_) => true,
    }
}

/// Whether `pid` is a live containerd started with our config (guards against pid reuse).
pub(crate) fn is_our_containerd(pid: u32, paths: &Paths) -> bool {
    if !is_alive(pid) {
        return false;
    }
    let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    let config = paths.config_path();
    let config = config.as_os_str().as_encoded_bytes();
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    let is_containerd = args
        .first()
        .is_some_and(|arg0| arg0.ends_with(b"containerd"));
    is_containerd && args.contains(&config)
}

/// Whether `pid` is a live linnet snapshotter serving our snapshotter root (guards against pid
/// reuse).
pub(crate) fn is_our_snapshotter(pid: u32, paths: &Paths) -> bool {
    if !is_alive(pid) {
        return false;
    }
    let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
        return false;
    };
    let root = paths.snapshotter_root();
    let root = root.as_os_str().as_encoded_bytes();
    let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
    args.contains(&b"snapshotter".as_slice()) && args.contains(&root)
}

/// The running linnet binary, which also serves as the snapshotter. After a rebuild replaced
/// the file, the kernel reports the old inode as "<path> (deleted)"; the new file at the
/// same path is the one to run.
pub(crate) fn linnet_binary() -> Result<PathBuf, Error> {
    let exe = std::env::current_exe().map_err(|source| Error::Spawn {
        binary: PathBuf::from("/proc/self/exe"),
        source,
    })?;
    if !exe.exists() {
        if let Some(live) = exe
            .to_str()
            .and_then(|s| s.strip_suffix(" (deleted)"))
            .map(PathBuf::from)
            .filter(|p| is_executable(p))
        {
            return Ok(live);
        }
    }
    Ok(exe)
}

/// The pid of the process listening on a unix socket (SO_PEERCRED).
pub(crate) async fn peer_pid(socket: &Path) -> Option<u32> {
    let stream = tokio::net::UnixStream::connect(socket).await.ok()?;
    let pid = stream.peer_cred().ok()?.pid()?;
    u32::try_from(pid).ok()
}

/// Sends a signal; a process that is already gone is not an error.
pub(crate) fn signal(pid: u32, signal: Signal) -> Result<(), String> {
    let raw = i32::try_from(pid).map_err(|_| format!("invalid pid {pid}"))?;
    match nix::sys::signal::kill(Pid::from_raw(raw), signal) {
        Ok(()) | Err(nix::errno::Errno::ESRCH) => Ok(()),
        Err(errno) => Err(format!("{signal}: {}", errno.desc().to_lowercase())),
    }
}

/// `$LINNET_CONTAINERD`, else `containerd` on PATH.
pub(crate) fn containerd_binary() -> Result<PathBuf, Error> {
    if let Some(custom) = std::env::var_os("LINNET_CONTAINERD").filter(|v| !v.is_empty()) {
        let custom = PathBuf::from(custom);
        if custom.components().count() > 1 {
            return if is_executable(&custom) {
                Ok(custom)
            } else {
                Err(Error::ContainerdNotFound)
            };
        }
        return search_path(&custom.to_string_lossy()).ok_or(Error::ContainerdNotFound);
    }
    search_path("containerd").ok_or(Error::ContainerdNotFound)
}

fn search_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Starts `binary args...` in its own session with stdin from /dev/null and stdout/stderr
/// appended to `log`, so it survives the terminal and the linnet process.
pub(crate) fn spawn_detached(
    binary: &Path,
    args: &[&OsStr],
    envs: &[(&str, &str)],
    log: &Path,
) -> Result<Child, Error> {
    let out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| Error::io("open log file", log, e))?;
    let err = out
        .try_clone()
        .map_err(|e| Error::io("open log file", log, e))?;
    let mut command = Command::new(binary);
    command
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .current_dir("/")
        // Under a systemd unit, containerd must not notify or take sockets meant for linnet.
        .env_remove("NOTIFY_SOCKET")
        .env_remove("LISTEN_FDS")
        .env_remove("LISTEN_PID");
    // SAFETY: setsid is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            nix::unistd::setsid().map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    command.spawn().map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::ContainerdNotFound
        } else {
            Error::Spawn {
                binary: binary.to_path_buf(),
                source,
            }
        }
    })
}

pub(crate) fn describe_exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        _ => "exited".to_string(),
    }
}

/// The telling part of what containerd logged since `offset`, on one line: its fatal line if
/// there is one, else the last few lines.
pub(crate) fn log_tail(log: &Path, offset: u64) -> Option<String> {
    let data = std::fs::read(log).ok()?;
    let start = usize::try_from(offset).unwrap_or(0).min(data.len());
    let text = String::from_utf8_lossy(&data[start..]);
    summarize_log(&text)
}

fn summarize_log(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let chosen: Vec<&str> = match lines.iter().rev().find(|l| l.contains("level=fatal")) {
        Some(fatal) => vec![*fatal],
        None => lines.iter().rev().take(3).rev().copied().collect(),
    };
    if chosen.is_empty() {
        return None;
    }
    let mut joined = chosen.join(" | ");
    if joined.len() > 800 {
        let mut cut = joined.len() - 800;
        while !joined.is_char_boundary(cut) {
            cut += 1;
        }
        joined = format!("...{}", &joined[cut..]);
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fatal_line_wins() {
        let log = "time=1 level=info msg=a\ntime=2 level=fatal msg=\"bad config\"\ntime=3 level=info msg=b\n";
        assert_eq!(
            summarize_log(log).as_deref(),
            Some("time=2 level=fatal msg=\"bad config\"")
        );
        assert_eq!(summarize_log("a\nb\nc\nd\n").as_deref(), Some("b | c | d"));
        assert_eq!(summarize_log("\n\n"), None);
    }

    #[test]
    fn own_process_is_alive_and_pid_files_parse() {
        assert!(is_alive(std::process::id()));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let path = dir.path().join("pid");
        std::fs::write(&path, "1234\n").unwrap_or_else(|e| panic!("write: {e}"));
        assert_eq!(read_pid(&path), Some(1234));
        std::fs::write(&path, "garbage").unwrap_or_else(|e| panic!("write: {e}"));
        assert_eq!(read_pid(&path), None);
    }
}
