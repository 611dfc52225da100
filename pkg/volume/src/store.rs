//! The volume store: one directory per volume, `_data` for the content and `meta.json` for what
//! `volume inspect` shows. Creation is idempotent (as Docker's `volume create NAME`), metadata is
//! written atomically (temp file + rename), and removal first renames the volume away so that a
//! half-removed volume is never listed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::{driver, Error};

/// The one driver linnet has.
pub const DRIVER: &str = "local";

const META: &str = "meta.json";
const DATA: &str = "_data";
const LOCK: &str = ".lock";

/// What `meta.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    pub driver: String,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Local driver options (`type`, `device`, `o`).
    #[serde(default)]
    pub options: BTreeMap<String, String>,
    /// RFC 3339, UTC, seconds.
    pub created_at: String,
    /// Made for `-v /path`, `--mount type=volume` without a source or an image `VOLUME`
    /// (informational: `rm -v` and `run --rm` decide from the container's own mounts).
    #[serde(default)]
    pub anonymous: bool,
}

/// A volume of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub meta: Meta,
    /// `<root>/<name>/_data`: what containers bind-mount.
    pub mountpoint: PathBuf,
}

impl Volume {
    pub fn name(&self) -> &str {
        &self.meta.name
    }
}

/// `volume create` and the on-demand creation of `run -v NAME:/p`.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// None: an anonymous volume with a random 64-hex name.
    pub name: Option<String>,
    /// None or `local`.
    pub driver: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub options: BTreeMap<String, String>,
    pub anonymous: bool,
}

/// Docker's rule for local volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn validate_name(name: &str) -> Result<(), Error> {
    if name.chars().count() == 1 {
        return Err(Error::NameTooShort(name.to_string()));
    }
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !first_ok || !rest_ok {
        return Err(Error::InvalidName(name.to_string()));
    }
    Ok(())
}

/// Checks the driver and its options as Docker's local driver does (`volume/local`).
pub fn validate_options(
    name: &str,
    driver: Option<&str>,
    options: &BTreeMap<String, String>,
) -> Result<(), Error> {
    match driver {
        None | Some("") | Some(DRIVER) => {}
        Some(other) => {
            return Err(Error::UnknownDriver {
                name: name.to_string(),
                driver: other.to_string(),
            })
        }
    }
    let invalid = |reason: String| Error::InvalidOption {
        name: name.to_string(),
        reason,
    };
    for key in options.keys() {
        match key.as_str() {
            "type" | "device" | "o" => {}
            "size" => return Err(invalid("quota size requested but no quota support".into())),
            other => return Err(invalid(format!("invalid option: \"{other}\""))),
        }
    }
    let needs: [(&str, &[&str]); 3] = [
        ("device", &["type"]),
        ("type", &["device"]),
        ("o", &["device", "type"]),
    ];
    for (key, required) in needs {
        if options.contains_key(key) {
            if let Some(missing) = required.iter().find(|r| !options.contains_key(**r)) {
                return Err(invalid(format!("missing required option: \"{missing}\"")));
            }
        }
    }
    Ok(())
}

/// A random anonymous volume name (64 hex characters, as Docker's).
pub fn anonymous_name() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

/// The store of one namespace.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// Held while the store is changed; released on drop.
pub struct Lock {
    _file: File,
}

impl Store {
    /// The store at `root` (`<data-root>/volumes/<namespace>`); nothing is created until needed.
    pub fn new(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Takes the store lock (creating the store directory).
    pub fn lock(&self) -> Result<Lock, Error> {
        std::fs::create_dir_all(&self.root).map_err(|e| Error::io("create", &self.root, e))?;
        let path = self.root.join(LOCK);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("open", &path, e))?;
        // SAFETY: flock on a descriptor we own; it is released when the file is closed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(Error::io("lock", &path, std::io::Error::last_os_error()));
        }
        Ok(Lock { _file: file })
    }

    /// Creates a volume, or returns the existing one of that name (second value false).
    pub fn create(&self, request: &CreateOptions) -> Result<(Volume, bool), Error> {
        let name = match &request.name {
            Some(name) => {
                validate_name(name)?;
                name.clone()
            }
            None => anonymous_name(),
        };
        validate_options(&name, request.driver.as_deref(), &request.options)?;
        let _lock = self.lock()?;
        if let Some(existing) = self.find(&name)? {
            return Ok((existing, false));
        }
        let dir = self.dir(&name);
        let data = dir.join(DATA);
        let meta = Meta {
            name: name.clone(),
            driver: DRIVER.to_string(),
            labels: request.labels.clone(),
            options: request.options.clone(),
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            anonymous: request.anonymous,
        };
        let made = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(&data)
            .map_err(|e| Error::io("create", &data, e))
            .and_then(|_| write_meta(&dir, &meta));
        if let Err(e) = made {
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        Ok((
            Volume {
                meta,
                mountpoint: data,
            },
            true,
        ))
    }

    /// The volume `name`, if it exists.
    pub fn find(&self, name: &str) -> Result<Option<Volume>, Error> {
        if validate_name(name).is_err() {
            return Ok(None);
        }
        let dir = self.dir(name);
        let path = dir.join(META);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        let meta: Meta = serde_json::from_slice(&bytes).map_err(|source| Error::Meta {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Some(Volume {
            meta,
            mountpoint: dir.join(DATA),
        }))
    }

    /// The volume `name`, or Docker's `no such volume`.
    pub fn get(&self, name: &str) -> Result<Volume, Error> {
        self.find(name)?
            .ok_or_else(|| Error::NoSuchVolume(name.to_string()))
    }

    /// Every volume, by name. Unreadable entries are skipped with a warning.
    pub fn list(&self) -> Result<Vec<Volume>, Error> {
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read", &self.root, e)),
        };
        let mut volumes = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            match self.find(&name) {
                Ok(Some(v)) => volumes.push(v),
                Ok(None) => {}
                Err(e) => tracing::warn!("skipping volume {name}: {e}"),
            }
        }
        volumes.sort_by(|a, b| a.meta.name.cmp(&b.meta.name));
        Ok(volumes)
    }

    /// Removes a volume and its data (the caller has checked that no container uses it).
    pub fn remove(&self, name: &str) -> Result<(), Error> {
        let volume = self.get(name)?;
        let _lock = self.lock()?;
        driver::unmount(&volume)?;
        let dir = self.dir(name);
        // Out of sight first: a failure half way leaves no half volume in `ls`.
        let trash = self
            .root
            .join(format!(".{name}.removing-{}", &anonymous_name()[..8]));
        std::fs::rename(&dir, &trash).map_err(|e| Error::io("remove", &dir, e))?;
        std::fs::remove_dir_all(&trash).map_err(|e| Error::io("remove", &trash, e))
    }

    /// Bytes of the volume's files (each inode once), for `prune`'s reclaimed space.
    pub fn usage(&self, volume: &Volume) -> u64 {
        let mut seen = std::collections::HashSet::new();
        let mut total = 0;
        let mut stack = vec![volume.mountpoint.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(meta) = entry.path().symlink_metadata() else {
                    continue;
                };
                if meta.is_dir() {
                    stack.push(entry.path());
                } else if seen.insert((meta.dev(), meta.ino())) {
                    total += meta.len();
                }
            }
        }
        total
    }
}

/// True when a volume's data directory holds nothing (copy-up happens only then).
pub fn is_empty(volume: &Volume) -> Result<bool, Error> {
    let mut entries = std::fs::read_dir(&volume.mountpoint)
        .map_err(|e| Error::io("read", &volume.mountpoint, e))?;
    Ok(entries.next().is_none())
}

fn write_meta(dir: &Path, meta: &Meta) -> Result<(), Error> {
    let path = dir.join(META);
    let tmp = dir.join(format!(".{META}.tmp"));
    let bytes = serde_json::to_vec_pretty(meta).map_err(|source| Error::Meta {
        path: path.display().to_string(),
        source,
    })?;
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    write().map_err(|e| Error::io("write", &path, e))
}

/// Parses `k=v` pairs (`--label`, `-o`); a bare `k` gets an empty value, as Docker's.
pub fn key_values(pairs: &[String]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.clone(), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_docker() {
        assert!(validate_name("data").is_ok());
        assert!(validate_name("my_vol.1-x").is_ok());
        let e = validate_name("bad/name").unwrap_err().to_string();
        assert!(e.starts_with("create bad/name: \"bad/name\" includes invalid characters"));
        assert!(validate_name("y")
            .unwrap_err()
            .to_string()
            .contains("too short"));
        assert!(validate_name(".hidden").is_err());
        assert!(validate_name("_x").is_err());
        assert!(validate_name("..").is_err());
        assert!(validate_name("").is_err());
    }

    #[test]
    fn options_as_the_local_driver() {
        let opts =
            |pairs: &[&str]| key_values(&pairs.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(validate_options(
            "v",
            None,
            &opts(&["type=tmpfs", "device=tmpfs", "o=size=1m"])
        )
        .is_ok());
        let e = validate_options("yy", None, &opts(&["bogus=1"])).unwrap_err();
        assert_eq!(e.to_string(), "create yy: invalid option: \"bogus\"");
        let e = validate_options("yy2", None, &opts(&["type=tmpfs"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "create yy2: missing required option: \"device\""
        );
        let e = validate_options("x", Some("foo"), &opts(&[])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "create x: error looking up volume plugin foo: plugin \"foo\" not found"
        );
    }

    #[test]
    fn create_is_idempotent_and_remove_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::new(tmp.path().join("ns"));
        let req = CreateOptions {
            name: Some("data".into()),
            labels: key_values(&["a=b".into()]),
            ..Default::default()
        };
        let (v, made) = store.create(&req).unwrap();
        assert!(made);
        assert!(v.mountpoint.is_dir());
        assert!(is_empty(&v).unwrap());
        std::fs::write(v.mountpoint.join("f"), b"12345").unwrap();
        let (again, made) = store
            .create(&CreateOptions {
                name: Some("data".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(!made);
        assert_eq!(again.meta.labels["a"], "b");
        assert_eq!(store.usage(&again), 5);
        let (anon, _) = store
            .create(&CreateOptions {
                anonymous: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(anon.name().len(), 64);
        assert_eq!(store.list().unwrap().len(), 2);
        store.remove("data").unwrap();
        assert!(matches!(store.get("data"), Err(Error::NoSuchVolume(_))));
        assert_eq!(store.list().unwrap().len(), 1);
        let leftovers: Vec<_> = std::fs::read_dir(store.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK && n != anon.name())
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
