//! Issue 4, compatibility and robustness of lazy loading:
//!
//! * SOCI artifacts made by soci itself work: an image whose layers are golden vector layers
//!   (`../shared/vectors/soci-golden`, gzip bytes as-is) with a hand-written SOCI index v2 whose
//!   ztocs are the golden `.ztoc` files soci's builder made runs lazily, files byte-exact.
//! * Faults on the read path: behind a proxy that answers 503, corrupts a body or stalls range
//!   requests for the lazy layer, reads recover with the right bytes, or fail in bounded time
//!   without wrong bytes.
//! * CRI-style discovery: a `Prepare` with only the labels containerd's CRI plugin passes (no
//!   `soci.*` labels, index not in the content store) finds the index through the registry
//!   (manifest annotation) and commits a remote snapshot.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::images::{self, Blob, TestImage, MT_INDEX, MT_MANIFEST};
use crate::common::proxy::Listener;
use crate::common::rawhttp::{head_header, push_blob, put_manifest, read_head};
use crate::common::registry::Registry;
use crate::common::{daemon, Linnet, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

/// The golden layers used, bottom first: (layer file, ztoc name, span size, a file in it).
const GOLDEN: &[(&str, &str, i64, &str)] = &[
    (
        "large-compressible-l6.tar.gz",
        "large-compressible-l6",
        4_194_304,
        "big/part-1.log",
    ),
    (
        "many-l6.tar.gz",
        "many-l6-s4096",
        4096,
        "many/file-0042.txt",
    ),
];

/// `../shared/vectors/soci-golden`, when present.
fn golden_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/soci-golden");
    dir.join("manifest.json").is_file().then_some(dir)
}

/// Prints the skip line (or fails under `LINNET_TESTS_REQUIRE`) when the vectors are absent.
fn golden_or_skip(test: &str) -> Option<PathBuf> {
    let dir = golden_dir();
    if dir.is_none() {
        assert!(
            !crate::common::required(),
            "{test}: ../shared/vectors/soci-golden not found (LINNET_TESTS_REQUIRE is set)"
        );
        crate::common::record_skip(test, "../shared/vectors/soci-golden not found");
    }
    dir
}

/// An image of the golden layers plus busybox with a SOCI index v2 over the golden ztocs, as
/// `soci convert` lays it out (soci-format.md §3.2, §4.1).
struct GoldenImage {
    image: TestImage,
    /// The golden ztocs and the SOCI index config (`{}`).
    extra_blobs: Vec<Blob>,
    index: Blob,
    /// The image manifest annotated with `com.amazon.soci.index-digest`.
    manifest: Blob,
    oci_index: Blob,
}

impl GoldenImage {
    /// The bottom (golden) layer and the chain id of its snapshot.
    fn bottom(&self) -> (&images::Layer, String) {
        let layer = &self.image.layers[0];
        (layer, layer.diff_id())
    }
}

fn golden_image(dir: &Path, label: &str, build_tool: &str) -> GoldenImage {
    let mut layers = Vec::new();
    let mut ztocs = Vec::new();
    let mut ztoc_descriptors = Vec::new();
    for (file, ztoc, span, _) in GOLDEN {
        let gz = std::fs::read(dir.join(file)).expect("read golden layer");
        let layer = images::layer_from_gzip(gz);
        let bytes = std::fs::read(dir.join(format!("{ztoc}.ztoc"))).expect("read golden ztoc");
        let ztoc = Blob::new("application/octet-stream", bytes);
        // soci's ztoc descriptor (soci-format.md §3.2/§3.3), written out rather than made by
        // linnet's own encoder, so that the test does not judge linnet by linnet.
        ztoc_descriptors.push(format!(
            "{{\"mediaType\":\"application/octet-stream\",\"digest\":\"{}\",\"size\":{},\
             \"annotations\":{{\"com.amazon.soci.image-layer-digest\":\"{}\",\
             \"com.amazon.soci.image-layer-mediaType\":\"{}\",\"com.amazon.soci.span-size\":\"{span}\"}}}}",
            ztoc.digest,
            ztoc.data.len(),
            layer.blob.digest,
            layer.blob.media_type
        ));
        layers.push(layer);
        ztocs.push(ztoc);
    }
    layers.push(images::base_layer().clone());
    let image = images::image_of_layers(&format!("it-golden-{label}:v1"), layers, label);

    // The SOCI index v2 in the exact bytes of the spec's example (§3.2), and the image manifest
    // re-encoded with the index annotation as `soci convert` writes it (§4.1 step 4).
    let index = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
         \"config\":{{\"mediaType\":\"application/vnd.amazon.soci.index.v2+json\",\
         \"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}},\
         \"layers\":[{}],\"annotations\":{{\"com.amazon.soci.build-tool-identifier\":\"{build_tool}\"}}}}",
        ztoc_descriptors.join(",")
    );
    let index = Blob::new(MT_MANIFEST, index.into_bytes());
    let source: Value = serde_json::from_slice(&image.top.data).expect("parse image manifest");
    let descriptor = |d: &Value| {
        format!(
            "{{\"mediaType\":\"{}\",\"digest\":\"{}\",\"size\":{}}}",
            d["mediaType"].as_str().expect("mediaType"),
            d["digest"].as_str().expect("digest"),
            d["size"].as_u64().expect("size")
        )
    };
    let layer_descriptors: Vec<String> = source["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(descriptor)
        .collect();
    let annotated = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"{MT_MANIFEST}\",\"config\":{},\"layers\":[{}],\
         \"annotations\":{{\"com.amazon.soci.index-digest\":\"{}\"}}}}",
        descriptor(&source["config"]),
        layer_descriptors.join(","),
        index.digest
    );
    let manifest = Blob::new(MT_MANIFEST, annotated.into_bytes());
    let platform = json!({"architecture": images::host_arch(), "os": "linux"});
    let oci_index = json!({
        "schemaVersion": 2,
        "mediaType": MT_INDEX,
        "manifests": [
            {
                "mediaType": MT_MANIFEST,
                "digest": manifest.digest,
                "size": manifest.data.len(),
                "annotations": {"com.amazon.soci.index-digest": index.digest},
                "platform": platform,
            },
            {
                "mediaType": MT_MANIFEST,
                "digest": index.digest,
                "size": index.data.len(),
                "annotations": {"com.amazon.soci.image-manifest-digest": manifest.digest},
                "platform": platform,
                "artifactType": "application/vnd.amazon.soci.index.v2+json",
            },
        ],
    });
    let mut extra_blobs = ztocs;
    extra_blobs.push(Blob::new(
        "application/vnd.amazon.soci.index.v2+json",
        b"{}".to_vec(),
    ));
    GoldenImage {
        image,
        extra_blobs,
        index,
        manifest,
        oci_index: Blob::json(MT_INDEX, &oci_index),
    }
}

/// Pushes everything of `g` to `repo:tag`; returns the reference.
fn push_golden(host: &str, repo: &str, tag: &str, g: &GoldenImage) -> String {
    let mut seen = std::collections::HashSet::new();
    for blob in g
        .image
        .layers
        .iter()
        .map(|l| &l.blob)
        .chain([&g.image.config])
    {
        if seen.insert(blob.digest.clone()) {
            push_blob(host, repo, &blob.data);
        }
    }
    for blob in &g.extra_blobs {
        if seen.insert(blob.digest.clone()) {
            push_blob(host, repo, &blob.data);
        }
    }
    for (reference, blob) in [
        (g.manifest.digest.as_str(), &g.manifest),
        (g.index.digest.as_str(), &g.index),
        (tag, &g.oci_index),
    ] {
        put_manifest(host, repo, reference, &blob.media_type, &blob.data);
    }
    format!("{host}/{repo}:{tag}")
}

/// The content of `path` in an uncompressed layer tar, read with the tar crate.
fn file_in_tar(tar: &[u8], path: &str) -> Vec<u8> {
    let mut archive = tar::Archive::new(tar);
    for entry in archive.entries().expect("read tar") {
        let mut entry = entry.expect("tar entry");
        let name = entry
            .path()
            .expect("entry path")
            .to_string_lossy()
            .into_owned();
        if name.trim_start_matches("./") == path {
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read tar entry");
            return data;
        }
    }
    panic!("{path} is not in the layer");
}

/// The last lines of the snapshotter's log under `data_root`, for failure messages.
fn snapshotter_log_tail(data_root: &Path) -> String {
    let log = std::fs::read_to_string(data_root.join("snapshotter.log")).unwrap_or_default();
    let tail: Vec<&str> = log.lines().rev().take(30).collect();
    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
}

/// Runs `cat PATH` in `image` and checks the output is exactly `expected`.
fn cat_is(linnet: Linnet, data_root: &Path, image: &str, path: &str, expected: &[u8]) {
    let run = linnet
        .args(["run", "--rm", image, "cat", &format!("/{path}")])
        .run();
    if run.code != 0 {
        run.fail(&format!(
            "cat /{path} failed; snapshotter log (tail):\n{}",
            snapshotter_log_tail(data_root)
        ));
    }
    if run.stdout.as_bytes() != expected {
        run.fail(&format!(
            "/{path} differs from the golden layer's file ({} bytes expected, {} printed)",
            expected.len(),
            run.stdout.len()
        ));
    }
}

fn lazy_rows(linnet: Linnet, image: &str) -> Vec<Value> {
    let run = linnet
        .args(["image", "lazy-status", "--format", "json", image])
        .run()
        .success();
    run.json().as_array().cloned().unwrap_or_default()
}

#[test]
fn lazy_compat_soci_golden_ztocs_run_lazily() {
    let Some(dir) = golden_or_skip("lazy_compat_golden") else {
        return;
    };
    let Some(env) = TestEnv::new("lazy_compat_golden", TOOLS) else {
        return;
    };
    let registry = Registry::plain();
    let g = golden_image(&dir, "golden-run", "AWS SOCI CLI v0.2");
    let reference = push_golden(&registry.host, "compat/golden", "v2", &g);
    let linnet = || env.linnet().global(["--snapshotter", "linnet"]);

    linnet()
        .args(["pull", &reference])
        .run()
        .success()
        .stdout_has(&format!("{} of the image's layers are lazy", GOLDEN.len()));
    for (i, (_, _, _, path)) in GOLDEN.iter().enumerate() {
        let expected = file_in_tar(&g.image.layers[i].tar, path);
        cat_is(linnet(), &env.daemon.data_root, &reference, path, &expected);
    }
    let rows = lazy_rows(linnet(), &reference);
    for layer in &g.image.layers[..GOLDEN.len()] {
        let row = rows.iter().find(|r| r["layer"] == layer.blob.digest);
        assert!(
            row.is_some_and(|r| r["lazy"] == true),
            "golden layer {} should be lazy: {rows:?}",
            layer.blob.digest
        );
    }
    linnet().args(["rmi", &reference]).run().success();
}

/// What the proxy does to the range requests it tampers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// `503 Service Unavailable`, connection closed.
    Unavailable,
    /// The upstream response with one body byte flipped.
    Corrupt,
    /// No answer until the proxy is dropped.
    Stall,
}

/// A TCP proxy to a registry that tampers with GETs carrying `Range` for one blob path, as many
/// times as armed. Every connection serves one request (it is forwarded with
/// `Connection: close`), so requests can be told apart without parsing chunked bodies.
struct FaultProxy {
    addr: String,
    plan: Arc<Mutex<(Option<Fault>, u32)>>,
    injected: Arc<AtomicU64>,
    _listener: Listener,
}

impl FaultProxy {
    fn start(upstream: &str, blob_path: &str) -> FaultProxy {
        let plan = Arc::new(Mutex::new((None, 0)));
        let injected = Arc::new(AtomicU64::new(0));
        let (p, n) = (plan.clone(), injected.clone());
        let (upstream, blob_path) = (upstream.to_string(), blob_path.to_string());
        let listener = Listener::start(move |client, stop| {
            serve_one(client, &upstream, &blob_path, stop, &p, &n)
        });
        FaultProxy {
            addr: listener.addr.clone(),
            plan,
            injected,
            _listener: listener,
        }
    }

    /// Tampers with the next `times` matching requests.
    fn arm(&self, fault: Fault, times: u32) {
        *self.plan.lock().unwrap_or_else(|e| e.into_inner()) = (Some(fault), times);
    }

    fn injected(&self) -> u64 {
        self.injected.load(Ordering::SeqCst)
    }
}

fn serve_one(
    mut client: TcpStream,
    upstream: &str,
    blob_path: &str,
    stop: &AtomicBool,
    plan: &Mutex<(Option<Fault>, u32)>,
    injected: &AtomicU64,
) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(60)));
    let Some(head) = read_head(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&head).into_owned();
    let lines: Vec<String> = text
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let Some(request_line) = lines.first().cloned() else {
        return;
    };
    let length: usize = head_header(&text, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    if client.read_exact(&mut body).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let matches =
        method == "GET" && head_header(&text, "range").is_some() && path.contains(blob_path);
    let fault = if matches {
        let mut plan = plan.lock().unwrap_or_else(|e| e.into_inner());
        match *plan {
            (Some(f), n) if n > 0 => {
                plan.1 = n - 1;
                injected.fetch_add(1, Ordering::SeqCst);
                Some(f)
            }
            _ => None,
        }
    } else {
        None
    };
    match fault {
        Some(Fault::Unavailable) => {
            let _ = client.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        Some(Fault::Stall) => {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
            }
            return;
        }
        _ => {}
    }
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    let mut head = format!("{request_line}\r\n");
    for l in &lines[1..] {
        let name = l.split(':').next().unwrap_or("").trim();
        if !name.eq_ignore_ascii_case("connection") {
            head.push_str(l);
            head.push_str("\r\n");
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    if server.write_all(head.as_bytes()).is_err() || server.write_all(&body).is_err() {
        return;
    }
    let mut response = Vec::new();
    let _ = server.read_to_end(&mut response);
    if fault == Some(Fault::Corrupt) {
        if let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            let body_len = response.len() - (end + 4);
            if body_len > 0 {
                let at = end + 4 + body_len / 2;
                response[at] ^= 0x5a;
            }
        }
    }
    let _ = client.write_all(&response);
    let _ = client.shutdown(std::net::Shutdown::Write);
}

/// A private managed containerd without background fetching, so spans are fetched only when
/// a test reads them.
fn private_daemon(label: &str) -> daemon::Daemon {
    let state_dir = format!("/run/linnet-it-{}-{label}", std::process::id());
    let d = daemon::Daemon::prepare(label, &state_dir).expect("prepare private daemon");
    d.linnet()
        .env("LINNET_BACKGROUND_FETCH_SILENCE", "3600")
        .args(["system", "start"])
        .run()
        .success();
    d
}

/// A golden image in a plain registry behind a [`FaultProxy`] on its bottom layer's blob, and a
/// private daemon to pull it lazily.
struct FaultSetup {
    d: daemon::Daemon,
    proxy: FaultProxy,
    /// The image through the proxy.
    reference: String,
    /// A file of the bottom layer, and its bytes.
    path: &'static str,
    expected: Vec<u8>,
    _registry: Registry,
    _env: TestEnv,
}

fn fault_setup(test: &str, name: &str) -> Option<FaultSetup> {
    let dir = golden_or_skip(test)?;
    let env = TestEnv::new(test, TOOLS)?;
    let registry = Registry::plain();
    let g = golden_image(&dir, &format!("golden-{name}"), "AWS SOCI CLI v0.2");
    let repo = format!("compat/{name}");
    push_golden(&registry.host, &repo, "v2", &g);
    let (layer, _) = g.bottom();
    let path = GOLDEN[0].3;
    let expected = file_in_tar(&layer.tar, path);
    let d = private_daemon(&format!("lazy{name}"));
    let proxy = FaultProxy::start(&registry.host, &format!("/blobs/{}", layer.blob.digest));
    let reference = format!("{}/{repo}:v2", proxy.addr);
    Some(FaultSetup {
        d,
        proxy,
        reference,
        path,
        expected,
        _registry: registry,
        _env: env,
    })
}

#[test]
fn lazy_compat_read_faults_are_retried_or_refetched() {
    // Every field is bound: the registry and the test environment live until the test ends.
    let Some(FaultSetup {
        d,
        proxy,
        reference,
        path,
        expected,
        _registry,
        _env,
    }) = fault_setup("lazy_compat_faults", "faults")
    else {
        return;
    };
    // One namespace per case: each gets its own remote snapshot and span cache.
    for (ns, fault, times) in [
        ("it-lazy-fault-503", Fault::Unavailable, 2),
        ("it-lazy-fault-corrupt", Fault::Corrupt, 1),
    ] {
        let linnet = || d.linnet().global(["-n", ns, "--snapshotter", "linnet"]);
        linnet()
            .args(["pull", &reference])
            .run()
            .success()
            .stdout_has(&format!("{} of the image's layers are lazy", GOLDEN.len()));
        let before = proxy.injected();
        proxy.arm(fault, times);
        let started = Instant::now();
        cat_is(linnet(), &d.data_root, &reference, path, &expected);
        let injected = proxy.injected() - before;
        eprintln!(
            "lazy_compat_faults: {fault:?} x{injected} recovered in {:.1?}",
            started.elapsed()
        );
        assert_eq!(
            injected,
            u64::from(times),
            "{fault:?}: the read should have met {times} tampered range requests"
        );
        proxy.arm(fault, 0);
        linnet().args(["rmi", &reference]).run().success();
    }
    let log = std::fs::read_to_string(d.data_root.join("snapshotter.log")).unwrap_or_default();
    assert!(
        log.contains("span digest mismatch"),
        "the corrupted span was not reported as a digest mismatch:\n{log}"
    );
    drop(proxy);
    d.stop();
}

/// How long a read of a stalled registry may take to fail.
const STALL_BOUND: Duration = Duration::from_secs(90);

#[test]
fn lazy_compat_stalled_read_fails_in_bounded_time() {
    // Every field is bound: the registry and the test environment live until the test ends.
    let Some(FaultSetup {
        d,
        proxy,
        reference,
        path,
        expected,
        _registry,
        _env,
    }) = fault_setup("lazy_compat_stall", "stall")
    else {
        return;
    };
    let ns = "it-lazy-fault-stall";
    let linnet = || d.linnet().global(["-n", ns, "--snapshotter", "linnet"]);
    linnet()
        .args(["pull", &reference])
        .run()
        .success()
        .stdout_has(&format!("{} of the image's layers are lazy", GOLDEN.len()));
    proxy.arm(Fault::Stall, u32::MAX);
    let run = linnet()
        .args(["run", "--rm", &reference, "cat", &format!("/{path}")])
        .timeout(STALL_BOUND)
        .run();
    // Never wrong bytes: whatever was printed is a prefix of the file.
    assert!(
        expected.starts_with(run.stdout.as_bytes()),
        "a stalled read printed bytes that are not the file's\n{run}"
    );
    if run.timed_out {
        run.fail(&format!(
            "a read of a lazy layer whose registry never answers range requests did not fail \
             within {} s ({} stalled requests so far); a stall should fail the read after one \
             registry response bound (LINNET_REGISTRY_RESPONSE_TIMEOUT, 30 s by default), not \
             be retried by RegistryBlob or lazyfs",
            STALL_BOUND.as_secs(),
            proxy.injected()
        ));
    }
    assert_ne!(run.code, 0, "cat of a stalled layer succeeded?\n{run}");
    assert!(proxy.injected() > 0, "no range request was stalled");
    eprintln!(
        "lazy_compat_stall: failed after {:.1?} (exit {})",
        run.elapsed, run.code
    );
    drop(proxy);
    let _ = linnet().args(["rmi", "-f", &reference]).run();
    d.stop();
}

#[test]
fn lazy_compat_cri_labels_discover_index_through_registry() {
    let Some(dir) = golden_or_skip("lazy_compat_cri") else {
        return;
    };
    let Some(env) = TestEnv::new("lazy_compat_cri", TOOLS) else {
        return;
    };
    let registry = Registry::plain();
    // Its own build tool identifier: an index the snapshotter has not seen (nor cached).
    let g = golden_image(&dir, "golden-cri", "linnet-it cri discovery");
    let reference = push_golden(&registry.host, "compat/cri", "v2", &g);
    let (layer, chain) = g.bottom();

    let socket = env.daemon.state_dir.join("containerd/containerd.sock");
    let layers: Vec<&str> = g
        .image
        .layers
        .iter()
        .map(|l| l.blob.digest.as_str())
        .collect();
    // What containerd's CRI plugin passes on an unpack Prepare; no soci.* labels.
    let labels: HashMap<String, String> = [
        ("containerd.io/snapshot.ref", chain.as_str()),
        ("containerd.io/snapshot/cri.image-ref", reference.as_str()),
        (
            "containerd.io/snapshot/cri.manifest-digest",
            g.manifest.digest.as_str(),
        ),
        (
            "containerd.io/snapshot/cri.layer-digest",
            layer.blob.digest.as_str(),
        ),
        ("containerd.io/snapshot/cri.image-layers", &layers.join(",")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let key = format!("extract-{} {chain}", std::process::id());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = runtime
        .block_on(linnet_containerd::Client::connect(&socket, &env.namespace))
        .expect("connect to containerd");
    // The index is not in this namespace's content store: the manifest is not either.
    assert!(
        runtime
            .block_on(client.content_read(&g.index.digest))
            .is_err(),
        "the SOCI index is in the content store already"
    );
    let prepared = runtime.block_on(client.snapshot_prepare("linnet", &key, None, &labels));
    match &prepared {
        Err(e) if e.is_already_exists() => {}
        Err(e) => panic!("prepare with CRI labels failed: {e}"),
        Ok(_) => {
            let _ = runtime.block_on(client.snapshot_remove("linnet", &key));
            let log = std::fs::read_to_string(env.daemon.data_root.join("snapshotter.log"))
                .unwrap_or_default();
            panic!(
                "the snapshotter returned an ordinary active snapshot instead of committing a \
                 remote one (AlreadyExists); snapshotter log:\n{log}"
            );
        }
    }

    let out = std::process::Command::new("ctr")
        .arg("-a")
        .arg(&socket)
        .args(["-n", &env.namespace, "snapshots", "--snapshotter", "linnet"])
        .args(["info", &chain])
        .output()
        .expect("run ctr");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ctr snapshots info {chain}: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info: Value = serde_json::from_str(&text).expect("ctr info is JSON");
    assert!(
        info["Kind"]
            .as_str()
            .is_some_and(|k| k.eq_ignore_ascii_case("committed")),
        "{text}"
    );
    assert_eq!(
        info["Labels"]["containerd.io/snapshot/remote"], "remote snapshot",
        "{text}"
    );
    let _ = runtime.block_on(client.snapshot_remove("linnet", &chain));
}
