//! Fuzz targets for the parsers that take untrusted bytes (registry answers, layer blobs, ztocs,
//! docker config, user flags). Each target is a plain `fn(&[u8])` in cargo-fuzz's shape, so a
//! `fuzz_target!(|data| linnet_fuzz::fuzz_x(data))` wrapper runs it under libFuzzer on nightly;
//! on stable, `src/main.rs` drives them with a bounded seeded mutation loop. A target checks only
//! "no panic" (the runner times each input), plus a round-trip property where one is cheap.

pub mod mutate;
pub mod seeds;

use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One fuzz target: its name (also the regression corpus directory) and entry point.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, in the order the runner reports them.
pub const TARGETS: &[Target] = &[
    Target::new("ztoc_parse", fuzz_ztoc_parse),
    Target::new("zinfo", fuzz_zinfo),
    Target::new("ztoc_build", fuzz_ztoc_build),
    Target::new("tar_header", fuzz_tar_header),
    Target::new("oci_json", fuzz_oci_json),
    Target::new("reference", fuzz_reference),
    Target::new("docker_config", fuzz_docker_config),
    Target::new("cred_helper", fuzz_cred_helper),
    Target::new("publish", fuzz_publish),
    Target::new("mount", fuzz_mount),
    Target::new("size", fuzz_size),
    Target::new("timespec", fuzz_timespec),
    Target::new("template", fuzz_template),
];

impl Target {
    const fn new(name: &'static str, run: fn(&[u8])) -> Target {
        Target { name, run }
    }
}

pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `Ztoc::from_bytes`, then everything a lazy mount asks of a ztoc; a parsed ztoc must survive
/// its own serialization.
pub fn fuzz_ztoc_parse(data: &[u8]) {
    let Ok(ztoc) = linnet_ztoc::Ztoc::from_bytes(data) else {
        return;
    };
    let _ = ztoc.gzip_zinfo();
    if let Ok(spans) = ztoc.spans() {
        for offset in [0u64, 1, 4096, u64::MAX] {
            let _ = ztoc.span_for(offset);
        }
        let _ = spans.len();
    }
    let _ = ztoc.tar_header_offsets();
    let _ = ztoc.entry("a");
    let again = ztoc.to_bytes();
    assert!(
        linnet_ztoc::Ztoc::from_bytes(&again).is_ok(),
        "a parsed ztoc does not parse after to_bytes"
    );
}

/// The two zinfo checkpoint formats on their own.
pub fn fuzz_zinfo(data: &[u8]) {
    let _ = linnet_ztoc::zinfo::parse_gzip_blob(data);
    let _ = linnet_ztoc::zinfo::parse_tar_zinfo(data);
}

/// A ztoc build over arbitrary layer bytes (gzip or plain tar, detected from the magic), with a
/// small span size so checkpoints happen; a built ztoc must parse.
pub fn fuzz_ztoc_build(data: &[u8]) {
    let options = linnet_ztoc::BuildOptions {
        span_size: 4096,
        ..Default::default()
    };
    if let Ok(ztoc) = linnet_ztoc::build(data, &options) {
        assert!(
            linnet_ztoc::Ztoc::from_bytes(&ztoc.to_bytes()).is_ok(),
            "a built ztoc does not parse"
        );
    }
}

/// One tar header region (Go `archive/tar` semantics, PAX/GNU long names).
pub fn fuzz_tar_header(data: &[u8]) {
    let _ = linnet_ztoc::parse_entry_header(data);
}

/// Registry JSON: manifest, index, image config, with re-serialization of what parsed.
pub fn fuzz_oci_json(data: &[u8]) {
    if let Ok(m) = serde_json::from_slice::<linnet_oci::Manifest>(data) {
        let _ = serde_json::to_vec(&m);
    }
    if let Ok(i) = serde_json::from_slice::<linnet_oci::Index>(data) {
        let _ = serde_json::to_vec(&i);
    }
    if let Ok(c) = serde_json::from_slice::<oci_spec::image::ImageConfiguration>(data) {
        let _ = serde_json::to_vec(&c);
    }
    let _ = linnet_oci::Platform::parse(&text(data));
}

/// Image references: a parsed reference printed and parsed again is the same reference.
pub fn fuzz_reference(data: &[u8]) {
    let s = text(data);
    let Ok(r) = linnet_reference::Reference::parse(&s) else {
        return;
    };
    let _ = (r.familiar_name(), r.familiar_string(), r.name());
    let printed = r.to_string();
    match linnet_reference::Reference::parse(&printed) {
        Ok(again) => assert_eq!(again.to_string(), printed, "reference round trip"),
        Err(e) => panic!("{s:?} parsed, but its printed form {printed:?} does not: {e}"),
    }
}

/// A private docker config directory (one per process) and a helper search path with no helpers.
fn config_dir() -> &'static (PathBuf, PathBuf) {
    static DIR: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("linnet-fuzz-{}", std::process::id()));
        let helpers = base.join("no-helpers");
        let _ = std::fs::create_dir_all(&helpers);
        (base, helpers)
    })
}

/// `config.json` as read by the credential lookup (auths, base64 `auth`, identity tokens); the
/// helpers it may name are not on the search path, so no process is started.
pub fn fuzz_docker_config(data: &[u8]) {
    let (dir, helpers) = config_dir();
    if std::fs::write(dir.join("config.json"), data).is_err() {
        return;
    }
    let path = linnet_registry::credentials::HelperPath::Explicit(helpers.clone().into());
    for host in ["docker.io", "localhost:5000", "https://index.docker.io/v1/"] {
        let _ = linnet_registry::credentials::lookup_with(dir, host, &path);
    }
}

/// What a credential helper prints for `get`.
pub fn fuzz_cred_helper(data: &[u8]) {
    let _ = linnet_registry::credentials::parse_helper_answer("x", data);
}

/// `-p` specs and `--expose`.
pub fn fuzz_publish(data: &[u8]) {
    let s = text(data);
    let _ = linnet_network::ports::parse_port_spec(&s);
    let _ = linnet_network::ports::parse_expose(&s);
}

/// `-v`, `--mount` and `--tmpfs` strings.
pub fn fuzz_mount(data: &[u8]) {
    let s = text(data);
    let _ = linnet_spec::parse_volume(&s);
    let _ = linnet_spec::parse_mount(&s);
    let _ = linnet_spec::parse_tmpfs(&s);
}

/// Docker's size syntax (`--memory`, `--shm-size`, `size=` mount options).
pub fn fuzz_size(data: &[u8]) {
    let _ = linnet_spec::units::parse_size(&text(data));
}

/// Docker's time specs (`--since`, `--until`, `until=` filters): durations, RFC 3339, Unix times.
pub fn fuzz_timespec(data: &[u8]) {
    let now = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let _ = linnet_image::timespec::parse(&text(data), now);
}

/// The document every template runs over: the shapes `--format` sees (strings, numbers, maps,
/// lists, nulls, nesting).
fn template_doc() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::json!({
            "ID": "abc123", "Names": ["/web", "/db"], "Size": 1234567, "Ratio": 0.5,
            "Labels": {"a": "1", "com.example": "x"}, "State": {"Running": true, "Pid": 42},
            "Mounts": [{"Source": "/s", "Destination": "/d", "RW": false}], "Nil": null,
            "Empty": [], "Map": {}
        })
    })
}

/// Go templates: parse, then execute over a small document.
pub fn fuzz_template(data: &[u8]) {
    if let Ok(t) = linnet_template::Template::parse(&text(data)) {
        let _ = t.execute(template_doc());
    }
}

/// Decompresses a gzip seed (for plain-tar seeds of the build and header targets).
pub fn gunzip(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}
