//! `import`: a root filesystem tarball becomes a single-layer image, as `docker import` does.
//!
//! The tarball (plain or gzip) is read once on a blocking thread: it is checked to be a tar while
//! it is hashed (the layer's diff ID) and recompressed with gzip into a temporary file, because
//! containerd needs the compressed digest before it accepts the blob. The config gets the
//! `--change` instructions, the history entry and the platform; the manifest is OCI. All of it is
//! written under a lease and the image is recorded only after the layer is unpacked.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;

use bytes::Bytes;
use linnet_containerd::Client;
use serde_json::{json, Map, Value};
use sha2::Digest as _;

use crate::archive::{store_file, TempPath};
use crate::content::gc_labels;
use crate::manifest::{sha256_digest, Descriptor, Manifest};
use crate::{media, unpack, write_blob, write_json_blob, Error, NoProgress, Platform};

/// `created_by` of the single history entry.
const CREATED_BY: &str = "linnet import";
const CHUNK: usize = 1 << 20;

/// The container settings an imported image can carry (the `config` object of an image config),
/// built from Dockerfile-style `--change` instructions.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    pub user: Option<String>,
    pub exposed_ports: BTreeSet<String>,
    pub env: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub cmd: Option<Vec<String>>,
    pub volumes: BTreeSet<String>,
    pub working_dir: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub stop_signal: Option<String>,
}

impl ImageSettings {
    /// Applies every instruction in order.
    pub fn from_changes(changes: &[String]) -> Result<ImageSettings, Error> {
        let mut settings = ImageSettings::default();
        for change in changes {
            settings
                .apply(change)
                .map_err(|reason| Error::InvalidChange {
                    change: change.clone(),
                    reason,
                })?;
        }
        Ok(settings)
    }

    /// Applies one instruction: CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, STOPSIGNAL or
    /// VOLUME, with Dockerfile syntax.
    pub fn apply(&mut self, instruction: &str) -> Result<(), String> {
        let trimmed = instruction.trim();
        let (keyword, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let rest = rest.trim();
        let keyword = keyword.to_ascii_uppercase();
        match keyword.as_str() {
            "" => return Err("empty instruction".to_string()),
            "CMD" => self.cmd = Some(command(&keyword, rest)?),
            "ENTRYPOINT" => self.entrypoint = Some(command(&keyword, rest)?),
            "ENV" => {
                for (key, value) in name_values(&keyword, rest)? {
                    let prefix = format!("{key}=");
                    self.env.retain(|e| !e.starts_with(&prefix));
                    self.env.push(format!("{key}={value}"));
                }
            }
            "LABEL" => {
                for (key, value) in name_values(&keyword, rest)? {
                    self.labels.insert(key, value);
                }
            }
            "WORKDIR" => {
                let path = single(&keyword, rest)?;
                self.working_dir = Some(if path.starts_with('/') {
                    path
                } else {
                    let base = self.working_dir.as_deref().unwrap_or("/");
                    format!("{}/{path}", base.trim_end_matches('/'))
                });
            }
            "USER" => self.user = Some(single(&keyword, rest)?),
            "STOPSIGNAL" => self.stop_signal = Some(single(&keyword, rest)?),
            "EXPOSE" => {
                let words = split_words(rest)?;
                if words.is_empty() {
                    return Err("EXPOSE requires at least one argument".to_string());
                }
                for word in words {
                    self.exposed_ports.extend(ports(&word)?);
                }
            }
            "VOLUME" => {
                let paths = match json_array(rest) {
                    Some(paths) => paths,
                    None => split_words(rest)?,
                };
                if paths.is_empty() || paths.iter().any(|p| p.trim().is_empty()) {
                    return Err("VOLUME requires at least one non-empty path".to_string());
                }
                self.volumes.extend(paths);
            }
            other => {
                return Err(format!(
                    "{other} is not supported (use CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, \
                     STOPSIGNAL, USER, VOLUME or WORKDIR)"
                ))
            }
        }
        Ok(())
    }

    /// The OCI image config's `config` object.
    pub fn to_json(&self) -> Value {
        let mut config = Map::new();
        if let Some(user) = &self.user {
            config.insert("User".into(), json!(user));
        }
        if !self.exposed_ports.is_empty() {
            let ports: Map<String, Value> = self
                .exposed_ports
                .iter()
                .map(|p| (p.clone(), json!({})))
                .collect();
            config.insert("ExposedPorts".into(), Value::Object(ports));
        }
        if !self.env.is_empty() {
            config.insert("Env".into(), json!(self.env));
        }
        if let Some(entrypoint) = &self.entrypoint {
            config.insert("Entrypoint".into(), json!(entrypoint));
        }
        if let Some(cmd) = &self.cmd {
            config.insert("Cmd".into(), json!(cmd));
        }
        if !self.volumes.is_empty() {
            let volumes: Map<String, Value> = self
                .volumes
                .iter()
                .map(|v| (v.clone(), json!({})))
                .collect();
            config.insert("Volumes".into(), Value::Object(volumes));
        }
        if let Some(dir) = &self.working_dir {
            config.insert("WorkingDir".into(), json!(dir));
        }
        if !self.labels.is_empty() {
            config.insert("Labels".into(), json!(self.labels));
        }
        if let Some(signal) = &self.stop_signal {
            config.insert("StopSignal".into(), json!(signal));
        }
        Value::Object(config)
    }
}

/// `["a","b"]` (exec form) or `a b` (shell form, run by `/bin/sh -c`).
fn command(keyword: &str, rest: &str) -> Result<Vec<String>, String> {
    if let Some(args) = json_array(rest) {
        return Ok(args);
    }
    if rest.is_empty() {
        return Err(format!("{keyword} requires at least one argument"));
    }
    Ok(vec![
        "/bin/sh".to_string(),
        "-c".to_string(),
        rest.to_string(),
    ])
}

/// A JSON array of strings, as the exec form; anything else is not one (Docker then falls back
/// to the shell form).
fn json_array(rest: &str) -> Option<Vec<String>> {
    if !rest.starts_with('[') {
        return None;
    }
    serde_json::from_str(rest).ok()
}

/// One argument, quotes removed.
fn single(keyword: &str, rest: &str) -> Result<String, String> {
    let words = split_words(rest)?;
    if words.is_empty() {
        return Err(format!("{keyword} requires exactly one argument"));
    }
    Ok(words.join(" "))
}

/// `K=V K2="v 2"` pairs, or the legacy `K V...` form (one pair, the value is the rest).
fn name_values(keyword: &str, rest: &str) -> Result<Vec<(String, String)>, String> {
    let words = split_words(rest)?;
    let Some(first) = words.first() else {
        return Err(format!("{keyword} requires at least one argument"));
    };
    if !first.contains('=') {
        if words.len() < 2 {
            return Err(format!(
                "{keyword} {first} needs a value (use {first}=VALUE)"
            ));
        }
        return Ok(vec![(first.clone(), words[1..].join(" "))]);
    }
    let mut out = Vec::new();
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            return Err(format!(
                "syntax error: cannot find = in {word:?}; must be of the form name=value"
            ));
        };
        if key.is_empty() {
            return Err(format!("{keyword} names cannot be empty"));
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok(out)
}

/// Splits on whitespace like a shell: quotes group and are removed, a backslash escapes the next
/// character (inside double quotes only `"`, `\` and `$`).
fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('\'') => word.push(c),
            Some(_) if c == '\\' => match chars.next() {
                Some(n @ ('"' | '\\' | '$')) => word.push(n),
                Some(n) => {
                    word.push('\\');
                    word.push(n);
                }
                None => word.push('\\'),
            },
            Some(_) => word.push(c),
            None if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            None => {
                in_word = true;
                match c {
                    '"' | '\'' => quote = Some(c),
                    '\\' => word.push(chars.next().unwrap_or('\\')),
                    _ => word.push(c),
                }
            }
        }
    }
    if quote.is_some() {
        return Err("unterminated quote".to_string());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// `80`, `80/udp` or `8000-8002/tcp` -> `80/tcp`, ...
fn ports(spec: &str) -> Result<Vec<String>, String> {
    let (range, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    let proto = proto.to_ascii_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid protocol in port {spec:?}"));
    }
    let parse = |p: &str| -> Result<u16, String> {
        p.parse::<u16>()
            .ok()
            .filter(|&n| n != 0)
            .ok_or_else(|| format!("invalid port {spec:?}"))
    };
    let (start, end) = match range.split_once('-') {
        Some((a, b)) => (parse(a)?, parse(b)?),
        None => {
            let p = parse(range)?;
            (p, p)
        }
    };
    if end < start {
        return Err(format!("invalid port range {spec:?}"));
    }
    Ok((start..=end).map(|p| format!("{p}/{proto}")).collect())
}

/// What the blocking thread produced: the gzip layer in a temporary file.
struct Layer {
    file: TempPath,
    diff_id: String,
    digest: String,
    size: u64,
}

/// Imports a root filesystem tarball (plain or gzip) as image `name` (a full name), applying
/// `changes`; returns the manifest digest.
pub async fn import<R>(
    client: &Client,
    input: R,
    name: &str,
    changes: &[String],
    message: Option<&str>,
    platform: Platform,
    snapshotter: &str,
) -> Result<String, Error>
where
    R: Read + Send + 'static,
{
    // Bad instructions fail before anything is read.
    let settings = ImageSettings::from_changes(changes)?;
    let layer = tokio::task::spawn_blocking(move || compress(input))
        .await
        .map_err(|source| Error::Task {
            what: "import",
            source,
        })??;

    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(24 * 3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let result = record(
        &leased,
        &layer,
        name,
        &settings,
        message,
        &platform,
        snapshotter,
    )
    .await;
    let _ = client.lease_delete(&lease).await;
    result
}

async fn record(
    client: &Client,
    layer: &Layer,
    name: &str,
    settings: &ImageSettings,
    message: Option<&str>,
    platform: &Platform,
    snapshotter: &str,
) -> Result<String, Error> {
    let mut file = tokio::fs::File::open(&layer.file.0)
        .await
        .map_err(|e| Error::io(format!("cannot open {}", layer.file.0.display()), e))?;
    let reference = format!("linnet-import-{}", layer.digest);
    store_file(
        client,
        &reference,
        &mut file,
        &layer.file.0,
        &layer.digest,
        layer.size,
    )
    .await?;

    let config = image_config(
        settings,
        &layer.diff_id,
        message,
        platform,
        chrono::Utc::now(),
    );
    let (config_digest, config_size) = write_json_blob(client, &config, HashMap::new()).await?;
    let manifest = Manifest {
        schema_version: 2,
        media_type: Some(media::OCI_MANIFEST.to_string()),
        config: Descriptor::new(media::OCI_CONFIG, &config_digest, config_size),
        layers: vec![Descriptor::new(
            media::OCI_LAYER_GZIP,
            &layer.digest,
            layer.size,
        )],
        extra: BTreeMap::new(),
    };
    let bytes = serde_json::to_vec(&manifest).map_err(|source| Error::Encode {
        what: "manifest",
        source,
    })?;
    let digest = sha256_digest(&bytes);
    let labels = gc_labels(media::OCI_MANIFEST, &digest, &bytes)?;
    let size = bytes.len() as u64;
    write_blob(client, &digest, Bytes::from(bytes), labels).await?;

    unpack(client, &digest, snapshotter, &NoProgress).await?;
    client
        .image_put(&linnet_containerd::Image {
            name: name.to_string(),
            target: linnet_containerd::Descriptor::new(media::OCI_MANIFEST, &digest, size),
            labels: HashMap::new(),
            created_at: None,
            updated_at: None,
        })
        .await?;
    Ok(digest)
}

/// The image config of an imported image.
fn image_config(
    settings: &ImageSettings,
    diff_id: &str,
    message: Option<&str>,
    platform: &Platform,
    now: chrono::DateTime<chrono::Utc>,
) -> Value {
    let created = now.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let mut history = json!({ "created": created, "created_by": CREATED_BY });
    if let Some(message) = message.filter(|m| !m.is_empty()) {
        history["comment"] = json!(message);
    }
    let mut config = json!({
        "created": created,
        "architecture": platform.architecture,
        "os": platform.os,
        "config": settings.to_json(),
        "rootfs": { "type": "layers", "diff_ids": [diff_id] },
        "history": [history],
    });
    if !platform.variant.is_empty() {
        config["variant"] = json!(platform.variant);
    }
    config
}

/// Reads the tarball, checks it is a tar, and writes it gzip-compressed to a temporary file,
/// hashing both forms on the way.
fn compress<R: Read>(input: R) -> Result<Layer, Error> {
    let read_err = |e: io::Error| Error::io("cannot read the tarball", e);
    let mut input = BufReader::with_capacity(CHUNK, input);
    let head = input.fill_buf().map_err(read_err)?;
    let reader: Box<dyn Read> = if head.is_empty() {
        return Err(Error::InvalidArchive("the tarball is empty".to_string()));
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(input))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(Error::InvalidArchive(
            "zstd-compressed tarballs are not supported; decompress it first".to_string(),
        ));
    } else {
        Box::new(input)
    };

    let path = TempPath::new("import");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path.0)
        .map_err(|e| Error::io(format!("cannot create {}", path.0.display()), e))?;
    let out = HashingWriter {
        inner: BufWriter::with_capacity(CHUNK, file),
        hasher: sha2::Sha256::new(),
        size: 0,
    };
    let mut tee = Tee {
        inner: reader,
        hasher: sha2::Sha256::new(),
        out: flate2::write::GzEncoder::new(out, flate2::Compression::new(6)),
    };
    let not_tar = |e: io::Error| Error::io("the input is not a valid tar archive", e);
    {
        let mut archive = tar::Archive::new(&mut tee);
        for entry in archive.entries().map_err(not_tar)? {
            let mut entry = entry.map_err(not_tar)?;
            io::copy(&mut entry, &mut io::sink()).map_err(not_tar)?;
        }
    }
    // Keep what follows the end-of-archive blocks too: the layer is the input, byte for byte.
    io::copy(&mut tee, &mut io::sink()).map_err(read_err)?;
    let Tee { hasher, out, .. } = tee;
    let write_err = |e| Error::io(format!("cannot write {}", path.0.display()), e);
    let mut out = out.finish().map_err(write_err)?;
    out.inner.flush().map_err(write_err)?;
    Ok(Layer {
        diff_id: format!("sha256:{}", hex::encode(hasher.finalize())),
        digest: format!("sha256:{}", hex::encode(out.hasher.finalize())),
        size: out.size,
        file: path,
    })
}

/// Passes everything read through a hash and the compressor.
struct Tee<R, W> {
    inner: R,
    hasher: sha2::Sha256,
    out: W,
}

impl<R: Read, W: Write> Read for Tee<R, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.out.write_all(&buf[..n])?;
        Ok(n)
    }
}

/// Hashes and counts what passes through to `inner` (import's and commit's layer blobs).
pub(crate) struct HashingWriter<W> {
    pub(crate) inner: W,
    pub(crate) hasher: sha2::Sha256,
    pub(crate) size: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(changes: &[&str]) -> Result<ImageSettings, Error> {
        let changes: Vec<String> = changes.iter().map(|s| s.to_string()).collect();
        ImageSettings::from_changes(&changes)
    }

    #[test]
    fn cmd_and_entrypoint_forms() {
        let s = settings(&[r#"CMD ["a", "b c"]"#, "entrypoint /bin/run --flag"]).unwrap();
        assert_eq!(s.cmd, Some(vec!["a".to_string(), "b c".to_string()]));
        assert_eq!(
            s.entrypoint,
            Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                "/bin/run --flag".into()
            ])
        );
        let s = settings(&["CMD [not json"]).unwrap();
        assert_eq!(
            s.cmd,
            Some(vec!["/bin/sh".into(), "-c".into(), "[not json".into()])
        );
        assert!(settings(&["CMD"]).is_err());
        assert_eq!(settings(&["CMD []"]).unwrap().cmd, Some(vec![]));
    }

    #[test]
    fn env_and_labels() {
        let s = settings(&[r#"ENV A=1 B="x y" C=a\ b"#, "ENV D hello world", "ENV A=2"]).unwrap();
        assert_eq!(s.env, vec!["B=x y", "C=a b", "D=hello world", "A=2"]);
        let s = settings(&[r#"LABEL org.x="one two" k=v"#, "LABEL legacy value"]).unwrap();
        assert_eq!(s.labels["org.x"], "one two");
        assert_eq!(s.labels["k"], "v");
        assert_eq!(s.labels["legacy"], "value");
        assert!(settings(&["ENV A=1 B"]).is_err());
        assert!(settings(&["ENV =1"]).is_err());
        assert!(settings(&["ENV A"]).is_err());
        assert!(settings(&[r#"ENV A="open"#]).is_err());
    }

    #[test]
    fn other_instructions() {
        let s = settings(&[
            "WORKDIR /srv",
            "WORKDIR app",
            "USER 1000:1000",
            "EXPOSE 80 53/udp 8000-8001",
            r#"VOLUME ["/data", "/logs"]"#,
            "VOLUME /cache",
            "STOPSIGNAL SIGTERM",
        ])
        .unwrap();
        assert_eq!(s.working_dir.as_deref(), Some("/srv/app"));
        assert_eq!(s.user.as_deref(), Some("1000:1000"));
        let ports: Vec<&str> = s.exposed_ports.iter().map(String::as_str).collect();
        assert_eq!(ports, vec!["53/udp", "80/tcp", "8000/tcp", "8001/tcp"]);
        let volumes: Vec<&str> = s.volumes.iter().map(String::as_str).collect();
        assert_eq!(volumes, vec!["/cache", "/data", "/logs"]);
        assert_eq!(s.stop_signal.as_deref(), Some("SIGTERM"));
        assert!(settings(&["EXPOSE 99999"]).is_err());
        assert!(settings(&["EXPOSE 80/icmp"]).is_err());
        assert!(settings(&["RUN echo"]).is_err());
        assert!(settings(&[""]).is_err());
        assert!(settings(&["FROM scratch"])
            .unwrap_err()
            .to_string()
            .contains("FROM"));
    }

    #[test]
    fn config_json() {
        let s = settings(&["CMD [\"sh\"]", "ENV A=1", "EXPOSE 80"]).unwrap();
        let platform = Platform::parse("linux/arm/v7").unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let c = image_config(&s, "sha256:abc", Some("msg"), &platform, now);
        assert_eq!(c["architecture"], "arm");
        assert_eq!(c["variant"], "v7");
        assert_eq!(c["os"], "linux");
        assert_eq!(c["rootfs"]["diff_ids"][0], "sha256:abc");
        assert_eq!(c["config"]["Cmd"][0], "sh");
        assert_eq!(c["config"]["Env"][0], "A=1");
        assert!(c["config"]["ExposedPorts"]["80/tcp"].is_object());
        assert_eq!(c["history"][0]["created_by"], CREATED_BY);
        assert_eq!(c["history"][0]["comment"], "msg");
        assert!(c["created"]
            .as_str()
            .unwrap()
            .starts_with("2024-01-02T03:04:05"));
        let bare = image_config(
            &ImageSettings::default(),
            "sha256:abc",
            None,
            &Platform::host(),
            now,
        );
        assert!(bare["history"][0].get("comment").is_none());
        assert_eq!(bare["config"], json!({}));
    }

    #[test]
    fn compress_hashes_both_forms() {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(5);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, "hello.txt", &b"hello"[..])
            .unwrap();
        let tar_bytes = builder.into_inner().unwrap();

        let layer = compress(io::Cursor::new(tar_bytes.clone())).unwrap();
        assert_eq!(layer.diff_id, sha256_digest(&tar_bytes));
        let gz = std::fs::read(&layer.file.0).unwrap();
        assert_eq!(layer.digest, sha256_digest(&gz));
        assert_eq!(layer.size, gz.len() as u64);
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, tar_bytes);

        // gzip input gives the same diff ID.
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&tar_bytes).unwrap();
        let again = compress(io::Cursor::new(enc.finish().unwrap())).unwrap();
        assert_eq!(again.diff_id, layer.diff_id);

        let path = layer.file.0.clone();
        drop(layer);
        assert!(!path.exists(), "temporary file is removed");
        assert!(compress(io::Cursor::new(Vec::new())).is_err());
        assert!(compress(io::Cursor::new(b"not a tar at all".to_vec())).is_err());
    }
}
