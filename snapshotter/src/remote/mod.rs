//! Remote (lazy) layers: containerd's remote-snapshot protocol with SOCI indexes.
//!
//! When an unpack `Prepare` carries `containerd.io/snapshot.ref` and the `cri.*` labels, the
//! snapshotter looks for the image's SOCI index (explicit label, else the v2 manifest annotation,
//! else v1 referrers), fetches this layer's ztoc (containerd's content store first, then the
//! registry), checks it against the layer and mounts the layer read-only with lazyfs at the new
//! snapshot's `fs` directory. The snapshot is then committed under the target name and
//! containerd is told `AlreadyExists`, so it never downloads the layer. Anything that goes wrong
//! before the commit only makes the snapshot an ordinary one that containerd unpacks itself.
//!
//! The ztoc bytes are kept next to the snapshot (`snapshots/<id>/ztoc`, spans in
//! `snapshots/<id>/cache`) with labels naming the image, layer and digests, so a restarted
//! snapshotter remounts every remote layer without the content store. While layers are mounted a
//! thread publishes their fetch progress as `<root>/lazy/<id>.json` for `linnet image
//! lazy-status`.
//!
//! `request` reads what a `Prepare` asks for from its labels, `artifacts` finds the SOCI index
//! and the layer's ztoc, `status` publishes mounted layers' progress; this module mounts,
//! restores and unmounts.

mod artifacts;
mod request;
mod status;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use linnet_lazyfs::{BackgroundOptions, MountOptions, MountedLayer, RetryPolicy, Trust};
use linnet_oci::sha256_digest;
use linnet_reference::Reference;
use linnet_soci::{ChosenIndex, IndexTrust, SociIndex};
use linnet_ztoc::Ztoc;

use crate::mounts::Layout;
use crate::registry_blob::RegistryBlob;
use crate::store::{Info, Kind};

pub use request::LayerRequest;
pub use status::{read_status, status_dir, StatusRecord};

use artifacts::parse_ztoc;
use request::parse_reference;
use status::publish_loop;

/// Target chain id passed on unpack `Prepare`.
pub const LABEL_SNAPSHOT_REF: &str = linnet_soci::LABEL_SNAPSHOT_REF;
/// Marks a snapshot whose layer is mounted remotely (value [`REMOTE_SNAPSHOT`]).
pub const LABEL_REMOTE: &str = linnet_soci::LABEL_REMOTE_SNAPSHOT;
/// The value of [`LABEL_REMOTE`], as soci's snapshotter writes it.
pub const REMOTE_SNAPSHOT: &str = "remote snapshot";
/// The SOCI index a remote snapshot was mounted from.
pub const LABEL_INDEX: &str = "containerd.io/snapshot/remote/linnet.soci-index";
/// The ztoc a remote snapshot was mounted from (saved as `snapshots/<id>/ztoc`).
pub const LABEL_ZTOC: &str = "containerd.io/snapshot/remote/linnet.ztoc";
/// The compressed layer size the remote snapshot reads ranges of.
pub const LABEL_LAYER_SIZE: &str = "containerd.io/snapshot/remote/linnet.layer-size";
/// How the index was found (`trusted` / `untrusted`), so a restart believes it as much.
pub const LABEL_TRUST: &str = "containerd.io/snapshot/remote/linnet.index-trust";

/// Budget for finding and fetching a layer's SOCI artifacts during `Prepare`.
const DISCOVERY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the first read of a layer may take before it is unpacked normally instead.
const REACH_TIMEOUT: Duration = Duration::from_secs(15);
/// Largest ztoc accepted (they are a few MiB even for huge layers).
const MAX_ZTOC_SIZE: i64 = 256 << 20;
/// How long "this image has no SOCI index" is remembered, so the layers of an image without
/// one do not each cost registry round trips.
const NO_INDEX_TTL: Duration = Duration::from_secs(600);
/// How often mounted layers publish their status.
const STATUS_PERIOD: Duration = Duration::from_secs(1);

/// Why a layer could not be mounted remotely; every case falls back to a normal unpack.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    #[error("missing label {0}")]
    MissingLabel(&'static str),
    #[error("snapshot key {0} names no namespace")]
    NoNamespace(String),
    #[error("invalid image reference {reference}: {source}")]
    Reference {
        reference: String,
        #[source]
        source: linnet_reference::Error,
    },
    #[error("image manifest {0} has no SOCI index")]
    NoIndex(String),
    #[error("SOCI index {index} has no ztoc for layer {layer}")]
    NoZtoc { index: String, layer: String },
    #[error("ztoc {ztoc} does not match layer {layer}: {reason}")]
    Mismatch {
        ztoc: String,
        layer: String,
        reason: String,
    },
    /// A fetch that failed without an underlying error (not found, no answer in time).
    #[error("cannot fetch {what}: {reason}")]
    Fetch { what: String, reason: String },
    #[error("cannot fetch {what}: {source}")]
    Registry {
        what: String,
        #[source]
        source: linnet_registry::Error,
    },
    #[error("cannot create the registry client: {0}")]
    Client(#[source] linnet_registry::Error),
    #[error("{what} does not match its digest")]
    Digest { what: String },
    #[error("invalid {what}: {reason}")]
    Invalid { what: String, reason: String },
    #[error("invalid SOCI index {digest}: {source}")]
    InvalidIndex {
        digest: String,
        #[source]
        source: linnet_soci::Error,
    },
    #[error("invalid ztoc {digest}: {source}")]
    InvalidZtoc {
        digest: String,
        #[source]
        source: linnet_ztoc::Error,
    },
    #[error("finding the SOCI artifacts took longer than {} s", DISCOVERY_TIMEOUT.as_secs())]
    Timeout,
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Mount(#[from] linnet_lazyfs::Error),
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> RemoteError {
    let path = path.to_path_buf();
    move |source| RemoteError::Io {
        action,
        path,
        source,
    }
}

/// How the snapshotter reaches registries and containerd for remote layers.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// The runtime registry requests run on (FUSE threads block on it).
    pub runtime: tokio::runtime::Handle,
    /// containerd's socket, to read SOCI indexes and ztocs from its content store.
    pub containerd: Option<PathBuf>,
    /// Credentials and trust for registries.
    pub registry: linnet_registry::RegistryConfig,
    /// Time bounds and retry budget of range reads: pulls' (`Limits::from_env`), so that one
    /// set of `LINNET_REGISTRY_*` variables bounds both.
    pub limits: linnet_registry::Limits,
    /// Background fetching of whole layers after a silence period; `None` disables it.
    pub background: Option<BackgroundOptions>,
}
/// A mounted remote layer and what its status file says about it.
struct Mounted {
    layer: MountedLayer,
    record: StatusRecord,
}
/// The remote-layer manager of one snapshotter; see the module doc.
pub(crate) struct Remote {
    options: RemoteOptions,
    registry: linnet_registry::Client,
    layout: Layout,
    mounted: Mutex<HashMap<u64, Mounted>>,
    /// Manifest digest -> SOCI index digest (`None`: the image has none), found once per image
    /// (a missing index is looked up again after [`NO_INDEX_TTL`]).
    discovered: Mutex<HashMap<String, (Option<ChosenIndex>, Instant)>>,
    /// SOCI index digest -> parsed index.
    indexes: Mutex<HashMap<String, Arc<SociIndex>>>,
    stop: Mutex<bool>,
    wake: std::sync::Condvar,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("root", &self.layout.root())
            .field("mounted", &lock(&self.mounted).len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The containerd namespace of a backend key (`<namespace>/<n>/<name>`).
fn namespace_of(key: &str) -> Result<String, RemoteError> {
    match key.split_once('/') {
        Some((ns, rest)) if !ns.is_empty() && !rest.is_empty() => Ok(ns.to_string()),
        _ => Err(RemoteError::NoNamespace(key.to_string())),
    }
}

impl Remote {
    pub fn new(layout: &Layout, options: RemoteOptions) -> Result<Arc<Remote>, RemoteError> {
        let registry =
            linnet_registry::Client::with_limits(options.registry.clone(), options.limits)
                .map_err(RemoteError::Client)?;
        let dir = status_dir(layout.root());
        std::fs::create_dir_all(&dir).map_err(io_err("create directory", &dir))?;
        // Files of an earlier run describe mounts that are gone.
        for entry in std::fs::read_dir(&dir)
            .map_err(io_err("read", &dir))?
            .flatten()
        {
            let _ = std::fs::remove_file(entry.path());
        }
        let remote = Arc::new(Remote {
            options,
            registry,
            layout: layout.clone(),
            mounted: Mutex::new(HashMap::new()),
            discovered: Mutex::new(HashMap::new()),
            indexes: Mutex::new(HashMap::new()),
            stop: Mutex::new(false),
            wake: std::sync::Condvar::new(),
        });
        let weak = Arc::downgrade(&remote);
        std::thread::Builder::new()
            .name("lazy-status".into())
            .spawn(move || publish_loop(&weak))
            .map_err(io_err("start status thread for", &dir))?;
        Ok(remote)
    }

    /// Mounts the layer `request` names at snapshot `id`'s `fs` directory. Returns the labels to
    /// commit the snapshot with (on top of the request's) and its usage.
    pub fn mount(
        &self,
        id: u64,
        key: &str,
        request: &LayerRequest,
        labels: &BTreeMap<String, String>,
    ) -> Result<(BTreeMap<String, String>, crate::Usage), RemoteError> {
        let namespace = namespace_of(key)?;
        let reference = parse_reference(&request.image_ref)?;
        let artifacts = self
            .options
            .runtime
            .block_on(async {
                tokio::time::timeout(
                    DISCOVERY_TIMEOUT,
                    self.artifacts(&namespace, &reference, request),
                )
                .await
            })
            .map_err(|_| RemoteError::Timeout)??;
        // The index may come from the local store while the layer itself is out of this
        // daemon's reach (credentials or a CA it does not have): then reads would fail with EIO
        // later, so unpack the layer normally instead, with the client's credentials.
        self.options
            .runtime
            .block_on(async {
                tokio::time::timeout(
                    REACH_TIMEOUT,
                    self.registry
                        .fetch_blob_range(&reference, &request.layer_digest, 0, 1),
                )
                .await
            })
            .map_err(|_| RemoteError::Fetch {
                what: format!("layer {}", request.layer_digest),
                reason: format!("no answer within {} s", REACH_TIMEOUT.as_secs()),
            })?
            .map_err(|source| RemoteError::Registry {
                what: format!("layer {}", request.layer_digest),
                source,
            })?;
        let ztoc_path = self.ztoc_path(id);
        write_atomic(&ztoc_path, &artifacts.ztoc_bytes)?;
        let uncompressed = artifacts.ztoc.uncompressed_archive_size;
        let inodes = artifacts.ztoc.toc.len();
        let mut committed = labels.clone();
        committed.insert(LABEL_REMOTE.into(), REMOTE_SNAPSHOT.into());
        committed.insert(
            linnet_soci::LABEL_HAS_SOCI_INDEX_DIGEST.into(),
            "true".into(),
        );
        committed.insert(
            linnet_soci::LABEL_REMOTE_NAMESPACE.into(),
            namespace.clone(),
        );
        committed.insert(LABEL_INDEX.into(), artifacts.index_digest.clone());
        committed.insert(LABEL_TRUST.into(), artifacts.trust.as_str().into());
        committed.insert(LABEL_ZTOC.into(), artifacts.ztoc_digest.clone());
        committed.insert(LABEL_LAYER_SIZE.into(), artifacts.layer_size.to_string());
        let layer = self.mount_layer(
            id,
            &request.target,
            &namespace,
            reference,
            &request.layer_digest,
            artifacts.layer_size,
            artifacts.ztoc,
            artifacts.trust,
        )?;
        tracing::info!(
            "layer {} of {} mounted lazily as {} (SOCI index {}, {})",
            request.layer_digest,
            request.image_ref,
            request.target,
            artifacts.index_digest,
            artifacts.trust.as_str()
        );
        lock(&self.mounted).insert(id, layer);
        // Visible to `lazy-status` at once, not only at the next tick.
        self.publish();
        let usage = crate::Usage {
            size: i64::try_from(uncompressed).unwrap_or(i64::MAX),
            inodes: i64::try_from(inodes).unwrap_or(i64::MAX),
        };
        Ok((committed, usage))
    }

    /// Undoes [`Remote::mount`] for a snapshot that was not committed after all.
    pub fn abandon(&self, id: u64) {
        self.unmount(id);
        let _ = std::fs::remove_file(self.ztoc_path(id));
        let _ = std::fs::remove_dir_all(self.cache_dir(id));
    }

    /// Unmounts snapshot `id`'s layer, if it is mounted.
    pub fn unmount(&self, id: u64) {
        let mounted = lock(&self.mounted).remove(&id);
        if let Some(m) = mounted {
            if let Err(e) = m.layer.unmount() {
                tracing::warn!("{e}; detaching it");
                detach(&self.layout.upper(id));
            }
        }
        let _ = std::fs::remove_file(status_dir(self.layout.root()).join(format!("{id}.json")));
    }

    /// Remounts a remote snapshot recorded before a restart from its saved ztoc and labels.
    pub fn restore(&self, info: &Info) -> Result<(), RemoteError> {
        let label = |key: &'static str| {
            info.labels
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or(RemoteError::MissingLabel(key))
        };
        let image_ref = label(linnet_soci::LABEL_CRI_IMAGE_REF)?;
        let layer_digest = label(linnet_soci::LABEL_CRI_LAYER_DIGEST)?;
        let ztoc_digest = label(LABEL_ZTOC)?;
        let namespace = label(linnet_soci::LABEL_REMOTE_NAMESPACE)?;
        let layer_size: u64 =
            label(LABEL_LAYER_SIZE)?
                .parse()
                .map_err(|_| RemoteError::Invalid {
                    what: format!("label {LABEL_LAYER_SIZE}"),
                    reason: "not a number".into(),
                })?;
        let path = self.ztoc_path(info.id);
        let bytes = std::fs::read(&path).map_err(io_err("read", &path))?;
        if sha256_digest(&bytes) != ztoc_digest {
            return Err(RemoteError::Digest {
                what: format!("saved ztoc {}", path.display()),
            });
        }
        let ztoc = parse_ztoc(&ztoc_digest, &bytes)?;
        let reference = parse_reference(&image_ref)?;
        // Snapshots from before the label existed are believed as little as possible.
        let trust = info
            .labels
            .get(LABEL_TRUST)
            .map_or(IndexTrust::Untrusted, |t| IndexTrust::parse(t));
        let upper = self.layout.upper(info.id);
        std::fs::create_dir_all(&upper).map_err(io_err("create directory", &upper))?;
        let layer = self.mount_layer(
            info.id,
            &info.name,
            &namespace,
            reference,
            &layer_digest,
            layer_size,
            ztoc,
            trust,
        )?;
        lock(&self.mounted).insert(info.id, layer);
        self.publish();
        Ok(())
    }

    /// Unmounts every layer (shutdown).
    pub fn shutdown(&self) {
        *lock(&self.stop) = true;
        self.wake.notify_all();
        let ids: Vec<u64> = lock(&self.mounted).keys().copied().collect();
        for id in ids {
            self.unmount(id);
        }
    }

    fn ztoc_path(&self, id: u64) -> PathBuf {
        self.layout.snapshot_dir(id).join("ztoc")
    }

    fn cache_dir(&self, id: u64) -> PathBuf {
        self.layout.snapshot_dir(id).join("cache")
    }

    #[allow(clippy::too_many_arguments)]
    fn mount_layer(
        &self,
        id: u64,
        name: &str,
        namespace: &str,
        reference: Reference,
        layer_digest: &str,
        layer_size: u64,
        ztoc: Ztoc,
        trust: IndexTrust,
    ) -> Result<Mounted, RemoteError> {
        let uncompressed_size = ztoc.uncompressed_archive_size;
        // One retry policy (see `registry_blob`): the registry client's limits bound and retry
        // each range read; lazyfs only refetches a run whose bytes fail their digest, and its
        // own deadline is a backstop behind the blob's, so a stalled registry fails the reader
        // with EIO after one response or idle bound.
        let blob = RegistryBlob::new(
            self.registry.clone(),
            reference.clone(),
            layer_digest,
            layer_size,
            self.options.runtime.clone(),
        );
        let read_deadline =
            RegistryBlob::deadline(self.registry.limits()) + Duration::from_secs(10);
        let mountpoint = self.layout.upper(id);
        let options = MountOptions {
            layer: layer_digest.to_string(),
            fs_name: format!("linnet-lazy-{id}"),
            background: self.options.background,
            trust: match trust {
                IndexTrust::Trusted => Trust::Trusted,
                IndexTrust::Untrusted => Trust::Untrusted,
            },
            digest: Some(layer_digest.to_string()),
            fetch: RetryPolicy {
                attempts: 2,
                initial_backoff: Duration::from_millis(50),
                max_backoff: Duration::from_secs(1),
                request_timeout: read_deadline,
            },
            ..MountOptions::default()
        };
        let layer = linnet_lazyfs::mount_layer(
            ztoc,
            Arc::new(blob),
            &self.cache_dir(id),
            &mountpoint,
            options,
        )?;
        let record = StatusRecord {
            snapshot: name.to_string(),
            id,
            namespace: namespace.to_string(),
            image: reference.to_string(),
            layer: layer_digest.to_string(),
            layer_size,
            uncompressed_size,
            spans_total: 0,
            spans_fetched: 0,
            bytes_fetched: 0,
            mountpoint,
            trust: trust.as_str().to_string(),
            poisoned: None,
            verified: false,
            header_failure: None,
            header_failures: 0,
        };
        Ok(Mounted { layer, record })
    }
}

/// Writes `data` to `path` through a temporary file and a rename, so readers never see half.
fn write_atomic(path: &Path, data: &[u8]) -> Result<(), RemoteError> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, data).map_err(io_err("write", &tmp))?;
    std::fs::rename(&tmp, path).map_err(io_err("rename", &tmp))
}

/// Lazily detaches a mount (a dead or busy FUSE mount).
fn detach(path: &Path) {
    if let Err(e) = nix::mount::umount2(path, nix::mount::MntFlags::MNT_DETACH) {
        tracing::warn!("cannot detach {}: {e}", path.display());
    }
}

/// Detaches every mount under `root` left by an earlier snapshotter (FUSE mounts die with their
/// process and then fail with "transport endpoint is not connected"). Deepest first.
pub(crate) fn detach_stale_mounts(root: &Path) {
    let Ok(text) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return;
    };
    let prefix = format!("{}/", root.display());
    let mut stale: Vec<PathBuf> = text
        .lines()
        .filter_map(|line| line.split(' ').nth(4))
        .map(unescape_mountinfo)
        .filter(|p| p.starts_with(&prefix))
        .map(PathBuf::from)
        .collect();
    stale.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
    stale.dedup();
    for path in stale {
        tracing::info!("detaching stale mount {}", path.display());
        detach(&path);
    }
}

/// mountinfo escapes space, tab, newline and backslash as `\ooo`.
fn unescape_mountinfo(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 3 < bytes.len() {
            let oct = std::str::from_utf8(&bytes[i + 1..i + 4]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(oct, 8) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a stored snapshot is a remote one to remount at startup.
pub(crate) fn is_remote(info: &Info) -> bool {
    info.kind == Kind::Committed
        && info.labels.get(LABEL_REMOTE).map(String::as_str) == Some(REMOTE_SNAPSHOT)
}
