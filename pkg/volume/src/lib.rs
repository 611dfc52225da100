//! linnet's volumes: Docker's `local` volume driver without a daemon.
//!
//! A volume is a directory `<root>/<name>/_data` plus `<root>/<name>/meta.json`, where `<root>` is
//! `<data-root>/volumes/<namespace>` (volumes belong to a containerd namespace, as containers do,
//! so that "in use" can be decided from the containers one namespace holds). Everything lives on
//! disk under the data root, so volumes outlive containers and linnet's containerd.
//!
//! - [`store`]: create (idempotent, Docker's name and option rules), get, list, remove, the one
//!   store lock;
//! - [`driver`]: the `local` driver's `-o type=,device=,o=` mounts, made on first use and undone
//!   when the volume is no longer used;
//! - [`copy`]: the copy of an image directory into an empty volume (ownership, modes, times,
//!   xattrs, symlinks, hard links and device nodes kept);
//! - [`listing`]: `volume ls` rows and filters.
//!
//! Which containers use a volume is the container library's knowledge (its records); this crate
//! takes it as input where it matters (`rm`, `prune`, `dangling=`).

pub mod copy;
pub mod driver;
pub mod listing;
pub mod store;

pub use store::{CreateOptions, Meta, Store, Volume, DRIVER};

/// Errors of the volume store; messages follow Docker's where it has one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("create {0}: \"{0}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")]
    InvalidName(String),
    #[error("create {0}: volume name is too short, names should be at least two alphanumeric characters")]
    NameTooShort(String),
    #[error(
        "create {name}: error looking up volume plugin {driver}: plugin \"{driver}\" not found"
    )]
    UnknownDriver { name: String, driver: String },
    #[error("create {name}: {reason}")]
    InvalidOption { name: String, reason: String },
    #[error("get {0}: no such volume")]
    NoSuchVolume(String),
    #[error("remove {name}: volume is in use - [{users}]")]
    InUse { name: String, users: String },
    #[error("invalid filter '{0}'")]
    InvalidFilter(String),
    #[error("cannot {op} {path}: {source}")]
    Io {
        op: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read volume metadata {path}: {source}")]
    Meta {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot mount volume {name} ({kind} {device}): {source}")]
    Mount {
        name: String,
        kind: String,
        device: String,
        #[source]
        source: nix::Error,
    },
    #[error("cannot unmount volume {name}: {source}")]
    Unmount {
        name: String,
        #[source]
        source: nix::Error,
    },
    #[error("cannot copy {path} into the volume: {source}")]
    Copy {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(
        op: &'static str,
        path: impl AsRef<std::path::Path>,
        source: std::io::Error,
    ) -> Error {
        Error::Io {
            op,
            path: path.as_ref().display().to_string(),
            source,
        }
    }
}
