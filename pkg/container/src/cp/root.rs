//! A descriptor of a container's `/` as its processes see it, volumes and bind mounts included.
//!
//! A running container already has one: `/proc/<pid>/root`. A created or stopped container has
//! only its snapshot, so a thread of ours moves into a private mount namespace, mounts the
//! snapshot there, binds the container's bind mounts and volumes at their destinations (resolved
//! inside the root) and waits until the copy is done. Nothing is ever mounted in the host's
//! namespace: when the thread ends, its namespace and every mount in it go away, even if linnet
//! is killed.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

use linnet_containerd::Mount;
use nix::fcntl::OFlag;
use nix::mount::{mount, MsFlags};
use nix::sched::{unshare, CloneFlags};
use nix::sys::stat::Mode;

use super::{resolve, CpError};

/// A bind mount of the container's spec (volumes, `-v`, `/etc/hosts`...).
#[derive(Debug, Clone)]
pub struct Bind {
    pub source: PathBuf,
    pub destination: String,
    pub readonly: bool,
}

/// How to reach a container's root.
#[derive(Debug, Clone)]
pub enum Access {
    /// The running task's init process.
    Task { pid: u32 },
    /// The snapshot's mounts, then the binds in spec order.
    Snapshot {
        mounts: Vec<Mount>,
        binds: Vec<Bind>,
        readonly: bool,
    },
}

/// An open container root; dropping it ends the private namespace (if any).
pub struct Root {
    // Fields drop in order: our descriptor first (it pins the namespace's mounts), then the
    // namespace thread.
    fd: OwnedFd,
    _keeper: Option<Keeper>,
}

impl Root {
    pub fn fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// The namespace thread and its mount point directory.
struct Keeper {
    stop: mpsc::Sender<()>,
    thread: Option<JoinHandle<()>>,
    mountpoint: PathBuf,
}

impl Drop for Keeper {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = std::fs::remove_dir(&self.mountpoint);
    }
}

fn sys(op: &'static str, path: &str, e: nix::errno::Errno) -> CpError {
    CpError::Sys {
        op,
        path: path.to_string(),
        source: std::io::Error::from_raw_os_error(e as i32),
    }
}

/// Opens the root. Blocking; call from a blocking context.
pub fn open(access: Access) -> Result<Root, CpError> {
    match access {
        Access::Task { pid } => {
            let path = format!("/proc/{pid}/root");
            let fd = nix::fcntl::open(
                path.as_str(),
                OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
                Mode::empty(),
            )
            .map_err(|e| sys("open", &path, e))?;
            Ok(Root { fd, _keeper: None })
        }
        Access::Snapshot {
            mounts,
            binds,
            readonly,
        } => open_snapshot(mounts, binds, readonly),
    }
}

fn open_snapshot(mounts: Vec<Mount>, binds: Vec<Bind>, readonly: bool) -> Result<Root, CpError> {
    let mountpoint = std::env::temp_dir().join(format!("linnet-cp-{:016x}", rand::random::<u64>()));
    std::fs::create_dir(&mountpoint).map_err(|e| CpError::Sys {
        op: "create",
        path: mountpoint.display().to_string(),
        source: e,
    })?;
    let (fd_tx, fd_rx) = mpsc::channel::<Result<OwnedFd, CpError>>();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let target = mountpoint.clone();
    let spawned = std::thread::Builder::new()
        .name("cp-mountns".into())
        .spawn(move || {
            let _ = fd_tx.send(mount_private(&target, &mounts, &binds, readonly));
            // Stay in the namespace until the copy is done (or the Root is dropped).
            let _ = stop_rx.recv();
        });
    let thread = match spawned {
        Ok(thread) => thread,
        Err(e) => {
            let _ = std::fs::remove_dir(&mountpoint);
            return Err(CpError::Sys {
                op: "start",
                path: "the mount thread".into(),
                source: e,
            });
        }
    };
    let keeper = Keeper {
        stop: stop_tx,
        thread: Some(thread),
        mountpoint,
    };
    match fd_rx.recv() {
        Ok(Ok(fd)) => Ok(Root {
            fd,
            _keeper: Some(keeper),
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(CpError::Message("the mount thread ended early".into())),
    }
}

/// Runs on the namespace thread: mounts everything and opens the root.
fn mount_private(
    target: &std::path::Path,
    mounts: &[Mount],
    binds: &[Bind],
    readonly: bool,
) -> Result<OwnedFd, CpError> {
    let shown = target.display().to_string();
    // CLONE_NEWNS only unshares this thread's filesystem view; the process keeps the host's.
    unshare(CloneFlags::CLONE_NEWNS).map_err(|e| sys("unshare", "mount namespace", e))?;
    mount(
        None::<&str>,
        "/",
        None::<&str>,
        MsFlags::MS_REC | MsFlags::MS_PRIVATE,
        None::<&str>,
    )
    .map_err(|e| sys("make private", "/", e))?;
    for m in mounts {
        let (flags, data) = linnet_volume::driver::split_options(&m.options.join(","));
        let data = (!data.is_empty()).then_some(data);
        let fstype = (m.r#type != "bind").then_some(m.r#type.as_str());
        mount(
            Some(m.source.as_str()),
            target,
            fstype,
            flags,
            data.as_deref(),
        )
        .map_err(|e| sys("mount", &shown, e))?;
    }
    let root = nix::fcntl::open(
        target,
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| sys("open", &shown, e))?;
    for b in binds {
        bind(root.as_fd(), b)?;
    }
    if readonly {
        mount(
            None::<&str>,
            target,
            None::<&str>,
            MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY,
            None::<&str>,
        )
        .map_err(|e| sys("remount read-only", &shown, e))?;
    }
    // Reopened so that the descriptor sees the mounts made on top of the first one.
    nix::fcntl::open(
        target,
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| sys("open", &shown, e))
}

/// Binds `b.source` at its destination, which is resolved inside the root (a symlink in the
/// image cannot point the mount at a host path) and created when missing, as runc would.
fn bind(root: BorrowedFd<'_>, b: &Bind) -> Result<(), CpError> {
    let Ok(meta) = std::fs::metadata(&b.source) else {
        return Ok(());
    };
    let dest = b.destination.as_str();
    let dir = if meta.is_dir() {
        dest.to_string()
    } else {
        super::path::dir(dest)
    };
    mkdir_p(root, &dir)?;
    if !meta.is_dir() {
        let _ = resolve::open(
            root,
            dest,
            OFlag::O_CREAT | OFlag::O_WRONLY | OFlag::O_NOFOLLOW,
            Mode::from_bits_truncate(0o644),
        );
    }
    let point = resolve::open(root, dest, OFlag::O_PATH, Mode::empty())
        .map_err(|e| sys("open", dest, e))?;
    let magic = format!("/proc/self/fd/{}", point.as_raw_fd());
    mount(
        Some(&b.source),
        magic.as_str(),
        None::<&str>,
        MsFlags::MS_BIND | MsFlags::MS_REC,
        None::<&str>,
    )
    .map_err(|e| sys("bind", dest, e))?;
    if b.readonly {
        let point = resolve::open(root, dest, OFlag::O_PATH, Mode::empty())
            .map_err(|e| sys("open", dest, e))?;
        let magic = format!("/proc/self/fd/{}", point.as_raw_fd());
        mount(
            None::<&str>,
            magic.as_str(),
            None::<&str>,
            MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY,
            None::<&str>,
        )
        .map_err(|e| sys("remount read-only", dest, e))?;
    }
    Ok(())
}

fn mkdir_p(root: BorrowedFd<'_>, dir: &str) -> Result<(), CpError> {
    let mut current = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty() && *p != ".") {
        current.push('/');
        current.push_str(part);
        match resolve::open_parent(root, &current) {
            Ok((parent, Some(leaf))) => {
                match nix::sys::stat::mkdirat(
                    parent.as_fd(),
                    leaf.as_str(),
                    Mode::from_bits_truncate(0o755),
                ) {
                    Ok(()) | Err(nix::errno::Errno::EEXIST) => {}
                    Err(e) => return Err(sys("mkdir", &current, e)),
                }
            }
            Ok((_, None)) => {}
            Err(e) => return Err(sys("open", &current, e)),
        }
    }
    Ok(())
}
