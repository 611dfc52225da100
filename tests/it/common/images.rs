//! Test images made from local files only: a busybox root filesystem (Debian's static busybox,
//! its applets as symlinks, users root/app/nobody) written as gzip'd layer tars, wrapped into OCI
//! image archives for `linnet load`, a plain rootfs tarball for `linnet import` and a
//! docker-archive. Layers are built once per test binary; archives are cheap to write.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const MT_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const MT_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const MT_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
pub const MT_LAYER_GZIP: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

const PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// Fixed mtime so that identical content gives identical digests.
const MTIME: u64 = 1_700_000_000;

/// Content in `/etc/some-file` of the top layer of [`multi_layer`].
pub const UPPER_CONTENT: &str = "from the upper layer";

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

pub fn digest_of(data: &[u8]) -> String {
    format!("sha256:{}", sha256_hex(data))
}

/// The GOARCH name of this machine.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "arm" => "arm",
        "powerpc64" => "ppc64le",
        "s390x" => "s390x",
        "riscv64" => "riscv64",
        other => other,
    }
}

/// An architecture this machine is not.
pub fn other_arch() -> &'static str {
    if host_arch() == "arm64" {
        "amd64"
    } else {
        "arm64"
    }
}

/// The static busybox to put into images, or why there is none.
pub fn busybox_path() -> Result<PathBuf, String> {
    static FOUND: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let path = ["/bin/busybox", "/usr/bin/busybox"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
                .ok_or("busybox not found (apt-get install busybox-static)")?;
            let data = std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
            // A dynamic busybox would need a libc inside the image.
            if has_interpreter(&data) {
                return Err(format!(
                    "{} is dynamically linked (apt-get install busybox-static)",
                    path.display()
                ));
            }
            Ok(path)
        })
        .clone()
}

/// True when an ELF64 little-endian executable has a PT_INTERP header (is dynamically linked).
fn has_interpreter(elf: &[u8]) -> bool {
    const PT_INTERP: u32 = 3;
    if elf.len() < 64 || &elf[..4] != b"\x7fELF" || elf[4] != 2 || elf[5] != 1 {
        return false;
    }
    let u16_at = |o: usize| u16::from_le_bytes([elf[o], elf[o + 1]]) as usize;
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap_or([0; 8])) as usize;
    let (phentsize, phnum) = (u16_at(0x36), u16_at(0x38));
    (0..phnum).any(|i| {
        let at = phoff + i * phentsize;
        elf.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            == Some(PT_INTERP)
    })
}

/// A content-addressed blob.
#[derive(Clone, Debug)]
pub struct Blob {
    pub media_type: String,
    pub digest: String,
    pub data: Vec<u8>,
}

impl Blob {
    pub fn new(media_type: &str, data: Vec<u8>) -> Blob {
        Blob {
            media_type: media_type.to_string(),
            digest: digest_of(&data),
            data,
        }
    }

    pub fn json(media_type: &str, value: &Value) -> Blob {
        Blob::new(
            media_type,
            serde_json::to_vec(value).expect("serialize JSON"),
        )
    }

    pub fn descriptor(&self) -> Value {
        json!({"mediaType": self.media_type, "digest": self.digest, "size": self.data.len()})
    }

    pub fn hex(&self) -> &str {
        self.digest.trim_start_matches("sha256:")
    }
}

/// One layer: the uncompressed tar (for diff IDs, docker-archives and `import`) and the gzip blob.
#[derive(Clone)]
pub struct Layer {
    pub tar: Vec<u8>,
    pub blob: Blob,
}

impl Layer {
    pub fn diff_id(&self) -> String {
        digest_of(&self.tar)
    }
}

/// Builds layer tars with fixed ownership and timestamps.
pub struct LayerBuilder {
    tar: tar::Builder<Vec<u8>>,
}

impl Default for LayerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl LayerBuilder {
    pub fn new() -> LayerBuilder {
        let mut tar = tar::Builder::new(Vec::new());
        tar.mode(tar::HeaderMode::Deterministic);
        LayerBuilder { tar }
    }

    fn header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(kind);
        h.set_mode(mode);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(MTIME);
        h.set_size(size);
        h
    }

    pub fn dir(&mut self, path: &str, mode: u32) -> &mut Self {
        let mut h = Self::header(tar::EntryType::Directory, mode, 0);
        self.tar
            .append_data(
                &mut h,
                format!("{}/", path.trim_end_matches('/')),
                std::io::empty(),
            )
            .expect("append dir");
        self
    }

    pub fn file(&mut self, path: &str, mode: u32, data: &[u8]) -> &mut Self {
        let mut h = Self::header(tar::EntryType::Regular, mode, data.len() as u64);
        self.tar
            .append_data(&mut h, path, data)
            .expect("append file");
        self
    }

    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Self {
        let mut h = Self::header(tar::EntryType::Symlink, 0o777, 0);
        self.tar
            .append_link(&mut h, path, target)
            .expect("append symlink");
        self
    }

    pub fn finish(self) -> Layer {
        let tar = self.tar.into_inner().expect("finish tar");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).expect("gzip layer");
        let gz = gz.finish().expect("gzip layer");
        Layer {
            tar,
            blob: Blob::new(MT_LAYER_GZIP, gz),
        }
    }
}

/// The busybox base layer, built once.
pub fn base_layer() -> &'static Layer {
    static LAYER: OnceLock<Layer> = OnceLock::new();
    LAYER.get_or_init(|| {
        let busybox_path = busybox_path().expect("static busybox");
        let busybox = std::fs::read(&busybox_path).expect("read busybox");
        let mut b = LayerBuilder::new();
        for dir in [
            "bin", "dev", "etc", "home", "proc", "root", "sys", "usr", "usr/bin", "var",
        ] {
            b.dir(dir, 0o755);
        }
        b.dir("tmp", 0o1777).dir("home/app", 0o755);
        b.file("bin/busybox", 0o755, &busybox);
        for applet in applets(&busybox_path) {
            b.symlink(&format!("bin/{applet}"), "busybox");
        }
        b.symlink("usr/bin/env", "/bin/busybox");
        b.file(
            "etc/passwd",
            0o644,
            b"root:x:0:0:root:/root:/bin/sh\n\
              app:x:1000:1000:app:/home/app:/bin/sh\n\
              nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
        );
        b.file(
            "etc/group",
            0o644,
            b"root:x:0:\napp:x:1000:\nnogroup:x:65534:\n",
        );
        b.file("etc/it-release", 0o644, b"linnet integration test image\n");
        b.finish()
    })
}

/// busybox's applet names (from `busybox --list`, else a fixed list of what tests use).
fn applets(busybox: &Path) -> Vec<String> {
    let listed = std::process::Command::new(busybox)
        .arg("--list")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut names: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "busybox" && !n.contains('/'))
        .map(str::to_string)
        .collect();
    if names.is_empty() {
        names = [
            "sh", "echo", "cat", "ls", "sleep", "env", "id", "pwd", "true", "false", "wc", "head",
            "tail", "test", "stty", "hostname", "grep", "printf", "mkdir", "touch", "rm", "kill",
            "ps", "seq", "date", "tr", "cut", "sort", "uname",
        ]
        .map(str::to_string)
        .to_vec();
    }
    names.sort();
    names.dedup();
    names
}

/// The second and third layers of [`multi_layer`]: a file overwritten, one deleted by a whiteout
/// and an opaque directory.
fn extra_layers() -> &'static (Layer, Layer, Layer) {
    static LAYERS: OnceLock<(Layer, Layer, Layer)> = OnceLock::new();
    LAYERS.get_or_init(|| {
        let mut lower = LayerBuilder::new();
        lower
            .dir("etc", 0o755)
            .file("etc/some-file", 0o644, b"from the lower layer\n")
            .file("etc/gone", 0o644, b"deleted by a whiteout\n")
            .dir("data", 0o755)
            .dir("data/opaque", 0o755)
            .file("data/opaque/old-a", 0o644, b"a\n")
            .file("data/opaque/old-b", 0o644, b"b\n");
        let mut upper = LayerBuilder::new();
        upper
            .dir("etc", 0o755)
            .file(
                "etc/some-file",
                0o644,
                format!("{UPPER_CONTENT}\n").as_bytes(),
            )
            .file("etc/.wh.gone", 0o644, b"")
            .dir("data", 0o755)
            .dir("data/opaque", 0o755)
            .file("data/opaque/.wh..wh..opq", 0o644, b"")
            .file("data/opaque/new", 0o644, b"new\n");
        let mut top = LayerBuilder::new();
        top.dir("app", 0o755).file(
            "app/hello.sh",
            0o755,
            b"#!/bin/sh\necho hello from layer three\n",
        );
        (lower.finish(), upper.finish(), top.finish())
    })
}

/// An image as files: every blob plus the top object (a manifest or an index).
#[derive(Clone)]
pub struct TestImage {
    /// The name users type (`it-busybox:latest`).
    pub name: String,
    pub top: Blob,
    pub blobs: Vec<Blob>,
    pub layers: Vec<Layer>,
    /// Manifests per platform (`linux/amd64` -> manifest blob) when `top` is an index.
    pub platforms: BTreeMap<String, Blob>,
    /// The config blob of the host platform's manifest.
    pub config: Blob,
}

impl TestImage {
    pub fn is_index(&self) -> bool {
        self.top.media_type == MT_INDEX
    }

    /// Digest of the top object (what `images --digests` and the registry report).
    pub fn digest(&self) -> &str {
        &self.top.digest
    }

    /// Docker's image ID for the host platform: the config digest.
    pub fn config_digest(&self) -> &str {
        &self.config.digest
    }

    /// The fully qualified name containerd stores (`docker.io/library/it-busybox:latest`).
    pub fn full_name(&self) -> String {
        normalize(&self.name)
    }

    /// Writes an OCI image layout tar (`oci-layout`, `index.json`, `blobs/sha256/*`) naming the
    /// image with both containerd's and the OCI annotation.
    pub fn write_oci_archive(&self, path: &Path) -> std::io::Result<()> {
        let full = self.full_name();
        let tag = full.rsplit_once(':').map(|(_, t)| t).unwrap_or("latest");
        let mut desc = self.top.descriptor();
        desc["annotations"] = json!({
            "io.containerd.image.name": full,
            "org.opencontainers.image.ref.name": tag,
        });
        let index = json!({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": [desc]});
        let mut files: Vec<(String, Vec<u8>)> = vec![
            (
                "oci-layout".into(),
                br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
            ),
            ("index.json".into(), serde_json::to_vec(&index)?),
        ];
        let mut seen = std::collections::HashSet::new();
        for blob in &self.blobs {
            if seen.insert(blob.digest.clone()) {
                files.push((format!("blobs/sha256/{}", blob.hex()), blob.data.clone()));
            }
        }
        write_tar(path, &files, &["blobs", "blobs/sha256"])
    }
}

/// Writes a tar with the given directories and files.
pub fn write_tar(path: &Path, files: &[(String, Vec<u8>)], dirs: &[&str]) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut tar = tar::Builder::new(std::io::BufWriter::new(file));
    for dir in dirs {
        let mut h = LayerBuilder::header(tar::EntryType::Directory, 0o755, 0);
        tar.append_data(&mut h, format!("{dir}/"), std::io::empty())?;
    }
    for (name, data) in files {
        let mut h = LayerBuilder::header(tar::EntryType::Regular, 0o644, data.len() as u64);
        tar.append_data(&mut h, name, data.as_slice())?;
    }
    tar.into_inner()?.flush()
}

/// Docker-style normalization for the simple names tests use.
pub fn normalize(name: &str) -> String {
    let (repo, tag) = match name.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r.to_string(), t.to_string()),
        _ => (name.to_string(), "latest".to_string()),
    };
    let first = repo.split('/').next().unwrap_or_default();
    let has_domain =
        repo.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let repo = if has_domain {
        repo
    } else if repo.contains('/') {
        format!("docker.io/{repo}")
    } else {
        format!("docker.io/library/{repo}")
    };
    format!("{repo}:{tag}")
}

/// An image config for `arch` over `layers`; `label` makes image IDs differ between variants.
fn config_json(arch: &str, layers: &[&Layer], label: &str) -> Value {
    let mut config = json!({
        "architecture": arch,
        "os": "linux",
        "created": "2024-01-01T00:00:00Z",
        "config": {
            "Env": [PATH_ENV],
            "Cmd": ["sh"],
            "Labels": {"org.linnet.it.variant": label},
        },
        "rootfs": {
            "type": "layers",
            "diff_ids": layers.iter().map(|l| l.diff_id()).collect::<Vec<_>>(),
        },
        "history": layers.iter().map(|_| json!({"created": "2024-01-01T00:00:00Z", "created_by": "linnet integration tests"})).collect::<Vec<_>>(),
    });
    if arch == "arm64" {
        config["variant"] = json!("v8");
    }
    config
}

/// Manifest + config for one platform.
fn manifest(arch: &str, layers: &[&Layer], label: &str) -> (Blob, Blob) {
    let config = Blob::json(MT_CONFIG, &config_json(arch, layers, label));
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": MT_MANIFEST,
        "config": config.descriptor(),
        "layers": layers.iter().map(|l| l.blob.descriptor()).collect::<Vec<_>>(),
    });
    (Blob::json(MT_MANIFEST, &manifest), config)
}

fn single_platform(name: &str, layers: Vec<Layer>, label: &str) -> TestImage {
    let refs: Vec<&Layer> = layers.iter().collect();
    let (manifest, config) = manifest(host_arch(), &refs, label);
    let mut blobs: Vec<Blob> = layers.iter().map(|l| l.blob.clone()).collect();
    blobs.push(config.clone());
    blobs.push(manifest.clone());
    TestImage {
        name: name.to_string(),
        top: manifest,
        blobs,
        layers,
        platforms: BTreeMap::new(),
        config,
    }
}

/// The one-layer busybox image.
pub fn single(name: &str) -> TestImage {
    single_platform(name, vec![base_layer().clone()], "single")
}

/// The same busybox with a distinct config (so a distinct image ID), e.g. for push tests that
/// must not share content with other images in the registry.
pub fn variant(name: &str, label: &str) -> TestImage {
    single_platform(name, vec![base_layer().clone()], label)
}

/// Four layers: busybox, a lower layer, an upper layer with a whiteout (`/etc/gone`) and an
/// opaque directory (`/data/opaque`), and a small top layer (`/app/hello.sh`).
pub fn multi_layer(name: &str) -> TestImage {
    let (lower, upper, top) = extra_layers().clone();
    single_platform(
        name,
        vec![base_layer().clone(), lower, upper, top],
        "multi-layer",
    )
}

/// An index with a host-platform and an other-platform manifest sharing the busybox layer.
pub fn multi_platform(name: &str) -> TestImage {
    let layer = base_layer().clone();
    let mut blobs = vec![layer.blob.clone()];
    let mut platforms = BTreeMap::new();
    let mut descs = Vec::new();
    let mut host_config = None;
    for arch in ["amd64", "arm64"] {
        let (manifest, config) = manifest(arch, &[&layer], &format!("multi-platform-{arch}"));
        let mut desc = manifest.descriptor();
        desc["platform"] = if arch == "arm64" {
            json!({"architecture": arch, "os": "linux", "variant": "v8"})
        } else {
            json!({"architecture": arch, "os": "linux"})
        };
        descs.push(desc);
        if arch == host_arch() {
            host_config = Some(config.clone());
        }
        blobs.push(config);
        blobs.push(manifest.clone());
        platforms.insert(format!("linux/{arch}"), manifest);
    }
    let index = Blob::json(
        MT_INDEX,
        &json!({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": descs}),
    );
    blobs.push(index.clone());
    let config = host_config.unwrap_or_else(|| blobs[1].clone());
    TestImage {
        name: name.to_string(),
        top: index,
        blobs,
        layers: vec![layer],
        platforms,
        config,
    }
}

/// A plain (uncompressed) rootfs tarball of busybox, for `linnet import`.
pub fn rootfs_tar(path: &Path) -> std::io::Result<()> {
    std::fs::write(path, &base_layer().tar)
}

/// A docker-archive (`docker save` before v25): `manifest.json`, `<id>.json` config, and
/// `<hex>/layer.tar` uncompressed layers. Returns the image ID (config digest).
pub fn write_docker_archive(path: &Path, repo_tag: &str) -> std::io::Result<String> {
    let (lower, upper, _) = extra_layers().clone();
    let layers = [base_layer().clone(), lower, upper];
    let refs: Vec<&Layer> = layers.iter().collect();
    let config = serde_json::to_vec(&config_json(host_arch(), &refs, "docker-archive"))?;
    let config_hex = sha256_hex(&config);
    let mut files = vec![(format!("{config_hex}.json"), config)];
    let mut dirs = Vec::new();
    let mut layer_paths = Vec::new();
    for layer in &layers {
        let hex = sha256_hex(&layer.tar);
        files.push((format!("{hex}/layer.tar"), layer.tar.clone()));
        files.push((format!("{hex}/VERSION"), b"1.0".to_vec()));
        layer_paths.push(format!("{hex}/layer.tar"));
        dirs.push(hex);
    }
    let manifest = json!([{
        "Config": format!("{config_hex}.json"),
        "RepoTags": [repo_tag],
        "Layers": layer_paths,
    }]);
    files.push(("manifest.json".into(), serde_json::to_vec(&manifest)?));
    let dir_refs: Vec<&str> = dirs.iter().map(String::as_str).collect();
    write_tar(path, &files, &dir_refs)?;
    Ok(format!("sha256:{config_hex}"))
}

/// Deterministic incompressible bytes (xorshift64), for layers that must stay large after gzip.
pub fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Regular files of [`soci_data_layer`] (path in the layer, content), in archive order.
pub fn soci_files() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let text: Vec<u8> = (0..6000)
            .flat_map(|i| {
                format!("line {i}: the quick brown fox jumps over the lazy dog\n").into_bytes()
            })
            .collect();
        vec![
            (
                "data/hello.txt".into(),
                b"hello from the soci layer\n".to_vec(),
            ),
            // 12 MiB: above soci's default min-layer-size (10 MiB) even gzip'd, several spans.
            ("data/random.bin".into(), pseudo_random(1, 12 << 20)),
            ("data/text.txt".into(), text),
            ("data/empty".into(), Vec::new()),
            ("data/sub/mid.bin".into(), pseudo_random(2, 300_000)),
            ("data/sub/deep.txt".into(), b"deep inside\n".to_vec()),
        ]
    })
}

/// A ~12 MiB gzip layer of [`soci_files`] plus directories and a symlink, built once.
pub fn soci_data_layer() -> &'static Layer {
    static LAYER: OnceLock<Layer> = OnceLock::new();
    LAYER.get_or_init(|| {
        let mut b = LayerBuilder::new();
        b.dir("data", 0o755).dir("data/sub", 0o755);
        for (path, data) in soci_files() {
            b.file(path, 0o644, data);
        }
        b.symlink("data/link", "hello.txt");
        let mut layer = b.finish();
        // Level 6, not the builder's level 1: zlib-rs' level 1 writes incompressible data as one
        // deflate block, which leaves a ztoc no checkpoint to place inside it.
        layer.blob = Blob::new(MT_LAYER_GZIP, gzip_bytes(&layer.tar));
        layer
    })
}

/// Three layers for SOCI conversion: busybox (small, below the default min-layer-size), the
/// large [`soci_data_layer`], and the small top layer of [`multi_layer`].
pub fn soci_image(name: &str, label: &str) -> TestImage {
    let (_, _, top) = extra_layers().clone();
    single_platform(
        name,
        vec![base_layer().clone(), soci_data_layer().clone(), top],
        label,
    )
}

/// A single-layer image whose layer blob is `blob` as is (declared tar+gzip) and whose diff ID
/// is the digest of `uncompressed`: for layers that are not what they claim to be.
pub fn raw_layer_image(name: &str, blob: Vec<u8>, uncompressed: &[u8]) -> TestImage {
    let layer = Layer {
        tar: uncompressed.to_vec(),
        blob: Blob::new(MT_LAYER_GZIP, blob),
    };
    single_platform(name, vec![layer], name)
}

/// gzip of `data` (default level), for hand-made layer blobs.
pub fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data).expect("gzip");
    gz.finish().expect("gzip")
}

/// Size of the incompressible file in [`lazy_big_layer`].
pub const LAZY_BIG_SIZE: usize = 40 << 20;
/// Content of `/small/file` in [`lazy_image`].
pub const LAZY_SMALL: &str = "hello from a lazily loaded layer";

/// `/big/blob` of [`lazy_image`]: 40 MiB of incompressible bytes.
pub fn lazy_big_blob() -> &'static [u8] {
    static DATA: OnceLock<Vec<u8>> = OnceLock::new();
    DATA.get_or_init(|| pseudo_random(40, LAZY_BIG_SIZE))
}

/// A tar layer of busybox, small files of several owners and modes (with a symlink and a
/// hardlink) and, last, 40 MiB of incompressible data; gzip level `level`. The small files come
/// first so that running busybox and reading them needs only the layer's first span.
pub fn lazy_big_layer(level: u32) -> Layer {
    let busybox_path = busybox_path().expect("static busybox");
    let busybox = std::fs::read(&busybox_path).expect("read busybox");
    let mut tar = tar::Builder::new(Vec::new());
    tar.mode(tar::HeaderMode::Deterministic);
    let mut add =
        |kind: tar::EntryType, path: &str, mode: u32, owner: u64, data: &[u8], link: &str| {
            let mut h = tar::Header::new_ustar();
            h.set_entry_type(kind);
            h.set_mode(mode);
            h.set_uid(owner);
            h.set_gid(owner);
            h.set_mtime(MTIME);
            h.set_size(data.len() as u64);
            if link.is_empty() {
                tar.append_data(&mut h, path, data).expect("append entry");
            } else {
                tar.append_link(&mut h, path, link).expect("append link");
            }
        };
    use tar::EntryType as T;
    for dir in [
        "bin",
        "dev",
        "etc",
        "proc",
        "sys",
        "small",
        "data",
        "data/opaque",
    ] {
        add(T::Directory, &format!("{dir}/"), 0o755, 0, b"", "");
    }
    add(T::Directory, "tmp/", 0o1777, 0, b"", "");
    add(T::Regular, "bin/busybox", 0o755, 0, &busybox, "");
    for applet in applets(&busybox_path) {
        add(
            T::Symlink,
            &format!("bin/{applet}"),
            0o777,
            0,
            b"",
            "busybox",
        );
    }
    add(
        T::Regular,
        "etc/passwd",
        0o644,
        0,
        b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n",
        "",
    );
    add(
        T::Regular,
        "etc/group",
        0o644,
        0,
        b"root:x:0:\napp:x:1000:\n",
        "",
    );
    add(
        T::Regular,
        "etc/gone",
        0o644,
        0,
        b"deleted by the top layer\n",
        "",
    );
    add(
        T::Regular,
        "data/opaque/old",
        0o644,
        0,
        b"hidden by an opaque dir\n",
        "",
    );
    add(
        T::Regular,
        "small/file",
        0o644,
        0,
        format!("{LAZY_SMALL}\n").as_bytes(),
        "",
    );
    add(
        T::Regular,
        "small/run.sh",
        0o755,
        0,
        b"#!/bin/sh\necho run from the lazy layer\n",
        "",
    );
    add(T::Directory, "small/private/", 0o700, 1000, b"", "");
    add(
        T::Regular,
        "small/private/secret",
        0o600,
        1000,
        b"owned by app\n",
        "",
    );
    add(T::Regular, "small/setuid", 0o4755, 0, b"#!/bin/sh\n", "");
    add(T::Symlink, "small/link", 0o777, 0, b"", "file");
    add(T::Link, "small/hard", 0o644, 0, b"", "small/file");
    add(T::Regular, "small/empty", 0o644, 0, b"", "");
    add(T::Directory, "big/", 0o755, 0, b"", "");
    add(T::Regular, "big/blob", 0o644, 0, lazy_big_blob(), "");
    let tar = tar.into_inner().expect("finish tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    gz.write_all(&tar).expect("gzip layer");
    let gz = gz.finish().expect("gzip layer");
    Layer {
        tar,
        blob: Blob::new(MT_LAYER_GZIP, gz),
    }
}

/// A small layer over [`lazy_big_layer`]: a whiteout, an opaque directory and a new file.
pub fn lazy_top_layer() -> Layer {
    let mut b = LayerBuilder::new();
    b.dir("etc", 0o755)
        .file("etc/.wh.gone", 0o644, b"")
        .dir("data", 0o755)
        .dir("data/opaque", 0o755)
        .file("data/opaque/.wh..wh..opq", 0o644, b"")
        .file("data/opaque/new", 0o644, b"new\n")
        .dir("top", 0o755)
        .file("top/file", 0o644, b"from the top layer\n");
    b.finish()
}

/// The image for lazy loading tests: [`lazy_big_layer`] (gzip `level`) under
/// [`lazy_top_layer`].
pub fn lazy_image(name: &str, label: &str, level: u32) -> TestImage {
    single_platform(name, vec![lazy_big_layer(level), lazy_top_layer()], label)
}

/// A layer whose blob is `gz` exactly as given (e.g. a golden vector made by another tool),
/// declared tar+gzip; the tar (for the diff ID) is its decompression.
pub fn layer_from_gzip(gz: Vec<u8>) -> Layer {
    use std::io::Read;
    let mut tar = Vec::new();
    flate2::read::MultiGzDecoder::new(gz.as_slice())
        .read_to_end(&mut tar)
        .expect("gunzip layer");
    Layer {
        tar,
        blob: Blob::new(MT_LAYER_GZIP, gz),
    }
}

/// A single-platform image of `layers` (bottom first); `label` makes its config unique.
pub fn image_of_layers(name: &str, layers: Vec<Layer>, label: &str) -> TestImage {
    single_platform(name, layers, label)
}
