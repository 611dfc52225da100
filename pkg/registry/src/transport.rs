//! One HTTP client per registry host, because trust differs per host: `certs.d/<host>/*.crt`
//! adds CAs and `client.cert`/`client.key` a client certificate, while localhost and
//! `--insecure-registry` hosts are reached over plain HTTP (or HTTPS without verification when they
//! do speak TLS). Which scheme such a host speaks is found by a `/v2/` probe and remembered.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::credentials::hostname;
use crate::limits::Limits;
use crate::Error;

/// Extra time the socket-level read timeout allows beyond the idle bound: it is only a backstop
/// for reads nothing else bounds, so the clearer [`Error::Stalled`] fires first.
const READ_BACKSTOP: Duration = Duration::from_secs(5);

const USER_AGENT: &str = concat!("linnet/", env!("CARGO_PKG_VERSION"));

/// How a host is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// HTTPS with verification (system roots plus certs.d CAs).
    Https,
    /// HTTPS without verification if the host speaks TLS, else plain HTTP.
    Probe,
}

#[derive(Debug)]
pub(crate) struct HostConn {
    pub(crate) host: String,
    pub(crate) client: reqwest::Client,
    pub(crate) mode: Mode,
    /// `https` or `http` once known.
    pub(crate) scheme: Mutex<Option<&'static str>>,
}

impl HostConn {
    /// The base URL (`https://host`) when the scheme is known.
    pub(crate) fn base(&self) -> Option<String> {
        let scheme = match self.mode {
            Mode::Https => Some("https"),
            Mode::Probe => *self.scheme.lock().unwrap_or_else(|e| e.into_inner()),
        };
        scheme.map(|s| format!("{s}://{}", self.host))
    }

    pub(crate) fn set_scheme(&self, scheme: &'static str) {
        *self.scheme.lock().unwrap_or_else(|e| e.into_inner()) = Some(scheme);
    }
}

/// Hostname without the port: `localhost:5000` -> `localhost`, `[::1]:5000` -> `::1`.
pub(crate) fn host_without_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.contains(':') => h,
        _ => host,
    }
}

pub(crate) fn is_localhost(host: &str) -> bool {
    matches!(host_without_port(host), "localhost" | "127.0.0.1" | "::1")
}

/// True when `host` is listed in `insecure` (entries may be `host`, `host:port` or URLs).
pub(crate) fn is_insecure(insecure: &[String], host: &str) -> bool {
    insecure.iter().any(|entry| {
        let entry = hostname(entry);
        entry == host || (!entry.contains(':') && entry == host_without_port(host))
    })
}

/// Certificates found for a host in the hosts directories.
#[derive(Debug, Default)]
struct HostCerts {
    roots: Vec<reqwest::Certificate>,
    identity: Option<reqwest::Identity>,
}

impl HostCerts {
    fn is_empty(&self) -> bool {
        self.roots.is_empty() && self.identity.is_none()
    }
}

/// Reads `<dir>/<name>/*.crt` (CAs) and `*.cert` + matching `*.key` (client certificate) the way
/// Docker's certs.d does. Docker Hub's request host also matches a `docker.io` directory.
fn load_host_certs(dirs: &[PathBuf], host: &str) -> Result<HostCerts, Error> {
    let mut names = vec![host.to_string()];
    if host == linnet_reference::DOCKER_HUB_REGISTRY_HOST {
        names.push(linnet_reference::DEFAULT_DOMAIN.to_string());
    }
    let mut certs = HostCerts::default();
    for dir in dirs {
        for name in &names {
            let path = dir.join(name);
            if path.is_dir() {
                load_dir(&path, &mut certs)?;
            }
        }
    }
    Ok(certs)
}

fn load_dir(dir: &Path, certs: &mut HostCerts) -> Result<(), Error> {
    let read_err =
        |p: &Path, e: std::io::Error| Error::io(format!("cannot read {}", p.display()), e);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| read_err(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "crt" => {
                let pem = std::fs::read(&path).map_err(|e| read_err(&path, e))?;
                let found = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                    Error::Config(format!("invalid certificate {}: {e}", path.display()))
                })?;
                if found.is_empty() {
                    return Err(Error::Config(format!(
                        "no certificate in {}",
                        path.display()
                    )));
                }
                certs.roots.extend(found);
            }
            "cert" => {
                let key_path = path.with_extension("key");
                if !key_path.exists() {
                    return Err(Error::Config(format!(
                        "missing key {} for client certificate {}",
                        key_path.display(),
                        path.display()
                    )));
                }
                let mut pem = std::fs::read(&path).map_err(|e| read_err(&path, e))?;
                pem.push(b'\n');
                pem.extend(std::fs::read(&key_path).map_err(|e| read_err(&key_path, e))?);
                let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                    Error::Config(format!(
                        "invalid client certificate {}: {e}",
                        path.display()
                    ))
                })?;
                certs.identity = Some(identity);
            }
            _ => {}
        }
    }
    Ok(())
}

/// reqwest is built without a default provider (aws-lc-rs would double the build); ring is
/// installed process-wide once. An error only means another provider won the race, which is fine.
pub(crate) fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Builds the client for `host`.
pub(crate) fn connect(
    host: &str,
    insecure: &[String],
    hosts_dirs: &[PathBuf],
    limits: &Limits,
) -> Result<HostConn, Error> {
    install_crypto_provider();
    let certs = load_host_certs(hosts_dirs, host)?;
    let insecure = is_insecure(insecure, host);
    // Configured CAs mean the user wants verified TLS, even on localhost.
    let mode = if insecure || (is_localhost(host) && certs.is_empty()) {
        Mode::Probe
    } else {
        Mode::Https
    };
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(limits.connect)
        .read_timeout(limits.idle.max(limits.response) + READ_BACKSTOP)
        .pool_idle_timeout(Duration::from_secs(60));
    if mode == Mode::Probe {
        builder = builder.tls_danger_accept_invalid_certs(true);
    } else if !certs.roots.is_empty() {
        builder = builder.tls_certs_merge(certs.roots);
    }
    if let Some(identity) = certs.identity {
        builder = builder.identity(identity);
    }
    let client = builder
        .build()
        .map_err(|e| Error::Config(format!("cannot set up client for {host}: {e}")))?;
    Ok(HostConn {
        host: host.to_string(),
        client,
        mode,
        scheme: Mutex::new(None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_classes() {
        assert!(is_localhost("localhost:5000"));
        assert!(is_localhost("127.0.0.1"));
        assert!(is_localhost("[::1]:5000"));
        assert!(!is_localhost("127.0.0.2:5000"));
        assert!(!is_localhost("localhost.example.com"));
        let insecure = vec!["reg.lan:5000".to_string(), "http://other.lan".to_string()];
        assert!(is_insecure(&insecure, "reg.lan:5000"));
        assert!(!is_insecure(&insecure, "reg.lan:5001"));
        assert!(is_insecure(&insecure, "other.lan:8080"));
        assert!(is_insecure(&insecure, "other.lan"));
        assert!(!is_insecure(&insecure, "reg.lan"));
    }

    #[test]
    fn bad_certs_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let host_dir = dir.path().join("reg.lan:5000");
        std::fs::create_dir_all(&host_dir).expect("mkdir");
        std::fs::write(host_dir.join("ca.crt"), "not a cert").expect("write");
        let err = connect(
            "reg.lan:5000",
            &[],
            &[dir.path().to_path_buf()],
            &Limits::default(),
        )
        .expect_err("bad ca");
        assert!(err.to_string().contains("ca.crt"), "{err}");
        // Other hosts are unaffected.
        let conn = connect(
            "127.0.0.1:5000",
            &[],
            &[dir.path().to_path_buf()],
            &Limits::default(),
        )
        .expect("conn");
        assert_eq!(conn.mode, Mode::Probe);
        assert_eq!(conn.base(), None);
        conn.set_scheme("http");
        assert_eq!(conn.base().as_deref(), Some("http://127.0.0.1:5000"));
    }
}
