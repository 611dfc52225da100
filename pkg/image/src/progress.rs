//! Progress events. The library reports what happens to each blob; the CLI decides how to show it
//! (bars on a TTY, plain lines otherwise, nothing with `-q`).

/// What finally happened to a blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobStatus {
    /// Fetched from the registry.
    Downloaded,
    /// Already in the content store (pull) or in the registry (push).
    Exists,
    /// Uploaded to the registry.
    Uploaded,
    /// Mounted from another repository of the same registry.
    Mounted,
    /// Read through to build its ztoc.
    Indexed,
    /// Left alone (say, a layer soci cannot index).
    Skipped,
}

impl BlobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            BlobStatus::Downloaded => "done",
            BlobStatus::Exists => "exists",
            BlobStatus::Uploaded => "pushed",
            BlobStatus::Mounted => "mounted",
            BlobStatus::Indexed => "indexed",
            BlobStatus::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone)]
pub enum ProgressEvent {
    /// The reference resolved to this root digest.
    Resolved {
        reference: String,
        digest: String,
    },
    /// A blob transfer starts; `offset` is non-zero when an interrupted transfer resumes.
    BlobStart {
        digest: String,
        kind: &'static str,
        total: u64,
        offset: u64,
    },
    /// `bytes` more bytes of the blob were transferred.
    BlobAdvance {
        digest: String,
        bytes: u64,
    },
    BlobDone {
        digest: String,
        kind: &'static str,
        status: BlobStatus,
    },
    /// A layer is being applied to a snapshot.
    Unpacking {
        digest: String,
    },
    /// The snapshotter mounted a layer remotely: it is fetched lazily, on first read.
    Lazy {
        digest: String,
    },
    Unpacked {
        digest: String,
    },
}

pub trait ProgressSink: Send + Sync {
    fn event(&self, event: ProgressEvent);
}

/// Drives `work` to completion while turning `counted` (bytes that moved where progress events
/// cannot be sent: a 'static upload body, a blocking thread) into `BlobAdvance` events every
/// 100 ms.
pub(crate) async fn report_while<F: std::future::Future>(
    work: F,
    counted: &std::sync::atomic::AtomicU64,
    digest: &str,
    progress: &dyn ProgressSink,
) -> F::Output {
    let mut reported = 0u64;
    let report = |reported: &mut u64| {
        let now = counted.load(std::sync::atomic::Ordering::Relaxed);
        if now > *reported {
            progress.event(ProgressEvent::BlobAdvance {
                digest: digest.to_string(),
                bytes: now - *reported,
            });
            *reported = now;
        }
    };
    tokio::pin!(work);
    let mut ticker = tokio::time::interval(std::time::Duration::from_millis(100));
    let output = loop {
        tokio::select! {
            output = &mut work => break output,
            _ = ticker.tick() => report(&mut reported),
        }
    };
    report(&mut reported);
    output
}

/// Drops every event (`-q`, and library callers that show nothing).
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn event(&self, _event: ProgressEvent) {}
}
