//! Item 4: `push` round trip (push, delete, pull back, same IDs), skipping blobs the registry
//! has, and `--platform` filtering of a multi-platform index.

use crate::common::{images, proxy::CountingProxy, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

fn image_id(env: &TestEnv, name: &str) -> String {
    env.ok(&["image", "inspect", "-f", "{{.Id}}", name])
        .out()
        .trim()
        .to_string()
}

#[test]
fn push_round_trip_and_skip_existing_blobs() {
    let Some(env) = TestEnv::new("push_round_trip", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::variant("it-push:latest", "push-round-trip");
    let local = env.load(&image);
    let id = image_id(&env, &local);
    assert_eq!(
        id,
        image.digest(),
        "image ID is the digest of the manifest the image record points at"
    );

    // Through a counting proxy: what linnet uploads is measured, not taken from its output.
    let proxy = CountingProxy::start(&reg.host);
    let remote = format!("{}/it/pushed:v1", proxy.host);
    env.ok(&["tag", &local, &remote]);
    env.ok(&["push", &remote]);
    let blob_bytes: u64 = image.blobs.iter().map(|b| b.data.len() as u64).sum();
    let first_push = proxy.sent();
    assert!(
        first_push >= blob_bytes,
        "the first push sent {first_push} bytes for {blob_bytes} bytes of blobs"
    );

    let manifest = reg.manifest("it/pushed", "v1").expect("GET manifest");
    assert_eq!(manifest.status, 200, "{}", manifest.text());
    assert_eq!(
        manifest.header("Docker-Content-Digest"),
        Some(image.digest()),
        "the registry should hold the very manifest we loaded"
    );
    for blob in image
        .blobs
        .iter()
        .filter(|b| b.media_type != images::MT_MANIFEST)
    {
        assert!(
            reg.has_blob("it/pushed", &blob.digest),
            "blob {} missing",
            blob.digest
        );
    }

    env.ok(&["rmi", &remote, &local]);
    let list = env.ok(&["images", "-q"]);
    assert!(list.lines().is_empty(), "images left after rmi\n{list}");

    env.ok(&["pull", &remote]);
    assert_eq!(image_id(&env, &remote), id, "pulled image has another ID");
    let digests = env.ok(&["images", "--digests", "--no-trunc"]);
    assert!(
        digests.stdout.contains(image.digest()),
        "images --digests should show the manifest digest {}\n{digests}",
        image.digest()
    );

    // Second push: every blob is already there, so only requests (HEADs, the manifest) go out.
    proxy.reset();
    env.ok(&["push", &remote]).output_has_ci("exists");
    let second_push = proxy.sent();
    let layer_bytes = image
        .blobs
        .iter()
        .map(|b| b.data.len() as u64)
        .max()
        .unwrap_or(0);
    assert!(
        second_push < 16 * 1024 && second_push < layer_bytes,
        "the second push sent {second_push} bytes; the largest blob is {layer_bytes}"
    );
}

#[test]
fn push_platform_filters_the_index() {
    let Some(env) = TestEnv::new("push_platform", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::multi_platform("it-pushplatform:latest");
    let local = env.load(&image);
    let remote = format!("{}/it/amd64only:v1", reg.host);
    env.ok(&["tag", &local, &remote]);
    env.ok(&["push", "--platform", "linux/amd64", &remote]);

    let resp = reg.manifest("it/amd64only", "v1").expect("GET manifest");
    assert_eq!(resp.status, 200, "{}", resp.text());
    let index = resp.json();
    assert_eq!(
        index["mediaType"],
        images::MT_INDEX,
        "expected an index: {index}"
    );
    let manifests = index["manifests"].as_array().cloned().unwrap_or_default();
    let archs: Vec<String> = manifests
        .iter()
        .map(|m| {
            m["platform"]["architecture"]
                .as_str()
                .unwrap_or("?")
                .to_string()
        })
        .collect();
    assert_eq!(archs, vec!["amd64".to_string()], "index: {index}");
    let amd64 = &image.platforms["linux/amd64"];
    assert_eq!(manifests[0]["digest"], amd64.digest.as_str());
    let other = &image.platforms["linux/arm64"];
    assert_eq!(
        reg.manifest("it/amd64only", &other.digest)
            .map(|r| r.status)
            .ok(),
        Some(404),
        "the arm64 manifest must not be pushed"
    );
}

#[test]
fn push_fetches_blobs_missing_locally_from_their_source() {
    let Some(env) = TestEnv::new("push_missing_blobs", TOOLS) else {
        return;
    };
    let source = Registry::plain();
    let target = Registry::plain();
    let image = images::multi_platform("it-pushmissing:latest");
    let local = env.load(&image);
    let first = format!("{}/it/source:v1", source.host);
    env.ok(&["tag", &local, &first]);
    env.ok(&["push", &first]);
    env.ok(&["rmi", &first]);
    env.ok(&["rmi", &local]);

    // Only this machine's platform comes down; the other platform's blobs stay remote.
    env.ok(&["pull", &first]);
    let second = format!("{}/it/copy:v1", target.host);
    env.ok(&["tag", &first, &second]);
    env.ok(&["push", &second]);

    // Every manifest of the index, for every platform, is in the other registry now.
    for platform in image.platforms.values() {
        let resp = target
            .manifest("it/copy", &platform.digest)
            .expect("GET manifest");
        assert_eq!(
            resp.status,
            200,
            "{} missing: {}",
            platform.digest,
            resp.text()
        );
    }
    let index = target.manifest("it/copy", "v1").expect("GET index");
    assert_eq!(index.header("Docker-Content-Digest"), Some(image.digest()));
}
