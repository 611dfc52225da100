//! The `checkpoints` blob of a ztoc ("zinfo"): soci's packed little-endian gzip checkpoint
//! table (v2, and the pre-release v1 without checkpoint 0), and the `TarZinfo` flatbuffer used
//! for uncompressed layers.

use crate::error::{Error, Result};
use crate::fbs::zinfo as fb;

/// Bytes of history each checkpoint stores.
pub const WINDOW_SIZE: usize = 32768;
/// Packed size of one checkpoint: in (8) + out (8) + bits (1) + window.
pub(crate) const PACKED_CHECKPOINT: usize = 8 + 8 + 1 + WINDOW_SIZE;
/// Blob header: checkpoint count (4) + span size (8).
pub(crate) const BLOB_HEADER: usize = 12;
/// Version written into `TarZinfo`.
const TAR_ZINFO_VERSION: i32 = 2;

static ZERO_WINDOW: [u8; WINDOW_SIZE] = [0; WINDOW_SIZE];

/// One gzip checkpoint: where a raw inflater can resume.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint<'a> {
    /// Compressed offset of the first full byte after the deflate block boundary.
    pub input: u64,
    /// Uncompressed offset at the checkpoint.
    pub output: u64,
    /// Unused bits (0..=7) of byte `input - 1` that belong to the next block.
    pub bits: u8,
    /// The 32 KiB of output preceding `output`, oldest first.
    pub window: &'a [u8],
}

/// A decoded gzip checkpoint blob, borrowing windows from the ztoc.
#[derive(Debug, Clone)]
pub struct GzipZinfo<'a> {
    /// Span size recorded by the builder.
    pub span_size: i64,
    /// Checkpoints in stream order (checkpoint 0 synthesized for v1 blobs).
    pub checkpoints: Vec<Checkpoint<'a>>,
    /// True for the legacy layout without checkpoint 0.
    pub legacy_v1: bool,
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Parses a gzip checkpoint blob; the version follows from its length (soci `blob_to_zinfo`).
pub fn parse_gzip_blob(blob: &[u8]) -> Result<GzipZinfo<'_>> {
    if blob.len() < BLOB_HEADER {
        return Err(Error::InvalidCheckpoints(format!(
            "blob is {} bytes, shorter than its header",
            blob.len()
        )));
    }
    let mut n4 = [0u8; 4];
    n4.copy_from_slice(&blob[..4]);
    let count = i32::from_le_bytes(n4);
    let span_size = le_u64(blob, 4) as i64;
    if count < 0 {
        return Err(Error::InvalidCheckpoints(format!(
            "negative checkpoint count {count}"
        )));
    }
    let count = count as usize;
    let body = blob.len() - BLOB_HEADER;
    let stored = if Some(body) == count.checked_mul(PACKED_CHECKPOINT) {
        count
    } else if count > 0 && Some(body) == (count - 1).checked_mul(PACKED_CHECKPOINT) {
        count - 1
    } else {
        return Err(Error::InvalidCheckpoints(format!(
            "blob of {} bytes does not hold {count} checkpoints",
            blob.len()
        )));
    };
    let legacy_v1 = stored != count;
    let mut checkpoints = Vec::with_capacity(count);
    if legacy_v1 {
        checkpoints.push(Checkpoint {
            input: 10,
            output: 0,
            bits: 0,
            window: &ZERO_WINDOW,
        });
    }
    for i in 0..stored {
        let at = BLOB_HEADER + i * PACKED_CHECKPOINT;
        let bits = blob[at + 16];
        if bits > 7 {
            return Err(Error::InvalidCheckpoints(format!(
                "checkpoint {i} has {bits} pending bits"
            )));
        }
        checkpoints.push(Checkpoint {
            input: le_u64(blob, at),
            output: le_u64(blob, at + 8),
            bits,
            window: &blob[at + 17..at + PACKED_CHECKPOINT],
        });
    }
    Ok(GzipZinfo {
        span_size,
        checkpoints,
        legacy_v1,
    })
}

/// Incrementally writes a v2 gzip checkpoint blob.
pub(crate) struct BlobWriter {
    blob: Vec<u8>,
    count: i32,
}

impl BlobWriter {
    pub(crate) fn new(span_size: u64) -> Self {
        let mut blob = Vec::with_capacity(BLOB_HEADER + 2 * PACKED_CHECKPOINT);
        blob.extend_from_slice(&0i32.to_le_bytes());
        blob.extend_from_slice(&(span_size as i64).to_le_bytes());
        BlobWriter { blob, count: 0 }
    }

    /// Appends a checkpoint; `window` is given as its two halves of the circular buffer.
    pub(crate) fn push(&mut self, input: u64, output: u64, bits: u8, older: &[u8], newer: &[u8]) {
        self.blob.extend_from_slice(&input.to_le_bytes());
        self.blob.extend_from_slice(&output.to_le_bytes());
        self.blob.push(bits);
        self.blob.extend_from_slice(older);
        self.blob.extend_from_slice(newer);
        self.count += 1;
    }

    pub(crate) fn count(&self) -> i32 {
        self.count
    }

    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.blob[..4].copy_from_slice(&self.count.to_le_bytes());
        self.blob
    }
}

/// The `TarZinfo` of an uncompressed layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TarZinfo {
    /// Format version (2 today).
    pub version: i32,
    /// Span size in bytes.
    pub span_size: i64,
    /// Layer size in bytes.
    pub size: i64,
}

/// Encodes a `TarZinfo` exactly as soci's Go builder does (version, span_size, size).
pub(crate) fn encode_tar_zinfo(span_size: i64, size: i64) -> Vec<u8> {
    let mut b = flatbuffers::FlatBufferBuilder::new();
    let start = b.start_table();
    b.push_slot::<i32>(fb::TarZinfo::VT_VERSION, TAR_ZINFO_VERSION, 0);
    b.push_slot::<i64>(fb::TarZinfo::VT_SPAN_SIZE, span_size, 0);
    b.push_slot::<i64>(fb::TarZinfo::VT_SIZE, size, 0);
    let root = b.end_table(start);
    b.finish_minimal(root);
    b.finished_data().to_vec()
}

/// Decodes a `TarZinfo` blob.
pub fn parse_tar_zinfo(blob: &[u8]) -> Result<TarZinfo> {
    let z = fb::root_as_tar_zinfo(blob)
        .map_err(|e| Error::InvalidCheckpoints(format!("tar zinfo: {e}")))?;
    Ok(TarZinfo {
        version: z.version(),
        span_size: z.span_size(),
        size: z.size(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tar_zinfo_matches_go_builder() {
        let want = "140000000000000000000a001c0018000c0004000a0000000000a0000000000000004000000000000000000002000000";
        let got = encode_tar_zinfo(4_194_304, 10_485_760);
        assert_eq!(hex::encode(&got), want);
        let z = parse_tar_zinfo(&got).expect("parse");
        assert_eq!((z.version, z.span_size, z.size), (2, 4_194_304, 10_485_760));
    }

    #[test]
    fn blob_versions() {
        let mut w = BlobWriter::new(4096);
        w.push(10, 0, 0, &[0; WINDOW_SIZE], &[]);
        w.push(200, 5000, 3, &[1; 100], &[2; WINDOW_SIZE - 100]);
        let blob = w.finish();
        let z = parse_gzip_blob(&blob).expect("v2");
        assert!(!z.legacy_v1);
        assert_eq!(z.checkpoints.len(), 2);
        assert_eq!(z.checkpoints[1].bits, 3);
        assert_eq!(z.checkpoints[1].window[99..101], [1, 2]);
        // v1: same count, checkpoint 0 dropped.
        let mut v1 = blob[..BLOB_HEADER].to_vec();
        v1.extend_from_slice(&blob[BLOB_HEADER + PACKED_CHECKPOINT..]);
        let z = parse_gzip_blob(&v1).expect("v1");
        assert!(z.legacy_v1);
        assert_eq!(z.checkpoints[0].input, 10);
        assert_eq!(z.checkpoints[1].input, 200);
        assert!(parse_gzip_blob(&blob[..blob.len() - 1]).is_err());
        assert!(parse_gzip_blob(&[1, 2]).is_err());
    }
}
