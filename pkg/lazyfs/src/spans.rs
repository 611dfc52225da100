//! The span manager: turns reads of uncompressed layer ranges into verified, cached spans.
//!
//! A span is fetched (as part of one range request covering the neighbouring missing spans a
//! read needs), checked against the ztoc's sha256 of its exact compressed bytes, inflated from
//! its checkpoint and written to `<cache>/<span id>` (temp name, then rename). Each span is
//! fetched by one reader at a time; others wait for it. A failure never yields bytes: the
//! spans go back to missing and the readers get an error. Spans also feed the window chain and
//! full-layer digest (`chain.rs`) and back the per-entry header checks (`verify.rs`).

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use linnet_ztoc::{Span, Ztoc};
use sha2::{Digest, Sha256};

use crate::blob::{BlobSource, RetryPolicy};
use crate::chain::Chain;
use crate::error::{Error, Result};
use crate::integrity::{Integrity, IntegrityStatus, Trust};
use crate::state::{State, Table};
use crate::verify::{Headers, MAX_HEADER_REGION};

/// Name of the file recording which layer a cache directory belongs to.
const MARKER: &str = "layer";
/// Written once the whole cached layer matched its digest (content: the cache identity), so a
/// restart does not fetch the layer again to re-hash it.
pub(crate) const VERIFIED: &str = "verified";
/// Subdirectory for spans being written.
const WIP: &str = "wip";
/// Name prefix of a span being written, beside its final name (see `store_at`).
const WIP_PREFIX: &str = ".wip.";
/// Subdirectory for compressed spans waiting for the window chain.
const ZDIR: &str = "z";
/// Most spans fetched in one blob read (bounds memory when the chain needs a long prefix).
const MAX_RUN: usize = 8;

/// Counters describing how much of a layer is local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Status {
    /// Spans in the layer.
    pub spans_total: usize,
    /// Spans verified, inflated and in the cache.
    pub spans_present: usize,
    /// Compressed bytes read from the blob source (retries included).
    pub bytes_fetched: u64,
}

/// Per-layer span cache and fetcher. Cheap to share behind an `Arc`.
pub struct SpanManager {
    pub(crate) layer: String,
    pub(crate) ztoc: Arc<Ztoc>,
    pub(crate) spans: Vec<Span>,
    pub(crate) blob: Arc<dyn BlobSource>,
    pub(crate) dir: PathBuf,
    policy: RetryPolicy,
    pub(crate) table: Mutex<Table>,
    pub(crate) changed: Condvar,
    present: AtomicUsize,
    pub(crate) bytes_fetched: AtomicU64,
    tmp_counter: AtomicU64,
    last_demand: Mutex<Instant>,
    pub(crate) integrity: Integrity,
    pub(crate) headers: Headers,
    pub(crate) chain: Mutex<Chain>,
    /// Mirror of `chain.next` readable without the chain's lock.
    pub(crate) chain_next: AtomicUsize,
    /// Mirror of the chain's hashing frontier.
    pub(crate) chain_hashed: AtomicUsize,
    /// Trusted ztocs with a background fetcher: the fetcher thread advances the chain, so
    /// readers do not pay for it (compressed spans wait on disk meanwhile).
    pub(crate) defer_chain: AtomicBool,
}

impl std::fmt::Debug for SpanManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpanManager")
            .field("layer", &self.layer)
            .field("dir", &self.dir)
            .field("status", &self.status())
            .finish()
    }
}

impl SpanManager {
    /// Prepares the cache in `dir` (created if missing) for the layer `layer` described by
    /// `ztoc`. Spans already cached there for the same layer are reused; stale span files from
    /// another layer are removed. `policy` bounds each span fetch (attempts include digest
    /// mismatches; the timeout applies to each blob read).
    pub fn new(
        layer: &str,
        ztoc: Arc<Ztoc>,
        blob: Arc<dyn BlobSource>,
        dir: &Path,
        policy: RetryPolicy,
    ) -> Result<SpanManager> {
        Self::with_trust(layer, ztoc, blob, dir, policy, Trust::Trusted, None)
    }

    /// [`SpanManager::new`] with the ztoc believed as `trust` says, and the sha256 `digest`
    /// (`sha256:<hex>`) the whole blob must hash to once local (see `integrity.rs`).
    pub fn with_trust(
        layer: &str,
        ztoc: Arc<Ztoc>,
        blob: Arc<dyn BlobSource>,
        dir: &Path,
        policy: RetryPolicy,
        trust: Trust,
        digest: Option<String>,
    ) -> Result<SpanManager> {
        let invalid = |reason: String| Error::InvalidZtoc {
            layer: layer.to_string(),
            reason,
        };
        let spans = ztoc.spans().map_err(|e| invalid(e.to_string()))?;
        let headers = Headers::new(&ztoc).map_err(invalid)?;
        if spans.len() != ztoc.compression.span_digests.len() {
            return Err(invalid(format!(
                "{} spans but {} span digests",
                spans.len(),
                ztoc.compression.span_digests.len()
            )));
        }
        for s in &spans {
            if s.compressed_end < s.compressed_start
                || s.uncompressed_end < s.uncompressed_start
                || s.compressed_end > blob.size()
            {
                return Err(invalid(format!(
                    "span {} has an invalid range (compressed {}..{}, blob is {} bytes)",
                    s.id,
                    s.compressed_start,
                    s.compressed_end,
                    blob.size()
                )));
            }
        }
        let cache_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Cache { path, source }
        };
        fs::create_dir_all(dir.join(WIP)).map_err(cache_err(dir))?;
        fs::create_dir_all(dir.join(ZDIR)).map_err(cache_err(dir))?;
        // Half-written spans from an earlier run are never renamed in, and the chain starts
        // over; drop both.
        for sub in [WIP, ZDIR] {
            for entry in fs::read_dir(dir.join(sub))
                .map_err(cache_err(dir))?
                .flatten()
            {
                let _ = fs::remove_file(entry.path());
            }
        }
        let identity = cache_identity(layer, &ztoc);
        let marker = dir.join(MARKER);
        let reuse = fs::read_to_string(&marker).is_ok_and(|m| m == identity);
        let mut state = vec![State::Missing; spans.len()];
        for entry in fs::read_dir(dir).map_err(cache_err(dir))? {
            let entry = entry.map_err(cache_err(dir))?;
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(WIP_PREFIX))
            {
                let _ = fs::remove_file(entry.path());
                continue;
            }
            let Some(id) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<usize>().ok())
            else {
                continue;
            };
            let len = entry.metadata().map(|m| m.len()).ok();
            match spans.get(id) {
                Some(s) if reuse && len == Some(s.uncompressed_end - s.uncompressed_start) => {
                    state[id] = State::Present;
                }
                _ => fs::remove_file(entry.path()).map_err(cache_err(&entry.path()))?,
            }
        }
        if !reuse {
            fs::write(&marker, &identity).map_err(cache_err(&marker))?;
        }
        let present = state.iter().filter(|s| **s == State::Present).count();
        let verified_marker = dir.join(VERIFIED);
        let verified_before = reuse
            && digest.is_some()
            && present == spans.len()
            && fs::read_to_string(&verified_marker).is_ok_and(|m| m == identity);
        if !verified_before {
            let _ = fs::remove_file(&verified_marker);
        }
        let integrity = Integrity::new(layer, trust, digest);
        let chain = if verified_before {
            for idx in 0..ztoc.toc.len() {
                headers.mark(idx);
            }
            integrity.set_verified();
            Chain::completed(spans.len())
        } else {
            Chain::default()
        };
        Ok(SpanManager {
            layer: layer.to_string(),
            ztoc,
            spans,
            blob,
            dir: dir.to_path_buf(),
            policy,
            table: Mutex::new(Table::new(state)),
            changed: Condvar::new(),
            present: AtomicUsize::new(present),
            bytes_fetched: AtomicU64::new(0),
            tmp_counter: AtomicU64::new(0),
            last_demand: Mutex::new(Instant::now()),
            integrity,
            headers,
            chain_next: AtomicUsize::new(chain.next),
            chain_hashed: AtomicUsize::new(chain.next),
            chain: Mutex::new(chain),
            defer_chain: AtomicBool::new(false),
        })
    }

    /// What has been proven about the layer so far, and what failed.
    pub fn integrity(&self) -> IntegrityStatus {
        self.integrity
            .status(self.chain_next.load(Ordering::Acquire))
    }

    /// Chains every local span, fetching compressed bytes that are no longer at hand; the
    /// background fetcher calls it once the layer is fully local.
    pub fn complete_chain(&self) {
        self.advance_chain(&[], true);
    }

    /// Checks toc entry `idx`'s tar header against the ztoc (once; see `verify.rs`).
    pub(crate) fn verify_entry(&self, idx: usize) -> Result<()> {
        self.integrity.check()?;
        if self.headers.is_verified(idx) {
            return Ok(());
        }
        let e = &self.ztoc.toc[idx];
        let fail = |reason: String| Error::HeaderMismatch {
            layer: self.layer.clone(),
            name: e.name.clone(),
            reason,
        };
        let (start, end) = self
            .headers
            .region(&self.ztoc, idx)
            .ok_or_else(|| fail("no such entry".into()))?;
        if end.saturating_sub(start) > MAX_HEADER_REGION {
            let err = fail(format!("header region of {} bytes", end - start));
            self.integrity.record_failure(err.to_string());
            return Err(err);
        }
        let region = self.read(start, end - start)?;
        if region.len() as u64 != end - start {
            let err = fail("header region lies outside the archive".into());
            self.integrity.record_failure(err.to_string());
            return Err(err);
        }
        let checked = linnet_ztoc::parse_entry_header(&region)
            .map_err(|e| format!("tar header at {start}: {e}"))
            .and_then(|mut actual| {
                // The parser counts from the region's start.
                actual.uncompressed_offset += start;
                e.header_mismatch(&actual).map_or(Ok(()), Err)
            });
        if let Err(reason) = checked {
            let err = fail(reason);
            self.integrity.record_failure(err.to_string());
            return Err(err);
        }
        self.headers.mark(idx);
        Ok(())
    }

    /// Whether toc entry `idx` is verified, or can be without a fetch.
    pub(crate) fn entry_ready(&self, idx: usize) -> bool {
        self.headers.is_verified(idx)
            || self
                .headers
                .region(&self.ztoc, idx)
                .is_some_and(|(s, e)| self.is_present(s, e.saturating_sub(s)))
    }

    pub(crate) fn entry_verified(&self, idx: usize) -> bool {
        self.headers.is_verified(idx)
    }

    pub(crate) fn zpath(&self, id: usize) -> PathBuf {
        self.dir.join(ZDIR).join(id.to_string())
    }

    /// Untrusted ztocs: waits until the window chain covers span `last` (fetching and chaining
    /// the spans before it in order).
    fn ensure_chained(&self, last: usize) -> Result<()> {
        loop {
            self.integrity.check()?;
            let next = self.chain_next.load(Ordering::Acquire);
            if next > last {
                return Ok(());
            }
            let upto = last.min(next + MAX_RUN - 1);
            let ids: Vec<usize> = (next..=upto).collect();
            self.ensure(&ids)?;
            // Windows and headers need no fetch; hashing catches up in the background.
            self.advance_chain(&[], false);
            if self.chain_next.load(Ordering::Acquire) == next {
                self.integrity.check()?;
                return Err(Error::Fetch {
                    layer: self.layer.clone(),
                    span: next,
                    reason: "the checkpoint window chain cannot reach this span".into(),
                });
            }
        }
    }

    /// The layer digest this manager serves.
    pub fn layer(&self) -> &str {
        &self.layer
    }

    /// Current counters.
    pub fn status(&self) -> Status {
        Status {
            spans_total: self.spans.len(),
            spans_present: self.present.load(Ordering::Relaxed),
            bytes_fetched: self.bytes_fetched.load(Ordering::Relaxed),
        }
    }

    /// Size of the uncompressed tar.
    pub fn uncompressed_size(&self) -> u64 {
        self.ztoc.uncompressed_archive_size
    }

    /// When a reader last needed a span that was not cached.
    pub fn last_demand(&self) -> Instant {
        *lock(&self.last_demand)
    }

    /// Reads `len` bytes at uncompressed archive offset `offset` (clipped to the archive),
    /// fetching missing spans first.
    pub fn read(&self, offset: u64, len: u64) -> Result<Vec<u8>> {
        let size = self.ztoc.uncompressed_archive_size;
        let end = offset.saturating_add(len).min(size);
        if offset >= end {
            return Ok(Vec::new());
        }
        self.integrity.check()?;
        let ids = self.spans_for(offset, end);
        if self.integrity.trust == Trust::Untrusted {
            if let Some(&last) = ids.last() {
                self.ensure_chained(last)?;
            }
        }
        self.ensure(&ids)?;
        let mut out = Vec::with_capacity(usize::try_from(end - offset).unwrap_or(0));
        for id in ids {
            let s = &self.spans[id];
            let from = offset.max(s.uncompressed_start);
            let to = end.min(s.uncompressed_end);
            if from >= to {
                continue;
            }
            let path = self.dir.join(id.to_string());
            let file = fs::File::open(&path).map_err(|source| Error::Cache {
                path: path.clone(),
                source,
            })?;
            let start = out.len();
            out.resize(start + usize::try_from(to - from).unwrap_or(0), 0);
            file.read_exact_at(&mut out[start..], from - s.uncompressed_start)
                .map_err(|source| Error::Cache { path, source })?;
        }
        Ok(out)
    }

    /// Whether every span holding `[offset, offset+len)` is cached.
    pub fn is_present(&self, offset: u64, len: u64) -> bool {
        let end = offset
            .saturating_add(len)
            .min(self.ztoc.uncompressed_archive_size);
        if offset >= end {
            return true;
        }
        if self.integrity.is_poisoned() {
            // Answered at once (with EIO) by the reader.
            return true;
        }
        let ids = self.spans_for(offset, end);
        if self.integrity.trust == Trust::Untrusted
            && ids
                .last()
                .is_some_and(|&l| self.chain_next.load(Ordering::Acquire) <= l)
        {
            return false;
        }
        lock(&self.table).all_present(&ids)
    }

    /// The lowest span that is neither cached nor being fetched.
    pub fn next_missing(&self) -> Option<usize> {
        lock(&self.table).first_missing()
    }

    /// Spans overlapping the uncompressed range `[offset, end)`, `offset < end`.
    fn spans_for(&self, offset: u64, end: u64) -> Vec<usize> {
        // The last span starting at or before `offset` (soci's UncompressedOffsetToSpanID).
        let first = self
            .spans
            .partition_point(|s| s.uncompressed_start <= offset)
            .saturating_sub(1);
        self.spans[first..]
            .iter()
            .take_while(|s| s.uncompressed_start < end)
            .filter(|s| s.uncompressed_end > offset)
            .map(|s| s.id)
            .collect()
    }

    /// Makes spans `ids` present: claims the missing ones and fetches them in contiguous runs
    /// (one blob read each), then waits for those other readers are fetching.
    pub fn ensure(&self, ids: &[usize]) -> Result<()> {
        let mut claim = Claim {
            mgr: self,
            ids: BTreeSet::new(),
        };
        let mut waiting = Vec::new();
        {
            let mut t = lock(&self.table);
            for &id in ids {
                match t.get(id) {
                    Some(State::Missing) if t.recently_failed(id) => {
                        return Err(Error::Fetch {
                            layer: self.layer.clone(),
                            span: id,
                            reason: "its fetch failed moments ago".into(),
                        });
                    }
                    Some(State::Missing) => {
                        t.claim(id);
                        claim.ids.insert(id);
                    }
                    Some(State::InFlight) => waiting.push((id, t.failures(id))),
                    Some(State::Present) => {}
                    None => {
                        return Err(Error::Fetch {
                            layer: self.layer.clone(),
                            span: id,
                            reason: "no such span".into(),
                        })
                    }
                }
            }
        }
        if !claim.ids.is_empty() {
            *lock(&self.last_demand) = Instant::now();
        }
        let mut first_err = None;
        for run in runs(&claim.ids) {
            if let Err(e) = self.fetch_run(&run, &mut claim) {
                tracing::error!(layer = %self.layer, span = run[0], "{e}");
                // Release at once so waiters learn of the failure.
                claim.release(&run);
                first_err.get_or_insert(e);
            }
        }
        if let Some(e) = first_err {
            return Err(e);
        }
        let mut t = lock(&self.table);
        for (id, failures) in waiting {
            loop {
                match t.get(id) {
                    // Every waited-for id was checked above, so `None` does not occur.
                    Some(State::Present) | None => break,
                    Some(State::Missing) if t.failures(id) != failures => {
                        return Err(Error::Fetch {
                            layer: self.layer.clone(),
                            span: id,
                            reason: "a concurrent fetch of this span failed".into(),
                        });
                    }
                    Some(State::Missing) => {
                        // Cannot happen (a failed fetch bumps the counter), but never spin.
                        drop(t);
                        self.ensure(&[id])?;
                        t = lock(&self.table);
                        break;
                    }
                    Some(State::InFlight) => {
                        t = self
                            .changed
                            .wait(t)
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                    }
                }
            }
        }
        Ok(())
    }

    /// Fetches, verifies, inflates and stores the contiguous spans `run`, retrying the read
    /// within the policy's budget.
    fn fetch_run(&self, run: &[usize], claim: &mut Claim<'_>) -> Result<()> {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
            return Ok(());
        };
        // Span 0 comes with the gzip header in front, which the layer digest covers too.
        let start = if first == 0 {
            0
        } else {
            self.spans[first].compressed_start
        };
        let end = self.spans[last].compressed_end;
        let attempts = self.policy.attempts.max(1);
        let mut last_err = None;
        for n in 0..attempts {
            if n > 0 {
                std::thread::sleep(self.policy.backoff(n - 1));
            }
            let data = match self.read_blob_once(start, end - start) {
                Ok(d) => d,
                Err(failure) => {
                    tracing::warn!(layer = %self.layer, span = first, attempt = n + 1, "fetch failed: {}", failure.message);
                    let err = Error::Fetch {
                        layer: self.layer.clone(),
                        span: first,
                        reason: failure.message,
                    };
                    // The source has run its own retry policy (or the read stalled): only a
                    // failure it marks transient is worth another attempt here.
                    if !failure.retry {
                        return Err(err);
                    }
                    last_err = Some(err);
                    continue;
                }
            };
            self.bytes_fetched
                .fetch_add(data.len() as u64, Ordering::Relaxed);
            if let Some(bad) = run
                .iter()
                .copied()
                .find(|&id| !self.verify(id, start, &data))
            {
                tracing::warn!(layer = %self.layer, span = bad, attempt = n + 1, "span digest mismatch, refetching");
                last_err = Some(Error::Verify {
                    layer: self.layer.clone(),
                    span: bad,
                    expected: self.ztoc.compression.span_digests[bad].clone(),
                });
                continue;
            }
            let defer = self.integrity.trust == Trust::Trusted
                && self.defer_chain.load(Ordering::Acquire)
                && !lock(&self.chain).done;
            let mut held: Vec<(usize, u64, &[u8], Vec<u8>)> = Vec::with_capacity(run.len());
            for &id in run {
                let s = &self.spans[id];
                let compressed = &data
                    [(s.compressed_start - start) as usize..(s.compressed_end - start) as usize];
                let plain =
                    self.ztoc
                        .decompress_span(id, compressed)
                        .map_err(|e| Error::Decompress {
                            layer: self.layer.clone(),
                            span: id,
                            reason: e.to_string(),
                        })?;
                self.store(id, &plain)?;
                // Ahead of the chain: keep the compressed bytes for it (before the span is
                // marked present, so the chain never finds it without them).
                let consumed_now = id == self.chain_next.load(Ordering::Acquire)
                    && id == self.chain_hashed.load(Ordering::Acquire);
                if defer || !consumed_now {
                    self.store_at(&self.zpath(id), compressed)?;
                }
                claim.ids.remove(&id);
                let mut t = lock(&self.table);
                t.mark_present(id);
                self.present.fetch_add(1, Ordering::Relaxed);
                drop(t);
                self.changed.notify_all();
                let from = if id == 0 { start } else { s.compressed_start };
                let with_head = &data[(from - start) as usize..(s.compressed_end - start) as usize];
                held.push((id, from, with_head, plain));
            }
            let mem: Vec<(usize, u64, &[u8], &[u8])> = held
                .iter()
                .map(|(id, b, c, p)| (*id, *b, *c, p.as_slice()))
                .collect();
            if !defer {
                self.advance_chain(&mem, false);
            }
            return Ok(());
        }
        Err(last_err.unwrap_or_else(|| Error::Fetch {
            layer: self.layer.clone(),
            span: first,
            reason: "no attempt was made".into(),
        }))
    }

    pub(crate) fn verify(&self, id: usize, base: u64, data: &[u8]) -> bool {
        let s = &self.spans[id];
        let (Some(from), Some(to)) = (
            usize::try_from(s.compressed_start - base).ok(),
            usize::try_from(s.compressed_end - base).ok(),
        ) else {
            return false;
        };
        let Some(bytes) = data.get(from..to) else {
            return false;
        };
        let digest = format!("sha256:{}", hex::encode(Sha256::digest(bytes)));
        digest == self.ztoc.compression.span_digests[id]
    }

    /// One blob read, abandoned after the policy's timeout so a stalled source cannot hang the
    /// reader (the stalled thread finishes or dies on its own).
    /// One read of the blob within the policy's deadline; the error says what failed.
    pub(crate) fn read_blob(&self, offset: u64, len: u64) -> std::result::Result<Vec<u8>, String> {
        self.read_blob_once(offset, len).map_err(|f| f.message)
    }

    /// One read of the blob within the policy's deadline, and whether its failure may heal on
    /// another attempt (see [`crate::blob::retryable`]). A read that outlives the deadline is a
    /// stall: abandoned, and not retried.
    fn read_blob_once(&self, offset: u64, len: u64) -> std::result::Result<Vec<u8>, ReadFailure> {
        let (tx, rx) = mpsc::sync_channel(1);
        let blob = Arc::clone(&self.blob);
        std::thread::Builder::new()
            .name("lazyfs-fetch".into())
            .spawn(move || {
                let _ = tx.send(blob.read_at(offset, len));
            })
            .map_err(|e| ReadFailure::fatal(format!("start fetch thread: {e}")))?;
        match rx.recv_timeout(self.policy.request_timeout) {
            Ok(Ok(data)) if data.len() as u64 == len => Ok(data),
            // A short answer is a body cut short: worth another attempt.
            Ok(Ok(data)) => Err(ReadFailure {
                message: format!(
                    "short read: wanted {len} bytes at {offset}, got {}",
                    data.len()
                ),
                retry: true,
            }),
            Ok(Err(e)) => Err(ReadFailure {
                retry: crate::blob::retryable(&e),
                message: error_chain(&e),
            }),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(ReadFailure::fatal(format!(
                "read of {len} bytes at {offset} timed out after {:?}",
                self.policy.request_timeout
            ))),
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(ReadFailure::fatal(format!(
                "read of {len} bytes at {offset} aborted"
            ))),
        }
    }

    fn store(&self, id: usize, data: &[u8]) -> Result<()> {
        self.store_at(&self.dir.join(id.to_string()), data)
    }

    fn store_at(&self, dst: &Path, data: &[u8]) -> Result<()> {
        let n = self.tmp_counter.fetch_add(1, Ordering::Relaxed);
        // The temporary file sits beside its destination: a rename within one directory takes
        // only that directory's lock, while a cross-directory rename takes the filesystem-wide
        // rename mutex, which overlayfs holds during a copy-up whose lower reads (getxattr,
        // verification) wait on this very filesystem: a deadlock seen with a real workload.
        let parent = dst.parent().unwrap_or(&self.dir);
        let tmp = parent.join(format!("{WIP_PREFIX}{}.{n}", std::process::id()));
        let dst = dst.to_path_buf();
        fs::write(&tmp, data).map_err(|source| Error::Cache {
            path: tmp.clone(),
            source,
        })?;
        fs::rename(&tmp, &dst).map_err(|source| {
            let _ = fs::remove_file(&tmp);
            Error::Cache { path: dst, source }
        })
    }
}

/// Spans this reader has marked in flight; whatever is left on drop (error, panic) goes back to
/// missing so no waiter blocks forever.
struct Claim<'a> {
    mgr: &'a SpanManager,
    ids: BTreeSet<usize>,
}

impl Claim<'_> {
    fn release(&mut self, ids: &[usize]) {
        let mut t = lock(&self.mgr.table);
        for id in ids {
            if self.ids.remove(id) {
                t.mark_failed(*id);
            }
        }
        drop(t);
        self.mgr.changed.notify_all();
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if !self.ids.is_empty() {
            let ids: Vec<usize> = self.ids.iter().copied().collect();
            self.release(&ids);
        }
    }
}

/// Splits sorted span ids into runs of consecutive ids.
fn runs(ids: &BTreeSet<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some(run) if run.len() < MAX_RUN && run.last().is_some_and(|&l| l + 1 == id) => {
                run.push(id)
            }
            _ => out.push(vec![id]),
        }
    }
    out
}

/// What a cache directory must have been written for to be reused.
pub(crate) fn cache_identity(layer: &str, ztoc: &Ztoc) -> String {
    let mut h = Sha256::new();
    for d in &ztoc.compression.span_digests {
        h.update(d.as_bytes());
        h.update(b"\n");
    }
    h.update(&ztoc.compression.checkpoints);
    format!("{layer}\n{}\n", hex::encode(h.finalize()))
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A failed blob read and whether another attempt may succeed.
struct ReadFailure {
    message: String,
    retry: bool,
}

impl ReadFailure {
    fn fatal(message: String) -> ReadFailure {
        ReadFailure {
            message,
            retry: false,
        }
    }
}

/// An error with its sources, `outer: inner: ...`, as one line for [`Error::Fetch`].
fn error_chain(e: &std::io::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_group_consecutive_ids() {
        let ids: BTreeSet<usize> = [1, 2, 3, 5, 7, 8].into_iter().collect();
        assert_eq!(runs(&ids), vec![vec![1, 2, 3], vec![5], vec![7, 8]]);
        assert!(runs(&BTreeSet::new()).is_empty());
    }
}
