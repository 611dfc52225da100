//! A push-based tar scanner that reproduces Go `archive/tar`'s `Reader.Next()` as soci uses it:
//! the ztoc's file table must match what soci's Go builder records (PAX records kept raw, GNU
//! long names, header-only types reading no data, positions on the decompressed stream, and
//! Go's exact end-of-archive rules). It is fed decompressed bytes in arbitrary slices so the
//! single inflate pass can drive it; it never buffers file data.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::gotime;
use crate::ztoc::{FileMetadata, FileType};

const BLOCK: usize = 512;
/// Go's `maxSpecialFileSize`: PAX and GNU long-name payloads larger than this are rejected.
const MAX_SPECIAL: u64 = 1 << 20;

#[derive(Debug)]
enum State {
    /// Collecting a header block.
    Header,
    /// Saw one zero block; collecting the next block.
    SecondZero,
    /// Skipping entry data (physical bytes left) followed by `pad` bytes of padding.
    Data { left: u64, pad: u64 },
    /// Collecting the payload of a PAX (`x`) or GNU long name/link (`L`/`K`) header.
    Special { kind: u8, left: u64, pad: u64 },
    /// Skipping block padding; running out of input here is a clean end (Go's `tryReadFull`).
    Pad { left: u64 },
    /// End of archive reached; later bytes are ignored.
    Done,
}

/// Extension headers collected for the next real entry.
#[derive(Default)]
struct Pending {
    pax: Option<BTreeMap<String, String>>,
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
}

/// Streaming tar scanner; see the module docs.
pub(crate) struct TarScanner {
    pos: u64,
    state: State,
    block: Box<[u8; BLOCK]>,
    block_len: usize,
    special: Vec<u8>,
    pending: Pending,
    entries: Vec<FileMetadata>,
    end: Option<u64>,
}

impl TarScanner {
    pub(crate) fn new() -> Self {
        TarScanner {
            pos: 0,
            state: State::Header,
            block: Box::new([0; BLOCK]),
            block_len: 0,
            special: Vec::new(),
            pending: Pending::default(),
            entries: Vec::new(),
            end: None,
        }
    }

    /// True once the end-of-archive marker was read.
    pub(crate) fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    fn err(&self, reason: impl Into<String>) -> Error {
        Error::Tar {
            offset: self.pos,
            reason: reason.into(),
        }
    }

    /// Feeds the next slice of the uncompressed archive.
    pub(crate) fn feed(&mut self, mut data: &[u8]) -> Result<()> {
        while !data.is_empty() {
            match &mut self.state {
                State::Done => return Ok(()),
                State::Header | State::SecondZero => {
                    let take = (BLOCK - self.block_len).min(data.len());
                    self.block[self.block_len..self.block_len + take]
                        .copy_from_slice(&data[..take]);
                    self.block_len += take;
                    self.pos += take as u64;
                    data = &data[take..];
                    if self.block_len == BLOCK {
                        self.block_len = 0;
                        self.on_block()?;
                    }
                }
                State::Data { left, pad } => {
                    let take = (*left).min(data.len() as u64);
                    *left -= take;
                    self.pos += take;
                    data = &data[take as usize..];
                    if *left == 0 {
                        let pad = *pad;
                        self.state = if pad == 0 {
                            State::Header
                        } else {
                            State::Pad { left: pad }
                        };
                    }
                }
                State::Pad { left } => {
                    let take = (*left).min(data.len() as u64);
                    *left -= take;
                    self.pos += take;
                    data = &data[take as usize..];
                    if *left == 0 {
                        self.state = State::Header;
                    }
                }
                State::Special { kind, left, pad } => {
                    let take = (*left).min(data.len() as u64);
                    self.special.extend_from_slice(&data[..take as usize]);
                    *left -= take;
                    self.pos += take;
                    data = &data[take as usize..];
                    if *left == 0 {
                        let (kind, pad) = (*kind, *pad);
                        self.state = if pad == 0 {
                            State::Header
                        } else {
                            State::Pad { left: pad }
                        };
                        self.on_special(kind)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Ends the stream: returns the entries and the archive size Go's reader reports.
    pub(crate) fn finish(self) -> Result<(Vec<FileMetadata>, u64)> {
        let clean = match &self.state {
            State::Done | State::Pad { .. } => true,
            State::Header | State::SecondZero => self.block_len == 0,
            State::Data { left, .. } | State::Special { left, .. } => *left == 0,
        };
        if !clean {
            return Err(self.err("unexpected end of archive"));
        }
        let end = self.end.unwrap_or(self.pos);
        Ok((self.entries, end))
    }

    fn on_block(&mut self) -> Result<()> {
        let zero = self.block.iter().all(|&b| b == 0);
        if matches!(self.state, State::SecondZero) {
            if zero {
                self.state = State::Done;
                self.end = Some(self.pos);
                return Ok(());
            }
            return Err(self.err("zero block followed by a non-zero block"));
        }
        if zero {
            self.state = State::SecondZero;
            return Ok(());
        }
        let hdr = parse_header(&self.block).map_err(|reason| Error::Tar {
            offset: self.pos - BLOCK as u64,
            reason: reason.into(),
        })?;
        if hdr.size < 0 {
            return Err(self.err("negative entry size"));
        }
        match hdr.typeflag {
            b'x' | b'g' | b'L' | b'K' => {
                if hdr.typeflag == b'g' {
                    // Go returns global headers as entries; soci rejects them.
                    return Err(Error::UnsupportedEntry {
                        offset: self.pos,
                        kind: "type 'g' (pax global header)".into(),
                    });
                }
                let size = hdr.size as u64;
                if size > MAX_SPECIAL {
                    return Err(self.err("extension header payload exceeds 1 MiB"));
                }
                self.special.clear();
                let pad = padding(size);
                self.state = State::Special {
                    kind: hdr.typeflag,
                    left: size,
                    pad,
                };
                if size == 0 {
                    self.state = if pad == 0 {
                        State::Header
                    } else {
                        State::Pad { left: pad }
                    };
                    self.on_special(hdr.typeflag)?;
                }
                Ok(())
            }
            _ => self.on_entry(hdr),
        }
    }

    fn on_special(&mut self, kind: u8) -> Result<()> {
        let payload = std::mem::take(&mut self.special);
        match kind {
            b'x' => {
                let recs = parse_pax(&payload).map_err(|r| self.err(r))?;
                self.pending.pax = Some(recs);
            }
            b'L' => self.pending.long_name = Some(cstr(&payload).to_vec()),
            _ => self.pending.long_link = Some(cstr(&payload).to_vec()),
        }
        Ok(())
    }

    fn on_entry(&mut self, mut hdr: RawHeader) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let mut name = hdr.name;
        let mut linkname = hdr.linkname;
        let (mut uname, mut gname) = (hdr.uname, hdr.gname);
        let (mut mt_sec, mut mt_nsec) = (hdr.mtime, 0u32);
        let mut uid = hdr.uid;
        let mut gid = hdr.gid;
        let pax = pending.pax.unwrap_or_default();
        // Go's mergePAX: empty values keep the header value but stay in PAXRecords.
        for (k, v) in &pax {
            if v.is_empty() {
                continue;
            }
            let bad = || self.err(format!("invalid pax record {k:?}"));
            match k.as_str() {
                "path" => name = v.clone().into_bytes(),
                "linkpath" => linkname = v.clone().into_bytes(),
                "uname" => uname = v.clone().into_bytes(),
                "gname" => gname = v.clone().into_bytes(),
                "uid" => uid = v.parse::<i64>().map_err(|_| bad())?,
                "gid" => gid = v.parse::<i64>().map_err(|_| bad())?,
                "size" => hdr.size = v.parse::<i64>().map_err(|_| bad())?,
                "mtime" => (mt_sec, mt_nsec) = parse_pax_time(v).ok_or_else(bad)?,
                "atime" | "ctime" => {
                    parse_pax_time(v).ok_or_else(bad)?;
                }
                _ => {}
            }
        }
        if let Some(n) = pending.long_name.filter(|n| !n.is_empty()) {
            name = n;
        }
        if let Some(l) = pending.long_link.filter(|l| !l.is_empty()) {
            linkname = l;
        }
        let mut typeflag = hdr.typeflag;
        if typeflag == 0 {
            typeflag = if name.ends_with(b"/") { b'5' } else { b'0' };
        }
        if hdr.size < 0 {
            return Err(self.err("negative entry size"));
        }
        let kind = match typeflag {
            b'0' => FileType::Reg,
            b'1' => FileType::Hardlink,
            b'2' => FileType::Symlink,
            b'3' => FileType::Char,
            b'4' => FileType::Block,
            b'5' => FileType::Dir,
            b'6' => FileType::Fifo,
            other => {
                return Err(Error::UnsupportedEntry {
                    offset: self.pos,
                    kind: format!("type {:?}", other as char),
                })
            }
        };
        if is_gnu_sparse_pax(&pax) {
            return Err(Error::UnsupportedEntry {
                offset: self.pos,
                kind: "gnu sparse file (pax)".into(),
            });
        }
        let header_only = !matches!(kind, FileType::Reg);
        let data = if header_only { 0 } else { hdr.size as u64 };
        self.entries.push(FileMetadata {
            name: lossy(name),
            kind,
            uncompressed_offset: self.pos,
            uncompressed_size: hdr.size as u64,
            linkname: lossy(linkname),
            mode: hdr.mode,
            uid: uid as u32,
            gid: gid as u32,
            uname: lossy(uname),
            gname: lossy(gname),
            mod_time: gotime::marshal_text_utc(mt_sec, mt_nsec),
            devmajor: hdr.devmajor,
            devminor: hdr.devminor,
            pax_records: pax,
        });
        let pad = padding(data);
        self.state = if data > 0 {
            State::Data { left: data, pad }
        } else {
            State::Header
        };
        Ok(())
    }
}

/// Public face of the scanner for readers that re-check a ztoc against the layer: feed the
/// uncompressed archive in order and take the entries whose headers are complete.
pub struct TarStream(TarScanner);

impl Default for TarStream {
    fn default() -> Self {
        TarStream(TarScanner::new())
    }
}

impl std::fmt::Debug for TarStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TarStream")
            .field("pos", &self.0.pos)
            .finish()
    }
}

impl TarStream {
    /// Feeds the next bytes of the uncompressed archive.
    pub fn feed(&mut self, data: &[u8]) -> Result<()> {
        self.0.feed(data)
    }

    /// Entries whose headers were read since the last call, in archive order.
    pub fn take_entries(&mut self) -> Vec<FileMetadata> {
        std::mem::take(&mut self.0.entries)
    }

    /// Bytes fed so far.
    pub fn position(&self) -> u64 {
        self.0.pos
    }

    /// True once the end-of-archive marker was read.
    pub fn is_done(&self) -> bool {
        self.0.is_done()
    }
}

/// Parses the header blocks of exactly one entry (`[header offset, data offset)` of the
/// uncompressed archive, PAX and GNU long-name headers included) with Go `archive/tar`
/// semantics. Fails unless the bytes hold one entry whose data starts right at their end.
pub fn parse_entry_header(region: &[u8]) -> Result<FileMetadata> {
    let mut s = TarScanner::new();
    s.feed(region)?;
    let len = region.len() as u64;
    match s.entries.as_slice() {
        [e] if e.uncompressed_offset == len => Ok(e.clone()),
        [e] => Err(Error::Tar {
            offset: e.uncompressed_offset,
            reason: format!(
                "entry data starts at {} of {len} header bytes",
                e.uncompressed_offset
            ),
        }),
        other => Err(Error::Tar {
            offset: 0,
            reason: format!("{} entries in one header region", other.len()),
        }),
    }
}

fn lossy(b: Vec<u8>) -> String {
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn padding(n: u64) -> u64 {
    (BLOCK as u64 - n % BLOCK as u64) % BLOCK as u64
}

/// Go's `parser.parseString`: up to the first NUL.
fn cstr(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => &b[..i],
        None => b,
    }
}

/// The fields of one header block, as Go's `readHeader` returns them.
struct RawHeader {
    typeflag: u8,
    name: Vec<u8>,
    linkname: Vec<u8>,
    size: i64,
    mode: i64,
    uid: i64,
    gid: i64,
    mtime: i64,
    uname: Vec<u8>,
    gname: Vec<u8>,
    devmajor: i64,
    devminor: i64,
}

/// Go's `parseOctal`.
fn parse_octal(b: &[u8]) -> Result<i64, ()> {
    let t = trim(b);
    if t.is_empty() {
        return Ok(0);
    }
    let s = cstr(t);
    if s.is_empty() || !s.iter().all(|c| (b'0'..=b'7').contains(c)) {
        return Err(());
    }
    let mut x: u64 = 0;
    for &c in s {
        x = x
            .checked_mul(8)
            .and_then(|x| x.checked_add(u64::from(c - b'0')))
            .ok_or(())?;
    }
    Ok(x as i64)
}

/// Trims leading and trailing spaces and NULs (Go `bytes.Trim(b, " \x00")`).
fn trim(b: &[u8]) -> &[u8] {
    let is_pad = |c: &u8| *c == b' ' || *c == 0;
    let start = b.iter().position(|c| !is_pad(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !is_pad(c)).map_or(start, |i| i + 1);
    &b[start..end]
}

/// Go's `parseNumeric`: base-256 when the high bit is set, else octal.
fn parse_numeric(b: &[u8]) -> Result<i64, ()> {
    if let Some(&first) = b.first() {
        if first & 0x80 != 0 {
            let inv = if first & 0x40 != 0 { 0xff } else { 0 };
            let mut x: u64 = 0;
            for (i, &c) in b.iter().enumerate() {
                let mut c = c ^ inv;
                if i == 0 {
                    c &= 0x7f;
                }
                if x >> 56 > 0 {
                    return Err(());
                }
                x = (x << 8) | u64::from(c);
            }
            if x >> 63 > 0 {
                return Err(());
            }
            return Ok(if inv == 0xff { !(x as i64) } else { x as i64 });
        }
    }
    parse_octal(b)
}

/// Go's `readHeader` for one non-zero block: checksum/format detection and field parsing.
fn parse_header(b: &[u8; BLOCK]) -> Result<RawHeader, &'static str> {
    const NOT_TAR: &str = "bad header checksum or not a tar archive";
    let chk = parse_octal(&b[148..156]).map_err(|_| NOT_TAR)?;
    let (mut unsigned, mut signed) = (0i64, 0i64);
    for (i, &c) in b.iter().enumerate() {
        let c = if (148..156).contains(&i) { b' ' } else { c };
        unsigned += i64::from(c);
        signed += i64::from(c as i8);
    }
    if chk != unsigned && chk != signed {
        return Err(NOT_TAR);
    }
    let magic = &b[257..263];
    let version = &b[263..265];
    let (ustar, star, gnu) = if magic == b"ustar\0" {
        let star = &b[508..512] == b"tar\0";
        (!star, star, false)
    } else if magic == b"ustar " && version == b" \0" {
        (false, false, true)
    } else {
        (false, false, false)
    };
    const BAD: &str = "invalid numeric field in header";
    let num = |r: std::ops::Range<usize>| parse_numeric(&b[r]).map_err(|_| BAD);
    let mut hdr = RawHeader {
        typeflag: b[156],
        name: cstr(&b[0..100]).to_vec(),
        linkname: cstr(&b[157..257]).to_vec(),
        size: num(124..136)?,
        mode: num(100..108)?,
        uid: num(108..116)?,
        gid: num(116..124)?,
        mtime: num(136..148)?,
        uname: Vec::new(),
        gname: Vec::new(),
        devmajor: 0,
        devminor: 0,
    };
    if ustar || star || gnu {
        hdr.uname = cstr(&b[265..297]).to_vec();
        hdr.gname = cstr(&b[297..329]).to_vec();
        hdr.devmajor = num(329..337)?;
        hdr.devminor = num(337..345)?;
        let mut prefix: &[u8] = &[];
        if ustar {
            prefix = cstr(&b[345..500]);
        } else if star {
            prefix = cstr(&b[345..476]);
            num(476..488)?;
            num(488..500)?;
        } else {
            // Go parses GNU atime/ctime with a separate parser; on failure it falls back to
            // the pre-Go1.8 behaviour of reading the USTAR prefix when it is ASCII.
            let lenient =
                |r: std::ops::Range<usize>| b[r.start] == 0 || parse_numeric(&b[r]).is_ok();
            if !(lenient(345..357) && lenient(357..369)) {
                let p = cstr(&b[345..500]);
                if p.is_ascii() {
                    prefix = p;
                }
            }
        }
        if !prefix.is_empty() {
            let mut name = prefix.to_vec();
            name.push(b'/');
            name.extend_from_slice(&hdr.name);
            hdr.name = name;
        }
    }
    Ok(hdr)
}

/// Go's `parsePAX`: records `"%d %s=%s\n"`; later keys win; GNU sparse 0.0 offsets are folded
/// into `GNU.sparse.map`.
fn parse_pax(mut s: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let mut recs = BTreeMap::new();
    let mut sparse: Vec<String> = Vec::new();
    while !s.is_empty() {
        let bad = || "invalid pax record".to_string();
        let sp = s.iter().position(|&c| c == b' ').ok_or_else(bad)?;
        let n_str = std::str::from_utf8(&s[..sp]).map_err(|_| bad())?;
        let n: i64 = go_parse_int(n_str).ok_or_else(bad)?;
        if n < 5 || n > s.len() as i64 {
            return Err(bad());
        }
        let n = n as usize;
        if n <= sp + 1 {
            return Err(bad());
        }
        let rec = &s[sp + 1..n - 1];
        if s[n - 1] != b'\n' {
            return Err(bad());
        }
        let eq = rec.iter().position(|&c| c == b'=').ok_or_else(bad)?;
        let (k, v) = (&rec[..eq], &rec[eq + 1..]);
        if k.is_empty() {
            return Err(bad());
        }
        let nul_checked: &[u8] = match k {
            b"path" | b"linkpath" | b"uname" | b"gname" => v,
            _ => k,
        };
        if nul_checked.contains(&0) {
            return Err(bad());
        }
        let k = lossy(k.to_vec());
        let v = lossy(v.to_vec());
        s = &s[n..];
        match k.as_str() {
            "GNU.sparse.offset" | "GNU.sparse.numbytes" => {
                let want = if sparse.len() % 2 == 0 {
                    "GNU.sparse.offset"
                } else {
                    "GNU.sparse.numbytes"
                };
                if k != want || v.contains(',') {
                    return Err(bad());
                }
                sparse.push(v);
            }
            _ => {
                recs.insert(k, v);
            }
        }
    }
    if !sparse.is_empty() {
        recs.insert("GNU.sparse.map".into(), sparse.join(","));
    }
    Ok(recs)
}

/// Go `strconv.ParseInt(s, 10, 64)` (optional sign, ASCII digits only).
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Go's `parsePAXTime`: seconds with an optional fraction, truncated to nanoseconds.
fn parse_pax_time(s: &str) -> Option<(i64, u32)> {
    let (ss, sn) = s.split_once('.').unwrap_or((s, ""));
    let secs = go_parse_int(ss)?;
    if sn.is_empty() {
        return Some((secs, 0));
    }
    if !sn.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac: i64 = format!("{:0<9}", &sn[..sn.len().min(9)]).parse().ok()?;
    let nsec = if ss.starts_with('-') { -frac } else { frac };
    Some(gotime::normalize(secs, nsec))
}

/// Whether Go would treat the entry as a PAX GNU sparse file (`readGNUSparsePAXHeaders`).
fn is_gnu_sparse_pax(pax: &BTreeMap<String, String>) -> bool {
    let get = |k: &str| pax.get(k).map(String::as_str).unwrap_or("");
    match (get("GNU.sparse.major"), get("GNU.sparse.minor")) {
        ("0", "0" | "1") | ("1", "0") => true,
        ("", "") => !get("GNU.sparse.map").is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, typeflag: u8, size: u64) -> [u8; BLOCK] {
        let mut b = [0u8; BLOCK];
        b[..name.len()].copy_from_slice(name.as_bytes());
        b[100..107].copy_from_slice(b"0000644");
        b[108..115].copy_from_slice(b"0000000");
        b[116..123].copy_from_slice(b"0000000");
        b[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        b[136..147].copy_from_slice(b"14543243200");
        b[156] = typeflag;
        b[257..263].copy_from_slice(b"ustar\0");
        b[263..265].copy_from_slice(b"00");
        b[148..156].copy_from_slice(b"        ");
        let sum: u32 = b.iter().map(|&c| u32::from(c)).sum();
        b[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        b
    }

    fn scan(data: &[u8], step: usize) -> Result<(Vec<FileMetadata>, u64)> {
        let mut s = TarScanner::new();
        for chunk in data.chunks(step.max(1)) {
            s.feed(chunk)?;
        }
        s.finish()
    }

    #[test]
    fn pax_gnu_and_offsets() {
        let mut tar = Vec::new();
        let rec = "30 mtime=1700000000.250000000\n";
        let path = format!("135 path=long/{}\n", "x".repeat(120));
        let payload = format!("{rec}{path}");
        tar.extend_from_slice(&header("PaxHeaders/f", b'x', payload.len() as u64));
        let mut blk = payload.into_bytes();
        blk.resize(512, 0);
        tar.extend_from_slice(&blk);
        tar.extend_from_slice(&header("f", b'0', 3));
        tar.extend_from_slice(&[b'a'; 512]);
        let long = "g/".to_string() + &"y".repeat(200);
        tar.extend_from_slice(&header("././@LongLink", b'L', long.len() as u64 + 1));
        let mut blk = long.clone().into_bytes();
        blk.resize(512, 0);
        tar.extend_from_slice(&blk);
        tar.extend_from_slice(&header("short", b'2', 0));
        tar.extend_from_slice(&header("d/", 0, 0));
        tar.extend_from_slice(&[0; 1024]);
        tar.extend_from_slice(&[0; 4096]);
        for step in [1, 7, 512, 100_000] {
            let (e, size) = scan(&tar, step).expect("scan");
            assert_eq!(size, 512 * 10, "step {step}");
            assert_eq!(e.len(), 3);
            assert_eq!(e[0].name, format!("long/{}", "x".repeat(120)));
            assert_eq!(e[0].uncompressed_offset, 1536);
            assert_eq!(e[0].mod_time, "2023-11-14T22:13:20.25Z");
            assert_eq!(e[0].pax_records.len(), 2);
            assert_eq!(e[1].name, long);
            assert_eq!(e[1].kind, FileType::Symlink);
            assert_eq!(e[1].uncompressed_offset, 512 * 7);
            assert_eq!(e[2].kind, FileType::Dir);
        }
    }

    #[test]
    fn eof_rules() {
        let mut tar = header("f", b'0', 3).to_vec();
        tar.extend_from_slice(b"abc");
        // EOF inside padding is a clean end, like Go's tryReadFull.
        assert_eq!(scan(&tar, 512).expect("clean").1, 515);
        // EOF inside data is not.
        assert!(scan(&tar[..514], 512).is_err());
        // A partial header is not.
        assert!(scan(&tar[..100], 512).is_err());
        // One zero block then EOF ends the archive.
        let mut t2 = header("f", b'5', 0).to_vec();
        t2.extend_from_slice(&[0; 512]);
        assert_eq!(scan(&t2, 512).expect("clean").1, 1024);
        // Zero block then a header is an error.
        t2.extend_from_slice(&header("g", b'5', 0));
        assert!(scan(&t2, 512).is_err());
    }

    #[test]
    fn rejects_bad_input() {
        let mut h = header("f", b'0', 0);
        h[0] = b'g';
        assert!(matches!(scan(&h, 512), Err(Error::Tar { .. })));
        assert!(matches!(scan(&[7u8; 2048], 512), Err(Error::Tar { .. })));
        let g = header("g", b'g', 0);
        assert!(matches!(scan(&g, 512), Err(Error::UnsupportedEntry { .. })));
        let s = header("s", b'S', 0);
        assert!(matches!(scan(&s, 512), Err(Error::UnsupportedEntry { .. })));
    }

    #[test]
    fn numeric_fields() {
        assert_eq!(parse_numeric(b"0000644\0"), Ok(0o644));
        assert_eq!(parse_numeric(b"  644 \0"), Ok(0o644));
        assert_eq!(parse_numeric(&[0x80, 0, 0, 0, 0, 0, 0, 1]), Ok(1));
        assert_eq!(parse_numeric(&[0xff; 8]), Ok(-1));
        assert!(parse_numeric(b"9\0").is_err());
        assert_eq!(parse_pax_time("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(parse_pax_time("1.1234567891"), Some((1, 123_456_789)));
    }
}
