//! Issue 7, findings 5 and 6 and the pull items of 7: a registry that stalls or fails for a
//! moment, concurrent pulls of one image, pulls that fail half way, nested indexes.
//!
//! The real docker-registry cannot stall or answer 503 on demand, so a small fault-injecting
//! HTTP proxy ([`FaultProxy`]) sits in front of it; everything else is the real thing.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::images::{self, Blob};
use crate::common::proxy::Listener;
use crate::common::rawhttp::{head_header, push_blob, put_manifest, read_head};
use crate::common::{Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

/// What the proxy does to the next matching requests.
#[derive(Default)]
struct Faults {
    /// Stall the body of the next response for this blob after this many bytes.
    stall_blob: Option<(String, usize)>,
    /// Never answer manifest requests.
    stall_manifests: bool,
    /// Answer this many manifest requests with 503.
    manifest_503: u32,
    /// Answer this many blob requests with 503.
    blob_503: u32,
    /// Log of `METHOD PATH [Range]` per request, and what the proxy did.
    log: Vec<String>,
}

struct FaultProxy {
    host: String,
    faults: Arc<Mutex<Faults>>,
    _listener: Listener,
}

impl FaultProxy {
    fn start(upstream: &str) -> FaultProxy {
        let faults = Arc::new(Mutex::new(Faults::default()));
        let (f, up) = (faults.clone(), upstream.to_string());
        let listener = Listener::start(move |client, stop| serve(client, &up, &f, stop));
        FaultProxy {
            host: listener.addr.clone(),
            faults,
            _listener: listener,
        }
    }

    fn set(&self, change: impl FnOnce(&mut Faults)) {
        change(&mut self.faults.lock().unwrap_or_else(|e| e.into_inner()));
    }

    fn log(&self) -> Vec<String> {
        self.faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .log
            .clone()
    }
}

/// One request per connection: the request is forwarded with `Connection: close` and the
/// answer copied back, unless a fault applies.
fn serve(mut client: TcpStream, upstream: &str, faults: &Mutex<Faults>, stop: &AtomicBool) {
    let Some(head) = read_head(&mut client) else {
        return;
    };
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut first = text.lines().next().unwrap_or_default().split_whitespace();
    let (method, path) = (
        first.next().unwrap_or_default().to_string(),
        first.next().unwrap_or_default().to_string(),
    );
    let is_blob = path.contains("/blobs/sha256:");
    let is_manifest = path.contains("/manifests/");
    let range = head_header(&text, "range").unwrap_or("-").to_string();
    let lock = || faults.lock().unwrap_or_else(|e| e.into_inner());
    let hold = |client: &TcpStream| {
        // Keep the connection open and silent until the test ends.
        while !stop.load(Ordering::SeqCst) {
            let mut probe = [0u8; 1];
            let _ = client.set_read_timeout(Some(Duration::from_millis(200)));
            if matches!((&*client).read(&mut probe), Ok(0)) {
                return;
            }
        }
    };
    {
        let mut f = lock();
        f.log.push(format!("{method} {path} {range}"));
        let fail = (is_manifest && f.manifest_503 > 0) || (is_blob && f.blob_503 > 0);
        if fail {
            if is_manifest {
                f.manifest_503 -= 1;
            } else {
                f.blob_503 -= 1;
            }
            f.log.push("-> 503".to_string());
            let _ = client.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return;
        }
        if is_manifest && f.stall_manifests {
            f.log.push("-> stalled".to_string());
            drop(f);
            hold(&client);
            return;
        }
    }
    let body_len: usize = head_header(&text, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; body_len];
    if client.read_exact(&mut body).is_err() {
        return;
    }
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    let mut forwarded: Vec<String> = text
        .split("\r\n")
        .filter(|l| !l.is_empty() && !l.to_ascii_lowercase().starts_with("connection:"))
        .map(str::to_string)
        .collect();
    forwarded.push("Connection: close".to_string());
    let request = format!("{}\r\n\r\n", forwarded.join("\r\n"));
    if server.write_all(request.as_bytes()).is_err() || server.write_all(&body).is_err() {
        return;
    }
    let Some(answer_head) = read_head(&mut server) else {
        return;
    };
    let answer = String::from_utf8_lossy(&answer_head).into_owned();
    let length: usize = head_header(&answer, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let stall_at = {
        let mut f = lock();
        match f.stall_blob.clone() {
            Some((digest, n)) if method == "GET" && path.ends_with(&digest) && length > n => {
                f.stall_blob = None;
                f.log
                    .push(format!("-> stalled after {n} of {length} bytes"));
                Some(n)
            }
            _ => None,
        }
    };
    if client.write_all(&answer_head).is_err() {
        return;
    }
    let mut sent = 0usize;
    let mut buf = vec![0u8; 16 << 10];
    loop {
        let want = match stall_at {
            Some(n) if sent >= n => {
                let _ = client.flush();
                hold(&client);
                let _ = client.shutdown(Shutdown::Both);
                return;
            }
            Some(n) => buf.len().min(n - sent),
            None => buf.len(),
        };
        match server.read(&mut buf[..want]) {
            Ok(0) | Err(_) => break,
            Ok(k) => {
                if client.write_all(&buf[..k]).is_err() {
                    return;
                }
                sent += k;
            }
        }
    }
    let _ = client.shutdown(Shutdown::Write);
}

/// busybox plus a layer of 1 MiB of noise seeded by `seed`: content no other test has, so that
/// containerd (which shares content between namespaces) really downloads it.
fn unique_image(name: &str, seed: u64) -> images::TestImage {
    let mut noise = images::LayerBuilder::new();
    noise
        .dir("noise", 0o755)
        .file("noise/data", 0o644, &images::pseudo_random(seed, 1 << 20));
    images::image_of_layers(
        name,
        vec![images::base_layer().clone(), noise.finish()],
        &format!("unique-{seed}"),
    )
}

/// Pushes every blob of `image` and its top object as `repo:tag`, without linnet.
fn push_raw(host: &str, repo: &str, tag: &str, image: &images::TestImage) {
    for blob in &image.blobs {
        if blob.media_type == images::MT_MANIFEST {
            put_manifest(host, repo, &blob.digest, &blob.media_type, &blob.data);
        } else {
            push_blob(host, repo, &blob.data);
        }
    }
    put_manifest(host, repo, tag, &image.top.media_type, &image.top.data);
}

#[test]
fn stalled_blob_fails_in_bounded_time_and_resumes() {
    let Some(env) = TestEnv::new("pull_stalled_blob", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = unique_image("it-stall:v1", 0x57a11);
    push_raw(&reg.host, "faults/stall", "v1", &image);
    let proxy = FaultProxy::start(&reg.host);
    let remote = format!("{}/faults/stall:v1", proxy.host);
    let layer = image.layers[1].blob.clone();
    assert!(
        layer.data.len() > 512 << 10,
        "the noise layer is big enough"
    );

    proxy.set(|f| f.stall_blob = Some((layer.digest.clone(), 384 << 10)));
    let started = Instant::now();
    let run = env
        .linnet()
        .env("LINNET_REGISTRY_IDLE_TIMEOUT", "2")
        .args(["pull", &remote])
        .timeout(Duration::from_secs(120))
        .run()
        .failure()
        .one_error_line();
    let took = started.elapsed();
    eprintln!("stalled blob failed after {took:?}: {}", run.stderr.trim());
    assert!(took < Duration::from_secs(20), "took {took:?}\n{run}");
    let wanted = format!(
        "blob {}: registry {} sent no data for 2s",
        layer.digest, proxy.host
    );
    assert!(run.stderr.contains(&wanted), "want {wanted:?}\n{run}");
    assert!(
        !env.ok(&["images"]).stdout.contains("faults/stall"),
        "a failed pull must not leave an image"
    );

    // The next pull resumes the interrupted blob instead of starting over.
    env.ok(&["pull", &remote]);
    let log = proxy.log();
    let resumed = log
        .iter()
        .filter(|l| l.contains(&layer.digest))
        .any(|l| l.contains("bytes=") && !l.ends_with("bytes=0-"));
    assert!(resumed, "second pull did not resume the blob: {log:#?}");
    env.ok(&["run", "--rm", "--pull", "never", &remote, "true"]);
}

#[test]
fn registry_503s_are_retried() {
    let Some(env) = TestEnv::new("pull_503_retry", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = unique_image("it-503:v1", 0x503);
    push_raw(&reg.host, "faults/retry", "v1", &image);
    let proxy = FaultProxy::start(&reg.host);
    let remote = format!("{}/faults/retry:v1", proxy.host);
    proxy.set(|f| {
        f.manifest_503 = 2;
        f.blob_503 = 2;
    });
    let started = Instant::now();
    env.ok(&["pull", &remote]);
    eprintln!("pull with 2+2 503s took {:?}", started.elapsed());
    let log = proxy.log();
    assert_eq!(
        log.iter().filter(|l| *l == "-> 503").count(),
        4,
        "the proxy served its 503s: {log:#?}"
    );
    env.ok(&["run", "--rm", "--pull", "never", &remote, "true"]);
}

#[test]
fn stalled_manifest_fails_in_bounded_time() {
    let Some(env) = TestEnv::new("pull_stalled_manifest", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::variant("it-stallm:v1", "stall-manifest");
    push_raw(&reg.host, "faults/stallm", "v1", &image);
    let proxy = FaultProxy::start(&reg.host);
    let remote = format!("{}/faults/stallm:v1", proxy.host);
    proxy.set(|f| f.stall_manifests = true);
    let started = Instant::now();
    let run = env
        .linnet()
        .env("LINNET_REGISTRY_RESPONSE_TIMEOUT", "2")
        .args(["pull", &remote])
        .timeout(Duration::from_secs(120))
        .run()
        .failure()
        .one_error_line();
    let took = started.elapsed();
    eprintln!(
        "stalled manifest failed after {took:?}: {}",
        run.stderr.trim()
    );
    assert!(took < Duration::from_secs(20), "took {took:?}\n{run}");
    let wanted = format!(
        "manifest v1: registry {} sent no response for 2s",
        proxy.host
    );
    assert!(run.stderr.contains(&wanted), "want {wanted:?}\n{run}");
}

/// Five `pull`s of one image at once all succeed, and the image runs.
fn concurrent_pulls(env: &TestEnv, remote: &str, lazy: bool) {
    let snapshotter = if lazy { "linnet" } else { "overlayfs" };
    let pull = || {
        env.linnet()
            .global(["--snapshotter", snapshotter])
            .args(["pull", remote])
            .timeout(Duration::from_secs(300))
            .spawn()
    };
    let running: Vec<_> = (0..5).map(|_| pull()).collect();
    for (i, p) in running.into_iter().enumerate() {
        let run = p.wait();
        assert!(run.code == 0, "pull {i} of 5 failed\n{run}");
    }
    env.linnet()
        .global(["--snapshotter", snapshotter])
        .args(["run", "--rm", "--pull", "never", remote, "true"])
        .run()
        .success();
}

#[test]
fn five_concurrent_pulls_succeed() {
    let Some(env) = TestEnv::new("pull_concurrent", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    // Pushed without linnet, so no namespace has the noise layer and all five download it.
    push_raw(
        &reg.host,
        "faults/concurrent",
        "v1",
        &unique_image("it-concurrent:v1", 0xc0c0),
    );
    let remote = format!("{}/faults/concurrent:v1", reg.host);
    concurrent_pulls(&env, &remote, false);
}

#[test]
fn five_concurrent_lazy_pulls_succeed() {
    let Some(seeder) = TestEnv::new("pull_concurrent_soci_seed", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let src = seeder.seed(
        &reg,
        &images::soci_image("it-concurrent-soci:src", "concurrent-soci"),
        "faults/csoci:src",
    );
    let dst = format!("{}/faults/csoci:soci", reg.host);
    seeder.ok(&["image", "convert", "--soci", &src, &dst]);
    seeder.ok(&["push", &dst]);
    let env = TestEnv::new("pull_concurrent_soci", TOOLS).expect("second test env");
    concurrent_pulls(&env, &dst, true);
    // And the overlayfs path for the same SOCI image (its artifacts come along).
    let plain = TestEnv::new("pull_concurrent_soci_plain", TOOLS).expect("third test env");
    concurrent_pulls(&plain, &dst, false);
}

#[test]
fn failed_pull_leaves_no_image_and_keeps_a_good_one() {
    let Some(env) = TestEnv::new("pull_failed_no_record", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    // Fetches fine (the digests are right) but cannot be unpacked: not gzip at all.
    let bad = images::raw_layer_image("it-bad:v1", b"this is not a gzip stream".to_vec(), b"x");
    push_raw(&reg.host, "faults/bad", "v1", &bad);
    let remote = format!("{}/faults/bad:v1", reg.host);
    let run = env.run(&["pull", &remote]).failure();
    let listed = env.ok(&["images"]).stdout;
    assert!(
        !listed.contains("faults/bad"),
        "a failed pull left an image\n{run}\n{listed}"
    );
    env.run(&["run", "--rm", "--pull", "never", &remote, "true"])
        .failure();

    // A good image under a tag stays when the tag later points at a bad one.
    let good = images::variant("it-good:v1", "good-then-bad");
    push_raw(&reg.host, "faults/moving", "t", &good);
    let moving = format!("{}/faults/moving:t", reg.host);
    env.ok(&["pull", &moving]);
    push_raw(&reg.host, "faults/moving", "t", &bad);
    env.run(&["pull", &moving]).failure();
    let digests = env.ok(&["images", "--digests"]).stdout;
    assert!(
        digests.contains(good.digest()),
        "the good record was replaced\n{digests}"
    );
    env.ok(&["run", "--rm", "--pull", "never", &moving, "true"]);
}

#[test]
fn nested_index_gets_a_clear_error() {
    let Some(env) = TestEnv::new("pull_nested_index", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let inner = images::multi_platform("it-nested:v1");
    push_raw(&reg.host, "faults/nested", "inner", &inner);
    let outer = Blob::json(
        images::MT_INDEX,
        &json!({
            "schemaVersion": 2,
            "mediaType": images::MT_INDEX,
            "manifests": [{
                "mediaType": images::MT_INDEX,
                "digest": inner.top.digest,
                "size": inner.top.data.len(),
                "platform": {"os": "linux", "architecture": images::host_arch()},
            }],
        }),
    );
    put_manifest(
        &reg.host,
        "faults/nested",
        "outer",
        &outer.media_type,
        &outer.data,
    );
    let remote = format!("{}/faults/nested:outer", reg.host);
    let run = env.run(&["pull", &remote]).failure().one_error_line();
    assert!(
        run.stderr.contains("nested indexes are not supported")
            && run.stderr.contains(&inner.top.digest),
        "{run}"
    );
    assert!(!run.stderr.contains("available:"), "{run}");
    assert!(!env.ok(&["images"]).stdout.contains("faults/nested"));
}
