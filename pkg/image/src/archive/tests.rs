use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};

use tokio::sync::mpsc;

use super::load::{
    docker_manifest, index_entry_name, normalize_path, read_tar, Inbox, Received, TarIn,
};
use super::save::write_archive;
use super::selection::{select, Side};
use super::*;
use crate::manifest::{sha256_digest, Index};
use crate::media;

/// Blobs and image records in memory.
#[derive(Default)]
struct MemStore {
    blobs: HashMap<String, Vec<u8>>,
    images: HashMap<String, Descriptor>,
}

impl MemStore {
    fn put(&mut self, data: &[u8]) -> String {
        let digest = sha256_digest(data);
        self.blobs.insert(digest.clone(), data.to_vec());
        digest
    }

    /// A one-layer image; returns its manifest descriptor.
    fn image(&mut self, arch: &str, layer: &[u8]) -> Descriptor {
        let layer_digest = self.put(layer);
        let config = serde_json::json!({
            "architecture": arch, "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": [layer_digest]},
        });
        let config = serde_json::to_vec(&config).unwrap();
        let config_digest = self.put(&config);
        let manifest = docker_manifest(
            Descriptor::new(media::DOCKER_CONFIG, &config_digest, config.len() as u64),
            vec![Descriptor::new(
                media::DOCKER_LAYER,
                &layer_digest,
                layer.len() as u64,
            )],
        );
        let bytes = serde_json::to_vec(&manifest).unwrap();
        let digest = self.put(&bytes);
        Descriptor::new(media::DOCKER_MANIFEST, &digest, bytes.len() as u64)
    }
}

impl BlobStore for MemStore {
    async fn blob_size(&self, digest: &str) -> Result<Option<u64>, Error> {
        Ok(self.blobs.get(digest).map(|b| b.len() as u64))
    }

    async fn read_blob(&self, digest: &str) -> Result<Vec<u8>, Error> {
        self.blobs
            .get(digest)
            .cloned()
            .ok_or_else(|| Error::MissingContent {
                digest: digest.to_string(),
            })
    }

    fn stream_blob(&self, digest: &str) -> BoxStream<'static, Result<Bytes, Error>> {
        let data = self.blobs.get(digest).cloned().unwrap_or_default();
        // Several chunks, to exercise the channel reader.
        let chunks: Vec<Result<Bytes, Error>> = data
            .chunks(7)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        futures::stream::iter(chunks).boxed()
    }

    async fn image_target(&self, name: &str) -> Result<Option<Descriptor>, Error> {
        Ok(self.images.get(name).cloned())
    }
}

fn entries(tar_bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = tar::Archive::new(tar_bytes);
    let mut out = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.insert(path, data);
    }
    out
}

#[tokio::test]
async fn saved_archive_is_oci_layout_and_docker_archive() {
    let mut store = MemStore::default();
    let target = store.image("amd64", b"layer one");
    store
        .images
        .insert("docker.io/library/app:v1".into(), target.clone());
    store
        .images
        .insert("example.com/app:latest".into(), target.clone());
    let names = vec![
        "docker.io/library/app:v1".to_string(),
        "example.com/app:latest".to_string(),
    ];
    let out = write_archive(&store, &names, &PlatformFilter::Default, Vec::new())
        .await
        .unwrap();
    let files = entries(&out);

    assert_eq!(files["oci-layout"], OCI_LAYOUT);
    for digest in store.blobs.keys() {
        assert_eq!(&files[&blob_path(digest)], &store.blobs[digest]);
    }
    let index: Index = serde_json::from_slice(&files["index.json"]).unwrap();
    assert_eq!(index.manifests.len(), 2);
    let first = index.manifests[0].annotations.as_ref().unwrap();
    assert_eq!(first[ANNOTATION_IMAGE_NAME], "docker.io/library/app:v1");
    assert_eq!(first[ANNOTATION_REF_NAME], "v1");
    assert_eq!(index.manifests[0].digest, target.digest);

    let docker = parse_docker_manifest(&files["manifest.json"]).unwrap();
    assert_eq!(docker.len(), 1, "one entry per config");
    assert_eq!(
        docker[0].repo_tags,
        Some(vec![
            "app:v1".to_string(),
            "example.com/app:latest".to_string()
        ])
    );
    assert_eq!(docker[0].layers.len(), 1);
    assert!(files.contains_key(&docker[0].config));
}

#[tokio::test]
async fn save_fails_on_missing_content_and_unknown_image() {
    let mut store = MemStore::default();
    let target = store.image("amd64", b"layer");
    let layer = sha256_digest(b"layer");
    store.blobs.remove(&layer);
    store.images.insert("docker.io/library/a:1".into(), target);
    let names = vec!["docker.io/library/a:1".to_string()];
    let err = write_archive(&store, &names, &PlatformFilter::Default, Vec::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains(&layer), "{err}");
    assert!(err.to_string().contains("not available locally"), "{err}");

    let names = vec!["docker.io/library/none:1".to_string()];
    let err = write_archive(&store, &names, &PlatformFilter::All, Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ImageNotFound(_)));
}

#[tokio::test]
async fn index_selection_follows_the_filter() {
    let mut store = MemStore::default();
    let host = Platform::host();
    let other_arch = if host.architecture == "s390x" {
        "ppc64le"
    } else {
        "s390x"
    };
    let mut here = store.image(&host.architecture, b"here");
    here.platform = Some(host.clone());
    let mut there = store.image(other_arch, b"there");
    there.platform = Some(Platform::parse(&format!("linux/{other_arch}")).unwrap());
    let index = Index {
        schema_version: 2,
        media_type: Some(media::OCI_INDEX.to_string()),
        manifests: vec![there.clone(), here.clone()],
        extra: BTreeMap::new(),
    };
    let bytes = serde_json::to_vec(&index).unwrap();
    let digest = store.put(&bytes);
    let root = Descriptor::new(media::OCI_INDEX, &digest, bytes.len() as u64);

    let s = select(&store, "x", &root, &PlatformFilter::Default, Side::Save)
        .await
        .unwrap();
    let chosen: Vec<&str> = s
        .selected
        .iter()
        .map(|&i| s.complete[i].desc.digest.as_str())
        .collect();
    assert_eq!(chosen, vec![here.digest.as_str()]);
    assert_eq!(s.blobs().len(), 4, "index, manifest, config, layer");

    let s = select(&store, "x", &root, &PlatformFilter::All, Side::Save)
        .await
        .unwrap();
    assert_eq!(s.selected.len(), 2);

    // Without the host's layer, the default falls back to what is present.
    store.blobs.remove(&sha256_digest(b"here"));
    let s = select(&store, "x", &root, &PlatformFilter::Default, Side::Save)
        .await
        .unwrap();
    let chosen: Vec<&str> = s
        .selected
        .iter()
        .map(|&i| s.complete[i].desc.digest.as_str())
        .collect();
    assert_eq!(chosen, vec![there.digest.as_str()]);
    assert!(select(&store, "x", &root, &PlatformFilter::All, Side::Save)
        .await
        .is_err());
    let only = PlatformFilter::Only(vec![Platform::parse("linux/mips64").unwrap()]);
    let err = select(&store, "x", &root, &only, Side::Save)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NoMatchingPlatform { .. }), "{err}");
}

#[tokio::test]
async fn reader_streams_files_and_links_of_a_gzip_archive() {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(3);
    header.set_mode(0o644);
    builder
        .append_data(&mut header, "./aaa/layer.tar", &b"abc"[..])
        .unwrap();
    let mut link = tar::Header::new_gnu();
    link.set_entry_type(tar::EntryType::Symlink);
    link.set_size(0);
    builder
        .append_link(&mut link, "bbb/layer.tar", "../aaa/layer.tar")
        .unwrap();
    let tar_bytes = builder.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar_bytes).unwrap();
    let input = gz.finish().unwrap();

    let (tx, mut rx) = mpsc::channel(4);
    tokio::task::spawn_blocking(move || read_tar(io::Cursor::new(input), &tx));
    let mut seen = Vec::new();
    while let Some(ev) = rx.recv().await {
        match ev {
            TarIn::File { path, size } => seen.push(format!("file {path} {size}")),
            TarIn::Data(d) => seen.push(format!("data {}", String::from_utf8_lossy(&d))),
            TarIn::Link { path, target } => seen.push(format!("link {path} {target}")),
            TarIn::Done => seen.push("done".to_string()),
            TarIn::Fail(m) => seen.push(format!("fail {m}")),
        }
    }
    assert_eq!(
        seen,
        vec![
            "file aaa/layer.tar 3",
            "data abc",
            "link bbb/layer.tar aaa/layer.tar",
            "done"
        ]
    );
}

#[tokio::test]
async fn reader_reports_truncation() {
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(4096);
    builder
        .append_data(&mut header, "blob", &[7u8; 4096][..])
        .unwrap();
    let mut data = builder.into_inner().unwrap();
    data.truncate(2048);
    let (tx, mut rx) = mpsc::channel(4);
    tokio::task::spawn_blocking(move || read_tar(io::Cursor::new(data), &tx));
    let mut failed = None;
    while let Some(ev) = rx.recv().await {
        if let TarIn::Fail(m) = ev {
            failed = Some(m);
        }
    }
    assert!(failed
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("truncated"));
}

#[test]
fn paths_and_links_resolve() {
    assert_eq!(normalize_path("./a//b/../c"), "a/c");
    assert_eq!(normalize_path("/blobs/sha256/x"), "blobs/sha256/x");
    let mut inbox = Inbox::default();
    inbox.files.insert(
        "aaa/layer.tar".into(),
        Received::Memory(Bytes::from_static(b"x")),
    );
    inbox
        .links
        .insert("bbb/layer.tar".into(), "aaa/layer.tar".into());
    inbox.links.insert("loop".into(), "loop".into());
    assert!(inbox.get("./bbb/layer.tar").is_some());
    assert!(inbox.get("loop").is_none());
    assert!(inbox.get("missing").is_none());
}

#[test]
fn docker_manifest_json_parses() {
    let json = br#"[{"Config":"abc.json","RepoTags":["busybox:latest"],"Layers":["l1/layer.tar","l2/layer.tar"]},
                    {"Config":"def.json","RepoTags":null,"Layers":[]}]"#;
    let entries = parse_docker_manifest(json).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].config, "abc.json");
    assert_eq!(
        entries[0].repo_tags.as_deref(),
        Some(&["busybox:latest".to_string()][..])
    );
    assert_eq!(entries[0].layers, vec!["l1/layer.tar", "l2/layer.tar"]);
    assert_eq!(entries[1].repo_tags, None);
    assert!(parse_docker_manifest(b"{}").is_err());
}

#[test]
fn index_names() {
    let mut d = Descriptor::new(media::OCI_MANIFEST, "sha256:00", 1);
    assert_eq!(index_entry_name(&d), None);
    d.annotations = Some(BTreeMap::from([(
        ANNOTATION_REF_NAME.to_string(),
        "latest".to_string(),
    )]));
    assert_eq!(index_entry_name(&d), None, "a bare tag is no name");
    d.annotations = Some(BTreeMap::from([(
        ANNOTATION_REF_NAME.to_string(),
        "foo/bar:1".to_string(),
    )]));
    assert_eq!(index_entry_name(&d), Some("foo/bar:1"));
    d.annotations
        .as_mut()
        .unwrap()
        .insert(ANNOTATION_IMAGE_NAME.into(), "docker.io/x/y:2".into());
    assert_eq!(index_entry_name(&d), Some("docker.io/x/y:2"));
}

#[test]
fn platform_flags() {
    assert_eq!(
        PlatformFilter::from_flags(false, &[]).unwrap(),
        PlatformFilter::Default
    );
    assert_eq!(
        PlatformFilter::from_flags(true, &["linux/arm64".into()]).unwrap(),
        PlatformFilter::All
    );
    let only = PlatformFilter::from_flags(false, &["linux/amd64,linux/arm64".into()]).unwrap();
    assert!(matches!(only, PlatformFilter::Only(p) if p.len() == 2));
    assert!(PlatformFilter::from_flags(false, &["a/b/c/d".into()]).is_err());
}
