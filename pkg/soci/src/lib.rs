//! SOCI (Seekable OCI) index manifests, v1 and v2, with byte-exact Go serialization.
//!
//! soci-snapshotter identifies indexes and converted image manifests by the digest of the
//! bytes Go's `encoding/json` produces, and re-marshals every index it fetches before storing
//! it under the original digest. This crate therefore builds, parses and re-encodes those
//! documents exactly as soci does (see `shared/docs/soci-format.md` §3–§4), without any I/O:
//!
//! * [`IndexBuilder`] decides per layer whether a ztoc is built ([`LayerPlan`]) and assembles
//!   the SOCI index from the per-layer outcomes ([`BuiltIndex`]: bytes, digest, descriptor).
//! * [`SociIndex::parse`] / [`SociIndex::marshal`] are soci's `UnmarshalIndex`/`MarshalIndex`.
//! * [`convert`] performs the pure part of `soci convert` (v2): annotated image manifests and
//!   the new OCI image index.
//! * [`list`] holds helpers for `soci index list/info` output.
//! * [`choose_index`] is the one rule for which index serves a manifest, with its [`IndexTrust`].

#![forbid(unsafe_code)]

pub mod convert;
mod discover;
mod error;
mod gojson;
mod index;
mod layer;
pub mod list;
mod oci;

pub use discover::{
    annotated_index, choose_index, ChosenIndex, IndexTrust, ReferrerCandidate, ANNOTATION_CREATED,
};
pub use error::{Error, Result};
pub use gojson::indent as go_json_indent;
pub use index::{
    prefetch_descriptor, should_disable_xattrs, soci_index_gc_labels, ztoc_descriptor, BuiltIndex,
    IndexBuilder, IndexVersion, LayerOutcome, SociIndex,
};
pub use layer::{
    diff_compression, is_layer_type, plan_layer, LayerCompression, LayerPlan, SkipReason,
};
pub use oci::{validate_media_type, Descriptor, Index, Manifest, Platform};

pub use linnet_oci::{media, sha256_digest};

// ---------------------------------------------------------------------------------------------
// SOCI constants (soci/soci_index.go, soci/prefetch.go).

/// Artifact type / config media type of a v1 SOCI index (linked through `subject`).
pub const SOCI_INDEX_ARTIFACT_TYPE_V1: &str = "application/vnd.amazon.soci.index.v1+json";
/// Artifact type / config media type of a v2 SOCI index (linked through a manifest annotation).
pub const SOCI_INDEX_ARTIFACT_TYPE_V2: &str = "application/vnd.amazon.soci.index.v2+json";
/// Media type of a ztoc blob descriptor inside a SOCI index.
pub const SOCI_LAYER_MEDIA_TYPE: &str = "application/octet-stream";
/// Media type of a prefetch artifact descriptor inside a SOCI index.
pub const SOCI_PREFETCH_MEDIA_TYPE: &str = "application/vnd.amazon.soci.prefetch.v1+json";

/// ztoc/prefetch descriptor annotation: digest of the image layer it indexes.
pub const ANNOTATION_IMAGE_LAYER_DIGEST: &str = "com.amazon.soci.image-layer-digest";
/// ztoc descriptor annotation: media type of the image layer, verbatim.
pub const ANNOTATION_IMAGE_LAYER_MEDIA_TYPE: &str = "com.amazon.soci.image-layer-mediaType";
/// ztoc descriptor annotation: span size in decimal.
pub const ANNOTATION_SPAN_SIZE: &str = "com.amazon.soci.span-size";
/// ztoc descriptor annotation `"true"` when xattrs may be disabled for the layer.
pub const ANNOTATION_DISABLE_XATTRS: &str = "com.amazon.soci.disable-xattrs";
/// SOCI index annotation naming the tool that built it.
pub const ANNOTATION_BUILD_TOOL_IDENTIFIER: &str = "com.amazon.soci.build-tool-identifier";
/// Image manifest annotation (v2) pointing at the SOCI index; what the snapshotter reads.
pub const ANNOTATION_SOCI_INDEX_DIGEST: &str = "com.amazon.soci.index-digest";
/// OCI-index entry annotation on a v2 SOCI index naming its image manifest (informational).
pub const ANNOTATION_IMAGE_MANIFEST_DIGEST: &str = "com.amazon.soci.image-manifest-digest";

/// Default span size, 4 MiB.
pub const DEFAULT_SPAN_SIZE: i64 = 1 << 22;
/// Default minimum layer size, 10 MiB (layers strictly smaller are skipped).
pub const DEFAULT_MIN_LAYER_SIZE: i64 = 10 << 20;
/// Build tool identifier soci writes into indexes and ztocs.
pub const DEFAULT_BUILD_TOOL_IDENTIFIER: &str = "AWS SOCI CLI v0.2";

/// Content of the SOCI index config blob.
pub const EMPTY_JSON_CONTENT: &[u8] = b"{}";
/// Digest of [`EMPTY_JSON_CONTENT`].
pub const EMPTY_JSON_DIGEST: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

// ---------------------------------------------------------------------------------------------
// containerd labels the snapshotter reads or writes (§5.2) and GC labels (§3.1, §4.1).

/// GC label `soci create` puts on the source image manifest.
pub const LABEL_GC_REF_SOCI_INDEX: &str = "containerd.io/gc.ref.content.soci-index";
/// Prefix of containerd content GC reference labels.
pub const LABEL_GC_REF_CONTENT_PREFIX: &str = "containerd.io/gc.ref.content.";
/// Target chain ID passed on unpack `Prepare`.
pub const LABEL_SNAPSHOT_REF: &str = "containerd.io/snapshot.ref";
/// Image reference passed on unpack.
pub const LABEL_CRI_IMAGE_REF: &str = "containerd.io/snapshot/cri.image-ref";
/// Platform image-manifest digest passed on unpack (v2 discovery key).
pub const LABEL_CRI_MANIFEST_DIGEST: &str = "containerd.io/snapshot/cri.manifest-digest";
/// Compressed layer digest passed on unpack.
pub const LABEL_CRI_LAYER_DIGEST: &str = "containerd.io/snapshot/cri.layer-digest";
/// Comma-separated digests of this and the following layers.
pub const LABEL_CRI_IMAGE_LAYERS: &str = "containerd.io/snapshot/cri.image-layers";
/// Layer size in decimal.
pub const LABEL_SOCI_SIZE: &str = "containerd.io/snapshot/remote/soci.size";
/// Sizes matching [`LABEL_CRI_IMAGE_LAYERS`].
pub const LABEL_IMAGE_LAYERS_SIZE: &str = "containerd.io/snapshot/remote/image.layers.size";
/// Explicit SOCI index digest (highest priority in discovery).
pub const LABEL_SOCI_INDEX_DIGEST: &str = "containerd.io/snapshot/remote/soci.index.digest";
/// Set by the snapshotter on remote (FUSE) snapshots: value `remote snapshot`.
pub const LABEL_REMOTE_SNAPSHOT: &str = "containerd.io/snapshot/remote";
/// Set by the snapshotter on remote snapshots: `true`.
pub const LABEL_HAS_SOCI_INDEX_DIGEST: &str = "containerd.io/snapshot/remote/has.soci.index.digest";
/// Set by the snapshotter on remote snapshots: the containerd namespace.
pub const LABEL_REMOTE_NAMESPACE: &str = "containerd.io/snapshot/remote/namespace";
