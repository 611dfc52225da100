//! `load`: reads an OCI archive or docker-archive once, front to back, into content writers,
//! then records and unpacks the images under one lease.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use bytes::Bytes;
use linnet_containerd::{Client, ContentWriter};
use linnet_reference::Reference;
use sha2::Digest as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::selection::{select, CompleteManifest, Side};
use super::{
    blob_path, parse_docker_manifest, PlatformFilter, ANNOTATION_IMAGE_NAME, ANNOTATION_REF_NAME,
    CHUNK, LEASE_EXPIRY, MEMORY_LIMIT,
};
use crate::content::gc_labels;
use crate::manifest::{
    parse_config_header, parse_index, sha256_digest, validate_digest, Descriptor, Manifest,
};
use crate::{media, unpack, write_blob, Error, Platform, ProgressSink};

/// Reads an OCI archive or a docker-archive (plain or gzip) into containerd, unpacks what this
/// machine can run onto `snapshotter`, and records the images (replacing existing names).
/// Returns the full names of the loaded images.
pub async fn load<R>(
    client: &Client,
    input: R,
    platforms: &PlatformFilter,
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<Vec<String>, Error>
where
    R: Read + Send + 'static,
{
    let lease = client.lease_create(Some(LEASE_EXPIRY)).await?;
    let leased = client.with_lease(&lease);
    let result = load_leased(&leased, input, platforms, snapshotter, progress).await;
    // Records made above hold what they need; the rest becomes garbage with the lease.
    let _ = client.lease_delete(&lease).await;
    result
}

/// Messages from the tar-reading thread.
pub(super) enum TarIn {
    File { path: String, size: u64 },
    Data(Bytes),
    Link { path: String, target: String },
    Done,
    Fail(Error),
}

pub(super) fn read_tar<R: Read>(input: R, tx: &mpsc::Sender<TarIn>) {
    if let Err(e) = read_tar_entries(input, tx) {
        let _ = tx.blocking_send(TarIn::Fail(e));
    }
}

/// Sends every regular file and link of the (possibly gzip-compressed) tar, in order. Returns
/// quietly when the receiver is gone: the async side has already failed.
pub(super) fn read_tar_entries<R: Read>(input: R, tx: &mpsc::Sender<TarIn>) -> Result<(), Error> {
    let fail = |e: io::Error| Error::io("cannot read archive", e);
    let mut input = BufReader::with_capacity(CHUNK, input);
    let head = input.fill_buf().map_err(fail)?;
    let reader: Box<dyn Read> = if head.is_empty() {
        return Err(Error::InvalidArchive("the archive is empty".to_string()));
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(input))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(Error::InvalidArchive(
            "zstd-compressed archives are not supported; decompress it first".to_string(),
        ));
    } else {
        Box::new(input)
    };
    let mut archive = tar::Archive::new(reader);
    let mut count = 0usize;
    for entry in archive.entries().map_err(fail)? {
        // tar's error for a bad first header quotes the header bytes; say what it means instead.
        let mut entry = entry.map_err(|e| {
            if count == 0 {
                Error::InvalidArchive("the input is not a tar archive".to_string())
            } else {
                fail(e)
            }
        })?;
        count += 1;
        let path = normalize_path(&String::from_utf8_lossy(&entry.path_bytes()));
        let kind = entry.header().entry_type();
        if kind.is_file() || kind == tar::EntryType::Continuous {
            let size = entry.size();
            if tx
                .blocking_send(TarIn::File {
                    path: path.clone(),
                    size,
                })
                .is_err()
            {
                return Ok(());
            }
            let mut remaining = size;
            while remaining > 0 {
                let want = remaining.min(CHUNK as u64) as usize;
                let mut buf = vec![0u8; want];
                let mut filled = 0;
                while filled < want {
                    let n = entry.read(&mut buf[filled..]).map_err(fail)?;
                    if n == 0 {
                        return Err(Error::InvalidArchive(format!(
                            "the archive is truncated (in {path})"
                        )));
                    }
                    filled += n;
                }
                remaining -= want as u64;
                if tx.blocking_send(TarIn::Data(Bytes::from(buf))).is_err() {
                    return Ok(());
                }
            }
        } else if kind.is_symlink() || kind.is_hard_link() {
            let Some(link) = entry.link_name_bytes() else {
                continue;
            };
            let link = String::from_utf8_lossy(&link).into_owned();
            // Symlinks are relative to their directory, hard links to the archive root.
            let target = match path.rsplit_once('/') {
                Some((dir, _)) if kind.is_symlink() && !link.starts_with('/') => {
                    format!("{dir}/{link}")
                }
                _ => link,
            };
            let target = normalize_path(&target);
            if tx.blocking_send(TarIn::Link { path, target }).is_err() {
                return Ok(());
            }
        }
    }
    if count == 0 {
        return Err(Error::InvalidArchive(
            "not an image archive: it contains no files".to_string(),
        ));
    }
    let _ = tx.blocking_send(TarIn::Done);
    Ok(())
}

/// `./a//b/../c` -> `a/c`; archive paths are compared in this form.
pub(super) fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Where a file of the archive ended up.
#[derive(Debug, Clone)]
pub(super) enum Received {
    /// A small file that is not named by its digest, kept in memory.
    Memory(Bytes),
    /// In the content store: blobs, and large files spooled to disk then stored.
    Stored {
        digest: String,
        size: u64,
        head: Vec<u8>,
    },
}

#[derive(Debug, Default)]
pub(super) struct Inbox {
    pub(super) files: HashMap<String, Received>,
    pub(super) links: HashMap<String, String>,
}

impl Inbox {
    /// The file at `path`, following links.
    pub(super) fn get(&self, path: &str) -> Option<&Received> {
        let mut path = normalize_path(path);
        for _ in 0..16 {
            if let Some(r) = self.files.get(&path) {
                return Some(r);
            }
            path = self.links.get(&path)?.clone();
        }
        None
    }

    fn memory(&self, path: &str) -> Result<Option<Bytes>, Error> {
        match self.get(path) {
            None => Ok(None),
            Some(Received::Memory(b)) => Ok(Some(b.clone())),
            Some(Received::Stored { .. }) => Err(Error::InvalidArchive(format!(
                "{path} in the archive is too large"
            ))),
        }
    }
}

pub(super) async fn next_chunk(rx: &mut mpsc::Receiver<TarIn>) -> Result<Bytes, Error> {
    match rx.recv().await {
        Some(TarIn::Data(data)) => Ok(data),
        Some(TarIn::Fail(e)) => Err(e),
        _ => Err(Error::InvalidArchive(
            "the archive ended in the middle of a file".to_string(),
        )),
    }
}

/// Collects the first bytes of a file, for compression detection.
pub(super) fn keep_head(head: &mut Vec<u8>, data: &[u8]) {
    if head.len() < 8 {
        let n = (8 - head.len()).min(data.len());
        head.extend_from_slice(&data[..n]);
    }
}

/// Reads the whole tar stream, storing blobs as they come.
pub(super) async fn receive(
    client: &Client,
    rx: &mut mpsc::Receiver<TarIn>,
) -> Result<Inbox, Error> {
    let mut inbox = Inbox::default();
    let load_id = format!("{:016x}", rand::random::<u64>());
    loop {
        match rx.recv().await {
            Some(TarIn::File { path, size }) => {
                let received = receive_file(client, rx, &path, size, &load_id).await?;
                inbox.files.insert(path, received);
            }
            Some(TarIn::Link { path, target }) => {
                inbox.links.insert(path, target);
            }
            Some(TarIn::Done) => return Ok(inbox),
            Some(TarIn::Fail(e)) => return Err(e),
            Some(TarIn::Data(_)) | None => {
                return Err(Error::InvalidArchive(
                    "the archive reader stopped unexpectedly".to_string(),
                ))
            }
        }
    }
}

pub(super) async fn receive_file(
    client: &Client,
    rx: &mut mpsc::Receiver<TarIn>,
    path: &str,
    size: u64,
    load_id: &str,
) -> Result<Received, Error> {
    let blob_digest = path
        .strip_prefix("blobs/sha256/")
        .map(|hex| format!("sha256:{hex}"))
        .filter(|d| validate_digest(d).is_ok());
    if let Some(digest) = blob_digest {
        let reference = format!("linnet-load-{load_id}-{digest}");
        let writer = client.content_writer(&reference, &digest, size).await?;
        let stored = receive_blob(rx, &digest, size, writer).await;
        if stored.is_err() {
            let _ = client.content_abort(&reference).await;
        }
        let head = stored?;
        return Ok(Received::Stored { digest, size, head });
    }
    if size <= MEMORY_LIMIT {
        let mut data = Vec::with_capacity(size as usize);
        while (data.len() as u64) < size {
            data.extend_from_slice(&next_chunk(rx).await?);
        }
        return Ok(Received::Memory(Bytes::from(data)));
    }
    // Not named by digest and large (a legacy `<id>/layer.tar`): containerd needs the digest
    // before the write, so hash it into a temporary file first.
    let mut spool = Spool::create().await?;
    let mut head = Vec::new();
    while spool.size < size {
        let chunk = next_chunk(rx).await?;
        keep_head(&mut head, &chunk);
        spool.write(&chunk).await?;
    }
    let (digest, size) = spool
        .store(client, &format!("linnet-load-{load_id}-spool"))
        .await?;
    Ok(Received::Stored { digest, size, head })
}

/// Streams one blob into its content writer (or drains it when the blob is already present).
pub(super) async fn receive_blob(
    rx: &mut mpsc::Receiver<TarIn>,
    digest: &str,
    size: u64,
    writer: Option<ContentWriter>,
) -> Result<Vec<u8>, Error> {
    let mut head = Vec::new();
    let mut received = 0u64;
    // A resumed write already holds the first `offset` bytes.
    let mut skip = writer.as_ref().map_or(0, |w| w.offset());
    let mut writer = writer;
    while received < size {
        let mut chunk = next_chunk(rx).await?;
        received += chunk.len() as u64;
        keep_head(&mut head, &chunk);
        if skip > 0 {
            let n = skip.min(chunk.len() as u64) as usize;
            chunk = chunk.slice(n..);
            skip -= n as u64;
        }
        if let Some(w) = writer.as_mut() {
            w.write(chunk).await?;
        }
    }
    if let Some(w) = writer {
        w.commit(HashMap::new())
            .await
            .map_err(|source| Error::CorruptBlob {
                digest: digest.to_string(),
                source,
            })?;
    }
    Ok(head)
}

/// A temporary file that hashes what is written to it; removed when dropped.
pub(super) struct Spool {
    pub(super) path: TempPath,
    pub(super) file: tokio::fs::File,
    pub(super) hasher: sha2::Sha256,
    pub(super) size: u64,
}

impl Spool {
    async fn create() -> Result<Spool, Error> {
        let path = TempPath::new("spool");
        let file = tokio::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path.0)
            .await
            .map_err(|e| Error::io(format!("cannot create {}", path.0.display()), e))?;
        Ok(Spool {
            path,
            file,
            hasher: sha2::Sha256::new(),
            size: 0,
        })
    }

    async fn write(&mut self, data: &[u8]) -> Result<(), Error> {
        self.hasher.update(data);
        self.size += data.len() as u64;
        self.file
            .write_all(data)
            .await
            .map_err(|e| Error::io(format!("cannot write {}", self.path.0.display()), e))
    }

    /// Copies the file into the content store under its digest.
    async fn store(mut self, client: &Client, reference: &str) -> Result<(String, u64), Error> {
        self.file
            .flush()
            .await
            .map_err(|e| Error::io(format!("cannot write {}", self.path.0.display()), e))?;
        let digest = format!("sha256:{}", hex::encode(self.hasher.finalize_reset()));
        store_file(
            client,
            reference,
            &mut self.file,
            &self.path.0,
            &digest,
            self.size,
        )
        .await?;
        Ok((digest, self.size))
    }
}

/// Copies a local file whose digest is known into the content store (nothing to do when the
/// digest is already there); containerd verifies the digest at commit.
pub(crate) async fn store_file(
    client: &Client,
    reference: &str,
    file: &mut tokio::fs::File,
    path: &std::path::Path,
    digest: &str,
    size: u64,
) -> Result<(), Error> {
    use tokio::io::AsyncSeekExt;
    let Some(mut writer) = client.content_writer(reference, digest, size).await? else {
        return Ok(());
    };
    let io_err = |e| Error::io(format!("cannot read {}", path.display()), e);
    let copied = async {
        file.seek(io::SeekFrom::Start(writer.offset()))
            .await
            .map_err(io_err)?;
        loop {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf).await.map_err(io_err)?;
            if n == 0 {
                break;
            }
            buf.truncate(n);
            writer.write(Bytes::from(buf)).await?;
        }
        writer.commit(HashMap::new()).await?;
        Ok::<(), Error>(())
    }
    .await;
    if copied.is_err() {
        let _ = client.content_abort(reference).await;
    }
    copied
}

/// A path removed when dropped: temporary spool files.
pub(crate) struct TempPath(pub(crate) PathBuf);

impl TempPath {
    /// A fresh name in the temporary directory.
    pub(crate) fn new(prefix: &str) -> TempPath {
        TempPath(std::env::temp_dir().join(format!(
            "linnet-{prefix}-{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        )))
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// An image found in the archive, ready to be recorded.
pub(super) struct LoadedImage {
    pub(super) names: Vec<String>,
    pub(super) target: Descriptor,
    /// The platform manifest to unpack, when one runs on this machine.
    pub(super) unpack: Option<String>,
}

pub(super) async fn load_leased<R>(
    client: &Client,
    input: R,
    platforms: &PlatformFilter,
    snapshotter: &str,
    progress: &dyn ProgressSink,
) -> Result<Vec<String>, Error>
where
    R: Read + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<TarIn>(8);
    // Not awaited on failure: the thread ends at its next send once `rx` is dropped.
    let reader = tokio::task::spawn_blocking(move || read_tar(input, &tx));
    let inbox = receive(client, &mut rx).await?;
    drop(rx);
    let _ = reader.await;

    let images = if let Some(index) = inbox.memory("index.json")? {
        oci_images(client, &inbox, &index, platforms).await?
    } else if let Some(manifest) = inbox.memory("manifest.json")? {
        docker_images(client, &inbox, &manifest).await?
    } else {
        return Err(Error::InvalidArchive(
            "not an image archive: it has neither index.json nor manifest.json".to_string(),
        ));
    };
    if images.iter().all(|i| i.names.is_empty()) {
        return Err(Error::InvalidArchive(
            "the archive contains no named image".to_string(),
        ));
    }

    // Unpack before recording, so that a failure leaves no image behind.
    let mut unpacked = HashSet::new();
    for image in &images {
        if let Some(digest) = &image.unpack {
            if unpacked.insert(digest.clone()) {
                unpack(client, digest, snapshotter, progress).await?;
            }
        }
    }
    let mut loaded = Vec::new();
    for image in images {
        for name in image.names {
            client
                .image_put(&linnet_containerd::Image {
                    name: name.clone(),
                    target: linnet_containerd::Descriptor::new(
                        &image.target.media_type,
                        &image.target.digest,
                        image.target.size,
                    ),
                    labels: HashMap::new(),
                    created_at: None,
                    updated_at: None,
                })
                .await?;
            if !loaded.contains(&name) {
                loaded.push(name);
            }
        }
    }
    Ok(loaded)
}

/// Normalizes a name found in an archive to the stored full name.
pub(super) fn full_name(name: &str) -> Result<String, Error> {
    Reference::parse(name)
        .map(|r| r.to_string())
        .map_err(|source| Error::ArchiveName {
            name: name.to_string(),
            source,
        })
}

/// Names an `index.json` entry carries. `org.opencontainers.image.ref.name` counts only when it
/// is a whole reference: a bare tag says nothing about the repository.
pub(super) fn index_entry_name(desc: &Descriptor) -> Option<&str> {
    let annotations = desc.annotations.as_ref()?;
    if let Some(name) = annotations.get(ANNOTATION_IMAGE_NAME) {
        return Some(name);
    }
    annotations
        .get(ANNOTATION_REF_NAME)
        .map(String::as_str)
        .filter(|n| n.contains(':') || n.contains('/'))
}

/// Whether this machine runs a platform manifest.
pub(super) async fn runs_here(client: &Client, m: &CompleteManifest) -> Result<bool, Error> {
    let host = Platform::host();
    if let Some(p) = &m.desc.platform {
        return Ok(host.matches(p));
    }
    let config = client.content_read(&m.manifest.config.digest).await?;
    let header = parse_config_header(&m.manifest.config.digest, &config)?;
    Ok(header.os.is_empty() || host.matches(&header.platform()))
}

pub(super) async fn oci_images(
    client: &Client,
    inbox: &Inbox,
    index_bytes: &[u8],
    platforms: &PlatformFilter,
) -> Result<Vec<LoadedImage>, Error> {
    let index = parse_index("index.json", index_bytes)?;
    let docker = match inbox.memory("manifest.json")? {
        Some(bytes) => parse_docker_manifest(&bytes).unwrap_or_default(),
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for desc in &index.manifests {
        let label = index_entry_name(desc).unwrap_or(&desc.digest).to_string();
        let selection = select(client, &label, desc, platforms, Side::Load).await?;

        // GC labels, children first, so the records keep all of it alive.
        for m in &selection.complete {
            let labels = gc_labels(&m.desc.media_type, &m.desc.digest, &m.bytes)?;
            client
                .content_update_labels(&m.desc.digest, &labels)
                .await?;
        }
        for (d, bytes, _) in selection.indexes.iter().rev() {
            let labels = gc_labels(&d.media_type, &d.digest, bytes)?;
            client.content_update_labels(&d.digest, &labels).await?;
        }

        let mut names = Vec::new();
        if let Some(name) = index_entry_name(desc) {
            names.push(full_name(name)?);
        } else if let Some(primary) = selection.primary() {
            // An OCI entry without a name: docker-archive's manifest.json may tag its config.
            let config = blob_path(&primary.manifest.config.digest);
            for entry in docker.iter().filter(|e| e.config == config) {
                for tag in entry.repo_tags.iter().flatten() {
                    names.push(full_name(tag)?);
                }
            }
        }
        if names.is_empty() {
            tracing::warn!(digest = %desc.digest, "skipping an image without a name in the archive");
        }

        let mut unpack = None;
        for &i in &selection.selected {
            if let Some(m) = selection.complete.get(i) {
                if runs_here(client, m).await? {
                    unpack = Some(m.desc.digest.clone());
                    break;
                }
            }
        }
        out.push(LoadedImage {
            names,
            target: Descriptor::new(&desc.media_type, &desc.digest, desc.size),
            unpack,
        });
    }
    Ok(out)
}

/// Stores a file of the archive in the content store; returns digest, size and first bytes.
pub(super) async fn store_received(
    client: &Client,
    inbox: &Inbox,
    path: &str,
) -> Result<(String, u64, Vec<u8>), Error> {
    match inbox.get(path) {
        None => Err(Error::InvalidArchive(format!(
            "the archive has no file {path}, which manifest.json names"
        ))),
        Some(Received::Stored { digest, size, head }) => Ok((digest.clone(), *size, head.clone())),
        Some(Received::Memory(bytes)) => {
            let digest = sha256_digest(bytes);
            write_blob(client, &digest, bytes.clone(), HashMap::new()).await?;
            let head = bytes.iter().take(8).copied().collect();
            Ok((digest, bytes.len() as u64, head))
        }
    }
}

/// docker-archive without `index.json` (Docker before 25): build a Docker v2 manifest for each
/// `manifest.json` entry from the config and layers as stored.
pub(super) async fn docker_images(
    client: &Client,
    inbox: &Inbox,
    manifest_bytes: &[u8],
) -> Result<Vec<LoadedImage>, Error> {
    let entries = parse_docker_manifest(manifest_bytes)?;
    let mut out = Vec::new();
    for entry in entries {
        let (config_digest, config_size, _) = store_received(client, inbox, &entry.config).await?;
        let mut layers = Vec::new();
        for path in &entry.layers {
            let (digest, size, head) = store_received(client, inbox, path).await?;
            let media_type = if head.starts_with(&[0x1f, 0x8b]) {
                media::DOCKER_LAYER_GZIP
            } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                media::OCI_LAYER_ZSTD
            } else {
                media::DOCKER_LAYER
            };
            layers.push(Descriptor::new(media_type, &digest, size));
        }
        let manifest = docker_manifest(
            Descriptor::new(media::DOCKER_CONFIG, &config_digest, config_size),
            layers,
        );
        let bytes = serde_json::to_vec(&manifest).map_err(|source| Error::Encode {
            what: "manifest",
            source,
        })?;
        let digest = sha256_digest(&bytes);
        let labels = gc_labels(media::DOCKER_MANIFEST, &digest, &bytes)?;
        let size = bytes.len() as u64;
        write_blob(client, &digest, Bytes::from(bytes.clone()), labels).await?;

        let config = client.content_read(&config_digest).await?;
        let header = parse_config_header(&config_digest, &config)?;
        if header.rootfs.diff_ids.len() != entry.layers.len() {
            return Err(Error::InvalidArchive(format!(
                "image config {} lists {} layers but manifest.json has {}",
                entry.config,
                header.rootfs.diff_ids.len(),
                entry.layers.len()
            )));
        }
        let runs = header.os.is_empty() || Platform::host().matches(&header.platform());
        let names = entry
            .repo_tags
            .iter()
            .flatten()
            .map(|t| full_name(t))
            .collect::<Result<Vec<_>, _>>()?;
        if names.is_empty() {
            tracing::warn!(config = %entry.config, "skipping an image without a tag in the archive");
        }
        out.push(LoadedImage {
            names,
            target: Descriptor::new(media::DOCKER_MANIFEST, &digest, size),
            unpack: runs.then_some(digest),
        });
    }
    Ok(out)
}

/// A Docker v2 schema 2 manifest.
pub(super) fn docker_manifest(config: Descriptor, layers: Vec<Descriptor>) -> Manifest {
    Manifest {
        schema_version: 2,
        media_type: Some(media::DOCKER_MANIFEST.to_string()),
        config,
        layers,
        extra: BTreeMap::new(),
    }
}
