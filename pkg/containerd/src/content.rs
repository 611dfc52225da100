//! Content store: blobs addressed by digest, written through containerd's resumable
//! bidirectional Write stream so interrupted pulls continue where they stopped.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, Utc};
use containerd_client::services::v1 as api;
use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::convert::{label_mask, time};
use crate::{Client, Error};

/// Largest data piece per Write message, well under the gRPC message size limit.
const WRITE_CHUNK: usize = 1 << 20;
/// How long a writer waits on a locked ref whose holder writes nothing (a holder that is
/// itself waiting on a stalled registry gives up after its idle timeout, well before this).
pub const LOCK_STALL: Duration = Duration::from_secs(120);

/// Metadata of one blob in the content store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentInfo {
    pub digest: String,
    pub size: i64,
    pub labels: HashMap<String, String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<api::Info> for ContentInfo {
    fn from(i: api::Info) -> Self {
        ContentInfo {
            digest: i.digest,
            size: i.size,
            labels: i.labels,
            created_at: time(i.created_at),
            updated_at: time(i.updated_at),
        }
    }
}

impl Client {
    /// Info of a committed blob, `None` when absent.
    pub async fn content_info(&self, digest: &str) -> Result<Option<ContentInfo>, Error> {
        let result = self
            .content_service()
            .info(self.request(api::InfoRequest {
                digest: digest.to_string(),
            })?)
            .await;
        match result {
            Ok(r) => Ok(r.into_inner().info.map(ContentInfo::from)),
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("get content info", s)),
        }
    }

    /// All committed blobs of the namespace.
    pub async fn content_list(&self) -> Result<Vec<ContentInfo>, Error> {
        let mut stream = self
            .content_service()
            .list(self.request(api::ListContentRequest::default())?)
            .await
            .map_err(|s| Error::from_status("list content", s))?
            .into_inner();
        let mut out = Vec::new();
        while let Some(msg) = stream
            .message()
            .await
            .map_err(|s| Error::from_status("list content", s))?
        {
            out.extend(msg.info.into_iter().map(ContentInfo::from));
        }
        Ok(out)
    }

    /// Reads a whole blob into memory; meant for manifests and configs.
    pub async fn content_read(&self, digest: &str) -> Result<Vec<u8>, Error> {
        let mut stream = self.content_read_stream(digest, 0, 0);
        let mut out = Vec::new();
        while let Some(chunk) = stream.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    /// Streams `size` bytes (0 = to the end) of a blob from `offset`.
    pub fn content_read_stream(
        &self,
        digest: &str,
        offset: i64,
        size: i64,
    ) -> BoxStream<'static, Result<Bytes, Error>> {
        let this = self.clone();
        let digest = digest.to_string();
        let open = async move {
            let stream = this
                .content_service()
                .read(this.request(api::ReadContentRequest {
                    digest,
                    offset,
                    size,
                })?)
                .await
                .map_err(|s| Error::from_status("read content", s))?
                .into_inner();
            Ok::<_, Error>(stream.map(|m| {
                m.map(|m| Bytes::from(m.data))
                    .map_err(|s| Error::from_status("read content", s))
            }))
        };
        futures::stream::once(open).try_flatten().boxed()
    }

    /// Opens a writer for `expected_digest` under the write `reference`.
    ///
    /// A STAT is sent first so that a write interrupted earlier resumes at `writer.offset()`.
    /// Returns `Ok(None)` when the digest is already committed.
    ///
    /// containerd lets one writer hold a ref at a time and refuses others with `Unavailable`
    /// ("ref … locked"). Concurrent pulls of one image meet exactly there, so this waits for the
    /// holder: until the blob is committed (`None`), or the lock is released (the write is taken
    /// over and resumes where the holder stopped). The wait ends with the lock error when the
    /// holder makes no progress for [`LOCK_STALL`].
    pub async fn content_writer(
        &self,
        reference: &str,
        expected_digest: &str,
        total: u64,
    ) -> Result<Option<ContentWriter>, Error> {
        let mut delay = Duration::from_millis(20);
        let mut last_offset = None;
        let mut progressed = Instant::now();
        loop {
            // Under a lease, claim the blob first: content that exists now but that nothing
            // references yet (left by a failed pull) could otherwise be collected before the
            // caller records what needs it.
            self.lease_content(expected_digest).await?;
            if self.content_info(expected_digest).await?.is_some() {
                return Ok(None);
            }
            match self
                .try_content_writer(reference, expected_digest, total)
                .await
            {
                Err(e) if e.is_locked() => {
                    let offset = self.content_status_offset(reference).await;
                    if offset != last_offset {
                        last_offset = offset;
                        progressed = Instant::now();
                    } else if progressed.elapsed() > LOCK_STALL {
                        return Err(e);
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_millis(500));
                }
                other => return other,
            }
        }
    }

    /// Adds a blob to this client's lease (nothing without one); the blob need not exist yet.
    pub async fn lease_content(&self, digest: &str) -> Result<(), Error> {
        let Some(lease) = &self.lease else {
            return Ok(());
        };
        self.leases_service()
            .add_resource(self.request(api::AddResourceRequest {
                id: lease.clone(),
                resource: Some(api::Resource {
                    id: digest.to_string(),
                    r#type: "content".to_string(),
                }),
            })?)
            .await
            .map_err(|s| Error::from_status("add content to lease", s))?;
        Ok(())
    }

    /// Bytes written so far under an ingest ref, when it exists.
    async fn content_status_offset(&self, reference: &str) -> Option<i64> {
        let request = self
            .request(api::StatusRequest {
                r#ref: reference.to_string(),
            })
            .ok()?;
        let response = self.content_service().status(request).await.ok()?;
        response.into_inner().status.map(|s| s.offset)
    }

    async fn try_content_writer(
        &self,
        reference: &str,
        expected_digest: &str,
        total: u64,
    ) -> Result<Option<ContentWriter>, Error> {
        let total = i64::try_from(total)
            .map_err(|_| Error::InvalidArgument(format!("blob size {total} is too large")))?;
        let (tx, rx) = mpsc::channel::<api::WriteContentRequest>(4);
        let stat = api::WriteContentRequest {
            action: api::WriteAction::Stat as i32,
            r#ref: reference.to_string(),
            total,
            expected: expected_digest.to_string(),
            ..Default::default()
        };
        // Queue STAT before opening the call: containerd sends response headers only with
        // its first reply, so awaiting `write` with an empty stream would never return.
        tx.send(stat)
            .await
            .map_err(|_| Error::InvalidResponse("content write stream closed".to_string()))?;
        let result = self
            .content_service()
            .write(self.request(ReceiverStream::new(rx))?)
            .await;
        let mut responses = match result {
            Ok(r) => r.into_inner(),
            Err(s) if s.code() == tonic::Code::AlreadyExists => return Ok(None),
            Err(s) => return Err(Error::from_status("open content writer", s)),
        };
        let status = match responses.message().await {
            Ok(Some(status)) => status,
            Ok(None) => {
                return Err(Error::InvalidResponse(
                    "content writer closed without status".to_string(),
                ))
            }
            Err(s) if s.code() == tonic::Code::AlreadyExists => return Ok(None),
            Err(s) => return Err(Error::from_status("open content writer", s)),
        };
        let offset = u64::try_from(status.offset).unwrap_or(0);
        Ok(Some(ContentWriter {
            tx,
            responses,
            reference: reference.to_string(),
            expected: expected_digest.to_string(),
            total,
            offset,
        }))
    }

    /// Merges labels into a blob's labels; an empty value removes the key.
    pub async fn content_update_labels(
        &self,
        digest: &str,
        labels: &HashMap<String, String>,
    ) -> Result<(), Error> {
        if labels.is_empty() {
            return Ok(());
        }
        self.content_service()
            .update(self.request(api::UpdateRequest {
                info: Some(api::Info {
                    digest: digest.to_string(),
                    labels: labels.clone(),
                    ..Default::default()
                }),
                update_mask: Some(label_mask(labels.keys())),
            })?)
            .await
            .map_err(|s| Error::from_status("update content labels", s))?;
        Ok(())
    }

    pub async fn content_delete(&self, digest: &str) -> Result<(), Error> {
        self.content_service()
            .delete(self.request(api::DeleteContentRequest {
                digest: digest.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("delete content", s))?;
        Ok(())
    }

    /// Drops a partial write.
    pub async fn content_abort(&self, reference: &str) -> Result<(), Error> {
        self.content_service()
            .abort(self.request(api::AbortRequest {
                r#ref: reference.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("abort content write", s))?;
        Ok(())
    }
}

/// An open content write. Dropping it without `commit` leaves the partial data for a resume.
pub struct ContentWriter {
    tx: mpsc::Sender<api::WriteContentRequest>,
    responses: tonic::Streaming<api::WriteContentResponse>,
    reference: String,
    expected: String,
    total: i64,
    offset: u64,
}

impl std::fmt::Debug for ContentWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContentWriter")
            .field("reference", &self.reference)
            .field("expected", &self.expected)
            .field("total", &self.total)
            .field("offset", &self.offset)
            .finish()
    }
}

impl ContentWriter {
    /// Bytes already written (non-zero when resuming an interrupted write).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// Appends `data` at the current offset (sent in pieces of at most 1 MiB).
    pub async fn write(&mut self, data: Bytes) -> Result<(), Error> {
        let mut rest = data;
        while !rest.is_empty() {
            let piece = rest.split_to(rest.len().min(WRITE_CHUNK));
            self.write_piece(piece).await?;
        }
        Ok(())
    }

    async fn write_piece(&mut self, data: Bytes) -> Result<(), Error> {
        let len = data.len() as u64;
        let request = api::WriteContentRequest {
            action: api::WriteAction::Write as i32,
            r#ref: self.reference.clone(),
            total: self.total,
            expected: self.expected.clone(),
            offset: i64::try_from(self.offset).unwrap_or(i64::MAX),
            data: data.to_vec(),
            ..Default::default()
        };
        let response = self.round_trip(request, "write content").await?;
        let written = u64::try_from(response.offset).unwrap_or(0);
        if written != self.offset + len {
            return Err(Error::InvalidResponse(format!(
                "write content {}: containerd is at offset {written}, expected {}",
                self.expected,
                self.offset + len
            )));
        }
        self.offset = written;
        Ok(())
    }

    /// Commits the blob, verifying size and digest; an already committed digest is fine.
    pub async fn commit(mut self, labels: HashMap<String, String>) -> Result<(), Error> {
        let request = api::WriteContentRequest {
            action: api::WriteAction::Commit as i32,
            r#ref: self.reference.clone(),
            total: self.total,
            expected: self.expected.clone(),
            offset: i64::try_from(self.offset).unwrap_or(i64::MAX),
            labels,
            ..Default::default()
        };
        match self.round_trip(request, "commit content").await {
            Ok(_) => Ok(()),
            Err(e) if e.is_already_exists() => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn round_trip(
        &mut self,
        request: api::WriteContentRequest,
        operation: &'static str,
    ) -> Result<api::WriteContentResponse, Error> {
        let sent = self.tx.send(request).await;
        // A closed request stream means the server ended the call; its status says why.
        match self.responses.message().await {
            Ok(Some(response)) if sent.is_ok() => Ok(response),
            Ok(_) => Err(Error::InvalidResponse(format!(
                "{operation} {}: containerd closed the write stream",
                self.expected
            ))),
            Err(s) => Err(Error::from_status(operation, s)),
        }
    }
}
