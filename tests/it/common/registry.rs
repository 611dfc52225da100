//! Local registries: Debian's `docker-registry serve` on 127.0.0.1 and a free port, with a
//! temporary storage dir, either plain HTTP without auth or HTTPS (self-signed CA made with
//! openssl) with htpasswd auth. Killed on drop. Also a tiny HTTP/1.0 client to look at what a
//! plain registry stores without trusting linnet's own client.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const USER: &str = "user";
pub const PASSWORD: &str = "pass";

pub struct Registry {
    child: Child,
    pub port: u16,
    /// `127.0.0.1:PORT`, the registry part of image references.
    pub host: String,
    pub tls: bool,
    dir: tempfile::TempDir,
}

impl Registry {
    /// Plain HTTP, no auth.
    pub fn plain() -> Registry {
        Registry::start(false, "127.0.0.1")
    }

    /// HTTPS with the test CA and htpasswd auth ([`USER`] / [`PASSWORD`]).
    pub fn tls_auth() -> Registry {
        Registry::start(true, "127.0.0.1")
    }

    /// Like [`Registry::tls_auth`] on 127.0.0.2, an address linnet does not treat as localhost,
    /// so its certificate is verified (localhost registries may present any certificate).
    pub fn tls_auth_not_localhost() -> Registry {
        Registry::start(true, "127.0.0.2")
    }

    fn start(tls: bool, ip: &str) -> Registry {
        let mut last_error = String::new();
        // A free port can be taken between probing and binding; try a few.
        for _ in 0..5 {
            match Registry::try_start(tls, ip) {
                Ok(r) => return r,
                Err(e) => last_error = e,
            }
        }
        panic!("cannot start docker-registry: {last_error}");
    }

    fn try_start(tls: bool, ip: &str) -> Result<Registry, String> {
        let dir = super::tempdir("it-registry-");
        let port = free_port();
        let storage = dir.path().join("storage");
        std::fs::create_dir_all(&storage).map_err(|e| e.to_string())?;
        let mut config = format!(
            "version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n\
             storage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\n\
             http:\n  addr: {ip}:{port}\n  secret: linnet-it\n",
            storage.display()
        );
        if tls {
            let certs = certs()?;
            let htpasswd = dir.path().join("htpasswd");
            let out = Command::new("htpasswd")
                .args(["-Bbn", USER, PASSWORD])
                .output()
                .map_err(|e| format!("htpasswd: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "htpasswd failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            std::fs::write(&htpasswd, &out.stdout).map_err(|e| e.to_string())?;
            let cert = dir.path().join("server.crt");
            let key = dir.path().join("server.key");
            std::fs::write(&cert, &certs.server_cert).map_err(|e| e.to_string())?;
            std::fs::write(&key, &certs.server_key).map_err(|e| e.to_string())?;
            config.push_str(&format!(
                "  tls:\n    certificate: {}\n    key: {}\nauth:\n  htpasswd:\n    realm: linnet-it\n    path: {}\n",
                cert.display(),
                key.display(),
                htpasswd.display()
            ));
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).map_err(|e| e.to_string())?;
        let log =
            std::fs::File::create(dir.path().join("registry.log")).map_err(|e| e.to_string())?;
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone().map_err(|e| e.to_string())?))
            .stderr(Stdio::from(log))
            .env("OTEL_TRACES_EXPORTER", "none")
            .process_group(0)
            .spawn()
            .map_err(|e| format!("docker-registry: {e}"))?;
        let mut registry = Registry {
            child,
            port,
            host: format!("{ip}:{port}"),
            tls,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = registry.child.try_wait() {
                return Err(format!(
                    "docker-registry exited ({status}): {}",
                    registry.log()
                ));
            }
            if TcpStream::connect((ip, port)).is_ok()
                && (tls || registry.get("/v2/").is_ok_and(|r| r.status == 200))
            {
                return Ok(registry);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "docker-registry did not answer on {}: {}",
                    registry.host,
                    registry.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The registry's own log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default()
    }

    /// Writes the CA certificate to `<hosts_dir>/<host>/ca.crt`.
    pub fn install_ca(&self, hosts_dir: &Path) {
        let certs = certs().expect("test CA");
        let dir = hosts_dir.join(&self.host);
        std::fs::create_dir_all(&dir).expect("create hosts dir");
        std::fs::write(dir.join("ca.crt"), &certs.ca_cert).expect("write CA");
    }

    /// `GET path` over plain HTTP (only for [`Registry::plain`]).
    pub fn get(&self, path: &str) -> std::io::Result<HttpResponse> {
        assert!(!self.tls, "Registry::get speaks plain HTTP only");
        http_get(&self.host, path, &[])
    }

    /// The manifest or index stored under `repo:reference`, with its content type.
    pub fn manifest(&self, repo: &str, reference: &str) -> std::io::Result<HttpResponse> {
        assert!(!self.tls, "Registry::manifest speaks plain HTTP only");
        http_get(
            &self.host,
            &format!("/v2/{repo}/manifests/{reference}"),
            &[
                super::images::MT_INDEX,
                super::images::MT_MANIFEST,
                "application/vnd.docker.distribution.manifest.list.v2+json",
                "application/vnd.docker.distribution.manifest.v2+json",
            ],
        )
    }

    /// True when the registry has `digest` in `repo`.
    /// Where this registry stores blob `digest` (`sha256:...`), so a test can tamper with what
    /// it serves. Only this registry's storage: another test's registry may hold the same blob.
    pub fn blob_file(&self, digest: &str) -> std::path::PathBuf {
        let hex = digest.trim_start_matches("sha256:");
        self.dir
            .path()
            .join("storage/docker/registry/v2/blobs/sha256")
            .join(hex.get(..2).unwrap_or(hex))
            .join(hex)
            .join("data")
    }

    pub fn has_blob(&self, repo: &str, digest: &str) -> bool {
        http_get(&self.host, &format!("/v2/{repo}/blobs/{digest}"), &[])
            .is_ok_and(|r| r.status == 200)
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind a free port")
}

/// The test CA and the registry's server certificate (SAN IP:127.0.0.1, IP:127.0.0.2,
/// DNS:localhost), PEM.
pub struct Certs {
    pub ca_cert: Vec<u8>,
    pub server_cert: Vec<u8>,
    pub server_key: Vec<u8>,
}

/// Creates the certificates once per test binary.
pub fn certs() -> Result<&'static Certs, String> {
    static CERTS: OnceLock<Result<Certs, String>> = OnceLock::new();
    CERTS.get_or_init(make_certs).as_ref().map_err(Clone::clone)
}

fn make_certs() -> Result<Certs, String> {
    let tmp = super::tempdir("it-certs-");
    let dir = tmp.path().to_path_buf();
    let openssl = |args: &[&str]| -> Result<(), String> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("openssl: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "openssl {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "3",
        "-subj",
        "/CN=linnet-it-ca",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ])?;
    openssl(&[
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ])?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,IP:127.0.0.2,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "3",
        "-extfile",
        "server.ext",
    ])?;
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("read {name}: {e}"));
    Ok(Certs {
        ca_cert: read("ca.crt")?,
        server_cert: read("server.crt")?,
        server_key: read("server.key")?,
    })
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET` over HTTP/1.0 (the server closes the connection, no chunked encoding).
pub fn http_get(host: &str, path: &str, accept: &[&str]) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n");
    for a in accept {
        request.push_str(&format!("Accept: {a}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

pub(super) fn parse_response(raw: &[u8]) -> std::io::Result<HttpResponse> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of HTTP headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("empty response"))?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(HttpResponse {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}
