//! Pull: resolve a reference, fetch the selected platforms' manifests, configs and layers into
//! the content store under a lease, record the image, and unpack what this machine can run.

use std::collections::HashMap;

use bytes::Bytes;
use futures::{StreamExt, TryStreamExt};
use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::content::{gc_labels, source_label, write_blob};
use crate::fetch::fetch_blob;
use crate::manifest::{parse_config_header, parse_index, parse_manifest, Descriptor};
use crate::platform::Platform;
use crate::progress::{ProgressEvent, ProgressSink};
use crate::unpack::{unpack_from, LayerSource};
use crate::{media, Error};

/// Layers fetched at once; more rarely helps on one link and costs memory.
const CONCURRENT_BLOBS: usize = 3;

#[derive(Debug, Clone)]
pub struct PullOptions {
    /// Platforms to fetch; empty means this machine's.
    pub platforms: Vec<Platform>,
    pub all_platforms: bool,
    pub snapshotter: String,
    /// Unpack the fetched manifests that match this machine.
    pub unpack: bool,
    /// The snapshotter mounts SOCI layers remotely ([`is_lazy_snapshotter`]): leave the layers
    /// of images with a SOCI index in the registry.
    pub lazy: bool,
    /// `--soci-index-digest`: the SOCI index to use instead of discovering it.
    pub soci_index_digest: Option<String>,
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
    /// Layers the snapshotter mounted remotely instead of unpacking them.
    pub lazy_layers: Vec<String>,
}

/// Whether a snapshotter can mount SOCI layers remotely (containerd's remote-snapshot
/// protocol with soci labels): linnet's own, and AWS's soci-snapshotter (named `soci...`, which
/// nerdctl also matches by substring).
pub fn is_lazy_snapshotter(name: &str) -> bool {
    name == "linnet" || name.contains("soci")
}

/// What one pull needs at every step.
struct Fetch<'a> {
    client: &'a Client,
    registry: &'a linnet_registry::Client,
    reference: &'a Reference,
    source: (String, String),
    options: &'a PullOptions,
    progress: &'a dyn ProgressSink,
}

impl Fetch<'_> {
    async fn blob(&self, desc: &Descriptor) -> Result<(), Error> {
        fetch_blob(
            self.client,
            self.registry,
            self.reference,
            desc,
            &self.source,
            self.progress,
        )
        .await
    }

    /// Fetches blobs a few at a time.
    async fn blobs(&self, blobs: &[Descriptor]) -> Result<(), Error> {
        futures::stream::iter(blobs.iter().map(|blob| self.blob(blob)))
            .buffer_unordered(CONCURRENT_BLOBS)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(())
    }

    /// A manifest's bytes, from the content store when present (re-pulls), else the registry.
    async fn manifest_bytes(&self, desc: &Descriptor) -> Result<Bytes, Error> {
        if self.client.content_info(&desc.digest).await?.is_some() {
            if let Ok(bytes) = self.client.content_read(&desc.digest).await {
                return Ok(Bytes::from(bytes));
            }
        }
        Ok(self
            .registry
            .fetch_manifest(self.reference, &desc.digest)
            .await?)
    }

    /// Layers of an image with a SOCI index stay remote when the snapshotter mounts them lazily.
    fn lazy(&self, manifest: &crate::manifest::Manifest) -> bool {
        let annotated = manifest
            .annotation(linnet_soci::ANNOTATION_SOCI_INDEX_DIGEST)
            .is_some();
        self.options.lazy && (annotated || self.options.soci_index_digest.is_some())
    }

    /// Fetches the config and (unless lazy) layers of one platform manifest, then stores the
    /// manifest itself (children first, so its GC labels never point at nothing). Returns the
    /// config's platform.
    async fn manifest_tree(
        &self,
        desc: &Descriptor,
        bytes: Bytes,
        wanted: Option<&[Platform]>,
    ) -> Result<Platform, Error> {
        let manifest = parse_manifest(&desc.digest, &bytes)?;
        // The config first: it names the platform, which decides whether the layers are wanted.
        self.blob(&manifest.config).await?;
        let config = self.client.content_read(&manifest.config.digest).await?;
        let platform = parse_config_header(&manifest.config.digest, &config)?.platform();
        if let Some(wanted) = wanted {
            if !wanted.iter().any(|w| w.matches(&platform)) {
                return Err(Error::NoMatchingPlatform {
                    reference: self.reference.to_string(),
                    platform: crate::platform::list(wanted),
                    available: platform.to_string(),
                });
            }
        }
        if !self.lazy(&manifest) {
            self.blobs(&manifest.layers).await?;
        }
        store_manifest_blob(self.client, desc, bytes, &self.source).await?;
        Ok(platform)
    }

    /// Fetches an artifact manifest (a SOCI index) with its config and blobs; unlike an image
    /// it has no platform config and nothing to unpack. Returns the number of blobs.
    async fn artifact_tree(&self, desc: &Descriptor, bytes: Bytes) -> Result<usize, Error> {
        let manifest = parse_manifest(&desc.digest, &bytes)?;
        let mut blobs = vec![manifest.config.clone()];
        blobs.extend(manifest.layers.iter().cloned());
        self.blobs(&blobs).await?;
        store_manifest_blob(self.client, desc, bytes, &self.source).await?;
        Ok(manifest.layers.len())
    }
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
    let fetch = Fetch {
        client: &leased,
        registry,
        reference,
        source: source_label(reference),
        options,
        progress,
    };
    // The image record comes last, after unpacking: a pull that fails anywhere leaves no
    // record, and an earlier good record under the same name stays as it was.
    let mut outcome = fetch_all(&fetch, &root, root_bytes).await;
    if let (Ok(pulled), true) = (&mut outcome, options.unpack) {
        if let Err(e) = unpack_host_manifests(&fetch, pulled).await {
            outcome = Err(e);
        }
    }
    if let Ok(pulled) = &outcome {
        if let Err(e) = record(&leased, pulled).await {
            outcome = Err(e);
        }
    }
    // A transfer that broke keeps its lease (it expires in 24 h): containerd collects ingests
    // no lease holds, and the next pull should resume the partial blobs, not start over.
    if !matches!(outcome, Err(Error::Registry(_))) {
        let _ = client.lease_delete(&lease).await;
    }
    outcome
}

/// Names the pulled image in containerd.
async fn record(client: &Client, pulled: &PulledImage) -> Result<(), Error> {
    let root = &pulled.target;
    client
        .image_put(&Image {
            name: pulled.name.clone(),
            target: linnet_containerd::Descriptor::new(&root.media_type, &root.digest, root.size),
            labels: HashMap::new(),
            created_at: None,
            updated_at: None,
        })
        .await?;
    Ok(())
}

/// Unpacks the fetched manifests this machine can run, lazily where the image has a SOCI index
/// and the snapshotter mounts layers remotely.
async fn unpack_host_manifests(fetch: &Fetch<'_>, pulled: &mut PulledImage) -> Result<(), Error> {
    let host = Platform::host();
    for (desc, platform) in &pulled.manifests {
        if !host.matches(platform) {
            continue;
        }
        let bytes = fetch.client.content_read(&desc.digest).await?;
        let manifest = parse_manifest(&desc.digest, &bytes)?;
        // A v1 index found by referrers names itself; v2 is found by the snapshotter.
        let v1_index = pulled
            .soci_indexes
            .iter()
            .find(|(_, p, _)| p.matches(platform))
            .map(|(d, _, _)| d.digest.clone())
            .filter(|_| !fetch.lazy(&manifest));
        let source = LayerSource {
            registry: fetch.registry,
            reference: fetch.reference,
            lazy: fetch.lazy(&manifest) || (fetch.options.lazy && v1_index.is_some()),
            soci_index_digest: fetch.options.soci_index_digest.clone().or(v1_index),
        };
        let unpacked = unpack_from(
            fetch.client,
            &desc.digest,
            &fetch.options.snapshotter,
            Some(&source),
            fetch.progress,
        )
        .await?;
        pulled.lazy_layers.extend(unpacked.lazy_layers);
    }
    Ok(())
}

async fn fetch_all(
    fetch: &Fetch<'_>,
    root: &Descriptor,
    root_bytes: Bytes,
) -> Result<PulledImage, Error> {
    let (client, options, reference) = (fetch.client, fetch.options, fetch.reference);
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
            // An index inside an index: Docker refuses these too, and following them would
            // need a depth limit and a record of which level was chosen; say so plainly rather
            // than list the inner index's platform as if it were available.
            if let Some(nested) = index
                .manifests
                .iter()
                .find(|d| media::is_index(&d.media_type))
            {
                return Err(Error::NestedIndex {
                    reference: reference.to_string(),
                    index: root.digest.clone(),
                    nested: nested.digest.clone(),
                });
            }
            let available: Vec<String> = index
                .manifests
                .iter()
                .filter(|d| media::is_manifest(&d.media_type) && d.artifact_type.is_none())
                .filter_map(|d| d.platform.as_ref().map(|p| p.normalized().to_string()))
                .filter(|p| p != "unknown/unknown")
                .collect();
            return Err(Error::NoMatchingPlatform {
                reference: reference.to_string(),
                platform: crate::platform::list(&wanted),
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
            let bytes = fetch.manifest_bytes(&desc).await?;
            let from_config = fetch.manifest_tree(&desc, bytes, None).await?;
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
            let bytes = fetch.manifest_bytes(desc).await?;
            let ztocs = fetch.artifact_tree(desc, bytes).await?;
            soci_indexes.push((desc.clone(), platform, ztocs));
        }
        store_manifest_blob(client, root, root_bytes, &fetch.source).await?;
    } else if media::is_manifest(&root.media_type) {
        // A single-platform image: with explicit platforms, refuse it before its layers come.
        let wanted = (!options.all_platforms && !options.platforms.is_empty())
            .then_some(options.platforms.as_slice());
        let platform = fetch.manifest_tree(root, root_bytes, wanted).await?;
        manifests.push((root.clone(), platform));
    } else {
        return Err(Error::UnsupportedMediaType {
            media_type: root.media_type.clone(),
            digest: root.digest.clone(),
        });
    }

    // SOCI v1: indexes attached to the fetched manifests as referrers (referrers.rs).
    soci_indexes.extend(
        crate::referrers::pull_soci_v1(
            client,
            fetch.registry,
            reference,
            &manifests,
            &fetch.source,
            fetch.progress,
        )
        .await,
    );

    Ok(PulledImage {
        name: reference.to_string(),
        target: root.clone(),
        manifests,
        soci_indexes,
        lazy_layers: Vec::new(),
    })
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
