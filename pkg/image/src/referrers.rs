//! SOCI v1 indexes on registries: they travel as OCI referrers of the image manifest they index.
//!
//! A v1 index is an OCI manifest whose `subject` is a platform image manifest; locally the image
//! manifest names it with the `containerd.io/gc.ref.content.soci-index` label (set by
//! `image convert --soci --soci-index-version v1`, as `soci create` does). Push sends the index
//! graph (the `{}` config and the ztocs, then the index by digest) after the image, and keeps the
//! referrers tag `sha256-<hex>` up to date when the registry does not index `subject` itself, as
//! oras does for `soci push` (soci-format.md §4.2). Pull looks the indexes up through the
//! referrers API or that tag, as the snapshotter does (§5.4), stores them with their ztocs and
//! labels the manifest the same way, so a pulled image can be run lazily or pushed again whole.

use std::collections::{HashMap, HashSet};

use bytes::Bytes;
use futures::StreamExt;
use linnet_containerd::Client;
use linnet_reference::Reference;
use linnet_registry::Referrer;
use linnet_soci::{IndexVersion, SociIndex};

use crate::content::write_blob;
use crate::fetch::fetch_blob;
use crate::manifest::{sha256_digest, Descriptor};
use crate::platform::Platform;
use crate::progress::{BlobStatus, ProgressEvent, ProgressSink};
use crate::{media, Error};

/// Label on an image manifest naming its v1 SOCI index (what `soci create` sets).
pub const LABEL_SOCI_INDEX_V1: &str = linnet_soci::LABEL_GC_REF_SOCI_INDEX;
/// Progress kind of a SOCI index row.
const KIND_SOCI_INDEX: &str = "soci-index";
#[cfg(test)]
use linnet_soci::ANNOTATION_CREATED;

/// A v1 SOCI index that push sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedSociIndex {
    pub digest: String,
    /// The image manifest it indexes.
    pub subject: String,
    /// True when the referrers tag was written (the registry did not answer with `OCI-Subject`).
    pub tagged: bool,
}

/// Pushes the v1 SOCI index of each of `manifests` (already pushed to `target`'s repository)
/// that has one locally. Manifests without an index are left alone.
pub(crate) async fn push_soci_v1(
    client: &Client,
    registry: &linnet_registry::Client,
    target: &Reference,
    manifests: &[Descriptor],
    progress: &dyn ProgressSink,
) -> Result<Vec<PushedSociIndex>, Error> {
    let mut pushed = Vec::new();
    let mut seen = HashSet::new();
    for manifest in manifests {
        if !seen.insert(manifest.digest.clone()) {
            continue;
        }
        let Some(info) = client.content_info(&manifest.digest).await? else {
            continue;
        };
        let Some(index_digest) = info.labels.get(LABEL_SOCI_INDEX_V1) else {
            continue;
        };
        if client.content_info(index_digest).await?.is_none() {
            tracing::warn!(
                "manifest {} names SOCI index {index_digest}, which is not in the content store; not pushing it",
                manifest.digest
            );
            continue;
        }
        let bytes = Bytes::from(client.content_read(index_digest).await?);
        let index = match local_v1_index(index_digest, &bytes, &manifest.digest) {
            Ok(index) => index,
            Err(e) => {
                tracing::warn!("not pushing SOCI index {index_digest}: {e}");
                continue;
            }
        };
        let one = push_index(
            client,
            registry,
            target,
            index_digest,
            bytes,
            &index,
            &manifest.digest,
            progress,
        )
        .await?;
        pushed.push(one);
    }
    Ok(pushed)
}

/// Parses a stored v1 index and checks that it belongs to `subject`.
fn local_v1_index(digest: &str, bytes: &[u8], subject: &str) -> Result<SociIndex, Error> {
    let actual = sha256_digest(bytes);
    if actual != digest {
        return Err(Error::DigestMismatch {
            what: "soci index".to_string(),
            expected: digest.to_string(),
            actual,
        });
    }
    let index = SociIndex::parse(bytes).map_err(|e| Error::invalid("soci index", digest, e))?;
    check_v1(digest, &index, subject)?;
    Ok(index)
}

/// A v1 index whose `subject` is `subject`, or why not.
fn check_v1(digest: &str, index: &SociIndex, subject: &str) -> Result<(), Error> {
    if index.version != IndexVersion::V1 {
        return Err(Error::invalid(
            "soci index",
            digest,
            "it is a v2 index (v2 indexes travel inside the image index)",
        ));
    }
    match &index.subject {
        Some(s) if s.digest == subject => Ok(()),
        Some(s) => Err(Error::invalid(
            "soci index",
            digest,
            format!("its subject is {}, not {subject}", s.digest),
        )),
        None => Err(Error::invalid("soci index", digest, "it has no subject")),
    }
}

#[allow(clippy::too_many_arguments)]
async fn push_index(
    client: &Client,
    registry: &linnet_registry::Client,
    target: &Reference,
    digest: &str,
    bytes: Bytes,
    index: &SociIndex,
    subject: &str,
    progress: &dyn ProgressSink,
) -> Result<PushedSociIndex, Error> {
    let mut blobs = vec![index.config.clone()];
    blobs.extend(index.blobs().iter().cloned());
    for blob in &blobs {
        let desc = Descriptor::from(blob);
        push_content_blob(client, registry, target, &desc, progress).await?;
    }
    let media_type = if index.media_type.is_empty() {
        media::OCI_MANIFEST
    } else {
        index.media_type.as_str()
    };
    let by_digest = target.without_tag_and_digest().with_digest(digest);
    let size = bytes.len() as u64;
    let put = registry.put_manifest(&by_digest, media_type, bytes).await?;
    let tagged = if put.subject_processed(subject) {
        false
    } else {
        let referrer = Referrer {
            media_type: media_type.to_string(),
            digest: digest.to_string(),
            size,
            annotations: index.annotations.clone(),
            artifact_type: Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1.to_string()),
        };
        registry
            .add_referrer_to_tag(target, subject, &referrer)
            .await?;
        true
    };
    progress.event(ProgressEvent::BlobDone {
        digest: digest.to_string(),
        kind: KIND_SOCI_INDEX,
        status: BlobStatus::Uploaded,
    });
    Ok(PushedSociIndex {
        digest: digest.to_string(),
        subject: subject.to_string(),
        tagged,
    })
}

/// Uploads one small blob (config or ztoc) from the content store unless the registry has it.
async fn push_content_blob(
    client: &Client,
    registry: &linnet_registry::Client,
    target: &Reference,
    blob: &Descriptor,
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    let kind = match blob.media_type.as_str() {
        linnet_soci::SOCI_LAYER_MEDIA_TYPE => "ztoc",
        linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1 => "config",
        other => media::kind(other),
    };
    let status = if registry.blob_exists(target, &blob.digest).await?.is_some() {
        BlobStatus::Exists
    } else {
        if client.content_info(&blob.digest).await?.is_none() {
            return Err(Error::MissingContent {
                digest: blob.digest.clone(),
            });
        }
        progress.event(ProgressEvent::BlobStart {
            digest: blob.digest.clone(),
            kind,
            total: blob.size,
            offset: 0,
        });
        let body = client
            .content_read_stream(&blob.digest, 0, 0)
            .map(|chunk| chunk.map_err(std::io::Error::other))
            .boxed();
        registry
            .push_blob(target, &blob.digest, blob.size, body)
            .await?;
        BlobStatus::Uploaded
    };
    progress.event(ProgressEvent::BlobDone {
        digest: blob.digest.clone(),
        kind,
        status,
    });
    Ok(())
}

/// Looks up the v1 SOCI index of each pulled manifest and brings it along. Lazy loading is an
/// extra: a registry without referrers, a missing tag or a broken index only logs a warning.
pub(crate) async fn pull_soci_v1(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    manifests: &[(Descriptor, Platform)],
    source: &(String, String),
    progress: &dyn ProgressSink,
) -> Vec<(Descriptor, Platform, usize)> {
    let mut out = Vec::new();
    for (manifest, platform) in manifests {
        match fetch_v1_index(client, registry, reference, manifest, source, progress).await {
            Ok(Some((desc, ztocs))) => out.push((desc, platform.clone(), ztocs)),
            Ok(None) => {}
            Err(e) => tracing::warn!("cannot fetch the SOCI index of {}: {e}", manifest.digest),
        }
    }
    out
}

async fn fetch_v1_index(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    manifest: &Descriptor,
    source: &(String, String),
    progress: &dyn ProgressSink,
) -> Result<Option<(Descriptor, usize)>, Error> {
    let referrers = registry
        .referrers(
            reference,
            &manifest.digest,
            Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1),
        )
        .await?;
    let Some(chosen) = choose_index(&referrers) else {
        return Ok(None);
    };
    tracing::debug!(
        "SOCI v1 index {} chosen for {} ({}): its ztocs are verified before use",
        chosen.digest,
        manifest.digest,
        chosen.trust.as_str()
    );
    crate::manifest::validate_digest(&chosen.digest)?;
    let bytes = registry.fetch_manifest(reference, &chosen.digest).await?;
    let index =
        SociIndex::parse(&bytes).map_err(|e| Error::invalid("soci index", &chosen.digest, e))?;
    check_v1(&chosen.digest, &index, &manifest.digest)?;

    let mut blobs = vec![index.config.clone()];
    blobs.extend(index.blobs().iter().cloned());
    for blob in &blobs {
        let desc = Descriptor::from(blob);
        fetch_blob(client, registry, reference, &desc, source, progress).await?;
    }
    // Children first, so the index's GC labels never point at nothing; then the manifest's
    // label keeps the index, as `image convert --soci-index-version v1` leaves it.
    let mut labels: HashMap<String, String> = linnet_soci::soci_index_gc_labels(&index)
        .into_iter()
        .collect();
    labels.insert(source.0.clone(), source.1.clone());
    let size = bytes.len() as u64;
    write_blob(client, &chosen.digest, bytes, labels).await?;
    let mut manifest_labels = HashMap::new();
    manifest_labels.insert(LABEL_SOCI_INDEX_V1.to_string(), chosen.digest.clone());
    client
        .content_update_labels(&manifest.digest, &manifest_labels)
        .await?;
    progress.event(ProgressEvent::BlobDone {
        digest: chosen.digest.clone(),
        kind: KIND_SOCI_INDEX,
        status: BlobStatus::Downloaded,
    });

    let ztocs = index
        .blobs()
        .iter()
        .filter(|b| b.media_type == linnet_soci::SOCI_LAYER_MEDIA_TYPE)
        .count();
    let mut desc = Descriptor::new(media::OCI_MANIFEST, &chosen.digest, size);
    desc.artifact_type = Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1.to_string());
    if !index.annotations.is_empty() {
        desc.annotations = Some(index.annotations.clone());
    }
    Ok(Some((desc, ztocs)))
}

/// The v1 index to use among several referrers: `linnet_soci::choose_index`, the rule the
/// snapshotter and `soci` commands follow too (the newest by `org.opencontainers.image.created`,
/// else the last listed). Indexes found this way are untrusted input.
pub fn choose_index(referrers: &[Referrer]) -> Option<linnet_soci::ChosenIndex> {
    let candidates: Vec<linnet_soci::ReferrerCandidate<'_>> = referrers
        .iter()
        .filter(|r| media::is_manifest(&r.media_type))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn referrer(digest: &str, created: Option<&str>) -> Referrer {
        Referrer {
            media_type: media::OCI_MANIFEST.to_string(),
            digest: digest.to_string(),
            size: 10,
            annotations: created
                .map(|c| BTreeMap::from([(ANNOTATION_CREATED.to_string(), c.to_string())]))
                .unwrap_or_default(),
            artifact_type: Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1.to_string()),
        }
    }

    #[test]
    fn chooses_the_newest() {
        assert!(choose_index(&[]).is_none());
        let plain = [referrer("sha256:1", None), referrer("sha256:2", None)];
        assert_eq!(
            choose_index(&plain).map(|r| r.digest),
            Some("sha256:2".to_string())
        );
        let dated = [
            referrer("sha256:1", Some("2024-01-01T00:00:00Z")),
            referrer("sha256:2", Some("2025-01-01T00:00:00Z")),
            referrer("sha256:3", None),
        ];
        assert_eq!(
            choose_index(&dated).map(|r| r.digest),
            Some("sha256:2".to_string())
        );
        // Listed newest first, as the snapshotter's test has them: the same pick.
        let two = [
            referrer("sha256:2", Some("2025-01-01T00:00:00Z")),
            referrer("sha256:1", Some("2024-01-01T00:00:00Z")),
        ];
        let chosen = choose_index(&two).expect("chosen");
        assert_eq!(chosen.digest, "sha256:2");
        assert_eq!(chosen.trust, linnet_soci::IndexTrust::Untrusted);
        let mut other = referrer("sha256:4", None);
        other.artifact_type = Some("application/vnd.example.sig".into());
        assert!(choose_index(&[other]).is_none());
    }

    fn v1_index(subject: &str) -> SociIndex {
        let blob = linnet_soci::Descriptor::new(linnet_soci::SOCI_LAYER_MEDIA_TYPE, "sha256:aa", 3);
        let subject = linnet_soci::Descriptor::new(media::OCI_MANIFEST, subject, 100);
        SociIndex::new(IndexVersion::V1, vec![blob], Some(subject), "test")
    }

    #[test]
    fn checks_subject_and_version() {
        let index = v1_index("sha256:bb");
        assert!(check_v1("sha256:cc", &index, "sha256:bb").is_ok());
        assert!(check_v1("sha256:cc", &index, "sha256:dd").is_err());
        let v2 = SociIndex::new(IndexVersion::V2, Vec::new(), None, "test");
        assert!(check_v1("sha256:cc", &v2, "sha256:bb").is_err());

        let bytes = index.marshal();
        let digest = sha256_digest(&bytes);
        assert!(local_v1_index(&digest, &bytes, "sha256:bb").is_ok());
        assert!(matches!(
            local_v1_index("sha256:00", &bytes, "sha256:bb"),
            Err(Error::DigestMismatch { .. })
        ));
    }
}
