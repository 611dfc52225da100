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
    #[error("{0}")]
    Archive(String),
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
