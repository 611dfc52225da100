//! The pure part of `soci convert` (SOCI index manifest v2, §4.1 / `soci_convert.go`):
//! rewriting image manifests with the `com.amazon.soci.index-digest` annotation and producing
//! the new OCI image index that lists them next to their SOCI indexes.
//!
//! The caller reads blobs from containerd, builds one v2 SOCI index per platform with
//! [`crate::IndexBuilder`], calls [`convert`], then writes every returned blob and creates the
//! destination image pointing at [`Converted::index_descriptor`].

use crate::media;
use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::index::BuiltIndex;
use crate::oci::{validate_media_type, Descriptor, Index, Manifest, Platform};
use crate::*;

/// The image being converted (containerd `img.Target`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A single image manifest. Its descriptor must carry the platform read from the image
    /// config (soci stores `images.Platforms(..)[0]` into `img.Target.Platform`).
    Manifest(Descriptor),
    /// An OCI index or Docker manifest list, with its bytes.
    Index {
        descriptor: Descriptor,
        bytes: Vec<u8>,
    },
}

/// A v2 SOCI index built for one platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformIndex {
    pub built: BuiltIndex,
    /// The platform the index was built for (becomes the OCI index entry's platform).
    pub platform: Platform,
    /// Digest of the original (pre-conversion) platform image manifest.
    pub manifest_digest: String,
}

/// An image manifest re-encoded by the conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewrittenManifest {
    /// Digest of the manifest it replaces.
    pub original_digest: String,
    pub manifest: Manifest,
    /// Exact Go bytes of `manifest`.
    pub bytes: Vec<u8>,
    /// The new OCI index entry for it.
    pub descriptor: Descriptor,
}

/// Everything `soci convert` writes besides the SOCI indexes and ztocs themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub index: Index,
    /// Exact Go bytes of `index`.
    pub index_bytes: Vec<u8>,
    /// `{mediaType: OCI index, digest, size}`: the destination image target.
    pub index_descriptor: Descriptor,
    /// Manifests to store, in OCI index order.
    pub manifests: Vec<RewrittenManifest>,
    /// The SOCI index entries as placed in the OCI index (with platform and annotation).
    pub soci_entries: Vec<Descriptor>,
}

/// Runs soci's `newOciIndex`, `annotateImages` and `addSociIndexes`.
///
/// `local_manifests` maps digest → bytes of every image manifest present locally. soci
/// re-encodes each of them (converting Docker media types to OCI), annotates the ones with a
/// SOCI index, and leaves entries that are absent untouched (an absent manifest that has a
/// SOCI index is an error). Nested indexes are left untouched.
pub fn convert(
    source: &Source,
    local_manifests: &BTreeMap<String, Vec<u8>>,
    soci_indexes: &[PlatformIndex],
) -> Result<Converted> {
    if soci_indexes.is_empty() {
        return Err(Error::EmptyIndex);
    }
    let mut index = new_oci_index(source)?;
    let mut soci_entries: Vec<Descriptor> = soci_indexes
        .iter()
        .map(|s| s.built.descriptor.clone())
        .collect();
    let mut manifests = Vec::new();

    for entry in index.manifests.get_or_insert_with(Vec::new).iter_mut() {
        let soci = soci_indexes
            .iter()
            .position(|s| s.manifest_digest == entry.digest);
        let bytes = match local_manifests.get(&entry.digest) {
            Some(b) if media::is_manifest(&entry.media_type) => b,
            _ => match soci {
                Some(_) => return Err(Error::ManifestNotFound(entry.digest.clone())),
                None => continue,
            },
        };
        let soci_digest = soci.map(|i| soci_indexes[i].built.descriptor.digest.as_str());
        let (manifest, new_bytes) = annotate_manifest(bytes, &entry.media_type, soci_digest)?;
        let original_digest = std::mem::take(&mut entry.digest);
        entry.digest = sha256_digest(&new_bytes);
        entry.size = new_bytes.len() as i64;
        entry.annotations = manifest.annotations.clone();
        entry.media_type = media::OCI_MANIFEST.to_string();
        if let Some(i) = soci {
            soci_entries[i].annotations.insert(
                ANNOTATION_IMAGE_MANIFEST_DIGEST.to_string(),
                entry.digest.clone(),
            );
        }
        manifests.push(RewrittenManifest {
            original_digest,
            manifest,
            bytes: new_bytes,
            descriptor: entry.clone(),
        });
    }

    // addSociIndexes: replace an existing v2 entry for the same platform, else append.
    for (entry, s) in soci_entries.iter_mut().zip(soci_indexes) {
        entry.platform = Some(s.platform.clone());
        let want = normalize(&s.platform);
        let list = index.manifests.get_or_insert_with(Vec::new);
        let existing = list.iter().position(|d| {
            d.artifact_type == SOCI_INDEX_ARTIFACT_TYPE_V2
                && d.platform.as_ref().is_some_and(|p| normalize(p) == want)
        });
        match existing {
            Some(i) => list[i] = entry.clone(),
            None => list.push(entry.clone()),
        }
    }

    let index_bytes = index.to_go_json();
    let index_descriptor = Descriptor::new(
        media::OCI_INDEX,
        &sha256_digest(&index_bytes),
        index_bytes.len() as i64,
    );
    Ok(Converted {
        index,
        index_bytes,
        index_descriptor,
        manifests,
        soci_entries,
    })
}

/// soci's per-manifest rewrite in `annotateImages`: Go-decode the manifest (validated against
/// the media type it was loaded as), switch it and its config to OCI media types, add
/// `com.amazon.soci.index-digest` when a SOCI index exists, and Go-encode it again.
/// Returns the manifest and its exact bytes (digest them with [`sha256_digest`]).
pub fn annotate_manifest(
    bytes: &[u8],
    loaded_as: &str,
    soci_index_digest: Option<&str>,
) -> Result<(Manifest, Vec<u8>)> {
    validate_media_type(bytes, loaded_as)?;
    let mut manifest = Manifest::from_go_json(bytes)?;
    // soci moves everything to OCI types so registries do not see mixed Docker/OCI images.
    manifest.media_type = media::OCI_MANIFEST.to_string();
    manifest.config.media_type = media::OCI_CONFIG.to_string();
    if let Some(d) = soci_index_digest {
        manifest
            .annotations
            .insert(ANNOTATION_SOCI_INDEX_DIGEST.to_string(), d.to_string());
    }
    let out = manifest.to_go_json();
    Ok((manifest, out))
}

/// soci `newOciIndex`.
fn new_oci_index(source: &Source) -> Result<Index> {
    match source {
        Source::Manifest(target) => Ok(Index {
            schema_version: 2,
            media_type: media::OCI_INDEX.to_string(),
            manifests: Some(vec![target.clone()]),
            ..Default::default()
        }),
        Source::Index { descriptor, bytes } => {
            if !media::is_index(&descriptor.media_type) {
                return Err(Error::WrongDocumentKind(
                    "conversion source is neither an image manifest nor an index",
                ));
            }
            validate_media_type(bytes, &descriptor.media_type)?;
            let mut index = Index::from_go_json(bytes)?;
            index.media_type = media::OCI_INDEX.to_string();
            Ok(index)
        }
    }
}

/// The (os, architecture, variant) containerd's `platforms.Normalize` yields; enough for
/// `OnlyStrict` matching between SOCI index entries.
fn normalize(p: &Platform) -> (String, String, String) {
    let os = p.os.to_lowercase();
    let mut arch = p.architecture.to_lowercase();
    let mut variant = p.variant.to_lowercase();
    match arch.as_str() {
        "i386" => {
            arch = "386".into();
            variant.clear();
        }
        "x86_64" | "x86-64" | "amd64" => {
            arch = "amd64".into();
            if variant == "v1" {
                variant.clear();
            }
        }
        "aarch64" | "arm64" => {
            arch = "arm64".into();
            match variant.as_str() {
                "8" | "v8" | "v8.0" => variant.clear(),
                "9" | "9.0" | "v9.0" => variant = "v9".into(),
                v if v.starts_with('8') || v.starts_with('9') => variant = format!("v{v}"),
                _ => {}
            }
        }
        "armhf" => {
            arch = "arm".into();
            variant = "v7".into();
        }
        "armel" => {
            arch = "arm".into();
            variant = "v6".into();
        }
        "arm" => match variant.as_str() {
            "" | "7" => variant = "v7".into(),
            "5" | "6" | "8" => variant = format!("v{variant}"),
            _ => {}
        },
        _ => {}
    }
    (os, arch, variant)
}

/// GC labels soci puts on the converted OCI index: `…m.<i>` → each entry.
pub fn index_gc_labels(index: &Index) -> BTreeMap<String, String> {
    index
        .manifests
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                format!("{LABEL_GC_REF_CONTENT_PREFIX}m.{i}"),
                d.digest.clone(),
            )
        })
        .collect()
}

/// GC labels soci puts on a rewritten image manifest: `…config` and `…l.<i>` per layer.
pub fn manifest_gc_labels(manifest: &Manifest) -> BTreeMap<String, String> {
    let mut labels: BTreeMap<String, String> = manifest
        .layers
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                format!("{LABEL_GC_REF_CONTENT_PREFIX}l.{i}"),
                d.digest.clone(),
            )
        })
        .collect();
    labels.insert(
        format!("{LABEL_GC_REF_CONTENT_PREFIX}config"),
        manifest.config.digest.clone(),
    );
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_platforms() {
        let p = |a: &str, v: &str| Platform {
            architecture: a.into(),
            os: "Linux".into(),
            variant: v.into(),
            ..Default::default()
        };
        assert_eq!(normalize(&p("aarch64", "v8")), normalize(&p("arm64", "")));
        assert_eq!(normalize(&p("armhf", "")), normalize(&p("arm", "7")));
        assert_eq!(
            normalize(&p("x86_64", "")),
            ("linux".into(), "amd64".into(), String::new())
        );
        assert_ne!(normalize(&p("arm", "v6")), normalize(&p("arm", "")));
    }
}
