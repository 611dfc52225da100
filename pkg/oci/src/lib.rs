//! The OCI image vocabulary every linnet crate speaks: [`Descriptor`], [`Manifest`], [`Index`],
//! [`Platform`], the [`media`] types and the one [`sha256_digest`].
//!
//! One definition each, so that a size is a `u64` everywhere and a platform matches the same
//! way in pull, save and convert. The serde types keep unknown fields in `extra` so documents
//! round-trip unchanged. Byte-exact Go JSON (what SOCI digests depend on) is not this crate's
//! job: `linnet-soci` keeps its own Go-shaped types and converts to and from these. Pure, no I/O.

#![forbid(unsafe_code)]

pub mod media;
mod platform;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

pub use platform::{list as platform_list, Platform};

/// What can go wrong with the vocabulary itself.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid platform {0:?}: expected os[/arch[/variant]]")]
    InvalidPlatform(String),
}

/// An OCI content descriptor. Sizes are `u64`: a blob cannot have a negative length, and the
/// crates that meet an `i64` (containerd's protobufs, Go JSON in `linnet-soci`) convert at
/// their edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    /// The value of one annotation, if set.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.as_ref()?.get(key).map(String::as_str)
    }
}

/// An OCI image index or Docker manifest list.
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

/// An OCI image manifest or Docker v2 schema 2 manifest.
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
    /// The value of one manifest annotation, if set (annotations live in `extra`).
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.extra.get("annotations")?.get(key)?.as_str()
    }
}

/// `sha256:<hex>` of some bytes (go-digest `FromBytes`).
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_of_empty_json() {
        assert_eq!(
            sha256_digest(b"{}"),
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }

    #[test]
    fn manifest_round_trips_unknown_fields() {
        let json = r#"{"schemaVersion":2,"config":{"mediaType":"a","digest":"sha256:1","size":2},"layers":[],"annotations":{"k":"v"},"subject":{"x":1}}"#;
        let m: Manifest = serde_json::from_str(json).unwrap();
        assert_eq!(m.annotation("k"), Some("v"));
        let back: serde_json::Value = serde_json::to_value(&m).unwrap();
        assert_eq!(back["subject"]["x"], 1);
    }
}
