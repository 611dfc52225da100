//! Copy-up: the image's content at a volume's mount path goes into the volume when the volume is
//! empty (moby's `populateVolumes`). The copy keeps what a container would see: ownership, modes
//! (the volume root takes the image directory's own owner and mode), times, extended
//! attributes, symlinks as links, hard links as links, device nodes and FIFOs.
//!
//! The path is resolved inside the image root, never on the host: a symlink in the image that
//! points to `/etc` means the image's `/etc`.

use std::collections::HashMap;
use std::ffi::{CString, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Component, Path, PathBuf};

use nix::sys::stat::{mknod, Mode, SFlag, UtimensatFlags};
use nix::sys::time::TimeSpec;
use nix::unistd::{fchownat, FchownatFlags, Gid, Uid};

use crate::Error;

/// Resolves `path` (absolute, in the container) under `root` like a chroot would: `..` stops at
/// the root and absolute symlink targets restart from it. None when a component is missing.
pub fn resolve_in_root(root: &Path, path: &str) -> Option<PathBuf> {
    let mut current = PathBuf::new(); // relative to root
    let mut hops = 0;
    // Components still to walk; symlink targets are expanded in place at the front.
    let mut queue: std::collections::VecDeque<std::ffi::OsString> = Path::new(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    while let Some(part) = queue.pop_front() {
        if part == ".." {
            current.pop();
            continue;
        }
        let candidate = current.join(&part);
        let meta = std::fs::symlink_metadata(root.join(&candidate)).ok()?;
        if meta.file_type().is_symlink() {
            hops += 1;
            if hops > 40 {
                return None;
            }
            let target = std::fs::read_link(root.join(&candidate)).ok()?;
            if target.is_absolute() {
                current = PathBuf::new();
            }
            let mut expanded: Vec<std::ffi::OsString> = Vec::new();
            for c in target.components() {
                match c {
                    Component::Normal(n) => expanded.push(n.to_os_string()),
                    Component::ParentDir => expanded.push("..".into()),
                    _ => {}
                }
            }
            for item in expanded.into_iter().rev() {
                queue.push_front(item);
            }
        } else {
            current = candidate;
        }
    }
    Some(root.join(current))
}

/// Copies the directory `src` into the (empty) directory `dst`, and `src`'s own owner, mode,
/// xattrs and times onto `dst`.
pub fn copy_tree(src: &Path, dst: &Path) -> Result<(), Error> {
    let mut links = HashMap::new();
    copy_dir(src, dst, &mut links)?;
    let meta = std::fs::symlink_metadata(src).map_err(|e| copy_err(src, e))?;
    set_attributes(src, dst, &meta)
}

fn copy_err(path: &Path, source: std::io::Error) -> Error {
    Error::Copy {
        path: path.display().to_string(),
        source,
    }
}

fn nix_err(path: &Path, e: nix::Error) -> Error {
    copy_err(path, std::io::Error::from_raw_os_error(e as i32))
}

fn copy_dir(src: &Path, dst: &Path, links: &mut HashMap<(u64, u64), PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(src).map_err(|e| copy_err(src, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| copy_err(src, e))?;
        let from = entry.path();
        let to = dst.join(entry.file_name());
        let meta = std::fs::symlink_metadata(&from).map_err(|e| copy_err(&from, e))?;
        let kind = meta.file_type();
        if !kind.is_dir() && meta.nlink() > 1 {
            if let Some(first) = links.get(&(meta.dev(), meta.ino())) {
                std::fs::hard_link(first, &to).map_err(|e| copy_err(&from, e))?;
                continue;
            }
            links.insert((meta.dev(), meta.ino()), to.clone());
        }
        if kind.is_dir() {
            std::fs::create_dir(&to).map_err(|e| copy_err(&to, e))?;
            copy_dir(&from, &to, links)?;
        } else if kind.is_file() {
            let mut input = std::fs::File::open(&from).map_err(|e| copy_err(&from, e))?;
            let mut output = std::fs::File::create(&to).map_err(|e| copy_err(&to, e))?;
            std::io::copy(&mut input, &mut output).map_err(|e| copy_err(&from, e))?;
        } else if kind.is_symlink() {
            let target = std::fs::read_link(&from).map_err(|e| copy_err(&from, e))?;
            std::os::unix::fs::symlink(&target, &to).map_err(|e| copy_err(&to, e))?;
        } else {
            let sflag = if kind.is_char_device() {
                SFlag::S_IFCHR
            } else if kind.is_block_device() {
                SFlag::S_IFBLK
            } else if kind.is_fifo() {
                SFlag::S_IFIFO
            } else {
                // Sockets are not copied (Docker's copy skips them as well).
                continue;
            };
            mknod(
                &to,
                sflag,
                Mode::from_bits_truncate(meta.mode() & 0o7777),
                meta.rdev(),
            )
            .map_err(|e| nix_err(&to, e))?;
        }
        set_attributes(&from, &to, &meta)?;
    }
    Ok(())
}

/// Owner first (chown clears set-id bits), then mode, xattrs and times.
fn set_attributes(from: &Path, to: &Path, meta: &std::fs::Metadata) -> Result<(), Error> {
    fchownat(
        nix::fcntl::AT_FDCWD,
        to,
        Some(Uid::from_raw(meta.uid())),
        Some(Gid::from_raw(meta.gid())),
        FchownatFlags::AT_SYMLINK_NOFOLLOW,
    )
    .map_err(|e| nix_err(to, e))?;
    let symlink = meta.file_type().is_symlink();
    if !symlink {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(meta.mode() & 0o7777))
            .map_err(|e| copy_err(to, e))?;
    }
    copy_xattrs(from, to)?;
    let atime = TimeSpec::new(meta.atime(), meta.atime_nsec());
    let mtime = TimeSpec::new(meta.mtime(), meta.mtime_nsec());
    nix::sys::stat::utimensat(
        nix::fcntl::AT_FDCWD,
        to,
        &atime,
        &mtime,
        UtimensatFlags::NoFollowSymlink,
    )
    .map_err(|e| nix_err(to, e))
}

fn cstring(path: &Path) -> Result<CString, Error> {
    CString::new(path.as_os_str().as_bytes()).map_err(|_| {
        copy_err(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "path holds a NUL byte"),
        )
    })
}

fn copy_xattrs(from: &Path, to: &Path) -> Result<(), Error> {
    let src = cstring(from)?;
    let dst = cstring(to)?;
    // SAFETY: a null buffer asks for the size of the name list.
    let size = unsafe { libc::llistxattr(src.as_ptr(), std::ptr::null_mut(), 0) };
    if size <= 0 {
        // No xattrs, or a filesystem without them.
        return Ok(());
    }
    let mut names = vec![0u8; size as usize];
    // SAFETY: the buffer holds `names.len()` bytes.
    let size = unsafe { libc::llistxattr(src.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if size < 0 {
        return Ok(());
    }
    names.truncate(size as usize);
    for name in names.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let Ok(cname) = CString::new(name) else {
            continue;
        };
        // SAFETY: size query with a null buffer.
        let len = unsafe { libc::lgetxattr(src.as_ptr(), cname.as_ptr(), std::ptr::null_mut(), 0) };
        if len < 0 {
            continue;
        }
        let mut value = vec![0u8; len as usize];
        // SAFETY: the buffer holds `value.len()` bytes.
        let len = unsafe {
            libc::lgetxattr(
                src.as_ptr(),
                cname.as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        if len < 0 {
            continue;
        }
        value.truncate(len as usize);
        // SAFETY: pointers to live buffers with their lengths.
        let rc = unsafe {
            libc::lsetxattr(
                dst.as_ptr(),
                cname.as_ptr(),
                value.as_ptr().cast(),
                value.len(),
                0,
            )
        };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            // A volume on a filesystem without xattrs (or this namespace of them) keeps the rest.
            if matches!(err.raw_os_error(), Some(libc::ENOTSUP) | Some(libc::EPERM)) {
                tracing::debug!(
                    "xattr {} not copied to {}: {err}",
                    OsStr::from_bytes(name).to_string_lossy(),
                    to.display()
                );
                continue;
            }
            return Err(copy_err(to, err));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn resolves_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("real/data")).unwrap();
        std::os::unix::fs::symlink("/real", root.join("abs")).unwrap();
        std::os::unix::fs::symlink("../../../real", root.join("real/up")).unwrap();
        assert_eq!(
            resolve_in_root(root, "/abs/data"),
            Some(root.join("real/data"))
        );
        assert_eq!(
            resolve_in_root(root, "/real/up/data"),
            Some(root.join("real/data"))
        );
        assert_eq!(
            resolve_in_root(root, "/../../real"),
            Some(root.join("real"))
        );
        assert_eq!(resolve_in_root(root, "/missing/x"), None);
        std::os::unix::fs::symlink("loop", root.join("loop")).unwrap();
        assert_eq!(resolve_in_root(root, "/loop"), None);
    }

    #[test]
    fn copies_modes_links_and_hard_links() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        let dst = tmp.path().join("dst");
        std::fs::create_dir_all(src.join("sub")).unwrap();
        std::fs::create_dir(&dst).unwrap();
        std::fs::write(src.join("sub/f"), b"hello").unwrap();
        std::fs::set_permissions(src.join("sub/f"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
        std::fs::hard_link(src.join("sub/f"), src.join("g")).unwrap();
        std::os::unix::fs::symlink("sub/f", src.join("link")).unwrap();
        std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o711)).unwrap();
        copy_tree(&src, &dst).unwrap();
        assert_eq!(std::fs::read(dst.join("sub/f")).unwrap(), b"hello");
        let f = std::fs::metadata(dst.join("sub/f")).unwrap();
        assert_eq!(f.mode() & 0o7777, 0o640);
        assert_eq!(std::fs::metadata(dst.join("g")).unwrap().ino(), f.ino());
        assert_eq!(
            std::fs::read_link(dst.join("link")).unwrap(),
            PathBuf::from("sub/f")
        );
        assert_eq!(std::fs::metadata(&dst).unwrap().mode() & 0o7777, 0o711);
    }

    #[test]
    fn copies_xattrs_where_the_filesystem_has_them() {
        let tmp = tempfile::tempdir().unwrap();
        let (src, dst) = (tmp.path().join("src"), tmp.path().join("dst"));
        std::fs::create_dir(&src).unwrap();
        std::fs::create_dir(&dst).unwrap();
        std::fs::write(src.join("f"), b"x").unwrap();
        let path = cstring(&src.join("f")).unwrap();
        let name = CString::new("user.linnet-test").unwrap();
        // SAFETY: pointers to live buffers with their lengths.
        let rc =
            unsafe { libc::lsetxattr(path.as_ptr(), name.as_ptr(), b"v1".as_ptr().cast(), 2, 0) };
        if rc != 0 {
            // A temp filesystem without user xattrs: nothing to check here.
            return;
        }
        copy_tree(&src, &dst).unwrap();
        let copied = cstring(&dst.join("f")).unwrap();
        let mut value = [0u8; 8];
        // SAFETY: the buffer holds 8 bytes.
        let len = unsafe {
            libc::lgetxattr(copied.as_ptr(), name.as_ptr(), value.as_mut_ptr().cast(), 8)
        };
        assert_eq!(len, 2);
        assert_eq!(&value[..2], b"v1");
    }
}
