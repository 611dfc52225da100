//! Images in containerd: pull, unpack, push, list, save/load and import.
//!
//! containerd 1.6 has no Transfer service, so linnet does what the Go client does on the client
//! side: fetch blobs from the registry into containerd's content store under a lease, label them
//! so containerd's garbage collector keeps what an image refers to, record the image, and unpack
//! its layers through the snapshots and diff services. The image record is written only after
//! every blob it needs is committed, so an interrupted pull never leaves a half-recorded image;
//! partial blobs stay in containerd's ingest area and the next pull resumes them.

#![forbid(unsafe_code)]

pub mod archive;
pub mod commit;
mod content;
mod error;
mod fetch;
pub mod filter;
pub mod history;
pub mod import;
mod list;
pub mod manifest;
pub mod media;
pub mod platform;
mod progress;
pub mod prune;
mod pull;
mod push;
pub mod referrers;
mod resolve;
pub mod select;
pub mod soci;
pub mod soci_store;
pub mod timespec;
mod unpack;
pub mod usage;

pub use content::{gc_labels, write_blob, write_json_blob};
pub use error::Error;
pub use list::{image_summary, ImageSummary};
pub use platform::Platform;
pub use progress::{BlobStatus, NoProgress, ProgressEvent, ProgressSink};
pub use pull::{is_lazy_snapshotter, pull, PullOptions, PulledImage};
pub use push::{push, PushOptions};
pub use resolve::{
    ensure_image, find_image, resolve_local, resolve_present, PullPolicy, ResolvedImage,
};
pub use soci::{convert_soci, ConvertOptions, ConvertReport, LayerResult};
pub use unpack::{chain_ids, unpack, unpack_from, LayerSource, Unpacked};

pub type Result<T, E = Error> = std::result::Result<T, E>;
