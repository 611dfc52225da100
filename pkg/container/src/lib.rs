//! Container lifecycle helpers shared by linnet's container commands: json-file logs, the
//! binary log driver served by `linnet _log-driver`, FIFOs for attached IO, the local terminal,
//! metadata labels, IDs and names, and reading a rootfs's user database.

pub mod fifo;
pub mod logdriver;
pub mod logfile;
pub mod meta;
pub mod ops;
pub mod rootfs;
pub mod tty;

use std::path::Path;

pub use fifo::{FifoEnds, FifoSet};
pub use logdriver::{log_uri, run_log_driver};
pub use logfile::{LineWriter, LogEntry, LogReader, LogWriter, Stream};
pub use meta::labels;

/// Errors from container helpers; messages are shown to users as they are.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot {op} {path}: {source}")]
    Io {
        op: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot encode log entry: {0}")]
    Encode(String),
    #[error("{0}")]
    InvalidArgument(String),
    #[error("invalid container name ({0}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")]
    InvalidName(String),
    #[error("no such container: {0}")]
    NoSuchContainer(String),
    #[error("multiple containers match {0:?}: use a longer ID or the name")]
    AmbiguousContainer(String),
    #[error("{0}")]
    CommandNotFound(String),
    #[error("{0}")]
    CommandNotInvokable(String),
    #[error("container {0} is already running")]
    AlreadyRunning(String),
    #[error("cannot remove a running container {0}: stop it first or use -f")]
    RemoveRunning(String),
    #[error(transparent)]
    Containerd(#[from] linnet_containerd::Error),
}

impl Error {
    /// Docker's exit code for failures that have one (127 not found, 126 cannot invoke).
    pub fn exit_code(&self) -> Option<u8> {
        match self {
            Error::CommandNotFound(_) => Some(127),
            Error::CommandNotInvokable(_) => Some(126),
            _ => None,
        }
    }

    pub(crate) fn io(op: &'static str, path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io {
            op,
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}
