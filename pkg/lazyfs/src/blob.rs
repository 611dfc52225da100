//! Where a layer's compressed bytes come from: a blocking, random-access [`BlobSource`] that the
//! span manager reads whole span runs from. A local file serves layers already on disk (and
//! tests); the snapshotter supplies a registry-backed source, so lazyfs itself knows nothing
//! about registries.
//!
//! One retry policy, split so that nothing retries twice: a source retries its own transport
//! failures (the registry-backed one within the registry client's budget) and then reports
//! errors whose kind is final. lazyfs makes another attempt under [`RetryPolicy`] only when the
//! bytes were wrong (a span digest mismatch: refetch) or the source reported a failure of a
//! transient kind ([`retryable`]: resets, cut bodies, short answers). A stall is never retried:
//! a source that reports [`std::io::ErrorKind::TimedOut`], or outlives
//! [`RetryPolicy::request_timeout`], fails the read at once.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::time::Duration;

/// Random access to one layer blob. Reads block; implementations must be callable from many
/// threads at once.
pub trait BlobSource: Send + Sync {
    /// Size of the blob in bytes.
    fn size(&self) -> u64;
    /// Reads exactly `len` bytes at `offset` (a short result is an error).
    fn read_at(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>>;
}

/// A blob stored in a local file.
#[derive(Debug)]
pub struct FileBlob {
    file: File,
    size: u64,
}

impl FileBlob {
    /// Opens `path`; the size is taken once, since layer blobs are immutable.
    pub fn open(path: &Path) -> std::io::Result<FileBlob> {
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        Ok(FileBlob { file, size })
    }
}

impl BlobSource for FileBlob {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        check_range(offset, len, self.size)?;
        let mut buf = vec![0u8; to_usize(len)?];
        self.file.read_exact_at(&mut buf, offset)?;
        Ok(buf)
    }
}

/// Retry budget for one span fetch (see the module doc for what is retried).
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in total (at least one is always made): refetches after a digest mismatch and
    /// retries of [`retryable`] source errors count.
    pub attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Upper bound of one delay.
    pub max_backoff: Duration,
    /// Deadline of one attempt, so a stalled source is abandoned (and the fetch fails).
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            request_timeout: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (0-based), with a little jitter so many readers of
    /// one registry do not retry in lockstep.
    pub fn backoff(&self, retry: u32) -> Duration {
        let base = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let jitter_max = base.as_nanos() / 8;
        let jitter = if jitter_max == 0 {
            0
        } else {
            u128::from(nanos) % jitter_max
        };
        base + Duration::from_nanos(u64::try_from(jitter).unwrap_or(0))
    }
}

/// True for a source error that may heal on another attempt: a connection reset or cut short.
/// Sources that retry themselves report their final errors with other kinds (a stall as
/// `TimedOut`), so lazyfs does not stack a second retry loop on theirs.
pub fn retryable(e: &std::io::Error) -> bool {
    use std::io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionReset
            | K::ConnectionAborted
            | K::BrokenPipe
            | K::UnexpectedEof
            | K::Interrupted
    )
}

/// Checks that `[offset, offset + len)` lies within a blob of `size` bytes: what every
/// [`BlobSource::read_at`] does first.
pub fn check_range(offset: u64, len: u64, size: u64) -> std::io::Result<()> {
    match offset.checked_add(len) {
        Some(end) if end <= size => Ok(()),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("range {offset}+{len} is outside the blob ({size} bytes)"),
        )),
    }
}

fn to_usize(len: u64) -> std::io::Result<usize> {
    usize::try_from(len).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("read of {len} bytes is too large"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(350),
            request_timeout: Duration::from_secs(1),
        };
        assert!(p.backoff(0) >= Duration::from_millis(100));
        assert!(p.backoff(0) < Duration::from_millis(113));
        assert!(p.backoff(1) >= Duration::from_millis(200));
        assert!(p.backoff(5) >= Duration::from_millis(350));
        assert!(p.backoff(40) < Duration::from_millis(400));
    }

    #[test]
    fn only_transient_kinds_are_retryable() {
        use std::io::{Error as E, ErrorKind as K};
        for kind in [K::ConnectionReset, K::UnexpectedEof, K::BrokenPipe] {
            assert!(retryable(&E::new(kind, "x")), "{kind:?}");
        }
        for kind in [K::TimedOut, K::Other, K::NotFound, K::InvalidInput] {
            assert!(!retryable(&E::new(kind, "x")), "{kind:?}");
        }
    }

    #[test]
    fn file_blob_reads_ranges() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("blob");
        std::fs::write(&path, b"0123456789").expect("write");
        let b = FileBlob::open(&path).expect("open");
        assert_eq!(b.size(), 10);
        assert_eq!(b.read_at(3, 4).expect("read"), b"3456");
        assert!(b.read_at(8, 4).is_err());
    }
}
