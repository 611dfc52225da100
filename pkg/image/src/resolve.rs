//! Finding local images by name or ID, picking the platform manifest, and making sure an image
//! is present and unpacked before a container uses it.

use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::manifest::{parse_config_header, parse_index, parse_manifest, Descriptor, Manifest};
use crate::platform::Platform;
use crate::progress::ProgressSink;
use crate::pull::{pull, PullOptions};
use crate::unpack::{chain_ids, unpack};
use crate::unpack::{unpack_from, LayerSource};
use crate::{media, Error};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullPolicy {
    Missing,
    Always,
    Never,
}

impl std::str::FromStr for PullPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "missing" => Ok(PullPolicy::Missing),
            "always" => Ok(PullPolicy::Always),
            "never" => Ok(PullPolicy::Never),
            other => Err(format!(
                "invalid pull policy {other:?}: expected missing, always or never"
            )),
        }
    }
}

/// An image ready to run: its platform manifest is local and its layers are unpacked.
#[derive(Debug, Clone)]
pub struct ResolvedImage {
    /// Full image name as recorded in containerd.
    pub name: String,
    /// Digest of the image record's target (the image ID).
    pub image_digest: String,
    pub manifest_digest: String,
    pub manifest: Manifest,
    pub config_digest: String,
    pub config: oci_spec::image::ImageConfiguration,
    /// The config's JSON as stored, for fields `oci_spec` does not model (Docker's Healthcheck).
    pub config_json: Vec<u8>,
    /// Chain ID of the top layer: the parent snapshot of a container.
    pub chain_id: String,
    pub platform: Platform,
}

/// Looks an image up by name (`alpine`, `localhost:5000/x:1`, `name@sha256:..`) or by ID prefix
/// (`sha256:abc..` or `abc..`, at least 4 hex digits, unique).
pub async fn find_image(client: &Client, name_or_id: &str) -> Result<Option<Image>, Error> {
    if let Ok(reference) = Reference::parse(name_or_id) {
        if let Some(image) = client.image_get(&reference.to_string()).await? {
            return Ok(Some(image));
        }
    }
    let hex = name_or_id.strip_prefix("sha256:").unwrap_or(name_or_id);
    if hex.len() >= 4 && hex.len() <= 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        let prefix = format!("sha256:{}", hex.to_ascii_lowercase());
        let matches: Vec<Image> = client
            .image_list(&[])
            .await?
            .into_iter()
            .filter(|i| i.target.digest.starts_with(&prefix))
            .collect();
        let distinct: std::collections::BTreeSet<&str> =
            matches.iter().map(|i| i.target.digest.as_str()).collect();
        return match distinct.len() {
            0 => Ok(None),
            1 => Ok(matches.into_iter().next()),
            count => Err(Error::AmbiguousId {
                prefix: name_or_id.to_string(),
                count,
            }),
        };
    }
    Ok(None)
}

/// Picks the manifest of `image` for `platform` among what is present locally.
pub async fn resolve_local(
    client: &Client,
    image: &Image,
    platform: &Platform,
) -> Result<(Descriptor, Manifest, Platform), Error> {
    let target = &image.target;
    if media::is_manifest(&target.media_type) {
        let bytes = client.content_read(&target.digest).await?;
        let manifest = parse_manifest(&target.digest, &bytes)?;
        let config = client.content_read(&manifest.config.digest).await?;
        let found = parse_config_header(&manifest.config.digest, &config)?.platform();
        let desc = Descriptor::new(&target.media_type, &target.digest, target.size);
        return Ok((desc, manifest, found));
    }
    if !media::is_index(&target.media_type) {
        return Err(Error::UnsupportedMediaType {
            media_type: target.media_type.clone(),
            digest: target.digest.clone(),
        });
    }
    let bytes = client.content_read(&target.digest).await?;
    let index = parse_index(&target.digest, &bytes)?;
    let mut available = Vec::new();
    for desc in &index.manifests {
        if !media::is_manifest(&desc.media_type) || desc.artifact_type.is_some() {
            continue;
        }
        let Some(p) = desc.platform.as_ref().map(|p| p.normalized()) else {
            continue;
        };
        if p.to_string() != "unknown/unknown" {
            available.push(p.to_string());
        }
        if !platform.matches(&p) || client.content_info(&desc.digest).await?.is_none() {
            continue;
        }
        let bytes = client.content_read(&desc.digest).await?;
        let manifest = parse_manifest(&desc.digest, &bytes)?;
        return Ok((desc.clone(), manifest, p));
    }
    Err(Error::NoMatchingPlatform {
        reference: image.name.clone(),
        platform: platform.to_string(),
        available: if available.is_empty() {
            "none".to_string()
        } else {
            available.join(", ")
        },
    })
}

/// Like [`resolve_local`] for `preferred`, but falls back to any platform whose manifest is
/// present, for commands that describe an image rather than run it (`images`, `inspect`).
pub async fn resolve_present(
    client: &Client,
    image: &Image,
    preferred: &Platform,
) -> Result<(Descriptor, Manifest, Platform), Error> {
    match resolve_local(client, image, preferred).await {
        Err(Error::NoMatchingPlatform { .. }) if media::is_index(&image.target.media_type) => {}
        other => return other,
    }
    let bytes = client.content_read(&image.target.digest).await?;
    let index = parse_index(&image.target.digest, &bytes)?;
    for desc in &index.manifests {
        let Some(platform) = desc.platform.as_ref().map(|p| p.normalized()) else {
            continue;
        };
        if !media::is_manifest(&desc.media_type)
            || desc.artifact_type.is_some()
            || platform.to_string() == "unknown/unknown"
            || client.content_info(&desc.digest).await?.is_none()
        {
            continue;
        }
        let bytes = client.content_read(&desc.digest).await?;
        let manifest = parse_manifest(&desc.digest, &bytes)?;
        return Ok((desc.clone(), manifest, platform));
    }
    resolve_local(client, image, preferred).await
}

/// `Ok(Err(actual))` when the local `image` has no manifest for `platform`: the platform it
/// has (or what its index lists).
async fn local_platform(
    client: &Client,
    image: &Image,
    platform: &Platform,
) -> Result<Result<(), String>, Error> {
    match resolve_local(client, image, platform).await {
        Ok((_, _, found)) if platform.matches(&found) => Ok(Ok(())),
        Ok((_, _, found)) => Ok(Err(found.to_string())),
        Err(Error::NoMatchingPlatform { available, .. }) => Ok(Err(available)),
        Err(e) => Err(e),
    }
}

/// Makes sure `reference` is present (pulling per `policy`) and unpacked for `platform`.
#[allow(clippy::too_many_arguments)]
pub async fn ensure_image(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &str,
    policy: PullPolicy,
    platform: Option<&str>,
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<ResolvedImage, Error> {
    // Only an explicit `--platform` is enforced: without one Docker runs whatever is local.
    let requested = platform.is_some();
    let platform = match platform {
        Some(p) => Platform::parse(p)?,
        None => Platform::host(),
    };
    // A local image without the requested platform is "not found locally" (Docker pulls it).
    let mut mismatched = None;
    let local = match find_image(client, reference).await? {
        Some(image) if requested => match local_platform(client, &image, &platform).await? {
            Ok(()) => Some(image),
            Err(actual) => {
                mismatched = Some(actual);
                None
            }
        },
        other => other,
    };
    let local = if policy == PullPolicy::Always {
        None
    } else {
        local
    };
    let image = match local {
        Some(image) => image,
        None if policy == PullPolicy::Never => {
            return Err(match mismatched {
                Some(actual) => Error::PlatformMismatch {
                    reference: reference.to_string(),
                    wanted: platform.to_string(),
                    actual,
                },
                None => Error::ImageNotFound(reference.to_string()),
            });
        }
        None => {
            let parsed = Reference::parse(reference)?;
            let options = PullOptions {
                platforms: vec![platform.clone()],
                all_platforms: false,
                snapshotter: snapshotter.to_string(),
                unpack: true,
                lazy: crate::pull::is_lazy_snapshotter(snapshotter),
                soci_index_digest: None,
            };
            let pulled = match pull(client, registry, &parsed, &options, progress).await {
                // The registry has no more than the local image: Docker's message.
                Err(Error::NoMatchingPlatform { .. }) if mismatched.is_some() => {
                    return Err(Error::PlatformMismatch {
                        reference: reference.to_string(),
                        wanted: platform.to_string(),
                        actual: mismatched.unwrap_or_default(),
                    });
                }
                other => other?,
            };
            client
                .image_get(&pulled.name)
                .await?
                .ok_or_else(|| Error::ImageNotFound(pulled.name.clone()))?
        }
    };
    let (desc, manifest, found_platform) = resolve_local(client, &image, &platform).await?;
    if requested && !platform.matches(&found_platform) {
        return Err(Error::PlatformMismatch {
            reference: reference.to_string(),
            wanted: platform.to_string(),
            actual: found_platform.to_string(),
        });
    }
    let config_bytes = client.content_read(&manifest.config.digest).await?;
    let header = parse_config_header(&manifest.config.digest, &config_bytes)?;
    let config: oci_spec::image::ImageConfiguration = serde_json::from_slice(&config_bytes)
        .map_err(|e| Error::invalid("image config", &manifest.config.digest, e))?;
    let chain_id = chain_ids(&header.rootfs.diff_ids)
        .last()
        .cloned()
        .unwrap_or_default();
    let unpacked = chain_id.is_empty()
        || client
            .snapshot_stat(snapshotter, &chain_id)
            .await?
            .is_some();
    if !unpacked {
        // Layers left in the registry by a lazy pull come from where the image came from.
        match Reference::parse(&image.name) {
            Ok(reference) => {
                let annotated = manifest
                    .annotation(linnet_soci::ANNOTATION_SOCI_INDEX_DIGEST)
                    .is_some();
                let source = LayerSource {
                    registry,
                    reference: &reference,
                    lazy: annotated && crate::pull::is_lazy_snapshotter(snapshotter),
                    soci_index_digest: None,
                };
                unpack_from(client, &desc.digest, snapshotter, Some(&source), progress).await?;
            }
            Err(_) => {
                unpack(client, &desc.digest, snapshotter, progress).await?;
            }
        }
    }
    Ok(ResolvedImage {
        name: image.name.clone(),
        image_digest: image.target.digest.clone(),
        manifest_digest: desc.digest.clone(),
        config_digest: manifest.config.digest.clone(),
        manifest,
        config,
        config_json: config_bytes,
        chain_id,
        platform: found_platform,
    })
}
