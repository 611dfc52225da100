//! Helpers shared by the lazyfs integration tests (`mount.rs`, `integrity.rs`): whether FUSE
//! mounts can be made here, and building a gzip layer with its ztoc from tar entries.

#![allow(dead_code)] // each test binary uses its own subset

use std::io::Write;
use std::path::Path;

use linnet_ztoc::{BuildOptions, Ztoc};

/// Whether FUSE mounts can be made here. Without root or /dev/fuse the test is skipped and the
/// skip recorded in `$LINNET_SKIP_LOG` as `linnet-lazyfs <suite>::<test>` (cargo would count it
/// as a pass), or it fails when `LINNET_TESTS_REQUIRE` is set.
pub fn can_mount(suite: &str, test: &str) -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root && Path::new("/dev/fuse").exists() {
        return true;
    }
    let required = std::env::var("LINNET_TESTS_REQUIRE").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{test}: needs root and /dev/fuse (LINNET_TESTS_REQUIRE is set)"
    );
    println!("skipped: {test}: needs root and /dev/fuse");
    if let Some(log) = std::env::var_os("LINNET_SKIP_LOG") {
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(log)
        {
            let _ = writeln!(f, "linnet-lazyfs {suite}::{test}");
        }
    }
    false
}

/// A tar header with fixed owner (1000:2000) and mtime, so what the mount shows can be compared.
pub fn header(kind: tar::EntryType, mode: u32, size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_size(size);
    h.set_uid(1000);
    h.set_gid(2000);
    h.set_mtime(1_700_000_000);
    h
}

/// Deterministic incompressible bytes.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// `tar` gzip-compressed, and its ztoc with spans of `span` bytes.
pub fn gzip_and_index(tar: &[u8], span: u64) -> (Vec<u8>, Ztoc) {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(tar).expect("gzip");
    let blob = gz.finish().expect("gzip");
    let ztoc = linnet_ztoc::build(
        &blob[..],
        &BuildOptions {
            span_size: span,
            ..BuildOptions::default()
        },
    )
    .expect("ztoc");
    (blob, ztoc)
}
