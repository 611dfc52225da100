//! Reading `/etc/passwd` and `/etc/group` of a container before it runs, to resolve `-u name`.
//!
//! A freshly prepared snapshot is an overlay of read-only layer directories (or one bind
//! directory), so the files can be read straight from the layer directories, top layer first,
//! without mounting anything.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use linnet_containerd::Mount;
use linnet_spec::UserDb;

use crate::Error;

enum Lookup {
    Found(String),
    Deleted,
    Missing,
}

fn lookup_in_layer(layer: &Path, rel: &str) -> Result<Lookup, Error> {
    let path = layer.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_file() => std::fs::read(&path)
            .map(|b| Lookup::Found(String::from_utf8_lossy(&b).into_owned()))
            .map_err(|e| Error::io("read", &path, e)),
        // An overlay whiteout (0/0 character device) hides the file of lower layers.
        Ok(meta) if meta.file_type().is_char_device() => Ok(Lookup::Deleted),
        Ok(_) => Ok(Lookup::Missing),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lookup::Missing),
        Err(e) if e.raw_os_error() == Some(libc::ENOTDIR) => Ok(Lookup::Missing),
        Err(e) => Err(Error::io("read", &path, e)),
    }
}

/// The directories that make up a rootfs, top first.
pub fn layer_dirs(mounts: &[Mount]) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for m in mounts {
        match m.r#type.as_str() {
            "overlay" => {
                let mut lowers = Vec::new();
                for opt in &m.options {
                    if let Some(upper) = opt.strip_prefix("upperdir=") {
                        dirs.push(PathBuf::from(upper));
                    } else if let Some(lower) = opt.strip_prefix("lowerdir=") {
                        lowers.extend(lower.split(':').map(PathBuf::from));
                    }
                }
                dirs.extend(lowers);
            }
            _ if m.options.iter().any(|o| o == "bind" || o == "rbind") || m.r#type == "bind" => {
                dirs.push(PathBuf::from(&m.source));
            }
            _ => {}
        }
    }
    dirs
}

fn read_from_layers(layers: &[PathBuf], rel: &str) -> Result<String, Error> {
    for layer in layers {
        match lookup_in_layer(layer, rel)? {
            Lookup::Found(text) => return Ok(text),
            Lookup::Deleted => return Ok(String::new()),
            Lookup::Missing => {}
        }
    }
    Ok(String::new())
}

/// Reads the user database of a snapshot from its mounts; missing files read as empty.
pub fn userdb_from_mounts(mounts: &[Mount]) -> Result<UserDb, Error> {
    let layers = layer_dirs(mounts);
    Ok(UserDb {
        passwd: read_from_layers(&layers, "etc/passwd")?,
        group: read_from_layers(&layers, "etc/group")?,
    })
}

/// Reads the user database of a running container through `/proc/<pid>/root`.
pub fn userdb_from_pid(pid: u32) -> Result<UserDb, Error> {
    let root = PathBuf::from(format!("/proc/{pid}/root"));
    let read = |rel: &str| -> Result<String, Error> {
        let path = root.join(rel);
        match std::fs::read(&path) {
            Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(Error::io("read", &path, e)),
        }
    };
    Ok(UserDb {
        passwd: read("etc/passwd")?,
        group: read("etc/group")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mount(typ: &str, source: &str, options: &[String]) -> Mount {
        Mount {
            r#type: typ.into(),
            source: source.into(),
            target: String::new(),
            options: options.to_vec(),
        }
    }

    #[test]
    fn overlay_top_layer_wins() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("top");
        let bottom = dir.path().join("bottom");
        for d in [&top, &bottom] {
            std::fs::create_dir_all(d.join("etc")).unwrap();
        }
        std::fs::write(bottom.join("etc/passwd"), "root:x:0:0::/root:/bin/sh\n").unwrap();
        std::fs::write(bottom.join("etc/group"), "root:x:0:\n").unwrap();
        std::fs::write(top.join("etc/passwd"), "app:x:7:7::/:/bin/sh\n").unwrap();
        let m = mount(
            "overlay",
            "overlay",
            &[format!("lowerdir={}:{}", top.display(), bottom.display())],
        );
        let db = userdb_from_mounts(&[m]).unwrap();
        assert!(db.passwd.starts_with("app:"));
        assert!(db.group.starts_with("root:"));

        let b = mount(
            "bind",
            &bottom.display().to_string(),
            &["rbind".into(), "ro".into()],
        );
        let db = userdb_from_mounts(&[b]).unwrap();
        assert!(db.passwd.starts_with("root:"));

        let empty = userdb_from_mounts(&[]).unwrap();
        assert!(empty.passwd.is_empty());
    }
}
