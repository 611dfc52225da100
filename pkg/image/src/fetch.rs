//! Downloading one blob from a registry into containerd's content store, resumable. Pull, unpack
//! (missing layers), push (missing blobs), convert and the SOCI referrers all need it, so it lives
//! apart from all of them.

use std::collections::HashMap;

use bytes::BytesMut;
use futures::StreamExt;
use linnet_containerd::Client;
use linnet_reference::Reference;

use crate::manifest::Descriptor;
use crate::progress::{BlobStatus, ProgressEvent, ProgressSink};
use crate::{media, Error};

/// Bytes gathered before one content write message (gRPC messages of reqwest's small chunks are
/// wasteful).
const WRITE_CHUNK: usize = 1 << 20;

/// Downloads one blob into the content store, resuming an earlier interrupted download of it.
/// containerd checks the digest and size when the write is committed.
pub(crate) async fn fetch_blob(
    client: &Client,
    registry: &linnet_registry::Client,
    reference: &Reference,
    desc: &Descriptor,
    source: &(String, String),
    progress: &dyn ProgressSink,
) -> Result<(), Error> {
    crate::manifest::validate_digest(&desc.digest)?;
    let mut labels = HashMap::new();
    labels.insert(source.0.clone(), source.1.clone());
    let kind = media::kind(&desc.media_type);
    let ingest = format!("linnet-fetch-{}", desc.digest);
    let mut attempt = 0;
    // A body cut mid-transfer resumes from what containerd already has, within the budget.
    let mut clock = linnet_registry::limits::RetryClock::new(*registry.limits());
    loop {
        attempt += 1;
        let Some(mut writer) = client
            .content_writer(&ingest, &desc.digest, desc.size)
            .await?
        else {
            client.content_update_labels(&desc.digest, &labels).await?;
            progress.event(ProgressEvent::BlobDone {
                digest: desc.digest.clone(),
                kind,
                status: BlobStatus::Exists,
            });
            return Ok(());
        };
        let offset = writer.offset().min(desc.size);
        progress.event(ProgressEvent::BlobStart {
            digest: desc.digest.clone(),
            kind,
            total: desc.size,
            offset,
        });
        let result: Result<(), Error> = async {
            if offset < desc.size {
                let mut blob = registry.fetch_blob(reference, &desc.digest, offset).await?;
                let mut buffer = BytesMut::with_capacity(WRITE_CHUNK);
                while let Some(chunk) = blob.stream.next().await {
                    let chunk = match chunk {
                        Ok(chunk) => chunk,
                        Err(e) => {
                            // Keep what arrived so that the next attempt resumes after it.
                            if !buffer.is_empty() {
                                let _ = writer.write(buffer.split().freeze()).await;
                            }
                            return Err(e.into());
                        }
                    };
                    progress.event(ProgressEvent::BlobAdvance {
                        digest: desc.digest.clone(),
                        bytes: chunk.len() as u64,
                    });
                    buffer.extend_from_slice(&chunk);
                    if buffer.len() >= WRITE_CHUNK {
                        writer.write(buffer.split().freeze()).await?;
                    }
                }
                if !buffer.is_empty() {
                    writer.write(buffer.freeze()).await?;
                }
            }
            writer.commit(labels.clone()).await?;
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                progress.event(ProgressEvent::BlobDone {
                    digest: desc.digest.clone(),
                    kind,
                    status: BlobStatus::Downloaded,
                });
                return Ok(());
            }
            // A commit that fails verification may come from a bad partial ingest left by an
            // earlier run: drop it and fetch the whole blob once more.
            Err(Error::Containerd(e)) if attempt == 1 && offset > 0 => {
                tracing::debug!("discarding partial download of {}: {e}", desc.digest);
                let _ = client.content_abort(&ingest).await;
            }
            // Registry failures keep the partial ingest so that the next pull resumes it.
            Err(Error::Registry(e)) => match clock.next(None) {
                Some(delay) if e.is_transient() => {
                    tracing::debug!("resuming {} in {delay:?} after {e}", desc.digest);
                    tokio::time::sleep(delay).await;
                }
                _ => return Err(Error::Registry(e)),
            },
            Err(e) => {
                let _ = client.content_abort(&ingest).await;
                return Err(e);
            }
        }
    }
}
