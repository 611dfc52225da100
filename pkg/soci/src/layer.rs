//! Which image layers get a ztoc (soci `buildSociLayer` / `skipBuildingZtoc`, §3.4).
//!
//! Kept pure so the CLI can decide, print soci's skip messages and only then read layer blobs.

use crate::media;
use std::fmt;

use crate::error::{Error, Result};
use crate::oci::Descriptor;
use crate::*;

/// How a layer blob must be read to build its ztoc (soci's compression algorithm names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerCompression {
    /// gzip-compressed tar: zran checkpoints.
    Gzip,
    /// OCI uncompressed tar.
    Uncompressed,
    /// Docker `rootfs.diff.tar`: possibly compressed, soci indexes it as an uncompressed tar.
    Unknown,
}

impl LayerCompression {
    /// soci's algorithm string (`gzip`, `uncompressed`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            LayerCompression::Gzip => "gzip",
            LayerCompression::Uncompressed => "uncompressed",
            LayerCompression::Unknown => "unknown",
        }
    }
}

/// Why no ztoc is built for a layer. `Display` is the line soci prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// `size < min_layer_size`.
    TooSmall {
        digest: String,
        media_type: String,
        size: i64,
        min_layer_size: i64,
    },
    /// The compression is not one soci can index (zstd, or a wrapped/encrypted type).
    UnsupportedFormat {
        digest: String,
        media_type: String,
        /// containerd's `DiffCompression` result, e.g. `zstd` or empty.
        compression: String,
    },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TooSmall {
                digest,
                media_type,
                size,
                min_layer_size,
            } => write!(
                f,
                "ztoc skipped - layer {digest} ({media_type}) size {size} is less than min-layer-size {min_layer_size}"
            ),
            SkipReason::UnsupportedFormat {
                digest,
                media_type,
                compression,
            } => write!(
                f,
                // {:?} quotes like Go's %q for the plain names involved (zstd, "").
                "ztoc skipped - layer {digest} ({media_type}) is compressed in an unsupported format. expect: [tar, gzip, unknown] but got {compression:?}"
            ),
        }
    }
}

/// What to do with one manifest layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerPlan {
    /// Build a ztoc reading the blob with this compression.
    Build(LayerCompression),
    /// No ztoc; soci prints the reason and continues.
    Skip(SkipReason),
    /// A prefetch artifact listed as a layer: silently ignored.
    Ignore,
}

/// containerd `images.IsLayerType`.
pub fn is_layer_type(media_type: &str) -> bool {
    if media_type.starts_with("application/vnd.oci.image.layer.") {
        return true;
    }
    let (base, _) = parse_media_type(media_type);
    matches!(
        base,
        media::DOCKER_LAYER
            | media::DOCKER_LAYER_GZIP
            | media::DOCKER_FOREIGN_LAYER
            | media::DOCKER_FOREIGN_LAYER_GZIP
            | media::DOCKER_LAYER_ZSTD
    )
}

/// containerd `parseMediaTypes`: base type and up to four sorted `+` suffixes.
fn parse_media_type(mt: &str) -> (&str, Vec<&str>) {
    match mt.split_once('+') {
        None => (mt, Vec::new()),
        Some((base, ext)) => {
            let mut suffixes: Vec<&str> = ext.splitn(5, '+').take(4).collect();
            suffixes.sort_unstable();
            (base, suffixes)
        }
    }
}

/// containerd `images.DiffCompression`: `gzip`, `zstd`, `unknown` or empty (uncompressed or
/// wrapped); an error for media types that are not layer diffs.
pub fn diff_compression(media_type: &str) -> Result<&'static str> {
    let (base, ext) = parse_media_type(media_type);
    match base {
        media::DOCKER_LAYER | media::DOCKER_FOREIGN_LAYER => {
            Ok(if ext.is_empty() { "unknown" } else { "" })
        }
        media::DOCKER_LAYER_GZIP | media::DOCKER_FOREIGN_LAYER_GZIP => {
            Ok(if ext.is_empty() { "gzip" } else { "" })
        }
        media::DOCKER_LAYER_ZSTD => Ok(if ext.is_empty() { "zstd" } else { "" }),
        media::OCI_LAYER | media::OCI_LAYER_NONDISTRIBUTABLE => Ok(match ext.last().copied() {
            Some("gzip") => "gzip",
            Some("zstd") => "zstd",
            _ => "",
        }),
        _ => Err(Error::UnrecognisedMediaType(media_type.to_string())),
    }
}

/// soci's per-layer decision, in soci's order: prefetch artifacts are ignored, non-layers fail
/// the build, then the size threshold (strictly less skips), then the compression check.
pub fn plan_layer(layer: &Descriptor, min_layer_size: i64) -> Result<LayerPlan> {
    if layer.media_type == SOCI_PREFETCH_MEDIA_TYPE {
        return Ok(LayerPlan::Ignore);
    }
    if !is_layer_type(&layer.media_type) {
        return Err(Error::NotLayerType {
            digest: layer.digest.clone(),
            media_type: layer.media_type.clone(),
        });
    }
    if layer.size < min_layer_size {
        return Ok(LayerPlan::Skip(SkipReason::TooSmall {
            digest: layer.digest.clone(),
            media_type: layer.media_type.clone(),
            size: layer.size,
            min_layer_size,
        }));
    }
    let algo = diff_compression(&layer.media_type)?;
    let compression = match algo {
        "gzip" => LayerCompression::Gzip,
        "unknown" => LayerCompression::Unknown,
        "" if layer.media_type == media::OCI_LAYER => LayerCompression::Uncompressed,
        other => {
            return Ok(LayerPlan::Skip(SkipReason::UnsupportedFormat {
                digest: layer.digest.clone(),
                media_type: layer.media_type.clone(),
                compression: other.to_string(),
            }))
        }
    };
    Ok(LayerPlan::Build(compression))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(mt: &str, size: i64) -> Descriptor {
        Descriptor::new(mt, "sha256:ab", size)
    }

    #[test]
    fn plans_like_soci() {
        let big = DEFAULT_MIN_LAYER_SIZE;
        let plan = |mt: &str, size| plan_layer(&layer(mt, size), DEFAULT_MIN_LAYER_SIZE);
        assert_eq!(
            plan(media::OCI_LAYER_GZIP, big),
            Ok(LayerPlan::Build(LayerCompression::Gzip))
        );
        assert_eq!(
            plan(media::DOCKER_LAYER_GZIP, big),
            Ok(LayerPlan::Build(LayerCompression::Gzip))
        );
        assert_eq!(
            plan(media::OCI_LAYER, big),
            Ok(LayerPlan::Build(LayerCompression::Uncompressed))
        );
        assert_eq!(
            plan(media::DOCKER_LAYER, big),
            Ok(LayerPlan::Build(LayerCompression::Unknown))
        );
        assert_eq!(
            plan("application/vnd.oci.image.layer.v1.tar+gzip+encrypted", big),
            Ok(LayerPlan::Build(LayerCompression::Gzip))
        );
        assert_eq!(plan(SOCI_PREFETCH_MEDIA_TYPE, 0), Ok(LayerPlan::Ignore));
        assert!(matches!(
            plan(media::OCI_CONFIG, big),
            Err(Error::NotLayerType { .. })
        ));
        assert!(matches!(
            plan("application/vnd.oci.image.layer.v2.foo", big),
            Err(Error::UnrecognisedMediaType(_))
        ));
        // Exactly the minimum is indexed; one byte less is skipped.
        assert!(matches!(
            plan(media::OCI_LAYER_GZIP, big - 1),
            Ok(LayerPlan::Skip(_))
        ));
    }

    #[test]
    fn skip_messages() {
        let r = plan_layer(&layer(media::OCI_LAYER_GZIP, 5), 10);
        let Ok(LayerPlan::Skip(reason)) = r else {
            panic!("expected skip, got {r:?}");
        };
        assert_eq!(
            reason.to_string(),
            "ztoc skipped - layer sha256:ab (application/vnd.oci.image.layer.v1.tar+gzip) size 5 is less than min-layer-size 10"
        );
        let r = plan_layer(&layer(media::OCI_LAYER_ZSTD, 50), 10);
        let Ok(LayerPlan::Skip(reason)) = r else {
            panic!("expected skip, got {r:?}");
        };
        assert_eq!(
            reason.to_string(),
            "ztoc skipped - layer sha256:ab (application/vnd.oci.image.layer.v1.tar+zstd) is compressed in an unsupported format. expect: [tar, gzip, unknown] but got \"zstd\""
        );
        let r = plan_layer(&layer(media::OCI_LAYER_NONDISTRIBUTABLE, 50), 10);
        assert!(matches!(
            r,
            Ok(LayerPlan::Skip(SkipReason::UnsupportedFormat { ref compression, .. })) if compression.is_empty()
        ));
    }
}
