//! Push: upload what the content store holds for an image: layers and configs first (skipping
//! blobs the registry has), then platform manifests by digest, then the root under its tag.
//!
//! `--platform` narrows an index to the chosen platforms' manifests and pushes that new index, as
//! `nerdctl push --platform` does. Blobs missing locally (say, after a single-platform pull) are
//! fetched from the registry they came from, named by containerd's distribution-source labels.

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::content::{counted_read_stream, source_label, sources_of};
use crate::fetch::fetch_blob;
use crate::manifest::{parse_index, parse_manifest, sha256_digest, Descriptor};
use crate::platform::Platform;
use crate::progress::{report_while, BlobStatus, ProgressEvent, ProgressSink};
use crate::{media, Error};

const CONCURRENT_UPLOADS: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct PushOptions {
    /// Push only these platforms' manifests of an index; empty means all that the index lists.
    pub platforms: Vec<Platform>,
    pub all_platforms: bool,
}

/// Pushes `image` to `target` and returns the descriptor pushed under the tag.
pub async fn push(
    client: &Client,
    registry: &linnet_registry::Client,
    image: &Image,
    target: &Reference,
    options: &PushOptions,
    progress: &dyn ProgressSink,
) -> Result<Descriptor, Error> {
    // Blobs fetched from the source on the way are referenced by nothing until the push ends;
    // the lease keeps the garbage collector off them meanwhile.
    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let result = push_leased(&leased, registry, image, target, options, progress).await;
    let _ = client.lease_delete(&lease).await;
    result
}

async fn push_leased(
    client: &Client,
    registry: &linnet_registry::Client,
    image: &Image,
    target: &Reference,
    options: &PushOptions,
    progress: &dyn ProgressSink,
) -> Result<Descriptor, Error> {
    let root = Descriptor::new(
        &image.target.media_type,
        &image.target.digest,
        image.target.size,
    );
    let sources = sources_of(client, &root.digest).await?;
    let root_bytes = Bytes::from(client.content_read(&root.digest).await?);

    if media::is_manifest(&root.media_type) {
        push_manifest_tree(
            client,
            registry,
            target,
            &root,
            root_bytes.clone(),
            &sources,
            progress,
        )
        .await?;
        registry
            .push_manifest(target, &root.media_type, root_bytes)
            .await?;
        // SOCI v1: the manifest's index goes along as a referrer (referrers.rs).
        crate::referrers::push_soci_v1(
            client,
            registry,
            target,
            std::slice::from_ref(&root),
            progress,
        )
        .await?;
        return Ok(root);
    }
    if !media::is_index(&root.media_type) {
        return Err(Error::UnsupportedMediaType {
            media_type: root.media_type.clone(),
            digest: root.digest.clone(),
        });
    }

    let mut index = parse_index(&root.digest, &root_bytes)?;
    let filtering = !options.all_platforms && !options.platforms.is_empty();
    let listed = index.manifests.len();
    if filtering {
        index.manifests.retain(|d| {
            let p = d.platform.clone().unwrap_or_default().normalized();
            d.platform.is_some() && options.platforms.iter().any(|w| w.matches(&p))
        });
        if index.manifests.is_empty() {
            return Err(Error::NoMatchingPlatform {
                reference: image.name.clone(),
                platform: crate::platform::list(&options.platforms),
                available: "none of the requested".to_string(),
            });
        }
    }
    // An index that keeps every entry is pushed as it is, so its digest stays the same.
    let narrowed = filtering && index.manifests.len() < listed;
    for desc in &index.manifests {
        let bytes = match client.content_read(&desc.digest).await {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => fetch_missing_manifest(registry, desc, &sources).await?,
        };
        if media::is_manifest(&desc.media_type) {
            push_manifest_tree(
                client,
                registry,
                target,
                desc,
                bytes.clone(),
                &sources,
                progress,
            )
            .await?;
        }
        registry
            .push_manifest(
                &target.without_tag_and_digest().with_digest(&desc.digest),
                &desc.media_type,
                bytes,
            )
            .await?;
    }
    let (bytes, desc) = if narrowed {
        let bytes = serde_json::to_vec(&index).map_err(|source| Error::Encode {
            what: "index",
            source,
        })?;
        let desc = Descriptor::new(&root.media_type, &sha256_digest(&bytes), bytes.len() as u64);
        (Bytes::from(bytes), desc)
    } else {
        (root_bytes, root)
    };
    registry
        .push_manifest(target, &desc.media_type, bytes)
        .await?;
    // SOCI v1: each pushed manifest's index goes along as a referrer (referrers.rs).
    crate::referrers::push_soci_v1(client, registry, target, &index.manifests, progress).await?;
    Ok(desc)
}

async fn push_manifest_tree(
    client: &Client,
    registry: &linnet_registry::Client,
    target: &Reference,
    desc: &Descriptor,
    bytes: Bytes,
    sources: &[Reference],
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    let manifest = parse_manifest(&desc.digest, &bytes)?;
    let mut blobs = manifest.layers.clone();
    blobs.push(manifest.config.clone());
    futures::stream::iter(blobs.into_iter().map(|blob| async move {
        push_blob(client, registry, target, &blob, sources, progress).await
    }))
    .buffer_unordered(CONCURRENT_UPLOADS)
    .try_collect::<Vec<()>>()
    .await?;
    Ok(())
}

async fn push_blob(
    client: &Client,
    registry: &linnet_registry::Client,
    target: &Reference,
    blob: &Descriptor,
    sources: &[Reference],
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    let done = |status| {
        progress.event(ProgressEvent::BlobDone {
            digest: blob.digest.clone(),
            kind: media::kind(&blob.media_type),
            status,
        })
    };
    if registry.blob_exists(target, &blob.digest).await?.is_some() {
        done(BlobStatus::Exists);
        return Ok(());
    }
    if client.content_info(&blob.digest).await?.is_none() {
        // Same registry: a cross-repository mount avoids moving the bytes at all.
        for source in sources {
            if source.domain() == target.domain()
                && registry
                    .mount_blob(target, &blob.digest, source.path())
                    .await
                    .unwrap_or(false)
            {
                done(BlobStatus::Mounted);
                return Ok(());
            }
        }
        let source = sources.first().ok_or_else(|| Error::MissingContent {
            digest: blob.digest.clone(),
        })?;
        fetch_blob(
            client,
            registry,
            source,
            blob,
            &source_label(source),
            progress,
        )
        .await?;
    }
    progress.event(ProgressEvent::BlobStart {
        digest: blob.digest.clone(),
        kind: media::kind(&blob.media_type),
        total: blob.size,
        offset: 0,
    });
    // The upload body must be 'static, so it only counts the bytes it sends.
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let body = counted_read_stream(client, &blob.digest, sent.clone()).boxed();
    let upload = registry.push_blob(target, &blob.digest, blob.size, body);
    report_while(upload, &sent, &blob.digest, progress).await?;
    done(BlobStatus::Uploaded);
    Ok(())
}

async fn fetch_missing_manifest(
    registry: &linnet_registry::Client,
    desc: &Descriptor,
    sources: &[Reference],
) -> Result<Bytes, Error> {
    for source in sources {
        if let Ok(bytes) = registry.fetch_manifest(source, &desc.digest).await {
            return Ok(bytes);
        }
    }
    Err(Error::MissingContent {
        digest: desc.digest.clone(),
    })
}
