//! A container's root filesystem read as overlayfs layers, without mounting anything.
//!
//! `diff`, `export` and `commit` need the container's writable layer (the overlay `upperdir`)
//! and the read-only layers under it. Mounting a second overlay over an upper directory that a
//! running container uses is undefined behaviour in the kernel, so linnet reads the layer
//! directories itself and applies overlay's rules: a 0/0 character device is a whiteout, a
//! directory with `trusted.overlay.opaque=y` hides the same directory of lower layers.

use std::ffi::{CString, OsStr, OsString};
use std::fs::Metadata;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use linnet_containerd::Mount;

use crate::Error;

/// The files runc (or linnet's bind mounts) create in the writable layer as mount points, which
/// Docker keeps in a separate init layer: they are not the container's changes.
const INIT_FILES: [&str; 6] = [
    ".dockerenv",
    "etc/resolv.conf",
    "etc/hosts",
    "etc/hostname",
    "etc/mtab",
    "dev/console",
];
/// Mount point directories of the same init layer (and the parents of [`INIT_FILES`]).
const INIT_DIRS: [&str; 6] = ["dev", "dev/pts", "dev/shm", "proc", "sys", "etc"];

/// The layer directories of a container's snapshot.
#[derive(Debug, Clone)]
pub struct Layers {
    /// The writable layer; `None` for a read-only view.
    pub upper: Option<PathBuf>,
    /// Read-only layers, top first.
    pub lowers: Vec<PathBuf>,
}

/// One entry found in the lower layers.
pub struct Found {
    pub path: PathBuf,
    pub meta: Metadata,
}

impl Layers {
    /// Reads the layer directories from a snapshot's mounts: an overlay (upperdir, lowerdirs),
    /// or one bind mount (a snapshot without parents: writable unless mounted `ro`).
    pub fn from_mounts(mounts: &[Mount]) -> Result<Layers, Error> {
        let [m] = mounts else {
            return Err(Error::InvalidArgument(format!(
                "unsupported snapshot: {} mounts (expected one overlay or bind mount)",
                mounts.len()
            )));
        };
        if m.r#type == "overlay" {
            let mut upper = None;
            let mut lowers = Vec::new();
            for opt in &m.options {
                if let Some(dir) = opt.strip_prefix("upperdir=") {
                    upper = Some(PathBuf::from(dir));
                } else if let Some(dirs) = opt.strip_prefix("lowerdir=") {
                    lowers.extend(dirs.split(':').map(PathBuf::from));
                }
            }
            return Ok(Layers { upper, lowers });
        }
        if m.r#type == "bind" || m.options.iter().any(|o| o == "bind" || o == "rbind") {
            let dir = PathBuf::from(&m.source);
            return Ok(if m.options.iter().any(|o| o == "ro") {
                Layers {
                    upper: None,
                    lowers: vec![dir],
                }
            } else {
                Layers {
                    upper: Some(dir),
                    lowers: Vec::new(),
                }
            });
        }
        Err(Error::InvalidArgument(format!(
            "unsupported snapshot mount type {:?} (expected overlay or bind)",
            m.r#type
        )))
    }

    /// The upper directory, or an error for a read-only snapshot.
    pub fn upper(&self) -> Result<&Path, Error> {
        self.upper.as_deref().ok_or_else(|| {
            Error::InvalidArgument("the container's snapshot has no writable layer".to_string())
        })
    }

    /// Looks `rel` (relative, no `..`) up in the lower layers as overlayfs would show it.
    pub fn lookup_lower(&self, rel: &Path) -> Result<Option<Found>, Error> {
        let parts: Vec<&OsStr> = rel.iter().collect();
        if parts.is_empty() {
            return Ok(self.lowers.first().and_then(|l| {
                std::fs::symlink_metadata(l).ok().map(|meta| Found {
                    path: l.clone(),
                    meta,
                })
            }));
        }
        'layers: for layer in &self.lowers {
            let mut path = layer.clone();
            let mut opaque_above = false;
            for (i, part) in parts.iter().enumerate() {
                path.push(part);
                let meta = match std::fs::symlink_metadata(&path) {
                    Ok(meta) => meta,
                    Err(e) if missing(&e) => {
                        if opaque_above {
                            return Ok(None);
                        }
                        continue 'layers;
                    }
                    Err(e) => return Err(Error::io("read", &path, e)),
                };
                if is_whiteout(&meta) {
                    return Ok(None);
                }
                if i + 1 == parts.len() {
                    return Ok(Some(Found { path, meta }));
                }
                if !meta.is_dir() {
                    return Ok(None);
                }
                if is_opaque(&path) {
                    opaque_above = true;
                }
            }
        }
        Ok(None)
    }

    /// The directories that make up the merged root, top first.
    pub fn root_sources(&self) -> Vec<PathBuf> {
        self.upper
            .iter()
            .chain(self.lowers.iter())
            .cloned()
            .collect()
    }
}

/// One visible entry of a merged directory.
pub struct MergedEntry {
    pub name: OsString,
    /// The topmost entry of that name.
    pub path: PathBuf,
    pub meta: Metadata,
    /// For a directory: the layer directories that make it up, top first.
    pub sources: Vec<PathBuf>,
}

/// The merged view of one directory made of `sources` (its layer directories, top first), in
/// name order.
pub fn merged_dir(sources: &[PathBuf]) -> Result<Vec<MergedEntry>, Error> {
    let mut seen: std::collections::BTreeMap<OsString, Option<MergedEntry>> = Default::default();
    for (depth, dir) in sources.iter().enumerate() {
        for (name, path, meta) in sorted_dir(dir)? {
            if seen.contains_key(&name) {
                continue;
            }
            if is_whiteout(&meta) {
                seen.insert(name, None);
                continue;
            }
            let mut dirs = Vec::new();
            if meta.is_dir() {
                dirs.push(path.clone());
                if !is_opaque(&path) {
                    for below in &sources[depth + 1..] {
                        let p = below.join(&name);
                        match std::fs::symlink_metadata(&p) {
                            Ok(m) if m.is_dir() => {
                                let opaque = is_opaque(&p);
                                dirs.push(p);
                                if opaque {
                                    break;
                                }
                            }
                            Ok(_) => break,
                            Err(e) if missing(&e) => continue,
                            Err(e) => return Err(Error::io("read", &p, e)),
                        }
                    }
                }
            }
            seen.insert(
                name.clone(),
                Some(MergedEntry {
                    name,
                    path,
                    meta,
                    sources: dirs,
                }),
            );
        }
        if is_opaque(dir) {
            break;
        }
    }
    Ok(seen.into_values().flatten().collect())
}

/// Sorted entries of one directory.
pub fn sorted_dir(dir: &Path) -> Result<Vec<(OsString, PathBuf, Metadata)>, Error> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io("read", dir, e))? {
        let entry = entry.map_err(|e| Error::io("read", dir, e))?;
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).map_err(|e| Error::io("read", &path, e))?;
        out.push((entry.file_name(), path, meta));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn missing(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::NotFound || e.raw_os_error() == Some(libc::ENOTDIR)
}

/// An overlay whiteout: a character device 0/0.
pub fn is_whiteout(meta: &Metadata) -> bool {
    meta.file_type().is_char_device() && meta.rdev() == 0
}

/// A directory marked opaque (`trusted.overlay.opaque=y`).
pub fn is_opaque(path: &Path) -> bool {
    matches!(get_xattr(path, "trusted.overlay.opaque"), Some(v) if v == b"y")
}

/// The value of one extended attribute of `path` (not following symlinks); `None` when absent
/// or unreadable.
pub fn get_xattr(path: &Path, name: &str) -> Option<Vec<u8>> {
    let cpath = CString::new(path.as_os_str().as_bytes()).ok()?;
    let cname = CString::new(name).ok()?;
    let mut buf = vec![0u8; 256];
    loop {
        // SAFETY: both strings are NUL-terminated and the buffer holds `buf.len()` bytes.
        let n = unsafe {
            libc::lgetxattr(
                cpath.as_ptr(),
                cname.as_ptr(),
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        };
        if n >= 0 {
            buf.truncate(n as usize);
            return Some(buf);
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::ERANGE) && buf.len() < 1 << 16 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        return None;
    }
}

/// The names of the extended attributes of `path` that belong in a layer (`security.*` and
/// `user.*`; overlay's own `trusted.overlay.*` never leaves the upper directory).
pub fn layer_xattrs(path: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(cpath) = CString::new(path.as_os_str().as_bytes()) else {
        return Vec::new();
    };
    // SAFETY: a null buffer asks for the size of the name list.
    let size = unsafe { libc::llistxattr(cpath.as_ptr(), std::ptr::null_mut(), 0) };
    if size <= 0 {
        return Vec::new();
    }
    let mut names = vec![0u8; size as usize];
    // SAFETY: the buffer holds `names.len()` bytes.
    let size = unsafe { libc::llistxattr(cpath.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if size <= 0 {
        return Vec::new();
    }
    names.truncate(size as usize);
    names
        .split(|b| *b == 0)
        .filter_map(|n| std::str::from_utf8(n).ok())
        .filter(|n| n.starts_with("security.") || n.starts_with("user."))
        .filter_map(|n| get_xattr(path, n).map(|v| (n.to_string(), v)))
        .collect()
}

/// Docker's `statDifferent`: mode, owner and device always; size and modification time only
/// for non-directories (a directory's mtime changes with every file created in it).
pub fn stat_different(old: &Metadata, new: &Metadata) -> bool {
    old.mode() != new.mode()
        || old.uid() != new.uid()
        || old.gid() != new.gid()
        || old.rdev() != new.rdev()
        || (!new.is_dir()
            && (old.size() != new.size()
                || old.mtime() != new.mtime()
                || old.mtime_nsec() != new.mtime_nsec()))
}

/// A mount point file of Docker's init layer (`etc/hosts`...).
pub fn is_init_file(rel: &Path) -> bool {
    INIT_FILES.iter().any(|f| rel == Path::new(f))
}

/// A mount point directory of Docker's init layer (`proc`, `etc`...).
pub fn is_init_dir(rel: &Path) -> bool {
    INIT_DIRS.iter().any(|d| rel == Path::new(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_from_mounts() {
        let m = Mount {
            r#type: "overlay".into(),
            source: "overlay".into(),
            target: String::new(),
            options: vec![
                "index=off".into(),
                "workdir=/w".into(),
                "upperdir=/u".into(),
                "lowerdir=/l1:/l2".into(),
            ],
        };
        let l = Layers::from_mounts(&[m]).unwrap();
        assert_eq!(l.upper.as_deref(), Some(Path::new("/u")));
        assert_eq!(l.lowers, vec![PathBuf::from("/l1"), PathBuf::from("/l2")]);
        let b = Mount {
            r#type: "bind".into(),
            source: "/fs".into(),
            target: String::new(),
            options: vec!["rbind".into(), "rw".into()],
        };
        let l = Layers::from_mounts(&[b]).unwrap();
        assert_eq!(l.upper.as_deref(), Some(Path::new("/fs")));
        assert!(l.lowers.is_empty());
        assert!(Layers::from_mounts(&[]).is_err());
    }

    #[test]
    fn lower_lookup_follows_whiteouts_and_files() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("top");
        let bottom = dir.path().join("bottom");
        std::fs::create_dir_all(bottom.join("a/b")).unwrap();
        std::fs::write(bottom.join("a/b/f"), "x").unwrap();
        std::fs::write(bottom.join("g"), "x").unwrap();
        std::fs::create_dir_all(top.join("a")).unwrap();
        // `g` becomes a file in the top layer hiding nothing below it; `a/b` stays visible.
        std::fs::write(top.join("a/b"), "file now").unwrap();
        let layers = Layers {
            upper: None,
            lowers: vec![top.clone(), bottom.clone()],
        };
        assert!(layers.lookup_lower(Path::new("g")).unwrap().is_some());
        let b = layers.lookup_lower(Path::new("a/b")).unwrap().unwrap();
        assert!(b.meta.is_file());
        assert!(layers.lookup_lower(Path::new("a/b/f")).unwrap().is_none());
        assert!(layers.lookup_lower(Path::new("nope")).unwrap().is_none());
        let merged = merged_dir(&layers.root_sources()).unwrap();
        let names: Vec<_> = merged.iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, vec![OsString::from("a"), OsString::from("g")]);
    }
}
