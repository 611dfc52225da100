//! Errors of the SOCI index crate.

/// Everything that can go wrong building or reading SOCI indexes and converted images.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes are not valid JSON (Go's scanner would reject them too).
    #[error("invalid json at byte {offset}: {message}")]
    Syntax { offset: usize, message: String },

    /// Valid JSON whose value does not fit the Go type of a field (Go's `UnmarshalTypeError`).
    #[error("cannot unmarshal {found} into field {field} of type {expected}")]
    Type {
        field: String,
        expected: &'static str,
        found: String,
    },

    /// The manifest's config media type is neither SOCI v1 nor v2.
    #[error("unknown index version: {0}")]
    UnknownIndexVersion(String),

    /// No layer produced a ztoc (soci's `ErrEmptyIndex`).
    #[error("no ztocs created, all layers either skipped or produced errors")]
    EmptyIndex,

    /// A manifest lists something that is not a layer (soci fails the whole build).
    #[error("layer {digest}: not a layer mediaType: {media_type}")]
    NotLayerType { digest: String, media_type: String },

    /// containerd's `DiffCompression` does not know the layer media type.
    #[error("could not determine layer compression: unrecognised mediatype {0}: not implemented")]
    UnrecognisedMediaType(String),

    /// An image manifest was expected but the document is an index, or the reverse.
    #[error("{0}")]
    WrongDocumentKind(&'static str),

    /// Per-layer outcomes do not line up with the manifest's layers.
    #[error("got {outcomes} layer outcomes for {layers} layers")]
    OutcomeCount { layers: usize, outcomes: usize },

    /// A negative span size or min layer size (soci rejects these as options).
    #[error("{0} must be >= 0")]
    NegativeOption(&'static str),

    /// A manifest a SOCI index was built for is not in the local content store.
    #[error("image manifest {0} not found")]
    ManifestNotFound(String),
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
