//! Per-entry tar-header verification (soci-format.md §1.6): before an entry is first opened,
//! listed, read as a link or shown with privileged attributes, the header blocks in front of its
//! data are inflated from the layer (through the verified span cache) and parsed with Go
//! `archive/tar` semantics; name, type, size, mode, owner, mtime, link target, device numbers
//! and all PAX records must equal the ztoc's entry. Header offsets are derived, never read from
//! the ztoc: entries sorted by data offset, each header at the 512-aligned end of the previous
//! entry's data, so a shifted or resized entry breaks its own check or its successor's.
//!
//! Verified entries are remembered in a bitset so the check costs one atomic load afterwards.

use std::sync::atomic::{AtomicU64, Ordering};

use linnet_ztoc::Ztoc;

/// Largest header region accepted: PAX and GNU long-name payloads are capped at 1 MiB each.
pub(crate) const MAX_HEADER_REGION: u64 = 3 << 20;

/// Derived header offsets and the verified bitset of one ztoc's entries.
#[derive(Debug)]
pub(crate) struct Headers {
    /// Header offset of each toc entry (by toc index).
    header_at: Vec<u64>,
    /// Toc indices in data-offset order (the order of the tar itself).
    order: Vec<usize>,
    bits: Vec<AtomicU64>,
}

impl Headers {
    pub fn new(ztoc: &Ztoc) -> Result<Headers, String> {
        let offsets = ztoc.tar_header_offsets().map_err(|e| e.to_string())?;
        let mut header_at = vec![0; ztoc.toc.len()];
        let mut order = Vec::with_capacity(offsets.len());
        for (idx, at) in offsets {
            header_at[idx] = at;
            order.push(idx);
        }
        let bits = (0..ztoc.toc.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        Ok(Headers {
            header_at,
            order,
            bits,
        })
    }

    /// `[header offset, data offset)` of toc entry `idx`.
    pub fn region(&self, ztoc: &Ztoc, idx: usize) -> Option<(u64, u64)> {
        let start = *self.header_at.get(idx)?;
        let end = ztoc.toc.get(idx)?.uncompressed_offset;
        Some((start, end))
    }

    pub fn order(&self) -> &[usize] {
        &self.order
    }

    pub fn is_verified(&self, idx: usize) -> bool {
        self.bits
            .get(idx / 64)
            .is_some_and(|w| w.load(Ordering::Acquire) & (1 << (idx % 64)) != 0)
    }

    pub fn mark(&self, idx: usize) {
        if let Some(w) = self.bits.get(idx / 64) {
            w.fetch_or(1 << (idx % 64), Ordering::AcqRel);
        }
    }
}
