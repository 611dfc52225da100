//! linnet-snapshotter: linnet's containerd proxy snapshotter.
//!
//! containerd talks to it over a unix socket with the Snapshots gRPC API (declared in its config
//! as `[proxy_plugins.linnet] type = "snapshot"`). It implements the same overlayfs layout and
//! mount semantics as containerd's built-in `overlayfs` snapshotter, with metadata of its own that
//! survives restarts. It is the non-lazy foundation the SOCI lazy-loading path builds on: being
//! out of process, it answers unpack `Prepare`s of images with a SOCI index with remote
//! (FUSE-backed, lazily fetched) layers (`remote`).

#![forbid(unsafe_code)]

mod du;
mod filter;
mod mounts;
mod registry_blob;
pub mod remote;
mod server;
mod snapshots;
mod store;

use std::path::{Path, PathBuf};

pub use du::disk_usage;
pub use filter::Filters;
pub use linnet_lazyfs::BackgroundOptions;
pub use mounts::{kernel_supports_index, mounts, Layout};
pub use registry_blob::RegistryBlob;
pub use remote::{read_status, LayerRequest, RemoteError, RemoteOptions, StatusRecord};
pub use server::{serve, Service};
pub use snapshots::Snapshotter;
pub use store::{Info, Kind, Snapshot, Store, Usage};

/// Errors of the snapshotter; each maps to the gRPC code containerd expects.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("snapshot {0} does not exist")]
    NotFound(String),
    #[error("snapshot {0} already exists")]
    AlreadyExists(String),
    #[error("parent snapshot {0} does not exist")]
    ParentNotFound(String),
    #[error("parent {0} is not a committed snapshot")]
    ParentNotCommitted(String),
    #[error("snapshot {0} is not active")]
    NotActive(String),
    #[error("snapshot {0} is not active or view")]
    NotActiveOrView(String),
    #[error("cannot remove snapshot {0}: it has children")]
    HasChildren(String),
    #[error("{0}")]
    InvalidArgument(String),
    #[error("corrupt snapshotter metadata: {0}")]
    Corrupt(String),
    #[error("another snapshotter is using {}", .0.display())]
    Busy(PathBuf),
    #[error("another snapshotter is serving on {}", .0.display())]
    AddressInUse(PathBuf),
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("snapshotter server failed: {0}")]
    Serve(String),
    #[error("{0}")]
    Remote(String),
}

impl Error {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// The gRPC code containerd's `errdefs.FromGRPC` turns into the matching errdefs error.
    pub fn code(&self) -> tonic::Code {
        use tonic::Code;
        match self {
            Error::NotFound(_) | Error::ParentNotFound(_) => Code::NotFound,
            Error::AlreadyExists(_) => Code::AlreadyExists,
            Error::ParentNotCommitted(_) | Error::InvalidArgument(_) => Code::InvalidArgument,
            Error::NotActive(_) | Error::NotActiveOrView(_) | Error::HasChildren(_) => {
                Code::FailedPrecondition
            }
            Error::Busy(_) | Error::AddressInUse(_) => Code::Unavailable,
            Error::Corrupt(_) | Error::Io { .. } | Error::Serve(_) | Error::Remote(_) => {
                Code::Internal
            }
        }
    }
}

impl From<Error> for tonic::Status {
    fn from(err: Error) -> tonic::Status {
        tonic::Status::new(err.code(), err.to_string())
    }
}
