//! Parsing the JSON documents of an image (index, manifest, config header) into the shared
//! `linnet-oci` types, with errors that name the document.

use serde::Deserialize;

pub use linnet_oci::{sha256_digest, Descriptor, Index, Manifest};

use crate::platform::Platform;
use crate::Error;

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
