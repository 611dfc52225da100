//! `linnet history`: the rows of an image's history as Docker lists them, newest first.
//!
//! Each history entry of the image config is a row; entries that made a layer get that layer's
//! size as Docker counts it (file bytes of the unpacked layer; the snapshot usage or the
//! compressed blob's size when the layer is not unpacked), `empty_layer` entries 0. Like Docker, only rows that begin a locally known image
//! carry an ID: the top row (the image itself) and, for committed images, the top row of each
//! parent still present (`linnet/parent` on the image record); the others are `<missing>`.

use chrono::{DateTime, Utc};
use linnet_containerd::{Client, Image};
use serde::Deserialize;

use crate::manifest::parse_config_header;
use crate::platform::Platform;
use crate::resolve::resolve_present;
use crate::unpack::chain_ids;
use crate::Error;

/// Label on a committed image's record: the image ID (manifest digest) of its parent.
pub const PARENT_LABEL: &str = "linnet/parent";

#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// The image ID (manifest digest) for rows that begin a local image, else `None`.
    pub id: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub created_by: String,
    pub size: u64,
    pub comment: String,
}

#[derive(Debug, Default, Deserialize)]
struct Entry {
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    created_by: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    empty_layer: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ConfigHistory {
    #[serde(default)]
    history: Vec<Entry>,
}

/// The history rows of `image`, newest first.
pub async fn history(
    client: &Client,
    image: &Image,
    snapshotter: &str,
) -> Result<Vec<HistoryRow>, Error> {
    let (_, manifest, _) = resolve_present(client, image, &Platform::host()).await?;
    let config = client.content_read(&manifest.config.digest).await?;
    let header = parse_config_header(&manifest.config.digest, &config)?;
    let entries = serde_json::from_slice::<ConfigHistory>(&config)
        .map(|h| h.history)
        .unwrap_or_default();
    let chains = chain_ids(&header.rootfs.diff_ids);
    let sizes = match layer_sizes(client, snapshotter, &chains).await {
        Some(sizes) => sizes,
        None => {
            // Not unpacked (or not readable here): the snapshot usage, else the blob size.
            let mut sizes = Vec::with_capacity(chains.len());
            for (i, chain) in chains.iter().enumerate() {
                let usage = client.snapshot_usage(snapshotter, chain).await.ok();
                let blob = manifest.layers.get(i).map(|l| l.size).unwrap_or(0);
                sizes.push(usage.map(|(b, _)| b.max(0) as u64).unwrap_or(blob));
            }
            sizes
        }
    };
    let mut rows = rows_of(&entries, &sizes);
    let starts = parent_starts(client, image, entries.len()).await?;
    let total = rows.len();
    for (id, count) in starts {
        // `count` entries belong to that image: its top row is `total - count` from the top.
        if count > 0 && count <= total {
            rows[total - count].id = Some(id);
        }
    }
    Ok(rows)
}

/// The size of each layer (bottom first) as Docker counts it (`directory.Size`: the bytes of
/// every non-directory entry of the layer's own directory, hard links once), read from the
/// layer directories that a temporary view of the top layer lists. `None` when the image is not
/// unpacked or its layers are not plain directories.
async fn layer_sizes(client: &Client, snapshotter: &str, chains: &[String]) -> Option<Vec<u64>> {
    let top = chains.last()?;
    // The view lives under a short lease, so that it is collected even if linnet dies here.
    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(300)))
        .await
        .ok()?;
    let leased = client.with_lease(&lease);
    let key = format!("linnet-history-{:016x}", rand::random::<u64>());
    let mounts = leased
        .snapshot_view(snapshotter, &key, Some(top), &Default::default())
        .await;
    let _ = leased.snapshot_remove(snapshotter, &key).await;
    let _ = client.lease_delete(&lease).await;
    let mut dirs: Vec<std::path::PathBuf> = Vec::new();
    for m in mounts.ok()? {
        if m.r#type == "overlay" {
            for opt in &m.options {
                if let Some(list) = opt.strip_prefix("lowerdir=") {
                    dirs.extend(list.split(':').map(std::path::PathBuf::from));
                }
            }
        } else if m.r#type == "bind" || m.options.iter().any(|o| o == "bind" || o == "rbind") {
            dirs.push(std::path::PathBuf::from(&m.source));
        }
    }
    if dirs.len() != chains.len() {
        return None;
    }
    tokio::task::spawn_blocking(move || {
        dirs.iter()
            .rev()
            .map(|d| dir_size(d))
            .collect::<Option<Vec<u64>>>()
    })
    .await
    .ok()?
}

/// Docker's `directory.Size` of one directory tree.
fn dir_size(root: &std::path::Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let mut seen = std::collections::HashSet::new();
    let mut total = 0u64;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()? {
            let entry = entry.ok()?;
            let meta = entry.metadata().ok()?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.len() > 0 && seen.insert(meta.ino()) {
                total += meta.len();
            }
        }
    }
    Some(total)
}

/// Rows from config entries (oldest first) and layer sizes (bottom first); newest first. A
/// config without history gets one row per layer.
fn rows_of(entries: &[Entry], sizes: &[u64]) -> Vec<HistoryRow> {
    let mut rows = Vec::new();
    if entries.is_empty() {
        for size in sizes {
            rows.push(HistoryRow {
                id: None,
                created: None,
                created_by: String::new(),
                size: *size,
                comment: String::new(),
            });
        }
    } else {
        let mut layer = 0;
        for e in entries {
            let size = if e.empty_layer {
                0
            } else {
                layer += 1;
                sizes.get(layer - 1).copied().unwrap_or(0)
            };
            rows.push(HistoryRow {
                id: None,
                created: e
                    .created
                    .as_deref()
                    .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
                    .map(|t| t.with_timezone(&Utc)),
                created_by: e.created_by.clone(),
                size,
                comment: e.comment.clone(),
            });
        }
    }
    rows.reverse();
    rows
}

/// (image ID, number of history rows) of the image and of each local parent, following
/// [`PARENT_LABEL`].
async fn parent_starts(
    client: &Client,
    image: &Image,
    own_rows: usize,
) -> Result<Vec<(String, usize)>, Error> {
    let mut out = vec![(image.target.digest.clone(), own_rows)];
    let mut next = image.labels.get(PARENT_LABEL).cloned();
    let mut images: Option<Vec<Image>> = None;
    while let Some(parent_id) = next.take() {
        if out.len() > 128 || out.iter().any(|(id, _)| *id == parent_id) {
            break;
        }
        if images.is_none() {
            images = Some(client.image_list(&[]).await?);
        }
        let Some(parent) = images
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|i| i.target.digest == parent_id)
            .cloned()
        else {
            break;
        };
        let Ok((_, manifest, _)) = resolve_present(client, &parent, &Platform::host()).await else {
            break;
        };
        let Ok(config) = client.content_read(&manifest.config.digest).await else {
            break;
        };
        let count = serde_json::from_slice::<ConfigHistory>(&config)
            .map(|h| h.history.len())
            .unwrap_or(0);
        let count = if count == 0 {
            parse_config_header(&manifest.config.digest, &config)
                .map(|h| h.rootfs.diff_ids.len())
                .unwrap_or(0)
        } else {
            count
        };
        out.push((parent.target.digest.clone(), count));
        next = parent.labels.get(PARENT_LABEL).cloned();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_newest_first_with_empty_layers() {
        let entries: Vec<Entry> = serde_json::from_str::<ConfigHistory>(
            r#"{"history":[
                {"created":"2024-01-01T00:00:00Z","created_by":"ADD file"},
                {"created_by":"CMD [\"sh\"]","empty_layer":true},
                {"created_by":"commit","comment":"msg"}]}"#,
        )
        .unwrap()
        .history;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::fs::write(dir.path().join("d/f"), "12345").unwrap();
        std::fs::hard_link(dir.path().join("d/f"), dir.path().join("g")).unwrap();
        std::os::unix::fs::symlink("d/f", dir.path().join("l")).unwrap();
        assert_eq!(dir_size(dir.path()), Some(5 + 3));

        let rows = rows_of(&entries, &[100, 9]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].created_by, "commit");
        assert_eq!(rows[0].size, 9);
        assert_eq!(rows[0].comment, "msg");
        assert_eq!(rows[1].size, 0);
        assert_eq!(rows[2].size, 100);
        assert!(rows[2].created.is_some());
        let bare = rows_of(&[], &[1, 2]);
        assert_eq!(bare.iter().map(|r| r.size).collect::<Vec<_>>(), vec![2, 1]);
    }
}
