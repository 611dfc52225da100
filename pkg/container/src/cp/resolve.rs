//! Path resolution confined to a container's root: every open goes through `openat2` with
//! `RESOLVE_IN_ROOT`, so `..` and absolute symlinks (`/evil -> /`, `x -> ../../../host`) stop at
//! the container's `/` instead of reaching the host, and magic links (`/proc/1/root`) are refused.
//! The lexical walk in [`eval_in_scope`] only computes Docker's "resolved path" for messages and
//! rebasing; it never opens anything outside that confinement either.

use std::ffi::OsString;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStringExt;

use nix::errno::Errno;
use nix::fcntl::{openat2, readlinkat, AtFlags, OFlag, OpenHow, ResolveFlag};
use nix::sys::stat::{fstat, fstatat, FileStat, Mode, SFlag};

use super::path;

/// Opens `path` (absolute or relative to the root) inside `root`; symlinks resolve inside it.
pub fn open(root: BorrowedFd<'_>, path: &str, flags: OFlag, mode: Mode) -> nix::Result<OwnedFd> {
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() { "." } else { rel };
    let how = OpenHow::new()
        .flags(flags | OFlag::O_CLOEXEC)
        .mode(mode)
        .resolve(ResolveFlag::RESOLVE_IN_ROOT | ResolveFlag::RESOLVE_NO_MAGICLINKS);
    // EAGAIN: a concurrent rename made the kernel give up on a safe walk; it asks for a retry.
    let mut tries = 0;
    loop {
        match openat2(root, rel, how) {
            Err(Errno::EAGAIN) if tries < 32 => tries += 1,
            other => return other,
        }
    }
}

/// A directory inside the root, for `*at` calls on its entries.
pub fn open_dir(root: BorrowedFd<'_>, path: &str) -> nix::Result<OwnedFd> {
    open(
        root,
        path,
        OFlag::O_PATH | OFlag::O_DIRECTORY,
        Mode::empty(),
    )
}

/// The parent directory of `path` inside the root and the last element (never `.`/`..`/empty
/// unless `path` is the root itself, given as `None`).
pub fn open_parent(root: BorrowedFd<'_>, path: &str) -> nix::Result<(OwnedFd, Option<String>)> {
    let cleaned = path::clean(&format!("/{path}"));
    if cleaned == "/" {
        return Ok((open_dir(root, "/")?, None));
    }
    let parent = path::dir(&cleaned);
    Ok((open_dir(root, &parent)?, Some(path::base(&cleaned))))
}

/// `lstat` of a path inside the root: parents follow symlinks in scope, the last element not.
pub fn lstat(root: BorrowedFd<'_>, path: &str) -> nix::Result<FileStat> {
    match open_parent(root, path)? {
        (dir, Some(name)) => fstatat(dir.as_fd(), name.as_str(), AtFlags::AT_SYMLINK_NOFOLLOW),
        (dir, None) => fstat(dir.as_fd()),
    }
}

pub fn readlink(root: BorrowedFd<'_>, path: &str) -> nix::Result<OsString> {
    match open_parent(root, path)? {
        (dir, Some(name)) => readlinkat(dir.as_fd(), name.as_str()),
        (_, None) => Err(Errno::EINVAL),
    }
}

pub fn is_dir(st: &FileStat) -> bool {
    SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == SFlag::S_IFDIR
}

pub fn is_symlink(st: &FileStat) -> bool {
    SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT == SFlag::S_IFLNK
}

/// moby's `FollowSymlinkInScope`: the clean absolute path that `path` names once every symlink
/// (the last element included) is followed with the root as `/`. Missing elements are kept as
/// written, so the result may not exist.
pub fn eval_in_scope(root: BorrowedFd<'_>, path: &str) -> nix::Result<String> {
    let mut resolved = String::from("/");
    let mut pending: Vec<String> = Vec::new();
    push_components(&mut pending, path);
    let mut links = 0;
    while let Some(part) = pending.pop() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                resolved = path::dir(&resolved);
                continue;
            }
            _ => {}
        }
        let candidate = if resolved == "/" {
            format!("/{part}")
        } else {
            format!("{resolved}/{part}")
        };
        match lstat(root, &candidate) {
            Ok(st) if is_symlink(&st) => {
                links += 1;
                if links > 255 {
                    return Err(Errno::ELOOP);
                }
                let target = readlink(root, &candidate)?;
                let target = String::from_utf8_lossy(&target.into_vec()).into_owned();
                if target.starts_with('/') {
                    resolved = "/".to_string();
                }
                push_components(&mut pending, &target);
            }
            Ok(_) | Err(Errno::ENOENT) | Err(Errno::ENOTDIR) => resolved = candidate,
            Err(e) => return Err(e),
        }
    }
    Ok(resolved)
}

/// Pushes the elements of `path` so that popping yields them first to last.
fn push_components(stack: &mut Vec<String>, path: &str) {
    for part in path.split('/').rev() {
        stack.push(part.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn root_with_links() -> (tempfile::TempDir, OwnedFd) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tmp/src")).unwrap();
        symlink("/", dir.path().join("evil")).unwrap();
        symlink("../../../../..", dir.path().join("tmp/up")).unwrap();
        symlink("src", dir.path().join("tmp/rel")).unwrap();
        symlink("/tmp/src", dir.path().join("tmp/abs")).unwrap();
        let fd = nix::fcntl::open(
            dir.path(),
            OFlag::O_PATH | OFlag::O_DIRECTORY,
            Mode::empty(),
        )
        .unwrap();
        (dir, fd)
    }

    #[test]
    fn symlinks_resolve_inside_the_root() {
        let (_dir, root) = root_with_links();
        let r = root.as_fd();
        assert_eq!(eval_in_scope(r, "/evil/tmp/abs").unwrap(), "/tmp/src");
        assert_eq!(
            eval_in_scope(r, "/tmp/up/etc/passwd").unwrap(),
            "/etc/passwd"
        );
        assert_eq!(eval_in_scope(r, "/tmp/rel/x/../y").unwrap(), "/tmp/src/y");
        assert_eq!(eval_in_scope(r, "/../../..").unwrap(), "/");
        // /evil/etc does not exist in the root even though the host has /etc.
        assert_eq!(lstat(r, "/evil/etc").unwrap_err(), Errno::ENOENT);
        assert_eq!(lstat(r, "/tmp/up/etc").unwrap_err(), Errno::ENOENT);
        assert!(is_symlink(&lstat(r, "/tmp/abs").unwrap()));
        assert!(is_dir(&lstat(r, "/tmp/src").unwrap()));
    }
}
