//! The SOCI index manifest: building it from per-layer outcomes, soci's `MarshalIndex` and
//! `UnmarshalIndex`, and lookups the snapshotter and CLI need.

use crate::media;
use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::gojson;
use crate::layer::{plan_layer, LayerPlan};
use crate::oci::{self, Descriptor, Manifest};
use crate::*;

/// SOCI index manifest version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexVersion {
    /// Linked to its image manifest through `subject` (OCI referrers).
    V1,
    /// Linked through the image manifest annotation `com.amazon.soci.index-digest`.
    V2,
}

impl IndexVersion {
    /// The artifact type, also the config media type.
    pub fn artifact_type(self) -> &'static str {
        match self {
            IndexVersion::V1 => SOCI_INDEX_ARTIFACT_TYPE_V1,
            IndexVersion::V2 => SOCI_INDEX_ARTIFACT_TYPE_V2,
        }
    }

    /// The version for an artifact/config media type, if it is a SOCI one.
    pub fn from_artifact_type(t: &str) -> Option<Self> {
        match t {
            SOCI_INDEX_ARTIFACT_TYPE_V1 => Some(IndexVersion::V1),
            SOCI_INDEX_ARTIFACT_TYPE_V2 => Some(IndexVersion::V2),
            _ => None,
        }
    }

    /// `v1` / `v2` as `soci index list` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexVersion::V1 => "v1",
            IndexVersion::V2 => "v2",
        }
    }

    /// The `{}` config descriptor soci uses for this version.
    pub fn config_descriptor(self) -> Descriptor {
        Descriptor::new(
            self.artifact_type(),
            EMPTY_JSON_DIGEST,
            EMPTY_JSON_CONTENT.len() as i64,
        )
    }
}

/// A SOCI index (soci's `Index` plus its config descriptor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SociIndex {
    pub version: IndexVersion,
    /// The document's `mediaType` as read; [`SociIndex::marshal`] always writes the OCI manifest type.
    pub media_type: String,
    /// Re-marshalled as read, so extra descriptor fields survive the round trip.
    pub config: Descriptor,
    /// ztoc descriptors in layer order, then prefetch descriptors. `None` marshals as `null`.
    pub blobs: Option<Vec<Descriptor>>,
    /// v1 only: the image manifest the index belongs to.
    pub subject: Option<Descriptor>,
    pub annotations: BTreeMap<String, String>,
}

impl SociIndex {
    /// soci `NewIndex` with the build tool annotation soci's builder adds.
    pub fn new(
        version: IndexVersion,
        blobs: Vec<Descriptor>,
        subject: Option<Descriptor>,
        build_tool_identifier: &str,
    ) -> Self {
        let mut annotations = BTreeMap::new();
        annotations.insert(
            ANNOTATION_BUILD_TOOL_IDENTIFIER.to_string(),
            build_tool_identifier.to_string(),
        );
        SociIndex {
            version,
            media_type: media::OCI_MANIFEST.to_string(),
            config: version.config_descriptor(),
            blobs: Some(blobs),
            subject: match version {
                IndexVersion::V1 => subject,
                IndexVersion::V2 => None,
            },
            annotations,
        }
    }

    /// soci `UnmarshalIndex`: Go-decodes the bytes as soci's `Index` (type check only) and as
    /// `ocispec.Manifest`; the config media type selects the version.
    pub fn parse(b: &[u8]) -> Result<Self> {
        let v = gojson::parse(b)?;
        check_soci_index_struct(&v)?;
        let mut m = Manifest::default();
        m.decode_into(&v)?;
        let version = IndexVersion::from_artifact_type(&m.config.media_type)
            .ok_or_else(|| Error::UnknownIndexVersion(m.config.media_type.clone()))?;
        Ok(SociIndex {
            version,
            media_type: m.media_type,
            config: m.config,
            blobs: m.layers,
            subject: m.subject,
            annotations: m.annotations,
        })
    }

    /// soci `MarshalIndex`: exact Go bytes, compact, no trailing newline.
    pub fn marshal(&self) -> Vec<u8> {
        Manifest {
            schema_version: 2,
            media_type: media::OCI_MANIFEST.to_string(),
            artifact_type: String::new(),
            config: self.config.clone(),
            layers: self.blobs.clone(),
            subject: self.subject.clone(),
            annotations: self.annotations.clone(),
        }
        .to_go_json()
    }

    /// The descriptor soci stores for the marshalled index (`writeSociIndex`).
    pub fn descriptor(&self) -> Descriptor {
        let b = self.marshal();
        Descriptor {
            artifact_type: self.version.artifact_type().to_string(),
            ..Descriptor::new(media::OCI_MANIFEST, &sha256_digest(&b), b.len() as i64)
        }
    }

    /// All blob descriptors (empty when `null`).
    pub fn blobs(&self) -> &[Descriptor] {
        self.blobs.as_deref().unwrap_or(&[])
    }

    /// The ztoc descriptors: the snapshotter only uses `application/octet-stream` entries.
    pub fn ztocs(&self) -> impl Iterator<Item = &Descriptor> {
        self.blobs()
            .iter()
            .filter(|d| d.media_type == SOCI_LAYER_MEDIA_TYPE)
    }

    /// The prefetch artifact descriptors.
    pub fn prefetch_artifacts(&self) -> impl Iterator<Item = &Descriptor> {
        self.blobs()
            .iter()
            .filter(|d| d.media_type == SOCI_PREFETCH_MEDIA_TYPE)
    }

    /// The ztoc of an image layer, keyed like `populateImageLayerToSociMapping`.
    pub fn ztoc_for_layer(&self, layer_digest: &str) -> Option<&Descriptor> {
        self.ztocs().find(|d| {
            d.annotations
                .get(ANNOTATION_IMAGE_LAYER_DIGEST)
                .is_some_and(|l| l == layer_digest)
        })
    }

    /// The prefetch artifact of an image layer.
    pub fn prefetch_for_layer(&self, layer_digest: &str) -> Option<&Descriptor> {
        self.prefetch_artifacts().find(|d| {
            d.annotations
                .get(ANNOTATION_IMAGE_LAYER_DIGEST)
                .is_some_and(|l| l == layer_digest)
        })
    }

    /// The `com.amazon.soci.build-tool-identifier` annotation.
    pub fn build_tool_identifier(&self) -> Option<&str> {
        self.annotations
            .get(ANNOTATION_BUILD_TOOL_IDENTIFIER)
            .map(String::as_str)
    }
}

/// The first `json.Unmarshal` in `UnmarshalIndex` decodes into soci's `Index` struct; its
/// result is overwritten, but its type errors still fail the parse.
fn check_soci_index_struct(v: &gojson::Value) -> Result<()> {
    const F: &[&str] = &[
        "mediaType",
        "artifactType",
        "blobs",
        "subject",
        "annotations",
    ];
    let Some(members) = oci::object_members_of(v, "soci.Index")? else {
        return Ok(());
    };
    let (mut s, mut blobs, mut subject, mut ann) = (String::new(), None, None, BTreeMap::new());
    for (k, val) in members {
        match gojson::match_field(k, F) {
            Some(f @ ("mediaType" | "artifactType")) => oci::decode_string_field(val, f, &mut s)?,
            Some("blobs") => oci::decode_descriptor_list(val, "blobs", &mut blobs)?,
            Some("subject") => oci::decode_descriptor_ptr(val, "subject", &mut subject)?,
            Some(_) => oci::decode_map_field(val, "annotations", &mut ann)?,
            None => {}
        }
    }
    Ok(())
}

/// A ztoc descriptor as soci puts it in an index (`addSociLayerAnnotations`).
/// `disable_xattrs` adds `com.amazon.soci.disable-xattrs: "true"`; pass
/// `xattr_optimization && should_disable_xattrs(..)`.
pub fn ztoc_descriptor(
    layer: &Descriptor,
    ztoc_digest: &str,
    ztoc_size: i64,
    span_size: i64,
    disable_xattrs: bool,
) -> Descriptor {
    let mut d = Descriptor::new(SOCI_LAYER_MEDIA_TYPE, ztoc_digest, ztoc_size);
    d.annotations.insert(
        ANNOTATION_IMAGE_LAYER_MEDIA_TYPE.to_string(),
        layer.media_type.clone(),
    );
    d.annotations.insert(
        ANNOTATION_IMAGE_LAYER_DIGEST.to_string(),
        layer.digest.clone(),
    );
    d.annotations
        .insert(ANNOTATION_SPAN_SIZE.to_string(), span_size.to_string());
    if disable_xattrs {
        d.annotations
            .insert(ANNOTATION_DISABLE_XATTRS.to_string(), "true".to_string());
    }
    d
}

/// A prefetch artifact descriptor (`storePrefetchLayer`).
pub fn prefetch_descriptor(layer_digest: &str, digest: &str, size: i64) -> Descriptor {
    let mut d = Descriptor::new(SOCI_PREFETCH_MEDIA_TYPE, digest, size);
    d.annotations.insert(
        ANNOTATION_IMAGE_LAYER_DIGEST.to_string(),
        layer_digest.to_string(),
    );
    d
}

/// soci `shouldDisableXattrs` over a ztoc's TOC: true when no entry has `SCHILY.xattr.*`
/// records and no entry name ends with `.wh..wh..opq`. Items are (name, PAX record keys).
pub fn should_disable_xattrs<'a, I, K>(entries: I) -> bool
where
    I: IntoIterator<Item = (&'a str, K)>,
    K: IntoIterator<Item = &'a str>,
{
    entries.into_iter().all(|(name, keys)| {
        !name.ends_with(".wh..wh..opq") && !keys.into_iter().any(|k| k.starts_with("SCHILY.xattr."))
    })
}

/// Result of building one layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerOutcome {
    /// A ztoc was built (or reused) for the layer.
    Ztoc {
        digest: String,
        size: i64,
        /// [`should_disable_xattrs`] of the ztoc; only used with the xattr optimization.
        no_xattrs: bool,
    },
    /// No ztoc (skipped, ignored, or unsupported).
    Skipped,
}

/// A finished SOCI index: the document, its exact bytes and its descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltIndex {
    pub index: SociIndex,
    pub bytes: Vec<u8>,
    /// `{mediaType: OCI manifest, digest, size, artifactType}` as soci records it.
    pub descriptor: Descriptor,
}

/// Options of `soci create` / `soci convert`, and the pure parts of soci's `IndexBuilder`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexBuilder {
    version: IndexVersion,
    span_size: i64,
    min_layer_size: i64,
    build_tool_identifier: String,
    xattr_optimization: bool,
}

impl IndexBuilder {
    /// soci's defaults: 4 MiB spans, 10 MiB minimum layer size, `AWS SOCI CLI v0.2`.
    pub fn new(version: IndexVersion) -> Self {
        IndexBuilder {
            version,
            span_size: DEFAULT_SPAN_SIZE,
            min_layer_size: DEFAULT_MIN_LAYER_SIZE,
            build_tool_identifier: DEFAULT_BUILD_TOOL_IDENTIFIER.to_string(),
            xattr_optimization: false,
        }
    }

    /// `--span-size`; must be >= 0.
    pub fn span_size(mut self, n: i64) -> Result<Self> {
        if n < 0 {
            return Err(Error::NegativeOption("span size"));
        }
        self.span_size = n;
        Ok(self)
    }

    /// `--min-layer-size`; must be >= 0.
    pub fn min_layer_size(mut self, n: i64) -> Result<Self> {
        if n < 0 {
            return Err(Error::NegativeOption("min layer size"));
        }
        self.min_layer_size = n;
        Ok(self)
    }

    /// Build tool identifier written into the index annotation.
    pub fn build_tool_identifier(mut self, id: &str) -> Self {
        self.build_tool_identifier = id.to_string();
        self
    }

    /// `--optimizations xattr`.
    pub fn xattr_optimization(mut self, on: bool) -> Self {
        self.xattr_optimization = on;
        self
    }

    pub fn version(&self) -> IndexVersion {
        self.version
    }

    pub fn get_span_size(&self) -> i64 {
        self.span_size
    }

    pub fn get_min_layer_size(&self) -> i64 {
        self.min_layer_size
    }

    /// The plan for every layer of `manifest`, in order. Fails like soci on non-layer entries.
    pub fn plan(&self, manifest: &Manifest) -> Result<Vec<LayerPlan>> {
        manifest
            .layers
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|l| plan_layer(l, self.min_layer_size))
            .collect()
    }

    /// Assembles the index from one outcome per manifest layer plus prefetch descriptors.
    /// `manifest_desc` is the platform image manifest's descriptor (the v1 subject).
    pub fn build(
        &self,
        manifest_desc: &Descriptor,
        manifest: &Manifest,
        outcomes: &[LayerOutcome],
        prefetch: &[Descriptor],
    ) -> Result<BuiltIndex> {
        let layers = manifest.layers.as_deref().unwrap_or(&[]);
        if layers.len() != outcomes.len() {
            return Err(Error::OutcomeCount {
                layers: layers.len(),
                outcomes: outcomes.len(),
            });
        }
        let mut blobs: Vec<Descriptor> = layers
            .iter()
            .zip(outcomes)
            .filter_map(|(layer, outcome)| match outcome {
                LayerOutcome::Ztoc {
                    digest,
                    size,
                    no_xattrs,
                } => Some(ztoc_descriptor(
                    layer,
                    digest,
                    *size,
                    self.span_size,
                    self.xattr_optimization && *no_xattrs,
                )),
                LayerOutcome::Skipped => None,
            })
            .collect();
        blobs.extend(prefetch.iter().cloned());
        if blobs.is_empty() {
            return Err(Error::EmptyIndex);
        }
        let subject = Descriptor::new(
            &manifest_desc.media_type,
            &manifest_desc.digest,
            manifest_desc.size,
        );
        let index = SociIndex::new(
            self.version,
            blobs,
            Some(subject),
            &self.build_tool_identifier,
        );
        let bytes = index.marshal();
        let descriptor = Descriptor {
            artifact_type: self.version.artifact_type().to_string(),
            ..Descriptor::new(
                media::OCI_MANIFEST,
                &sha256_digest(&bytes),
                bytes.len() as i64,
            )
        };
        Ok(BuiltIndex {
            index,
            bytes,
            descriptor,
        })
    }
}

/// GC labels soci puts on a stored SOCI index: `…config` → the `{}` blob, `…ztoc.<i>` → each blob.
pub fn soci_index_gc_labels(index: &SociIndex) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    labels.insert(
        format!("{LABEL_GC_REF_CONTENT_PREFIX}config"),
        EMPTY_JSON_DIGEST.to_string(),
    );
    for (i, b) in index.blobs().iter().enumerate() {
        labels.insert(
            format!("{LABEL_GC_REF_CONTENT_PREFIX}ztoc.{i}"),
            b.digest.clone(),
        );
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xattr_rule() {
        let none: [&str; 0] = [];
        assert!(should_disable_xattrs([("a", none), ("b/", none)]));
        assert!(!should_disable_xattrs([("d/.wh..wh..opq", none)]));
        assert!(!should_disable_xattrs([(
            "f",
            ["path", "SCHILY.xattr.user.x"]
        )]));
        assert!(should_disable_xattrs([("f", ["path", "mtime"])]));
    }

    #[test]
    fn negative_options_rejected() {
        assert!(IndexBuilder::new(IndexVersion::V1).span_size(-1).is_err());
        assert!(IndexBuilder::new(IndexVersion::V1)
            .min_layer_size(-1)
            .is_err());
    }

    #[test]
    fn parse_errors() {
        assert!(matches!(SociIndex::parse(b"{"), Err(Error::Syntax { .. })));
        assert_eq!(
            SociIndex::parse(br#"{"config":{"mediaType":"x"}}"#),
            Err(Error::UnknownIndexVersion("x".into()))
        );
        assert_eq!(
            SociIndex::parse(b"{}").err().map(|e| e.to_string()),
            Some("unknown index version: ".to_string())
        );
        // The soci.Index pass type-checks "blobs" even though the manifest ignores it.
        let r = SociIndex::parse(
            br#"{"config":{"mediaType":"application/vnd.amazon.soci.index.v2+json"},"blobs":1}"#,
        );
        assert!(matches!(r, Err(Error::Type { .. })));
        let r = SociIndex::parse(
            br#"{"config":{"mediaType":"application/vnd.amazon.soci.index.v2+json"},"artifactType":1}"#,
        );
        assert!(matches!(r, Err(Error::Type { .. })));
    }

    #[test]
    fn gc_labels() {
        let idx = SociIndex::new(
            IndexVersion::V2,
            vec![Descriptor::new(SOCI_LAYER_MEDIA_TYPE, "sha256:z", 1)],
            None,
            "t",
        );
        let l = soci_index_gc_labels(&idx);
        assert_eq!(
            l.get("containerd.io/gc.ref.content.ztoc.0")
                .map(String::as_str),
            Some("sha256:z")
        );
        assert_eq!(l.len(), 2);
    }
}
