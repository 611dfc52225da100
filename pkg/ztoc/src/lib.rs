//! SOCI ztocs: build, serialize, parse and read through them, byte-compatible with
//! awslabs/soci-snapshotter (see `shared/docs/soci-format.md`).
//!
//! * [`build`] reads a gzip or uncompressed tar layer once and returns a [`Ztoc`]: the file
//!   table as Go's `archive/tar` sees it, zran checkpoints every `span_size` uncompressed bytes
//!   (at deflate block boundaries), and the sha256 of each span's compressed bytes. zstd and
//!   other compressions fail with [`Error::UnsupportedCompression`] (soci skips such layers).
//! * [`Ztoc::to_bytes`] emits the exact flatbuffers bytes soci's Go marshaler writes;
//!   [`Ztoc::from_bytes`] parses any soci ztoc (legacy v1 checkpoint blobs included).
//! * [`Ztoc::read_range`], [`Ztoc::extract`], [`Ztoc::extract_file`] and
//!   [`Ztoc::decompress_span`] give random access through the checkpoints.
//!
//! Pure library: no async, no network; layers are `Read` (building) or `Read + Seek` (reading).

mod build;
mod error;
mod fbs;
mod gotime;
mod tar;
pub mod zinfo;
mod zran;
mod ztoc;

pub use build::{build, BuildOptions, DEFAULT_BUILD_TOOL, DEFAULT_SPAN_SIZE};
pub use error::{Error, Result};
pub use tar::{parse_entry_header, TarStream};
pub use ztoc::{
    CompressionAlgorithm, CompressionInfo, FileMetadata, FileType, Span, Ztoc, ZTOC_VERSION,
};
