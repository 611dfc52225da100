//! The layer of `linnet commit`: the container's writable overlay layer as an OCI layer tar.
//!
//! What Docker's overlay2 driver does for its native diff: the upper directory is archived as is,
//! in path order, with overlay's whiteouts (0/0 character devices) written as `.wh.<name>` files
//! and opaque directories followed by a `.wh..wh..opq` entry. The mount points that Docker keeps
//! in a separate init layer (`/etc/hosts`, `/proc`... when runc created them) stay out of it.

use std::io::Write;
use std::path::Path;

use crate::overlay::{self, Layers};
use crate::tarball::TarWriter;
use crate::Error;

/// Writes the writable layer of `layers` as a layer tar into `out`.
pub fn write_layer<W: Write>(layers: &Layers, out: W) -> Result<W, Error> {
    let upper = layers.upper()?;
    let mut tar = TarWriter::new(out);
    write_dir(layers, &mut tar, upper, Path::new(""))?;
    tar.finish().map_err(|e| Error::io("write", "the layer", e))
}

fn write_dir<W: Write>(
    layers: &Layers,
    tar: &mut TarWriter<W>,
    dir: &Path,
    rel: &Path,
) -> Result<(), Error> {
    for (name, path, meta) in overlay::sorted_dir(dir)? {
        let child = rel.join(&name);
        let archive_err = |e| Error::io("archive", &path, e);
        if overlay::is_whiteout(&meta) {
            let wh = rel.join(format!(".wh.{}", name.to_string_lossy()));
            tar.append_empty(&wh.to_string_lossy(), &meta)
                .map_err(archive_err)?;
            continue;
        }
        if overlay::is_init_file(&child) {
            continue;
        }
        // A mount point directory runc made or copied up, holding only mount points.
        if meta.is_dir()
            && overlay::is_init_dir(&child)
            && only_mount_points(&path, &child)?
            && layers
                .lookup_lower(&child)?
                .is_none_or(|old| !overlay::stat_different(&old.meta, &meta))
        {
            continue;
        }
        let entry_name = child.to_string_lossy().into_owned();
        tar.append(&entry_name, &path, &meta).map_err(archive_err)?;
        if meta.is_dir() {
            if overlay::is_opaque(&path) {
                let opq = child.join(".wh..wh..opq");
                tar.append_empty(&opq.to_string_lossy(), &meta)
                    .map_err(archive_err)?;
            }
            write_dir(layers, tar, &path, &child)?;
        }
    }
    Ok(())
}

/// Whether directory `path` holds nothing but init-layer mount points.
fn only_mount_points(path: &Path, rel: &Path) -> Result<bool, Error> {
    for (name, child_path, meta) in overlay::sorted_dir(path)? {
        let child = rel.join(&name);
        let ok = if meta.is_dir() {
            overlay::is_init_dir(&child) && only_mount_points(&child_path, &child)?
        } else {
            overlay::is_init_file(&child)
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whiteouts_and_mount_points() {
        if !nix::unistd::geteuid().is_root() {
            return; // whiteouts need mknod
        }
        let dir = tempfile::tempdir().unwrap();
        let upper = dir.path().join("upper");
        let lower = dir.path().join("lower");
        std::fs::create_dir_all(lower.join("bin")).unwrap();
        std::fs::create_dir_all(lower.join("etc")).unwrap();
        std::fs::create_dir_all(upper.join("bin")).unwrap();
        std::fs::create_dir_all(upper.join("etc")).unwrap();
        std::fs::create_dir_all(upper.join("proc")).unwrap();
        std::fs::write(upper.join("etc/hosts"), "").unwrap();
        std::fs::write(upper.join("x"), "x").unwrap();
        let vi =
            std::ffi::CString::new(upper.join("bin/vi").as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path; a 0/0 character device is overlay's whiteout.
        assert_eq!(
            unsafe { libc::mknod(vi.as_ptr(), libc::S_IFCHR | 0o600, 0) },
            0
        );
        let layers = Layers {
            upper: Some(upper),
            lowers: vec![lower],
        };
        let bytes = write_layer(&layers, Vec::new()).unwrap();
        let mut archive = tar::Archive::new(&bytes[..]);
        let names: Vec<String> = archive
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().display().to_string())
            .collect();
        assert_eq!(names, vec!["bin/", "bin/.wh.vi", "x"]);
    }
}
