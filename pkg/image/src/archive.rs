//! Image archives: `save` writes one tar that is both an OCI image layout and a docker-archive;
//! `load` reads either kind (plain or gzip) back into containerd.
//!
//! Archives can be larger than memory and arrive on a pipe, so both directions stream: `save`
//! copies blobs from containerd's content store into the tar as it reads them, and `load` reads
//! the tar once, front to back, writing each blob into a content writer as it arrives. The tar side
//! is synchronous (`tar` crate) and runs on a blocking thread that talks to the async side over a
//! channel. A load records image names only after every blob is committed (containerd verifies
//! each digest) and the layers are unpacked, all under one lease, so a truncated or corrupt archive
//! leaves no image behind and its blobs become garbage.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::PathBuf;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use linnet_containerd::{Client, ContentWriter};
use linnet_reference::Reference;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::content::gc_labels;
use crate::manifest::{
    parse_config_header, parse_index, parse_manifest, sha256_digest, validate_digest, Descriptor,
    Index, Manifest,
};
use crate::{media, unpack, write_blob, Error, Platform, ProgressSink};

/// Annotation containerd (and Docker 25+) use for the full image name in `index.json`.
pub const ANNOTATION_IMAGE_NAME: &str = "io.containerd.image.name";
/// OCI annotation for the reference name (the tag) in `index.json`.
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";

const OCI_LAYOUT: &[u8] = br#"{"imageLayoutVersion":"1.0.0"}"#;
/// Bytes per channel message and per content write.
const CHUNK: usize = 1 << 20;
/// Non-blob files up to this size are kept in memory during a load; larger ones are spooled.
const MEMORY_LIMIT: u64 = 16 << 20;
/// How long the load lease lives if linnet dies before deleting it.
const LEASE_EXPIRY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Which platforms of a multi-platform image `save` writes and `load` requires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PlatformFilter {
    /// The host platform when the image has it and its content is present, otherwise every
    /// platform whose content is present.
    #[default]
    Default,
    /// Every platform; all content must be present.
    All,
    /// Exactly these platforms; their content must be present.
    Only(Vec<Platform>),
}

impl PlatformFilter {
    /// From `--all-platforms` and repeated `--platform` flags.
    pub fn from_flags(all: bool, platforms: &[String]) -> Result<PlatformFilter, Error> {
        if all {
            return Ok(PlatformFilter::All);
        }
        if platforms.is_empty() {
            return Ok(PlatformFilter::Default);
        }
        let mut out = Vec::new();
        for p in platforms {
            // `--platform a,b` is accepted as Docker's buildx does.
            for part in p.split(',').filter(|s| !s.trim().is_empty()) {
                out.push(Platform::parse(part)?);
            }
        }
        Ok(PlatformFilter::Only(out))
    }
}

// ---------------------------------------------------------------------------------------------
// Where blobs come from: containerd, or a map in tests.

/// Read access to blobs and image records; containerd in production, a map in tests.
pub(crate) trait BlobStore: Sync {
    /// Size of a committed blob, `None` when absent.
    fn blob_size(&self, digest: &str) -> impl Future<Output = Result<Option<u64>, Error>> + Send;
    fn read_blob(&self, digest: &str) -> impl Future<Output = Result<Vec<u8>, Error>> + Send;
    fn stream_blob(&self, digest: &str) -> BoxStream<'static, Result<Bytes, Error>>;
    /// The target of the image record `name`, `None` when there is no such image.
    fn image_target(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<Descriptor>, Error>> + Send;
}

impl BlobStore for Client {
    async fn blob_size(&self, digest: &str) -> Result<Option<u64>, Error> {
        Ok(self
            .content_info(digest)
            .await?
            .map(|i| u64::try_from(i.size).unwrap_or(0)))
    }

    async fn read_blob(&self, digest: &str) -> Result<Vec<u8>, Error> {
        Ok(self.content_read(digest).await?)
    }

    fn stream_blob(&self, digest: &str) -> BoxStream<'static, Result<Bytes, Error>> {
        self.content_read_stream(digest, 0, 0)
            .map(|r| r.map_err(Error::from))
            .boxed()
    }

    async fn image_target(&self, name: &str) -> Result<Option<Descriptor>, Error> {
        Ok(self.image_get(name).await?.map(|image| {
            Descriptor::new(
                &image.target.media_type,
                &image.target.digest,
                image.target.size,
            )
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// Selecting what of an image to save or to keep.

/// Which operation looks for content, for the hint in "missing content" errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Save,
    Load,
}

/// A platform manifest whose manifest, config and layers are all present.
#[derive(Debug, Clone)]
struct CompleteManifest {
    desc: Descriptor,
    bytes: Vec<u8>,
    manifest: Manifest,
    /// Sizes of the manifest, config and layers as stored.
    blobs: Vec<(String, u64)>,
}

/// What of one image is present and selected.
#[derive(Debug, Default)]
struct Selection {
    /// Indexes on the path from the root, with their bytes (for GC labels).
    indexes: Vec<(Descriptor, Vec<u8>, u64)>,
    /// Every complete platform manifest found.
    complete: Vec<CompleteManifest>,
    /// Indices into `complete` of the selected ones.
    selected: Vec<usize>,
}

impl Selection {
    /// Every blob of the selected content, each once, parents first.
    fn blobs(&self) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = Vec::new();
        let mut seen = HashSet::new();
        let index_blobs = self
            .indexes
            .iter()
            .map(|(d, _, size)| (d.digest.clone(), *size));
        let manifest_blobs = self
            .selected
            .iter()
            .filter_map(|&i| self.complete.get(i))
            .flat_map(|m| m.blobs.iter().cloned());
        for (digest, size) in index_blobs.chain(manifest_blobs) {
            if seen.insert(digest.clone()) {
                out.push((digest, size));
            }
        }
        out
    }

    /// The selected manifest for the host, else the first selected one.
    fn primary(&self) -> Option<&CompleteManifest> {
        let host = Platform::host();
        let selected: Vec<&CompleteManifest> = self
            .selected
            .iter()
            .filter_map(|&i| self.complete.get(i))
            .collect();
        selected
            .iter()
            .find(|m| m.desc.platform.as_ref().is_some_and(|p| host.matches(p)))
            .or(selected.first())
            .copied()
    }
}

fn missing(side: Side, digest: &str, image: &str, hint: &str) -> Error {
    match side {
        Side::Save => Error::Archive(format!(
            "content {digest} of image {image} is not available locally; {hint}"
        )),
        Side::Load => Error::Archive(format!(
            "content {digest} of image {image} is missing from the archive"
        )),
    }
}

/// Checks that a manifest and everything it names are present; `Err(digest)` names the first
/// missing blob.
async fn check_manifest<S: BlobStore>(
    store: &S,
    desc: &Descriptor,
) -> Result<Result<CompleteManifest, String>, Error> {
    let Some(size) = store.blob_size(&desc.digest).await? else {
        return Ok(Err(desc.digest.clone()));
    };
    let bytes = store.read_blob(&desc.digest).await?;
    let manifest = parse_manifest(&desc.digest, &bytes)?;
    let mut blobs = vec![(desc.digest.clone(), size)];
    for d in std::iter::once(&manifest.config).chain(manifest.layers.iter()) {
        validate_digest(&d.digest)?;
        match store.blob_size(&d.digest).await? {
            Some(size) => blobs.push((d.digest.clone(), size)),
            None => return Ok(Err(d.digest.clone())),
        }
    }
    Ok(Ok(CompleteManifest {
        desc: desc.clone(),
        bytes,
        manifest,
        blobs,
    }))
}

/// Walks an image from its root descriptor and selects platform manifests per `filter`.
async fn select<S: BlobStore>(
    store: &S,
    image: &str,
    root: &Descriptor,
    filter: &PlatformFilter,
    side: Side,
) -> Result<Selection, Error> {
    validate_digest(&root.digest)?;
    let mut selection = Selection::default();
    if media::is_manifest(&root.media_type) {
        match check_manifest(store, root).await? {
            Ok(m) => {
                selection.complete.push(m);
                selection.selected.push(0);
                return Ok(selection);
            }
            Err(digest) => return Err(missing(side, &digest, image, "pull the image again")),
        }
    }
    if !media::is_index(&root.media_type) {
        return Err(Error::UnsupportedMediaType {
            media_type: root.media_type.clone(),
            digest: root.digest.clone(),
        });
    }

    // Flatten nested indexes: every platform manifest below the root, with its descriptor.
    let mut children: Vec<(Descriptor, Result<CompleteManifest, String>)> = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(index_desc) = pending.pop() {
        let Some(size) = store.blob_size(&index_desc.digest).await? else {
            return Err(missing(
                side,
                &index_desc.digest,
                image,
                "pull the image again",
            ));
        };
        let bytes = store.read_blob(&index_desc.digest).await?;
        let index = parse_index(&index_desc.digest, &bytes)?;
        selection.indexes.push((index_desc.clone(), bytes, size));
        if selection.indexes.len() > 16 {
            return Err(Error::invalid(
                "index",
                &root.digest,
                "too many nested indexes",
            ));
        }
        for child in index.manifests {
            validate_digest(&child.digest)?;
            if media::is_index(&child.media_type) {
                pending.push(child);
            } else if media::is_manifest(&child.media_type) {
                let state = check_manifest(store, &child).await?;
                children.push((child, state));
            }
        }
    }

    let host = Platform::host();
    let matches =
        |d: &Descriptor, p: &Platform| d.platform.as_ref().is_some_and(|dp| p.matches(dp));
    let mut wanted: Vec<usize> = Vec::new();
    match filter {
        PlatformFilter::All => {
            for (i, (_, state)) in children.iter().enumerate() {
                if let Err(digest) = state {
                    return Err(missing(
                        side,
                        digest,
                        image,
                        "pull it with --all-platforms first",
                    ));
                }
                wanted.push(i);
            }
        }
        PlatformFilter::Only(platforms) => {
            for p in platforms {
                let Some(i) = children.iter().position(|(d, _)| matches(d, p)) else {
                    return Err(Error::NoMatchingPlatform {
                        reference: image.to_string(),
                        platform: p.to_string(),
                        available: available(&children),
                    });
                };
                if let Err(digest) = &children[i].1 {
                    let hint = format!("pull it with --platform {p} first");
                    return Err(missing(side, digest, image, &hint));
                }
                if !wanted.contains(&i) {
                    wanted.push(i);
                }
            }
        }
        PlatformFilter::Default => {
            let host_child = children.iter().position(|(d, _)| matches(d, &host));
            match host_child {
                Some(i) if children[i].1.is_ok() => wanted.push(i),
                _ => {
                    wanted = (0..children.len())
                        .filter(|&i| children[i].1.is_ok())
                        .collect();
                    if wanted.is_empty() {
                        let first = host_child.or(if children.is_empty() { None } else { Some(0) });
                        let digest = match first.map(|i| &children[i].1) {
                            Some(Err(digest)) => digest.clone(),
                            _ => root.digest.clone(),
                        };
                        return Err(missing(side, &digest, image, "pull the image again"));
                    }
                }
            }
        }
    }

    // Keep every complete manifest (load labels them all), and remember which were selected.
    for (i, (_, state)) in children.into_iter().enumerate() {
        if let Ok(m) = state {
            if wanted.contains(&i) {
                selection.selected.push(selection.complete.len());
            }
            selection.complete.push(m);
        }
    }
    Ok(selection)
}

fn available(children: &[(Descriptor, Result<CompleteManifest, String>)]) -> String {
    let list: Vec<String> = children
        .iter()
        .filter_map(|(d, _)| d.platform.as_ref().map(|p| p.to_string()))
        .collect();
    if list.is_empty() {
        "none".to_string()
    } else {
        list.join(", ")
    }
}

// ---------------------------------------------------------------------------------------------
// docker-archive manifest.json

/// One entry of a docker-archive `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DockerManifestEntry {
    #[serde(rename = "Config")]
    pub config: String,
    #[serde(rename = "RepoTags", default)]
    pub repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    pub layers: Vec<String>,
}

/// Parses a docker-archive `manifest.json`.
pub fn parse_docker_manifest(bytes: &[u8]) -> Result<Vec<DockerManifestEntry>, Error> {
    serde_json::from_slice(bytes)
        .map_err(|e| Error::Archive(format!("invalid manifest.json in archive: {e}")))
}

fn blob_path(digest: &str) -> String {
    let (algorithm, hex) = digest.split_once(':').unwrap_or(("sha256", digest));
    format!("blobs/{algorithm}/{hex}")
}

// ---------------------------------------------------------------------------------------------
// save

/// Writes the images `names` (full names as recorded in containerd) as one tar to `out`.
///
/// The tar is an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/...`) and a
/// docker-archive (`manifest.json` pointing into the same blobs), as Docker 25+ writes it.
pub async fn save<W>(
    client: &Client,
    names: &[String],
    platforms: &PlatformFilter,
    out: W,
) -> Result<(), Error>
where
    W: Write + Send + 'static,
{
    write_archive(client, names, platforms, out)
        .await
        .map(|_| ())
}

/// What goes into the tar besides the blobs.
#[derive(Debug, Default)]
struct SavePlan {
    blobs: Vec<(String, u64)>,
    index: Vec<Descriptor>,
    docker: Vec<DockerManifestEntry>,
}

async fn plan_save<S: BlobStore>(
    store: &S,
    names: &[String],
    platforms: &PlatformFilter,
) -> Result<SavePlan, Error> {
    let mut plan = SavePlan::default();
    let mut seen_blobs = HashSet::new();
    let mut seen_names = HashSet::new();
    for name in names {
        if !seen_names.insert(name.clone()) {
            continue;
        }
        let Some(target) = store.image_target(name).await? else {
            return Err(Error::ImageNotFound(name.clone()));
        };
        let selection = select(store, name, &target, platforms, Side::Save).await?;
        for blob in selection.blobs() {
            if seen_blobs.insert(blob.0.clone()) {
                plan.blobs.push(blob);
            }
        }

        let reference = Reference::parse(name).ok();
        let mut annotations = BTreeMap::new();
        annotations.insert(ANNOTATION_IMAGE_NAME.to_string(), name.clone());
        if let Some(tag) = reference.as_ref().and_then(|r| r.tag()) {
            annotations.insert(ANNOTATION_REF_NAME.to_string(), tag.to_string());
        }
        let mut entry = Descriptor::new(&target.media_type, &target.digest, target.size);
        entry.annotations = Some(annotations);
        plan.index.push(entry);

        // docker-archive: one entry per config, with every tag that points at it.
        let Some(primary) = selection.primary() else {
            continue;
        };
        let config = blob_path(&primary.manifest.config.digest);
        let layers: Vec<String> = primary
            .manifest
            .layers
            .iter()
            .map(|l| blob_path(&l.digest))
            .collect();
        let tag = reference
            .filter(|r| r.tag().is_some() && r.digest().is_none())
            .map(|r| r.familiar_string());
        match plan
            .docker
            .iter_mut()
            .find(|e| e.config == config && e.layers == layers)
        {
            Some(existing) => {
                if let Some(tag) = tag {
                    existing.repo_tags.get_or_insert_with(Vec::new).push(tag);
                }
            }
            None => plan.docker.push(DockerManifestEntry {
                config,
                repo_tags: Some(tag.into_iter().collect()),
                layers,
            }),
        }
    }
    Ok(plan)
}

/// Messages from the async side to the tar-writing thread.
enum TarOut {
    Dir(String),
    File { path: String, size: u64 },
    Data(Bytes),
    Fail(String),
    Finish,
}

/// The tar must be complete: a sender that disappears without `Finish` is a failed save.
fn write_tar<W: Write>(out: W, rx: &mut mpsc::Receiver<TarOut>) -> io::Result<W> {
    let mut builder = tar::Builder::new(out);
    loop {
        match rx.blocking_recv() {
            Some(TarOut::Dir(path)) => {
                let mut header = tar::Header::new_ustar();
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                header.set_mtime(0);
                builder.append_data(&mut header, &path, io::empty())?;
            }
            Some(TarOut::File { path, size }) => {
                let mut header = tar::Header::new_ustar();
                header.set_entry_type(tar::EntryType::Regular);
                header.set_mode(0o644);
                header.set_size(size);
                header.set_mtime(0);
                let mut data = ChannelReader {
                    rx: &mut *rx,
                    current: Bytes::new(),
                    remaining: size,
                };
                builder.append_data(&mut header, &path, &mut data)?;
                if data.remaining != 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("short data for {path}"),
                    ));
                }
            }
            Some(TarOut::Data(_)) => {
                return Err(io::Error::other("archive data without an entry"));
            }
            Some(TarOut::Fail(message)) => return Err(io::Error::other(message)),
            Some(TarOut::Finish) => break,
            None => return Err(io::Error::other("archive writer was abandoned")),
        }
    }
    let mut out = builder.into_inner()?;
    out.flush()?;
    Ok(out)
}

/// Feeds exactly `remaining` bytes of `TarOut::Data` messages to the tar builder.
struct ChannelReader<'a> {
    rx: &'a mut mpsc::Receiver<TarOut>,
    current: Bytes,
    remaining: u64,
}

impl Read for ChannelReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(TarOut::Data(data)) => self.current = data,
                Some(TarOut::Fail(message)) => return Err(io::Error::other(message)),
                _ => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "blob ended early",
                    ))
                }
            }
        }
        let n = buf.len().min(self.current.len());
        if n as u64 > self.remaining {
            return Err(io::Error::other("blob is larger than its recorded size"));
        }
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Why feeding the writer thread stopped.
enum FeedError {
    /// The writer thread is gone; its own result says why.
    WriterGone,
    Source(Error),
}

async fn feed<S: BlobStore>(
    store: &S,
    plan: &SavePlan,
    tx: &mpsc::Sender<TarOut>,
) -> Result<(), FeedError> {
    async fn send(tx: &mpsc::Sender<TarOut>, msg: TarOut) -> Result<(), FeedError> {
        tx.send(msg).await.map_err(|_| FeedError::WriterGone)
    }
    async fn file(tx: &mpsc::Sender<TarOut>, path: &str, data: Vec<u8>) -> Result<(), FeedError> {
        let size = data.len() as u64;
        send(
            tx,
            TarOut::File {
                path: path.to_string(),
                size,
            },
        )
        .await?;
        send(tx, TarOut::Data(Bytes::from(data))).await
    }
    let encode = |what: &str, e: serde_json::Error| {
        FeedError::Source(Error::Archive(format!("cannot encode {what}: {e}")))
    };

    file(tx, "oci-layout", OCI_LAYOUT.to_vec()).await?;
    send(tx, TarOut::Dir("blobs/".to_string())).await?;
    let mut dirs = HashSet::new();
    for (digest, size) in &plan.blobs {
        let path = blob_path(digest);
        if let Some((dir, _)) = path.rsplit_once('/') {
            if dirs.insert(dir.to_string()) {
                send(tx, TarOut::Dir(format!("{dir}/"))).await?;
            }
        }
        send(tx, TarOut::File { path, size: *size }).await?;
        let mut stream = store.stream_blob(digest);
        let mut sent = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(FeedError::Source)?;
            sent += chunk.len() as u64;
            send(tx, TarOut::Data(chunk)).await?;
        }
        if sent != *size {
            return Err(FeedError::Source(Error::Archive(format!(
                "content {digest} changed while it was being saved ({sent} of {size} bytes)"
            ))));
        }
    }
    let index = Index {
        schema_version: 2,
        media_type: Some(media::OCI_INDEX.to_string()),
        manifests: plan.index.clone(),
        extra: BTreeMap::new(),
    };
    let index = serde_json::to_vec(&index).map_err(|e| encode("index.json", e))?;
    file(tx, "index.json", index).await?;
    let docker = serde_json::to_vec(&plan.docker).map_err(|e| encode("manifest.json", e))?;
    file(tx, "manifest.json", docker).await?;
    send(tx, TarOut::Finish).await
}

/// Plans, then streams the archive to `out` on a blocking thread; returns the writer.
async fn write_archive<S, W>(
    store: &S,
    names: &[String],
    platforms: &PlatformFilter,
    out: W,
) -> Result<W, Error>
where
    S: BlobStore,
    W: Write + Send + 'static,
{
    // Everything is checked before the first byte is written.
    let plan = plan_save(store, names, platforms).await?;
    let (tx, mut rx) = mpsc::channel::<TarOut>(8);
    let writer = tokio::task::spawn_blocking(move || write_tar(out, &mut rx));
    let fed = feed(store, &plan, &tx).await;
    if let Err(FeedError::Source(e)) = &fed {
        let _ = tx.send(TarOut::Fail(e.to_string())).await;
    }
    drop(tx);
    let written = writer
        .await
        .map_err(|e| Error::Archive(format!("archive writer failed: {e}")))?;
    match (fed, written) {
        (Err(FeedError::Source(e)), _) => Err(e),
        (_, Err(e)) => Err(Error::io("cannot write archive", e)),
        (Ok(()), Ok(out)) => Ok(out),
        (Err(FeedError::WriterGone), Ok(_)) => {
            Err(Error::Archive("archive writer stopped early".to_string()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// load

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
enum TarIn {
    File { path: String, size: u64 },
    Data(Bytes),
    Link { path: String, target: String },
    Done,
    Fail(String),
}

fn read_tar<R: Read>(input: R, tx: &mpsc::Sender<TarIn>) {
    if let Err(message) = read_tar_entries(input, tx) {
        let _ = tx.blocking_send(TarIn::Fail(message));
    }
}

/// Sends every regular file and link of the (possibly gzip-compressed) tar, in order. Returns
/// quietly when the receiver is gone: the async side has already failed.
fn read_tar_entries<R: Read>(input: R, tx: &mpsc::Sender<TarIn>) -> Result<(), String> {
    let fail = |e: io::Error| format!("cannot read archive: {e}");
    let mut input = BufReader::with_capacity(CHUNK, input);
    let head = input.fill_buf().map_err(fail)?;
    let reader: Box<dyn Read> = if head.is_empty() {
        return Err("the archive is empty".to_string());
    } else if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(input))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err("zstd-compressed archives are not supported; decompress it first".to_string());
    } else {
        Box::new(input)
    };
    let mut archive = tar::Archive::new(reader);
    let mut count = 0usize;
    for entry in archive.entries().map_err(fail)? {
        // tar's error for a bad first header quotes the header bytes; say what it means instead.
        let mut entry = entry.map_err(|e| {
            if count == 0 {
                "the input is not a tar archive".to_string()
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
                        return Err(format!("the archive is truncated (in {path})"));
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
        return Err("not an image archive: it contains no files".to_string());
    }
    let _ = tx.blocking_send(TarIn::Done);
    Ok(())
}

/// `./a//b/../c` -> `a/c`; archive paths are compared in this form.
fn normalize_path(path: &str) -> String {
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
enum Received {
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
struct Inbox {
    files: HashMap<String, Received>,
    links: HashMap<String, String>,
}

impl Inbox {
    /// The file at `path`, following links.
    fn get(&self, path: &str) -> Option<&Received> {
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
            Some(Received::Stored { .. }) => Err(Error::Archive(format!(
                "{path} in the archive is too large"
            ))),
        }
    }
}

async fn next_chunk(rx: &mut mpsc::Receiver<TarIn>) -> Result<Bytes, Error> {
    match rx.recv().await {
        Some(TarIn::Data(data)) => Ok(data),
        Some(TarIn::Fail(message)) => Err(Error::Archive(message)),
        _ => Err(Error::Archive(
            "the archive ended in the middle of a file".to_string(),
        )),
    }
}

/// Collects the first bytes of a file, for compression detection.
fn keep_head(head: &mut Vec<u8>, data: &[u8]) {
    if head.len() < 8 {
        let n = (8 - head.len()).min(data.len());
        head.extend_from_slice(&data[..n]);
    }
}

/// Reads the whole tar stream, storing blobs as they come.
async fn receive(client: &Client, rx: &mut mpsc::Receiver<TarIn>) -> Result<Inbox, Error> {
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
            Some(TarIn::Fail(message)) => return Err(Error::Archive(message)),
            Some(TarIn::Data(_)) | None => {
                return Err(Error::Archive(
                    "the archive reader stopped unexpectedly".to_string(),
                ))
            }
        }
    }
}

async fn receive_file(
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
async fn receive_blob(
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
            .map_err(|e| Error::Archive(format!("blob {digest} in the archive is corrupt: {e}")))?;
    }
    Ok(head)
}

/// A temporary file that hashes what is written to it; removed when dropped.
struct Spool {
    path: TempPath,
    file: tokio::fs::File,
    hasher: sha2::Sha256,
    size: u64,
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
struct LoadedImage {
    names: Vec<String>,
    target: Descriptor,
    /// The platform manifest to unpack, when one runs on this machine.
    unpack: Option<String>,
}

async fn load_leased<R>(
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
        return Err(Error::Archive(
            "not an image archive: it has neither index.json nor manifest.json".to_string(),
        ));
    };
    if images.iter().all(|i| i.names.is_empty()) {
        return Err(Error::Archive(
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
fn full_name(name: &str) -> Result<String, Error> {
    Reference::parse(name)
        .map(|r| r.to_string())
        .map_err(|e| Error::Archive(format!("invalid image name {name:?} in the archive: {e}")))
}

/// Names an `index.json` entry carries. `org.opencontainers.image.ref.name` counts only when it
/// is a whole reference: a bare tag says nothing about the repository.
fn index_entry_name(desc: &Descriptor) -> Option<&str> {
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
async fn runs_here(client: &Client, m: &CompleteManifest) -> Result<bool, Error> {
    let host = Platform::host();
    if let Some(p) = &m.desc.platform {
        return Ok(host.matches(p));
    }
    let config = client.content_read(&m.manifest.config.digest).await?;
    let header = parse_config_header(&m.manifest.config.digest, &config)?;
    Ok(header.os.is_empty() || host.matches(&header.platform()))
}

async fn oci_images(
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
async fn store_received(
    client: &Client,
    inbox: &Inbox,
    path: &str,
) -> Result<(String, u64, Vec<u8>), Error> {
    match inbox.get(path) {
        None => Err(Error::Archive(format!(
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
async fn docker_images(
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
        let bytes = serde_json::to_vec(&manifest)
            .map_err(|e| Error::Archive(format!("cannot encode manifest: {e}")))?;
        let digest = sha256_digest(&bytes);
        let labels = gc_labels(media::DOCKER_MANIFEST, &digest, &bytes)?;
        let size = bytes.len() as u64;
        write_blob(client, &digest, Bytes::from(bytes.clone()), labels).await?;

        let config = client.content_read(&config_digest).await?;
        let header = parse_config_header(&config_digest, &config)?;
        if header.rootfs.diff_ids.len() != entry.layers.len() {
            return Err(Error::Archive(format!(
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
fn docker_manifest(config: Descriptor, layers: Vec<Descriptor>) -> Manifest {
    Manifest {
        schema_version: 2,
        media_type: Some(media::DOCKER_MANIFEST.to_string()),
        config,
        layers,
        extra: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(failed.unwrap_or_default().contains("truncated"));
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
}
