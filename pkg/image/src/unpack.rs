//! Unpacking: apply each layer of a manifest onto a snapshot named by its chain ID.
//!
//! Snapshots are named by chain ID (the digest of the parent's chain ID and the layer's diff ID),
//! as containerd's own unpacker names them, so layers are shared between images and with `ctr`.
//! A layer is applied to a temporary active snapshot and committed under its chain ID only when
//! the applied diff matches the config's diff ID.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use linnet_containerd::{Client, Descriptor as CtrDescriptor};

use crate::manifest::{parse_config_header, parse_manifest, sha256_digest};
use crate::progress::{ProgressEvent, ProgressSink};
use crate::{media, Error};

/// Chain IDs of a stack of diff IDs, bottom first.
pub fn chain_ids(diff_ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(diff_ids.len());
    for diff in diff_ids {
        let next = match out.last() {
            None => diff.clone(),
            Some(parent) => sha256_digest(format!("{parent} {diff}").as_bytes()),
        };
        out.push(next);
    }
    out
}

/// Label on the config blob that keeps the unpacked snapshots alive while the image exists.
pub(crate) fn snapshot_gc_label(snapshotter: &str) -> String {
    format!("containerd.io/gc.ref.snapshot.{snapshotter}")
}

/// Unpacks the platform manifest `manifest_digest` (already in the content store) and returns the
/// chain ID of its top layer. Layers already unpacked are skipped.
pub async fn unpack(
    client: &Client,
    manifest_digest: &str,
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<String, Error> {
    let manifest_bytes = client.content_read(manifest_digest).await?;
    let manifest = parse_manifest(manifest_digest, &manifest_bytes)?;
    let config_bytes = client.content_read(&manifest.config.digest).await?;
    let config = parse_config_header(&manifest.config.digest, &config_bytes)?;
    let diff_ids = &config.rootfs.diff_ids;
    if diff_ids.len() != manifest.layers.len() {
        return Err(Error::invalid(
            "image config",
            &manifest.config.digest,
            format!(
                "{} diff IDs for {} layers",
                diff_ids.len(),
                manifest.layers.len()
            ),
        ));
    }
    let chains = chain_ids(diff_ids);

    // A lease keeps the half-built chain from being collected between commit and labelling.
    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let result = unpack_layers(
        &leased,
        &manifest.layers,
        diff_ids,
        &chains,
        snapshotter,
        progress,
    )
    .await;
    let result = match result {
        Ok(()) => {
            let top = chains.last().cloned().unwrap_or_default();
            let mut labels = HashMap::new();
            if !top.is_empty() {
                labels.insert(snapshot_gc_label(snapshotter), top.clone());
            }
            match leased
                .content_update_labels(&manifest.config.digest, &labels)
                .await
            {
                Ok(()) => Ok(top),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e),
    };
    let _ = client.lease_delete(&lease).await;
    result
}

async fn unpack_layers(
    client: &Client,
    layers: &[crate::manifest::Descriptor],
    diff_ids: &[String],
    chains: &[String],
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    let mut parent: Option<&str> = None;
    for (i, layer) in layers.iter().enumerate() {
        let chain = &chains[i];
        if let Some(info) = client.snapshot_stat(snapshotter, chain).await? {
            if info.kind == linnet_containerd::SnapshotKind::Committed {
                parent = Some(chain);
                continue;
            }
        }
        if !media::is_layer(&layer.media_type) {
            return Err(Error::UnsupportedMediaType {
                media_type: layer.media_type.clone(),
                digest: layer.digest.clone(),
            });
        }
        progress.event(ProgressEvent::Unpacking {
            digest: layer.digest.clone(),
        });
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let key = format!("extract-{nanos}-{chain}");
        let labels = HashMap::new();
        let mounts = client
            .snapshot_prepare(snapshotter, &key, parent, &labels)
            .await?;
        let applied = apply_and_commit(
            client,
            layer,
            &diff_ids[i],
            chain,
            &key,
            mounts,
            snapshotter,
        )
        .await;
        if let Err(err) = applied {
            let _ = client.snapshot_remove(snapshotter, &key).await;
            return Err(err);
        }
        progress.event(ProgressEvent::Unpacked {
            digest: layer.digest.clone(),
        });
        parent = Some(chain);
    }
    Ok(())
}

async fn apply_and_commit(
    client: &Client,
    layer: &crate::manifest::Descriptor,
    diff_id: &str,
    chain: &str,
    key: &str,
    mounts: Vec<linnet_containerd::Mount>,
    snapshotter: &str,
) -> Result<(), Error> {
    let desc = CtrDescriptor {
        media_type: layer.media_type.clone(),
        digest: layer.digest.clone(),
        size: layer.size as i64,
        annotations: HashMap::new(),
    };
    let applied = client.diff_apply(&desc, mounts).await?;
    if applied.digest != diff_id {
        return Err(Error::DigestMismatch {
            what: format!("uncompressed layer {}", layer.digest),
            expected: diff_id.to_string(),
            actual: applied.digest,
        });
    }
    let mut labels = HashMap::new();
    labels.insert(
        "containerd.io/uncompressed".to_string(),
        diff_id.to_string(),
    );
    client.content_update_labels(&layer.digest, &labels).await?;
    match client
        .snapshot_commit(snapshotter, chain, key, &HashMap::new())
        .await
    {
        Ok(()) => Ok(()),
        // Another unpack of the same layer won the race: use its snapshot.
        Err(e) if e.is_already_exists() => {
            let _ = client.snapshot_remove(snapshotter, key).await;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_ids_follow_containerd() {
        let a =
            "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_string();
        let b =
            "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".to_string();
        let chains = chain_ids(&[a.clone(), b.clone()]);
        assert_eq!(chains[0], a);
        assert_eq!(chains[1], sha256_digest(format!("{a} {b}").as_bytes()));
        assert!(chain_ids(&[]).is_empty());
    }
}
