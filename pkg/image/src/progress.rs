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

/// Drops every event (`-q`, and library callers that show nothing).
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn event(&self, _event: ProgressEvent) {}
}
