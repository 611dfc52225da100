//! The in-memory ztoc, its byte-exact flatbuffers encoding (soci's `ztocToFlatbuffer` call
//! order), decoding (including legacy zinfo blobs), span geometry and random-access reads.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};

use flatbuffers::{FlatBufferBuilder, WIPOffset};

use crate::error::{Error, Result};
use crate::fbs::ztoc as fb;
use crate::gotime;
use crate::zinfo::{self, GzipZinfo};
use crate::zran;

/// The only ztoc version soci writes.
pub const ZTOC_VERSION: &str = "0.9";

/// Tar entry types a ztoc can hold (soci's `getType`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileType {
    /// Regular file (`reg`).
    Reg,
    /// Directory (`dir`).
    Dir,
    /// Symbolic link (`symlink`).
    Symlink,
    /// Hard link (`hardlink`).
    Hardlink,
    /// Character device (`char`).
    Char,
    /// Block device (`block`).
    Block,
    /// Named pipe (`fifo`).
    Fifo,
    /// A type string this crate does not know, kept from a parsed ztoc.
    Other(String),
}

impl FileType {
    /// The string stored in the ztoc.
    pub fn as_str(&self) -> &str {
        match self {
            FileType::Reg => "reg",
            FileType::Dir => "dir",
            FileType::Symlink => "symlink",
            FileType::Hardlink => "hardlink",
            FileType::Char => "char",
            FileType::Block => "block",
            FileType::Fifo => "fifo",
            FileType::Other(s) => s,
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "reg" => FileType::Reg,
            "dir" => FileType::Dir,
            "symlink" => FileType::Symlink,
            "hardlink" => FileType::Hardlink,
            "char" => FileType::Char,
            "block" => FileType::Block,
            "fifo" => FileType::Fifo,
            other => FileType::Other(other.to_string()),
        }
    }
}

/// One tar entry of the layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMetadata {
    /// Name as in the archive (after PAX `path` / GNU long name), not cleaned.
    pub name: String,
    /// Entry type.
    pub kind: FileType,
    /// Offset of the entry's data in the uncompressed tar (just after its header(s)).
    pub uncompressed_offset: u64,
    /// Size from the header (after PAX `size`); header-only types may still carry one.
    pub uncompressed_size: u64,
    /// Link target for hard and symbolic links.
    pub linkname: String,
    /// Raw tar mode field.
    pub mode: i64,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Owner user name.
    pub uname: String,
    /// Owner group name.
    pub gname: String,
    /// RFC 3339 modification time as stored (UTC `...Z` when built here; empty if out of range).
    pub mod_time: String,
    /// Device major number.
    pub devmajor: i64,
    /// Device minor number.
    pub devminor: i64,
    /// All raw PAX records of the entry (soci's misnamed `xattrs` field), sorted by key.
    pub pax_records: BTreeMap<String, String>,
}

impl FileMetadata {
    /// Extended attributes: the `SCHILY.xattr.*` PAX records with the prefix stripped.
    pub fn xattrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pax_records.iter().filter_map(|(k, v)| {
            k.strip_prefix("SCHILY.xattr.")
                .map(|name| (name, v.as_str()))
        })
    }

    /// What differs between this (ztoc) entry and `actual`, the entry parsed from the layer's
    /// own tar header: every field soci re-verifies plus the entry type and all PAX records.
    /// Modification times compare as instants (a ztoc may use any RFC 3339 offset); user and
    /// group names are not compared (nothing is decided on them).
    pub fn header_mismatch(&self, actual: &FileMetadata) -> Option<String> {
        let diff = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
            Some(format!("{what}: ztoc says {a:?}, tar header says {b:?}"))
        };
        if self.name != actual.name {
            return diff("name", &self.name, &actual.name);
        }
        if self.kind != actual.kind {
            return diff("type", &self.kind.as_str(), &actual.kind.as_str());
        }
        if self.uncompressed_offset != actual.uncompressed_offset {
            return diff(
                "data offset",
                &self.uncompressed_offset,
                &actual.uncompressed_offset,
            );
        }
        if self.uncompressed_size != actual.uncompressed_size {
            return diff("size", &self.uncompressed_size, &actual.uncompressed_size);
        }
        if self.mode != actual.mode {
            return diff(
                "mode",
                &format!("{:o}", self.mode),
                &format!("{:o}", actual.mode),
            );
        }
        if (self.uid, self.gid) != (actual.uid, actual.gid) {
            return diff("owner", &(self.uid, self.gid), &(actual.uid, actual.gid));
        }
        let ours = self.mod_time_unix();
        if self.mod_time != actual.mod_time && (ours.is_none() || ours != actual.mod_time_unix()) {
            return diff("mtime", &self.mod_time, &actual.mod_time);
        }
        if self.linkname != actual.linkname {
            return diff("link target", &self.linkname, &actual.linkname);
        }
        if (self.devmajor, self.devminor) != (actual.devmajor, actual.devminor) {
            return diff(
                "device",
                &(self.devmajor, self.devminor),
                &(actual.devmajor, actual.devminor),
            );
        }
        if self.pax_records != actual.pax_records {
            return diff("pax records", &self.pax_records, &actual.pax_records);
        }
        None
    }

    /// Modification time as Unix (seconds, nanoseconds), if `mod_time` parses.
    pub fn mod_time_unix(&self) -> Option<(i64, u32)> {
        gotime::parse_rfc3339(&self.mod_time)
    }
}

/// How the layer is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompressionAlgorithm {
    /// gzip (the schema default, therefore never written).
    #[default]
    Gzip,
    /// Uncompressed tar.
    Uncompressed,
}

/// Span and checkpoint data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompressionInfo {
    /// Compression of the layer.
    pub algorithm: CompressionAlgorithm,
    /// Number of spans minus one.
    pub max_span_id: i32,
    /// `sha256:<hex>` of each span's compressed bytes.
    pub span_digests: Vec<String>,
    /// Raw zinfo blob: gzip checkpoint table or a `TarZinfo` flatbuffer.
    pub checkpoints: Vec<u8>,
}

/// A SOCI ztoc: the file table of one layer plus what is needed to read it at random.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ztoc {
    /// Ztoc format version (`"0.9"`).
    pub version: String,
    /// Tool that built the ztoc.
    pub build_tool_identifier: String,
    /// Size of the layer blob.
    pub compressed_archive_size: u64,
    /// Size of the tar as Go's reader consumed it (through the end-of-archive blocks).
    pub uncompressed_archive_size: u64,
    /// Entries in archive order.
    pub toc: Vec<FileMetadata>,
    /// Spans and checkpoints.
    pub compression: CompressionInfo,
}

/// Byte ranges of one span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Span id.
    pub id: usize,
    /// First compressed byte (one early when the checkpoint has pending bits).
    pub compressed_start: u64,
    /// End of the compressed bytes (exclusive).
    pub compressed_end: u64,
    /// First uncompressed byte.
    pub uncompressed_start: u64,
    /// End of the uncompressed bytes (exclusive).
    pub uncompressed_end: u64,
}

fn to_i64(v: u64) -> i64 {
    // Sizes beyond i64 cannot come from a real layer; saturate instead of wrapping.
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Ztoc {
    /// Serializes exactly as soci's Go marshaler does (see `soci-format.md` §1.4).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = FlatBufferBuilder::new();
        let version = b.create_string(&self.version);
        let bti = b.create_string(&self.build_tool_identifier);

        let mut md: Vec<WIPOffset<fb::FileMetadata>> = vec![WIPOffset::new(0); self.toc.len()];
        for (i, me) in self.toc.iter().enumerate().rev() {
            let name = b.create_string(&me.name);
            let kind = b.create_string(me.kind.as_str());
            let link = b.create_string(&me.linkname);
            let uname = b.create_string(&me.uname);
            let gname = b.create_string(&me.gname);
            let mtime = b.create_string(&me.mod_time);
            let mut xs = Vec::with_capacity(me.pax_records.len());
            for (k, v) in &me.pax_records {
                let ko = b.create_string(k);
                let vo = b.create_string(v);
                let t = b.start_table();
                b.push_slot_always(fb::Xattr::VT_KEY, ko);
                b.push_slot_always(fb::Xattr::VT_VALUE, vo);
                xs.push(WIPOffset::<fb::Xattr>::new(b.end_table(t).value()));
            }
            let xv = b.create_vector(&xs);
            let t = b.start_table();
            b.push_slot_always(fb::FileMetadata::VT_NAME, name);
            b.push_slot_always(fb::FileMetadata::VT_TYPE_, kind);
            b.push_slot::<i64>(
                fb::FileMetadata::VT_UNCOMPRESSED_OFFSET,
                to_i64(me.uncompressed_offset),
                0,
            );
            b.push_slot::<i64>(
                fb::FileMetadata::VT_UNCOMPRESSED_SIZE,
                to_i64(me.uncompressed_size),
                0,
            );
            b.push_slot_always(fb::FileMetadata::VT_LINKNAME, link);
            b.push_slot::<i64>(fb::FileMetadata::VT_MODE, me.mode, 0);
            b.push_slot::<u32>(fb::FileMetadata::VT_UID, me.uid, 0);
            b.push_slot::<u32>(fb::FileMetadata::VT_GID, me.gid, 0);
            b.push_slot_always(fb::FileMetadata::VT_UNAME, uname);
            b.push_slot_always(fb::FileMetadata::VT_GNAME, gname);
            b.push_slot_always(fb::FileMetadata::VT_MOD_TIME, mtime);
            b.push_slot::<i64>(fb::FileMetadata::VT_DEVMAJOR, me.devmajor, 0);
            b.push_slot::<i64>(fb::FileMetadata::VT_DEVMINOR, me.devminor, 0);
            b.push_slot_always(fb::FileMetadata::VT_XATTRS, xv);
            md[i] = WIPOffset::new(b.end_table(t).value());
        }
        let mdv = b.create_vector(&md);
        let t = b.start_table();
        b.push_slot_always(fb::TOC::VT_METADATA, mdv);
        let toc = b.end_table(t);

        let ci = &self.compression;
        let cp = b.create_vector(&ci.checkpoints);
        let sds: Vec<_> = ci.span_digests.iter().map(|d| b.create_string(d)).collect();
        let sdv = b.create_vector(&sds);
        let t = b.start_table();
        b.push_slot::<i32>(fb::CompressionInfo::VT_MAX_SPAN_ID, ci.max_span_id, 0);
        b.push_slot_always(fb::CompressionInfo::VT_SPAN_DIGESTS, sdv);
        b.push_slot_always(fb::CompressionInfo::VT_CHECKPOINTS, cp);
        let alg = match ci.algorithm {
            CompressionAlgorithm::Gzip => fb::CompressionAlgorithm::Gzip,
            CompressionAlgorithm::Uncompressed => fb::CompressionAlgorithm::Uncompressed,
        };
        b.push_slot::<i8>(
            fb::CompressionInfo::VT_COMPRESSION_ALGORITHM,
            alg.0,
            fb::CompressionAlgorithm::Gzip.0,
        );
        let ci_off = b.end_table(t);

        let t = b.start_table();
        b.push_slot_always(fb::Ztoc::VT_VERSION, version);
        b.push_slot_always(fb::Ztoc::VT_BUILD_TOOL_IDENTIFIER, bti);
        b.push_slot_always(fb::Ztoc::VT_TOC, toc);
        b.push_slot::<i64>(
            fb::Ztoc::VT_COMPRESSED_ARCHIVE_SIZE,
            to_i64(self.compressed_archive_size),
            0,
        );
        b.push_slot::<i64>(
            fb::Ztoc::VT_UNCOMPRESSED_ARCHIVE_SIZE,
            to_i64(self.uncompressed_archive_size),
            0,
        );
        b.push_slot_always(fb::Ztoc::VT_COMPRESSION_INFO, ci_off);
        let root = b.end_table(t);
        b.finish_minimal(root);
        b.finished_data().to_vec()
    }

    /// Parses ztoc bytes (any soci version; legacy zinfo blobs are accepted by the readers).
    pub fn from_bytes(bytes: &[u8]) -> Result<Ztoc> {
        // Every table needs at least 4 bytes, so this bound never rejects a real ztoc (large
        // layers exceed the default of one million tables) while keeping verification linear.
        let opts = flatbuffers::VerifierOptions {
            max_tables: bytes.len() / 4 + 16,
            ..flatbuffers::VerifierOptions::default()
        };
        let z = fb::root_as_ztoc_with_opts(&opts, bytes)
            .map_err(|e| Error::InvalidZtoc(e.to_string()))?;
        let nonneg = |v: i64, what: &str| {
            u64::try_from(v).map_err(|_| Error::InvalidZtoc(format!("negative {what} {v}")))
        };
        let mut toc = Vec::new();
        if let Some(md) = z.toc().and_then(|t| t.metadata()) {
            toc.reserve(md.len());
            for m in md.iter() {
                let mut pax = BTreeMap::new();
                if let Some(xs) = m.xattrs() {
                    for x in xs.iter() {
                        pax.insert(
                            x.key().unwrap_or_default().to_string(),
                            x.value().unwrap_or_default().to_string(),
                        );
                    }
                }
                toc.push(FileMetadata {
                    name: m.name().unwrap_or_default().to_string(),
                    kind: FileType::parse(m.type_().unwrap_or_default()),
                    uncompressed_offset: nonneg(m.uncompressed_offset(), "file offset")?,
                    uncompressed_size: nonneg(m.uncompressed_size(), "file size")?,
                    linkname: m.linkname().unwrap_or_default().to_string(),
                    mode: m.mode(),
                    uid: m.uid(),
                    gid: m.gid(),
                    uname: m.uname().unwrap_or_default().to_string(),
                    gname: m.gname().unwrap_or_default().to_string(),
                    mod_time: m.mod_time().unwrap_or_default().to_string(),
                    devmajor: m.devmajor(),
                    devminor: m.devminor(),
                    pax_records: pax,
                });
            }
        }
        let compression = match z.compression_info() {
            Some(ci) => CompressionInfo {
                algorithm: match ci.compression_algorithm() {
                    fb::CompressionAlgorithm::Gzip => CompressionAlgorithm::Gzip,
                    fb::CompressionAlgorithm::Uncompressed => CompressionAlgorithm::Uncompressed,
                    other => {
                        return Err(Error::InvalidZtoc(format!(
                            "unknown compression algorithm {}",
                            other.0
                        )))
                    }
                },
                max_span_id: ci.max_span_id(),
                span_digests: ci
                    .span_digests()
                    .map(|v| v.iter().map(str::to_string).collect())
                    .unwrap_or_default(),
                checkpoints: ci
                    .checkpoints()
                    .map(|v| v.bytes().to_vec())
                    .unwrap_or_default(),
            },
            None => CompressionInfo::default(),
        };
        Ok(Ztoc {
            version: z.version().unwrap_or_default().to_string(),
            build_tool_identifier: z.build_tool_identifier().unwrap_or_default().to_string(),
            compressed_archive_size: nonneg(z.compressed_archive_size(), "compressed size")?,
            uncompressed_archive_size: nonneg(z.uncompressed_archive_size(), "uncompressed size")?,
            toc,
            compression,
        })
    }

    /// The decoded gzip checkpoint table (errors for uncompressed layers).
    pub fn gzip_zinfo(&self) -> Result<GzipZinfo<'_>> {
        match self.compression.algorithm {
            CompressionAlgorithm::Gzip => zinfo::parse_gzip_blob(&self.compression.checkpoints),
            CompressionAlgorithm::Uncompressed => Err(Error::InvalidCheckpoints(
                "uncompressed layers have no gzip checkpoints".into(),
            )),
        }
    }

    /// All spans with their compressed and uncompressed ranges (soci `gzip_zinfo.go` geometry).
    pub fn spans(&self) -> Result<Vec<Span>> {
        let ci = &self.compression;
        match ci.algorithm {
            CompressionAlgorithm::Gzip => {
                let zi = self.gzip_zinfo()?;
                let cps = &zi.checkpoints;
                if cps.len() as i64 != i64::from(ci.max_span_id) + 1 {
                    return Err(Error::InvalidCheckpoints(format!(
                        "{} checkpoints but max span id {}",
                        cps.len(),
                        ci.max_span_id
                    )));
                }
                let mut spans = Vec::with_capacity(cps.len());
                for (i, cp) in cps.iter().enumerate() {
                    let next = cps.get(i + 1);
                    spans.push(Span {
                        id: i,
                        compressed_start: cp.input.saturating_sub(u64::from(cp.bits != 0)),
                        compressed_end: next.map_or(self.compressed_archive_size, |n| n.input),
                        uncompressed_start: cp.output,
                        uncompressed_end: next.map_or(self.uncompressed_archive_size, |n| n.output),
                    });
                }
                Ok(spans)
            }
            CompressionAlgorithm::Uncompressed => {
                let tz = zinfo::parse_tar_zinfo(&ci.checkpoints)?;
                let span = u64::try_from(tz.span_size)
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        Error::InvalidCheckpoints(format!("span size {}", tz.span_size))
                    })?;
                let size = u64::try_from(tz.size)
                    .map_err(|_| Error::InvalidCheckpoints(format!("size {}", tz.size)))?;
                // Also bounds the allocation below by what the ztoc itself declares.
                if i64::try_from(size.div_ceil(span)) != Ok(i64::from(ci.max_span_id) + 1) {
                    return Err(Error::InvalidCheckpoints(format!(
                        "{size} bytes in spans of {span} do not make {} spans",
                        i64::from(ci.max_span_id) + 1
                    )));
                }
                Ok((0..size.div_ceil(span))
                    .map(|i| {
                        let start = i * span;
                        let end = (start + span).min(size);
                        Span {
                            id: i as usize,
                            compressed_start: start,
                            compressed_end: end,
                            uncompressed_start: start,
                            uncompressed_end: end,
                        }
                    })
                    .collect())
            }
        }
    }

    /// The span holding uncompressed offset `offset`: the last span starting at or before it.
    pub fn span_for(&self, offset: u64) -> Result<Option<usize>> {
        let spans = self.spans()?;
        Ok(spans.iter().rposition(|s| s.uncompressed_start <= offset))
    }

    /// Tar header offset of every entry, derived as soci's reader does (`flatbufferToTOC`):
    /// entries sorted by data offset, each header starting at the 512-aligned end of the
    /// previous entry's data. Returns `(toc index, header offset)` in data-offset order; fails
    /// when an entry overlaps its predecessor (soci's `ErrInvalidTOCEntry`).
    pub fn tar_header_offsets(&self) -> Result<Vec<(usize, u64)>> {
        let mut order: Vec<usize> = (0..self.toc.len()).collect();
        order.sort_by_key(|&i| self.toc[i].uncompressed_offset);
        let mut next = 0u64;
        let mut out = Vec::with_capacity(order.len());
        for i in order {
            let e = &self.toc[i];
            if next > e.uncompressed_offset {
                return Err(Error::InvalidZtoc(format!(
                    "entry {:?} at offset {} overlaps the previous entry",
                    e.name, e.uncompressed_offset
                )));
            }
            out.push((i, next));
            next = e
                .uncompressed_offset
                .checked_add(e.uncompressed_size)
                .and_then(|end| end.checked_next_multiple_of(512))
                .ok_or_else(|| Error::InvalidZtoc(format!("entry {:?} is too large", e.name)))?;
        }
        Ok(out)
    }

    /// Finds an entry by its exact archive name.
    pub fn entry(&self, name: &str) -> Option<&FileMetadata> {
        self.toc.iter().find(|e| e.name == name)
    }

    /// Reads `len` bytes at uncompressed archive offset `offset` from the layer blob.
    pub fn read_range(
        &self,
        layer: &mut (impl Read + Seek),
        offset: u64,
        len: u64,
    ) -> Result<Vec<u8>> {
        let out_of_range = || Error::OutOfRange {
            offset,
            len,
            size: self.uncompressed_archive_size,
        };
        let end = offset.checked_add(len).ok_or_else(out_of_range)?;
        if end > self.uncompressed_archive_size {
            return Err(out_of_range());
        }
        if len == 0 {
            return Ok(Vec::new());
        }
        let len_usize = usize::try_from(len).map_err(|_| out_of_range())?;
        match self.compression.algorithm {
            CompressionAlgorithm::Uncompressed => {
                layer.seek(SeekFrom::Start(offset))?;
                let mut buf = Vec::with_capacity(len_usize.min(16 << 20));
                layer.take(len).read_to_end(&mut buf)?;
                if buf.len() != len_usize {
                    return Err(Error::Io(std::io::ErrorKind::UnexpectedEof.into()));
                }
                Ok(buf)
            }
            CompressionAlgorithm::Gzip => {
                let zi = self.gzip_zinfo()?;
                let idx = zi
                    .checkpoints
                    .iter()
                    .rposition(|c| c.output <= offset)
                    .ok_or_else(|| Error::InvalidCheckpoints("no checkpoint at offset 0".into()))?;
                let cp = zi.checkpoints[idx];
                let start = cp.input.saturating_sub(u64::from(cp.bits != 0));
                layer.seek(SeekFrom::Start(start))?;
                let limit = self.compressed_archive_size.saturating_sub(start);
                let mut r = layer.take(limit);
                zran::extract_from_checkpoint(&mut r, &cp, offset - cp.output, len_usize)
            }
        }
    }

    /// Reads `len` bytes at `offset` inside `entry`'s data, clipped to the entry's size.
    pub fn extract(
        &self,
        layer: &mut (impl Read + Seek),
        entry: &FileMetadata,
        offset: u64,
        len: u64,
    ) -> Result<Vec<u8>> {
        if offset >= entry.uncompressed_size || entry.kind != FileType::Reg {
            return Ok(Vec::new());
        }
        let len = len.min(entry.uncompressed_size - offset);
        self.read_range(layer, entry.uncompressed_offset + offset, len)
    }

    /// Reads the whole content of the regular file named `name`.
    pub fn extract_file(&self, layer: &mut (impl Read + Seek), name: &str) -> Result<Vec<u8>> {
        let entry = self
            .entry(name)
            .ok_or_else(|| Error::NotFound(name.to_string()))?;
        self.extract(layer, entry, 0, entry.uncompressed_size)
    }

    /// Decompresses span `id` from its compressed bytes (`compressed_start..compressed_end` of
    /// the layer, as fetched by a range request); returns the span's uncompressed bytes.
    pub fn decompress_span(&self, id: usize, compressed: &[u8]) -> Result<Vec<u8>> {
        let spans = self.spans()?;
        let span = spans
            .get(id)
            .ok_or_else(|| Error::InvalidCheckpoints(format!("no span {id}")))?;
        let len = span
            .uncompressed_end
            .saturating_sub(span.uncompressed_start);
        let len = usize::try_from(len)
            .map_err(|_| Error::InvalidCheckpoints(format!("span {id} too large")))?;
        match self.compression.algorithm {
            CompressionAlgorithm::Uncompressed => {
                compressed
                    .get(..len)
                    .map(<[u8]>::to_vec)
                    .ok_or(Error::Gzip {
                        offset: span.compressed_start,
                        reason: "span data shorter than the span".into(),
                    })
            }
            CompressionAlgorithm::Gzip => {
                let zi = self.gzip_zinfo()?;
                let mut r = compressed;
                zran::extract_from_checkpoint(&mut r, &zi.checkpoints[id], 0, len)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// soci's own marshaling golden (`ztoc/ztoc_test.go` `TestWriteZtoc`).
    #[test]
    fn soci_write_ztoc_golden() {
        let zero = FileMetadata {
            name: String::new(),
            kind: FileType::Other(String::new()),
            uncompressed_offset: 0,
            uncompressed_size: 0,
            linkname: String::new(),
            mode: 0,
            uid: 0,
            gid: 0,
            uname: String::new(),
            gname: String::new(),
            mod_time: "0001-01-01T00:00:00Z".into(),
            devmajor: 0,
            devminor: 0,
            pax_records: BTreeMap::new(),
        };
        let z = Ztoc {
            version: ZTOC_VERSION.into(),
            build_tool_identifier: "AWS SOCI CLI".into(),
            compressed_archive_size: 2_000_000,
            uncompressed_archive_size: 2_500_000,
            toc: vec![zero.clone(), zero],
            compression: CompressionInfo {
                algorithm: CompressionAlgorithm::Gzip,
                max_span_id: 3,
                span_digests: Vec::new(),
                checkpoints: vec![0; 65536],
            },
        };
        let bytes = z.to_bytes();
        assert_eq!(bytes.len(), 65928);
        assert_eq!(
            hex::encode(Sha256::digest(&bytes)),
            "eba28fdf50b1b57543f57dd051b2468c1d4f57b64d2006c75aa4de1d03e6c7ec"
        );
        assert_eq!(Ztoc::from_bytes(&bytes).expect("parse"), z);
    }

    #[test]
    fn uncompressed_algorithm_is_written() {
        let z = Ztoc {
            compression: CompressionInfo {
                algorithm: CompressionAlgorithm::Uncompressed,
                ..CompressionInfo::default()
            },
            ..Ztoc::default()
        };
        let back = Ztoc::from_bytes(&z.to_bytes()).expect("parse");
        assert_eq!(
            back.compression.algorithm,
            CompressionAlgorithm::Uncompressed
        );
    }
}
