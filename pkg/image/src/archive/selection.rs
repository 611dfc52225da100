//! Selecting what of an image to save or to keep: complete manifests per platform, with
//! the errors that name what is missing and where.

use std::collections::HashSet;

use super::{BlobStore, PlatformFilter};
use crate::manifest::{parse_index, parse_manifest, validate_digest, Descriptor, Manifest};
use crate::{media, Error, Platform};

/// Which operation looks for content, for the hint in "missing content" errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Save,
    Load,
}

/// A platform manifest whose manifest, config and layers are all present.
#[derive(Debug, Clone)]
pub(super) struct CompleteManifest {
    pub(super) desc: Descriptor,
    pub(super) bytes: Vec<u8>,
    pub(super) manifest: Manifest,
    /// Sizes of the manifest, config and layers as stored.
    pub(super) blobs: Vec<(String, u64)>,
}

/// What of one image is present and selected.
#[derive(Debug, Default)]
pub(super) struct Selection {
    /// Indexes on the path from the root, with their bytes (for GC labels).
    pub(super) indexes: Vec<(Descriptor, Vec<u8>, u64)>,
    /// Every complete platform manifest found.
    pub(super) complete: Vec<CompleteManifest>,
    /// Indices into `complete` of the selected ones.
    pub(super) selected: Vec<usize>,
}

impl Selection {
    /// Every blob of the selected content, each once, parents first.
    pub(super) fn blobs(&self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = Vec::new();
        let mut seen = HashSet::new();
        let index_blobs = self
            .indexes
            .iter()
            .map(|(d, _, size)| (d.digest.clone(), *size));
        let manifest_blobs = self
            .selected
            .iter()
            .filter_map(|&i| self.complete.get(i))
            .flat_map(|m| m.blobs.iter().cloned());
        for (digest, size) in index_blobs.chain(manifest_blobs) {
            if seen.insert(digest.clone()) {
                out.push((digest, size));
            }
        }
        out
    }

    /// The selected manifest for the host, else the first selected one.
    pub(super) fn primary(&self) -> Option<&CompleteManifest> {
        let host = Platform::host();
        let selected: Vec<&CompleteManifest> = self
            .selected
            .iter()
            .filter_map(|&i| self.complete.get(i))
            .collect();
        selected
            .iter()
            .find(|m| m.desc.platform.as_ref().is_some_and(|p| host.matches(p)))
            .or(selected.first())
            .copied()
    }
}

pub(super) fn missing(side: Side, digest: &str, image: &str, hint: &str) -> Error {
    match side {
        Side::Save => Error::InvalidArchive(format!(
            "content {digest} of image {image} is not available locally; {hint}"
        )),
        Side::Load => Error::InvalidArchive(format!(
            "content {digest} of image {image} is missing from the archive"
        )),
    }
}

/// Checks that a manifest and everything it names are present; `Err(digest)` names the first
/// missing blob.
pub(super) async fn check_manifest<S: BlobStore>(
    store: &S,
    desc: &Descriptor,
) -> Result<Result<CompleteManifest, String>, Error> {
    let Some(size) = store.blob_size(&desc.digest).await? else {
        return Ok(Err(desc.digest.clone()));
    };
    let bytes = store.read_blob(&desc.digest).await?;
    let manifest = parse_manifest(&desc.digest, &bytes)?;
    let mut blobs = vec![(desc.digest.clone(), size)];
    for d in std::iter::once(&manifest.config).chain(manifest.layers.iter()) {
        validate_digest(&d.digest)?;
        match store.blob_size(&d.digest).await? {
            Some(size) => blobs.push((d.digest.clone(), size)),
            None => return Ok(Err(d.digest.clone())),
        }
    }
    Ok(Ok(CompleteManifest {
        desc: desc.clone(),
        bytes,
        manifest,
        blobs,
    }))
}

/// Walks an image from its root descriptor and selects platform manifests per `filter`.
pub(super) async fn select<S: BlobStore>(
    store: &S,
    image: &str,
    root: &Descriptor,
    filter: &PlatformFilter,
    side: Side,
) -> Result<Selection, Error> {
    validate_digest(&root.digest)?;
    let mut selection = Selection::default();
    if media::is_manifest(&root.media_type) {
        match check_manifest(store, root).await? {
            Ok(m) => {
                selection.complete.push(m);
                selection.selected.push(0);
                return Ok(selection);
            }
            Err(digest) => return Err(missing(side, &digest, image, "pull the image again")),
        }
    }
    if !media::is_index(&root.media_type) {
        return Err(Error::UnsupportedMediaType {
            media_type: root.media_type.clone(),
            digest: root.digest.clone(),
        });
    }

    // Flatten nested indexes: every platform manifest below the root, with its descriptor.
    let mut children: Vec<(Descriptor, Result<CompleteManifest, String>)> = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(index_desc) = pending.pop() {
        let Some(size) = store.blob_size(&index_desc.digest).await? else {
            return Err(missing(
                side,
                &index_desc.digest,
                image,
                "pull the image again",
            ));
        };
        let bytes = store.read_blob(&index_desc.digest).await?;
        let index = parse_index(&index_desc.digest, &bytes)?;
        selection.indexes.push((index_desc.clone(), bytes, size));
        if selection.indexes.len() > 16 {
            return Err(Error::invalid(
                "index",
                &root.digest,
                "too many nested indexes",
            ));
        }
        for child in index.manifests {
            validate_digest(&child.digest)?;
            if media::is_index(&child.media_type) {
                pending.push(child);
            } else if media::is_manifest(&child.media_type) {
                let state = check_manifest(store, &child).await?;
                children.push((child, state));
            }
        }
    }

    let host = Platform::host();
    let matches =
        |d: &Descriptor, p: &Platform| d.platform.as_ref().is_some_and(|dp| p.matches(dp));
    let mut wanted: Vec<usize> = Vec::new();
    match filter {
        PlatformFilter::All => {
            for (i, (_, state)) in children.iter().enumerate() {
                if let Err(digest) = state {
                    return Err(missing(
                        side,
                        digest,
                        image,
                        "pull it with --all-platforms first",
                    ));
                }
                wanted.push(i);
            }
        }
        PlatformFilter::Only(platforms) => {
            for p in platforms {
                let Some(i) = children.iter().position(|(d, _)| matches(d, p)) else {
                    return Err(Error::NoMatchingPlatform {
                        reference: image.to_string(),
                        platform: p.to_string(),
                        available: available(&children),
                    });
                };
                if let Err(digest) = &children[i].1 {
                    let hint = format!("pull it with --platform {p} first");
                    return Err(missing(side, digest, image, &hint));
                }
                if !wanted.contains(&i) {
                    wanted.push(i);
                }
            }
        }
        PlatformFilter::Default => {
            let host_child = children.iter().position(|(d, _)| matches(d, &host));
            match host_child {
                Some(i) if children[i].1.is_ok() => wanted.push(i),
                _ => {
                    wanted = (0..children.len())
                        .filter(|&i| children[i].1.is_ok())
                        .collect();
                    if wanted.is_empty() {
                        let first = host_child.or(if children.is_empty() { None } else { Some(0) });
                        let digest = match first.map(|i| &children[i].1) {
                            Some(Err(digest)) => digest.clone(),
                            _ => root.digest.clone(),
                        };
                        return Err(missing(side, &digest, image, "pull the image again"));
                    }
                }
            }
        }
    }

    // Keep every complete manifest (load labels them all), and remember which were selected.
    for (i, (_, state)) in children.into_iter().enumerate() {
        if let Ok(m) = state {
            if wanted.contains(&i) {
                selection.selected.push(selection.complete.len());
            }
            selection.complete.push(m);
        }
    }
    Ok(selection)
}

pub(super) fn available(children: &[(Descriptor, Result<CompleteManifest, String>)]) -> String {
    let list: Vec<String> = children
        .iter()
        .filter_map(|(d, _)| d.platform.as_ref().map(|p| p.to_string()))
        .collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}
