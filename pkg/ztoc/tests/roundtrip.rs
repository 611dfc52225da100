//! Generated layers: multi-member gzip, stored blocks, tiny spans, uncompressed tars, empty
//! archives and malformed input. Every ztoc is checked against an independent tar reader, its
//! span digests are recomputed, and it survives a serialize/parse round trip.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::io::{Cursor, Read, Write};

use flate2::{write::GzEncoder, Compression};
use linnet_ztoc::{build, BuildOptions, CompressionAlgorithm, Error, FileType, Ztoc};
use sha2::{Digest, Sha256};

/// Deterministic pseudo-random bytes (xorshift), mixed with text so deflate emits all block kinds.
fn data(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if (i / 4096) % 2 == 0 {
                b"the quick brown fox "[i % 20]
            } else {
                x as u8
            }
        })
        .collect()
}

fn sample_tar() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut add = |name: &str, body: &[u8], kind: tar::EntryType, link: Option<&str>| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(1_700_000_000);
        h.set_uid(1000);
        h.set_gid(1000);
        if let Some(l) = link {
            b.append_link(&mut h, name, l).expect("link");
        } else {
            b.append_data(&mut h, name, body).expect("append");
        }
    };
    add("dir/", b"", tar::EntryType::Directory, None);
    add("dir/small", b"hello", tar::EntryType::Regular, None);
    add("dir/big", &data(1, 300_000), tar::EntryType::Regular, None);
    let long = format!("dir/{}", "n".repeat(150));
    add(&long, &data(2, 70_000), tar::EntryType::Regular, None);
    add("dir/link", b"", tar::EntryType::Symlink, Some("small"));
    add("dir/empty", b"", tar::EntryType::Regular, None);
    add("dir/last", &data(3, 1000), tar::EntryType::Regular, None);
    b.into_inner().expect("finish tar")
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
        build_tool: "test".into(),
        ..BuildOptions::default()
    }
}

/// Checks a built ztoc against the raw tar and the layer bytes.
fn verify(layer: &[u8], raw: &[u8], z: &Ztoc) {
    assert_eq!(z.compressed_archive_size, layer.len() as u64);
    let mut archive = tar::Archive::new(raw);
    let mut cursor = Cursor::new(layer);
    let mut n = 0;
    for (i, e) in archive.entries().expect("entries").enumerate() {
        let mut e = e.expect("entry");
        let m = &z.toc[i];
        assert_eq!(m.name.as_bytes(), &e.path_bytes()[..]);
        assert_eq!(m.uncompressed_offset, e.raw_file_position());
        let mut want = Vec::new();
        e.read_to_end(&mut want).expect("read");
        if m.kind == FileType::Reg {
            assert_eq!(z.extract_file(&mut cursor, &m.name).expect("extract"), want);
            if want.len() > 100_000 {
                let part = z.extract(&mut cursor, m, 99_999, 777).expect("range");
                assert_eq!(part, want[99_999..99_999 + 777]);
            }
        }
        n += 1;
    }
    assert_eq!(n, z.toc.len());
    let spans = z.spans().expect("spans");
    assert_eq!(spans.len() as i32, z.compression.max_span_id + 1);
    assert_eq!(spans.len(), z.compression.span_digests.len());
    for s in &spans {
        let comp = &layer[s.compressed_start as usize..s.compressed_end as usize];
        let digest = format!("sha256:{}", hex::encode(Sha256::digest(comp)));
        assert_eq!(z.compression.span_digests[s.id], digest, "span {}", s.id);
        let out = z.decompress_span(s.id, comp).expect("span");
        let end = (s.uncompressed_end as usize).min(raw.len());
        assert_eq!(
            out,
            raw[s.uncompressed_start as usize..end],
            "span {}",
            s.id
        );
    }
    // Header offsets chain like soci's reader derives them: each header is right before data.
    for (i, hdr) in z.tar_header_offsets().expect("chain") {
        assert!(hdr < z.toc[i].uncompressed_offset);
        assert_eq!(hdr % 512, 0);
    }
    let bytes = z.to_bytes();
    let back = Ztoc::from_bytes(&bytes).expect("parse");
    assert_eq!(&back, z);
    assert_eq!(back.to_bytes(), bytes);
}

#[test]
fn gzip_levels_and_spans() {
    let raw = sample_tar();
    for level in [0, 1, 6, 9] {
        let layer = gzip(&raw, level);
        for span in [0, 1, 4096, 65_536, 1 << 22] {
            let z = build(&layer[..], &opts(span)).expect("build");
            assert_eq!(z.compression.algorithm, CompressionAlgorithm::Gzip);
            assert_eq!(z.toc.len(), 7);
            if span <= 4096 && level == 0 {
                assert!(z.compression.max_span_id >= 2, "level {level} span {span}");
            }
            verify(&layer, &raw, &z);
        }
    }
}

#[test]
fn multi_member_gzip() {
    let raw = sample_tar();
    for piece in [1000, 65_536, 100_001] {
        let layer = gzip_members(&raw, piece);
        for span in [1, 50_000, 1 << 22] {
            let z = build(&layer[..], &opts(span)).expect("build");
            verify(&layer, &raw, &z);
        }
    }
}

#[test]
fn uncompressed_tar() {
    let raw = sample_tar();
    for span in [1000, 4096, 1 << 22] {
        let z = build(&raw[..], &opts(span)).expect("build");
        assert_eq!(z.compression.algorithm, CompressionAlgorithm::Uncompressed);
        let expect_max = raw.len() as u64 / span - u64::from(raw.len() as u64 % span == 0);
        assert_eq!(z.compression.max_span_id as u64, expect_max);
        verify(&raw, &raw, &z);
    }
    assert!(matches!(
        build(&raw[..], &opts(0)),
        Err(Error::InvalidOptions(_))
    ));
}

#[test]
fn empty_archive() {
    let raw = tar::Builder::new(Vec::new()).into_inner().expect("tar");
    let layer = gzip(&raw, 6);
    let z = build(&layer[..], &opts(4096)).expect("build");
    assert!(z.toc.is_empty());
    assert_eq!(z.uncompressed_archive_size, 1024);
    assert_eq!(z.compression.max_span_id, 0);
    verify(&layer, &raw, &z);
    // A gzip of nothing at all: no tar blocks, still a valid (empty) ztoc.
    let layer = gzip(b"", 6);
    let z = build(&layer[..], &opts(4096)).expect("build");
    assert_eq!(z.uncompressed_archive_size, 0);
}

#[test]
fn malformed_input_gives_typed_errors() {
    let raw = sample_tar();
    let layer = gzip(&raw, 6);
    // Truncated gzip.
    for cut in [5, 11, layer.len() / 2, layer.len() - 3] {
        let r = build(&layer[..cut], &opts(4096));
        assert!(
            matches!(r, Err(Error::Gzip { .. }) | Err(Error::Tar { .. })),
            "cut {cut}: {r:?}"
        );
    }
    // Corrupt deflate data.
    let mut bad = layer.clone();
    for b in &mut bad[20..60] {
        *b ^= 0x5a;
    }
    assert!(build(&bad[..], &opts(4096)).is_err());
    // Trailing garbage after the last member (soci's zinfo builder fails too).
    let mut trailing = layer.clone();
    trailing.extend_from_slice(b"garbage!");
    assert!(matches!(
        build(&trailing[..], &opts(4096)),
        Err(Error::Gzip { .. })
    ));
    // Not a tar, gzip-compressed and plain.
    let junk = data(9, 10_000);
    assert!(matches!(
        build(&gzip(&junk, 6)[..], &opts(4096)),
        Err(Error::Tar { .. })
    ));
    assert!(matches!(
        build(&junk[..], &opts(4096)),
        Err(Error::Tar { .. })
    ));
    // Bad header checksum.
    let mut broken = raw.clone();
    broken[148] = b'7';
    broken[149] = b'7';
    assert!(matches!(
        build(&gzip(&broken, 6)[..], &opts(4096)),
        Err(Error::Tar { .. })
    ));
    // zstd is rejected with its own error.
    let zstd = [0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0];
    assert!(matches!(
        build(&zstd[..], &opts(4096)),
        Err(Error::UnsupportedCompression("zstd"))
    ));
    // Garbage ztoc bytes.
    assert!(Ztoc::from_bytes(b"not a ztoc").is_err());
    assert!(Ztoc::from_bytes(&[]).is_err());
}

#[test]
fn legacy_v1_checkpoint_blob_still_reads() {
    let raw = sample_tar();
    let layer = gzip(&raw, 6);
    let mut z = build(&layer[..], &opts(65_536)).expect("build");
    // v1 blobs omit checkpoint 0 but keep the count.
    let blob = &z.compression.checkpoints;
    let mut v1 = blob[..12].to_vec();
    v1.extend_from_slice(&blob[12 + 32785..]);
    z.compression.checkpoints = v1;
    let parsed = Ztoc::from_bytes(&z.to_bytes()).expect("parse");
    assert!(parsed.gzip_zinfo().expect("zinfo").legacy_v1);
    let mut cursor = Cursor::new(&layer);
    let got = parsed
        .extract_file(&mut cursor, "dir/small")
        .expect("extract");
    assert_eq!(got, b"hello");
}

#[test]
fn corrupted_inputs_never_panic() {
    let raw = sample_tar();
    let layer = gzip(&raw, 6);
    let ztoc = build(&layer[..], &opts(65_536)).expect("build").to_bytes();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    for _ in 0..40 {
        let mut t = raw.clone();
        let i = next(4096);
        t[i] = t[i].wrapping_add(1 + next(255) as u8);
        let _ = build(&t[..], &opts(4096));
        let mut g = layer.clone();
        let i = next(g.len());
        g[i] ^= 1 << next(8);
        let _ = build(&g[..], &opts(4096));
        let mut zb = ztoc.clone();
        let i = next(zb.len().min(4096));
        zb[i] ^= 1 << next(8);
        if let Ok(z) = Ztoc::from_bytes(&zb) {
            let mut cursor = Cursor::new(&layer);
            for e in &z.toc {
                let _ = z.extract(&mut cursor, e, 0, 100);
            }
            let _ = z.spans();
        }
    }
}
