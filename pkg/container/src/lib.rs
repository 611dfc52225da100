//! The container library: what `create`, `run`, `start`, `exec` (and later `compose`) do, with
//! no CLI types, so that every front end creates, starts and attaches containers the same way.
//!
//! - [`create`]: a [`CreateRequest`] (plain data) is validated, then turned into a snapshot, the
//!   `/etc` files, an OCI spec and a containerd record with linnet's labels ([`record`]), all
//!   rolled back when a step fails.
//! - [`lifecycle`]: start (detached or attached), the place where networking attaches and
//!   detaches, and removal.
//! - [`attach`], [`signals`], [`monitor`]: the IO pump, TTY resize, signal proxy and exit
//!   monitor of attached processes; [`exec`] runs extra processes.
//! - json-file logs, the binary log driver served by `linnet _log-driver`, FIFOs, the local
//!   terminal, IDs and names, and reading a rootfs's user database.

pub mod attach;
pub mod cgstats;
pub mod changes;
pub mod commit;
pub mod commit_layer;
pub mod cp;
pub mod create;
pub mod detach_keys;
pub mod disk_usage;
pub mod events;
pub mod exec;
pub mod export;
pub mod fifo;
pub mod filter;
pub mod health;
pub mod holder;
pub mod init;
pub mod lifecycle;
pub mod lifecycle_flags;
pub mod logdriver;
pub mod logfile;
pub mod meta;
pub mod monitor;
pub mod netconnect;
pub mod netoverlap;
pub mod netshare;
pub mod netview;
pub mod network;
pub mod ops;
pub mod overlay;
pub mod pause;
pub mod probe;
pub mod prune;
pub mod record;
pub mod rename;
pub mod resources;
pub mod restart;
pub mod rootfs;
pub mod session;
pub mod signals;
pub mod stats;
pub mod system_prune;
pub mod tarball;
pub mod timespec;
pub mod top;
pub mod tty;
pub mod update;
pub mod usage;
pub mod volumes;

use std::path::Path;

pub use create::{create, CreateRequest, Created, ImageSource, Scope, Validated};
pub use exec::ExecRequest;
pub use fifo::{FifoEnds, FifoSet};
pub use lifecycle_flags::{Lifecycle, LifecycleFlags};
pub use logdriver::{log_uri, run_log_driver};
pub use logfile::{LineWriter, LogEntry, LogReader, LogWriter, Stream};
pub use meta::labels;
pub use record::Record;
pub use resources::{HostSettings, PrivilegeFlags, ResourceFlags};

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
    #[error("the container name \"/{name}\" is already in use by container \"{other}\"; remove (or rename) that container to be able to reuse that name")]
    NameInUse { name: String, other: String },
    #[error("container {0} is not running")]
    NotRunning(String),
    /// A `--filter` flag without `=` (Docker's usage error, exit 125).
    #[error("invalid argument {0:?} for \"-f, --filter\" flag: bad format of filter (expected name=value)")]
    BadFilterFormat(String),
    /// A filter key or value the command does not accept (the whole message).
    #[error("{0}")]
    InvalidFilter(String),
    #[error("container {0} is already paused")]
    AlreadyPaused(String),
    #[error("container {0} is not paused")]
    NotPaused(String),
    #[error("container {0} is restarting, wait until the container is running")]
    Restarting(String),
    #[error("you cannot remove a paused container {0}: unpause and then stop the container before attempting removal or force remove")]
    RemovePaused(String),
    /// `rename`: the new name is refused (invalid or taken); Docker's wording.
    #[error("error when allocating new name: {0}")]
    AllocateName(#[source] Box<Error>),
    /// `top`: running `ps` or reading its output failed (Docker's message).
    #[error("{0}")]
    Top(String),
    #[error("you cannot start and attach multiple containers at once")]
    AttachMany,
    /// The detach keys ended an attached exec (the process keeps running).
    #[error("read escape sequence")]
    Detached,
    #[error("cannot get image {reference}")]
    Image {
        reference: String,
        #[source]
        source: linnet_image::Error,
    },
    #[error("cannot prepare the container's root filesystem")]
    PrepareRootfs(#[source] linnet_containerd::Error),
    #[error("cannot create container")]
    CreateRecord(#[source] linnet_containerd::Error),
    #[error("cannot read the container's spec")]
    ReadSpec(#[source] linnet_spec::Error),
    #[error("cannot encode container metadata")]
    Json(#[from] serde_json::Error),
    #[error("cannot listen for signals")]
    Signals(#[source] std::io::Error),
    #[error("wait task failed")]
    Wait(#[source] tokio::task::JoinError),
    #[error("cannot find the linnet executable")]
    CurrentExe(#[source] std::io::Error),
    #[error("cannot start the container monitor")]
    SpawnMonitor(#[source] std::io::Error),
    #[error(transparent)]
    Spec(#[from] linnet_spec::Error),
    #[error(transparent)]
    Containerd(#[from] linnet_containerd::Error),
    #[error(transparent)]
    Network(#[from] linnet_network::Error),
    #[error(transparent)]
    Volume(#[from] linnet_volume::Error),
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
