use super::artifacts::choose_referrer;
use super::*;

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The image of `linnet_image`'s `chooses_the_newest` test and `linnet_soci`'s: with two
/// v1 referrers the snapshotter picks the newest, as pull does, and distrusts it.
#[test]
fn two_referrers_pick_the_newest_untrusted() {
    let referrer = |digest: &str, created: &str| linnet_registry::Referrer {
        media_type: linnet_oci::media::OCI_MANIFEST.into(),
        digest: digest.into(),
        size: 10,
        annotations: [(
            linnet_soci::ANNOTATION_CREATED.to_string(),
            created.to_string(),
        )]
        .into_iter()
        .collect(),
        artifact_type: Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1.into()),
    };
    let two = [
        referrer("sha256:2", "2025-01-01T00:00:00Z"),
        referrer("sha256:1", "2024-01-01T00:00:00Z"),
    ];
    let chosen = choose_referrer(&two).expect("chosen");
    assert_eq!(chosen.digest, "sha256:2");
    assert_eq!(chosen.trust, IndexTrust::Untrusted);
}

#[test]
fn requests_from_labels() {
    assert_eq!(LayerRequest::from_labels(&BTreeMap::new()).ok(), Some(None));
    let base = [
        (LABEL_SNAPSHOT_REF, "sha256:chain"),
        (linnet_soci::LABEL_CRI_IMAGE_REF, "localhost:5000/a:1"),
        (linnet_soci::LABEL_CRI_MANIFEST_DIGEST, "sha256:m"),
        (linnet_soci::LABEL_CRI_LAYER_DIGEST, "sha256:l2"),
    ];
    let r = LayerRequest::from_labels(&labels(&base))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no request"));
    assert_eq!(r.layer_size, None);
    assert_eq!(r.index_digest, None);
    let mut cri = base.to_vec();
    cri.push((linnet_soci::LABEL_CRI_IMAGE_LAYERS, "sha256:l1,sha256:l2"));
    cri.push((linnet_soci::LABEL_IMAGE_LAYERS_SIZE, "10,20"));
    let r = LayerRequest::from_labels(&labels(&cri)).ok().flatten();
    assert_eq!(r.and_then(|r| r.layer_size), Some(20));
    cri.push((linnet_soci::LABEL_SOCI_SIZE, "21"));
    cri.push((linnet_soci::LABEL_SOCI_INDEX_DIGEST, "sha256:i"));
    let r = LayerRequest::from_labels(&labels(&cri)).ok().flatten();
    assert_eq!(
        r.map(|r| (r.layer_size, r.index_digest)),
        Some((Some(21), Some("sha256:i".to_string())))
    );
    assert!(matches!(
        LayerRequest::from_labels(&labels(&base[..2])),
        Err(RemoteError::MissingLabel(_))
    ));
}

#[test]
fn namespaces_and_mountinfo() {
    assert_eq!(
        namespace_of("default/12/extract-1").ok(),
        Some("default".into())
    );
    assert!(namespace_of("nope").is_err());
    assert_eq!(unescape_mountinfo("/a\\040b"), "/a b");
    assert_eq!(unescape_mountinfo("/plain\\"), "/plain\\");
}
