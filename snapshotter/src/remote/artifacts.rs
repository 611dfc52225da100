//! Finding a layer's artifacts: the SOCI index (explicit label, manifest annotation, else v1
//! referrers by the one discovery rule) and the layer's ztoc, from containerd's content store
//! first, then the registry, each checked against its digest.

use std::sync::Arc;
use std::time::Instant;

use linnet_oci::sha256_digest;
use linnet_reference::Reference;
use linnet_soci::{ChosenIndex, IndexTrust, SociIndex};
use linnet_ztoc::Ztoc;

use super::{lock, LayerRequest, Remote, RemoteError, MAX_ZTOC_SIZE, NO_INDEX_TTL};

/// The artifacts a layer was mounted from.
pub(super) struct Artifacts {
    pub(super) index_digest: String,
    pub(super) trust: IndexTrust,
    pub(super) ztoc_digest: String,
    pub(super) ztoc: Ztoc,
    pub(super) ztoc_bytes: Vec<u8>,
    pub(super) layer_size: u64,
}

impl Remote {
    /// Finds the SOCI index and this layer's ztoc and checks them against the layer.
    pub(super) async fn artifacts(
        &self,
        namespace: &str,
        reference: &Reference,
        request: &LayerRequest,
    ) -> Result<Artifacts, RemoteError> {
        let content = self.content_client(namespace).await;
        // An index the request names (pull names v1 indexes it found through referrers, a user
        // may name any) is trusted only when the manifest's own annotation names it too.
        let ChosenIndex {
            digest: index_digest,
            trust,
        } = match &request.index_digest {
            Some(d) => {
                let manifest = self
                    .manifest(content.as_ref(), reference, &request.manifest_digest)
                    .await?;
                let annotated = linnet_soci::annotated_index(&manifest);
                ChosenIndex {
                    digest: d.clone(),
                    trust: if annotated.as_deref() == Some(d.as_str()) {
                        IndexTrust::Trusted
                    } else {
                        IndexTrust::Untrusted
                    },
                }
            }
            None => {
                self.discover(content.as_ref(), reference, &request.manifest_digest)
                    .await?
            }
        };
        let index = self
            .index(content.as_ref(), reference, &index_digest)
            .await?;
        let desc = index
            .ztoc_for_layer(&request.layer_digest)
            .ok_or_else(|| RemoteError::NoZtoc {
                index: index_digest.clone(),
                layer: request.layer_digest.clone(),
            })?
            .clone();
        if !(0..=MAX_ZTOC_SIZE).contains(&desc.size) {
            return Err(RemoteError::Invalid {
                what: format!("ztoc descriptor {}", desc.digest),
                reason: format!("size {}", desc.size),
            });
        }
        let what = format!("ztoc {}", desc.digest);
        let mut bytes = None;
        if let Some(client) = &content {
            if let Ok(b) = client.content_read(&desc.digest).await {
                bytes = Some(b);
            }
        }
        let bytes = match bytes {
            Some(b) => b,
            None => self
                .registry
                .fetch_blob_range(reference, &desc.digest, 0, desc.size.unsigned_abs())
                .await
                .map_err(|source| RemoteError::Registry {
                    what: what.clone(),
                    source,
                })?
                .to_vec(),
        };
        if sha256_digest(&bytes) != desc.digest {
            return Err(RemoteError::Digest { what });
        }
        let ztoc = parse_ztoc(&desc.digest, &bytes)?;
        let mismatch = |reason: String| RemoteError::Mismatch {
            ztoc: desc.digest.clone(),
            layer: request.layer_digest.clone(),
            reason,
        };
        let layer_size = match request.layer_size {
            Some(size) => size,
            // Without a size label, the registry says (and proves the layer is there).
            None => self
                .registry
                .blob_exists(reference, &request.layer_digest)
                .await
                .map_err(|source| RemoteError::Registry {
                    what: format!("size of layer {}", request.layer_digest),
                    source,
                })?
                .ok_or_else(|| RemoteError::Fetch {
                    what: format!("layer {}", request.layer_digest),
                    reason: "not in the registry".into(),
                })?,
        };
        if ztoc.compressed_archive_size != layer_size {
            return Err(mismatch(format!(
                "the ztoc describes {} compressed bytes, the layer has {layer_size}",
                ztoc.compressed_archive_size
            )));
        }
        ztoc.tar_header_offsets()
            .map_err(|e| mismatch(format!("file table: {e}")))?;
        Ok(Artifacts {
            index_digest,
            trust,
            ztoc_digest: desc.digest,
            ztoc,
            ztoc_bytes: bytes,
            layer_size,
        })
    }

    pub(super) async fn content_client(
        &self,
        namespace: &str,
    ) -> Option<linnet_containerd::Client> {
        let socket = self.options.containerd.as_ref()?;
        match linnet_containerd::Client::connect(socket, namespace).await {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::debug!("content store unavailable, using the registry: {e}");
                None
            }
        }
    }

    /// The bytes of the image manifest `manifest_digest` (content store, else registry),
    /// checked against the digest: only then is its annotation part of what the digest commits
    /// to.
    pub(super) async fn manifest(
        &self,
        content: Option<&linnet_containerd::Client>,
        reference: &Reference,
        manifest_digest: &str,
    ) -> Result<Vec<u8>, RemoteError> {
        if let Some(client) = content {
            if let Ok(b) = client.content_read(manifest_digest).await {
                if sha256_digest(&b) == manifest_digest {
                    return Ok(b);
                }
            }
        }
        let manifest = self
            .registry
            .fetch_manifest(reference, manifest_digest)
            .await
            .map_err(|source| RemoteError::Registry {
                what: format!("image manifest {manifest_digest}"),
                source,
            })?
            .to_vec();
        if sha256_digest(&manifest) != manifest_digest {
            return Err(RemoteError::Digest {
                what: format!("image manifest {manifest_digest}"),
            });
        }
        Ok(manifest)
    }

    /// The SOCI index of an image manifest and how far to believe it, by the one rule
    /// (`linnet_soci::choose_index`: v2 annotation, else the newest v1 referrer).
    pub(super) async fn discover(
        &self,
        content: Option<&linnet_containerd::Client>,
        reference: &Reference,
        manifest_digest: &str,
    ) -> Result<ChosenIndex, RemoteError> {
        if let Some((found, when)) = lock(&self.discovered).get(manifest_digest) {
            match found {
                Some(d) => return Ok(d.clone()),
                None if when.elapsed() < NO_INDEX_TTL => {
                    return Err(RemoteError::NoIndex(manifest_digest.to_string()))
                }
                None => {}
            }
        }
        let manifest = self.manifest(content, reference, manifest_digest).await?;
        let found = match linnet_soci::choose_index(Some(&manifest), &[]) {
            Some(chosen) => chosen,
            None => {
                let referrers = self
                    .registry
                    .referrers(
                        reference,
                        manifest_digest,
                        Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1),
                    )
                    .await
                    .map_err(|source| RemoteError::Registry {
                        what: format!("referrers of {manifest_digest}"),
                        source,
                    })?;
                match choose_referrer(&referrers) {
                    Some(chosen) => chosen,
                    None => {
                        lock(&self.discovered)
                            .insert(manifest_digest.to_string(), (None, Instant::now()));
                        return Err(RemoteError::NoIndex(manifest_digest.to_string()));
                    }
                }
            }
        };
        lock(&self.discovered).insert(
            manifest_digest.to_string(),
            (Some(found.clone()), Instant::now()),
        );
        Ok(found)
    }

    pub(super) async fn index(
        &self,
        content: Option<&linnet_containerd::Client>,
        reference: &Reference,
        digest: &str,
    ) -> Result<Arc<SociIndex>, RemoteError> {
        if let Some(index) = lock(&self.indexes).get(digest) {
            return Ok(Arc::clone(index));
        }
        let mut bytes = None;
        if let Some(client) = content {
            if let Ok(b) = client.content_read(digest).await {
                bytes = Some(b);
            }
        }
        let bytes = match bytes {
            Some(b) => b,
            None => self
                .registry
                .fetch_manifest(reference, digest)
                .await
                .map_err(|source| RemoteError::Registry {
                    what: format!("SOCI index {digest}"),
                    source,
                })?
                .to_vec(),
        };
        if sha256_digest(&bytes) != digest {
            return Err(RemoteError::Digest {
                what: format!("SOCI index {digest}"),
            });
        }
        let index =
            Arc::new(
                SociIndex::parse(&bytes).map_err(|source| RemoteError::InvalidIndex {
                    digest: digest.to_string(),
                    source,
                })?,
            );
        lock(&self.indexes).insert(digest.to_string(), Arc::clone(&index));
        Ok(index)
    }
}

/// The v1 index among `referrers` by the one discovery rule (`linnet_soci::choose_index`).
pub(super) fn choose_referrer(referrers: &[linnet_registry::Referrer]) -> Option<ChosenIndex> {
    let candidates: Vec<linnet_soci::ReferrerCandidate<'_>> = referrers
        .iter()
        .map(|r| linnet_soci::ReferrerCandidate {
            digest: &r.digest,
            media_type: &r.media_type,
            artifact_type: r.artifact_type.as_deref(),
            created: r
                .annotations
                .get(linnet_soci::ANNOTATION_CREATED)
                .map(String::as_str),
        })
        .collect();
    linnet_soci::choose_index(None, &candidates)
}
pub(super) fn parse_ztoc(digest: &str, bytes: &[u8]) -> Result<Ztoc, RemoteError> {
    Ztoc::from_bytes(bytes).map_err(|source| RemoteError::InvalidZtoc {
        digest: digest.to_string(),
        source,
    })
}
