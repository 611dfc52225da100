//! Issue 7, finding 1: what a container sees of a lazy layer is what the layer's digest commits
//! to, or the access fails. A forged SOCI v1 index, pushed as an extra referrer by someone with
//! push access, whose (digest-valid) ztoc makes `/bin/busybox` setuid and shifts `/big/blob` by a
//! few bytes, never yields a setuid busybox or a wrong `sha256sum` for `pull REPO@sha256:...`;
//! and a registry copy of a layer whose bytes differ outside every span (the gzip header) is
//! caught by the full-layer digest once the background fetch completes: the mount is poisoned
//! and `image lazy-status` says why.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::rawhttp::{push_blob, put_manifest};
use crate::common::registry::{http_get, Registry};
use crate::common::{daemon, images, wait_for, Linnet, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];
const ARTIFACT_TYPE_V1: &str = "application/vnd.amazon.soci.index.v1+json";
const LAYER_DIGEST_ANNOTATION: &str = "com.amazon.soci.image-layer-digest";

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
    // This registry's copy: the forged-referrer test runs beside this one with the same layer.
    let stored = reg.blob_file(&big.digest);
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
