//! Unpacking: apply each layer of a manifest onto a snapshot named by its chain ID.
//!
//! Snapshots are named by chain ID (the digest of the parent's chain ID and the layer's diff ID),
//! as containerd's own unpacker names them, so layers are shared between images and with `ctr`.
//! A layer is applied to a temporary active snapshot and committed under its chain ID only when
//! the applied diff matches the config's diff ID.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use linnet_containerd::{Client, Descriptor as CtrDescriptor};
use linnet_reference::Reference;
use linnet_soci::{
    LABEL_CRI_IMAGE_LAYERS, LABEL_CRI_IMAGE_REF, LABEL_CRI_LAYER_DIGEST, LABEL_CRI_MANIFEST_DIGEST,
    LABEL_IMAGE_LAYERS_SIZE, LABEL_SNAPSHOT_REF, LABEL_SOCI_INDEX_DIGEST, LABEL_SOCI_SIZE,
};

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

/// Where layers missing from the content store come from, and whether to ask the snapshotter
/// to mount them remotely.
pub struct LayerSource<'a> {
    pub registry: &'a linnet_registry::Client,
    pub reference: &'a Reference,
    /// Pass the remote-snapshot labels on Prepare (the image has a SOCI index).
    pub lazy: bool,
    /// `--soci-index-digest`: the SOCI index to use instead of discovering it.
    pub soci_index_digest: Option<String>,
}

/// The result of unpacking one platform manifest.
#[derive(Debug, Clone, Default)]
pub struct Unpacked {
    /// Chain ID of the top layer.
    pub chain_id: String,
    /// Layers the snapshotter mounted remotely (not downloaded).
    pub lazy_layers: Vec<String>,
}

/// Unpacks the platform manifest `manifest_digest` (already in the content store) and returns the
/// chain ID of its top layer. Layers already unpacked are skipped; every layer must be local.
pub async fn unpack(
    client: &Client,
    manifest_digest: &str,
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<String, Error> {
    Ok(
        unpack_from(client, manifest_digest, snapshotter, None, progress)
            .await?
            .chain_id,
    )
}

/// [`unpack`], fetching missing layers from `source` and, when `source.lazy`, letting a remote
/// snapshotter mount layers instead.
pub async fn unpack_from(
    client: &Client,
    manifest_digest: &str,
    snapshotter: &str,
    source: Option<&LayerSource<'_>>,
    progress: &dyn ProgressSink,
) -> Result<Unpacked, Error> {
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
    let stack = Stack {
        manifest_digest,
        layers: &manifest.layers,
        diff_ids,
        chains: &chains,
    };
    let result = unpack_layers(&leased, &stack, snapshotter, source, progress).await;
    let result = match result {
        Ok(lazy_layers) => {
            let top = chains.last().cloned().unwrap_or_default();
            let mut labels = HashMap::new();
            if !top.is_empty() {
                labels.insert(snapshot_gc_label(snapshotter), top.clone());
            }
            match leased
                .content_update_labels(&manifest.config.digest, &labels)
                .await
            {
                Ok(()) => Ok(Unpacked {
                    chain_id: top,
                    lazy_layers,
                }),
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => Err(e),
    };
    let _ = client.lease_delete(&lease).await;
    result
}

/// The layers of one manifest with their diff IDs and chain IDs.
struct Stack<'a> {
    manifest_digest: &'a str,
    layers: &'a [crate::manifest::Descriptor],
    diff_ids: &'a [String],
    chains: &'a [String],
}

/// containerd caps a label (key and value) at 4 KiB.
const LABEL_LIMIT: usize = 4096;

/// The labels of containerd's remote-snapshot protocol for layer `i` (soci-format.md §5.2),
/// as containerd's CRI image handler and nerdctl's SOCI wrapper set them.
fn remote_labels(stack: &Stack<'_>, i: usize, source: &LayerSource<'_>) -> HashMap<String, String> {
    let layer = &stack.layers[i];
    let mut labels = HashMap::new();
    labels.insert(LABEL_SNAPSHOT_REF.to_string(), stack.chains[i].clone());
    labels.insert(
        LABEL_CRI_IMAGE_REF.to_string(),
        source.reference.to_string(),
    );
    labels.insert(
        LABEL_CRI_MANIFEST_DIGEST.to_string(),
        stack.manifest_digest.to_string(),
    );
    labels.insert(LABEL_CRI_LAYER_DIGEST.to_string(), layer.digest.clone());
    labels.insert(LABEL_SOCI_SIZE.to_string(), layer.size.to_string());
    // This layer and the ones above it, cut to fit the label limit as containerd does.
    let key = LABEL_CRI_IMAGE_LAYERS;
    let sizes_key = LABEL_IMAGE_LAYERS_SIZE;
    let (mut digests, mut sizes) = (String::new(), String::new());
    for l in &stack.layers[i..] {
        let sep = if digests.is_empty() { "" } else { "," };
        if key.len() + digests.len() + sep.len() + l.digest.len() > LABEL_LIMIT {
            break;
        }
        digests.push_str(sep);
        digests.push_str(&l.digest);
        sizes.push_str(sep);
        sizes.push_str(&l.size.to_string());
    }
    labels.insert(key.to_string(), digests);
    labels.insert(sizes_key.to_string(), sizes);
    if let Some(index) = &source.soci_index_digest {
        labels.insert(LABEL_SOCI_INDEX_DIGEST.to_string(), index.clone());
    }
    labels
}

/// Unpacks the stack bottom up; returns the digests of layers mounted remotely.
async fn unpack_layers(
    client: &Client,
    stack: &Stack<'_>,
    snapshotter: &str,
    source: Option<&LayerSource<'_>>,
    progress: &dyn ProgressSink,
) -> Result<Vec<String>, Error> {
    let mut lazy_layers = Vec::new();
    let mut parent: Option<&str> = None;
    'layers: for (i, layer) in stack.layers.iter().enumerate() {
        let chain = &stack.chains[i];
        if committed(client, snapshotter, chain).await? {
            parent = Some(chain);
            continue;
        }
        if !media::is_layer(&layer.media_type) {
            return Err(Error::UnsupportedMediaType {
                media_type: layer.media_type.clone(),
                digest: layer.digest.clone(),
            });
        }
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let key = format!("extract-{nanos}-{chain}");
        let lazy = source.filter(|s| s.lazy);
        let labels = match lazy {
            Some(source) => remote_labels(stack, i, source),
            None => HashMap::new(),
        };
        let mut attempt = 0u32;
        let mounts = loop {
            match client
                .snapshot_prepare(snapshotter, &key, parent, &labels)
                .await
            {
                Ok(mounts) => break mounts,
                // The snapshotter mounted the layer itself and committed it under the chain ID.
                Err(e) if e.is_already_exists() && lazy.is_some() => {
                    progress.event(ProgressEvent::Lazy {
                        digest: layer.digest.clone(),
                    });
                    lazy_layers.push(layer.digest.clone());
                    parent = Some(chain);
                    continue 'layers;
                }
                // Another pull of the same image is committing this chain right now (containerd
                // answers a remote snapshot's target race with "target snapshot … not found"):
                // wait for its commit rather than fail.
                Err(e)
                    if attempt < PREPARE_RACE_RETRIES
                        && (e.is_not_found() || e.is_already_exists() || e.is_unavailable()) =>
                {
                    attempt += 1;
                    tracing::debug!("prepare {chain} raced ({e}), retry {attempt}");
                    tokio::time::sleep(std::time::Duration::from_millis(50) * attempt).await;
                    if committed(client, snapshotter, chain).await? {
                        parent = Some(chain);
                        continue 'layers;
                    }
                }
                Err(e) => return Err(e.into()),
            }
        };
        let fetched = ensure_local(client, layer, source, progress).await;
        if let Err(err) = fetched {
            let _ = client.snapshot_remove(snapshotter, &key).await;
            return Err(err);
        }
        progress.event(ProgressEvent::Unpacking {
            digest: layer.digest.clone(),
        });
        let applied = apply_and_commit(
            client,
            layer,
            &stack.diff_ids[i],
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
    Ok(lazy_layers)
}

/// Retries of a snapshot prepare that raced a concurrent unpack of the same chain (about 10 s).
const PREPARE_RACE_RETRIES: u32 = 20;

/// True when the chain is already a committed snapshot.
async fn committed(client: &Client, snapshotter: &str, chain: &str) -> Result<bool, Error> {
    Ok(client
        .snapshot_stat(snapshotter, chain)
        .await?
        .is_some_and(|info| info.kind == linnet_containerd::SnapshotKind::Committed))
}

/// Makes sure a layer blob is in the content store, fetching it from `source` if needed.
async fn ensure_local(
    client: &Client,
    layer: &crate::manifest::Descriptor,
    source: Option<&LayerSource<'_>>,
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    if client.content_info(&layer.digest).await?.is_some() {
        return Ok(());
    }
    let Some(source) = source else {
        return Err(Error::MissingContent {
            digest: layer.digest.clone(),
        });
    };
    let label = crate::content::source_label(source.reference);
    crate::fetch::fetch_blob(
        client,
        source.registry,
        source.reference,
        layer,
        &label,
        progress,
    )
    .await
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
    let desc = CtrDescriptor::new(&layer.media_type, &layer.digest, layer.size);
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
