//! Docker-compatible image references.
//!
//! Users type short names (`alpine`, `user/app:v1`, `localhost:5000/app@sha256:...`) and expect the
//! exact normalization Docker applies (distribution/reference `ParseNormalizedNamed`): Docker Hub is
//! the default domain, single-component Hub names live under `library/`, and the tag defaults to
//! `latest` only when neither a tag nor a digest is given, and a tag beside a digest is dropped
//! (Docker's daemon ignores it). Everything else in linnet (containerd image names, registry URLs,
//! output) is derived from the normalized form kept here.

#![forbid(unsafe_code)]

use std::fmt;
use std::str::FromStr;

/// The domain Docker uses for unqualified names.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// The legacy Docker Hub domain, normalized to [`DEFAULT_DOMAIN`].
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The host that actually serves Docker Hub's registry API.
pub const DOCKER_HUB_REGISTRY_HOST: &str = "registry-1.docker.io";
/// Repository prefix for Docker Hub's official images.
const OFFICIAL_REPO_PREFIX: &str = "library/";
/// Tag used when a reference names neither a tag nor a digest.
pub const DEFAULT_TAG: &str = "latest";
/// Longest allowed repository name (domain and path), as in distribution/reference.
const NAME_TOTAL_LENGTH_MAX: usize = 255;
/// Longest allowed tag.
const TAG_LENGTH_MAX: usize = 128;

/// Why a reference could not be parsed. Messages follow Docker's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid reference format")]
    InvalidFormat,
    #[error("invalid reference format: repository name must be lowercase")]
    NameContainsUppercase,
    #[error("invalid reference format: repository name must have at least one component")]
    NameEmpty,
    #[error(
        "invalid reference format: repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
    )]
    NameTooLong,
    #[error("invalid reference format: invalid tag format")]
    InvalidTag,
    #[error("invalid reference format: invalid digest format")]
    InvalidDigest,
    #[error("invalid repository name ({0}), cannot specify 64-byte hexadecimal strings")]
    HexIdentifier(String),
}

/// A normalized image reference: `domain/path[:tag][@digest]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<String>,
}

impl Reference {
    /// Parses and normalizes a reference the way `docker pull` does.
    pub fn parse(s: &str) -> Result<Reference, Error> {
        if is_hex_identifier(s) {
            return Err(Error::HexIdentifier(s.to_string()));
        }
        let (domain, remainder) = split_docker_domain(s);
        // Only the name part must be lowercase; tags may contain capitals.
        let name_part = remainder
            .find([':', '@'])
            .map_or(remainder.as_str(), |i| &remainder[..i]);
        if name_part.to_lowercase() != name_part {
            return Err(Error::NameContainsUppercase);
        }
        let mut reference = parse_full(&format!("{domain}/{remainder}"))?;
        if reference.digest.is_some() {
            // `repo:tag@digest` names the digest: Docker pulls, stores and finds `repo@digest`
            // and ignores the tag (kept, it made a look-alike `repo:tag` image).
            reference.tag = None;
        } else if reference.tag.is_none() {
            reference.tag = Some(DEFAULT_TAG.to_string());
        }
        Ok(reference)
    }

    /// The registry domain as written (`docker.io`, `localhost:5000`).
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path inside the registry (`library/alpine`).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn digest(&self) -> Option<&str> {
        self.digest.as_deref()
    }

    /// The fully qualified repository name: `docker.io/library/alpine`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// The short name Docker shows: `alpine`, `user/app`, `localhost:5000/app`.
    pub fn familiar_name(&self) -> String {
        if self.domain == DEFAULT_DOMAIN {
            match self.path.strip_prefix(OFFICIAL_REPO_PREFIX) {
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => self.path.clone(),
            }
        } else {
            self.name()
        }
    }

    /// The short form with tag and digest: `alpine:latest`.
    pub fn familiar_string(&self) -> String {
        self.render(self.familiar_name())
    }

    /// The same repository with `tag` set (a digest, if any, is kept, as Docker's `WithTag`).
    pub fn with_tag(&self, tag: &str) -> Reference {
        Reference {
            tag: Some(tag.to_string()),
            ..self.clone()
        }
    }

    /// The same repository and tag with `digest` set.
    pub fn with_digest(&self, digest: &str) -> Reference {
        Reference {
            digest: Some(digest.to_string()),
            ..self.clone()
        }
    }

    /// The same repository with neither tag nor digest replaced: only the name.
    pub fn without_tag_and_digest(&self) -> Reference {
        Reference {
            tag: None,
            digest: None,
            ..self.clone()
        }
    }

    /// The host to send registry API requests to.
    pub fn registry_host(&self) -> &str {
        if self.domain == DEFAULT_DOMAIN {
            DOCKER_HUB_REGISTRY_HOST
        } else {
            &self.domain
        }
    }

    fn render(&self, name: String) -> String {
        let mut out = name;
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(self.name()))
    }
}

impl FromStr for Reference {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reference::parse(s)
    }
}

/// True for a well-formed digest with a supported algorithm: `sha256:<64 lowercase hex>`
/// (also `sha384`/`sha512` with their lengths).
pub fn is_digest(s: &str) -> bool {
    validate_digest(s).is_ok()
}

/// True for a 64-character hexadecimal string, which Docker refuses as a repository name because
/// it would be ambiguous with an image ID.
fn is_hex_identifier(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// distribution/reference `splitDockerDomain` as dockerd 20.10 applies it: the first component is
/// a registry only when it has a `.` or `:` or is `localhost`. Newer clients also take an upper-case
/// first component for a host, but the daemon does not, so `UPPER/x` is a Hub name that fails the
/// lower-case rule, as `docker tag`/`pull`/`create` report.
fn split_docker_domain(name: &str) -> (String, String) {
    let (mut domain, mut remainder) = match name.find('/') {
        Some(i) if name[..i].contains(['.', ':']) || &name[..i] == "localhost" => {
            (name[..i].to_string(), name[i + 1..].to_string())
        }
        _ => (DEFAULT_DOMAIN.to_string(), name.to_string()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN.to_string();
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        remainder = format!("{OFFICIAL_REPO_PREFIX}{remainder}");
    }
    (domain, remainder)
}

/// Parses a fully qualified `domain/path[:tag][@digest]` against the reference grammar.
fn parse_full(s: &str) -> Result<Reference, Error> {
    if s.is_empty() {
        return Err(Error::NameEmpty);
    }
    let (rest, digest) = match s.find('@') {
        Some(i) => {
            let digest = &s[i + 1..];
            validate_digest(digest)?;
            (&s[..i], Some(digest.to_string()))
        }
        None => (s, None),
    };
    // A ':' after the last '/' starts the tag; earlier ones belong to a port.
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest[last_slash..].find(':') {
        Some(j) => {
            let i = last_slash + j;
            let tag = &rest[i + 1..];
            validate_tag(tag)?;
            (&rest[..i], Some(tag.to_string()))
        }
        None => (rest, None),
    };
    if name.is_empty() {
        return Err(Error::NameEmpty);
    }
    if name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(Error::NameTooLong);
    }
    let (domain, path) = name.split_once('/').ok_or(Error::InvalidFormat)?;
    validate_domain(domain)?;
    for component in path.split('/') {
        validate_path_component(component)?;
    }
    Ok(Reference {
        domain: domain.to_string(),
        path: path.to_string(),
        tag,
        digest,
    })
}

/// `host[:port]` where host is DNS-like components or a bracketed IPv6 address.
fn validate_domain(domain: &str) -> Result<(), Error> {
    let (host, port) = if let Some(inner) = domain.strip_prefix('[') {
        let end = inner.find(']').ok_or(Error::InvalidFormat)?;
        let addr = &inner[..end];
        if addr.is_empty() || addr.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(Error::InvalidFormat);
        }
        let after = &inner[end + 1..];
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(Error::InvalidFormat)?),
        };
        (None, port)
    } else {
        match domain.split_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(domain), None),
        }
    };
    if let Some(host) = host {
        if host.is_empty() {
            return Err(Error::InvalidFormat);
        }
        for component in host.split('.') {
            let bytes = component.as_bytes();
            let valid = !bytes.is_empty()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && bytes[0] != b'-'
                && bytes[bytes.len() - 1] != b'-';
            if !valid {
                return Err(Error::InvalidFormat);
            }
        }
    }
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidFormat);
        }
    }
    Ok(())
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn validate_path_component(component: &str) -> Result<(), Error> {
    let bytes = component.as_bytes();
    if bytes.is_empty() {
        return Err(Error::InvalidFormat);
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.iter().any(|b| b.is_ascii_uppercase()) {
        return Err(Error::NameContainsUppercase);
    }
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Err(Error::InvalidFormat);
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or any number of "-".
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &component[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-');
        if !ok {
            return Err(Error::InvalidFormat);
        }
    }
    Ok(())
}

/// `[\w][\w.-]{0,127}`
fn validate_tag(tag: &str) -> Result<(), Error> {
    let bytes = tag.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let valid = !bytes.is_empty()
        && bytes.len() <= TAG_LENGTH_MAX
        && word(bytes[0])
        && bytes.iter().all(|b| word(*b) || *b == b'.' || *b == b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidTag)
    }
}

/// `algorithm:hex` for the algorithms go-digest knows, with the exact hex length.
fn validate_digest(digest: &str) -> Result<(), Error> {
    let (algorithm, hex) = digest.split_once(':').ok_or(Error::InvalidDigest)?;
    let expected = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(Error::InvalidDigest),
    };
    let valid =
        hex.len() == expected && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidDigest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: &str = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn full(s: &str) -> String {
        Reference::parse(s)
            .map(|r| r.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn normalizes_like_docker() {
        let cases = [
            ("ubuntu", "docker.io/library/ubuntu:latest"),
            ("library/ubuntu", "docker.io/library/ubuntu:latest"),
            ("docker.io/ubuntu", "docker.io/library/ubuntu:latest"),
            (
                "docker.io/library/ubuntu",
                "docker.io/library/ubuntu:latest",
            ),
            ("index.docker.io/ubuntu", "docker.io/library/ubuntu:latest"),
            ("ubuntu:22.04", "docker.io/library/ubuntu:22.04"),
            ("user/app", "docker.io/user/app:latest"),
            ("user/app/sub:v1", "docker.io/user/app/sub:v1"),
            ("localhost/x", "localhost/x:latest"),
            ("localhost:5000/x:tag", "localhost:5000/x:tag"),
            ("foo.com:8080/bar", "foo.com:8080/bar:latest"),
            ("foo.com/bar/baz", "foo.com/bar/baz:latest"),
            ("127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b:latest"),
            ("[::1]:5000/a", "[::1]:5000/a:latest"),
            ("ubuntu:Latest_1", "docker.io/library/ubuntu:Latest_1"),
            ("u/a-b__c.d_e---f", "docker.io/u/a-b__c.d_e---f:latest"),
        ];
        for (input, want) in cases {
            assert_eq!(full(input), want, "input {input}");
        }
    }

    #[test]
    fn digests_suppress_default_tag() {
        let r = Reference::parse(&format!("localhost:5000/a/b@{D}")).expect("parse");
        assert_eq!(r.tag(), None);
        assert_eq!(r.digest(), Some(D));
        assert_eq!(r.to_string(), format!("localhost:5000/a/b@{D}"));
        // A tag beside a digest is checked, then ignored, as Docker does.
        let r = Reference::parse(&format!("alpine:3@{D}")).expect("parse");
        assert_eq!(r.tag(), None);
        assert_eq!(r.to_string(), format!("docker.io/library/alpine@{D}"));
        assert_eq!(r.familiar_string(), format!("alpine@{D}"));
        assert_eq!(
            Reference::parse(&format!("alpine:-bad@{D}")),
            Err(Error::InvalidTag)
        );
    }

    #[test]
    fn rejects_invalid() {
        let cases = [
            ("Ubuntu", Error::NameContainsUppercase),
            ("Foo/bar", Error::NameContainsUppercase),
            ("UPPER/case:tag", Error::NameContainsUppercase),
            ("user/App", Error::NameContainsUppercase),
            ("localhost:5000/Upper", Error::NameContainsUppercase),
            ("", Error::InvalidFormat),
            ("alpine:", Error::InvalidTag),
            ("alpine:-x", Error::InvalidTag),
            ("alpine@sha256:abc", Error::InvalidDigest),
            (
                "alpine@md5:d41d8cd98f00b204e9800998ecf8427e",
                Error::InvalidDigest,
            ),
            (
                "alpine@sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                Error::InvalidDigest,
            ),
            ("a//b", Error::InvalidFormat),
            ("a/b/", Error::InvalidFormat),
            ("-a", Error::InvalidFormat),
            ("a..b", Error::InvalidFormat),
            ("a___b", Error::InvalidFormat),
            ("foo.com:port/bar", Error::InvalidFormat),
            ("foo-.com/bar", Error::InvalidFormat),
            ("a b", Error::InvalidFormat),
        ];
        for (input, want) in cases {
            assert_eq!(Reference::parse(input), Err(want), "input {input:?}");
        }
        let long_tag = format!("alpine:{}", "a".repeat(129));
        assert_eq!(Reference::parse(&long_tag), Err(Error::InvalidTag));
        assert!(Reference::parse(&format!("alpine:{}", "a".repeat(128))).is_ok());
        let long_name = format!("foo.com/{}", "a".repeat(250));
        assert_eq!(Reference::parse(&long_name), Err(Error::NameTooLong));
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(matches!(
            Reference::parse(hex),
            Err(Error::HexIdentifier(_))
        ));
    }

    #[test]
    fn error_messages_read_like_docker() {
        let err = Reference::parse("Alpine").expect_err("uppercase");
        assert_eq!(
            err.to_string(),
            "invalid reference format: repository name must be lowercase"
        );
    }

    #[test]
    fn familiar_forms() {
        let cases = [
            ("alpine", "alpine", "alpine:latest"),
            ("docker.io/library/alpine:3", "alpine", "alpine:3"),
            ("user/app", "user/app", "user/app:latest"),
            ("library/a/b", "library/a/b", "library/a/b:latest"),
            (
                "localhost:5000/app:v",
                "localhost:5000/app",
                "localhost:5000/app:v",
            ),
        ];
        for (input, name, string) in cases {
            let r = Reference::parse(input).expect("parse");
            assert_eq!(r.familiar_name(), name, "input {input}");
            assert_eq!(r.familiar_string(), string, "input {input}");
        }
    }

    #[test]
    fn accessors_and_builders() {
        let r: Reference = "localhost:5000/a/b:v1".parse().expect("parse");
        assert_eq!(r.domain(), "localhost:5000");
        assert_eq!(r.path(), "a/b");
        assert_eq!(r.name(), "localhost:5000/a/b");
        assert_eq!(r.registry_host(), "localhost:5000");
        let d = r.with_digest(D);
        assert_eq!(d.to_string(), format!("localhost:5000/a/b:v1@{D}"));
        assert_eq!(
            d.with_tag("v2").to_string(),
            format!("localhost:5000/a/b:v2@{D}")
        );
        assert_eq!(d.without_tag_and_digest().to_string(), "localhost:5000/a/b");
        let hub = Reference::parse("alpine").expect("parse");
        assert_eq!(hub.registry_host(), "registry-1.docker.io");
        assert_eq!(hub.path(), "library/alpine");
    }

    #[test]
    fn digest_check() {
        assert!(is_digest(D));
        assert!(!is_digest("sha256:abc"));
        assert!(!is_digest(&D.replace("sha256", "sha255")));
        assert!(!is_digest(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ));
    }
}
