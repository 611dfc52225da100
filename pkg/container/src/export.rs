//! `linnet export`: the container's whole root filesystem as a tar stream, as `docker export`.
//!
//! The tree is the overlay merge of the snapshot's layers read directly from the layer
//! directories (see [`crate::overlay`]), so a running container is exported without a second
//! mount of its writable layer; volumes and other mounts are not part of it, as in Docker. A
//! file written to `-o` appears only complete: the stream goes to a temporary file beside it
//! that is renamed over the target at the end and removed on failure.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use linnet_containerd::Client;

use crate::overlay::{self, Layers};
use crate::tarball::TarWriter;
use crate::Error;

/// The layers of a container's root filesystem.
pub async fn container_layers(client: &Client, reference: &str) -> Result<Layers, Error> {
    let c = crate::ops::resolve(client, reference).await?;
    let mounts = client
        .snapshot_mounts(&c.snapshotter, &c.snapshot_key)
        .await?;
    Layers::from_mounts(&mounts)
}

/// Writes the merged root filesystem of `layers` as a tar stream to `out`.
pub fn write_rootfs<W: Write>(layers: &Layers, out: W) -> Result<W, Error> {
    let mut tar = TarWriter::new(out);
    write_dir(&mut tar, &layers.root_sources(), "")?;
    tar.finish()
        .map_err(|e| Error::io("write", "the archive", e))
}

fn write_dir<W: Write>(
    tar: &mut TarWriter<W>,
    sources: &[PathBuf],
    prefix: &str,
) -> Result<(), Error> {
    for entry in overlay::merged_dir(sources)? {
        let name = format!("{prefix}{}", entry.name.to_string_lossy());
        tar.append(&name, &entry.path, &entry.meta)
            .map_err(|e| Error::io("archive", &entry.path, e))?;
        if entry.meta.is_dir() {
            write_dir(tar, &entry.sources, &format!("{name}/"))?;
        }
    }
    Ok(())
}

/// Exports container `reference` to `out` (stdout).
pub async fn export<W: Write + Send + 'static>(
    client: &Client,
    reference: &str,
    out: W,
) -> Result<(), Error> {
    let layers = container_layers(client, reference).await?;
    tokio::task::spawn_blocking(move || {
        // Stdout is line-buffered: a tar stream wants large writes.
        let mut out = write_rootfs(&layers, io::BufWriter::with_capacity(1 << 20, out))?;
        out.flush()
            .map_err(|e| Error::io("write", "the archive", e))
    })
    .await
    .map_err(Error::Wait)?
}

/// Exports container `reference` to the file `path`, which appears only once complete.
pub async fn export_to_file(client: &Client, reference: &str, path: &Path) -> Result<(), Error> {
    check_output_path(path)?;
    let layers = container_layers(client, reference).await?;
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        write_atomically(&path, |file| write_rootfs(&layers, file).map(drop))
    })
    .await
    .map_err(Error::Wait)?
}

/// Docker's check of `-o` before anything is exported: its directory must exist.
fn check_output_path(path: &Path) -> Result<(), Error> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        if !dir.exists() {
            return Err(Error::InvalidArgument(format!(
                "failed to export container: invalid output path: directory {:?} does not exist",
                dir.display().to_string()
            )));
        }
    }
    if path.is_dir() {
        return Err(Error::InvalidArgument(format!(
            "failed to export container: invalid output path: {:?} is a directory",
            path.display().to_string()
        )));
    }
    Ok(())
}

/// Runs `fill` on a temporary file beside `path`, then renames it over `path`; the temporary
/// file is removed when anything fails.
fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut io::BufWriter<&std::fs::File>) -> Result<(), Error>,
) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let tmp = dir.join(format!(".{name}.linnet-{}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| Error::io("create", &tmp, e))?;
    let result = (|| {
        let mut writer = io::BufWriter::new(&file);
        fill(&mut writer)?;
        writer.flush().map_err(|e| Error::io("write", &tmp, e))?;
        drop(writer);
        file.sync_all().map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io("rename to", path, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_tree_and_atomic_file() {
        let dir = tempfile::tempdir().unwrap();
        let lower = dir.path().join("lower");
        let upper = dir.path().join("upper");
        std::fs::create_dir_all(lower.join("etc")).unwrap();
        std::fs::write(lower.join("etc/a"), "old").unwrap();
        std::fs::write(lower.join("etc/b"), "b").unwrap();
        std::fs::create_dir_all(upper.join("etc")).unwrap();
        std::fs::write(upper.join("etc/a"), "new").unwrap();
        std::fs::write(upper.join("x"), "x").unwrap();
        let layers = Layers {
            upper: Some(upper),
            lowers: vec![lower],
        };
        let target = dir.path().join("out.tar");
        write_atomically(&target, |f| write_rootfs(&layers, f).map(drop)).unwrap();
        let bytes = std::fs::read(&target).unwrap();
        let mut archive = tar::Archive::new(&bytes[..]);
        let mut seen = Vec::new();
        for e in archive.entries().unwrap() {
            let mut e = e.unwrap();
            let mut body = String::new();
            io::Read::read_to_string(&mut e, &mut body).unwrap();
            seen.push(format!("{}={body}", e.path().unwrap().display()));
        }
        assert_eq!(seen, vec!["etc/=", "etc/a=new", "etc/b=b", "x=x"]);

        let failed = write_atomically(&dir.path().join("bad.tar"), |f| {
            f.write_all(b"partial").unwrap();
            Err(Error::InvalidArgument("boom".into()))
        });
        assert!(failed.is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!left.iter().any(|n| n.contains("bad")), "{left:?}");
        let err = check_output_path(&dir.path().join("nope/x.tar")).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(check_output_path(dir.path()).is_err());
    }
}
