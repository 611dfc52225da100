//! The crate's error type: what failed while building the tree, fetching spans or mounting, each
//! rendered as one lower-case line naming the layer, span or path involved.

use std::path::PathBuf;

/// Errors from building, mounting and reading a lazy layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ztoc cannot be used (bad checkpoints, digests that do not match the spans, ...).
    #[error("invalid ztoc for layer {layer}: {reason}")]
    InvalidZtoc {
        /// Layer digest (or a label when unknown).
        layer: String,
        /// What is wrong.
        reason: String,
    },
    /// A file table entry cannot be placed in the tree (escaping name, dangling hardlink, ...).
    #[error("invalid entry {name:?} in layer {layer}: {reason}")]
    InvalidEntry {
        /// Layer digest (or a label when unknown).
        layer: String,
        /// The raw archive name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Fetching a span from the blob failed after all retries.
    #[error("fetch span {span} of layer {layer}: {reason}")]
    Fetch {
        /// Layer digest.
        layer: String,
        /// First span of the failed request.
        span: usize,
        /// The last failure.
        reason: String,
    },
    /// Span bytes did not match the ztoc's span digest after all retries.
    #[error("span {span} of layer {layer} does not match its digest {expected}")]
    Verify {
        /// Layer digest.
        layer: String,
        /// Span id.
        span: usize,
        /// Digest from the ztoc.
        expected: String,
    },
    /// Decompressing a verified span failed.
    #[error("decompress span {span} of layer {layer}: {reason}")]
    Decompress {
        /// Layer digest.
        layer: String,
        /// Span id.
        span: usize,
        /// What zlib reported.
        reason: String,
    },
    /// Reading or writing the span cache failed.
    #[error("span cache {}: {source}", path.display())]
    Cache {
        /// File or directory involved.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The layer failed a window or digest check; every access fails from then on.
    #[error("layer {layer} is poisoned: {reason}")]
    Poisoned {
        /// Layer digest.
        layer: String,
        /// The failed check.
        reason: String,
    },
    /// An entry's tar header in the layer does not match the ztoc's file table.
    #[error("entry {name:?} of layer {layer} does not match its tar header: {reason}")]
    HeaderMismatch {
        /// Layer digest.
        layer: String,
        /// The raw archive name from the ztoc.
        name: String,
        /// What differs.
        reason: String,
    },
    /// Mounting the FUSE filesystem failed.
    #[error("mount layer {layer} on {}: {source}", mountpoint.display())]
    Mount {
        /// Layer digest.
        layer: String,
        /// Mountpoint.
        mountpoint: PathBuf,
        /// The I/O error from the mount.
        #[source]
        source: std::io::Error,
    },
    /// Unmounting failed.
    #[error("unmount {}: {source}", mountpoint.display())]
    Unmount {
        /// Mountpoint.
        mountpoint: PathBuf,
        /// The I/O error from umount.
        #[source]
        source: std::io::Error,
    },
}

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
