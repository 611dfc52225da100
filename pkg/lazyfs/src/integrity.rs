//! What a lazy layer may claim before it is proven, and what happens when a proof fails.
//!
//! Span digests cover compressed bytes only; the ztoc's file table and checkpoint windows are
//! claims about the layer that a forged (yet digest-valid) ztoc can get wrong. Three checks turn
//! them into facts (see `verify.rs` and `chain.rs`): each entry's tar header is re-read from the
//! layer before the entry is first used, checkpoint windows are chained span by span, and a
//! layer that becomes fully local is hashed and compared with its digest.
//!
//! How much a ztoc is believed before those checks depends on how its index was found
//! ([`Trust`]). An index named by the image manifest's annotation (the manifest fetched by
//! digest) is as trustworthy as the image itself: its windows are used before they are chained,
//! so a read costs one span. An index found only through v1 referrers is
//! input from anyone with push access to the repository: its spans are served only once the
//! window chain has reached them, so a read of span k first fetches and inflates spans 0..k
//! (the background fetcher does the same work in order, so the wait shrinks over time). Header
//! verification and the full-layer digest apply at both levels.
//!
//! A failed window or layer check *poisons* the mount: every access fails with EIO from then on,
//! one loud log line says why, and the status reports it. A failed header check fails the
//! accesses of that entry only (the rest of the layer is still what its digest says).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// How far a layer's ztoc is believed before it is checked (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trust {
    /// Named by the image manifest's v2 annotation (the manifest checked against its digest).
    #[default]
    Trusted,
    /// Anything else (v1 referrers, an index named only by a label): spans are served only
    /// after the window chain reaches them.
    Untrusted,
}

impl Trust {
    /// Lower-case name for logs and status files.
    pub fn as_str(self) -> &'static str {
        match self {
            Trust::Trusted => "trusted",
            Trust::Untrusted => "untrusted",
        }
    }
}

/// What has been proven about a mounted layer, and what failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegrityStatus {
    /// How the ztoc is believed.
    pub trust: Trust,
    /// Why the mount answers EIO to everything, once poisoned.
    pub poisoned: Option<String>,
    /// True once the whole layer was hashed and matched its digest, every window chained and
    /// every file table entry matched the layer's own tar headers.
    pub layer_verified: bool,
    /// Spans whose checkpoint windows are chained from the start of the layer.
    pub spans_chained: usize,
    /// Entries whose tar header did not match the ztoc (their accesses fail).
    pub header_failures: u64,
    /// The last such mismatch.
    pub last_failure: Option<String>,
}

/// Shared poison flag and failure counters of one layer.
#[derive(Debug)]
pub(crate) struct Integrity {
    layer: String,
    pub trust: Trust,
    /// Expected `sha256:<hex>` of the whole compressed blob, when known.
    pub digest: Option<String>,
    poisoned: AtomicBool,
    reason: Mutex<Option<String>>,
    failures: AtomicU64,
    last_failure: Mutex<Option<String>>,
    verified: AtomicBool,
}

impl Integrity {
    pub fn new(layer: &str, trust: Trust, digest: Option<String>) -> Integrity {
        Integrity {
            layer: layer.to_string(),
            trust,
            digest,
            poisoned: AtomicBool::new(false),
            reason: Mutex::new(None),
            failures: AtomicU64::new(0),
            last_failure: Mutex::new(None),
            verified: AtomicBool::new(false),
        }
    }

    /// Fails every later access of the layer; the first reason is kept.
    pub fn poison(&self, reason: String) {
        let mut r = lock(&self.reason);
        if r.is_none() {
            tracing::error!(
                layer = %self.layer,
                "LAZY LAYER POISONED, every access now fails with EIO: {reason}"
            );
            *r = Some(reason);
        }
        self.poisoned.store(true, Ordering::Release);
    }

    pub fn is_poisoned(&self) -> bool {
        self.poisoned.load(Ordering::Acquire)
    }

    /// `Err` once poisoned.
    pub fn check(&self) -> Result<()> {
        if !self.is_poisoned() {
            return Ok(());
        }
        Err(Error::Poisoned {
            layer: self.layer.clone(),
            reason: lock(&self.reason).clone().unwrap_or_default(),
        })
    }

    pub fn record_failure(&self, reason: String) {
        tracing::error!(layer = %self.layer, "lazy layer integrity check failed: {reason}");
        self.failures.fetch_add(1, Ordering::Relaxed);
        *lock(&self.last_failure) = Some(reason);
    }

    pub fn set_verified(&self) {
        self.verified.store(true, Ordering::Release);
    }

    pub fn status(&self, spans_chained: usize) -> IntegrityStatus {
        IntegrityStatus {
            trust: self.trust,
            poisoned: lock(&self.reason).clone(),
            layer_verified: self.verified.load(Ordering::Acquire),
            spans_chained,
            header_failures: self.failures.load(Ordering::Relaxed),
            last_failure: lock(&self.last_failure).clone(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
