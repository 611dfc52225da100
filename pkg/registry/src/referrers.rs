//! OCI referrers (distribution-spec 1.1): artifacts that name a manifest as their `subject`, such
//! as SOCI v1 indexes, signatures or SBOMs.
//!
//! Registries that implement the referrers API index `subject` themselves and say so with an
//! `OCI-Subject` header on the manifest PUT; the list comes from `GET /v2/<name>/referrers/<digest>`.
//! Older registries (docker-registry 2.x, many mirrors) do not, and the spec's fallback is a
//! client-maintained OCI index under the tag `<alg>-<hex>` of the subject digest (the "referrers
//! tag schema"). Both sides live here so every caller gets the same fallback rules.

use std::collections::BTreeMap;

use bytes::Bytes;
use reqwest::header::{HeaderMap, ACCEPT, LINK};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::auth::Scope;
use crate::{read_limited, status_error, Action, Client, Error, Reference, Request, Target};

/// Media type of a referrers list (and of the fallback tag's index).
pub const OCI_INDEX_MEDIA_TYPE: &str = "application/vnd.oci.image.index.v1+json";
/// Response header of a manifest PUT: the registry processed the manifest's `subject`.
pub const OCI_SUBJECT_HEADER: &str = "oci-subject";
/// Response header of a referrers query: which filters the registry applied.
pub const OCI_FILTERS_APPLIED_HEADER: &str = "oci-filters-applied";

/// Largest referrers list page accepted.
const MAX_REFERRERS_SIZE: usize = 4 << 20;
/// Pages followed through `Link: <...>; rel="next"` before giving up on a looping registry.
const MAX_REFERRERS_PAGES: usize = 64;

/// One entry of a referrers list: a manifest whose `subject` is the queried digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Referrer {
    pub media_type: String,
    pub digest: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// The manifest's `artifactType`, else its config media type (what registries report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artifact_type: Option<String>,
}

/// What a registry answered to a manifest PUT.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestPut {
    /// `Docker-Content-Digest`, when sent.
    pub digest: Option<String>,
    /// `OCI-Subject`, when sent: the registry indexed the manifest's `subject` itself.
    pub subject: Option<String>,
}

impl ManifestPut {
    /// True when the registry confirmed that it processed `subject_digest` as the subject; when
    /// false the client must maintain the referrers tag itself.
    pub fn subject_processed(&self, subject_digest: &str) -> bool {
        self.subject.as_deref().map(str::trim) == Some(subject_digest)
    }

    pub(crate) fn from_headers(headers: &HeaderMap) -> ManifestPut {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        ManifestPut {
            digest: text("docker-content-digest"),
            subject: text(OCI_SUBJECT_HEADER),
        }
    }
}

/// The referrers tag of a digest: `<alg>-<encoded>`, the algorithm cut to 32 and the encoded part
/// to 64 characters, anything a tag cannot hold replaced by `-` (`sha256:ab..` -> `sha256-ab..`).
pub fn referrers_tag(digest: &str) -> Result<String, Error> {
    let (alg, encoded) = digest
        .split_once(':')
        .filter(|(a, e)| !a.is_empty() && !e.is_empty())
        .ok_or_else(|| Error::InvalidResponse(format!("invalid digest {digest:?}")))?;
    let clean = |s: &str, max: usize| -> String {
        s.chars()
            .take(max)
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    Ok(format!("{}-{}", clean(alg, 32), clean(encoded, 64)))
}

/// The document of a referrers list; unknown fields and entries survive a rewrite.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReferrersIndex {
    schema_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Vec<serde_json::Value>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// The entries of a referrers list. Malformed entries are skipped: one bad referrer should not
/// hide the others.
fn parse_referrers(body: &[u8]) -> Result<Vec<Referrer>, Error> {
    let index: ReferrersIndex = serde_json::from_slice(body).map_err(|source| Error::Json {
        what: "invalid response from registry: invalid referrers list".into(),
        source,
    })?;
    Ok(index
        .manifests
        .into_iter()
        .filter_map(|v| match serde_json::from_value::<Referrer>(v) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::debug!("skipping malformed referrer: {e}");
                None
            }
        })
        .collect())
}

/// Adds `referrer` to the fallback tag's index (`None`: the tag does not exist yet). Returns the
/// new document, or `None` when the digest is listed already.
fn merge_referrer(existing: Option<&[u8]>, referrer: &Referrer) -> Result<Option<Vec<u8>>, Error> {
    let mut index = match existing {
        Some(body) => {
            serde_json::from_slice::<ReferrersIndex>(body).map_err(|source| Error::Json {
                what: "invalid response from registry: invalid referrers index".into(),
                source,
            })?
        }
        None => ReferrersIndex {
            schema_version: 2,
            media_type: None,
            manifests: Vec::new(),
            extra: BTreeMap::new(),
        },
    };
    let listed = index
        .manifests
        .iter()
        .any(|m| m.get("digest").and_then(|d| d.as_str()) == Some(referrer.digest.as_str()));
    if listed {
        return Ok(None);
    }
    let entry = serde_json::to_value(referrer).map_err(|source| Error::Json {
        what: "cannot encode referrer".into(),
        source,
    })?;
    index.manifests.push(entry);
    index.media_type = Some(OCI_INDEX_MEDIA_TYPE.to_string());
    serde_json::to_vec(&index)
        .map(Some)
        .map_err(|source| Error::Json {
            what: "cannot encode referrers index".into(),
            source,
        })
}

/// The `rel="next"` target of a `Link` header, resolved against the request URL.
fn next_link(headers: &HeaderMap, base: &reqwest::Url) -> Option<reqwest::Url> {
    for value in headers.get_all(LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let mut parts = link.split(';');
            let Some(target) = parts
                .next()
                .map(str::trim)
                .and_then(|t| t.strip_prefix('<'))
                .and_then(|t| t.strip_suffix('>'))
            else {
                continue;
            };
            let is_next = parts.any(|p| {
                let p = p.trim().to_ascii_lowercase();
                p == "rel=\"next\"" || p == "rel=next"
            });
            if is_next {
                return base.join(target).ok();
            }
        }
    }
    None
}

/// True for answers that mean "this registry has no referrers API".
fn api_unsupported(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_IMPLEMENTED
    )
}

impl Client {
    /// PUT a manifest under r's tag (or digest) and report the response headers that matter for
    /// referrers. [`Client::push_manifest`] is this without the answer.
    pub async fn put_manifest(
        &self,
        r: &Reference,
        media_type: &str,
        body: Bytes,
    ) -> Result<ManifestPut, Error> {
        let host = r.registry_host();
        let object = match (r.tag(), r.digest()) {
            (Some(t), _) => t.to_string(),
            (None, Some(d)) => d.to_string(),
            (None, None) => linnet_reference::DEFAULT_TAG.to_string(),
        };
        let path = format!("/v2/{}/manifests/{object}", r.path());
        let mut req = Request::new(
            host,
            Method::PUT,
            Target::Path(path),
            Scope::push(r.path()),
            Action::Push,
            r.familiar_name(),
        )
        .header(reqwest::header::CONTENT_TYPE, media_type)?;
        req.body = crate::Body::Bytes(body);
        let resp = self.send(req).await?;
        if !resp.status().is_success() {
            return Err(status_error(
                resp,
                Action::Push,
                &r.familiar_name(),
                host,
                "",
                &r.familiar_string(),
            )
            .await);
        }
        Ok(ManifestPut::from_headers(resp.headers()))
    }

    /// Manifests in r's repository whose `subject` is `digest`, optionally only those of
    /// `artifact_type`. Uses the referrers API, or the referrers tag when the registry has no such
    /// API; no referrers (or no tag) is an empty list, not an error.
    pub async fn referrers(
        &self,
        r: &Reference,
        digest: &str,
        artifact_type: Option<&str>,
    ) -> Result<Vec<Referrer>, Error> {
        let tag = referrers_tag(digest)?;
        let host = r.registry_host();
        let mut path = format!("/v2/{}/referrers/{digest}", r.path());
        if let Some(t) = artifact_type {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("artifactType", t)
                .finish();
            path = format!("{path}?{query}");
        }
        let subject = format!("{}@{digest}", r.familiar_name());
        let mut target = Target::Path(path);
        let mut found = Vec::new();
        for page in 0..MAX_REFERRERS_PAGES {
            let req = Request::new(
                host,
                Method::GET,
                target,
                Scope::pull(r.path()),
                Action::Pull,
                r.familiar_name(),
            )
            .header(ACCEPT, OCI_INDEX_MEDIA_TYPE)?;
            let resp = self.send(req).await?;
            let status = resp.status();
            if page == 0 && api_unsupported(status) {
                tracing::debug!("{host} has no referrers API ({status}); reading tag {tag}");
                return self.referrers_from_tag(r, &tag, artifact_type).await;
            }
            if !status.is_success() {
                return Err(status_error(
                    resp,
                    Action::Pull,
                    &r.familiar_name(),
                    host,
                    "",
                    &subject,
                )
                .await);
            }
            let next = next_link(resp.headers(), resp.url());
            let body = read_limited(resp, host, MAX_REFERRERS_SIZE, self.inner.limits.idle).await?;
            found.extend(parse_referrers(&body)?);
            match next {
                Some(url) => target = Target::Url(url),
                None => break,
            }
        }
        // Registries may ignore the filter (no `OCI-Filters-Applied`); filtering again is free.
        Ok(filter(found, artifact_type))
    }

    /// The referrers listed under the fallback tag; a missing tag, or one holding something other
    /// than an OCI index, means none.
    async fn referrers_from_tag(
        &self,
        r: &Reference,
        tag: &str,
        artifact_type: Option<&str>,
    ) -> Result<Vec<Referrer>, Error> {
        let subject = format!("{}:{tag}", r.familiar_name());
        match self.get_manifest(r, tag, subject).await {
            Ok((media_type, body)) if media_type == OCI_INDEX_MEDIA_TYPE => {
                Ok(filter(parse_referrers(&body)?, artifact_type))
            }
            Ok((media_type, _)) => {
                tracing::warn!(
                    "referrers tag {tag} of {} holds {media_type}, not an OCI index; ignoring it",
                    r.familiar_name()
                );
                Ok(Vec::new())
            }
            Err(e) if e.is_not_found() => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Lists `referrer` under the referrers tag of `subject_digest` in r's repository, for
    /// registries that did not answer the referrer's PUT with `OCI-Subject`. Returns false when
    /// it was listed already.
    pub async fn add_referrer_to_tag(
        &self,
        r: &Reference,
        subject_digest: &str,
        referrer: &Referrer,
    ) -> Result<bool, Error> {
        let tag = referrers_tag(subject_digest)?;
        let subject = format!("{}:{tag}", r.familiar_name());
        let existing = match self.get_manifest(r, &tag, subject).await {
            Ok((media_type, body)) if media_type == OCI_INDEX_MEDIA_TYPE => Some(body),
            Ok((media_type, _)) => {
                return Err(Error::InvalidResponse(format!(
                    "referrers tag {tag} of {} holds {media_type}, not an OCI index",
                    r.familiar_name()
                )))
            }
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(e),
        };
        let Some(updated) = merge_referrer(existing.as_deref(), referrer)? else {
            return Ok(false);
        };
        let tagged = r.without_tag_and_digest().with_tag(&tag);
        self.put_manifest(&tagged, OCI_INDEX_MEDIA_TYPE, Bytes::from(updated))
            .await?;
        Ok(true)
    }
}

fn filter(found: Vec<Referrer>, artifact_type: Option<&str>) -> Vec<Referrer> {
    match artifact_type {
        Some(t) => found
            .into_iter()
            .filter(|r| r.artifact_type.as_deref() == Some(t))
            .collect(),
        None => found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const HEX: &str = "ab5a62720aa71c964aae400825284ca3e8229934928394e68a06e395a225faae";

    fn referrer(digest: &str) -> Referrer {
        Referrer {
            media_type: "application/vnd.oci.image.manifest.v1+json".into(),
            digest: digest.into(),
            size: 876,
            annotations: BTreeMap::from([(
                "com.amazon.soci.build-tool-identifier".to_string(),
                "AWS SOCI CLI v0.2".to_string(),
            )]),
            artifact_type: Some("application/vnd.amazon.soci.index.v1+json".into()),
        }
    }

    #[test]
    fn tag_names() {
        assert_eq!(
            referrers_tag(&format!("sha256:{HEX}")).unwrap(),
            format!("sha256-{HEX}")
        );
        let long = format!("sha512:{HEX}{HEX}");
        assert_eq!(referrers_tag(&long).unwrap(), format!("sha512-{HEX}"));
        assert_eq!(
            referrers_tag("sha256+b64u:a=b/c").unwrap(),
            "sha256-b64u-a-b-c"
        );
        assert!(referrers_tag("nodigest").is_err());
        assert!(referrers_tag("sha256:").is_err());
    }

    #[test]
    fn merge_into_new_and_existing_index() {
        let first = referrer(&format!("sha256:{HEX}"));
        let created = merge_referrer(None, &first).unwrap().expect("new index");
        let v: serde_json::Value = serde_json::from_slice(&created).unwrap();
        assert_eq!(v["schemaVersion"], 2);
        assert_eq!(v["mediaType"], OCI_INDEX_MEDIA_TYPE);
        assert_eq!(v["manifests"][0]["digest"], first.digest);
        assert_eq!(
            v["manifests"][0]["artifactType"],
            "application/vnd.amazon.soci.index.v1+json"
        );
        assert_eq!(
            v["manifests"][0]["annotations"]["com.amazon.soci.build-tool-identifier"],
            "AWS SOCI CLI v0.2"
        );
        // Listed already: nothing to write.
        assert!(merge_referrer(Some(&created), &first).unwrap().is_none());

        // Another tool's entry (with fields linnet does not know) and the index's own extras stay.
        let other = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111","size":5,"artifactType":"application/vnd.example.sig","data":"e30="}],"annotations":{"x":"y"}}"#;
        let merged = merge_referrer(Some(other), &first).unwrap().expect("added");
        let v: serde_json::Value = serde_json::from_slice(&merged).unwrap();
        assert_eq!(v["manifests"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["manifests"][0]["data"], "e30=");
        assert_eq!(v["manifests"][1]["digest"], first.digest);
        assert_eq!(v["annotations"]["x"], "y");
        assert!(merge_referrer(Some(b"[]"), &first).is_err());
    }

    #[test]
    fn parses_and_filters_referrers() {
        let body = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1","size":1,"artifactType":"application/vnd.amazon.soci.index.v1+json"},
            {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2","size":2,"artifactType":"application/vnd.example.sig"},
            {"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:3","size":3},
            {"digest":"broken"}]}"#;
        let all = parse_referrers(body).unwrap();
        assert_eq!(all.len(), 3);
        let soci = filter(all, Some("application/vnd.amazon.soci.index.v1+json"));
        assert_eq!(soci.len(), 1);
        assert_eq!(soci[0].digest, "sha256:1");
        assert!(parse_referrers(b"{}").is_err());
    }

    #[test]
    fn oci_subject_detection() {
        let subject = format!("sha256:{HEX}");
        let mut h = HeaderMap::new();
        assert!(!ManifestPut::from_headers(&h).subject_processed(&subject));
        h.insert("OCI-Subject", HeaderValue::from_str(&subject).unwrap());
        h.insert(
            "Docker-Content-Digest",
            HeaderValue::from_static("sha256:ffff"),
        );
        let put = ManifestPut::from_headers(&h);
        assert!(put.subject_processed(&subject));
        assert_eq!(put.digest.as_deref(), Some("sha256:ffff"));
        assert!(!put.subject_processed("sha256:0000"));
    }

    #[test]
    fn link_header_pagination() {
        let base = reqwest::Url::parse("http://127.0.0.1:5000/v2/app/referrers/sha256:1").unwrap();
        let mut h = HeaderMap::new();
        assert_eq!(next_link(&h, &base), None);
        h.insert(
            LINK,
            HeaderValue::from_static("</v2/app/referrers/sha256:1?n=10&last=abc>; rel=\"next\""),
        );
        assert_eq!(
            next_link(&h, &base).map(|u| u.to_string()).as_deref(),
            Some("http://127.0.0.1:5000/v2/app/referrers/sha256:1?n=10&last=abc")
        );
        let mut h = HeaderMap::new();
        h.insert(
            LINK,
            HeaderValue::from_static("<https://other/x>; rel=\"prev\""),
        );
        assert_eq!(next_link(&h, &base), None);
    }

    #[test]
    fn unsupported_statuses() {
        assert!(api_unsupported(StatusCode::NOT_FOUND));
        assert!(api_unsupported(StatusCode::METHOD_NOT_ALLOWED));
        assert!(!api_unsupported(StatusCode::UNAUTHORIZED));
        assert!(!api_unsupported(StatusCode::BAD_REQUEST));
    }
}
