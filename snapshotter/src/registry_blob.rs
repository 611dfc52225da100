//! A layer blob in a registry as a lazyfs [`BlobSource`]: HTTP range requests through
//! [`linnet_registry::Client`] with bounded retries, so a flaky or stalled registry turns into an
//! error instead of a hung FUSE read. It lives here, not in lazyfs, so that lazyfs depends only on
//! ztoc.

use std::sync::mpsc;
use std::time::Duration;

use linnet_lazyfs::{check_range, BlobSource, RetryPolicy};
use linnet_reference::Reference;
use linnet_registry::Client;

/// A layer blob in a registry, read with HTTP range requests through [`linnet_registry::Client`]
/// (auth, token refresh and the redirect cache live there).
pub struct RegistryBlob {
    client: Client,
    reference: Reference,
    digest: String,
    size: u64,
    runtime: tokio::runtime::Handle,
    policy: RetryPolicy,
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

impl RegistryBlob {
    /// A blob `digest` of `size` bytes in `reference`'s repository. Requests run on `runtime`;
    /// [`BlobSource::read_at`] must be called from outside it (FUSE and fetcher threads are).
    pub fn new(
        client: Client,
        reference: Reference,
        digest: impl Into<String>,
        size: u64,
        runtime: tokio::runtime::Handle,
        policy: RetryPolicy,
    ) -> RegistryBlob {
        RegistryBlob {
            client,
            reference,
            digest: digest.into(),
            size,
            runtime,
            policy,
        }
    }

    fn attempt(&self, offset: u64, len: u64) -> Result<Vec<u8>, Attempt> {
        let (tx, rx) = mpsc::sync_channel(1);
        let client = self.client.clone();
        let reference = self.reference.clone();
        let digest = self.digest.clone();
        let timeout = self.policy.request_timeout;
        self.runtime.spawn(async move {
            let fut = client.fetch_blob_range(&reference, &digest, offset, len);
            let res = tokio::time::timeout(timeout, fut).await;
            // The reader may have given up already; nothing to do then.
            let _ = tx.send(res);
        });
        // Backstop in case the runtime itself is wedged or shut down.
        match rx.recv_timeout(timeout + Duration::from_secs(5)) {
            Ok(Ok(Ok(bytes))) if bytes.len() as u64 == len => Ok(bytes.to_vec()),
            Ok(Ok(Ok(bytes))) => Err(Attempt::Retry(format!(
                "short read: wanted {len} bytes at {offset}, got {}",
                bytes.len()
            ))),
            Ok(Ok(Err(e))) => {
                if retryable(&e) {
                    Err(Attempt::Retry(e.to_string()))
                } else {
                    Err(Attempt::Fatal(e.to_string()))
                }
            }
            Ok(Err(_)) | Err(mpsc::RecvTimeoutError::Timeout) => Err(Attempt::Retry(format!(
                "no answer within {}s",
                timeout.as_secs()
            ))),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Attempt::Fatal("the async runtime has shut down".into()))
            }
        }
    }
}

enum Attempt {
    Retry(String),
    Fatal(String),
}

/// Transient failures worth another attempt: 429, 5xx except 501, transport errors, short or
/// misplaced bodies. Auth, not-found and config errors will not heal by retrying.
fn retryable(e: &linnet_registry::Error) -> bool {
    use linnet_registry::Error as E;
    match e {
        E::Http { status, .. } => *status == 429 || (*status >= 500 && *status != 501),
        E::Connect { .. } | E::Transfer { .. } | E::InvalidResponse(_) | E::Io { .. } => true,
        _ => false,
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
        let attempts = self.policy.attempts.max(1);
        let mut last = String::new();
        for n in 0..attempts {
            if n > 0 {
                std::thread::sleep(self.policy.backoff(n - 1));
            }
            match self.attempt(offset, len) {
                Ok(data) => return Ok(data),
                Err(Attempt::Fatal(msg)) => {
                    return Err(std::io::Error::other(format!(
                        "read {} at {offset}+{len}: {msg}",
                        self.digest
                    )))
                }
                Err(Attempt::Retry(msg)) => {
                    tracing::debug!(digest = %self.digest, offset, len, attempt = n + 1, "range read failed: {msg}");
                    last = msg;
                }
            }
        }
        Err(std::io::Error::other(format!(
            "read {} at {offset}+{len}: giving up after {attempts} attempts: {last}",
            self.digest
        )))
    }
}
