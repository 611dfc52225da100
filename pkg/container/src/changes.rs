//! `linnet diff`: what changed in a container's filesystem against its image, as Docker reports
//! it (`A` added, `C` changed, `D` deleted).
//!
//! Only the writable layer is walked; each entry is compared with what the image layers show at
//! the same path. The rules are those of Docker's tree comparison (`archive.ChangesDirs`): a
//! whiteout is a deletion, an entry the image lacks is an addition (and so is everything under
//! it), an entry whose mode, owner, device or (for non-directories) size or modification time
//! differs is a change, a directory with any change below it is itself a change, and the
//! children of an opaque directory that the image had are deletions. Copied-up but unmodified
//! files are not changes. The mount points Docker keeps in its init layer (`/etc/hosts`,
//! `/proc`...) are not reported. Docker prints in map order (it varies run to run); linnet prints
//! in path order, parents before children.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use linnet_containerd::Client;

use crate::overlay::{self, Layers};
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Changed,
    Deleted,
}

impl Kind {
    /// Docker's letter.
    pub fn letter(self) -> char {
        match self {
            Kind::Added => 'A',
            Kind::Changed => 'C',
            Kind::Deleted => 'D',
        }
    }

    /// Docker's API `Kind` number (0 changed, 1 added, 2 deleted).
    pub fn api_kind(self) -> u8 {
        match self {
            Kind::Changed => 0,
            Kind::Added => 1,
            Kind::Deleted => 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// Absolute path inside the container (`/etc/motd`).
    pub path: String,
}

/// The changes of a container (running or stopped) against its image.
pub async fn container_changes(client: &Client, reference: &str) -> Result<Vec<Change>, Error> {
    let c = crate::ops::resolve(client, reference).await?;
    let mounts = client
        .snapshot_mounts(&c.snapshotter, &c.snapshot_key)
        .await?;
    let layers = Layers::from_mounts(&mounts)?;
    tokio::task::spawn_blocking(move || changes(&layers))
        .await
        .map_err(Error::Wait)?
}

/// The changes of the writable layer of `layers`, sorted by path.
pub fn changes(layers: &Layers) -> Result<Vec<Change>, Error> {
    let upper = layers.upper()?.to_path_buf();
    let mut out = Vec::new();
    walk(layers, &upper, Path::new(""), LowerDir::Visible, &mut out)?;
    let mut keyed: Vec<(Vec<OsString>, Change)> = out
        .into_iter()
        .map(|c| {
            let key = Path::new(&c.path)
                .iter()
                .map(|p| p.to_os_string())
                .collect();
            (key, c)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(keyed.into_iter().map(|(_, c)| c).collect())
}

/// What the image has under the directory being walked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LowerDir {
    /// Look each name up in the lower layers.
    Visible,
    /// The directory is new (or replaced a non-directory): nothing below it existed.
    None,
}

/// Walks upper directory `dir` (relative path `rel`); returns whether anything was recorded.
fn walk(
    layers: &Layers,
    dir: &Path,
    rel: &Path,
    lower: LowerDir,
    out: &mut Vec<Change>,
) -> Result<bool, Error> {
    let before = out.len();
    let entries = overlay::sorted_dir(dir)?;
    for (name, path, meta) in entries {
        let child_rel = rel.join(&name);
        if overlay::is_whiteout(&meta) {
            if lower == LowerDir::Visible && layers.lookup_lower(&child_rel)?.is_some() {
                record(out, Kind::Deleted, &child_rel);
            }
            continue;
        }
        if overlay::is_init_file(&child_rel) {
            continue;
        }
        let old = match lower {
            LowerDir::Visible => layers.lookup_lower(&child_rel)?,
            LowerDir::None => None,
        };
        let old_meta = match &old {
            Some(found) => Some(found.meta.clone()),
            // Docker has these mount points in its init layer, unchanged.
            None if overlay::is_init_dir(&child_rel) && meta.is_dir() => Some(meta.clone()),
            None => None,
        };
        let Some(old_meta) = old_meta else {
            record(out, Kind::Added, &child_rel);
            if meta.is_dir() {
                walk(layers, &path, &child_rel, LowerDir::None, out)?;
            }
            continue;
        };
        let at = out.len();
        let changed = overlay::stat_different(&old_meta, &meta)
            || capability_changed(old.as_ref().map(|f| f.path.as_path()), &path);
        if changed {
            record(out, Kind::Changed, &child_rel);
        }
        if !meta.is_dir() {
            continue;
        }
        let below = if old_meta.is_dir() {
            LowerDir::Visible
        } else {
            LowerDir::None
        };
        let inner = walk(layers, &path, &child_rel, below, out)?;
        if below == LowerDir::Visible && overlay::is_opaque(&path) {
            deleted_under_opaque(layers, &path, &child_rel, out)?;
        }
        if !changed && (inner || out.len() > at) {
            // A directory with changes below it is itself a change (Docker records it so that
            // the parent's permissions travel with the layer).
            out.insert(
                at,
                Change {
                    kind: Kind::Changed,
                    path: absolute(&child_rel),
                },
            );
        }
    }
    Ok(out.len() > before)
}

/// The children an opaque directory hides: what the lower layers had that the upper lacks.
fn deleted_under_opaque(
    layers: &Layers,
    upper_dir: &Path,
    rel: &Path,
    out: &mut Vec<Change>,
) -> Result<(), Error> {
    let Some(found) = layers.lookup_lower(rel)? else {
        return Ok(());
    };
    let sources = lower_sources(layers, rel, found.path);
    for entry in overlay::merged_dir(&sources)? {
        if std::fs::symlink_metadata(upper_dir.join(&entry.name)).is_err() {
            record(out, Kind::Deleted, &rel.join(&entry.name));
        }
    }
    Ok(())
}

/// The lower layer directories that make up directory `rel`, starting at its topmost `top`.
fn lower_sources(layers: &Layers, rel: &Path, top: PathBuf) -> Vec<PathBuf> {
    let mut sources = vec![top.clone()];
    if overlay::is_opaque(&top) {
        return sources;
    }
    let mut started = false;
    for layer in &layers.lowers {
        let p = layer.join(rel);
        if p == top {
            started = true;
            continue;
        }
        if !started {
            continue;
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => {
                let opaque = overlay::is_opaque(&p);
                sources.push(p);
                if opaque {
                    break;
                }
            }
            Ok(_) => break,
            Err(_) => continue,
        }
    }
    sources
}

/// Docker compares file capabilities too (`setcap` changes no stat field).
fn capability_changed(old: Option<&Path>, new: &Path) -> bool {
    const CAPS: &str = "security.capability";
    old.is_some_and(|old| overlay::get_xattr(old, CAPS) != overlay::get_xattr(new, CAPS))
}

fn record(out: &mut Vec<Change>, kind: Kind, rel: &Path) {
    out.push(Change {
        kind,
        path: absolute(rel),
    });
}

fn absolute(rel: &Path) -> String {
    format!("/{}", rel.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(layers: &Layers) -> Vec<String> {
        changes(layers)
            .unwrap()
            .iter()
            .map(|c| format!("{} {}", c.kind.letter(), c.path))
            .collect()
    }

    fn whiteout(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path; mknod of a 0/0 character device (root only).
        let rc = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o600, 0) };
        assert_eq!(rc, 0, "mknod {}", path.display());
    }

    fn copy_up(from: &Path, to: &Path) {
        std::fs::copy(from, to).unwrap();
        let meta = std::fs::metadata(from).unwrap();
        let times = std::fs::FileTimes::new().set_modified(meta.modified().unwrap());
        std::fs::File::options()
            .write(true)
            .open(to)
            .unwrap()
            .set_times(times)
            .unwrap();
    }

    #[test]
    fn docker_kinds() {
        if !nix::unistd::geteuid().is_root() {
            return; // whiteouts need mknod
        }
        let dir = tempfile::tempdir().unwrap();
        let lower = dir.path().join("lower");
        let upper = dir.path().join("upper");
        for d in ["bin", "etc", "data/sub", "same"] {
            std::fs::create_dir_all(lower.join(d)).unwrap();
        }
        std::fs::write(lower.join("bin/vi"), "vi").unwrap();
        std::fs::write(lower.join("etc/passwd"), "root").unwrap();
        std::fs::write(lower.join("data/a"), "a").unwrap();
        std::fs::write(lower.join("same/f"), "same").unwrap();
        for d in ["bin", "etc", "new/sub", "same", "proc"] {
            std::fs::create_dir_all(upper.join(d)).unwrap();
        }
        whiteout(&upper.join("bin/vi"));
        std::fs::write(upper.join("etc/passwd"), "root\nmore").unwrap();
        std::fs::write(upper.join("etc/hosts"), "").unwrap();
        std::fs::write(upper.join("new/sub/f"), "f").unwrap();
        copy_up(&lower.join("same/f"), &upper.join("same/f"));
        // rm -rf /data; mkdir /data; touch /data/new
        std::fs::create_dir(upper.join("data")).unwrap();
        std::fs::write(upper.join("data/new"), "n").unwrap();
        let c = std::ffi::CString::new(upper.join("data").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: NUL-terminated strings and a 1-byte value.
        let rc = unsafe {
            libc::setxattr(
                c.as_ptr(),
                c"trusted.overlay.opaque".as_ptr(),
                b"y".as_ptr().cast(),
                1,
                0,
            )
        };
        assert_eq!(rc, 0);
        let layers = Layers {
            upper: Some(upper),
            lowers: vec![lower],
        };
        assert_eq!(
            lines(&layers),
            vec![
                "C /bin",
                "D /bin/vi",
                "C /data",
                "D /data/a",
                "A /data/new",
                "D /data/sub",
                "C /etc",
                "C /etc/passwd",
                "A /new",
                "A /new/sub",
                "A /new/sub/f",
            ]
        );
    }
}
