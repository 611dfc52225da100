//! Pull: resolve a reference, fetch the selected platforms' manifests, configs and layers into
//! the content store under a lease, record the image, and unpack what this machine can run.

use std::collections::HashMap;

use bytes::{Bytes, BytesMut};
use futures::{StreamExt, TryStreamExt};
use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::content::{gc_labels, source_label, write_blob};
use crate::manifest::{parse_config_header, parse_index, parse_manifest, Descriptor};
use crate::platform::Platform;
use crate::progress::{BlobStatus, ProgressEvent, ProgressSink};
use crate::unpack::unpack;
use crate::{media, Error};

/// Layers fetched at once; more rarely helps on one link and costs memory.
const CONCURRENT_BLOBS: usize = 3;
/// Bytes gathered before one content write message (gRPC messages of reqwest's small chunks are
/// wasteful).
const WRITE_CHUNK: usize = 1 << 20;

#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Platforms to fetch; empty means this machine's.
    pub platforms: Vec<Platform>,
    pub all_platforms: bool,
    pub snapshotter: String,
    /// Unpack the fetched manifests that match this machine.
    pub unpack: bool,
}

#[derive(Debug, Clone)]
pub struct PulledImage {
    /// Full image name as recorded in containerd.
    pub name: String,
    /// The root descriptor (index or manifest).
    pub target: Descriptor,
    /// Platform manifests that were fetched, with their platforms.
    pub manifests: Vec<(Descriptor, Platform)>,
    /// SOCI indexes (v2 from the image index, v1 from referrers) that came along for those
    /// platforms, with their ztoc count.
    pub soci_indexes: Vec<(Descriptor, Platform, usize)>,
}

pub async fn pull(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    options: &PullOptions,
    progress: &dyn ProgressSink,
) -> Result<PulledImage, Error> {
    let (root, root_bytes) = registry.resolve(reference).await?;
    let root = Descriptor::new(&root.media_type, &root.digest, root.size);
    progress.event(ProgressEvent::Resolved {
        reference: reference.to_string(),
        digest: root.digest.clone(),
    });

    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(24 * 3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let outcome = fetch_and_record(
        &leased, registry, reference, options, progress, &root, root_bytes,
    )
    .await;
    let outcome = match outcome {
        Ok(pulled) if options.unpack => {
            let host = Platform::host();
            let mut result = Ok(pulled);
            if let Ok(pulled) = &result {
                for (desc, platform) in &pulled.manifests {
                    if host.matches(platform) {
                        if let Err(e) =
                            unpack(&leased, &desc.digest, &options.snapshotter, progress).await
                        {
                            result = Err(e);
                            break;
                        }
                    }
                }
            }
            result
        }
        other => other,
    };
    let _ = client.lease_delete(&lease).await;
    outcome
}

async fn fetch_and_record(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    options: &PullOptions,
    progress: &dyn ProgressSink,
    root: &Descriptor,
    root_bytes: Bytes,
) -> Result<PulledImage, Error> {
    let source = source_label(reference);
    let mut manifests = Vec::new();
    let mut soci_indexes = Vec::new();
    if media::is_index(&root.media_type) {
        let index = parse_index(&root.digest, &root_bytes)?;
        let wanted: Vec<Platform> = if options.platforms.is_empty() {
            vec![Platform::host()]
        } else {
            options.platforms.clone()
        };
        let mut selected = Vec::new();
        for desc in &index.manifests {
            // Artifacts (SOCI indexes) ride along below; they are not images to run.
            if !media::is_manifest(&desc.media_type) || desc.artifact_type.is_some() {
                continue;
            }
            let platform = desc.platform.clone().unwrap_or_default().normalized();
            let usable = options.all_platforms
                || (desc.platform.is_some() && wanted.iter().any(|w| w.matches(&platform)));
            if usable {
                selected.push((desc.clone(), platform));
            }
        }
        if selected.is_empty() {
            let available: Vec<String> = index
                .manifests
                .iter()
                .filter_map(|d| d.platform.as_ref().map(|p| p.normalized().to_string()))
                .filter(|p| p != "unknown/unknown")
                .collect();
            return Err(Error::NoMatchingPlatform {
                reference: reference.to_string(),
                platform: wanted
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                available: if available.is_empty() {
                    "none".to_string()
                } else {
                    available.join(", ")
                },
            });
        }
        // Without --all-platforms, one manifest per wanted platform is enough (the first match,
        // as containerd's platform matcher picks it).
        if !options.all_platforms {
            let mut seen: Vec<Platform> = Vec::new();
            selected.retain(|(_, p)| {
                let want = wanted
                    .iter()
                    .find(|w| w.matches(p))
                    .cloned()
                    .unwrap_or_default();
                if seen.contains(&want) {
                    false
                } else {
                    seen.push(want);
                    true
                }
            });
        }
        for (desc, listed) in selected {
            let bytes = manifest_bytes(client, registry, reference, &desc).await?;
            let from_config = fetch_manifest_tree(
                client, registry, reference, &desc, bytes, &source, None, progress,
            )
            .await?;
            // The index's platform is what selection used; the config's is the fallback.
            let platform = if desc.platform.is_some() {
                listed
            } else {
                from_config
            };
            manifests.push((desc, platform));
        }
        // SOCI v2: the index lists a SOCI index per platform; bring those of the fetched
        // platforms along so that the image can be run lazily and pushed again whole.
        for desc in &index.manifests {
            if desc.artifact_type.as_deref() != Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V2) {
                continue;
            }
            let platform = desc.platform.clone().unwrap_or_default().normalized();
            if !manifests.iter().any(|(_, p)| p.matches(&platform)) {
                continue;
            }
            let bytes = manifest_bytes(client, registry, reference, desc).await?;
            let ztocs =
                fetch_artifact_tree(client, registry, reference, desc, bytes, &source, progress)
                    .await?;
            soci_indexes.push((desc.clone(), platform, ztocs));
        }
        store_manifest_blob(client, root, root_bytes, &source).await?;
    } else if media::is_manifest(&root.media_type) {
        // A single-platform image: with explicit platforms, refuse it before its layers come.
        let wanted = (!options.all_platforms && !options.platforms.is_empty())
            .then_some(options.platforms.as_slice());
        let platform = fetch_manifest_tree(
            client, registry, reference, root, root_bytes, &source, wanted, progress,
        )
        .await?;
        manifests.push((root.clone(), platform));
    } else {
        return Err(Error::UnsupportedMediaType {
            media_type: root.media_type.clone(),
            digest: root.digest.clone(),
        });
    }

    // SOCI v1: indexes attached to the fetched manifests as referrers (referrers.rs).
    soci_indexes.extend(
        crate::referrers::pull_soci_v1(client, registry, reference, &manifests, &source, progress)
            .await,
    );

    let name = reference.to_string();
    client
        .image_put(&Image {
            name: name.clone(),
            target: linnet_containerd::Descriptor {
                media_type: root.media_type.clone(),
                digest: root.digest.clone(),
                size: root.size as i64,
                annotations: HashMap::new(),
            },
            labels: HashMap::new(),
            created_at: None,
            updated_at: None,
        })
        .await?;
    Ok(PulledImage {
        name,
        target: root.clone(),
        manifests,
        soci_indexes,
    })
}

/// A manifest's bytes, from the content store when present (re-pulls), else the registry.
async fn manifest_bytes(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    desc: &Descriptor,
) -> Result<Bytes, Error> {
    if client.content_info(&desc.digest).await?.is_some() {
        if let Ok(bytes) = client.content_read(&desc.digest).await {
            return Ok(Bytes::from(bytes));
        }
    }
    Ok(registry.fetch_manifest(reference, &desc.digest).await?)
}

/// Fetches the config and layers of one platform manifest, then stores the manifest itself
/// (children first, so its GC labels never point at nothing). Returns the config's platform.
#[allow(clippy::too_many_arguments)]
async fn fetch_manifest_tree(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    desc: &Descriptor,
    bytes: Bytes,
    source: &(String, String),
    wanted: Option<&[Platform]>,
    progress: &dyn ProgressSink,
) -> Result<Platform, Error> {
    let manifest = parse_manifest(&desc.digest, &bytes)?;
    // The config first: it names the platform, which decides whether the layers are wanted.
    fetch_blob(
        client,
        registry,
        reference,
        &manifest.config,
        source,
        progress,
    )
    .await?;
    let config = client.content_read(&manifest.config.digest).await?;
    let platform = parse_config_header(&manifest.config.digest, &config)?.platform();
    if let Some(wanted) = wanted {
        if !wanted.iter().any(|w| w.matches(&platform)) {
            return Err(Error::NoMatchingPlatform {
                reference: reference.to_string(),
                platform: wanted
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                available: platform.to_string(),
            });
        }
    }
    futures::stream::iter(manifest.layers.iter().map(|blob| async move {
        fetch_blob(client, registry, reference, blob, source, progress).await
    }))
    .buffer_unordered(CONCURRENT_BLOBS)
    .try_collect::<Vec<()>>()
    .await?;
    store_manifest_blob(client, desc, bytes, source).await?;
    Ok(platform)
}

/// Fetches an artifact manifest (a SOCI index) with its config and blobs; unlike an image it
/// has no platform config and nothing to unpack. Returns the number of blobs.
async fn fetch_artifact_tree(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    desc: &Descriptor,
    bytes: Bytes,
    source: &(String, String),
    progress: &dyn ProgressSink,
) -> Result<usize, Error> {
    let manifest = parse_manifest(&desc.digest, &bytes)?;
    let mut blobs = vec![manifest.config.clone()];
    blobs.extend(manifest.layers.iter().cloned());
    futures::stream::iter(blobs.iter().map(|blob| async move {
        fetch_blob(client, registry, reference, blob, source, progress).await
    }))
    .buffer_unordered(CONCURRENT_BLOBS)
    .try_collect::<Vec<()>>()
    .await?;
    store_manifest_blob(client, desc, bytes, source).await?;
    Ok(manifest.layers.len())
}

async fn store_manifest_blob(
    client: &Client,
    desc: &Descriptor,
    bytes: Bytes,
    source: &(String, String),
) -> Result<(), Error> {
    let mut labels = gc_labels(&desc.media_type, &desc.digest, &bytes)?;
    labels.insert(source.0.clone(), source.1.clone());
    write_blob(client, &desc.digest, bytes, labels).await
}

/// Downloads one blob into the content store, resuming an earlier interrupted download of it.
/// containerd checks the digest and size when the write is committed.
pub(crate) async fn fetch_blob(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    desc: &Descriptor,
    source: &(String, String),
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    crate::manifest::validate_digest(&desc.digest)?;
    let mut labels = HashMap::new();
    labels.insert(source.0.clone(), source.1.clone());
    let kind = media::kind(&desc.media_type);
    let ingest = format!("linnet-fetch-{}", desc.digest);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let Some(mut writer) = client
            .content_writer(&ingest, &desc.digest, desc.size)
            .await?
        else {
            client.content_update_labels(&desc.digest, &labels).await?;
            progress.event(ProgressEvent::BlobDone {
                digest: desc.digest.clone(),
                kind,
                status: BlobStatus::Exists,
            });
            return Ok(());
        };
        let offset = writer.offset().min(desc.size);
        progress.event(ProgressEvent::BlobStart {
            digest: desc.digest.clone(),
            kind,
            total: desc.size,
            offset,
        });
        let result: Result<(), Error> = async {
            if offset < desc.size {
                let mut blob = registry.fetch_blob(reference, &desc.digest, offset).await?;
                let mut buffer = BytesMut::with_capacity(WRITE_CHUNK);
                while let Some(chunk) = blob.stream.next().await {
                    let chunk = chunk?;
                    progress.event(ProgressEvent::BlobAdvance {
                        digest: desc.digest.clone(),
                        bytes: chunk.len() as u64,
                    });
                    buffer.extend_from_slice(&chunk);
                    if buffer.len() >= WRITE_CHUNK {
                        writer.write(buffer.split().freeze()).await?;
                    }
                }
                if !buffer.is_empty() {
                    writer.write(buffer.freeze()).await?;
                }
            }
            writer.commit(labels.clone()).await?;
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                progress.event(ProgressEvent::BlobDone {
                    digest: desc.digest.clone(),
                    kind,
                    status: BlobStatus::Downloaded,
                });
                return Ok(());
            }
            // A commit that fails verification may come from a bad partial ingest left by an
            // earlier run: drop it and fetch the whole blob once more.
            Err(Error::Containerd(e)) if attempt == 1 && offset > 0 => {
                tracing::debug!("discarding partial download of {}: {e}", desc.digest);
                let _ = client.content_abort(&ingest).await;
            }
            // Registry failures keep the partial ingest so that the next pull resumes it.
            Err(e @ Error::Registry(_)) => return Err(e),
            Err(e) => {
                let _ = client.content_abort(&ingest).await;
                return Err(e);
            }
        }
    }
}
