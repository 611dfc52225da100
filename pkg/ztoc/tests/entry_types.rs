//! Every tar entry type a layer can hold, as Go's `archive/tar` reports it (soci-format.md §1.5):
//! devices, fifos, hard and symbolic links, PAX and GNU long names and link targets, PAX xattrs
//! and overrides (uid, mtime), special mode bits, owner names, whiteouts, legacy `'\0'` types,
//! empty files and files over many spans. Each layer is built uncompressed, gzip'd at several
//! levels and as concatenated members, and indexed at several span sizes; every entry's metadata
//! is compared with what was written and every regular file is read back through the ztoc.
//! (`roundtrip.rs` covers span digests, malformed gzip and serialization of plain layers.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use flate2::{write::GzEncoder, Compression};
use linnet_ztoc::{build, BuildOptions, CompressionAlgorithm, FileMetadata, FileType, Ztoc};

const MTIME: u64 = 1_700_000_000;
const MTIME_TEXT: &str = "2023-11-14T22:13:20Z";

/// Deterministic pseudo-random bytes; `text` mixes in runs of text so deflate varies its blocks.
fn bytes(seed: u64, len: usize, text: bool) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1;
    (0..len)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if text && (i / 5000) % 3 == 0 {
                b"lorem ipsum dolor sit amet, "[i % 28]
            } else {
                (x >> 24) as u8
            }
        })
        .collect()
}

/// What the ztoc must say about one entry.
#[derive(Debug, Clone)]
struct Want {
    name: String,
    kind: FileType,
    mode: i64,
    uid: u32,
    gid: u32,
    uname: String,
    gname: String,
    linkname: String,
    size: u64,
    devmajor: i64,
    devminor: i64,
    mod_time: String,
    pax: BTreeMap<String, String>,
    /// Content of regular files.
    data: Option<Vec<u8>>,
}

impl Want {
    fn new(name: &str, kind: FileType, mode: i64) -> Want {
        Want {
            name: name.to_string(),
            kind,
            mode,
            uid: 0,
            gid: 0,
            uname: String::new(),
            gname: String::new(),
            linkname: String::new(),
            size: 0,
            devmajor: 0,
            devminor: 0,
            mod_time: MTIME_TEXT.to_string(),
            pax: BTreeMap::new(),
            data: None,
        }
    }
}

/// Writes entries and remembers what each must look like in the ztoc.
struct Layer {
    tar: tar::Builder<Vec<u8>>,
    want: Vec<Want>,
}

impl Layer {
    fn new() -> Layer {
        Layer {
            tar: tar::Builder::new(Vec::new()),
            want: Vec::new(),
        }
    }

    fn header(gnu: bool, kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
        let mut h = if gnu {
            tar::Header::new_gnu()
        } else {
            tar::Header::new_ustar()
        };
        h.set_entry_type(kind);
        h.set_mode(mode);
        h.set_size(size);
        h.set_mtime(MTIME);
        h.set_uid(0);
        h.set_gid(0);
        h
    }

    /// A header-only or data entry whose name fits the header (no extension records).
    fn plain(&mut self, mut h: tar::Header, want: Want) {
        // Raw bytes: the tar crate's `set_path` would normalize `./` and trailing slashes.
        let name = want.name.as_bytes();
        assert!(name.len() <= 100, "plain entries need short names");
        h.as_mut_bytes()[..100].fill(0);
        h.as_mut_bytes()[..name.len()].copy_from_slice(name);
        if !want.linkname.is_empty() {
            h.set_link_name(&want.linkname).expect("short link name");
        }
        h.set_cksum();
        let data = want.data.clone().unwrap_or_default();
        self.tar.append(&h, &data[..]).expect("append");
        self.want.push(want);
    }

    fn file(&mut self, name: &str, mode: u32, data: Vec<u8>) {
        let h = Self::header(false, tar::EntryType::Regular, mode, data.len() as u64);
        let mut w = Want::new(name, FileType::Reg, i64::from(mode));
        w.size = data.len() as u64;
        w.data = Some(data);
        self.plain(h, w);
    }

    fn dir(&mut self, name: &str, mode: u32) {
        let h = Self::header(false, tar::EntryType::Directory, mode, 0);
        self.plain(h, Want::new(name, FileType::Dir, i64::from(mode)));
    }

    fn link(&mut self, kind: tar::EntryType, name: &str, target: &str) {
        let h = Self::header(false, kind, 0o777, 0);
        let ft = if kind == tar::EntryType::Link {
            FileType::Hardlink
        } else {
            FileType::Symlink
        };
        let mut w = Want::new(name, ft, 0o777);
        w.linkname = target.to_string();
        self.plain(h, w);
    }

    fn device(&mut self, kind: tar::EntryType, name: &str, major: u32, minor: u32) {
        let mut h = Self::header(false, kind, 0o660, 0);
        h.set_device_major(major).expect("major");
        h.set_device_minor(minor).expect("minor");
        let ft = match kind {
            tar::EntryType::Char => FileType::Char,
            tar::EntryType::Block => FileType::Block,
            _ => FileType::Fifo,
        };
        let mut w = Want::new(name, ft, 0o660);
        w.devmajor = i64::from(major);
        w.devminor = i64::from(minor);
        self.plain(h, w);
    }

    /// An entry preceded by a PAX extended header with `records`; `short` goes in the ustar
    /// name field, the real values come from the records.
    fn pax(&mut self, records: &[(&str, &str)], mut h: tar::Header, short: &str, want: Want) {
        self.tar
            .append_pax_extensions(records.iter().map(|(k, v)| (*k, v.as_bytes())))
            .expect("pax header");
        h.set_path(short).expect("short name");
        h.set_cksum();
        let data = want.data.clone().unwrap_or_default();
        self.tar.append(&h, &data[..]).expect("append");
        let mut want = want;
        want.pax = records
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.want.push(want);
    }

    fn finish(self) -> (Vec<u8>, Vec<Want>) {
        (self.tar.into_inner().expect("finish tar"), self.want)
    }
}

/// One layer with every entry kind.
fn every_entry_type() -> (Vec<u8>, Vec<Want>) {
    let mut l = Layer::new();
    l.dir("root/", 0o755);
    l.dir("root/tmp/", 0o1777);
    // Owner ids and names.
    {
        let data = b"owned\n".to_vec();
        let mut h = Layer::header(false, tar::EntryType::Regular, 0o640, data.len() as u64);
        h.set_uid(1234);
        h.set_gid(5678);
        h.set_username("alice").expect("uname");
        h.set_groupname("staff").expect("gname");
        let mut w = Want::new("root/owned", FileType::Reg, 0o640);
        (w.uid, w.gid, w.uname, w.gname) = (1234, 5678, "alice".into(), "staff".into());
        w.size = data.len() as u64;
        w.data = Some(data);
        l.plain(h, w);
    }
    l.file("root/suid", 0o4755, b"#!/bin/sh\n".to_vec());
    l.file("root/sgid", 0o2711, b"sgid\n".to_vec());
    l.file("root/all-bits", 0o7777, b"x".to_vec());
    l.file("root/empty", 0o644, Vec::new());
    l.link(tar::EntryType::Symlink, "root/sym", "owned");
    l.link(tar::EntryType::Symlink, "root/abs", "/etc/passwd");
    l.link(tar::EntryType::Link, "root/hard", "root/owned");
    l.device(tar::EntryType::Char, "root/null", 1, 3);
    l.device(tar::EntryType::Block, "root/sda", 8, 0);
    l.device(tar::EntryType::Fifo, "root/fifo", 0, 0);
    // Whiteouts are ordinary entries.
    l.file("root/.wh.gone", 0o644, Vec::new());
    l.dir("root/opq/", 0o755);
    l.file("root/opq/.wh..wh..opq", 0o644, Vec::new());
    // A file over many spans, then incompressible data, then a tiny file right after them.
    l.file("root/big", 0o644, bytes(1, 2 << 20, true));
    l.file("root/random", 0o600, bytes(2, 512 << 10, false));
    l.file("root/after", 0o644, b"after the big ones\n".to_vec());

    // PAX: long name, long link target, xattrs, uid/gid beyond ustar, sub-second mtime.
    let long_name = format!("root/{}/{}", "d".repeat(120), "f".repeat(60));
    {
        let data = bytes(3, 70_000, true);
        let h = Layer::header(false, tar::EntryType::Regular, 0o644, data.len() as u64);
        let mut w = Want::new(&long_name, FileType::Reg, 0o644);
        w.size = data.len() as u64;
        w.data = Some(data);
        l.pax(&[("path", &long_name)], h, "root/pax-short-name", w);
    }
    let long_target = format!("../{}", "t".repeat(180));
    {
        let h = Layer::header(false, tar::EntryType::Symlink, 0o777, 0);
        let mut w = Want::new("root/pax-longlink", FileType::Symlink, 0o777);
        w.linkname = long_target.clone();
        l.pax(&[("linkpath", &long_target)], h, "root/pax-longlink", w);
    }
    {
        let data = b"with xattrs\n".to_vec();
        let h = Layer::header(false, tar::EntryType::Regular, 0o644, data.len() as u64);
        let mut w = Want::new("root/xattrs", FileType::Reg, 0o644);
        w.size = data.len() as u64;
        w.data = Some(data);
        l.pax(
            &[
                (
                    "SCHILY.xattr.security.selinux",
                    "system_u:object_r:bin_t:s0",
                ),
                ("SCHILY.xattr.user.comment", "hi there"),
                ("SCHILY.xattr.trusted.empty", ""),
            ],
            h,
            "root/xattrs",
            w,
        );
    }
    {
        let data = b"big ids\n".to_vec();
        let h = Layer::header(false, tar::EntryType::Regular, 0o644, data.len() as u64);
        let mut w = Want::new("root/bigids", FileType::Reg, 0o644);
        (w.uid, w.gid) = (3_000_000, 4_000_000);
        (w.uname, w.gname) = ("u-from-pax".into(), "g-from-pax".into());
        w.mod_time = "2023-11-14T22:13:20.5Z".into();
        w.size = data.len() as u64;
        w.data = Some(data);
        l.pax(
            &[
                ("gid", "4000000"),
                ("gname", "g-from-pax"),
                ("mtime", "1700000000.5"),
                ("uid", "3000000"),
                ("uname", "u-from-pax"),
            ],
            h,
            "root/bigids",
            w,
        );
    }
    {
        // A directory named only by PAX keeps its trailing slash.
        let long_dir = format!("root/{}/", "p".repeat(110));
        let h = Layer::header(false, tar::EntryType::Directory, 0o750, 0);
        let w = Want::new(&long_dir, FileType::Dir, 0o750);
        l.pax(&[("path", &long_dir)], h, "root/pax-dir/", w);
    }

    // GNU long name (`././@LongLink` 'L') and long link target ('K'), from the tar crate.
    let gnu_name = format!("root/gnu/{}", "g".repeat(150));
    {
        let data = bytes(4, 5000, true);
        let mut h = Layer::header(true, tar::EntryType::Regular, 0o644, data.len() as u64);
        l.tar
            .append_data(&mut h, &gnu_name, &data[..])
            .expect("gnu long name");
        let mut w = Want::new(&gnu_name, FileType::Reg, 0o644);
        w.size = data.len() as u64;
        w.data = Some(data);
        l.want.push(w);
    }
    let gnu_target = format!("/{}", "k".repeat(140));
    {
        let mut h = Layer::header(true, tar::EntryType::Symlink, 0o777, 0);
        l.tar
            .append_link(&mut h, "root/gnu-longlink", &gnu_target)
            .expect("gnu long link");
        let mut w = Want::new("root/gnu-longlink", FileType::Symlink, 0o777);
        w.linkname = gnu_target.clone();
        l.want.push(w);
    }
    {
        // Hard link to a long name: both name fields via GNU records.
        let name = format!("root/gnu/hard-{}", "h".repeat(120));
        let mut h = Layer::header(true, tar::EntryType::Link, 0o644, 0);
        l.tar
            .append_link(&mut h, &name, &gnu_name)
            .expect("gnu hard link");
        let mut w = Want::new(&name, FileType::Hardlink, 0o644);
        w.linkname = gnu_name.clone();
        l.want.push(w);
    }

    // Legacy V7 type '\0': a regular file, or a directory when the name ends in '/'. (The tar
    // crate maps type 0 to '0', so the byte is written by hand.)
    {
        let v7 = |mode: u32, size: u64| {
            let mut h = Layer::header(false, tar::EntryType::Regular, mode, size);
            h.as_mut_bytes()[156] = 0;
            h
        };
        let data = b"old style\n".to_vec();
        let mut w = Want::new("root/v7-file", FileType::Reg, 0o644);
        w.size = data.len() as u64;
        w.data = Some(data);
        l.plain(v7(0o644, w.size), w);
        l.plain(
            v7(0o755, 0),
            Want::new("root/v7-dir/", FileType::Dir, 0o755),
        );
    }
    // `./` prefixes stay as written.
    l.file("./root/dot-slash", 0o644, b"dot\n".to_vec());
    l.file("root/last", 0o644, bytes(5, 777, true));
    l.finish()
}

fn gzip(raw: &[u8], level: u32) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(level));
    e.write_all(raw).expect("gzip");
    e.finish().expect("gzip")
}

/// pigz-style: independent gzip members over consecutive pieces.
fn gzip_members(raw: &[u8], piece: usize) -> Vec<u8> {
    raw.chunks(piece).flat_map(|c| gzip(c, 6)).collect()
}

fn opts(span: u64) -> BuildOptions {
    BuildOptions {
        span_size: span,
        build_tool: "entry-types-test".into(),
        ..BuildOptions::default()
    }
}

/// Data offsets of the tar's entries, from the tar crate's reader.
fn data_offsets(raw: &[u8]) -> Vec<u64> {
    tar::Archive::new(raw)
        .entries()
        .expect("entries")
        .map(|e| e.expect("entry").raw_file_position())
        .collect()
}

fn check_entry(m: &FileMetadata, w: &Want) {
    let at = &w.name;
    assert_eq!(m.name, w.name);
    assert_eq!(m.kind, w.kind, "{at}");
    assert_eq!(m.mode, w.mode, "{at}: mode {:o} want {:o}", m.mode, w.mode);
    assert_eq!((m.uid, m.gid), (w.uid, w.gid), "{at}");
    assert_eq!((&m.uname, &m.gname), (&w.uname, &w.gname), "{at}");
    assert_eq!(m.linkname, w.linkname, "{at}");
    assert_eq!(m.uncompressed_size, w.size, "{at}");
    assert_eq!((m.devmajor, m.devminor), (w.devmajor, w.devminor), "{at}");
    assert_eq!(m.mod_time, w.mod_time, "{at}");
    assert_eq!(m.pax_records, w.pax, "{at}");
    let xattrs: BTreeMap<&str, &str> = m.xattrs().collect();
    let want_xattrs: BTreeMap<&str, &str> = w
        .pax
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("SCHILY.xattr.").map(|k| (k, v.as_str())))
        .collect();
    assert_eq!(xattrs, want_xattrs, "{at}");
}

/// Deterministic (offset, len) pairs inside `size`.
fn sub_ranges(seed: u64, size: u64, n: usize) -> Vec<(u64, u64)> {
    let mut x = seed | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|_| {
            let off = next() % size;
            let len = 1 + next() % (size - off).min(200_000);
            (off, len)
        })
        .collect()
}

fn verify(layer: &[u8], raw: &[u8], want: &[Want], z: &Ztoc) {
    assert_eq!(z.compressed_archive_size, layer.len() as u64);
    assert_eq!(z.uncompressed_archive_size, raw.len() as u64);
    assert_eq!(z.toc.len(), want.len(), "one ztoc entry per tar entry");
    let offsets = data_offsets(raw);
    assert_eq!(offsets.len(), want.len());
    let mut cursor = Cursor::new(layer);
    for ((m, w), off) in z.toc.iter().zip(want).zip(offsets) {
        check_entry(m, w);
        assert_eq!(m.uncompressed_offset, off, "{}", w.name);
        let Some(data) = &w.data else {
            // Header-only entries read as nothing.
            assert!(z
                .extract(&mut cursor, m, 0, 10)
                .expect("extract")
                .is_empty());
            continue;
        };
        let got = z.extract(&mut cursor, m, 0, m.uncompressed_size);
        assert!(got.expect("extract") == *data, "{} differs", w.name);
        if data.len() > 1 {
            for (o, n) in sub_ranges(off, data.len() as u64, 4) {
                let part = z.extract(&mut cursor, m, o, n).expect("sub-range");
                assert_eq!(
                    part,
                    data[o as usize..(o + n) as usize],
                    "{} @{o}+{n}",
                    w.name
                );
            }
            // Reads past the end are clipped.
            let tail = z.extract(&mut cursor, m, data.len() as u64 - 1, 100);
            assert_eq!(tail.expect("tail"), data[data.len() - 1..]);
        }
    }
    // Unique names resolve by name too.
    let reg_named = z
        .extract_file(&mut cursor, "root/owned")
        .expect("extract_file");
    assert_eq!(reg_named, b"owned\n");
    // Whole-archive reads across entry and span boundaries equal the raw tar.
    for (o, n) in sub_ranges(7, raw.len() as u64, 12) {
        let got = z.read_range(&mut cursor, o, n).expect("read_range");
        assert!(got == raw[o as usize..(o + n) as usize], "range {o}+{n}");
    }
    assert!(z.read_range(&mut cursor, raw.len() as u64 - 1, 2).is_err());
    // soci's reader derives header offsets from the entries; the chain must hold.
    let chain = z.tar_header_offsets().expect("header chain");
    assert_eq!(chain.len(), z.toc.len());
    let back = Ztoc::from_bytes(&z.to_bytes()).expect("parse");
    assert_eq!(&back, z);
}

#[test]
fn every_entry_type_uncompressed() {
    let (raw, want) = every_entry_type();
    for span in [4096, 65_536, 1 << 22] {
        let z = build(&raw[..], &opts(span)).expect("build");
        assert_eq!(z.compression.algorithm, CompressionAlgorithm::Uncompressed);
        verify(&raw, &raw, &want, &z);
    }
}

#[test]
fn every_entry_type_gzip_levels() {
    let (raw, want) = every_entry_type();
    for level in [1, 6, 9] {
        let layer = gzip(&raw, level);
        for span in [4096, 65_536, 1 << 22] {
            let z = build(&layer[..], &opts(span)).expect("build");
            assert_eq!(z.compression.algorithm, CompressionAlgorithm::Gzip);
            if level == 6 && span == 65_536 {
                // 2.5 MiB in ~16 KiB deflate blocks: the big file lies across many spans.
                assert!(
                    z.compression.max_span_id >= 30,
                    "spans {}",
                    z.compression.max_span_id + 1
                );
            }
            verify(&layer, &raw, &want, &z);
        }
    }
}

#[test]
fn every_entry_type_multi_member() {
    let (raw, want) = every_entry_type();
    // Members end inside headers, inside file data and on block boundaries.
    for piece in [512 * 7 + 3, 1 << 20] {
        let layer = gzip_members(&raw, piece);
        for span in [4096, 1 << 22] {
            let z = build(&layer[..], &opts(span)).expect("build");
            verify(&layer, &raw, &want, &z);
        }
    }
}

/// Entry types Go's reader returns but soci's `getType` does not know fail the whole build.
#[test]
fn unsupported_entry_types_fail() {
    for kind in [
        tar::EntryType::Continuous,
        tar::EntryType::XGlobalHeader,
        tar::EntryType::new(b'X'),
    ] {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_size(3);
        h.set_mode(0o644);
        b.append_data(&mut h, "ok", &b"abc"[..]).expect("append");
        let mut h = tar::Header::new_ustar();
        h.set_entry_type(kind);
        h.set_size(0);
        h.set_mode(0o644);
        b.append_data(&mut h, "odd", std::io::empty())
            .expect("append");
        let raw = b.into_inner().expect("tar");
        for layer in [raw.clone(), gzip(&raw, 6)] {
            let r = build(&layer[..], &opts(65_536));
            assert!(r.is_err(), "type {:?} must fail the build: {r:?}", kind);
        }
    }
}
