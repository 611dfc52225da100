//! The crate's single error type: every failure a caller can act on (skip the layer, report a
//! corrupt blob, fix an argument) is its own variant.

/// Errors from building, parsing and reading through ztocs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or seeking the layer failed.
    #[error("read layer: {0}")]
    Io(#[from] std::io::Error),
    /// The layer uses a compression that ztocs cannot index (soci skips such layers).
    #[error("layer is compressed with {0}, which soci ztocs do not support")]
    UnsupportedCompression(&'static str),
    /// The gzip stream is corrupt or truncated.
    #[error("invalid gzip stream at compressed offset {offset}: {reason}")]
    Gzip {
        /// Compressed bytes consumed before the failure.
        offset: u64,
        /// What zlib (or the framing) reported.
        reason: String,
    },
    /// The tar stream is corrupt, truncated or not a tar archive.
    #[error("invalid tar archive at offset {offset}: {reason}")]
    Tar {
        /// Uncompressed offset of the failing header or data.
        offset: u64,
        /// What was wrong.
        reason: String,
    },
    /// A tar entry type that soci ztocs cannot represent (global PAX header, GNU sparse, ...).
    #[error("unsupported input tar entry at offset {offset}: {kind}")]
    UnsupportedEntry {
        /// Uncompressed offset just after the entry's header.
        offset: u64,
        /// The type flag or feature that is not supported.
        kind: String,
    },
    /// Invalid arguments to [`crate::build`].
    #[error("invalid build options: {0}")]
    InvalidOptions(String),
    /// The ztoc bytes are not a valid ztoc.
    #[error("invalid ztoc: {0}")]
    InvalidZtoc(String),
    /// The checkpoint (zinfo) blob inside a ztoc is malformed.
    #[error("invalid ztoc checkpoints: {0}")]
    InvalidCheckpoints(String),
    /// A named file is not in the ztoc.
    #[error("file {0:?} not found in ztoc")]
    NotFound(String),
    /// The compressed bytes handed in for a span are shorter than the span.
    #[error("span {id} needs {want} bytes but {got} were given")]
    ShortSpan {
        /// Span id.
        id: usize,
        /// Bytes the span covers.
        want: u64,
        /// Bytes given.
        got: u64,
    },
    /// A requested range lies outside the archive.
    #[error("range {offset}+{len} is outside the uncompressed archive ({size} bytes)")]
    OutOfRange {
        /// Start of the requested range.
        offset: u64,
        /// Requested length.
        len: u64,
        /// Uncompressed archive size.
        size: u64,
    },
}

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
