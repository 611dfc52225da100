//! OCI image-spec v1.1.1 types (`Descriptor`, `Platform`, `Manifest`, `Index`) with Go's
//! `encoding/json` behaviour in both directions.
//!
//! Digests of SOCI indexes and converted manifests depend on the exact bytes Go writes for
//! these structs (field order, `omitempty`, `null` for nil slices), and on what Go's decoder
//! keeps when reading them back (known fields only, case-insensitive names, duplicates applied
//! in order). Both are reproduced here so parse + re-marshal equals soci's round trip.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::gojson::{self, ObjectWriter, Value};

/// `ocispec.Platform`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Platform {
    pub architecture: String,
    pub os: String,
    pub os_version: String,
    pub os_features: Vec<String>,
    pub variant: String,
}

/// `ocispec.Descriptor`. Empty `urls`/`annotations`/`data` are omitted like Go's `omitempty`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Descriptor {
    pub media_type: String,
    /// Kept as a string: Go's `digest.Digest` is not validated when decoding.
    pub digest: String,
    pub size: i64,
    pub urls: Vec<String>,
    pub annotations: BTreeMap<String, String>,
    pub data: Vec<u8>,
    pub platform: Option<Platform>,
    pub artifact_type: String,
}

/// `ocispec.Manifest`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub schema_version: i64,
    pub media_type: String,
    pub artifact_type: String,
    pub config: Descriptor,
    /// `None` is Go's nil slice and marshals as `null` (the field has no `omitempty`).
    pub layers: Option<Vec<Descriptor>>,
    pub subject: Option<Descriptor>,
    pub annotations: BTreeMap<String, String>,
}

/// `ocispec.Index`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    pub schema_version: i64,
    pub media_type: String,
    pub artifact_type: String,
    /// `None` marshals as `null`, like Go's nil slice.
    pub manifests: Option<Vec<Descriptor>>,
    pub subject: Option<Descriptor>,
    pub annotations: BTreeMap<String, String>,
}

// Conversions to and from the shared `linnet-oci` vocabulary. Go's `size` is an `int64`: a
// negative size (never valid) reads as 0, and a `u64` beyond `i64::MAX` (no real blob) saturates.
// `data` (inline content) has no place in the shared type and is dropped.

impl From<&Platform> for linnet_oci::Platform {
    fn from(p: &Platform) -> Self {
        linnet_oci::Platform {
            os: p.os.clone(),
            architecture: p.architecture.clone(),
            variant: p.variant.clone(),
            os_version: p.os_version.clone(),
        }
    }
}

impl From<&linnet_oci::Platform> for Platform {
    fn from(p: &linnet_oci::Platform) -> Self {
        Platform {
            architecture: p.architecture.clone(),
            os: p.os.clone(),
            os_version: p.os_version.clone(),
            os_features: Vec::new(),
            variant: p.variant.clone(),
        }
    }
}

impl From<&Descriptor> for linnet_oci::Descriptor {
    fn from(d: &Descriptor) -> Self {
        linnet_oci::Descriptor {
            media_type: d.media_type.clone(),
            digest: d.digest.clone(),
            size: u64::try_from(d.size).unwrap_or(0),
            urls: (!d.urls.is_empty()).then(|| d.urls.clone()),
            annotations: (!d.annotations.is_empty()).then(|| d.annotations.clone()),
            platform: d.platform.as_ref().map(linnet_oci::Platform::from),
            artifact_type: (!d.artifact_type.is_empty()).then(|| d.artifact_type.clone()),
        }
    }
}

impl From<&linnet_oci::Descriptor> for Descriptor {
    fn from(d: &linnet_oci::Descriptor) -> Self {
        Descriptor {
            media_type: d.media_type.clone(),
            digest: d.digest.clone(),
            size: i64::try_from(d.size).unwrap_or(i64::MAX),
            urls: d.urls.clone().unwrap_or_default(),
            annotations: d.annotations.clone().unwrap_or_default(),
            data: Vec::new(),
            platform: d.platform.as_ref().map(Platform::from),
            artifact_type: d.artifact_type.clone().unwrap_or_default(),
        }
    }
}

impl Platform {
    /// `linux/amd64` style, with the variant when set (containerd's `platforms.Format`).
    pub fn format(&self) -> String {
        let os = if self.os.is_empty() {
            "unknown"
        } else {
            &self.os
        };
        let arch = if self.architecture.is_empty() {
            "unknown"
        } else {
            &self.architecture
        };
        if self.variant.is_empty() {
            format!("{os}/{arch}")
        } else {
            format!("{os}/{arch}/{}", self.variant)
        }
    }

    pub(crate) fn write_go(&self, out: &mut Vec<u8>) {
        let mut w = ObjectWriter::new(out);
        w.string("architecture", &self.architecture);
        w.string("os", &self.os);
        if !self.os_version.is_empty() {
            w.string("os.version", &self.os_version);
        }
        if !self.os_features.is_empty() {
            gojson::write_string_slice(w.key("os.features"), &self.os_features);
        }
        if !self.variant.is_empty() {
            w.string("variant", &self.variant);
        }
        w.end();
    }

    fn decode_into(&mut self, v: &Value, path: &str) -> Result<()> {
        const F: &[&str] = &["architecture", "os", "os.version", "os.features", "variant"];
        let Some(members) = object_members(v, path, "v1.Platform")? else {
            return Ok(());
        };
        for (k, val) in members {
            let Some(f) = gojson::match_field(k, F) else {
                continue;
            };
            let p = join(path, f);
            match f {
                "architecture" => decode_string(val, &p, &mut self.architecture)?,
                "os" => decode_string(val, &p, &mut self.os)?,
                "os.version" => decode_string(val, &p, &mut self.os_version)?,
                "os.features" => decode_string_slice(val, &p, &mut self.os_features)?,
                _ => decode_string(val, &p, &mut self.variant)?,
            }
        }
        Ok(())
    }
}

impl Descriptor {
    /// A descriptor of just media type, digest and size.
    pub fn new(media_type: &str, digest: &str, size: i64) -> Self {
        Descriptor {
            media_type: media_type.to_string(),
            digest: digest.to_string(),
            size,
            ..Default::default()
        }
    }

    /// Go `json.Marshal` bytes of this descriptor.
    pub fn to_go_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_go(&mut out);
        out
    }

    pub(crate) fn write_go(&self, out: &mut Vec<u8>) {
        let mut w = ObjectWriter::new(out);
        w.string("mediaType", &self.media_type);
        w.string("digest", &self.digest);
        w.int("size", self.size);
        if !self.urls.is_empty() {
            gojson::write_string_slice(w.key("urls"), &self.urls);
        }
        if !self.annotations.is_empty() {
            gojson::write_string_map(w.key("annotations"), &self.annotations);
        }
        if !self.data.is_empty() {
            let enc = gojson::base64_encode(&self.data);
            w.string("data", &enc);
        }
        if let Some(p) = &self.platform {
            p.write_go(w.key("platform"));
        }
        if !self.artifact_type.is_empty() {
            w.string("artifactType", &self.artifact_type);
        }
        w.end();
    }

    pub(crate) fn decode_into(&mut self, v: &Value, path: &str) -> Result<()> {
        const F: &[&str] = &[
            "mediaType",
            "digest",
            "size",
            "urls",
            "annotations",
            "data",
            "platform",
            "artifactType",
        ];
        let Some(members) = object_members(v, path, "v1.Descriptor")? else {
            return Ok(());
        };
        for (k, val) in members {
            let Some(f) = gojson::match_field(k, F) else {
                continue;
            };
            let p = join(path, f);
            match f {
                "mediaType" => decode_string(val, &p, &mut self.media_type)?,
                "digest" => decode_string(val, &p, &mut self.digest)?,
                "size" => decode_int(val, &p, &mut self.size)?,
                "urls" => decode_string_slice(val, &p, &mut self.urls)?,
                "annotations" => decode_string_map(val, &p, &mut self.annotations)?,
                "data" => decode_bytes(val, &p, &mut self.data)?,
                "platform" => match val {
                    Value::Null => self.platform = None,
                    _ => self
                        .platform
                        .get_or_insert_with(Platform::default)
                        .decode_into(val, &p)?,
                },
                _ => decode_string(val, &p, &mut self.artifact_type)?,
            }
        }
        Ok(())
    }
}

impl Manifest {
    /// Decodes like Go `json.Unmarshal(b, &ocispec.Manifest{})`.
    pub fn from_go_json(b: &[u8]) -> Result<Self> {
        let v = gojson::parse(b)?;
        let mut m = Manifest::default();
        m.decode_into(&v)?;
        Ok(m)
    }

    /// Go `json.Marshal` bytes (compact, no trailing newline).
    pub fn to_go_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = ObjectWriter::new(&mut out);
        w.int("schemaVersion", self.schema_version);
        if !self.media_type.is_empty() {
            w.string("mediaType", &self.media_type);
        }
        if !self.artifact_type.is_empty() {
            w.string("artifactType", &self.artifact_type);
        }
        self.config.write_go(w.key("config"));
        write_descriptor_list(w.key("layers"), self.layers.as_deref());
        if let Some(s) = &self.subject {
            s.write_go(w.key("subject"));
        }
        if !self.annotations.is_empty() {
            gojson::write_string_map(w.key("annotations"), &self.annotations);
        }
        w.end();
        out
    }

    pub(crate) fn decode_into(&mut self, v: &Value) -> Result<()> {
        const F: &[&str] = &[
            "schemaVersion",
            "mediaType",
            "artifactType",
            "config",
            "layers",
            "subject",
            "annotations",
        ];
        let Some(members) = object_members(v, "", "v1.Manifest")? else {
            return Ok(());
        };
        for (k, val) in members {
            let Some(f) = gojson::match_field(k, F) else {
                continue;
            };
            match f {
                "schemaVersion" => decode_int(val, f, &mut self.schema_version)?,
                "mediaType" => decode_string(val, f, &mut self.media_type)?,
                "artifactType" => decode_string(val, f, &mut self.artifact_type)?,
                "config" => self.config.decode_into(val, f)?,
                "layers" => decode_descriptor_list(val, f, &mut self.layers)?,
                "subject" => decode_descriptor_ptr(val, f, &mut self.subject)?,
                _ => decode_string_map(val, f, &mut self.annotations)?,
            }
        }
        Ok(())
    }
}

impl Index {
    /// Decodes like Go `json.Unmarshal(b, &ocispec.Index{})`.
    pub fn from_go_json(b: &[u8]) -> Result<Self> {
        const F: &[&str] = &[
            "schemaVersion",
            "mediaType",
            "artifactType",
            "manifests",
            "subject",
            "annotations",
        ];
        let v = gojson::parse(b)?;
        let mut ix = Index::default();
        let Some(members) = object_members(&v, "", "v1.Index")? else {
            return Ok(ix);
        };
        for (k, val) in members {
            let Some(f) = gojson::match_field(k, F) else {
                continue;
            };
            match f {
                "schemaVersion" => decode_int(val, f, &mut ix.schema_version)?,
                "mediaType" => decode_string(val, f, &mut ix.media_type)?,
                "artifactType" => decode_string(val, f, &mut ix.artifact_type)?,
                "manifests" => decode_descriptor_list(val, f, &mut ix.manifests)?,
                "subject" => decode_descriptor_ptr(val, f, &mut ix.subject)?,
                _ => decode_string_map(val, f, &mut ix.annotations)?,
            }
        }
        Ok(ix)
    }

    /// Go `json.Marshal` bytes (compact, no trailing newline).
    pub fn to_go_json(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = ObjectWriter::new(&mut out);
        w.int("schemaVersion", self.schema_version);
        if !self.media_type.is_empty() {
            w.string("mediaType", &self.media_type);
        }
        if !self.artifact_type.is_empty() {
            w.string("artifactType", &self.artifact_type);
        }
        write_descriptor_list(w.key("manifests"), self.manifests.as_deref());
        if let Some(s) = &self.subject {
            s.write_go(w.key("subject"));
        }
        if !self.annotations.is_empty() {
            gojson::write_string_map(w.key("annotations"), &self.annotations);
        }
        w.end();
        out
    }
}

/// soci's `ociutil.ValidateMediaType` (a copy of containerd's `validateMediaType`): a document
/// loaded through a descriptor of media type `expected` must not look like the other kind
/// (manifest vs index), and schema 1 documents are refused.
pub fn validate_media_type(b: &[u8], expected: &str) -> Result<()> {
    let v = gojson::parse(b)?;
    let Some(members) = object_members(&v, "", "ociutil.UnknownDocument")? else {
        return Ok(());
    };
    let mut media_type = String::new();
    let (mut config, mut layers, mut manifests, mut fs_layers) = (false, false, false, false);
    for (k, val) in members {
        // json.RawMessage fields count as present even for a literal null.
        match gojson::match_field(
            k,
            &["mediaType", "config", "layers", "manifests", "fsLayers"],
        ) {
            Some("mediaType") => decode_string(val, "mediaType", &mut media_type)?,
            Some("config") => config = true,
            Some("layers") => layers = true,
            Some("manifests") => manifests = true,
            Some(_) => fs_layers = true,
            None => {}
        }
    }
    if fs_layers {
        return Err(Error::WrongDocumentKind(
            "media-type: schema 1 not supported",
        ));
    }
    if crate::media::is_manifest(expected) && (manifests || crate::media::is_index(&media_type)) {
        return Err(Error::WrongDocumentKind(
            "media-type: expected manifest but found index",
        ));
    }
    if crate::media::is_index(expected)
        && (config || layers || crate::media::is_manifest(&media_type))
    {
        return Err(Error::WrongDocumentKind(
            "media-type: expected index but found manifest",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Go decoding primitives. Each decodes *into* an existing value, because Go does so too
// (duplicate keys are applied in order onto the same field).

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn type_err(v: &Value, path: &str, expected: &'static str) -> Error {
    let found = match v {
        Value::Number(n) => format!("number {n}"),
        other => other.kind().to_string(),
    };
    Error::Type {
        field: if path.is_empty() {
            "(document)".to_string()
        } else {
            path.to_string()
        },
        expected,
        found,
    }
}

/// `Some(members)` for an object, `None` for null (a no-op in Go), a type error otherwise.
fn object_members<'v>(
    v: &'v Value,
    path: &str,
    ty: &'static str,
) -> Result<Option<&'v [(String, Value)]>> {
    match v {
        Value::Object(m) => Ok(Some(m)),
        Value::Null => Ok(None),
        other => Err(type_err(other, path, ty)),
    }
}

fn decode_string(v: &Value, path: &str, dst: &mut String) -> Result<()> {
    match v {
        Value::String(s) => {
            dst.clone_from(s);
            Ok(())
        }
        Value::Null => Ok(()),
        other => Err(type_err(other, path, "string")),
    }
}

fn decode_int(v: &Value, path: &str, dst: &mut i64) -> Result<()> {
    match v {
        Value::Number(n) => match n.parse::<i64>() {
            Ok(i) => {
                *dst = i;
                Ok(())
            }
            Err(_) => Err(type_err(v, path, "int64")),
        },
        Value::Null => Ok(()),
        other => Err(type_err(other, path, "int64")),
    }
}

fn decode_string_slice(v: &Value, path: &str, dst: &mut Vec<String>) -> Result<()> {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i >= dst.len() {
                    dst.push(String::new());
                }
                decode_string(item, path, &mut dst[i])?;
            }
            dst.truncate(items.len());
            Ok(())
        }
        Value::Null => {
            dst.clear();
            Ok(())
        }
        other => Err(type_err(other, path, "[]string")),
    }
}

fn decode_string_map(v: &Value, path: &str, dst: &mut BTreeMap<String, String>) -> Result<()> {
    match v {
        // Go adds to an existing map; each value starts from "" (so null stores "").
        Value::Object(members) => {
            for (k, val) in members {
                let mut s = String::new();
                decode_string(val, &join(path, k), &mut s)?;
                dst.insert(k.clone(), s);
            }
            Ok(())
        }
        Value::Null => {
            dst.clear();
            Ok(())
        }
        other => Err(type_err(other, path, "map[string]string")),
    }
}

fn decode_bytes(v: &Value, path: &str, dst: &mut Vec<u8>) -> Result<()> {
    match v {
        Value::String(s) => match gojson::base64_decode(s) {
            Some(b) => {
                *dst = b;
                Ok(())
            }
            None => Err(Error::Type {
                field: path.to_string(),
                expected: "[]uint8",
                found: "invalid base64 string".to_string(),
            }),
        },
        // Go also accepts a JSON array of small integers for a []byte.
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i >= dst.len() {
                    dst.push(0);
                }
                match item {
                    Value::Number(n) => match n.parse::<u8>() {
                        Ok(b) => dst[i] = b,
                        Err(_) => return Err(type_err(item, path, "uint8")),
                    },
                    Value::Null => {}
                    other => return Err(type_err(other, path, "uint8")),
                }
            }
            dst.truncate(items.len());
            Ok(())
        }
        Value::Null => {
            dst.clear();
            Ok(())
        }
        other => Err(type_err(other, path, "[]uint8")),
    }
}

pub(crate) fn decode_descriptor_list(
    v: &Value,
    path: &str,
    dst: &mut Option<Vec<Descriptor>>,
) -> Result<()> {
    match v {
        Value::Array(items) => {
            let list = dst.get_or_insert_with(Vec::new);
            for (i, item) in items.iter().enumerate() {
                if i >= list.len() {
                    list.push(Descriptor::default());
                }
                list[i].decode_into(item, &format!("{path}[{i}]"))?;
            }
            list.truncate(items.len());
            Ok(())
        }
        Value::Null => {
            *dst = None;
            Ok(())
        }
        other => Err(type_err(other, path, "[]v1.Descriptor")),
    }
}

pub(crate) fn decode_descriptor_ptr(
    v: &Value,
    path: &str,
    dst: &mut Option<Descriptor>,
) -> Result<()> {
    match v {
        Value::Null => {
            *dst = None;
            Ok(())
        }
        _ => dst
            .get_or_insert_with(Descriptor::default)
            .decode_into(v, path),
    }
}

pub(crate) fn decode_string_field(v: &Value, path: &str, dst: &mut String) -> Result<()> {
    decode_string(v, path, dst)
}

pub(crate) fn decode_map_field(
    v: &Value,
    path: &str,
    dst: &mut BTreeMap<String, String>,
) -> Result<()> {
    decode_string_map(v, path, dst)
}

pub(crate) fn object_members_of<'v>(
    v: &'v Value,
    ty: &'static str,
) -> Result<Option<&'v [(String, Value)]>> {
    object_members(v, "", ty)
}

fn write_descriptor_list(out: &mut Vec<u8>, list: Option<&[Descriptor]>) {
    match list {
        None => out.extend_from_slice(b"null"),
        Some(items) => {
            out.push(b'[');
            for (i, d) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                d.write_go(out);
            }
            out.push(b']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(input: &str) -> String {
        match Manifest::from_go_json(input.as_bytes()) {
            Ok(m) => String::from_utf8_lossy(&m.to_go_json()).into_owned(),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn manifest_defaults_and_nulls() {
        assert_eq!(
            roundtrip("{}"),
            r#"{"schemaVersion":0,"config":{"mediaType":"","digest":"","size":0},"layers":null}"#
        );
        assert_eq!(
            roundtrip(r#"{"layers":[],"annotations":{},"subject":null}"#),
            r#"{"schemaVersion":0,"config":{"mediaType":"","digest":"","size":0},"layers":[]}"#
        );
        assert_eq!(roundtrip("null"), roundtrip("{}"));
    }

    #[test]
    fn manifest_go_decoding_quirks() {
        // Case-insensitive keys, unknown keys dropped, duplicates applied in order and merged
        // into the same struct/map, null keeps scalar values.
        let got = roundtrip(
            r#"{"SchemaVersion":2,"x":1,"config":{"mediaType":"a","size":3},
                "CONFIG":{"digest":"d","mediaType":null},
                "annotations":{"b":"1"},"annotations":{"a":null},
                "layers":[{"size":1,"urls":["u"]},{"size":2}],"layers":[{"digest":"x"}]}"#,
        );
        assert_eq!(
            got,
            r#"{"schemaVersion":2,"config":{"mediaType":"a","digest":"d","size":3},"layers":[{"mediaType":"","digest":"x","size":1,"urls":["u"]}],"annotations":{"a":"","b":"1"}}"#
        );
    }

    #[test]
    fn descriptor_all_fields_in_go_order() {
        let got = roundtrip(
            r#"{"schemaVersion":2,"config":{"artifactType":"t","platform":{"variant":"v8","os.features":["f"],"os.version":"1","os":"linux","architecture":"arm64","features":["x"]},"data":"e30=","annotations":{"z":"<&>","a":"b"},"urls":["http://x"],"size":2,"digest":"sha256:00","mediaType":"m"},"layers":null}"#,
        );
        assert_eq!(
            got,
            r#"{"schemaVersion":2,"config":{"mediaType":"m","digest":"sha256:00","size":2,"urls":["http://x"],"annotations":{"a":"b","z":"\u003c\u0026\u003e"},"data":"e30=","platform":{"architecture":"arm64","os":"linux","os.version":"1","os.features":["f"],"variant":"v8"},"artifactType":"t"},"layers":null}"#
        );
    }

    #[test]
    fn type_errors() {
        for bad in [
            r#"[]"#,
            r#""x""#,
            r#"{"schemaVersion":"2"}"#,
            r#"{"schemaVersion":2.0}"#,
            r#"{"schemaVersion":1e2}"#,
            r#"{"schemaVersion":99999999999999999999}"#,
            r#"{"config":[]}"#,
            r#"{"config":{"size":true}}"#,
            r#"{"layers":{}}"#,
            r#"{"layers":[1]}"#,
            r#"{"annotations":{"a":1}}"#,
            r#"{"annotations":[]}"#,
            r#"{"subject":"x"}"#,
            r#"{"config":{"urls":"x"}}"#,
            r#"{"config":{"data":"e30"}}"#,
            r#"{"config":{"platform":[]}}"#,
        ] {
            let r = Manifest::from_go_json(bad.as_bytes());
            assert!(matches!(r, Err(Error::Type { .. })), "{bad}: {r:?}");
        }
        let r = Manifest::from_go_json(br#"{"config":{"size":"1"}}"#);
        assert_eq!(
            r.err().map(|e| e.to_string()),
            Some("cannot unmarshal string into field config.size of type int64".to_string())
        );
    }

    #[test]
    fn index_roundtrip() {
        let src = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":1,"platform":{"architecture":"amd64","os":"linux"}}],"annotations":{"k":"v"}}"#;
        let ix = Index::from_go_json(src.as_bytes());
        assert_eq!(
            ix.map(|i| i.to_go_json()).ok(),
            Some(src.as_bytes().to_vec())
        );
        let empty = Index::from_go_json(b"{}").map(|i| i.to_go_json()).ok();
        assert_eq!(
            empty,
            Some(br#"{"schemaVersion":0,"manifests":null}"#.to_vec())
        );
    }

    #[test]
    fn validates_media_types() {
        let m = br#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{}}"#;
        assert!(validate_media_type(m, crate::media::OCI_MANIFEST).is_ok());
        assert!(validate_media_type(m, crate::media::DOCKER_MANIFEST).is_ok());
        assert!(validate_media_type(m, crate::media::OCI_INDEX).is_err());
        assert!(validate_media_type(br#"{"fsLayers":[]}"#, crate::media::OCI_MANIFEST).is_err());
        assert!(validate_media_type(br#"{"config":{}}"#, crate::media::OCI_INDEX).is_err());
        assert!(validate_media_type(br#"{"manifests":[]}"#, crate::media::OCI_MANIFEST).is_err());
        assert!(validate_media_type(b"[", crate::media::OCI_MANIFEST).is_err());
    }

    #[test]
    fn platform_format() {
        let p = Platform {
            architecture: "arm64".into(),
            os: "linux".into(),
            variant: "v8".into(),
            ..Default::default()
        };
        assert_eq!(p.format(), "linux/arm64/v8");
    }

    #[test]
    fn converts_to_and_from_the_shared_types() {
        let mut d = Descriptor::new("m", "sha256:a", 7);
        d.annotations.insert("k".into(), "v".into());
        d.platform = Some(Platform {
            os: "linux".into(),
            architecture: "arm64".into(),
            ..Default::default()
        });
        let shared = linnet_oci::Descriptor::from(&d);
        assert_eq!(shared.size, 7);
        assert_eq!(shared.annotation("k"), Some("v"));
        assert_eq!(Descriptor::from(&shared), d);
        assert_eq!(
            linnet_oci::Descriptor::from(&Descriptor::new("m", "d", -1)).size,
            0
        );
    }
}
