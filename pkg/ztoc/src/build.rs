//! Building a ztoc in one streaming pass: the layer is inflated once with `Z_BLOCK` (soci's
//! `generate_zinfo_from_fp`), the output feeds the Go-compatible tar scanner, and the consumed
//! compressed bytes feed the per-span sha256 (soci reads the layer three times for this).

use std::io::Read;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::tar::TarScanner;
use crate::zinfo::{self, BlobWriter, WINDOW_SIZE};
use crate::zran::{self, Inflater, WBITS_AUTO};
use crate::ztoc::{CompressionAlgorithm, CompressionInfo, Ztoc, ZTOC_VERSION};

/// soci's default span size (4 MiB).
pub const DEFAULT_SPAN_SIZE: u64 = 1 << 22;
/// soci's default build tool identifier.
pub const DEFAULT_BUILD_TOOL: &str = "AWS SOCI CLI v0.2";

/// Input read size; does not influence the output.
const CHUNK: usize = 128 * 1024;

/// Options for [`build`].
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Minimum uncompressed distance between checkpoints (gzip) or the span length (tar).
    pub span_size: u64,
    /// Stored as `build_tool_identifier`.
    pub build_tool: String,
    /// Layer compression; `None` detects it from the magic bytes.
    pub compression: Option<CompressionAlgorithm>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            span_size: DEFAULT_SPAN_SIZE,
            build_tool: DEFAULT_BUILD_TOOL.to_string(),
            compression: None,
        }
    }
}

/// Detects the layer format from its first bytes; zstd and other formats are rejected.
fn detect(head: &[u8]) -> Result<CompressionAlgorithm> {
    match head {
        [0x1f, 0x8b, ..] => Ok(CompressionAlgorithm::Gzip),
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Err(Error::UnsupportedCompression("zstd")),
        [b, 0x2a, 0x4d, 0x18, ..] if b & 0xf0 == 0x50 => Err(Error::UnsupportedCompression("zstd")),
        [b'B', b'Z', b'h', ..] => Err(Error::UnsupportedCompression("bzip2")),
        [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => Err(Error::UnsupportedCompression("xz")),
        _ => Ok(CompressionAlgorithm::Uncompressed),
    }
}

/// Builds the ztoc of a gzip or uncompressed tar layer, reading `reader` exactly once.
pub fn build(mut reader: impl Read, options: &BuildOptions) -> Result<Ztoc> {
    let mut buf = vec![0u8; CHUNK];
    // Fill at least the magic bytes before deciding.
    let mut have = 0;
    while have < 6 {
        let n = zran::read_some(&mut reader, &mut buf[have..])?;
        if n == 0 {
            break;
        }
        have += n;
    }
    let algorithm = match options.compression {
        Some(a) => a,
        None => detect(&buf[..have])?,
    };
    let (compressed, uncompressed, toc, compression) = match algorithm {
        CompressionAlgorithm::Gzip => build_gzip(reader, buf, have, options.span_size)?,
        CompressionAlgorithm::Uncompressed => build_tar(reader, buf, have, options.span_size)?,
    };
    Ok(Ztoc {
        version: ZTOC_VERSION.to_string(),
        build_tool_identifier: options.build_tool.clone(),
        compressed_archive_size: compressed,
        uncompressed_archive_size: uncompressed,
        toc,
        compression,
    })
}

fn digest_string(h: Sha256) -> String {
    format!("sha256:{}", hex::encode(h.finalize()))
}

type Built = (u64, u64, Vec<crate::FileMetadata>, CompressionInfo);

fn build_gzip(mut reader: impl Read, mut inbuf: Vec<u8>, have: usize, span: u64) -> Result<Built> {
    let (mut ipos, mut ilen) = (0usize, have);
    // `window` is zlib's output buffer, used circularly as in soci's C code. zlib-rs may scribble
    // past the bytes it reports as produced (within avail_out), so the checkpoint history is
    // kept in `history`, a copy holding only produced bytes at the same positions.
    let mut window = vec![0u8; WINDOW_SIZE];
    let mut history = vec![0u8; WINDOW_SIZE];
    let mut wpos = 0usize;
    let mut inf = Inflater::new(WBITS_AUTO)?;
    let (mut totin, mut totout, mut last) = (0u64, 0u64, 0u64);
    let mut blob = BlobWriter::new(span);
    let mut digests = Vec::new();
    let mut hasher: Option<Sha256> = None;
    let mut last_byte = 0u8;
    let mut tar = TarScanner::new();
    loop {
        if ipos == ilen {
            ilen = zran::read_some(&mut reader, &mut inbuf)?;
            ipos = 0;
            if ilen == 0 {
                return Err(Error::Gzip {
                    offset: totin,
                    reason: "unexpected end of gzip stream".into(),
                });
            }
        }
        if wpos == WINDOW_SIZE {
            wpos = 0;
        }
        let step = inf
            .inflate(
                &inbuf[ipos..ilen],
                &mut window[wpos..],
                libz_rs_sys::Z_BLOCK,
            )
            .map_err(|e| match e {
                Error::Gzip { reason, .. } => Error::Gzip {
                    offset: totin,
                    reason,
                },
                e => e,
            })?;
        if step.consumed > 0 {
            let consumed = &inbuf[ipos..ipos + step.consumed];
            if let Some(h) = hasher.as_mut() {
                h.update(consumed);
            }
            last_byte = consumed[consumed.len() - 1];
            ipos += step.consumed;
            totin += step.consumed as u64;
        }
        if step.produced > 0 {
            let produced = &window[wpos..wpos + step.produced];
            history[wpos..wpos + step.produced].copy_from_slice(produced);
            if !tar.is_done() {
                tar.feed(produced)?;
            }
            wpos += step.produced;
            totout += step.produced as u64;
        }
        if step.stream_end {
            // Another gzip member follows (pigz, mgzip): parse its header and go on.
            if ipos == ilen {
                ilen = zran::read_some(&mut reader, &mut inbuf)?;
                ipos = 0;
                if ilen == 0 {
                    break;
                }
            }
            inf.reset(WBITS_AUTO)?;
            continue;
        }
        let dt = inf.data_type();
        if dt & 128 != 0 && dt & 64 == 0 && (totout == 0 || totout - last > span) {
            let bits = (dt & 7) as u8;
            if let Some(h) = hasher.take() {
                digests.push(digest_string(h));
            }
            let mut h = Sha256::new();
            if bits != 0 {
                // The partial byte belongs to both spans.
                h.update([last_byte]);
            }
            hasher = Some(h);
            blob.push(totin, totout, bits, &history[wpos..], &history[..wpos]);
            last = totout;
        }
    }
    if let Some(h) = hasher.take() {
        digests.push(digest_string(h));
    }
    let (toc, uncompressed) = tar.finish()?;
    let max_span_id = blob.count() - 1;
    Ok((
        totin,
        uncompressed,
        toc,
        CompressionInfo {
            algorithm: CompressionAlgorithm::Gzip,
            max_span_id,
            span_digests: digests,
            checkpoints: blob.finish(),
        },
    ))
}

fn build_tar(mut reader: impl Read, buf: Vec<u8>, have: usize, span: u64) -> Result<Built> {
    if span == 0 {
        return Err(Error::InvalidOptions(
            "span size must be positive for uncompressed layers".into(),
        ));
    }
    let mut buf = buf;
    let mut len = have;
    let mut total = 0u64;
    let mut tar = TarScanner::new();
    let mut digests = Vec::new();
    let mut hasher = Sha256::new();
    let mut in_span = 0u64;
    while len > 0 {
        let data = &buf[..len];
        if !tar.is_done() {
            tar.feed(data)?;
        }
        let mut rest = data;
        while !rest.is_empty() {
            let take = (span - in_span).min(rest.len() as u64) as usize;
            hasher.update(&rest[..take]);
            in_span += take as u64;
            rest = &rest[take..];
            if in_span == span {
                digests.push(digest_string(std::mem::take(&mut hasher)));
                in_span = 0;
            }
        }
        total += len as u64;
        len = zran::read_some(&mut reader, &mut buf)?;
    }
    if in_span > 0 {
        digests.push(digest_string(hasher));
    }
    let (toc, uncompressed) = tar.finish()?;
    let (size, span_i) = (i64::try_from(total), i64::try_from(span));
    let (size, span_i) = match (size, span_i) {
        (Ok(s), Ok(p)) => (s, p),
        _ => return Err(Error::InvalidOptions("layer or span size too large".into())),
    };
    // soci: max_span_id = size/span - (size % span == 0 ? 1 : 0)
    let max_span_id = size / span_i - i64::from(size % span_i == 0);
    Ok((
        total,
        uncompressed,
        toc,
        CompressionInfo {
            algorithm: CompressionAlgorithm::Uncompressed,
            max_span_id: i32::try_from(max_span_id)
                .map_err(|_| Error::InvalidOptions("too many spans".into()))?,
            span_digests: digests,
            checkpoints: zinfo::encode_tar_zinfo(span_i, size),
        },
    ))
}
