//! The mounts of a snapshot, computed exactly as containerd's overlayfs snapshotter does
//! (`snapshots/overlay/overlay.go` `mounts`), so containers see the same filesystem whichever of
//! the two unpacked their image.

use std::path::{Path, PathBuf};

use containerd_client::types::Mount;

use crate::store::{Kind, Snapshot};

/// Where a snapshotter root keeps its snapshot directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    pub fn new(root: &Path) -> Layout {
        Layout {
            root: root.to_path_buf(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/snapshots`: one directory per snapshot id.
    pub fn snapshots_dir(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    pub fn snapshot_dir(&self, id: u64) -> PathBuf {
        self.snapshots_dir().join(id.to_string())
    }

    /// The snapshot's own layer (overlay upperdir, or the bind-mounted tree).
    pub fn upper(&self, id: u64) -> PathBuf {
        self.snapshot_dir(id).join("fs")
    }

    /// overlayfs's workdir for an active snapshot.
    pub fn work(&self, id: u64) -> PathBuf {
        self.snapshot_dir(id).join("work")
    }

    /// The metadata file.
    pub fn metadata(&self) -> PathBuf {
        self.root.join("metadata.json")
    }
}

/// The mounts for `snapshot`. `index_off` adds overlayfs's `index=off` as containerd does when
/// the kernel has that parameter (avoids failures when lower layers are shared by mounts).
pub fn mounts(layout: &Layout, snapshot: &Snapshot, index_off: bool) -> Vec<Mount> {
    let path = |p: PathBuf| p.to_string_lossy().into_owned();
    if snapshot.parent_ids.is_empty() {
        // overlayfs needs a lower layer; a lone layer is a bind mount of its own tree.
        let mode = if snapshot.kind == Kind::View {
            "ro"
        } else {
            "rw"
        };
        return vec![Mount {
            r#type: "bind".to_string(),
            source: path(layout.upper(snapshot.id)),
            target: String::new(),
            options: vec![mode.to_string(), "rbind".to_string()],
        }];
    }
    let mut options = Vec::new();
    if index_off {
        options.push("index=off".to_string());
    }
    if snapshot.kind == Kind::Active {
        options.push(format!("workdir={}", path(layout.work(snapshot.id))));
        options.push(format!("upperdir={}", path(layout.upper(snapshot.id))));
    } else if snapshot.parent_ids.len() == 1 {
        return vec![Mount {
            r#type: "bind".to_string(),
            source: path(layout.upper(snapshot.parent_ids[0])),
            target: String::new(),
            options: vec!["ro".to_string(), "rbind".to_string()],
        }];
    }
    let lower: Vec<String> = snapshot
        .parent_ids
        .iter()
        .map(|id| path(layout.upper(*id)))
        .collect();
    options.push(format!("lowerdir={}", lower.join(":")));
    vec![Mount {
        r#type: "overlay".to_string(),
        source: "overlay".to_string(),
        target: String::new(),
        options,
    }]
}

/// Whether the running kernel's overlayfs has the `index` parameter (containerd's check).
pub fn kernel_supports_index() -> bool {
    Path::new("/sys/module/overlay/parameters/index").exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(id: u64, kind: Kind, parent_ids: &[u64]) -> Snapshot {
        Snapshot {
            id,
            kind,
            parent_ids: parent_ids.to_vec(),
        }
    }

    fn one(mounts: Vec<Mount>) -> (String, String, Vec<String>) {
        assert_eq!(mounts.len(), 1);
        let m = &mounts[0];
        (m.r#type.clone(), m.source.clone(), m.options.clone())
    }

    #[test]
    fn overlay_semantics() {
        let l = Layout::new(Path::new("/r"));
        assert_eq!(
            one(mounts(&l, &snap(1, Kind::Active, &[]), true)),
            (
                "bind".into(),
                "/r/snapshots/1/fs".into(),
                vec!["rw".into(), "rbind".into()]
            )
        );
        assert_eq!(
            one(mounts(&l, &snap(2, Kind::View, &[]), true)),
            (
                "bind".into(),
                "/r/snapshots/2/fs".into(),
                vec!["ro".into(), "rbind".into()]
            )
        );
        assert_eq!(
            one(mounts(&l, &snap(5, Kind::View, &[3]), true)),
            (
                "bind".into(),
                "/r/snapshots/3/fs".into(),
                vec!["ro".into(), "rbind".into()]
            )
        );
        assert_eq!(
            one(mounts(&l, &snap(6, Kind::View, &[4, 3]), false)),
            (
                "overlay".into(),
                "overlay".into(),
                vec!["lowerdir=/r/snapshots/4/fs:/r/snapshots/3/fs".into()]
            )
        );
        assert_eq!(
            one(mounts(&l, &snap(7, Kind::Active, &[4, 3]), true)),
            (
                "overlay".into(),
                "overlay".into(),
                vec![
                    "index=off".into(),
                    "workdir=/r/snapshots/7/work".into(),
                    "upperdir=/r/snapshots/7/fs".into(),
                    "lowerdir=/r/snapshots/4/fs:/r/snapshots/3/fs".into()
                ]
            )
        );
        assert_eq!(
            one(mounts(&l, &snap(8, Kind::Active, &[3]), false)).2,
            vec![
                "workdir=/r/snapshots/8/work".to_string(),
                "upperdir=/r/snapshots/8/fs".into(),
                "lowerdir=/r/snapshots/3/fs".into()
            ]
        );
    }
}
