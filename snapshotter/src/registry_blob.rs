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

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    use super::*;

    /// What the fake registry does with blob requests (`/v2/` always answers 200).
    #[derive(Clone, Copy)]
    enum Mode {
        Stall,
        Unavailable,
    }

    /// A plain-HTTP fake registry on a free port; counts blob requests.
    struct Fake {
        host: String,
        blob_requests: Arc<AtomicU32>,
        stop: Arc<AtomicBool>,
    }

    impl Fake {
        fn start(mode: Mode) -> Fake {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let host = listener.local_addr().expect("addr").to_string();
            let blob_requests = Arc::new(AtomicU32::new(0));
            let stop = Arc::new(AtomicBool::new(false));
            let (count, halt) = (blob_requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if halt.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(conn) = conn else { continue };
                    let (count, halt) = (count.clone(), halt.clone());
                    std::thread::spawn(move || serve(conn, mode, &count, &halt));
                }
            });
            Fake {
                host,
                blob_requests,
                stop,
            }
        }
    }

    impl Drop for Fake {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            let _ = TcpStream::connect(&self.host);
        }
    }

    fn serve(mut conn: TcpStream, mode: Mode, count: &AtomicU32, stop: &AtomicBool) {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match conn.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
            // A TLS ClientHello (the client probes https first): hang up.
            if head.len() == 1 && !byte[0].is_ascii_uppercase() {
                return;
            }
        }
        let head = String::from_utf8_lossy(&head);
        if !head.contains("/blobs/") {
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
            return;
        }
        count.fetch_add(1, Ordering::SeqCst);
        match mode {
            Mode::Stall => {
                while !stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            Mode::Unavailable => {
                let _ = conn.write_all(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        }
    }

    fn blob(fake: &Fake, limits: Limits, rt: &tokio::runtime::Runtime) -> RegistryBlob {
        let tmp = std::env::temp_dir().join("linnet-registry-blob-test-no-config");
        let client = Client::with_limits(
            linnet_registry::RegistryConfig {
                insecure_registries: vec![fake.host.clone()],
                hosts_dirs: Vec::new(),
                docker_config_dir: tmp,
            },
            limits,
        )
        .expect("client");
        let reference = Reference::parse(&format!("{}/r/x:v1", fake.host)).expect("reference");
        let digest = format!("sha256:{}", "ab".repeat(32));
        RegistryBlob::new(client, reference, digest, 1000, rt.handle().clone())
    }

    fn limits(response_ms: u64, budget_ms: u64) -> Limits {
        Limits {
            connect: Duration::from_secs(5),
            response: Duration::from_millis(response_ms),
            idle: Duration::from_millis(response_ms),
            retry_budget: Duration::from_millis(budget_ms),
            initial_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(200),
        }
    }

    #[test]
    fn a_stall_fails_once_as_timed_out() {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let fake = Fake::start(Mode::Stall);
        let source = blob(&fake, limits(700, 5000), &rt);
        let started = Instant::now();
        let err = source.read_at(0, 10).expect_err("a stalled registry");
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut, "{err}");
        assert!(err.to_string().contains("no response"), "{err}");
        // One request and one response bound, not a retry budget of them.
        assert_eq!(fake.blob_requests.load(Ordering::SeqCst), 1);
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn transient_failures_are_retried_within_the_budget_and_end_final() {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let fake = Fake::start(Mode::Unavailable);
        let source = blob(&fake, limits(2000, 1500), &rt);
        let err = source
            .read_at(0, 10)
            .expect_err("a registry that only answers 503");
        assert!(err.to_string().contains("503"), "{err}");
        // Retried, and the error that comes out is not one lazyfs would retry again.
        assert!(fake.blob_requests.load(Ordering::SeqCst) > 1);
        assert!(!linnet_lazyfs::retryable(&err), "{err:?}");
    }
}
