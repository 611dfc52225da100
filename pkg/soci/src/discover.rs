//! Which SOCI index serves an image manifest, and how far to believe it: one rule for `pull`,
//! the snapshotter and `soci` commands, so they never pick different indexes for one image.
//!
//! The rule is soci-snapshotter's: the manifest's `com.amazon.soci.index-digest` annotation
//! (v2) first, else the newest v1 referrer. Trust follows the path: the annotation is part of a
//! manifest fetched by digest, so its index is as good as the image ([`IndexTrust::Trusted`]);
//! a referrer is listed by the registry for anyone with push access to the repository, so its
//! index is input to verify ([`IndexTrust::Untrusted`]).

use chrono::{DateTime, FixedOffset};

use crate::{Manifest, ANNOTATION_SOCI_INDEX_DIGEST, SOCI_INDEX_ARTIFACT_TYPE_V1};

/// `org.opencontainers.image.created`, which orders v1 referrers.
pub const ANNOTATION_CREATED: &str = "org.opencontainers.image.created";

/// How an index was found, which decides how far its ztocs are believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexTrust {
    /// Named by the image manifest's annotation (or explicitly by the user).
    Trusted,
    /// Found only through v1 referrers.
    Untrusted,
}

impl IndexTrust {
    /// Lower-case name used in labels and output.
    pub fn as_str(self) -> &'static str {
        match self {
            IndexTrust::Trusted => "trusted",
            IndexTrust::Untrusted => "untrusted",
        }
    }

    /// Parses [`IndexTrust::as_str`]; anything else is untrusted.
    pub fn parse(s: &str) -> IndexTrust {
        if s == "trusted" {
            IndexTrust::Trusted
        } else {
            IndexTrust::Untrusted
        }
    }
}

/// One entry of a referrers list, as far as the rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferrerCandidate<'a> {
    /// Digest of the referring manifest.
    pub digest: &'a str,
    /// Its media type.
    pub media_type: &'a str,
    /// Its artifact type (or config media type).
    pub artifact_type: Option<&'a str>,
    /// Its `org.opencontainers.image.created` annotation, if any.
    pub created: Option<&'a str>,
}

/// The index chosen for a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenIndex {
    /// Digest of the SOCI index manifest.
    pub digest: String,
    /// How far to believe it.
    pub trust: IndexTrust,
}

/// The v2 index digest a manifest's annotation names (bytes of a manifest fetched by digest).
pub fn annotated_index(manifest: &[u8]) -> Option<String> {
    let m = Manifest::from_go_json(manifest).ok()?;
    m.annotations
        .get(ANNOTATION_SOCI_INDEX_DIGEST)
        .filter(|d| !d.is_empty())
        .cloned()
}

/// Picks the index for a manifest: its annotation (`manifest`, when the caller has the bytes),
/// else the newest v1 SOCI referrer by `created` (referrers without a valid date count as
/// older than dated ones; among equals the last listed, i.e. the one added last, wins).
pub fn choose_index(
    manifest: Option<&[u8]>,
    referrers: &[ReferrerCandidate<'_>],
) -> Option<ChosenIndex> {
    if let Some(digest) = manifest.and_then(annotated_index) {
        return Some(ChosenIndex {
            digest,
            trust: IndexTrust::Trusted,
        });
    }
    let created = |r: &ReferrerCandidate<'_>| -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(r.created?).ok()
    };
    referrers
        .iter()
        .filter(|r| {
            crate::media::is_manifest(r.media_type)
                && r.artifact_type == Some(SOCI_INDEX_ARTIFACT_TYPE_V1)
        })
        // max_by_key keeps the last of equal keys.
        .max_by_key(|r| created(r))
        .map(|r| ChosenIndex {
            digest: r.digest.to_string(),
            trust: IndexTrust::Untrusted,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media;

    fn cand<'a>(digest: &'a str, created: Option<&'a str>) -> ReferrerCandidate<'a> {
        ReferrerCandidate {
            digest,
            media_type: media::OCI_MANIFEST,
            artifact_type: Some(SOCI_INDEX_ARTIFACT_TYPE_V1),
            created,
        }
    }

    #[test]
    fn newest_referrer_else_last() {
        assert!(choose_index(None, &[]).is_none());
        let two = [
            cand("sha256:new", Some("2026-01-02T00:00:00Z")),
            cand("sha256:old", Some("2026-01-01T00:00:00+00:00")),
        ];
        let c = choose_index(None, &two).expect("one");
        assert_eq!(c.digest, "sha256:new");
        assert_eq!(c.trust, IndexTrust::Untrusted);
        let undated = [cand("sha256:a", None), cand("sha256:b", None)];
        assert_eq!(
            choose_index(None, &undated).expect("one").digest,
            "sha256:b"
        );
        let mixed = [
            cand("sha256:dated", Some("2020-01-01T00:00:00Z")),
            cand("sha256:x", None),
        ];
        assert_eq!(
            choose_index(None, &mixed).expect("one").digest,
            "sha256:dated"
        );
        let mut other = cand("sha256:other", None);
        other.artifact_type = Some("application/example");
        assert!(choose_index(None, &[other]).is_none());
    }

    #[test]
    fn annotation_wins_and_is_trusted() {
        let manifest = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:c","size":1},"layers":[],"annotations":{"com.amazon.soci.index-digest":"sha256:v2"}}"#;
        let two = [cand("sha256:new", Some("2026-01-02T00:00:00Z"))];
        let c = choose_index(Some(manifest), &two).expect("chosen");
        assert_eq!(c.digest, "sha256:v2");
        assert_eq!(c.trust, IndexTrust::Trusted);
        let plain = br#"{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:c","size":1},"layers":[]}"#;
        assert_eq!(
            choose_index(Some(plain), &two).expect("chosen").trust,
            IndexTrust::Untrusted
        );
    }
}
