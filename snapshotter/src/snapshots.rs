//! The snapshotter's operations on disk and metadata, independent of gRPC: directories are
//! created like containerd's overlayfs snapshotter (`snapshots/<id>/fs` 0755, `work` 0711 for
//! active snapshots, `fs` owned like the parent's), removed on `Remove`, and swept by `Cleanup`.
//! With remote layers enabled, an unpack `Prepare` may instead mount the layer lazily and commit
//! it at once (see `remote`).

use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

use containerd_client::types::Mount;
use nix::fcntl::{Flock, FlockArg};

use crate::du::disk_usage;
use crate::filter::Filters;
use crate::mounts::{kernel_supports_index, mounts, Layout};
use crate::remote::{self, LayerRequest, Remote, RemoteOptions};
use crate::store::{Info, Kind, Snapshot, Store, Usage};
use crate::Error;

/// A snapshotter over one root directory. Holds an exclusive lock on the root while it lives.
#[derive(Debug)]
pub struct Snapshotter {
    layout: Layout,
    store: Store,
    index_off: bool,
    /// Remote (lazy) layers, when enabled.
    remote: Option<Arc<Remote>>,
    _lock: Flock<File>,
}

impl Snapshotter {
    /// Opens (creating if needed) the snapshotter root, without remote layers.
    pub fn open(root: &Path) -> Result<Snapshotter, Error> {
        Self::open_with(root, None)
    }

    /// Opens the snapshotter root; with `remote`, unpack `Prepare`s of images with a SOCI index
    /// mount layers lazily, and remote snapshots recorded earlier are mounted again.
    pub fn open_with(root: &Path, remote: Option<RemoteOptions>) -> Result<Snapshotter, Error> {
        let layout = Layout::new(root);
        for dir in [layout.root().to_path_buf(), layout.snapshots_dir()] {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io("create directory", &dir, e))?;
            set_mode(&dir, 0o700)?;
        }
        let lock_path = root.join("lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io("open", &lock_path, e))?;
        let lock = Flock::lock(file, FlockArg::LockExclusiveNonblock)
            .map_err(|_| Error::Busy(root.to_path_buf()))?;
        let store = Store::open(&layout.metadata())?;
        // Mounts of an earlier run are dead (FUSE) or would be shadowed by fresh ones.
        remote::detach_stale_mounts(layout.root());
        let remote = match remote {
            Some(options) => Some(
                Remote::new(&layout, options)
                    .map_err(|e| Error::Remote(format!("cannot enable remote layers: {e}")))?,
            ),
            None => None,
        };
        let snapshotter = Snapshotter {
            layout,
            store,
            index_off: kernel_supports_index(),
            remote,
            _lock: lock,
        };
        snapshotter.restore_remote();
        Ok(snapshotter)
    }

    /// Mounts again every remote snapshot of an earlier run. A layer that cannot be mounted is
    /// logged and left empty: its containers fail, the rest of the snapshotter works.
    fn restore_remote(&self) {
        let all = self.store.list();
        let remote_snapshots = all.iter().filter(|i| remote::is_remote(i));
        for info in remote_snapshots {
            match &self.remote {
                Some(r) => match r.restore(info) {
                    Ok(()) => tracing::info!("remounted remote snapshot {}", info.name),
                    Err(e) => tracing::error!("cannot remount remote snapshot {}: {e}", info.name),
                },
                None => tracing::warn!(
                    "remote snapshot {} stays unmounted: remote layers are disabled",
                    info.name
                ),
            }
        }
    }

    /// Unmounts remote layers (before exit, so no dead FUSE mount is left behind).
    pub fn shutdown(&self) {
        if let Some(r) = &self.remote {
            r.shutdown();
        }
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    pub fn prepare(
        &self,
        key: &str,
        parent: &str,
        labels: BTreeMap<String, String>,
    ) -> Result<Vec<Mount>, Error> {
        if let Some(remote) = &self.remote {
            match LayerRequest::from_labels(&labels) {
                Ok(Some(request)) => {
                    return self.prepare_remote(remote, key, parent, labels, &request)
                }
                Ok(None) => {}
                Err(e) => tracing::debug!("prepare {key}: not a remote layer: {e}"),
            }
        }
        self.create(Kind::Active, key, parent, labels)
    }

    /// An unpack `Prepare`: mounts the layer lazily and commits it as `request.target`
    /// (answering `AlreadyExists`, containerd's remote-snapshot protocol), or falls back to an
    /// ordinary active snapshot that containerd fills itself.
    fn prepare_remote(
        &self,
        remote: &Remote,
        key: &str,
        parent: &str,
        labels: BTreeMap<String, String>,
        request: &LayerRequest,
    ) -> Result<Vec<Mount>, Error> {
        // Mounted already (another namespace pulled the same layer): share it.
        if let Ok(info) = self.store.get(&request.target) {
            if info.kind == Kind::Committed && info.parent == parent {
                return Err(Error::AlreadyExists(request.target.clone()));
            }
        }
        let snapshot = self
            .store
            .create(Kind::Active, key, parent, labels.clone(), |s| {
                self.make_dirs(s)
            })?;
        match remote.mount(snapshot.id, key, request, &labels) {
            Ok((committed, usage)) => {
                match self
                    .store
                    .commit(key, snapshot.id, &request.target, usage, committed)
                {
                    Ok(_) => return Err(Error::AlreadyExists(request.target.clone())),
                    Err(Error::AlreadyExists(name)) => {
                        // Another Prepare committed the same layer meanwhile.
                        remote.abandon(snapshot.id);
                        self.remove(key)?;
                        return Err(Error::AlreadyExists(name));
                    }
                    Err(e) => {
                        remote.abandon(snapshot.id);
                        tracing::warn!(
                            "layer {}: cannot record the remote snapshot, unpacking it instead: {e}",
                            request.layer_digest
                        );
                    }
                }
            }
            Err(e) => {
                remote.abandon(snapshot.id);
                // Images without an index and small layers without a ztoc are normal.
                if matches!(
                    e,
                    remote::RemoteError::NoZtoc { .. } | remote::RemoteError::NoIndex(_)
                ) {
                    tracing::info!("{e}: unpacking it");
                } else {
                    tracing::warn!(
                        "layer {} of {}: lazy loading unavailable, unpacking it instead: {e}",
                        request.layer_digest,
                        request.image_ref
                    );
                }
            }
        }
        Ok(mounts(&self.layout, &snapshot, self.index_off))
    }

    pub fn view(
        &self,
        key: &str,
        parent: &str,
        labels: BTreeMap<String, String>,
    ) -> Result<Vec<Mount>, Error> {
        self.create(Kind::View, key, parent, labels)
    }

    fn create(
        &self,
        kind: Kind,
        key: &str,
        parent: &str,
        labels: BTreeMap<String, String>,
    ) -> Result<Vec<Mount>, Error> {
        let snapshot = self
            .store
            .create(kind, key, parent, labels, |s| self.make_dirs(s))?;
        Ok(mounts(&self.layout, &snapshot, self.index_off))
    }

    /// Builds the snapshot's directory under a temporary name and renames it into place.
    fn make_dirs(&self, snapshot: &Snapshot) -> Result<(), Error> {
        let target = self.layout.snapshot_dir(snapshot.id);
        let tmp = self
            .layout
            .snapshots_dir()
            .join(format!("new-{}", snapshot.id));
        // Leftovers of a crash between creating directories and persisting metadata.
        for stale in [&tmp, &target] {
            if stale.exists() {
                std::fs::remove_dir_all(stale).map_err(|e| Error::io("remove", stale, e))?;
            }
        }
        let build = || -> Result<(), Error> {
            mkdir(&tmp, 0o700)?;
            let fs = tmp.join("fs");
            mkdir(&fs, 0o755)?;
            if snapshot.kind == Kind::Active {
                mkdir(&tmp.join("work"), 0o711)?;
            }
            if let Some(parent) = snapshot.parent_ids.first() {
                let upper = self.layout.upper(*parent);
                let meta = std::fs::metadata(&upper).map_err(|e| Error::io("stat", &upper, e))?;
                nix::unistd::chown(
                    &fs,
                    Some(nix::unistd::Uid::from_raw(meta.uid())),
                    Some(nix::unistd::Gid::from_raw(meta.gid())),
                )
                .map_err(|e| Error::io("chown", &fs, e.into()))?;
            }
            std::fs::rename(&tmp, &target).map_err(|e| Error::io("rename", &tmp, e))
        };
        build().inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&tmp);
        })
    }

    pub fn mounts(&self, key: &str) -> Result<Vec<Mount>, Error> {
        let snapshot = self.store.snapshot(key)?;
        Ok(mounts(&self.layout, &snapshot, self.index_off))
    }

    /// Commits active snapshot `key` as `name`, recording its disk usage.
    pub fn commit(
        &self,
        name: &str,
        key: &str,
        labels: BTreeMap<String, String>,
    ) -> Result<Info, Error> {
        let info = self.store.get(key)?;
        if info.kind != Kind::Active {
            return Err(Error::NotActive(key.to_string()));
        }
        let usage = disk_usage(&self.layout.upper(info.id))?;
        self.store.commit(key, info.id, name, usage, labels)
    }

    /// Removes a snapshot without children and its directory.
    pub fn remove(&self, key: &str) -> Result<(), Error> {
        let id = self.store.remove(key)?;
        if let Some(remote) = &self.remote {
            remote.unmount(id);
        }
        let dir = self.layout.snapshot_dir(id);
        // The metadata is gone already; a directory left behind is swept by `cleanup`.
        if let Err(err) = std::fs::remove_dir_all(&dir) {
            if err.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!("cannot remove {}: {err}", dir.display());
            }
        }
        Ok(())
    }

    pub fn stat(&self, key: &str) -> Result<Info, Error> {
        self.store.get(key)
    }

    pub fn update(
        &self,
        key: &str,
        labels: &BTreeMap<String, String>,
        fieldpaths: &[String],
    ) -> Result<Info, Error> {
        self.store.update(key, labels, fieldpaths)
    }

    /// Committed snapshots report what was measured at commit, active ones are measured now.
    pub fn usage(&self, key: &str) -> Result<Usage, Error> {
        let info = self.store.get(key)?;
        if info.kind == Kind::Active {
            return disk_usage(&self.layout.upper(info.id));
        }
        Ok(info.usage)
    }

    pub fn list(&self, filters: &[String]) -> Result<Vec<Info>, Error> {
        let filters = Filters::parse(filters)?;
        let mut all = self.store.list();
        all.retain(|info| filters.matches(info));
        Ok(all)
    }

    /// Removes directories under `snapshots/` that no snapshot refers to. They are renamed
    /// aside while the metadata is locked, then deleted without holding it.
    pub fn cleanup(&self) -> Result<(), Error> {
        let dir = self.layout.snapshots_dir();
        let doomed = self.store.with_ids(|ids| -> Result<Vec<_>, Error> {
            let mut doomed = Vec::new();
            let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("read", &dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io("read", &dir, e))?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.parse::<u64>().is_ok_and(|id| ids.contains(&id)) {
                    continue;
                }
                if name.starts_with("rm-") {
                    doomed.push(entry.path());
                    continue;
                }
                let aside = dir.join(format!("rm-{name}"));
                std::fs::rename(entry.path(), &aside)
                    .map_err(|e| Error::io("rename", &entry.path(), e))?;
                doomed.push(aside);
            }
            Ok(doomed)
        })?;
        for path in doomed {
            tracing::info!("cleanup: removing {}", path.display());
            std::fs::remove_dir_all(&path).map_err(|e| Error::io("remove", &path, e))?;
        }
        Ok(())
    }
}

fn mkdir(path: &Path, mode: u32) -> Result<(), Error> {
    std::fs::create_dir(path).map_err(|e| Error::io("create directory", path, e))?;
    set_mode(path, mode)
}

/// Sets the mode regardless of the process umask.
fn set_mode(path: &Path, mode: u32) -> Result<(), Error> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io("chmod", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok<T>(r: Result<T, Error>) -> T {
        r.unwrap_or_else(|e| panic!("unexpected error: {e}"))
    }

    #[test]
    fn directories_follow_the_snapshot_lifecycle() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let root = dir.path().join("snapshotter");
        let s = ok(Snapshotter::open(&root));
        assert!(matches!(Snapshotter::open(&root), Err(Error::Busy(_))));
        let mounts = ok(s.prepare("ns/1/a", "", BTreeMap::new()));
        assert_eq!(mounts[0].r#type, "bind");
        let upper = root.join("snapshots/1/fs");
        assert!(upper.is_dir() && root.join("snapshots/1/work").is_dir());
        std::fs::write(upper.join("file"), vec![1u8; 5000]).unwrap_or_else(|e| panic!("{e}"));
        assert!(ok(s.usage("ns/1/a")).size >= 5000);
        ok(s.commit("ns/2/A", "ns/1/a", BTreeMap::new()));
        let usage = ok(s.usage("ns/2/A"));
        assert_eq!(usage.inodes, 2);
        let view = ok(s.view("ns/3/v", "ns/2/A", BTreeMap::new()));
        assert_eq!(view[0].source, upper.to_string_lossy());
        assert!(!root.join("snapshots/2/work").exists());
        assert!(matches!(s.remove("ns/2/A"), Err(Error::HasChildren(_))));
        ok(s.remove("ns/3/v"));
        assert!(!root.join("snapshots/2").exists());
        std::fs::create_dir_all(root.join("snapshots/99/fs")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(root.join("snapshots/new-7")).unwrap_or_else(|e| panic!("{e}"));
        ok(s.cleanup());
        let mut left: Vec<String> = std::fs::read_dir(root.join("snapshots"))
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec!["1".to_string()]);
        drop(s);
        let s = ok(Snapshotter::open(&root));
        assert_eq!(ok(s.stat("ns/2/A")).kind, Kind::Committed);
        assert_eq!(ok(s.list(&["kind==committed".to_string()])).len(), 1);
    }
}
