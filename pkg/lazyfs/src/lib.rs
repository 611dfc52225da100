//! Lazy layer filesystem: serves one image layer read-only over FUSE from its SOCI ztoc and
//! fetches the compressed spans it needs on demand (issue 4).
//!
//! * [`BlobSource`] is where compressed bytes come from ([`FileBlob`]; the snapshotter supplies
//!   one over registry range requests).
//! * [`SpanManager`] fetches, verifies (span digests), inflates and caches spans on disk.
//! * [`mount_layer`] builds the inode tree from the ztoc's file table and mounts it with fuser
//!   (multi-threaded, read-only, overlayfs-compatible whiteouts); the returned [`MountedLayer`]
//!   unmounts on drop and runs an optional background fetcher that makes the layer fully local.
//! * What the container sees is what the layer's digest commits to, or the access fails:
//!   per-entry tar-header checks, the checkpoint-window chain and the full-layer digest
//!   (`integrity.rs` explains the design and the [`Trust`] levels).
//! * `state.rs` is the span state table (present / pending / missing after a failure).

#![forbid(unsafe_code)]

mod blob;
mod chain;
mod error;
mod fetcher;
mod fs;
mod integrity;
mod spans;
mod state;
mod tree;
mod verify;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fuser::{BackgroundSession, Config, MountOption, SessionACL};
use linnet_ztoc::Ztoc;

pub use blob::{check_range, retryable, BlobSource, FileBlob, RetryPolicy};
pub use error::{Error, Result};
pub use fetcher::BackgroundOptions;
pub use integrity::{IntegrityStatus, Trust};
pub use spans::{SpanManager, Status};

/// How to mount a layer.
#[derive(Debug, Clone)]
pub struct MountOptions {
    /// Layer digest, used in logs and errors and to validate a reused cache directory.
    pub layer: String,
    /// FUSE worker threads (each on its own cloned `/dev/fuse` fd).
    pub threads: usize,
    /// Entry and attribute cache time; layers are immutable so this can be long.
    pub ttl: Duration,
    /// Let every user access the mount (`allow_other`), as a container rootfs needs.
    pub allow_other: bool,
    /// Honour device files (`dev`); otherwise the mount is `nodev`.
    pub dev: bool,
    /// Honour setuid/setgid bits (`suid`); otherwise the mount is `nosuid`.
    pub suid: bool,
    /// Mark opaque directories with `user.overlay.opaque` (overlay `userxattr`) instead of
    /// `trusted.overlay.opaque`.
    pub userxattr: bool,
    /// Source name shown in the mount table.
    pub fs_name: String,
    /// Budget of one span fetch: attempts (digest mismatches count), backoff and the deadline
    /// of each blob read.
    pub fetch: RetryPolicy,
    /// Background fetching of the remaining spans; `None` keeps the layer purely on demand.
    pub background: Option<BackgroundOptions>,
    /// How far the ztoc is believed before it is checked (how its index was found).
    pub trust: Trust,
    /// `sha256:<hex>` the whole blob must hash to once fully local; a mismatch poisons the
    /// mount. `None` skips that one comparison (windows and headers are still checked).
    pub digest: Option<String>,
}

impl Default for MountOptions {
    fn default() -> Self {
        MountOptions {
            layer: "unknown layer".into(),
            threads: 4,
            ttl: Duration::from_secs(3600),
            allow_other: true,
            dev: true,
            suid: true,
            userxattr: false,
            fs_name: "linnet-lazyfs".into(),
            fetch: RetryPolicy {
                attempts: 3,
                initial_backoff: Duration::from_millis(50),
                max_backoff: Duration::from_secs(2),
                request_timeout: Duration::from_secs(120),
            },
            background: Some(BackgroundOptions::default()),
            trust: Trust::Trusted,
            digest: None,
        }
    }
}

/// A mounted layer. Dropping it stops the background fetcher and unmounts (errors are logged);
/// call [`MountedLayer::unmount`] to see them.
pub struct MountedLayer {
    session: Option<BackgroundSession>,
    spans: Arc<SpanManager>,
    fetcher: Option<fetcher::Fetcher>,
    mountpoint: PathBuf,
}

impl std::fmt::Debug for MountedLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MountedLayer")
            .field("layer", &self.spans.layer())
            .field("mountpoint", &self.mountpoint)
            .field("status", &self.spans.status())
            .finish()
    }
}

impl MountedLayer {
    /// How much of the layer is local.
    pub fn status(&self) -> Status {
        self.spans.status()
    }

    /// What has been proven about the layer, and why it is poisoned if it is.
    pub fn integrity(&self) -> IntegrityStatus {
        self.spans.integrity()
    }

    /// Where the layer is mounted.
    pub fn mountpoint(&self) -> &Path {
        &self.mountpoint
    }

    /// The span manager, e.g. to prefetch spans or read through the cache without FUSE.
    pub fn spans(&self) -> &Arc<SpanManager> {
        &self.spans
    }

    /// Pauses background fetching (on-demand reads continue).
    pub fn pause_background(&self) {
        if let Some(f) = &self.fetcher {
            f.set_paused(true);
        }
    }

    /// Resumes background fetching (after the silence period).
    pub fn resume_background(&self) {
        if let Some(f) = &self.fetcher {
            f.set_paused(false);
        }
    }

    /// Stops the background fetcher, unmounts and waits for the FUSE threads to end.
    pub fn unmount(mut self) -> Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<()> {
        if let Some(mut f) = self.fetcher.take() {
            f.stop();
        }
        match self.session.take() {
            Some(s) => s.umount_and_join().map_err(|source| Error::Unmount {
                mountpoint: self.mountpoint.clone(),
                source,
            }),
            None => Ok(()),
        }
    }
}

impl Drop for MountedLayer {
    fn drop(&mut self) {
        if let Err(e) = self.shutdown() {
            tracing::warn!("{e}");
        }
    }
}

/// Mounts the layer described by `ztoc` (whose bytes come from `blob`) read-only at
/// `mountpoint`, caching spans in `cache_dir`. Fails before mounting when the ztoc does not fit
/// the blob or its file table has escaping names or dangling hardlinks.
pub fn mount_layer(
    ztoc: impl Into<Arc<Ztoc>>,
    blob: Arc<dyn BlobSource>,
    cache_dir: &Path,
    mountpoint: &Path,
    options: MountOptions,
) -> Result<MountedLayer> {
    let ztoc = ztoc.into();
    let opaque = if options.userxattr {
        "user.overlay.opaque"
    } else {
        "trusted.overlay.opaque"
    };
    let tree = Arc::new(tree::Tree::build(&options.layer, &ztoc, opaque)?);
    let spans = Arc::new(SpanManager::with_trust(
        &options.layer,
        Arc::clone(&ztoc),
        blob,
        cache_dir,
        options.fetch,
        options.trust,
        options.digest.clone(),
    )?);
    let fs = fs::LazyFs {
        tree,
        spans: Arc::clone(&spans),
        ttl: options.ttl,
    };
    let mut mount_options = vec![
        MountOption::FSName(options.fs_name.clone()),
        MountOption::Subtype("linnet".into()),
        MountOption::RO,
        MountOption::DefaultPermissions,
        if options.dev {
            MountOption::Dev
        } else {
            MountOption::NoDev
        },
        if options.suid {
            MountOption::Suid
        } else {
            MountOption::NoSuid
        },
    ];
    mount_options.push(MountOption::NoAtime);
    let mut config = Config::default();
    config.mount_options = mount_options;
    config.acl = if options.allow_other {
        SessionACL::All
    } else {
        SessionACL::Owner
    };
    config.n_threads = Some(options.threads.max(1));
    config.clone_fd = true;
    let mount_err = |source| Error::Mount {
        layer: options.layer.clone(),
        mountpoint: mountpoint.to_path_buf(),
        source,
    };
    let session = fuser::Session::new(fs, mountpoint, &config)
        .and_then(fuser::Session::spawn)
        .map_err(mount_err)?;
    let mut layer = MountedLayer {
        session: Some(session),
        spans: Arc::clone(&spans),
        fetcher: None,
        mountpoint: mountpoint.to_path_buf(),
    };
    if let Some(bg) = options.background {
        if options.trust == Trust::Trusted {
            spans
                .defer_chain
                .store(true, std::sync::atomic::Ordering::Release);
        }
        layer.fetcher = Some(fetcher::Fetcher::start(spans, bg).map_err(mount_err)?);
    }
    Ok(layer)
}
