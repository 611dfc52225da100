//! Persistent snapshot metadata.
//!
//! containerd keeps its own record of snapshots, but a proxy snapshotter must remember what it
//! created across restarts (ids, parents, kinds, labels, committed usage). The store is one JSON
//! file rewritten atomically (temp file, fsync, rename, fsync of the directory) on every change
//! and guarded by a mutex; snapshot ids come from a persisted counter and are never reused.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Error;

/// Version of the metadata file format.
const FORMAT_VERSION: u32 = 1;

/// The kind of a snapshot, as containerd defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    View,
    Active,
    Committed,
}

impl Kind {
    /// The name containerd's filters use (`kind==active`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::View => "view",
            Kind::Active => "active",
            Kind::Committed => "committed",
        }
    }
}

/// Disk usage of a snapshot's own directory: bytes in allocated blocks and distinct inodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub size: i64,
    pub inodes: i64,
}

/// One snapshot as stored (the key is its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    id: u64,
    kind: Kind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    parent: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    /// Recorded at commit; active snapshots are measured on demand.
    #[serde(default)]
    usage: Usage,
}

/// A snapshot's metadata as callers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Info {
    pub name: String,
    pub id: u64,
    pub kind: Kind,
    /// Name of the parent, empty for none.
    pub parent: String,
    pub labels: BTreeMap<String, String>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub usage: Usage,
}

impl Info {
    fn new(name: &str, record: &Record) -> Info {
        Info {
            name: name.to_string(),
            id: record.id,
            kind: record.kind,
            parent: record.parent.clone(),
            labels: record.labels.clone(),
            created: record.created,
            updated: record.updated,
            usage: record.usage,
        }
    }
}

/// What mount computation needs: the snapshot's id and kind and its ancestors' ids, nearest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub id: u64,
    pub kind: Kind,
    pub parent_ids: Vec<u64>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    /// The id the next snapshot gets.
    next_id: u64,
    snapshots: BTreeMap<String, Record>,
}

impl State {
    fn get(&self, key: &str) -> Result<&Record, Error> {
        self.snapshots
            .get(key)
            .ok_or_else(|| Error::NotFound(key.to_string()))
    }

    fn parent_ids(&self, record: &Record) -> Result<Vec<u64>, Error> {
        let mut ids = Vec::new();
        let mut parent = record.parent.as_str();
        while !parent.is_empty() {
            let p = self
                .snapshots
                .get(parent)
                .ok_or_else(|| Error::Corrupt(format!("missing parent snapshot {parent}")))?;
            ids.push(p.id);
            if ids.len() > self.snapshots.len() {
                return Err(Error::Corrupt(format!("parent cycle at snapshot {parent}")));
            }
            parent = p.parent.as_str();
        }
        Ok(ids)
    }

    fn has_children(&self, key: &str) -> bool {
        self.snapshots.values().any(|r| r.parent == key)
    }
}

/// The metadata store; see the module doc.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    state: Mutex<State>,
}

impl Store {
    /// Opens the store at `path`, starting empty when the file does not exist.
    pub fn open(path: &Path) -> Result<Store, Error> {
        let state = match std::fs::read(path) {
            Ok(data) => {
                let state: State = serde_json::from_slice(&data)
                    .map_err(|e| Error::Corrupt(format!("{}: {e}", path.display())))?;
                if state.version != FORMAT_VERSION {
                    return Err(Error::Corrupt(format!(
                        "{}: unsupported format version {}",
                        path.display(),
                        state.version
                    )));
                }
                state
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => State {
                version: FORMAT_VERSION,
                next_id: 1,
                snapshots: BTreeMap::new(),
            },
            Err(e) => return Err(Error::io("read", path, e)),
        };
        Ok(Store {
            path: path.to_path_buf(),
            state: Mutex::new(state),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Changes are applied to memory in full before they are persisted, so a panic elsewhere
        // cannot leave a half-made change behind.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Creates an active or view snapshot. `make_dirs` runs under the lock with the new
    /// snapshot (it creates its directories); the record is persisted only when it succeeds.
    pub fn create(
        &self,
        kind: Kind,
        key: &str,
        parent: &str,
        labels: BTreeMap<String, String>,
        make_dirs: impl FnOnce(&Snapshot) -> Result<(), Error>,
    ) -> Result<Snapshot, Error> {
        if key.is_empty() {
            return Err(Error::InvalidArgument("snapshot key is empty".to_string()));
        }
        if kind == Kind::Committed {
            return Err(Error::InvalidArgument(format!(
                "snapshot {key} cannot be created committed"
            )));
        }
        let mut state = self.lock();
        if state.snapshots.contains_key(key) {
            return Err(Error::AlreadyExists(key.to_string()));
        }
        if !parent.is_empty() {
            let p = state
                .snapshots
                .get(parent)
                .ok_or_else(|| Error::ParentNotFound(parent.to_string()))?;
            if p.kind != Kind::Committed {
                return Err(Error::ParentNotCommitted(parent.to_string()));
            }
        }
        let id = state.next_id;
        let now = Utc::now();
        let record = Record {
            id,
            kind,
            parent: parent.to_string(),
            labels,
            created: now,
            updated: now,
            usage: Usage::default(),
        };
        let snapshot = Snapshot {
            id,
            kind,
            parent_ids: state.parent_ids(&record)?,
        };
        // The counter moves even if this fails, so an id is never handed out twice.
        state.next_id = id + 1;
        make_dirs(&snapshot)?;
        state.snapshots.insert(key.to_string(), record);
        if let Err(err) = self.persist(&state) {
            state.snapshots.remove(key);
            return Err(err);
        }
        Ok(snapshot)
    }

    /// A snapshot's metadata.
    pub fn get(&self, key: &str) -> Result<Info, Error> {
        let state = self.lock();
        Ok(Info::new(key, state.get(key)?))
    }

    /// An active or view snapshot with its ancestry, for its mounts.
    pub fn snapshot(&self, key: &str) -> Result<Snapshot, Error> {
        let state = self.lock();
        let record = state.get(key)?;
        if record.kind == Kind::Committed {
            return Err(Error::NotActiveOrView(key.to_string()));
        }
        Ok(Snapshot {
            id: record.id,
            kind: record.kind,
            parent_ids: state.parent_ids(record)?,
        })
    }

    /// Turns active snapshot `key` (which must still have id `id`) into committed `name`.
    /// Labels are replaced by `labels`, as containerd does.
    pub fn commit(
        &self,
        key: &str,
        id: u64,
        name: &str,
        usage: Usage,
        labels: BTreeMap<String, String>,
    ) -> Result<Info, Error> {
        if name.is_empty() {
            return Err(Error::InvalidArgument("snapshot name is empty".to_string()));
        }
        let mut state = self.lock();
        if state.snapshots.contains_key(name) {
            return Err(Error::AlreadyExists(name.to_string()));
        }
        let record = state.get(key)?;
        if record.kind != Kind::Active || record.id != id {
            return Err(Error::NotActive(key.to_string()));
        }
        let now = Utc::now();
        let committed = Record {
            id,
            kind: Kind::Committed,
            parent: record.parent.clone(),
            labels,
            created: now,
            updated: now,
            usage,
        };
        let old = state.snapshots.remove(key);
        state.snapshots.insert(name.to_string(), committed.clone());
        if let Err(err) = self.persist(&state) {
            state.snapshots.remove(name);
            if let Some(old) = old {
                state.snapshots.insert(key.to_string(), old);
            }
            return Err(err);
        }
        Ok(Info::new(name, &committed))
    }

    /// Removes a snapshot that has no children; returns its id.
    pub fn remove(&self, key: &str) -> Result<u64, Error> {
        let mut state = self.lock();
        let id = state.get(key)?.id;
        if state.has_children(key) {
            return Err(Error::HasChildren(key.to_string()));
        }
        let old = state.snapshots.remove(key);
        if let Err(err) = self.persist(&state) {
            if let Some(old) = old {
                state.snapshots.insert(key.to_string(), old);
            }
            return Err(err);
        }
        Ok(id)
    }

    /// Updates labels like containerd's storage: no field paths replace all labels,
    /// `labels` likewise, `labels.<key>` sets or (when absent or empty in `labels`) deletes one.
    pub fn update(
        &self,
        key: &str,
        labels: &BTreeMap<String, String>,
        fieldpaths: &[String],
    ) -> Result<Info, Error> {
        let mut state = self.lock();
        let mut record = state.get(key)?.clone();
        if fieldpaths.is_empty() {
            record.labels = labels.clone();
        }
        for path in fieldpaths {
            if let Some(label) = path.strip_prefix("labels.") {
                match labels.get(label).filter(|v| !v.is_empty()) {
                    Some(value) => record.labels.insert(label.to_string(), value.clone()),
                    None => record.labels.remove(label),
                };
            } else if path == "labels" {
                record.labels = labels.clone();
            } else {
                return Err(Error::InvalidArgument(format!(
                    "cannot update {path:?} field on snapshot {key}"
                )));
            }
        }
        record.labels.retain(|_, v| !v.is_empty());
        record.updated = Utc::now();
        let old = state.snapshots.insert(key.to_string(), record.clone());
        if let Err(err) = self.persist(&state) {
            if let Some(old) = old {
                state.snapshots.insert(key.to_string(), old);
            }
            return Err(err);
        }
        Ok(Info::new(key, &record))
    }

    /// All snapshots, ordered by name.
    pub fn list(&self) -> Vec<Info> {
        let state = self.lock();
        state
            .snapshots
            .iter()
            .map(|(name, record)| Info::new(name, record))
            .collect()
    }

    /// Runs `f` with the ids in use while holding the lock, so no snapshot is created meanwhile.
    pub fn with_ids<R>(&self, f: impl FnOnce(&HashSet<u64>) -> R) -> R {
        let state = self.lock();
        let ids: HashSet<u64> = state.snapshots.values().map(|r| r.id).collect();
        f(&ids)
    }

    fn persist(&self, state: &State) -> Result<(), Error> {
        let data = serde_json::to_vec_pretty(state)
            .map_err(|e| Error::Corrupt(format!("cannot encode metadata: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&data)?;
            file.sync_all()
        };
        write().map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| Error::io("replace", &self.path, e))?;
        if let Some(dir) = self.path.parent() {
            // The rename is durable only once the directory entry is on disk.
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| Error::io("sync", dir, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let store =
            Store::open(&dir.path().join("metadata.json")).unwrap_or_else(|e| panic!("open: {e}"));
        (dir, store)
    }

    fn ok<T>(r: Result<T, Error>) -> T {
        r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
    }

    fn no_dirs(_: &Snapshot) -> Result<(), Error> {
        Ok(())
    }

    #[test]
    fn chain_commit_and_ancestry() {
        let (_dir, store) = store();
        let a = ok(store.create(Kind::Active, "ns/1/a", "", BTreeMap::new(), no_dirs));
        assert_eq!(a.parent_ids, Vec::<u64>::new());
        let usage = Usage {
            size: 4096,
            inodes: 2,
        };
        ok(store.commit("ns/1/a", a.id, "ns/2/A", usage, labels(&[("x", "1")])));
        assert!(matches!(store.get("ns/1/a"), Err(Error::NotFound(_))));
        let b = ok(store.create(Kind::Active, "ns/3/b", "ns/2/A", BTreeMap::new(), no_dirs));
        ok(store.commit("ns/3/b", b.id, "ns/4/B", Usage::default(), BTreeMap::new()));
        let v = ok(store.create(Kind::View, "ns/5/v", "ns/4/B", BTreeMap::new(), no_dirs));
        assert_eq!(v.parent_ids, vec![b.id, a.id]);
        assert!(b.id > a.id && v.id > b.id);
        let info = ok(store.get("ns/2/A"));
        assert_eq!(info.kind, Kind::Committed);
        assert_eq!(info.usage, usage);
        assert_eq!(info.labels, labels(&[("x", "1")]));
        assert_eq!(ok(store.snapshot("ns/5/v")).kind, Kind::View);
        assert!(matches!(
            store.snapshot("ns/2/A"),
            Err(Error::NotActiveOrView(_))
        ));
    }

    #[test]
    fn error_kinds_match_containerd() {
        let (_dir, store) = store();
        let a = ok(store.create(Kind::Active, "a", "", BTreeMap::new(), no_dirs));
        assert!(matches!(
            store.create(Kind::Active, "a", "", BTreeMap::new(), no_dirs),
            Err(Error::AlreadyExists(_))
        ));
        assert!(matches!(
            store.create(Kind::Active, "b", "a", BTreeMap::new(), no_dirs),
            Err(Error::ParentNotCommitted(_))
        ));
        assert!(matches!(
            store.create(Kind::Active, "b", "nope", BTreeMap::new(), no_dirs),
            Err(Error::ParentNotFound(_))
        ));
        ok(store.commit("a", a.id, "A", Usage::default(), BTreeMap::new()));
        assert!(matches!(
            store.commit("A", a.id, "A2", Usage::default(), BTreeMap::new()),
            Err(Error::NotActive(_))
        ));
        let c = ok(store.create(Kind::Active, "c", "A", BTreeMap::new(), no_dirs));
        assert!(matches!(
            store.commit("c", c.id, "A", Usage::default(), BTreeMap::new()),
            Err(Error::AlreadyExists(_))
        ));
        assert!(matches!(store.remove("A"), Err(Error::HasChildren(_))));
        assert_eq!(ok(store.remove("c")), c.id);
        assert_eq!(ok(store.remove("A")), a.id);
        assert!(matches!(store.remove("A"), Err(Error::NotFound(_))));
    }

    #[test]
    fn failed_dir_creation_leaves_no_record() {
        let (_dir, store) = store();
        let failed = store.create(Kind::Active, "a", "", BTreeMap::new(), |_| {
            Err(Error::InvalidArgument("boom".into()))
        });
        assert!(failed.is_err());
        assert!(matches!(store.get("a"), Err(Error::NotFound(_))));
        let a = ok(store.create(Kind::Active, "a", "", BTreeMap::new(), no_dirs));
        assert_eq!(a.id, 2, "ids are not reused");
    }

    #[test]
    fn update_field_paths() {
        let (_dir, store) = store();
        ok(store.create(
            Kind::Active,
            "a",
            "",
            labels(&[("keep", "1"), ("drop", "2")]),
            no_dirs,
        ));
        let new = labels(&[("new", "3"), ("keep", "changed")]);
        let info = ok(store.update("a", &new, &["labels.new".into(), "labels.drop".into()]));
        assert_eq!(info.labels, labels(&[("keep", "1"), ("new", "3")]));
        let info = ok(store.update("a", &new, &[]));
        assert_eq!(info.labels, new);
        let info = ok(store.update("a", &BTreeMap::new(), &["labels".into()]));
        assert!(info.labels.is_empty());
        assert!(matches!(
            store.update("a", &new, &["parent".into()]),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            store.update("zz", &new, &[]),
            Err(Error::NotFound(_))
        ));
    }

    #[test]
    fn survives_reopen() {
        let (dir, store) = store();
        let a = ok(store.create(Kind::Active, "a", "", labels(&[("l", "v")]), no_dirs));
        ok(store.commit(
            "a",
            a.id,
            "A",
            Usage { size: 1, inodes: 1 },
            BTreeMap::new(),
        ));
        ok(store.create(Kind::View, "v", "A", BTreeMap::new(), no_dirs));
        drop(store);
        let store = ok(Store::open(&dir.path().join("metadata.json")));
        let names: Vec<String> = store.list().into_iter().map(|i| i.name).collect();
        assert_eq!(names, vec!["A".to_string(), "v".to_string()]);
        assert_eq!(ok(store.snapshot("v")).parent_ids, vec![a.id]);
        let next = ok(store.create(Kind::Active, "n", "", BTreeMap::new(), no_dirs));
        assert_eq!(next.id, 3);
        store.with_ids(|ids| assert_eq!(ids.len(), 3));
    }
}
