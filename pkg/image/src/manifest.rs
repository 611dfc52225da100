//! The JSON documents of an image: index, manifest and descriptor. Only the fields linnet reads
//! are typed; everything else is kept in `extra` so that documents round-trip unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::platform::Platform;
use crate::Error;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Descriptor {
    pub media_type: String,
    pub digest: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
}

impl Descriptor {
    pub fn new(media_type: &str, digest: &str, size: u64) -> Descriptor {
        Descriptor {
            media_type: media_type.to_string(),
            digest: digest.to_string(),
            size,
            urls: None,
            annotations: None,
            platform: None,
            artifact_type: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default)]
    pub manifests: Vec<Descriptor>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    pub config: Descriptor,
    #[serde(default)]
    pub layers: Vec<Descriptor>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Manifest {
    /// The SOCI index a converted image names in its `com.amazon.soci.index-digest` annotation.
    pub fn soci_index_digest(&self) -> Option<&str> {
        self.extra
            .get("annotations")?
            .get(linnet_soci::ANNOTATION_SOCI_INDEX_DIGEST)?
            .as_str()
    }
}

/// The parts of an image config linnet needs beyond `oci_spec`'s view: diff IDs and platform.
#[derive(Debug, Clone, Deserialize)]
pub struct ConfigHeader {
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub architecture: String,
    #[serde(default)]
    pub variant: String,
    #[serde(default)]
    pub created: Option<String>,
    pub rootfs: RootFs,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RootFs {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub diff_ids: Vec<String>,
}

impl ConfigHeader {
    pub fn platform(&self) -> Platform {
        Platform {
            os: self.os.clone(),
            architecture: self.architecture.clone(),
            variant: self.variant.clone(),
            os_version: String::new(),
        }
        .normalized()
    }
}

pub fn parse_index(digest: &str, bytes: &[u8]) -> Result<Index, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::invalid("index", digest, e))
}

pub fn parse_manifest(digest: &str, bytes: &[u8]) -> Result<Manifest, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::invalid("manifest", digest, e))
}

pub fn parse_config_header(digest: &str, bytes: &[u8]) -> Result<ConfigHeader, Error> {
    serde_json::from_slice(bytes).map_err(|e| Error::invalid("image config", digest, e))
}

/// `sha256:<hex>` of some bytes.
pub fn sha256_digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

/// Checks that a digest string is one linnet can verify and use as a path component.
pub fn validate_digest(digest: &str) -> Result<(), Error> {
    match digest.strip_prefix("sha256:") {
        Some(hex)
            if hex.len() == 64
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) =>
        {
            Ok(())
        }
        _ => Err(Error::invalid(
            "digest",
            digest,
            "expected sha256:<64 lowercase hex digits>",
        )),
    }
}
