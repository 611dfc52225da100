//! `save`: one tar that is an OCI image layout and a docker-archive, streamed from
//! containerd's content store through a blocking tar writer.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Read, Write};

use bytes::Bytes;
use futures::stream::StreamExt;
use linnet_containerd::Client;
use linnet_reference::Reference;
use tokio::sync::mpsc;

use super::selection::{select, Side};
use super::{
    blob_path, BlobStore, DockerManifestEntry, PlatformFilter, ANNOTATION_IMAGE_NAME,
    ANNOTATION_REF_NAME, OCI_LAYOUT,
};
use crate::manifest::{Descriptor, Index};
use crate::{media, Error};

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
pub(super) struct SavePlan {
    pub(super) blobs: Vec<(String, u64)>,
    pub(super) index: Vec<Descriptor>,
    pub(super) docker: Vec<DockerManifestEntry>,
}

pub(super) async fn plan_save<S: BlobStore>(
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
pub(super) enum TarOut {
    Dir(String),
    File { path: String, size: u64 },
    Data(Bytes),
    Fail(String),
    Finish,
}

/// The tar must be complete: a sender that disappears without `Finish` is a failed save.
pub(super) fn write_tar<W: Write>(out: W, rx: &mut mpsc::Receiver<TarOut>) -> io::Result<W> {
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
pub(super) struct ChannelReader<'a> {
    pub(super) rx: &'a mut mpsc::Receiver<TarOut>,
    pub(super) current: Bytes,
    pub(super) remaining: u64,
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
pub(super) enum FeedError {
    /// The writer thread is gone; its own result says why.
    WriterGone,
    Source(Error),
}

pub(super) async fn feed<S: BlobStore>(
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
    let encode = |what: &'static str, source: serde_json::Error| {
        FeedError::Source(Error::Encode { what, source })
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
            return Err(FeedError::Source(Error::InvalidArchive(format!(
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
pub(super) async fn write_archive<S, W>(
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
    let written = writer.await.map_err(|source| Error::Task {
        what: "archive writer",
        source,
    })?;
    match (fed, written) {
        (Err(FeedError::Source(e)), _) => Err(e),
        (_, Err(e)) => Err(Error::io("cannot write archive", e)),
        (Ok(()), Ok(out)) => Ok(out),
        (Err(FeedError::WriterGone), Ok(_)) => Err(Error::InvalidArchive(
            "archive writer stopped early".to_string(),
        )),
    }
}
