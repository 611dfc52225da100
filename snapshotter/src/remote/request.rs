//! What an unpack `Prepare` asks for: the layer request in its labels.

use std::collections::BTreeMap;

use linnet_reference::Reference;

use super::{RemoteError, LABEL_SNAPSHOT_REF};

/// What an unpack `Prepare` says about the layer (soci-format.md §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerRequest {
    pub target: String,
    pub image_ref: String,
    pub manifest_digest: String,
    pub layer_digest: String,
    /// Compressed size from `soci.size` or `image.layers.size`, when given.
    pub layer_size: Option<u64>,
    /// `soci.index.digest`, when given.
    pub index_digest: Option<String>,
}

impl LayerRequest {
    /// The request in `labels`, or `None` when they do not ask for a remote snapshot.
    pub fn from_labels(labels: &BTreeMap<String, String>) -> Result<Option<Self>, RemoteError> {
        let Some(target) = labels.get(LABEL_SNAPSHOT_REF).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let get = |key: &'static str| {
            labels
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or(RemoteError::MissingLabel(key))
        };
        let image_ref = get(linnet_soci::LABEL_CRI_IMAGE_REF)?;
        let manifest_digest = get(linnet_soci::LABEL_CRI_MANIFEST_DIGEST)?;
        let layer_digest = get(linnet_soci::LABEL_CRI_LAYER_DIGEST)?;
        let layer_size = labels
            .get(linnet_soci::LABEL_SOCI_SIZE)
            .and_then(|s| s.parse::<u64>().ok())
            .or_else(|| {
                // containerd's CRI sets only the layer list; soci's wrapper adds the sizes.
                let layers = labels.get(linnet_soci::LABEL_CRI_IMAGE_LAYERS)?;
                let sizes = labels.get(linnet_soci::LABEL_IMAGE_LAYERS_SIZE)?;
                let pos = layers.split(',').position(|d| d == layer_digest)?;
                sizes.split(',').nth(pos)?.parse::<u64>().ok()
            });
        let index_digest = labels
            .get(linnet_soci::LABEL_SOCI_INDEX_DIGEST)
            .filter(|v| !v.is_empty())
            .cloned();
        Ok(Some(LayerRequest {
            target: target.clone(),
            image_ref,
            manifest_digest,
            layer_digest,
            layer_size,
            index_digest,
        }))
    }
}

pub(super) fn parse_reference(s: &str) -> Result<Reference, RemoteError> {
    Reference::parse(s).map_err(|source| RemoteError::Reference {
        reference: s.to_string(),
        source,
    })
}
