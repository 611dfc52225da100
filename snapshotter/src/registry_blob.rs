//! A layer blob in a registry as a lazyfs [`BlobSource`]: HTTP range requests through
//! [`linnet_registry::Client`], so a flaky or stalled registry turns into an error instead of a
//! hung FUSE read. It lives here, not in lazyfs, so that lazyfs depends only on ztoc.
//!
//! One retry policy, the registry client's [`Limits`] (the `LINNET_REGISTRY_*` variables, as for
//! pulls): the client retries 5xx, 429 and reset connections before the response within the
//! retry budget, and a read here resumes a body cut mid-transfer within the same budget, as a
//! pull's blob download does. A stall (no response, or no data for the idle bound) is not
//! retried anywhere: it fails the read with [`std::io::ErrorKind::TimedOut`] after one bound.
//! Every error returned has been through this policy already, so its kind is never one that
//! lazyfs would retry again (lazyfs only refetches spans whose bytes fail their digest).

use std::sync::mpsc;
use std::time::Duration;

use linnet_lazyfs::{check_range, BlobSource};
use linnet_reference::Reference;
use linnet_registry::limits::RetryClock;
use linnet_registry::{Client, Limits};

/// A layer blob in a registry, read with HTTP range requests through [`linnet_registry::Client`]
/// (auth, token refresh and the redirect cache live there).
pub struct RegistryBlob {
    client: Client,
    reference: Reference,
    digest: String,
    size: u64,
    runtime: tokio::runtime::Handle,
    deadline: Duration,
}

impl std::fmt::Debug for RegistryBlob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryBlob")
            .field("reference", &self.reference.to_string())
            .field("digest", &self.digest)
            .field("size", &self.size)
            .finish()
    }
}

/// A failed range read, with the registry error that ended it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The registry's own error after its retries (or one that retrying cannot heal).
    #[error("read {digest} at {offset}+{len}: {source}")]
    Registry {
        digest: String,
        offset: u64,
        len: u64,
        #[source]
        source: linnet_registry::Error,
    },
    /// The whole read, retries included, took longer than [`RegistryBlob::deadline`].
    #[error("read {digest} at {offset}+{len}: no complete answer within {}s", waited.as_secs())]
    Deadline {
        digest: String,
        offset: u64,
        len: u64,
        waited: Duration,
    },
    /// The runtime the requests run on has shut down.
    #[error("read {digest} at {offset}+{len}: the async runtime has shut down")]
    Runtime {
        digest: String,
        offset: u64,
        len: u64,
    },
}

impl RegistryBlob {
    /// A blob `digest` of `size` bytes in `reference`'s repository. Requests run on `runtime`;
    /// [`BlobSource::read_at`] must be called from outside it (FUSE and fetcher threads are).
    /// One read, retries included, is bounded by [`RegistryBlob::deadline`] of the client's
    /// limits.
    pub fn new(
        client: Client,
        reference: Reference,
        digest: impl Into<String>,
        size: u64,
        runtime: tokio::runtime::Handle,
    ) -> RegistryBlob {
        let deadline = Self::deadline(client.limits());
        RegistryBlob {
            client,
            reference,
            digest: digest.into(),
            size,
            runtime,
            deadline,
        }
    }

    /// The longest one read may take: connecting, the response, the retry budget and one idle
    /// gap. Only a body that keeps trickling in reaches it, since every stall ends earlier at
    /// its own bound; lazyfs's own read deadline should be longer, so this error (which says
    /// what happened) reaches the reader first.
    pub fn deadline(limits: &Limits) -> Duration {
        limits.connect + limits.response + limits.retry_budget + limits.idle
    }

    fn error(&self, offset: u64, len: u64, source: linnet_registry::Error) -> std::io::Error {
        let kind = if source.is_stalled() {
            std::io::ErrorKind::TimedOut
        } else {
            std::io::ErrorKind::Other
        };
        std::io::Error::new(
            kind,
            ReadError::Registry {
                digest: self.digest.clone(),
                offset,
                len,
                source,
            },
        )
    }
}

/// One range read with resumption of transient failures (cut bodies, a 5xx after the client's
/// own retries) within the budget that the client's retries also count against.
async fn read_with_retries(
    client: Client,
    reference: Reference,
    digest: String,
    offset: u64,
    len: u64,
) -> Result<Vec<u8>, linnet_registry::Error> {
    let mut clock = RetryClock::new(*client.limits());
    loop {
        match client
            .fetch_blob_range(&reference, &digest, offset, len)
            .await
        {
            Ok(bytes) => return Ok(bytes.to_vec()),
            Err(e) if e.is_transient() => match clock.next(None) {
                Some(delay) => {
                    tracing::debug!(%digest, offset, len, "range read failed, retrying in {delay:?}: {e}");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(e),
            },
            Err(e) => return Err(e),
        }
    }
}

impl BlobSource for RegistryBlob {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        check_range(offset, len, self.size)?;
        if len == 0 {
            return Ok(Vec::new());
        }
        let (tx, rx) = mpsc::sync_channel(1);
        let fut = read_with_retries(
            self.client.clone(),
            self.reference.clone(),
            self.digest.clone(),
            offset,
            len,
        );
        let deadline = self.deadline;
        self.runtime.spawn(async move {
            let res = tokio::time::timeout(deadline, fut).await;
            // The reader may have given up already; nothing to do then.
            let _ = tx.send(res);
        });
        let deadline_error = || {
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                ReadError::Deadline {
                    digest: self.digest.clone(),
                    offset,
                    len,
                    waited: deadline,
                },
            )
        };
        // The extra seconds are a backstop in case the runtime itself is wedged.
        match rx.recv_timeout(deadline + Duration::from_secs(5)) {
            Ok(Ok(Ok(bytes))) => Ok(bytes),
            Ok(Ok(Err(e))) => Err(self.error(offset, len, e)),
            Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Timeout) => Err(deadline_error()),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(std::io::Error::other(ReadError::Runtime {
                    digest: self.digest.clone(),
                    offset,
                    len,
                }))
            }
        }
    }
}
