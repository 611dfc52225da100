//! Writing blobs into containerd's content store with the labels its garbage collector follows.

use std::collections::HashMap;

use bytes::Bytes;
use linnet_containerd::Client;

use crate::manifest::{parse_index, parse_manifest, sha256_digest};
use crate::{media, Error};

/// Label prefix that names where a blob came from, so push can fetch it if it is missing.
pub(crate) const SOURCE_LABEL_PREFIX: &str = "containerd.io/distribution.source.";

/// GC reference labels for a manifest or index: containerd keeps every blob they name alive as
/// long as the parent is. Other blobs get none.
pub fn gc_labels(
    media_type: &str,
    digest: &str,
    bytes: &[u8],
) -> Result<HashMap<String, String>, Error> {
    let mut labels = HashMap::new();
    if media::is_index(media_type) {
        let index = parse_index(digest, bytes)?;
        for (i, m) in index.manifests.iter().enumerate() {
            labels.insert(
                format!("containerd.io/gc.ref.content.m.{i}"),
                m.digest.clone(),
            );
        }
    } else if media::is_manifest(media_type) {
        let manifest = parse_manifest(digest, bytes)?;
        labels.insert(
            "containerd.io/gc.ref.content.config".to_string(),
            manifest.config.digest.clone(),
        );
        for (i, l) in manifest.layers.iter().enumerate() {
            labels.insert(
                format!("containerd.io/gc.ref.content.l.{i}"),
                l.digest.clone(),
            );
        }
    }
    Ok(labels)
}

/// Writes a small blob held in memory (manifests, configs). Verifies the digest first; an
/// existing blob only gets its labels merged.
pub async fn write_blob(
    client: &Client,
    digest: &str,
    data: Bytes,
    labels: HashMap<String, String>,
) -> Result<(), Error> {
    let actual = sha256_digest(&data);
    if actual != digest {
        return Err(Error::DigestMismatch {
            what: "blob".to_string(),
            expected: digest.to_string(),
            actual,
        });
    }
    let reference = format!("linnet-write-{digest}");
    match client
        .content_writer(&reference, digest, data.len() as u64)
        .await?
    {
        None => {
            if !labels.is_empty() {
                client.content_update_labels(digest, &labels).await?;
            }
        }
        Some(mut writer) => {
            let offset = writer.offset() as usize;
            if offset < data.len() {
                writer.write(data.slice(offset..)).await?;
            }
            writer.commit(labels).await?;
        }
    }
    Ok(())
}

/// Serializes `value`, writes it, and returns its digest and size.
pub async fn write_json_blob<T: serde::Serialize>(
    client: &Client,
    value: &T,
    labels: HashMap<String, String>,
) -> Result<(String, u64), Error> {
    let bytes = serde_json::to_vec(value).map_err(|source| Error::Encode {
        what: "JSON",
        source,
    })?;
    let digest = sha256_digest(&bytes);
    let size = bytes.len() as u64;
    write_blob(client, &digest, Bytes::from(bytes), labels).await?;
    Ok((digest, size))
}

/// `containerd.io/distribution.source.<host>=<repository>` for blobs fetched from `reference`.
pub(crate) fn source_label(reference: &linnet_reference::Reference) -> (String, String) {
    (
        format!("{SOURCE_LABEL_PREFIX}{}", reference.domain()),
        reference.path().to_string(),
    )
}

/// Registries an image's blobs came from, read from the distribution-source labels of its root
/// blob: where push and convert fetch blobs that are not local.
pub(crate) async fn sources_of(
    client: &Client,
    digest: &str,
) -> Result<Vec<linnet_reference::Reference>, Error> {
    let labels = client
        .content_info(digest)
        .await?
        .map(|i| i.labels)
        .unwrap_or_default();
    Ok(labels
        .iter()
        .filter_map(|(key, repo)| {
            let host = key.strip_prefix(SOURCE_LABEL_PREFIX)?;
            linnet_reference::Reference::parse(&format!("{host}/{repo}")).ok()
        })
        .collect())
}

/// A blob's bytes from the content store as an `io` stream that adds what passes to `counted`,
/// for [`crate::progress::report_while`].
pub(crate) fn counted_read_stream(
    client: &Client,
    digest: &str,
    counted: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    use futures::StreamExt;
    client.content_read_stream(digest, 0, 0).map(move |chunk| {
        chunk
            .inspect(|c| {
                counted.fetch_add(c.len() as u64, std::sync::atomic::Ordering::Relaxed);
            })
            .map_err(std::io::Error::other)
    })
}
