//! The window chain and the full-layer digest: one pass over the spans in order, advanced as
//! spans become local (by readers or the background fetcher).
//!
//! Checkpoint window W_{i+1} must equal the last 32 KiB of what span i inflates to from W_i; W_0
//! precedes the first byte of the stream and is trivially right. A forged window makes every
//! byte inflated from it wrong without any span digest failing, so span i's output is compared
//! with W_{i+1} once W_i is chained (which also catches a moved checkpoint: its output no longer
//! ends where the next window says). The same pass hashes the compressed bytes in order (the
//! gzip header before span 0 and anything after the last span included) and re-scans the tar,
//! comparing every entry with the ztoc's file table in archive order; when the last span is
//! chained the hash must equal the layer digest. The hashed bytes also run through an
//! independent streaming gunzip whose output must equal the spans' inflated bytes, so a fully
//! local layer is the layer byte for byte, whatever its checkpoints said (a moved compressed
//! offset of the last span, which no window follows, included). Any mismatch poisons the mount.
//!
//! The pass has two frontiers: windows and headers need only inflated spans (what untrusted
//! reads wait for, so a restart over a filled cache serves them at once), hashing needs the
//! compressed bytes and follows behind. Compressed bytes of spans fetched ahead of it are kept
//! in `<cache>/z/<id>` until it consumes them; spans found in the cache from an earlier run are fetched once more,
//! unless that run verified the whole layer (`<cache>/verified`, as trusted as the span cache).

use std::borrow::Cow;
use std::fs;
use std::io::Write;
use std::sync::atomic::Ordering;

use linnet_ztoc::{CompressionAlgorithm, TarStream};
use sha2::{Digest, Sha256};

use crate::spans::{lock, SpanManager};

/// Output of the streaming gunzip not yet compared with the spans.
#[derive(Default)]
struct Sink(Vec<u8>);

/// More unmatched gunzip output than any span plus its neighbour's first block can explain.
const SINK_LIMIT: usize = 256 << 20;

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > SINK_LIMIT {
            return Err(std::io::Error::other(
                "the layer inflates to far more bytes than its spans",
            ));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Progress of the in-order verification pass.
pub(crate) struct Chain {
    /// Spans `[0, next)` have their windows and tar headers checked.
    pub next: usize,
    /// Spans `[0, hashed)` (`<= next`) have their compressed bytes hashed and gunzipped.
    hashed: usize,
    hasher: Sha256,
    hashed_to: u64,
    /// Independent gunzip of the hashed bytes (gzip layers).
    gunzip: flate2::write::MultiGzDecoder<Sink>,
    /// Inflated span bytes not yet matched by the gunzip output.
    expected: Vec<u8>,
    tar: TarStream,
    /// Entries of the file table (in archive order) matched so far.
    matched: usize,
    pub done: bool,
}

impl Default for Chain {
    fn default() -> Self {
        Chain {
            next: 0,
            hashed: 0,
            hasher: Sha256::new(),
            hashed_to: 0,
            gunzip: flate2::write::MultiGzDecoder::new(Sink::default()),
            expected: Vec::new(),
            tar: TarStream::default(),
            matched: 0,
            done: false,
        }
    }
}

impl Chain {
    /// A chain already completed (and verified) by an earlier run over the same cache.
    pub fn completed(spans: usize) -> Chain {
        Chain {
            next: spans,
            hashed: spans,
            done: true,
            ..Chain::default()
        }
    }
}

/// Bytes of spans a fetch still holds in memory: (id, compressed offset of the first byte
/// held, compressed bytes up to the span's end, inflated span).
pub(crate) type InMemory<'a> = &'a [(usize, u64, &'a [u8], &'a [u8])];

impl SpanManager {
    /// Chains as many spans as are local, in order: first windows and file table (inflated
    /// bytes only, which is what untrusted reads wait for), then hash and gunzip (compressed
    /// bytes; `fetch` allows fetching those no longer at hand, e.g. spans an earlier run cached).
    pub(crate) fn advance_chain(&self, mem: InMemory<'_>, fetch: bool) {
        let n = self.spans.len();
        let mut c = lock(&self.chain);
        while !c.done && c.next < n && !self.integrity.is_poisoned() {
            let id = c.next;
            if !lock(&self.table).is_present(id) {
                break;
            }
            let Some(plain) = self.chain_plain(mem, id) else {
                break;
            };
            if let Err(reason) = self.check_plain(&mut c, id, &plain) {
                self.integrity.poison(reason);
                break;
            }
            c.next += 1;
            self.chain_next.store(c.next, Ordering::Release);
        }
        while !c.done && c.hashed < c.next && !self.integrity.is_poisoned() {
            let id = c.hashed;
            let (base, compressed): (u64, Cow<'_, [u8]>) = match mem.iter().find(|m| m.0 == id) {
                Some(m) => (m.1, Cow::Borrowed(m.2)),
                None => match self.chain_compressed(id, fetch) {
                    Some((base, b)) => (base, Cow::Owned(b)),
                    None => break,
                },
            };
            let Some(plain) = self.chain_plain(mem, id) else {
                break;
            };
            if let Err(reason) = self.check_compressed(&mut c, id, base, &compressed, &plain) {
                self.integrity.poison(reason);
                break;
            }
            let _ = fs::remove_file(self.zpath(id));
            c.hashed += 1;
            self.chain_hashed.store(c.hashed, Ordering::Release);
        }
        if !c.done && c.hashed == n && !self.integrity.is_poisoned() {
            if let Err(reason) = self.finish_chain(&mut c) {
                self.integrity.poison(reason);
            }
        }
        drop(c);
        self.changed.notify_all();
    }

    /// Inflated bytes of span `id`: held by the fetch, else from the cache.
    fn chain_plain<'a>(&self, mem: InMemory<'a>, id: usize) -> Option<Cow<'a, [u8]>> {
        if let Some(m) = mem.iter().find(|m| m.0 == id) {
            return Some(Cow::Borrowed(m.3));
        }
        match fs::read(self.dir.join(id.to_string())) {
            Ok(b) => Some(Cow::Owned(b)),
            Err(e) => {
                tracing::warn!(layer = %self.layer, span = id, "chain: read cached span: {e}");
                None
            }
        }
    }

    /// Compressed bytes of span `id` (and where they start) kept on disk (checked against its
    /// digest), else fetched; span 0 is fetched with the gzip header in front of it.
    fn chain_compressed(&self, id: usize, fetch: bool) -> Option<(u64, Vec<u8>)> {
        let s = &self.spans[id];
        if let Ok(b) = fs::read(self.zpath(id)) {
            if self.verify(id, s.compressed_start, &b) {
                return Some((s.compressed_start, b));
            }
        }
        if !fetch {
            return None;
        }
        let base = if id == 0 { 0 } else { s.compressed_start };
        match self.read_blob(base, s.compressed_end - base) {
            Ok(b) if self.verify(id, base, &b) => {
                self.bytes_fetched
                    .fetch_add(b.len() as u64, Ordering::Relaxed);
                Some((base, b))
            }
            Ok(_) => {
                tracing::warn!(layer = %self.layer, span = id, "chain: span digest mismatch");
                None
            }
            Err(e) => {
                tracing::warn!(layer = %self.layer, span = id, "chain: fetch span: {e}");
                None
            }
        }
    }

    /// Span `id`'s output against the next checkpoint window, and its tar headers against the
    /// file table.
    fn check_plain(&self, c: &mut Chain, id: usize, plain: &[u8]) -> Result<(), String> {
        let s = &self.spans[id];
        if plain.len() as u64 != s.uncompressed_end - s.uncompressed_start
            || c.tar.position() != s.uncompressed_start
        {
            return Err(format!(
                "span {id} holds uncompressed bytes {}..{} but the chain is at {}",
                s.uncompressed_start,
                s.uncompressed_end,
                c.tar.position()
            ));
        }
        if self.ztoc.compression.algorithm == CompressionAlgorithm::Gzip {
            let zi = self.ztoc.gzip_zinfo().map_err(|e| e.to_string())?;
            if let (Some(cur), Some(next)) = (zi.checkpoints.get(id), zi.checkpoints.get(id + 1)) {
                let w = next.window.len();
                let ok = if plain.len() >= w {
                    plain[plain.len() - w..] == *next.window
                } else {
                    let keep = cur.window.len().saturating_sub(plain.len());
                    cur.window.len() == w
                        && cur.window[cur.window.len() - keep..] == next.window[..keep]
                        && next.window[keep..] == *plain
                };
                if !ok {
                    return Err(format!(
                        "checkpoint window {} is not the output of span {id}: the ztoc does not describe this layer",
                        id + 1
                    ));
                }
            }
        }
        c.tar
            .feed(plain)
            .map_err(|e| format!("tar stream of the layer: {e}"))?;
        for actual in c.tar.take_entries() {
            let Some(&idx) = self.headers.order().get(c.matched) else {
                return Err(format!(
                    "the layer has an entry {:?} the ztoc does not list",
                    actual.name
                ));
            };
            if let Some(why) = self.ztoc.toc[idx].header_mismatch(&actual) {
                return Err(format!(
                    "file table entry {:?} is not the layer's: {why}",
                    self.ztoc.toc[idx].name
                ));
            }
            self.headers.mark(idx);
            c.matched += 1;
        }
        Ok(())
    }

    /// Span `id`'s compressed bytes into the layer hash and the independent gunzip, whose
    /// output must be the span's inflated bytes.
    fn check_compressed(
        &self,
        c: &mut Chain,
        id: usize,
        base: u64,
        compressed: &[u8],
        plain: &[u8],
    ) -> Result<(), String> {
        let s = &self.spans[id];
        let gzip = self.ztoc.compression.algorithm == CompressionAlgorithm::Gzip;
        if id == 0 && base > 0 {
            let head = self.read_blob(0, base)?;
            c.hasher.update(&head);
            if gzip {
                gunzip(c, &head, false)?;
            }
            c.hashed_to = base;
        }
        if base > c.hashed_to || c.hashed_to > s.compressed_end {
            return Err(format!(
                "span {id} covers compressed bytes {}..{} but the previous span ends at {}",
                s.compressed_start, s.compressed_end, c.hashed_to
            ));
        }
        let skip = usize::try_from(c.hashed_to - base).map_err(|e| e.to_string())?;
        let fresh = compressed.get(skip..).unwrap_or_default();
        c.hasher.update(fresh);
        c.hashed_to = s.compressed_end;
        if gzip {
            c.expected.extend_from_slice(plain);
            gunzip(c, fresh, id + 1 == self.spans.len())?;
        }
        Ok(())
    }

    fn finish_chain(&self, c: &mut Chain) -> Result<(), String> {
        let size = self.blob.size();
        if c.hashed_to < size {
            let tail = self.read_blob(c.hashed_to, size - c.hashed_to)?;
            c.hasher.update(&tail);
            if self.ztoc.compression.algorithm == CompressionAlgorithm::Gzip {
                gunzip(c, &tail, true)?;
            }
            c.hashed_to = size;
        }
        if self.ztoc.compression.algorithm == CompressionAlgorithm::Gzip {
            c.gunzip
                .try_finish()
                .map_err(|e| format!("gunzip of the layer: {e}"))?;
            gunzip(c, &[], true)?;
            if !c.expected.is_empty() {
                return Err(format!(
                    "the layer inflates to {} bytes fewer than the ztoc's archive",
                    c.expected.len()
                ));
            }
        }
        if c.matched != self.ztoc.toc.len() {
            return Err(format!(
                "the ztoc lists {} entries but the layer has {}",
                self.ztoc.toc.len(),
                c.matched
            ));
        }
        let actual = format!("sha256:{}", hex::encode(c.hasher.clone().finalize()));
        c.done = true;
        match &self.integrity.digest {
            Some(want) if *want != actual => {
                return Err(format!(
                    "the fully fetched layer hashes to {actual}, not to its digest {want}"
                ));
            }
            Some(_) => {
                self.integrity.set_verified();
                let identity = crate::spans::cache_identity(&self.layer, &self.ztoc);
                let marker = self.dir.join(crate::spans::VERIFIED);
                if let Err(e) = fs::write(&marker, identity) {
                    tracing::warn!(layer = %self.layer, "cannot record the verified layer: {e}");
                }
                tracing::info!(layer = %self.layer, "lazy layer fully local and verified against its digest");
            }
            None => {
                tracing::info!(layer = %self.layer, "lazy layer fully local and chained (no digest to compare)");
            }
        }
        Ok(())
    }
}

/// Feeds compressed bytes to the chain's gunzip and matches its output against the inflated
/// spans; once `all_fed` (every span's bytes given), output beyond the ztoc's archive (tar
/// record padding) is dropped uncompared.
fn gunzip(c: &mut Chain, compressed: &[u8], all_fed: bool) -> Result<(), String> {
    c.gunzip
        .write_all(compressed)
        .map_err(|e| format!("gunzip of the layer: {e}"))?;
    let out = &mut c.gunzip.get_mut().0;
    let n = out.len().min(c.expected.len());
    if out[..n] != c.expected[..n] {
        return Err(
            "the spans inflate to other bytes than the layer does: the ztoc's checkpoints do not describe this layer"
                .into(),
        );
    }
    out.drain(..n);
    c.expected.drain(..n);
    if all_fed && c.expected.is_empty() {
        c.gunzip.get_mut().0.clear();
    }
    Ok(())
}
