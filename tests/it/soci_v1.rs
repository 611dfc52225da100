//! SOCI index v1 through a registry without the referrers API (docker-registry 2.8): `push`
//! sends the index graph and maintains the referrers tag `sha256-<hex>` itself, and `pull` in an
//! empty namespace finds the index through that tag and labels the manifest as convert does.

use crate::common::{images, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];
const ARTIFACT_TYPE_V1: &str = "application/vnd.amazon.soci.index.v1+json";

#[test]
fn soci_v1_push_writes_referrers_tag_and_pull_finds_it() {
    let Some(env) = TestEnv::new("soci_v1_push", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::soci_image("it-sociv1:latest", "soci-v1-referrers");
    let local = env.load(&image);
    let remote = format!("{}/it/sociv1:v1", reg.host);
    env.ok(&[
        "image",
        "convert",
        "--soci",
        "--soci-index-version",
        "v1",
        &local,
        &remote,
    ]);
    let listed = env.ok(&["soci", "index", "list", "-q", &remote]);
    let index_digest = listed.stdout.trim().to_string();
    assert!(
        index_digest.starts_with("sha256:") && !index_digest.contains('\n'),
        "expected one v1 index\n{listed}"
    );

    let pushed = env.ok(&["push", &remote]);
    assert!(
        pushed.stdout.contains("soci-index"),
        "push should report the SOCI index\n{pushed}"
    );

    // The index itself, by digest, pointing at the image manifest.
    let resp = reg.manifest("it/sociv1", &index_digest).expect("GET index");
    assert_eq!(resp.status, 200, "{}", resp.text());
    let index = resp.json();
    assert_eq!(index["subject"]["digest"], image.digest(), "index: {index}");
    assert_eq!(index["config"]["mediaType"], ARTIFACT_TYPE_V1);
    let layers = index["layers"].as_array().cloned().unwrap_or_default();
    assert!(!layers.is_empty(), "index without ztocs: {index}");
    for blob in layers.iter().chain(std::iter::once(&index["config"])) {
        let digest = blob["digest"].as_str().unwrap_or_default();
        assert!(reg.has_blob("it/sociv1", digest), "blob {digest} missing");
    }

    // The referrers tag lists it with the v1 artifact type.
    let hex = image.digest().trim_start_matches("sha256:");
    let tag = format!("sha256-{hex}");
    let check_tag = || {
        let resp = reg.manifest("it/sociv1", &tag).expect("GET referrers tag");
        assert_eq!(resp.status, 200, "{}", resp.text());
        assert_eq!(
            resp.header("Content-Type"),
            Some(images::MT_INDEX),
            "{}",
            resp.text()
        );
        let list = resp.json();
        let entries = list["manifests"].as_array().cloned().unwrap_or_default();
        assert_eq!(entries.len(), 1, "referrers tag: {list}");
        assert_eq!(entries[0]["digest"], index_digest.as_str());
        assert_eq!(entries[0]["artifactType"], ARTIFACT_TYPE_V1);
        assert_eq!(entries[0]["mediaType"], images::MT_MANIFEST);
        assert_eq!(
            entries[0]["annotations"]["com.amazon.soci.build-tool-identifier"],
            index["annotations"]["com.amazon.soci.build-tool-identifier"]
        );
    };
    check_tag();

    // Pulled into an empty namespace, the index comes along through the tag.
    let Some(fresh) = TestEnv::new("soci_v1_pull", TOOLS) else {
        return;
    };
    let pulled = fresh.ok(&["pull", &remote]);
    assert!(
        pulled
            .stdout
            .contains(&format!("SOCI index {index_digest}")),
        "pull should report the v1 index\n{pulled}"
    );
    let list = fresh.ok(&["soci", "index", "list"]);
    let row = list
        .stdout
        .lines()
        .find(|l| l.contains(&index_digest))
        .unwrap_or_else(|| list.fail("soci index list should show the pulled v1 index"));
    assert!(
        row.split_whitespace().any(|w| w == "v1"),
        "the pulled index should be listed as v1\n{list}"
    );
    for blob in &layers {
        let digest = blob["digest"].as_str().unwrap_or_default();
        fresh.ok(&["soci", "ztoc", "info", digest]);
    }

    // Pushing again (from the pulled copy) does not list the index twice.
    fresh.ok(&["push", &remote]);
    check_tag();
}
