//! `<root>/lazy/<id>.json`: what `linnet image lazy-status` reads about mounted remote layers,
//! published by a thread every second.

use std::path::{Path, PathBuf};
use std::sync::Weak;

use serde::{Deserialize, Serialize};

use super::{lock, write_atomic, Remote, STATUS_PERIOD};

/// `<root>/lazy/<id>.json`: one mounted remote layer's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRecord {
    /// The committed snapshot (the layer's chain id).
    pub snapshot: String,
    pub id: u64,
    pub namespace: String,
    pub image: String,
    pub layer: String,
    pub layer_size: u64,
    pub uncompressed_size: u64,
    pub spans_total: usize,
    pub spans_fetched: usize,
    pub bytes_fetched: u64,
    pub mountpoint: PathBuf,
    /// `trusted` (manifest annotation or explicit) or `untrusted` (v1 referrer) index.
    #[serde(default)]
    pub trust: String,
    /// Why every access of the layer fails, once an integrity check failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poisoned: Option<String>,
    /// True once the whole layer matched its digest, windows and file table.
    #[serde(default)]
    pub verified: bool,
    /// The last entry whose tar header did not match the ztoc, and how many did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_failure: Option<String>,
    #[serde(default)]
    pub header_failures: u64,
}

/// The status directory under a snapshotter root.
pub fn status_dir(root: &Path) -> PathBuf {
    root.join("lazy")
}

/// Reads every published layer status under a snapshotter root (unreadable files are skipped:
/// they are being replaced).
pub fn read_status(root: &Path) -> Vec<StatusRecord> {
    let Ok(entries) = std::fs::read_dir(status_dir(root)) else {
        return Vec::new();
    };
    let mut out: Vec<StatusRecord> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| serde_json::from_slice(&b).ok())
        .collect();
    out.sort_by_key(|r| r.id);
    out
}

impl Remote {
    /// Writes the status of every mounted layer and removes files of layers no longer mounted.
    pub(super) fn publish(&self) {
        let dir = status_dir(self.layout.root());
        let records: Vec<StatusRecord> = lock(&self.mounted)
            .values()
            .map(|m| {
                let s = m.layer.status();
                let i = m.layer.integrity();
                StatusRecord {
                    spans_total: s.spans_total,
                    spans_fetched: s.spans_present,
                    bytes_fetched: s.bytes_fetched,
                    poisoned: i.poisoned,
                    verified: i.layer_verified,
                    header_failure: i.last_failure,
                    header_failures: i.header_failures,
                    ..m.record.clone()
                }
            })
            .collect();
        let mut live = std::collections::HashSet::new();
        for record in records {
            let name = format!("{}.json", record.id);
            live.insert(name.clone());
            let Ok(data) = serde_json::to_vec_pretty(&record) else {
                continue;
            };
            if let Err(e) = write_atomic(&dir.join(&name), &data) {
                tracing::debug!("cannot publish lazy status: {e}");
            }
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".json") && !live.contains(&name) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Publishes status every [`STATUS_PERIOD`] until the manager is shut down or dropped.
pub(super) fn publish_loop(remote: &Weak<Remote>) {
    loop {
        let Some(r) = remote.upgrade() else {
            return;
        };
        r.publish();
        let stop = lock(&r.stop);
        if *stop {
            return;
        }
        let (stop, _) = r
            .wake
            .wait_timeout(stop, STATUS_PERIOD)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *stop {
            return;
        }
    }
}
