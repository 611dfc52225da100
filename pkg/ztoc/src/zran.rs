//! The only unsafe code in the crate: a small owner of a zlib-rs `z_stream` that exposes the
//! zran primitives soci relies on (`inflate(Z_BLOCK)`, `data_type`, `inflatePrime`,
//! `inflateSetDictionary`, `inflateReset2`), plus resuming decompression at a checkpoint.

use std::ffi::CStr;
use std::io::Read;

use libz_rs_sys as z;

use crate::error::{Error, Result};
use crate::zinfo::Checkpoint;

/// zlib window bits: 15 with gzip/zlib auto-detection.
pub(crate) const WBITS_AUTO: i32 = 47;
/// zlib window bits: raw deflate.
pub(crate) const WBITS_RAW: i32 = -15;

/// Outcome of one `inflate` call.
pub(crate) struct Step {
    pub(crate) consumed: usize,
    pub(crate) produced: usize,
    pub(crate) stream_end: bool,
}

/// An initialized inflate stream. Boxed because zlib keeps a back-pointer to the stream.
pub(crate) struct Inflater {
    strm: Box<z::z_stream>,
}

impl Inflater {
    pub(crate) fn new(window_bits: i32) -> Result<Self> {
        let mut strm: Box<z::z_stream> = Box::default();
        // SAFETY: `strm` is a valid, default-initialized stream with the rust allocator; the
        // version string and struct size are the library's own.
        let ret = unsafe {
            z::inflateInit2_(
                &mut *strm,
                window_bits,
                z::zlibVersion(),
                std::mem::size_of::<z::z_stream>() as i32,
            )
        };
        if ret != z::Z_OK {
            return Err(zerr(0, ret, "inflateInit2"));
        }
        Ok(Inflater { strm })
    }

    /// `data_type` after the last call: bit 7 = block boundary, bit 6 = last block, 0..2 = bits.
    pub(crate) fn data_type(&self) -> i32 {
        self.strm.data_type
    }

    /// Runs `inflate(flush)` over `input` into `output`.
    pub(crate) fn inflate(&mut self, input: &[u8], output: &mut [u8], flush: i32) -> Result<Step> {
        let avail_in = input.len().min(u32::MAX as usize);
        let avail_out = output.len().min(u32::MAX as usize);
        self.strm.next_in = input.as_ptr();
        self.strm.avail_in = avail_in as u32;
        self.strm.next_out = output.as_mut_ptr();
        self.strm.avail_out = avail_out as u32;
        // SAFETY: next_in/next_out point into live slices of at least avail_in/avail_out bytes;
        // the pointers are cleared below before the borrows end.
        let ret = unsafe { z::inflate(&mut *self.strm, flush) };
        let step = Step {
            consumed: avail_in - self.strm.avail_in as usize,
            produced: avail_out - self.strm.avail_out as usize,
            stream_end: ret == z::Z_STREAM_END,
        };
        let msg = self.message();
        self.strm.next_in = std::ptr::null();
        self.strm.avail_in = 0;
        self.strm.next_out = std::ptr::null_mut();
        self.strm.avail_out = 0;
        match ret {
            z::Z_OK | z::Z_STREAM_END | z::Z_BUF_ERROR => Ok(step),
            _ => Err(Error::Gzip {
                offset: 0,
                reason: msg.unwrap_or_else(|| format!("inflate returned {ret}")),
            }),
        }
    }

    fn message(&self) -> Option<String> {
        if self.strm.msg.is_null() {
            return None;
        }
        // SAFETY: zlib sets msg to a static NUL-terminated string.
        Some(
            unsafe { CStr::from_ptr(self.strm.msg) }
                .to_string_lossy()
                .into_owned(),
        )
    }

    pub(crate) fn reset(&mut self, window_bits: i32) -> Result<()> {
        // SAFETY: the stream was initialized by `new`.
        let ret = unsafe { z::inflateReset2(&mut *self.strm, window_bits) };
        if ret != z::Z_OK {
            return Err(zerr(0, ret, "inflateReset2"));
        }
        Ok(())
    }

    fn prime(&mut self, bits: i32, value: i32) -> Result<()> {
        // SAFETY: initialized stream; zlib validates the arguments.
        let ret = unsafe { z::inflatePrime(&mut *self.strm, bits, value) };
        if ret != z::Z_OK {
            return Err(zerr(0, ret, "inflatePrime"));
        }
        Ok(())
    }

    fn set_dictionary(&mut self, dict: &[u8]) -> Result<()> {
        // SAFETY: initialized stream; `dict` is a live slice of the given length.
        let ret =
            unsafe { z::inflateSetDictionary(&mut *self.strm, dict.as_ptr(), dict.len() as u32) };
        if ret != z::Z_OK {
            return Err(zerr(0, ret, "inflateSetDictionary"));
        }
        Ok(())
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        // SAFETY: initialized by `new`; ended exactly once.
        unsafe {
            z::inflateEnd(&mut *self.strm);
        }
    }
}

fn zerr(offset: u64, ret: i32, what: &str) -> Error {
    Error::Gzip {
        offset,
        reason: format!("{what} failed with zlib code {ret}"),
    }
}

/// Decompresses `len` bytes starting `skip` bytes after checkpoint `cp`, reading compressed data
/// from `r`, which must be positioned at the span start (`cp.input - (bits != 0)`). Follows
/// soci's `extract_data_from_buffer`: raw inflate, prime the pending bits, set the window, and
/// continue through later gzip members.
pub(crate) fn extract_from_checkpoint(
    r: &mut impl Read,
    cp: &Checkpoint<'_>,
    mut skip: u64,
    len: usize,
) -> Result<Vec<u8>> {
    // The length comes from ztoc metadata; do not trust it for a single up-front allocation.
    let mut out = Vec::with_capacity(len.min(16 << 20));
    if len == 0 {
        return Ok(out);
    }
    let mut inf = Inflater::new(WBITS_RAW)?;
    let mut consumed: u64 = cp.input.saturating_sub(u64::from(cp.bits != 0));
    let gz = |offset: u64, reason: &str| Error::Gzip {
        offset,
        reason: reason.to_string(),
    };
    if cp.bits != 0 {
        let mut b = [0u8; 1];
        r.read_exact(&mut b)
            .map_err(|_| gz(consumed, "layer ends inside a span"))?;
        consumed += 1;
        inf.prime(i32::from(cp.bits), i32::from(b[0] >> (8 - cp.bits)))?;
    }
    inf.set_dictionary(cp.window)?;
    let mut inbuf = vec![0u8; 64 * 1024];
    let (mut in_pos, mut in_len) = (0usize, 0usize);
    let mut scratch = vec![0u8; 64 * 1024];
    let mut raw = true;
    let mut eof = false;
    while out.len() < len {
        if in_pos == in_len && !eof {
            in_len = read_some(r, &mut inbuf)?;
            in_pos = 0;
            eof = in_len == 0;
        }
        let want = if skip > 0 {
            scratch.len().min(skip as usize)
        } else {
            scratch.len().min(len - out.len())
        };
        let step = inf
            .inflate(&inbuf[in_pos..in_len], &mut scratch[..want], z::Z_NO_FLUSH)
            .map_err(|e| match e {
                Error::Gzip { reason, .. } => gz(consumed, &reason),
                e => e,
            })?;
        in_pos += step.consumed;
        consumed += step.consumed as u64;
        let produced = &scratch[..step.produced];
        if skip > 0 {
            skip -= produced.len() as u64;
        } else {
            out.extend_from_slice(produced);
        }
        if step.stream_end {
            if out.len() >= len {
                break;
            }
            if raw {
                // Raw mode does not consume the gzip trailer; skip its 8 bytes once.
                let mut trailer = 8usize;
                while trailer > 0 {
                    if in_pos == in_len {
                        in_len = read_some(r, &mut inbuf)?;
                        in_pos = 0;
                        if in_len == 0 {
                            return Err(gz(consumed, "layer ends inside a gzip trailer"));
                        }
                    }
                    let n = trailer.min(in_len - in_pos);
                    in_pos += n;
                    consumed += n as u64;
                    trailer -= n;
                }
                raw = false;
            }
            inf.reset(WBITS_AUTO)?;
        } else if step.consumed == 0 && step.produced == 0 && eof {
            return Err(gz(consumed, "unexpected end of compressed data"));
        }
    }
    Ok(out)
}

/// `read` that retries on `Interrupted`.
pub(crate) fn read_some(r: &mut impl Read, buf: &mut [u8]) -> Result<usize> {
    loop {
        match r.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(e)),
        }
    }
}
