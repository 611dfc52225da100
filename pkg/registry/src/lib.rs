//! An OCI distribution client for pull, push, lazy loading and login.
//!
//! The client authenticates the way Docker does: anonymous first; on 401 it follows the challenge
//! (Basic with stored credentials, or a Bearer token for the request's repository scope), caches
//! tokens per host and scope, and re-authenticates once when a cached token is refused.
//!
//! Why not the `oci-client` crate (checked against its source at oras-project/rust-oci-client
//! 7f82006, `version = "0.17.0"`): it does have range reads (`pull_blob_stream_partial` with
//! offset and length), the referrers API with the tag-schema fallback, plain HTTP per host
//! (`ClientProtocol::HttpsExcept`), a token cache keyed by registry, repository and operation
//! with expiry from the JWT, and reqwest's `connect_timeout`/`read_timeout`. It does not have,
//! and linnet needs: re-authentication when a registry answers 401 to a cached token (its
//! `apply_auth` only attaches what the cache holds, a 401 becomes `UnauthorizedError`); Docker's
//! `config.json` and `docker-credential-*` helpers (the caller passes a `RegistryAuth` of
//! Anonymous, Basic or Bearer; `docker_credential` is only a dev-dependency) or the OAuth2
//! refresh-token (`identitytoken`) exchange; per-host CAs and client certificates from
//! `certs.d` directories (it takes one process-wide `extra_root_certificates`/`tls_certs_only`
//! list); any retry of 5xx, 429 or reset connections, a retry budget, or a bound on time to
//! response headers (`limits`); and a cache of blob redirects for repeated range reads.

#![forbid(unsafe_code)]

mod auth;
mod body;
pub mod credentials;
mod error;
pub mod limits;
mod referrers;
mod send;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use futures::stream::BoxStream;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
};
use reqwest::{Method, StatusCode};
use sha2::Digest as _;

use auth::{Challenge, Scope, TokenCache, TokenResponse};
use body::{content_range_start, header_u64, range_body, skip_bytes};
pub(crate) use body::{read_limited, status_error};
pub use credentials::Credential;
pub use error::{Action, Error};
pub use limits::Limits;
pub use linnet_reference::Reference;
pub use referrers::{
    referrers_tag, ManifestPut, Referrer, OCI_FILTERS_APPLIED_HEADER, OCI_INDEX_MEDIA_TYPE,
    OCI_SUBJECT_HEADER,
};
use transport::HostConn;

/// Media types asked for when resolving, most specific first.
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.docker.distribution.manifest.v2+json";

/// Largest manifest or index accepted, so a hostile registry cannot exhaust memory.
const MAX_MANIFEST_SIZE: usize = 8 << 20;
/// How long a blob's redirect location is reused before asking the registry again (presigned URLs
/// typically live for several minutes; a failure also drops the entry).
const REDIRECT_TTL: Duration = Duration::from_secs(300);

/// Where the client looks for trust settings and credentials.
#[derive(Debug, Clone)]
pub struct RegistryConfig {
    /// Hosts (`host[:port]`) reached over plain HTTP, or HTTPS without verification.
    pub insecure_registries: Vec<String>,
    /// Directories with `<host[:port]>/ca.crt` (any `*.crt`) and `client.cert`/`client.key`.
    pub hosts_dirs: Vec<PathBuf>,
    /// Directory of Docker's `config.json`.
    pub docker_config_dir: PathBuf,
}

impl RegistryConfig {
    /// Defaults: containerd's and Docker's certs.d, and `$DOCKER_CONFIG` or `~/.docker`.
    pub fn from_env() -> Self {
        let docker_config_dir = match std::env::var_os("DOCKER_CONFIG") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => {
                let home = std::env::var_os("HOME")
                    .filter(|h| !h.is_empty())
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from("/root"));
                home.join(".docker")
            }
        };
        RegistryConfig {
            insecure_registries: Vec::new(),
            hosts_dirs: vec![
                PathBuf::from("/etc/containerd/certs.d"),
                PathBuf::from("/etc/docker/certs.d"),
            ],
            docker_config_dir,
        }
    }
}

impl Default for RegistryConfig {
    fn default() -> Self {
        Self::from_env()
    }
}

/// A content descriptor as returned by [`Client::resolve`] (the shared `linnet-oci` type).
pub use linnet_oci::Descriptor;

/// A blob body being downloaded.
pub struct BlobStream {
    /// Bytes remaining from the requested offset, when the registry said.
    pub length: Option<u64>,
    pub stream: BoxStream<'static, Result<Bytes, Error>>,
}

impl std::fmt::Debug for BlobStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobStream")
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

/// A cheap-to-clone registry client shared by all operations of a command.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: RegistryConfig,
    limits: Limits,
    hosts: Mutex<HashMap<String, Arc<HostConn>>>,
    tokens: Mutex<TokenCache>,
    /// The last challenge seen per host, so later requests authenticate up front.
    challenges: Mutex<HashMap<String, Challenge>>,
    credentials: Mutex<HashMap<String, Option<Credential>>>,
    /// (host, repository, digest) -> (final URL after redirects, when learned).
    redirects: Mutex<HashMap<BlobKey, (reqwest::Url, Instant)>>,
}

/// (host, repository, digest).
type BlobKey = (String, String, String);

/// Locks a mutex even if a panicking thread poisoned it; the maps stay consistent per operation.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where a request goes.
enum Target {
    /// A path on the registry host (`/v2/...`).
    Path(String),
    /// An absolute URL (upload locations, cached redirects).
    Url(reqwest::Url),
}

/// The request body: repeatable bytes, or a one-shot stream.
enum Body {
    Empty,
    Bytes(Bytes),
    Stream(Option<reqwest::Body>),
}

/// One logical registry request, retried for authentication or a dropped connection.
struct Request {
    host: String,
    method: Method,
    target: Target,
    headers: HeaderMap,
    body: Body,
    scope: Scope,
    /// For error messages.
    action: Action,
    subject: String,
}

impl Request {
    fn new(
        host: &str,
        method: Method,
        target: Target,
        scope: Scope,
        action: Action,
        subject: String,
    ) -> Self {
        Request {
            host: host.to_string(),
            method,
            target,
            headers: HeaderMap::new(),
            body: Body::Empty,
            scope,
            action,
            subject,
        }
    }

    fn header(mut self, name: reqwest::header::HeaderName, value: &str) -> Result<Self, Error> {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::InvalidResponse(format!("invalid header value {value:?}")))?;
        self.headers.insert(name, value);
        Ok(self)
    }
}

impl Client {
    /// A client with the default time bounds and any `LINNET_REGISTRY_*` overrides.
    pub fn new(config: RegistryConfig) -> Result<Client, Error> {
        Self::with_limits(config, Limits::from_env())
    }

    pub fn with_limits(config: RegistryConfig, limits: Limits) -> Result<Client, Error> {
        transport::install_crypto_provider();
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                limits,
                hosts: Mutex::new(HashMap::new()),
                tokens: Mutex::new(TokenCache::default()),
                challenges: Mutex::new(HashMap::new()),
                credentials: Mutex::new(HashMap::new()),
                redirects: Mutex::new(HashMap::new()),
            }),
        })
    }

    pub fn config(&self) -> &RegistryConfig {
        &self.inner.config
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// GET the manifest for r's digest (if any) or tag. Verifies the body against the digest when
    /// the reference has one.
    pub async fn resolve(&self, r: &Reference) -> Result<(Descriptor, Bytes), Error> {
        let object = match (r.digest(), r.tag()) {
            (Some(d), _) => d.to_string(),
            (None, Some(t)) => t.to_string(),
            (None, None) => linnet_reference::DEFAULT_TAG.to_string(),
        };
        let (media_type, body) = self.get_manifest(r, &object, r.familiar_string()).await?;
        let digest = match r.digest() {
            Some(expected) => {
                verify_digest(expected, &body)?;
                expected.to_string()
            }
            None => sha256_digest(&body),
        };
        let descriptor = Descriptor::new(&media_type, &digest, body.len() as u64);
        Ok((descriptor, body))
    }

    /// GET a manifest or index by digest in r's repository, verified.
    pub async fn fetch_manifest(&self, r: &Reference, digest: &str) -> Result<Bytes, Error> {
        let subject = format!("{}@{digest}", r.familiar_name());
        let (_, body) = self.get_manifest(r, digest, subject).await?;
        verify_digest(digest, &body)?;
        Ok(body)
    }

    async fn get_manifest(
        &self,
        r: &Reference,
        object: &str,
        subject: String,
    ) -> Result<(String, Bytes), Error> {
        let host = r.registry_host();
        let path = format!("/v2/{}/manifests/{object}", r.path());
        let req = Request::new(
            host,
            Method::GET,
            Target::Path(path),
            Scope::pull(r.path()),
            Action::Pull,
            r.familiar_name(),
        )
        .header(ACCEPT, MANIFEST_ACCEPT)?;
        let resp = self.send(req).await?;
        if !resp.status().is_success() {
            return Err(
                status_error(resp, Action::Pull, &r.familiar_name(), host, "", &subject).await,
            );
        }
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_string())
            .unwrap_or_default();
        let body = read_limited(resp, host, MAX_MANIFEST_SIZE, self.inner.limits.idle).await?;
        let media_type = if content_type.is_empty()
            || content_type == "application/json"
            || content_type == "text/plain"
        {
            // Some registries do not label manifests; the body says what it is.
            media_type_from_body(&body).unwrap_or(content_type)
        } else {
            content_type
        };
        if media_type.is_empty() {
            return Err(Error::InvalidResponse(format!(
                "manifest {subject} has no media type"
            )));
        }
        Ok((media_type, body))
    }

    /// Streams a blob from `offset`. Redirects are followed (without the Authorization header
    /// across hosts). The content is not verified; the caller hashes it.
    pub async fn fetch_blob(
        &self,
        r: &Reference,
        digest: &str,
        offset: u64,
    ) -> Result<BlobStream, Error> {
        let host = r.registry_host().to_string();
        let path = format!("/v2/{}/blobs/{digest}", r.path());
        let mut req = Request::new(
            &host,
            Method::GET,
            Target::Path(path),
            Scope::pull(r.path()),
            Action::Pull,
            r.familiar_name(),
        );
        if offset > 0 {
            req = req.header(reqwest::header::RANGE, &format!("bytes={offset}-"))?;
        }
        let resp = self.send(req).await?;
        let subject = format!("{}@{digest}", r.familiar_name());
        let status = resp.status();
        if !status.is_success() {
            return Err(status_error(
                resp,
                Action::Pull,
                &r.familiar_name(),
                &host,
                "blob ",
                &subject,
            )
            .await);
        }
        let total = header_u64(resp.headers(), CONTENT_LENGTH);
        let skip = if status == StatusCode::PARTIAL_CONTENT {
            let start = content_range_start(resp.headers());
            if start != Some(offset) {
                return Err(Error::InvalidResponse(format!(
                    "registry {host} answered a range request for {subject} at {offset} with range start {start:?}"
                )));
            }
            0
        } else {
            offset
        };
        let length = total.map(|t| t.saturating_sub(skip));
        if let Some(t) = total {
            if t < skip {
                return Err(Error::InvalidResponse(format!(
                    "offset {offset} is beyond the end of blob {subject} ({t} bytes)"
                )));
            }
        }
        let stream = skip_bytes(resp, host, skip, self.inner.limits.idle);
        Ok(BlobStream { length, stream })
    }

    /// Exactly `len` bytes at `offset` of a blob. The redirect target is cached per blob so that
    /// repeated small reads skip the registry round trip.
    pub async fn fetch_blob_range(
        &self,
        r: &Reference,
        digest: &str,
        offset: u64,
        len: u64,
    ) -> Result<Bytes, Error> {
        if len == 0 {
            return Ok(Bytes::new());
        }
        let host = r.registry_host().to_string();
        let end = offset
            .checked_add(len - 1)
            .ok_or_else(|| Error::InvalidResponse(format!("range {offset}+{len} overflows")))?;
        let range = format!("bytes={offset}-{end}");
        let key = (host.clone(), r.path().to_string(), digest.to_string());
        let subject = format!("{}@{digest}", r.familiar_name());

        let cached = {
            let mut redirects = lock(&self.inner.redirects);
            match redirects.get(&key) {
                Some((url, at)) if at.elapsed() < REDIRECT_TTL => Some(url.clone()),
                Some(_) => {
                    redirects.remove(&key);
                    None
                }
                None => None,
            }
        };
        if let Some(url) = cached {
            let conn = self.host_conn(&host)?;
            let builder = conn
                .client
                .get(url.clone())
                .header(reqwest::header::RANGE, &range);
            let attempt = self
                .timed_send(&host, &limits::step_of(&url), builder)
                .await;
            match attempt {
                Ok(resp) if resp.status().is_success() => {
                    let idle = self.inner.limits.idle;
                    return range_body(resp, &host, &subject, offset, len, idle).await;
                }
                // Expired presigned URL or a moved object: ask the registry again.
                _ => {
                    lock(&self.inner.redirects).remove(&key);
                }
            }
        }

        let path = format!("/v2/{}/blobs/{digest}", r.path());
        let req = Request::new(
            &host,
            Method::GET,
            Target::Path(path),
            Scope::pull(r.path()),
            Action::Pull,
            r.familiar_name(),
        )
        .header(reqwest::header::RANGE, &range)?;
        let conn = self.host_conn(&host)?;
        let resp = self.send(req).await?;
        if !resp.status().is_success() {
            return Err(status_error(
                resp,
                Action::Pull,
                &r.familiar_name(),
                &host,
                "blob ",
                &subject,
            )
            .await);
        }
        if url_authority(resp.url()) != conn.host {
            lock(&self.inner.redirects).insert(key, (resp.url().clone(), Instant::now()));
        }
        range_body(resp, &host, &subject, offset, len, self.inner.limits.idle).await
    }

    /// HEAD the blob in r's repository: `Some(size)` when present. Asks for push access because it
    /// is used to plan pushes, where a pull-only token may be refused for a new repository.
    pub async fn blob_exists(&self, r: &Reference, digest: &str) -> Result<Option<u64>, Error> {
        let host = r.registry_host();
        let path = format!("/v2/{}/blobs/{digest}", r.path());
        let req = Request::new(
            host,
            Method::HEAD,
            Target::Path(path),
            Scope::push(r.path()),
            Action::Push,
            r.familiar_name(),
        );
        let resp = self.send(req).await?;
        match resp.status() {
            s if s.is_success() => Ok(Some(
                header_u64(resp.headers(), CONTENT_LENGTH).unwrap_or(0),
            )),
            StatusCode::NOT_FOUND => Ok(None),
            _ => {
                let subject = format!("{}@{digest}", r.familiar_name());
                Err(status_error(
                    resp,
                    Action::Push,
                    &r.familiar_name(),
                    host,
                    "blob ",
                    &subject,
                )
                .await)
            }
        }
    }

    /// Uploads a blob in one PUT (Content-Length = `size`) after opening an upload session.
    pub async fn push_blob(
        &self,
        r: &Reference,
        digest: &str,
        size: u64,
        body: BoxStream<'static, Result<Bytes, std::io::Error>>,
    ) -> Result<(), Error> {
        let host = r.registry_host().to_string();
        let subject = format!("{}@{digest}", r.familiar_name());
        let location = self.start_upload(r, None).await?.ok_or_else(|| {
            Error::InvalidResponse(format!(
                "registry {host} completed an upload that was not sent"
            ))
        })?;
        let mut url = location;
        url.query_pairs_mut().append_pair("digest", digest);
        let mut req = Request::new(
            &host,
            Method::PUT,
            Target::Url(url),
            Scope::push(r.path()),
            Action::Push,
            r.familiar_name(),
        )
        .header(CONTENT_TYPE, "application/octet-stream")?
        .header(CONTENT_LENGTH, &size.to_string())?;
        req.body = Body::Stream(Some(reqwest::Body::wrap_stream(body)));
        let resp = self.send(req).await?;
        if !resp.status().is_success() {
            return Err(status_error(
                resp,
                Action::Push,
                &r.familiar_name(),
                &host,
                "blob ",
                &subject,
            )
            .await);
        }
        Ok(())
    }

    /// Asks the registry to mount `digest` from `from_repository` (same registry) into r's
    /// repository. `Ok(false)` when it starts an upload instead; that upload is cancelled.
    pub async fn mount_blob(
        &self,
        r: &Reference,
        digest: &str,
        from_repository: &str,
    ) -> Result<bool, Error> {
        match self
            .start_upload(r, Some((digest, from_repository)))
            .await?
        {
            None => Ok(true),
            Some(location) => {
                let host = r.registry_host();
                // Same scope as the POST, so the cached token is reused.
                let scope = Scope::push(r.path()).with(Scope::pull(from_repository));
                let req = Request::new(
                    host,
                    Method::DELETE,
                    Target::Url(location),
                    scope,
                    Action::Push,
                    r.familiar_name(),
                );
                // Abandoned uploads are garbage-collected by the registry anyway.
                if let Err(e) = self.send(req).await {
                    tracing::debug!("cannot cancel upload on {host}: {e}");
                }
                Ok(false)
            }
        }
    }

    /// POST /blobs/uploads/ (optionally as a mount). `Ok(None)` when the registry answered 201
    /// (mounted), else the upload location.
    async fn start_upload(
        &self,
        r: &Reference,
        mount: Option<(&str, &str)>,
    ) -> Result<Option<reqwest::Url>, Error> {
        let host = r.registry_host();
        let mut path = format!("/v2/{}/blobs/uploads/", r.path());
        let mut scope = Scope::push(r.path());
        if let Some((digest, from)) = mount {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("mount", digest)
                .append_pair("from", from)
                .finish();
            path = format!("{path}?{query}");
            scope = scope.with(Scope::pull(from));
        }
        let req = Request::new(
            host,
            Method::POST,
            Target::Path(path),
            scope,
            Action::Push,
            r.familiar_name(),
        )
        .header(CONTENT_LENGTH, "0")?;
        let resp = self.send(req).await?;
        match resp.status() {
            StatusCode::CREATED if mount.is_some() => Ok(None),
            StatusCode::ACCEPTED => {
                let location = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        Error::InvalidResponse(format!("upload on {host} has no location"))
                    })?;
                let url = resp.url().join(location).map_err(|e| {
                    Error::InvalidResponse(format!(
                        "invalid upload location {location:?} from {host}: {e}"
                    ))
                })?;
                Ok(Some(url))
            }
            _ => Err(status_error(
                resp,
                Action::Push,
                &r.familiar_name(),
                host,
                "",
                &r.familiar_name(),
            )
            .await),
        }
    }

    /// PUT a manifest or index under r's tag (or digest when it has no tag).
    pub async fn push_manifest(
        &self,
        r: &Reference,
        media_type: &str,
        body: Bytes,
    ) -> Result<(), Error> {
        self.put_manifest(r, media_type, body).await.map(|_| ())
    }

    /// Verifies credentials for `server` (host, `host:port` or URL; Docker Hub aliases map to its
    /// registry host). Nothing is stored.
    pub async fn login(&self, server: &str, username: &str, password: &str) -> Result<(), Error> {
        let host = if credentials::is_docker_hub(server) {
            linnet_reference::DOCKER_HUB_REGISTRY_HOST.to_string()
        } else {
            credentials::hostname(server)
        };
        if host.is_empty() {
            return Err(Error::Config(format!(
                "invalid registry address {server:?}"
            )));
        }
        let conn = self.host_conn(&host)?;
        let base = self.base_url(&conn).await?;
        let url = format!("{base}/v2/");
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| Error::InvalidResponse(format!("invalid url {url}: {e}")))?;
        let send = |auth: Option<String>| {
            let mut builder = conn.client.get(parsed.clone());
            if let Some(a) = auth {
                builder = builder.header(AUTHORIZATION, a);
            }
            self.timed_send(&host, "ping", builder)
        };
        let resp = send(None).await?;
        if resp.status().is_success() {
            return Ok(());
        }
        if resp.status() != StatusCode::UNAUTHORIZED {
            return Err(status_error(resp, Action::Login, &host, &host, "", &host).await);
        }
        let challenges = challenges_of(&resp);
        let credential = Credential::UserPass {
            username: username.to_string(),
            password: password.to_string(),
        };
        let authorization = match challenges.first() {
            Some(Challenge::Bearer { realm, service, .. }) => {
                let token = self
                    .request_token(
                        &host,
                        realm,
                        service.as_deref(),
                        &Scope::none(),
                        Some(&credential),
                        Action::Login,
                        &host,
                    )
                    .await?;
                format!("Bearer {}", token.value)
            }
            Some(Challenge::Basic) => basic_header(username, password),
            None => {
                return Err(Error::InvalidResponse(format!(
                    "registry {host} requires authentication but sent no usable challenge"
                )))
            }
        };
        let resp = send(Some(authorization)).await?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(status_error(resp, Action::Login, &host, &host, "", &host).await)
        }
    }

    // ----- plumbing -----

    fn host_conn(&self, host: &str) -> Result<Arc<HostConn>, Error> {
        let mut hosts = lock(&self.inner.hosts);
        if let Some(c) = hosts.get(host) {
            return Ok(c.clone());
        }
        let conn = Arc::new(transport::connect(
            host,
            &self.inner.config.insecure_registries,
            &self.inner.config.hosts_dirs,
            &self.inner.limits,
        )?);
        hosts.insert(host.to_string(), conn.clone());
        Ok(conn)
    }

    /// `scheme://host`, probing HTTPS then plain HTTP for hosts that may speak either.
    async fn base_url(&self, conn: &HostConn) -> Result<String, Error> {
        if let Some(base) = conn.base() {
            return Ok(base);
        }
        let https = tokio::time::timeout(
            self.inner.limits.response,
            conn.client.get(format!("https://{}/v2/", conn.host)).send(),
        )
        .await;
        match https {
            Ok(Ok(_)) => {
                conn.set_scheme("https");
            }
            // No answer in time: a TLS handshake to a plain HTTP server that keeps silent.
            Ok(Err(_)) | Err(_) => {
                tracing::debug!("{} does not speak https, trying http", conn.host);
                let url =
                    reqwest::Url::parse(&format!("http://{}/v2/", conn.host)).map_err(|e| {
                        Error::InvalidResponse(format!("invalid host {}: {e}", conn.host))
                    })?;
                let builder = conn.client.get(url.clone());
                self.timed_send(&conn.host, "ping", builder).await?;
                conn.set_scheme("http");
            }
        }
        conn.base()
            .ok_or_else(|| Error::InvalidResponse(format!("no scheme for {}", conn.host)))
    }

    /// Stored credentials for a host, looked up once per client.
    async fn credential(&self, host: &str) -> Option<Credential> {
        if let Some(c) = lock(&self.inner.credentials).get(host) {
            return c.clone();
        }
        let dir = self.inner.config.docker_config_dir.clone();
        let h = host.to_string();
        let found = tokio::task::spawn_blocking(move || credentials::lookup(&dir, &h)).await;
        let cred = match found {
            Ok(Ok(c)) => c,
            Ok(Err(e)) => {
                // A broken helper should not block anonymous pulls of public images.
                tracing::warn!("cannot look up credentials for {host}: {e}");
                None
            }
            Err(e) => {
                tracing::warn!("credential lookup for {host} failed: {e}");
                None
            }
        };
        lock(&self.inner.credentials).insert(host.to_string(), cred.clone());
        cred
    }

    /// The Authorization header to send up front, from what the host asked for before.
    async fn authorization(
        &self,
        req: &Request,
        force_new: bool,
        challenge: Option<Challenge>,
    ) -> Result<Option<String>, Error> {
        let challenge = match challenge {
            Some(c) => c,
            None => match lock(&self.inner.challenges).get(&req.host) {
                Some(c) => c.clone(),
                None => return Ok(None),
            },
        };
        match challenge {
            Challenge::Basic => Ok(match self.credential(&req.host).await {
                Some(Credential::UserPass { username, password }) => {
                    Some(basic_header(&username, &password))
                }
                _ => None,
            }),
            Challenge::Bearer { realm, service, .. } => {
                let key = req.scope.key();
                if !force_new {
                    if let Some(t) = lock(&self.inner.tokens).get(&req.host, &key, Instant::now()) {
                        return Ok(Some(format!("Bearer {t}")));
                    }
                } else {
                    lock(&self.inner.tokens).remove(&req.host, &key);
                }
                let cred = self.credential(&req.host).await;
                let token = self
                    .request_token(
                        &req.host,
                        &realm,
                        service.as_deref(),
                        &req.scope,
                        cred.as_ref(),
                        req.action,
                        &req.subject,
                    )
                    .await?;
                let value = format!("Bearer {}", token.value);
                lock(&self.inner.tokens).put(&req.host, &key, token);
                Ok(Some(value))
            }
        }
    }

    /// Gets a bearer token from the realm: GET with Basic credentials (or anonymously), or the
    /// OAuth2 refresh-token POST when the stored credential is an identity token.
    #[allow(clippy::too_many_arguments)]
    async fn request_token(
        &self,
        host: &str,
        realm: &str,
        service: Option<&str>,
        scope: &Scope,
        cred: Option<&Credential>,
        action: Action,
        subject: &str,
    ) -> Result<auth::CachedToken, Error> {
        let url = reqwest::Url::parse(realm).map_err(|e| {
            Error::InvalidResponse(format!("invalid token realm {realm:?} from {host}: {e}"))
        })?;
        let realm_host = url_authority(&url);
        let conn = self.host_conn(&realm_host)?;
        let builder = match cred {
            Some(Credential::IdentityToken { token, .. }) => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                form.append_pair("grant_type", "refresh_token")
                    .append_pair("refresh_token", token)
                    .append_pair("client_id", "linnet");
                if let Some(s) = service {
                    form.append_pair("service", s);
                }
                if !scope.scopes.is_empty() {
                    form.append_pair("scope", &scope.scopes.join(" "));
                }
                conn.client
                    .post(url)
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(form.finish())
            }
            other => {
                let mut url = url;
                {
                    let mut q = url.query_pairs_mut();
                    if let Some(s) = service {
                        q.append_pair("service", s);
                    }
                    for s in &scope.scopes {
                        q.append_pair("scope", s);
                    }
                    if let Some(Credential::UserPass { username, .. }) = other {
                        q.append_pair("account", username);
                    }
                }
                let mut b = conn.client.get(url);
                if let Some(Credential::UserPass { username, password }) = other {
                    b = b.header(AUTHORIZATION, basic_header(username, password));
                }
                b
            }
        };
        let resp = self.timed_send(&realm_host, "token", builder).await?;
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let body = resp.bytes().await.unwrap_or_default();
            let detail = match error::registry_message(&body) {
                m if m.is_empty() => "unauthorized: incorrect username or password".to_string(),
                m => m,
            };
            return Err(Error::Unauthorized {
                action,
                target: subject.to_string(),
                host: host.to_string(),
                detail,
            });
        }
        if !status.is_success() {
            let url = resp.url().to_string();
            let body = resp.bytes().await.unwrap_or_default();
            return Err(Error::Http {
                status: status.as_u16(),
                url,
                message: error::registry_message(&body),
            });
        }
        let body = read_limited(resp, &realm_host, 1 << 20, self.inner.limits.idle).await?;
        let parsed: TokenResponse =
            serde_json::from_slice(&body).map_err(|source| Error::Json {
                what: format!(
                    "invalid response from registry: invalid token response from {realm_host}"
                ),
                source,
            })?;
        parsed.into_token(Instant::now()).ok_or_else(|| {
            Error::InvalidResponse(format!("token response from {realm_host} has no token"))
        })
    }
}

fn basic_header(username: &str, password: &str) -> String {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    format!("Basic {encoded}")
}

fn challenges_of(resp: &reqwest::Response) -> Vec<Challenge> {
    resp.headers()
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(auth::parse_challenges)
        .collect()
}

/// `host[:port]` of a URL, in the same form as reference domains.
fn url_authority(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

fn media_type_from_body(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "mediaType")]
        media_type: Option<String>,
        manifests: Option<serde_json::Value>,
        layers: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_slice(body).ok()?;
    if let Some(m) = probe.media_type.filter(|m| !m.is_empty()) {
        return Some(m);
    }
    if probe.manifests.is_some() {
        Some("application/vnd.oci.image.index.v1+json".to_string())
    } else if probe.layers.is_some() {
        Some("application/vnd.oci.image.manifest.v1+json".to_string())
    } else {
        None
    }
}

/// `sha256:<hex>` of data (defined once, in `linnet-oci`).
pub use linnet_oci::sha256_digest;

/// Checks `data` against `expected` (sha256, sha384 or sha512).
pub fn verify_digest(expected: &str, data: &[u8]) -> Result<(), Error> {
    let actual = match expected.split_once(':').map(|(a, _)| a) {
        Some("sha256") => sha256_digest(data),
        Some("sha384") => format!("sha384:{}", hex::encode(sha2::Sha384::digest(data))),
        Some("sha512") => format!("sha512:{}", hex::encode(sha2::Sha512::digest(data))),
        _ => {
            return Err(Error::InvalidResponse(format!(
                "unsupported digest {expected}"
            )))
        }
    };
    if actual == expected {
        Ok(())
    } else {
        Err(Error::DigestMismatch {
            expected: expected.to_string(),
            actual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests() {
        let d = sha256_digest(b"");
        assert_eq!(
            d,
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert!(verify_digest(&d, b"").is_ok());
        assert!(matches!(
            verify_digest(&d, b"x"),
            Err(Error::DigestMismatch { .. })
        ));
        assert!(verify_digest("md5:abc", b"").is_err());
    }

    #[test]
    fn content_range() {
        let mut h = HeaderMap::new();
        h.insert(
            reqwest::header::CONTENT_RANGE,
            HeaderValue::from_static("bytes 100-199/1000"),
        );
        assert_eq!(content_range_start(&h), Some(100));
        assert_eq!(content_range_start(&HeaderMap::new()), None);
    }

    #[test]
    fn media_type_probe() {
        assert_eq!(
            media_type_from_body(
                br#"{"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}"#
            )
            .as_deref(),
            Some("application/vnd.docker.distribution.manifest.v2+json")
        );
        assert_eq!(
            media_type_from_body(br#"{"schemaVersion":2,"manifests":[]}"#).as_deref(),
            Some("application/vnd.oci.image.index.v1+json")
        );
        assert_eq!(media_type_from_body(b"nope"), None);
    }

    #[test]
    fn authorities() {
        let u = reqwest::Url::parse("http://127.0.0.1:5000/v2/").expect("url");
        assert_eq!(url_authority(&u), "127.0.0.1:5000");
        let u = reqwest::Url::parse("https://[::1]:5000/v2/").expect("url");
        assert_eq!(url_authority(&u), "[::1]:5000");
        let u = reqwest::Url::parse("https://registry-1.docker.io/v2/").expect("url");
        assert_eq!(url_authority(&u), "registry-1.docker.io");
    }
}
