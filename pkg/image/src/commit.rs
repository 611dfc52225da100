//! The image side of `linnet commit`: a new layer on top of a local image becomes a new image.
//!
//! The caller writes the layer's tar stream into a [`LayerWriter`], which hashes it (the diff
//! ID) while gzipping it into a temporary file (containerd needs the compressed digest before it
//! accepts a blob). [`commit_image`] then stores the blob, the parent's config with the new
//! `config`, history entry and diff ID, and a manifest of the parent's kind (Docker or OCI), all
//! under a lease with containerd's GC labels; it unpacks the new layer and records the image
//! last, so a failure leaves no image behind (the lease lets containerd collect the rest).

use crate::import::HashingWriter;
use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;

use bytes::Bytes;
use linnet_containerd::Client;
use serde_json::{json, Value};
use sha2::Digest as _;

use crate::archive::{store_file, TempPath};
use crate::manifest::{sha256_digest, Descriptor, Manifest};
use crate::{gc_labels, media, unpack, write_blob, write_json_blob, Error, NoProgress};

/// Diff ID of a tar stream with no entries (two zero blocks): Docker's empty layer.
pub const EMPTY_TAR_DIFF_ID: &str =
    "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

/// Name prefix of an image committed without a repository (Docker's `<none>:<none>`).
const DANGLING_PREFIX: &str = "<none>@";

/// The containerd name of an image without a repository: `<none>@<manifest digest>`.
pub fn dangling_name(digest: &str) -> String {
    format!("{DANGLING_PREFIX}{digest}")
}

/// Whether an image record name is that of an image without a repository.
pub fn is_dangling_name(name: &str) -> bool {
    name.starts_with(DANGLING_PREFIX)
}

/// Removes the `<none>` name of image `digest` once it has a real one (Docker: a tagged image is
/// no longer dangling). Nothing to do when it has none.
pub async fn drop_dangling_name(client: &Client, digest: &str) -> Result<(), Error> {
    let name = dangling_name(digest);
    if client.image_get(&name).await?.is_some() {
        client.image_delete(&name, false).await?;
    }
    Ok(())
}

/// A layer being written: hashed as written, gzipped into a temporary file.
pub struct LayerWriter {
    gz: flate2::write::GzEncoder<HashingWriter<BufWriter<std::fs::File>>>,
    hasher: sha2::Sha256,
    path: TempPath,
}

/// A finished layer blob.
pub struct Layer {
    file: TempPath,
    pub diff_id: String,
    pub digest: String,
    pub size: u64,
}

impl Layer {
    /// A layer with no entries (nothing changed).
    pub fn is_empty(&self) -> bool {
        self.diff_id == EMPTY_TAR_DIFF_ID
    }
}

impl LayerWriter {
    pub fn new() -> Result<LayerWriter, Error> {
        let path = TempPath::new("commit");
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path.0)
            .map_err(|e| Error::io(format!("cannot create {}", path.0.display()), e))?;
        let out = HashingWriter {
            inner: BufWriter::with_capacity(1 << 20, file),
            hasher: sha2::Sha256::new(),
            size: 0,
        };
        Ok(LayerWriter {
            gz: flate2::write::GzEncoder::new(out, flate2::Compression::new(6)),
            hasher: sha2::Sha256::new(),
            path,
        })
    }

    pub fn finish(self) -> Result<Layer, Error> {
        let write_err = |e| Error::io("cannot write the layer", e);
        let mut out = self.gz.finish().map_err(write_err)?;
        out.inner.flush().map_err(write_err)?;
        Ok(Layer {
            diff_id: format!("sha256:{}", hex::encode(self.hasher.finalize())),
            digest: format!("sha256:{}", hex::encode(out.hasher.finalize())),
            size: out.size,
            file: self.path,
        })
    }
}

impl Write for LayerWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.gz.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.gz.flush()
    }
}

/// What the new image records besides its layer.
pub struct CommitRequest<'a> {
    /// The parent image's manifest and config JSON (as stored).
    pub parent_manifest: &'a Manifest,
    pub parent_manifest_media_type: &'a str,
    pub parent_config: &'a [u8],
    /// The parent's image ID (manifest digest), kept on the record for `history`.
    pub parent_id: &'a str,
    /// The new image's `config` object (Docker's container Config after `--change`).
    pub config: Value,
    /// Docker's `container_config` (the container's own Config).
    pub container_config: Value,
    pub container_id: &'a str,
    pub author: Option<&'a str>,
    pub comment: Option<&'a str>,
    /// The history entry's `created_by`: the container's command.
    pub created_by: String,
    /// Full image name, or `None` for an image without a repository.
    pub name: Option<&'a str>,
    pub snapshotter: &'a str,
}

/// Stores `layer` and the new image; returns the image ID (the manifest digest).
pub async fn commit_image(
    client: &Client,
    layer: Layer,
    req: CommitRequest<'_>,
) -> Result<String, Error> {
    let lease = client
        .lease_create(Some(std::time::Duration::from_secs(3600)))
        .await?;
    let leased = client.with_lease(&lease);
    let result = record(&leased, &layer, &req).await;
    let _ = client.lease_delete(&lease).await;
    result
}

async fn record(client: &Client, layer: &Layer, req: &CommitRequest<'_>) -> Result<String, Error> {
    let docker = req.parent_manifest_media_type == media::DOCKER_MANIFEST;
    let now = chrono::Utc::now();
    let config = image_config(req, layer, now)?;
    let mut layers = req.parent_manifest.layers.clone();
    if !layer.is_empty() {
        let mut file = tokio::fs::File::open(&layer.file.0)
            .await
            .map_err(|e| Error::io(format!("cannot open {}", layer.file.0.display()), e))?;
        let reference = format!("linnet-commit-{}", layer.digest);
        store_file(
            client,
            &reference,
            &mut file,
            &layer.file.0,
            &layer.digest,
            layer.size,
        )
        .await?;
        let layer_type = if docker {
            media::DOCKER_LAYER_GZIP
        } else {
            media::OCI_LAYER_GZIP
        };
        layers.push(Descriptor::new(layer_type, &layer.digest, layer.size));
    }
    let (config_type, manifest_type) = if docker {
        (media::DOCKER_CONFIG, media::DOCKER_MANIFEST)
    } else {
        (media::OCI_CONFIG, media::OCI_MANIFEST)
    };
    let (config_digest, config_size) = write_json_blob(client, &config, HashMap::new()).await?;
    let manifest = Manifest {
        schema_version: 2,
        media_type: Some(manifest_type.to_string()),
        config: Descriptor::new(config_type, &config_digest, config_size),
        layers,
        extra: Default::default(),
    };
    let bytes = serde_json::to_vec(&manifest).map_err(|source| Error::Encode {
        what: "manifest",
        source,
    })?;
    let digest = sha256_digest(&bytes);
    let labels = gc_labels(manifest_type, &digest, &bytes)?;
    let size = bytes.len() as u64;
    write_blob(client, &digest, Bytes::from(bytes), labels).await?;

    unpack(client, &digest, req.snapshotter, &NoProgress).await?;
    let name = match req.name {
        Some(name) => name.to_string(),
        None => dangling_name(&digest),
    };
    client
        .image_put(&linnet_containerd::Image {
            name,
            target: linnet_containerd::Descriptor::new(manifest_type, &digest, size),
            labels: HashMap::from([(
                crate::history::PARENT_LABEL.to_string(),
                req.parent_id.to_string(),
            )]),
            created_at: None,
            updated_at: None,
        })
        .await?;
    Ok(digest)
}

/// The parent's config with the new `config`, history entry and diff ID.
fn image_config(
    req: &CommitRequest<'_>,
    layer: &Layer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, Error> {
    let mut config: Value = serde_json::from_slice(req.parent_config)
        .map_err(|e| Error::invalid("image config", "of the parent image", e))?;
    let Value::Object(map) = &mut config else {
        return Err(Error::invalid(
            "image config",
            "of the parent image",
            "not a JSON object",
        ));
    };
    let created = now.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    // Docker v1 leftovers of the parent describe the parent, not this image.
    for key in ["id", "parent", "container", "container_config", "author"] {
        map.remove(key);
    }
    map.insert("created".into(), json!(created));
    map.insert("config".into(), req.config.clone());
    map.insert("container".into(), json!(req.container_id));
    map.insert("container_config".into(), req.container_config.clone());
    if let Some(author) = req.author.filter(|a| !a.is_empty()) {
        map.insert("author".into(), json!(author));
    }
    let mut entry = json!({ "created": created, "created_by": req.created_by });
    if let Some(author) = req.author.filter(|a| !a.is_empty()) {
        entry["author"] = json!(author);
    }
    if let Some(comment) = req.comment.filter(|c| !c.is_empty()) {
        entry["comment"] = json!(comment);
    }
    if layer.is_empty() {
        entry["empty_layer"] = json!(true);
    }
    let history = map.entry("history").or_insert_with(|| json!([]));
    match history {
        Value::Array(items) => items.push(entry),
        other => *other = json!([entry]),
    }
    if !layer.is_empty() {
        let rootfs = map
            .entry("rootfs")
            .or_insert_with(|| json!({ "type": "layers", "diff_ids": [] }));
        match rootfs.get_mut("diff_ids") {
            Some(Value::Array(ids)) => ids.push(json!(layer.diff_id)),
            _ => rootfs["diff_ids"] = json!([layer.diff_id]),
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer_of(tar: &[u8]) -> Layer {
        let mut w = LayerWriter::new().unwrap();
        w.write_all(tar).unwrap();
        w.finish().unwrap()
    }

    #[test]
    fn layer_hashes_and_empty_tar() {
        let empty = layer_of(&[0u8; 1024]);
        assert!(empty.is_empty());
        let gz = std::fs::read(&empty.file.0).unwrap();
        assert_eq!(empty.digest, sha256_digest(&gz));
        assert_eq!(empty.size, gz.len() as u64);
        let other = layer_of(&[1u8; 1024]);
        assert!(!other.is_empty());
        assert_eq!(other.diff_id, sha256_digest(&[1u8; 1024]));
    }

    #[test]
    fn config_appends_history_and_diff_id() {
        let parent = serde_json::to_vec(&json!({
            "architecture": "amd64", "os": "linux", "id": "old",
            "config": { "Cmd": ["sh"] },
            "rootfs": { "type": "layers", "diff_ids": ["sha256:aa"] },
            "history": [{ "created_by": "base" }],
        }))
        .unwrap();
        let manifest = Manifest {
            schema_version: 2,
            media_type: None,
            config: Descriptor::new(media::OCI_CONFIG, "sha256:cc", 1),
            layers: vec![],
            extra: Default::default(),
        };
        let req = CommitRequest {
            parent_manifest: &manifest,
            parent_manifest_media_type: media::OCI_MANIFEST,
            parent_config: &parent,
            parent_id: "sha256:pp",
            config: json!({ "Cmd": ["cat", "/x"] }),
            container_config: json!({}),
            container_id: "abc",
            author: Some("me"),
            comment: Some("msg"),
            created_by: "sh -c echo".into(),
            name: None,
            snapshotter: "overlayfs",
        };
        let now = chrono::Utc::now();
        let layer = layer_of(&[1u8; 1024]);
        let c = image_config(&req, &layer, now).unwrap();
        assert_eq!(c["config"]["Cmd"][1], "/x");
        assert_eq!(c["author"], "me");
        assert!(c.get("id").is_none());
        assert_eq!(c["rootfs"]["diff_ids"][1], json!(layer.diff_id));
        assert_eq!(c["history"][1]["comment"], "msg");
        assert_eq!(c["history"][1]["created_by"], "sh -c echo");
        assert!(c["history"][1].get("empty_layer").is_none());
        let empty = layer_of(&[0u8; 1024]);
        let c = image_config(&req, &empty, now).unwrap();
        assert_eq!(c["rootfs"]["diff_ids"].as_array().unwrap().len(), 1);
        assert_eq!(c["history"][1]["empty_layer"], true);
        assert!(is_dangling_name(&dangling_name("sha256:00")));
    }
}
