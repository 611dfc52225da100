//! What an image occupies on disk, as pieces that images can share: its blobs in the content
//! store (index, manifests, configs, layers) and its unpacked snapshots. `system df` adds them up
//! per image (SIZE, SHARED SIZE) and once overall; the prunes count what goes with an image.

use std::collections::{HashMap, HashSet};

use linnet_containerd::{Client, Image};

use crate::manifest::{parse_config_header, parse_index, parse_manifest};
use crate::media;
use crate::platform::Platform;
use crate::resolve::resolve_present;
use crate::unpack::chain_ids;
use crate::Error;

/// One shareable piece: a content digest or `snapshot:<chain ID>`, and its bytes.
pub type Piece = (String, u64);

/// The pieces of `image` present locally: the blobs reachable from its target and the unpacked
/// snapshots of its host-platform manifest on `snapshotter`.
pub async fn footprint(
    client: &Client,
    image: &Image,
    snapshotter: &str,
) -> Result<Vec<Piece>, Error> {
    let mut pieces = Vec::new();
    let target = &image.target;
    let Some(info) = client.content_info(&target.digest).await? else {
        return Ok(pieces);
    };
    pieces.push((target.digest.clone(), info.size.max(0) as u64));
    let manifests = if media::is_manifest(&target.media_type) {
        vec![target.digest.clone()]
    } else {
        let bytes = client.content_read(&target.digest).await?;
        let mut found = Vec::new();
        if let Ok(index) = parse_index(&target.digest, &bytes) {
            for desc in index.manifests {
                if let Some(info) = client.content_info(&desc.digest).await? {
                    pieces.push((desc.digest.clone(), info.size.max(0) as u64));
                    found.push(desc.digest);
                }
            }
        }
        found
    };
    for digest in manifests {
        let bytes = client.content_read(&digest).await?;
        let Ok(manifest) = parse_manifest(&digest, &bytes) else {
            continue;
        };
        for desc in std::iter::once(&manifest.config).chain(&manifest.layers) {
            if let Some(info) = client.content_info(&desc.digest).await? {
                pieces.push((desc.digest.clone(), info.size.max(0) as u64));
            }
        }
    }
    if let Ok((_, manifest, _)) = resolve_present(client, image, &Platform::host()).await {
        if let Ok(config) = client.content_read(&manifest.config.digest).await {
            if let Ok(header) = parse_config_header(&manifest.config.digest, &config) {
                for chain in chain_ids(&header.rootfs.diff_ids) {
                    if let Ok((bytes, _)) = client.snapshot_usage(snapshotter, &chain).await {
                        pieces.push((format!("snapshot:{chain}"), bytes.max(0) as u64));
                    }
                }
            }
        }
    }
    let mut seen = HashSet::new();
    pieces.retain(|(k, _)| seen.insert(k.clone()));
    Ok(pieces)
}

/// Sizes of a set of images that share pieces: per image its total and the part it shares with
/// another image of the set, and the bytes of all pieces counted once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedSizes {
    /// Image ID → (size, shared size).
    pub per_image: HashMap<String, (u64, u64)>,
    pub total: u64,
}

pub fn shared_sizes(footprints: &HashMap<String, Vec<Piece>>) -> SharedSizes {
    let mut users: HashMap<&str, (u64, usize)> = HashMap::new();
    for pieces in footprints.values() {
        for (key, size) in pieces {
            let entry = users.entry(key.as_str()).or_insert((*size, 0));
            entry.1 += 1;
        }
    }
    let mut out = SharedSizes {
        total: users.values().map(|(s, _)| s).sum(),
        ..Default::default()
    };
    for (id, pieces) in footprints {
        let size = pieces.iter().map(|(_, s)| s).sum();
        let shared = pieces
            .iter()
            .filter(|(k, _)| users.get(k.as_str()).is_some_and(|(_, n)| *n > 1))
            .map(|(_, s)| s)
            .sum();
        out.per_image.insert(id.clone(), (size, shared));
    }
    out
}

/// Bytes that removing the images `gone` frees: their pieces that no image of `kept` uses.
pub fn freed(footprints: &HashMap<String, Vec<Piece>>, gone: &HashSet<String>) -> u64 {
    let kept: HashSet<&str> = footprints
        .iter()
        .filter(|(id, _)| !gone.contains(*id))
        .flat_map(|(_, p)| p.iter().map(|(k, _)| k.as_str()))
        .collect();
    let mut counted = HashSet::new();
    footprints
        .iter()
        .filter(|(id, _)| gone.contains(*id))
        .flat_map(|(_, p)| p.iter())
        .filter(|(k, _)| !kept.contains(k.as_str()) && counted.insert(k.as_str()))
        .map(|(_, s)| s)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prints() -> HashMap<String, Vec<Piece>> {
        let p = |v: &[(&str, u64)]| v.iter().map(|(k, s)| (k.to_string(), *s)).collect();
        let mut m = HashMap::new();
        m.insert(
            "a".to_string(),
            p(&[("m1", 1), ("l", 100), ("snapshot:c", 300)]),
        );
        m.insert(
            "b".to_string(),
            p(&[("m2", 2), ("l", 100), ("snapshot:c", 300)]),
        );
        m.insert("c".to_string(), p(&[("m3", 3)]));
        m
    }

    #[test]
    fn shared_pieces_count_once_in_the_total() {
        let s = shared_sizes(&prints());
        assert_eq!(s.total, 1 + 2 + 3 + 100 + 300);
        assert_eq!(s.per_image["a"], (401, 400));
        assert_eq!(s.per_image["c"], (3, 0));
    }

    #[test]
    fn freed_space_leaves_what_kept_images_use() {
        let gone: HashSet<String> = ["a".to_string()].into();
        assert_eq!(freed(&prints(), &gone), 1);
        let gone: HashSet<String> = ["a".to_string(), "b".to_string()].into();
        assert_eq!(freed(&prints(), &gone), 403);
    }
}
