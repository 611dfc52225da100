//! Issue 7, finding 1: what a container sees of a lazy layer is what the layer's digest commits
//! to, or the access fails. A forged SOCI v1 index, pushed as an extra referrer by someone with
//! push access, whose (digest-valid) ztoc makes `/bin/busybox` setuid and shifts `/big/blob` by a
//! few bytes, never yields a setuid busybox or a wrong `sha256sum` for `pull REPO@sha256:...`;
//! and a registry copy of a layer whose bytes differ outside every span (the gzip header) is
//! caught by the full-layer digest once the background fetch completes: the mount is poisoned
//! and `image lazy-status` says why.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::registry::{http_get, Registry};
use crate::common::{daemon, images, wait_for, Linnet, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];
const ARTIFACT_TYPE_V1: &str = "application/vnd.amazon.soci.index.v1+json";
const LAYER_DIGEST_ANNOTATION: &str = "com.amazon.soci.image-layer-digest";

/// One HTTP/1.0 exchange with a plain registry: (status, headers, body).
fn http(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = TcpStream::connect(host).expect("connect to registry");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.0\r\nHost: {host}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("send");
    s.write_all(body).expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let text = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = text.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let hdrs = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, hdrs, raw[end + 4..].to_vec())
}

/// Monolithic blob upload; returns the digest.
fn push_blob(host: &str, repo: &str, data: &[u8]) -> String {
    let digest = images::digest_of(data);
    let (status, hdrs, _) = http(
        host,
        "POST",
        &format!("/v2/{repo}/blobs/uploads/"),
        &[],
        b"",
    );
    assert_eq!(status, 202, "start upload");
    let location = hdrs
        .iter()
        .find(|(k, _)| k == "location")
        .map(|(_, v)| v.clone())
        .expect("upload location");
    let path = match location.find("://") {
        Some(i) => {
            let rest = &location[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..]).to_string()
        }
        None => location,
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    let (status, _, body) = http(
        host,
        "PUT",
        &format!("{path}{sep}digest={digest}"),
        &[("Content-Type", "application/octet-stream")],
        data,
    );
    assert_eq!(status, 201, "upload: {}", String::from_utf8_lossy(&body));
    digest
}

fn put_manifest(host: &str, repo: &str, reference: &str, media_type: &str, body: &[u8]) {
    let (status, _, resp) = http(
        host,
        "PUT",
        &format!("/v2/{repo}/manifests/{reference}"),
        &[("Content-Type", media_type)],
        body,
    );
    assert_eq!(
        status,
        201,
        "PUT manifest {reference}: {}",
        String::from_utf8_lossy(&resp)
    );
}

fn get(host: &str, path: &str, accept: &[&str]) -> Vec<u8> {
    let resp = http_get(host, path, accept).expect("registry GET");
    assert_eq!(resp.status, 200, "GET {path}: {}", resp.text());
    resp.body.clone()
}

/// Makes every span digest of `z` match `blob` (a forged ztoc that passes span checks).
fn redigest(z: &mut linnet_ztoc::Ztoc, blob: &[u8]) {
    let spans = z.spans().expect("spans");
    z.compression.span_digests = spans
        .iter()
        .map(|s| images::digest_of(&blob[s.compressed_start as usize..s.compressed_end as usize]))
        .collect();
}

fn lazy_rows(linnet: Linnet, image: &str) -> Vec<Value> {
    let run = linnet
        .args(["image", "lazy-status", "--format", "json", image])
        .run()
        .success();
    run.json().as_array().cloned().unwrap_or_default()
}

fn row_of(rows: &[Value], layer: &str) -> Value {
    rows.iter()
        .find(|r| r["layer"] == layer)
        .cloned()
        .unwrap_or_else(|| panic!("lazy-status lacks layer {layer}: {rows:?}"))
}

#[test]
fn forged_v1_referrer_never_yields_setuid_busybox_or_wrong_bytes() {
    let Some(env) = TestEnv::new("lazy_integrity_forged_v1", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let repo = "lazyint/app";
    let image = images::lazy_image("it-lazyint:src", "lazy-integrity-forged", 6);
    let big = image.layers[0].blob.clone();
    let src = env.seed(&reg, &image, &format!("{repo}:src"));
    let remote = format!("{}/{repo}:v1", reg.host);
    env.ok(&[
        "image",
        "convert",
        "--soci",
        "--soci-index-version",
        "v1",
        &src,
        &remote,
    ]);
    env.ok(&["push", &remote]);

    // The genuine index, through the referrers tag docker-registry needs.
    let tag = format!("sha256-{}", image.digest().trim_start_matches("sha256:"));
    let list: Value = serde_json::from_slice(&get(
        &reg.host,
        &format!("/v2/{repo}/manifests/{tag}"),
        &[images::MT_INDEX],
    ))
    .expect("referrers list");
    let genuine = list["manifests"][0]["digest"]
        .as_str()
        .expect("one referrer")
        .to_string();
    let mut index: Value = serde_json::from_slice(&get(
        &reg.host,
        &format!("/v2/{repo}/manifests/{genuine}"),
        &[images::MT_MANIFEST],
    ))
    .expect("index");

    // A digest-valid ztoc of the big layer with a setuid busybox and a shifted /big/blob.
    let layers = index["layers"].as_array_mut().expect("index layers");
    let desc = layers
        .iter_mut()
        .find(|l| l["annotations"][LAYER_DIGEST_ANNOTATION] == big.digest)
        .expect("ztoc of the big layer");
    let ztoc_digest = desc["digest"].as_str().expect("ztoc digest").to_string();
    let mut z = linnet_ztoc::Ztoc::from_bytes(&get(
        &reg.host,
        &format!("/v2/{repo}/blobs/{ztoc_digest}"),
        &[],
    ))
    .expect("parse ztoc");
    let mut touched = 0;
    for e in &mut z.toc {
        match e.name.as_str() {
            "bin/busybox" => {
                e.mode |= 0o4000;
                touched += 1;
            }
            "big/blob" => {
                e.uncompressed_offset += 3;
                touched += 1;
            }
            _ => {}
        }
    }
    assert_eq!(touched, 2, "busybox and big/blob in the ztoc");
    redigest(&mut z, &big.data);
    let forged_ztoc = z.to_bytes();
    let forged_ztoc_digest = push_blob(&reg.host, repo, &forged_ztoc);
    desc["digest"] = json!(forged_ztoc_digest);
    desc["size"] = json!(forged_ztoc.len());
    index["annotations"]["org.opencontainers.image.created"] = json!("2030-01-01T00:00:00Z");
    let body = serde_json::to_vec(&index).expect("encode index");
    let forged = images::digest_of(&body);
    put_manifest(&reg.host, repo, &forged, images::MT_MANIFEST, &body);
    // Listed as an additional, newer referrer: the discovery rule picks it.
    let mut list = list;
    let mut entry = list["manifests"][0].clone();
    entry["digest"] = json!(forged);
    entry["size"] = json!(body.len());
    entry["annotations"]["org.opencontainers.image.created"] = json!("2030-01-01T00:00:00Z");
    list["manifests"]
        .as_array_mut()
        .expect("manifests")
        .push(entry);
    assert_eq!(list["manifests"][1]["artifactType"], ARTIFACT_TYPE_V1);
    put_manifest(
        &reg.host,
        repo,
        &tag,
        images::MT_INDEX,
        &serde_json::to_vec(&list).expect("encode list"),
    );

    let ns = "it-lazyint-forged";
    env.daemon.record_namespace(ns);
    let l = || {
        env.daemon
            .linnet()
            .global(["-n", ns, "--snapshotter", "linnet"])
    };
    let pinned = format!("{}/{repo}@{}", reg.host, image.digest());
    let pulled = l().args(["pull", &pinned]).run().success();
    assert!(
        pulled.stdout.contains(&forged),
        "pull should take the newest referrer (the forged one)\n{pulled}"
    );
    let mode = l()
        .args(["run", "--rm", &pinned, "stat", "-c", "%a", "/bin/busybox"])
        .timeout(Duration::from_secs(120))
        .run();
    assert!(
        !mode.stdout.contains("4755"),
        "the container saw a setuid busybox\n{mode}"
    );
    if mode.code == 0 {
        assert_eq!(mode.stdout.trim(), "755", "{mode}");
    }
    let sum = l()
        .args(["run", "--rm", &pinned, "sha256sum", "/big/blob"])
        .timeout(Duration::from_secs(180))
        .run();
    let want = images::sha256_hex(images::lazy_big_blob());
    if sum.code == 0 {
        assert!(sum.stdout.starts_with(&want), "wrong bytes\n{sum}");
    }
    // Either the layer was unpacked normally, or the lazy mount refused the forged ztoc.
    // The snapshotter publishes its counters every second.
    std::thread::sleep(Duration::from_millis(1500));
    let row = row_of(&lazy_rows(l(), &pinned), &big.digest);
    eprintln!("forged v1 index: {row}\n{mode}\n{sum}");
    let refused = row["lazy"] == false
        || !row["poisoned"].is_null()
        || row["headerFailures"].as_u64().unwrap_or(0) > 0;
    assert!(refused, "the forged ztoc went unnoticed: {row}");
    if row["lazy"] == true {
        assert_eq!(row["trust"], "untrusted", "{row}");
        assert!(
            mode.code != 0 && sum.code != 0,
            "a refused layer must fail its accesses\n{mode}\n{sum}"
        );
    }
    let _ = l().args(["rmi", &pinned]).run();
}

/// The stored data file of blob `digest` in any test registry's storage.
fn registry_blob_file(digest: &str) -> PathBuf {
    let hex = digest.trim_start_matches("sha256:");
    for base in ["/var/tmp", "/tmp"] {
        let Ok(dirs) = std::fs::read_dir(base) else {
            continue;
        };
        for d in dirs.flatten() {
            if !d.file_name().to_string_lossy().starts_with("it-registry-") {
                continue;
            }
            let p = d
                .path()
                .join("storage/docker/registry/v2/blobs/sha256")
                .join(&hex[..2])
                .join(hex)
                .join("data");
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("blob {digest} not found in any test registry's storage");
}

#[test]
fn fully_fetched_layer_is_checked_against_its_digest() {
    let Some(env) = TestEnv::new("lazy_integrity_digest", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::lazy_image("it-lazyint-dg:src", "lazy-integrity-digest", 6);
    let big = image.layers[0].blob.clone();
    let src = env.seed(&reg, &image, "lazyint/dg:src");
    let dst = format!("{}/lazyint/dg:soci", reg.host);
    env.ok(&["image", "convert", "--soci", &src, &dst]);
    env.ok(&["push", &dst]);
    // The registry now serves other bytes under the layer's digest: the gzip header's MTIME,
    // which no span covers, so every span digest and every inflated byte stay right.
    let stored = registry_blob_file(&big.digest);
    let mut data = std::fs::read(&stored).expect("stored blob");
    assert_eq!(data, big.data);
    data[5] ^= 0x01;
    std::fs::write(&stored, &data).expect("tamper");

    // A second image whose layer (another gzip level) is served as pushed.
    let good = images::lazy_image("it-lazyint-good:src", "lazy-integrity-good", 9);
    let good_big = good.layers[0].blob.clone();
    assert_ne!(good_big.digest, big.digest);
    let good_src = env.seed(&reg, &good, "lazyint/good:src");
    let good_dst = format!("{}/lazyint/good:soci", reg.host);
    env.ok(&["image", "convert", "--soci", &good_src, &good_dst]);
    env.ok(&["push", &good_dst]);

    let state_dir = format!("/run/linnet-it-{}-lazyint", std::process::id());
    let d = daemon::Daemon::prepare("lazyint", &state_dir).expect("prepare private daemon");
    d.linnet()
        .env("LINNET_BACKGROUND_FETCH_SILENCE", "1")
        .args(["system", "start"])
        .run()
        .success();
    let ns = "it-lazyint-digest";
    let l = || d.linnet().global(["-n", ns, "--snapshotter", "linnet"]);
    l().args(["pull", &dst])
        .run()
        .success()
        .stdout_has("1 of the image's layers are lazy");
    l().args(["run", "--rm", &dst, "cat", "/small/file"])
        .run()
        .success()
        .stdout_is(images::LAZY_SMALL);
    let row = wait_for(Duration::from_secs(120), || {
        let row = row_of(&lazy_rows(l(), &dst), &big.digest);
        (!row["poisoned"].is_null()).then_some(row)
    })
    .unwrap_or_else(|| {
        panic!(
            "the fully fetched layer was not checked: {}",
            row_of(&lazy_rows(l(), &dst), &big.digest)
        )
    });
    let why = row["poisoned"].as_str().unwrap_or_default();
    assert!(why.contains("not to its digest"), "{row}");
    assert_eq!(row["verified"], false, "{row}");
    l().args(["image", "lazy-status", &dst])
        .run()
        .success()
        .stdout_has("POISONED");
    let after = l()
        .args(["run", "--rm", &dst, "cat", "/small/file"])
        .timeout(Duration::from_secs(60))
        .run();
    assert!(
        after.code != 0 && !after.stdout.contains(images::LAZY_SMALL),
        "a poisoned layer still serves files\n{after}"
    );
    let log = std::fs::read_to_string(d.data_root.join("snapshotter.log")).unwrap_or_default();
    assert!(
        log.contains("LAZY LAYER POISONED"),
        "no loud log line:\n{log}"
    );
    let _ = l().args(["rmi", &dst]).run();

    // The untouched layer completes and is verified against its digest.
    l().args(["pull", &good_dst]).run().success();
    l().args(["run", "--rm", &good_dst, "cat", "/small/file"])
        .run()
        .success()
        .stdout_is(images::LAZY_SMALL);
    let row = wait_for(Duration::from_secs(120), || {
        let row = row_of(&lazy_rows(l(), &good_dst), &good_big.digest);
        (row["verified"] == true).then_some(row)
    })
    .unwrap_or_else(|| {
        panic!(
            "the good layer was not verified: {}",
            row_of(&lazy_rows(l(), &good_dst), &good_big.digest)
        )
    });
    assert!(row["poisoned"].is_null(), "{row}");
    l().args(["run", "--rm", &good_dst, "sha256sum", "/big/blob"])
        .timeout(Duration::from_secs(120))
        .run()
        .success()
        .stdout_has(&images::sha256_hex(images::lazy_big_blob()));
    let _ = l().args(["rmi", &good_dst]).run();
    d.stop();
}
