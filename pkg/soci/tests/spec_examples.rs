//! Byte-for-byte checks against the examples in shared/docs/soci-format.md §3.2 and §4.1
//! (copied verbatim into tests/fixtures), plus round trips and malformed input.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use linnet_soci::media;
use std::collections::BTreeMap;

use linnet_soci::convert::{self, PlatformIndex, Source};
use linnet_soci::*;

const V1: &[u8] = include_bytes!("fixtures/index-v1.json");
const V2: &[u8] = include_bytes!("fixtures/index-v2.json");
const OCI_INDEX_SPEC: &str = include_str!("fixtures/oci-index-v2-spec.json");

const LAYER_DIGEST: &str =
    "sha256:bb157f88c818b56b154696493271c0d7a2704ed253fc2111d0a96fa89bf44984";
const ZTOC_DIGEST: &str = "sha256:715ee958c9cff9bca859e940cb05a3937bd2a6d2570fec910602df095339b067";
const MANIFEST_DIGEST: &str =
    "sha256:ab5a62720aa71c964aae400825284ca3e8229934928394e68a06e395a225faae";

fn example_manifest() -> (Descriptor, Manifest) {
    let desc = Descriptor::new(media::OCI_MANIFEST, MANIFEST_DIGEST, 2752);
    let manifest = Manifest {
        schema_version: 2,
        media_type: media::OCI_MANIFEST.into(),
        config: Descriptor::new(media::OCI_CONFIG, "sha256:cc", 100),
        layers: Some(vec![Descriptor::new(
            media::OCI_LAYER_GZIP,
            LAYER_DIGEST,
            20 << 20,
        )]),
        ..Default::default()
    };
    (desc, manifest)
}

fn build(version: IndexVersion) -> BuiltIndex {
    let (desc, manifest) = example_manifest();
    let builder = IndexBuilder::new(version);
    let plans = builder.plan(&manifest).expect("plan");
    assert_eq!(plans, vec![LayerPlan::Build(LayerCompression::Gzip)]);
    let outcomes = [LayerOutcome::Ztoc {
        digest: ZTOC_DIGEST.into(),
        size: 1086672,
        no_xattrs: true,
    }];
    builder
        .build(&desc, &manifest, &outcomes, &[])
        .expect("build")
}

#[test]
fn v1_example_byte_exact() {
    let built = build(IndexVersion::V1);
    assert_eq!(
        String::from_utf8_lossy(&built.bytes),
        String::from_utf8_lossy(V1)
    );
    assert_eq!(
        built.descriptor.digest,
        "sha256:a2b6279dcee567ff318fe708adc9f768e5bba8557b59e0d19fb38beeda814fbf"
    );
    assert_eq!(built.descriptor.size, 876);
    assert_eq!(built.descriptor.artifact_type, SOCI_INDEX_ARTIFACT_TYPE_V1);
    assert_eq!(built.descriptor.media_type, media::OCI_MANIFEST);
}

#[test]
fn v2_example_byte_exact() {
    let built = build(IndexVersion::V2);
    assert_eq!(
        String::from_utf8_lossy(&built.bytes),
        String::from_utf8_lossy(V2)
    );
    assert_eq!(
        built.descriptor.digest,
        "sha256:f5b3f7a3a2022bfd48a0443b787ff84a6feb60a99f110ecc4f57928fe5bf0a5a"
    );
    assert_eq!(built.descriptor.size, 712);
}

#[test]
fn examples_parse_and_remarshal_identically() {
    for (bytes, version) in [(V1, IndexVersion::V1), (V2, IndexVersion::V2)] {
        let idx = SociIndex::parse(bytes).expect("parse");
        assert_eq!(idx.version, version);
        assert_eq!(idx.marshal(), bytes);
        assert_eq!(
            idx.build_tool_identifier(),
            Some(DEFAULT_BUILD_TOOL_IDENTIFIER)
        );
        let z = idx.ztoc_for_layer(LAYER_DIGEST).expect("ztoc for layer");
        assert_eq!(z.digest, ZTOC_DIGEST);
        assert_eq!(idx.ztocs().count(), 1);
        assert_eq!(idx.descriptor().digest, sha256_digest(bytes));
        assert_eq!(idx.subject.is_some(), version == IndexVersion::V1);
    }
}

#[test]
fn oci_index_example_byte_exact() {
    // The spec abbreviates digests with "…"; the 802-byte size fixes them as 64 hex digits.
    let img = format!("sha256:{}", "1".repeat(64));
    let soci = "sha256:f5b3f7a3a2022bfd48a0443b787ff84a6feb60a99f110ecc4f57928fe5bf0a5a";
    let want = OCI_INDEX_SPEC
        .replace("sha256:1111…", &img)
        .replace("sha256:f5b3f7a3…", soci);
    assert_eq!(want.len(), 802);

    let amd64 = Platform {
        architecture: "amd64".into(),
        os: "linux".into(),
        ..Default::default()
    };
    let mut m = Descriptor::new(media::OCI_MANIFEST, &img, 1234);
    m.annotations
        .insert(ANNOTATION_SOCI_INDEX_DIGEST.into(), soci.into());
    m.platform = Some(amd64.clone());
    let mut s = build(IndexVersion::V2).descriptor;
    s.annotations
        .insert(ANNOTATION_IMAGE_MANIFEST_DIGEST.into(), img.clone());
    s.platform = Some(amd64);
    let index = Index {
        schema_version: 2,
        media_type: media::OCI_INDEX.into(),
        manifests: Some(vec![m, s]),
        ..Default::default()
    };
    assert_eq!(String::from_utf8_lossy(&index.to_go_json()), want);
    let back = Index::from_go_json(want.as_bytes()).expect("parse");
    assert_eq!(back, index);
}

#[test]
fn convert_single_manifest() {
    // A Docker-typed source manifest with extra unknown fields, as a registry might serve.
    let src = br#"{
   "schemaVersion": 2,
   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
   "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 100, "digest": "sha256:cc"},
   "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 20971520, "digest": "sha256:bb157f88c818b56b154696493271c0d7a2704ed253fc2111d0a96fa89bf44984"}],
   "x-unknown": true
}"#;
    let src_digest = sha256_digest(src);
    let amd64 = Platform {
        architecture: "amd64".into(),
        os: "linux".into(),
        ..Default::default()
    };
    let mut target = Descriptor::new(media::DOCKER_MANIFEST, &src_digest, src.len() as i64);
    target.platform = Some(amd64.clone());

    let manifest = Manifest::from_go_json(src).expect("manifest");
    let builder = IndexBuilder::new(IndexVersion::V2);
    let built = builder
        .build(
            &target,
            &manifest,
            &[LayerOutcome::Ztoc {
                digest: ZTOC_DIGEST.into(),
                size: 1086672,
                no_xattrs: false,
            }],
            &[],
        )
        .expect("build");
    // The ztoc annotation keeps the Docker layer media type verbatim; no subject in v2.
    assert!(String::from_utf8_lossy(&built.bytes)
        .contains(r#""com.amazon.soci.image-layer-mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip""#));
    assert!(built.index.subject.is_none());

    let mut local = BTreeMap::new();
    local.insert(src_digest.clone(), src.to_vec());
    let out = convert::convert(
        &Source::Manifest(target),
        &local,
        &[PlatformIndex {
            built: built.clone(),
            platform: amd64.clone(),
            manifest_digest: src_digest.clone(),
        }],
    )
    .expect("convert");

    assert_eq!(out.manifests.len(), 1);
    let rw = &out.manifests[0];
    assert_eq!(rw.original_digest, src_digest);
    let want_manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:cc","size":100}},"layers":[{{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"{LAYER_DIGEST}","size":20971520}}],"annotations":{{"com.amazon.soci.index-digest":"{}"}}}}"#,
        built.descriptor.digest
    );
    assert_eq!(String::from_utf8_lossy(&rw.bytes), want_manifest);
    assert_eq!(
        rw.descriptor.digest,
        sha256_digest(want_manifest.as_bytes())
    );

    let want_index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{m}","size":{ms},"annotations":{{"com.amazon.soci.index-digest":"{s}"}},"platform":{{"architecture":"amd64","os":"linux"}}}},{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{s}","size":{ss},"annotations":{{"com.amazon.soci.image-manifest-digest":"{m}"}},"platform":{{"architecture":"amd64","os":"linux"}},"artifactType":"application/vnd.amazon.soci.index.v2+json"}}]}}"#,
        m = rw.descriptor.digest,
        ms = rw.bytes.len(),
        s = built.descriptor.digest,
        ss = built.bytes.len(),
    );
    assert_eq!(String::from_utf8_lossy(&out.index_bytes), want_index);
    assert_eq!(
        out.index_descriptor.digest,
        sha256_digest(want_index.as_bytes())
    );
    assert_eq!(out.index_descriptor.media_type, media::OCI_INDEX);

    // Converting the converted image again replaces the SOCI entry for the same platform.
    let mut local2 = BTreeMap::new();
    local2.insert(rw.descriptor.digest.clone(), rw.bytes.clone());
    let again = convert::convert(
        &Source::Index {
            descriptor: out.index_descriptor.clone(),
            bytes: out.index_bytes.clone(),
        },
        &local2,
        &[PlatformIndex {
            built,
            platform: amd64,
            manifest_digest: rw.descriptor.digest.clone(),
        }],
    )
    .expect("convert again");
    assert_eq!(again.index.manifests.as_ref().map(Vec::len), Some(2));

    let gc = convert::index_gc_labels(&out.index);
    assert_eq!(gc.len(), 2);
    let gc = convert::manifest_gc_labels(&rw.manifest);
    assert_eq!(
        gc.get("containerd.io/gc.ref.content.l.0")
            .map(String::as_str),
        Some(LAYER_DIGEST)
    );
}

#[test]
fn convert_errors() {
    let p = Platform::default();
    let built = build(IndexVersion::V2);
    let target = Descriptor::new(media::OCI_MANIFEST, "sha256:missing", 1);
    let r = convert::convert(
        &Source::Manifest(target),
        &BTreeMap::new(),
        &[PlatformIndex {
            built,
            platform: p,
            manifest_digest: "sha256:missing".into(),
        }],
    );
    assert_eq!(
        r.err(),
        Some(Error::ManifestNotFound("sha256:missing".into()))
    );
    let r = convert::convert(
        &Source::Manifest(Descriptor::default()),
        &BTreeMap::new(),
        &[],
    );
    assert_eq!(r.err(), Some(Error::EmptyIndex));
}

#[test]
fn builder_rules() {
    let (desc, manifest) = example_manifest();
    let b = IndexBuilder::new(IndexVersion::V1);
    assert_eq!(
        b.build(&desc, &manifest, &[LayerOutcome::Skipped], &[]),
        Err(Error::EmptyIndex)
    );
    assert!(matches!(
        b.build(&desc, &manifest, &[], &[]),
        Err(Error::OutcomeCount { .. })
    ));
    // xattr optimization, span size annotation and prefetch descriptors after ztocs.
    let b = IndexBuilder::new(IndexVersion::V2)
        .xattr_optimization(true)
        .span_size(65536)
        .expect("span");
    let pf = prefetch_descriptor(LAYER_DIGEST, "sha256:pf", 100);
    let built = b
        .build(
            &desc,
            &manifest,
            &[LayerOutcome::Ztoc {
                digest: ZTOC_DIGEST.into(),
                size: 5,
                no_xattrs: true,
            }],
            std::slice::from_ref(&pf),
        )
        .expect("build");
    let blobs = built.index.blobs();
    assert_eq!(blobs.len(), 2);
    assert_eq!(
        blobs[0]
            .annotations
            .get(ANNOTATION_DISABLE_XATTRS)
            .map(String::as_str),
        Some("true")
    );
    assert_eq!(
        blobs[0]
            .annotations
            .get(ANNOTATION_SPAN_SIZE)
            .map(String::as_str),
        Some("65536")
    );
    assert_eq!(built.index.prefetch_for_layer(LAYER_DIGEST), Some(&pf));
    assert_eq!(
        SociIndex::parse(&built.bytes).map(|i| i.marshal()),
        Ok(built.bytes.clone())
    );
}

#[test]
fn remarshal_matches_go_for_non_canonical_input() {
    // What Go's MarshalIndex makes of a hand-written index: whitespace dropped, keys sorted,
    // mediaType forced, top-level artifactType dropped, HTML characters escaped, missing
    // layers become null.
    let src = r#" { "annotations": {"z": "a<b", "a": "x&y"}, "artifactType": "foo",
        "config": {"size": 2, "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
                   "mediaType": "application/vnd.amazon.soci.index.v2+json"},
        "schemaVersion": 2 } "#;
    let idx = SociIndex::parse(src.as_bytes()).expect("parse");
    assert_eq!(
        String::from_utf8_lossy(&idx.marshal()),
        r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.amazon.soci.index.v2+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":null,"annotations":{"a":"x\u0026y","z":"a\u003cb"}}"#
    );
    assert_eq!(idx.ztocs().count(), 0);
}

#[test]
fn malformed_input_never_panics() {
    // Deterministic mutations of the fixtures: truncations, byte flips, insertions.
    let mut seed: u64 = 0x9e3779b97f4a7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for base in [V1, V2, OCI_INDEX_SPEC.as_bytes()] {
        for cut in 0..base.len() {
            let _ = SociIndex::parse(&base[..cut]);
            let _ = Index::from_go_json(&base[..cut]);
        }
        for _ in 0..3000 {
            let mut b = base.to_vec();
            for _ in 0..(1 + next() % 4) {
                let i = (next() as usize) % b.len();
                match next() % 3 {
                    0 => b[i] = next() as u8,
                    1 => {
                        b.remove(i);
                    }
                    _ => b.insert(i, b"{}[]\",:\\0-e.un"[(next() % 14) as usize]),
                }
            }
            if let Ok(idx) = SociIndex::parse(&b) {
                // Whatever parses must re-marshal to something that parses to the same index.
                let again = SociIndex::parse(&idx.marshal()).expect("re-parse");
                assert_eq!(again.marshal(), idx.marshal());
            }
            let _ = Manifest::from_go_json(&b);
            let _ = validate_media_type(&b, media::OCI_MANIFEST);
            let _ = go_json_indent(&b, "", "  ");
        }
    }
}
