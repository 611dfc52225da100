//! Pinned network namespaces (the CRI / Podman strategy): linnet makes the namespace before the
//! container exists, so CNI runs before `Tasks.Create`, errors surface in linnet, and a restart by
//! containerd's restart monitor finds the namespace still configured.
//!
//! A throw-away thread does `unshare(CLONE_NEWNET)` and bind-mounts its own
//! `/proc/self/task/<tid>/ns/net` onto the pin file; the thread then ends, so no thread of the
//! caller's process is ever left in the new namespace.

use std::path::Path;

use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sched::{unshare, CloneFlags};

use crate::error::{Error, Result};

/// Creates a new network namespace pinned at `path` (which must not exist yet).
pub fn create(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))?;
    let target = path.to_path_buf();
    let outcome = std::thread::spawn(move || -> Result<()> {
        unshare(CloneFlags::CLONE_NEWNET).map_err(|source| Error::Netns {
            what: "unshare for",
            path: target.clone(),
            source,
        })?;
        let tid = nix::unistd::gettid();
        let own = format!("/proc/self/task/{tid}/ns/net");
        mount(
            Some(own.as_str()),
            &target,
            None::<&str>,
            MsFlags::MS_BIND,
            None::<&str>,
        )
        .map_err(|source| Error::Netns {
            what: "bind-mount",
            path: target.clone(),
            source,
        })
    })
    .join();
    let outcome = match outcome {
        Ok(r) => r,
        Err(_) => Err(Error::Netns {
            what: "create",
            path: path.to_path_buf(),
            source: nix::Error::EIO,
        }),
    };
    if outcome.is_err() {
        let _ = std::fs::remove_file(path);
    }
    outcome
}

/// Unmounts and removes a pinned namespace; a missing one is fine (teardown is idempotent).
pub fn remove(path: &Path) -> Result<()> {
    match umount2(path, MntFlags::MNT_DETACH) {
        Ok(()) | Err(nix::Error::EINVAL) | Err(nix::Error::ENOENT) => {}
        Err(source) => {
            return Err(Error::Netns {
                what: "unmount",
                path: path.to_path_buf(),
                source,
            })
        }
    }
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("remove", path, e)),
    }
}

/// Whether `path` is a mounted namespace (a pin), not just a leftover empty file.
pub fn is_pinned(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(pin), Ok(dir)) = (
        std::fs::metadata(path),
        std::fs::metadata(path.parent().unwrap_or(Path::new("/"))),
    ) else {
        return false;
    };
    // An nsfs bind mount lives on a different device than the directory holding it.
    pin.dev() != dir.dev()
}
