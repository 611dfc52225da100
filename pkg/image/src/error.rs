//! The image crate's error type: one readable line per failure.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Reference(#[from] linnet_reference::Error),
    #[error(transparent)]
    Registry(#[from] linnet_registry::Error),
    #[error(transparent)]
    Containerd(#[from] linnet_containerd::Error),
    #[error("no such image: {0}")]
    ImageNotFound(String),
    #[error("image {reference} has no manifest for platform {platform} (available: {available})")]
    NoMatchingPlatform {
        reference: String,
        platform: String,
        available: String,
    },
    /// Docker's words for a local image without the platform `--platform` asks for.
    #[error("image with reference {reference} was found but does not match the specified platform: wanted {wanted}, actual: {actual}")]
    PlatformMismatch {
        reference: String,
        wanted: String,
        actual: String,
    },
    #[error(
        "image {reference}: index {index} lists another index ({nested}); nested indexes are not supported"
    )]
    NestedIndex {
        reference: String,
        index: String,
        nested: String,
    },
    #[error("unsupported media type {media_type} for {digest}")]
    UnsupportedMediaType { media_type: String, digest: String },
    #[error("invalid {what} {digest}: {message}")]
    InvalidContent {
        what: &'static str,
        digest: String,
        message: String,
    },
    #[error("digest mismatch for {what}: expected {expected}, got {actual}")]
    DigestMismatch {
        what: String,
        expected: String,
        actual: String,
    },
    #[error(transparent)]
    Oci(#[from] linnet_oci::Error),
    #[error("content {digest} is not available locally and has no known source to fetch it from")]
    MissingContent { digest: String },
    /// An archive, tarball or request that is not what it should be, with no underlying error
    /// to chain.
    #[error("{0}")]
    InvalidArchive(String),
    #[error("cannot encode {what}: {source}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("invalid {what}: {source}")]
    Decode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("image ID prefix {prefix} is ambiguous: it matches {count} images")]
    AmbiguousId { prefix: String, count: usize },
    #[error("destination {dest} has a digest: give a tag (such as {name}:soci)")]
    DestinationDigest { dest: String, name: String },
    #[error("invalid image name {name:?} in the archive: {source}")]
    ArchiveName {
        name: String,
        #[source]
        source: linnet_reference::Error,
    },
    #[error("blob {digest} in the archive is corrupt: {source}")]
    CorruptBlob {
        digest: String,
        #[source]
        source: linnet_containerd::Error,
    },
    #[error("invalid change {change:?}: {reason}")]
    InvalidChange { change: String, reason: String },
    /// A blocking task (ztoc builder, archive writer, import) died.
    #[error("{what} failed: {source}")]
    Task {
        what: &'static str,
        #[source]
        source: tokio::task::JoinError,
    },
    #[error(transparent)]
    Soci(#[from] linnet_soci::Error),
    #[error(transparent)]
    Ztoc(#[from] linnet_ztoc::Error),
    #[error("content {0} not found")]
    ContentNotFound(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn invalid(what: &'static str, digest: &str, message: impl ToString) -> Self {
        Error::InvalidContent {
            what,
            digest: digest.to_string(),
            message: message.to_string(),
        }
    }
}
