//! A corpus of mutated but digest-valid ztocs (every span digest recomputed from the real blob)
//! mounted over FUSE from a local blob: whatever the mutation, every access either fails or
//! shows exactly the layer's bytes and metadata, as a tar reader of the real layer sees them;
//! a background fetch to completion poisons the mount; a blob whose bytes differ outside every
//! span (gzip header) is caught by the full-layer digest. Needs root and /dev/fuse; without
//! them the tests are skipped, or fail under `LINNET_TESTS_REQUIRE=1`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linnet_lazyfs::{mount_layer, BackgroundOptions, FileBlob, MountOptions, MountedLayer, Trust};
use linnet_ztoc::{FileType, Ztoc};

mod common;
use common::{can_mount, gzip_and_index, header};
use sha2::{Digest, Sha256};

/// Compressible text (deflate back-references reach into checkpoint windows).
fn text(len: usize, seed: u64) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "lazy", "layer", "span", "window", "digest", "header", "linnet", "soci", "ztoc", "tar",
        "gzip", "block", "fuse", "mount",
    ];
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 16);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(WORDS[(x % WORDS.len() as u64) as usize].as_bytes());
        out.push(if x % 11 == 0 { b'\n' } else { b' ' });
    }
    out.truncate(len);
    out
}

struct Layer {
    blob: Vec<u8>,
    tar: Vec<u8>,
    ztoc: Ztoc,
}

fn layer() -> Layer {
    let mut b = tar::Builder::new(Vec::new());
    let dir = |b: &mut tar::Builder<Vec<u8>>, p: &str| {
        let mut h = header(tar::EntryType::Directory, 0o755, 0);
        b.append_data(&mut h, p, &[][..]).expect("dir");
    };
    dir(&mut b, "bin/");
    let file = |b: &mut tar::Builder<Vec<u8>>, p: &str, mode: u32, data: &[u8]| {
        let mut h = header(tar::EntryType::Regular, mode, data.len() as u64);
        b.append_data(&mut h, p, data).expect("file");
    };
    file(&mut b, "bin/busybox", 0o4755, &text(20_000, 1));
    file(&mut b, "bin/tool", 0o755, &text(30_000, 2));
    let mut h = header(tar::EntryType::Symlink, 0o777, 0);
    b.append_link(&mut h, "bin/sh", "busybox").expect("symlink");
    dir(&mut b, "data/");
    file(&mut b, "data/big1", 0o644, &text(300_000, 3));
    file(&mut b, "data/small", 0o644, b"small file\n");
    file(&mut b, "data/big2", 0o600, &text(250_000, 4));
    for i in 0..20 {
        file(
            &mut b,
            &format!("data/many/f{i}"),
            0o644,
            &text(3_000, 10 + i),
        );
    }
    file(&mut b, "data/big3", 0o644, &text(200_000, 5));
    let tar = b.into_inner().expect("tar");
    let (blob, ztoc) = gzip_and_index(&tar, 64 * 1024);
    Layer { blob, tar, ztoc }
}

/// The layer written to a blob file in a fresh temporary directory, its digest, and what a tar
/// reader says about each path.
struct Fixture {
    tmp: tempfile::TempDir,
    l: Layer,
    blob: PathBuf,
    digest: String,
    want: BTreeMap<String, Want>,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().expect("tmp");
        let l = layer();
        let blob = tmp.path().join("blob");
        std::fs::write(&blob, &l.blob).expect("blob");
        let digest = sha256(&l.blob);
        let want = reference(&l.tar);
        Fixture {
            tmp,
            l,
            blob,
            digest,
            want,
        }
    }
}

fn sha256(b: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(b)))
}

/// Makes `z` digest-valid for `blob`: each span digest is what its geometry covers.
fn redigest(z: &mut Ztoc, blob: &[u8]) {
    if let Ok(spans) = z.spans() {
        z.compression.span_digests = spans
            .iter()
            .map(|s| {
                let end = (s.compressed_end as usize).min(blob.len());
                let start = (s.compressed_start as usize).min(end);
                sha256(&blob[start..end])
            })
            .collect();
    }
}

const PACKED: usize = 8 + 8 + 1 + 32768;

/// Mutated ztocs, each named. Every one is digest-valid.
fn corpus(l: &Layer) -> Vec<(&'static str, Ztoc)> {
    let entry = |z: &mut Ztoc, name: &str| -> usize {
        z.toc
            .iter()
            .position(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} in the layer"))
    };
    let mut out = Vec::new();
    let mut m = |name: &'static str, f: &dyn Fn(&mut Ztoc)| {
        let mut z = l.ztoc.clone();
        f(&mut z);
        redigest(&mut z, &l.blob);
        assert_ne!(z, l.ztoc, "{name} changes the ztoc");
        out.push((name, z));
    };
    m("setuid flip", &|z| {
        let i = entry(z, "bin/tool");
        z.toc[i].mode |= 0o4000;
    });
    m("setgid on a directory", &|z| {
        let i = entry(z, "data/");
        z.toc[i].mode |= 0o2000;
    });
    m("offset shift", &|z| {
        let i = entry(z, "data/big1");
        z.toc[i].uncompressed_offset += 5;
    });
    m("size change", &|z| {
        let i = entry(z, "data/big2");
        z.toc[i].uncompressed_size -= 100;
    });
    m("type change to char device", &|z| {
        let i = entry(z, "data/small");
        z.toc[i].kind = FileType::Char;
        z.toc[i].uncompressed_size = 0;
        z.toc[i].devmajor = 1;
        z.toc[i].devminor = 3;
    });
    m("link target change", &|z| {
        let i = entry(z, "bin/sh");
        z.toc[i].linkname = "../../etc/shadow".into();
    });
    m("owner change", &|z| {
        let i = entry(z, "data/many/f3");
        z.toc[i].uid = 0;
    });
    m("name swap", &|z| {
        let (a, b) = (entry(z, "data/many/f1"), entry(z, "data/many/f2"));
        let na = z.toc[a].name.clone();
        z.toc[a].name = z.toc[b].name.clone();
        z.toc[b].name = na;
    });
    m("checkpoint window byte flip", &|z| {
        let cps = &mut z.compression.checkpoints;
        let n = (cps.len() - 12) / PACKED;
        assert!(n >= 4, "{n} checkpoints");
        for k in 2..n {
            let at = 12 + k * PACKED + 17 + 32768 - 200;
            cps[at] ^= 0x5a;
        }
    });
    m("checkpoint offset change", &|z| {
        let cps = &mut z.compression.checkpoints;
        let at = 12 + 3 * PACKED + 8;
        let mut v = [0u8; 8];
        v.copy_from_slice(&cps[at..at + 8]);
        let moved = u64::from_le_bytes(v) - 64;
        cps[at..at + 8].copy_from_slice(&moved.to_le_bytes());
    });
    m("last checkpoint input shift", &|z| {
        let cps = &mut z.compression.checkpoints;
        let n = (cps.len() - 12) / PACKED;
        let at = 12 + (n - 1) * PACKED;
        let mut v = [0u8; 8];
        v.copy_from_slice(&cps[at..at + 8]);
        let moved = u64::from_le_bytes(v) + 1;
        cps[at..at + 8].copy_from_slice(&moved.to_le_bytes());
    });
    m("name with ..", &|z| {
        let i = entry(z, "data/small");
        z.toc[i].name = "data/../../evil".into();
    });
    m("empty name component", &|z| {
        let i = entry(z, "data/small");
        z.toc[i].name = "data//small".into();
    });
    out
}

/// What a tar reader of the real layer says about each path.
#[derive(Debug, Clone)]
struct Want {
    kind: tar::EntryType,
    mode: u32,
    uid: u32,
    gid: u32,
    mtime: i64,
    data: Vec<u8>,
    link: Option<PathBuf>,
}

fn reference(tar_bytes: &[u8]) -> BTreeMap<String, Want> {
    let mut out = BTreeMap::new();
    let mut a = tar::Archive::new(tar_bytes);
    for e in a.entries().expect("entries") {
        let mut e = e.expect("entry");
        let h = e.header().clone();
        let path = e.path().expect("path").to_string_lossy().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).expect("data");
        out.insert(
            path.trim_end_matches('/').to_string(),
            Want {
                kind: h.entry_type(),
                mode: h.mode().expect("mode"),
                uid: h.uid().expect("uid") as u32,
                gid: h.gid().expect("gid") as u32,
                mtime: h.mtime().expect("mtime") as i64,
                data,
                link: e.link_name().expect("link").map(|l| l.into_owned()),
            },
        );
    }
    out
}

/// Outcome of walking a mount: accesses that failed, and mismatches (which must stay empty).
#[derive(Debug, Default)]
struct Walk {
    failed: Vec<String>,
    wrong: Vec<String>,
}

fn meta_matches(m: &std::fs::Metadata, w: &Want) -> Result<(), String> {
    let kind_ok = match w.kind {
        tar::EntryType::Regular => m.file_type().is_file(),
        tar::EntryType::Directory => m.file_type().is_dir(),
        tar::EntryType::Symlink => m.file_type().is_symlink(),
        _ => false,
    };
    if !kind_ok {
        return Err(format!("type {:?} shown for {:?}", m.file_type(), w.kind));
    }
    if m.mode() & 0o7777 != w.mode & 0o7777 && !m.file_type().is_symlink() {
        return Err(format!(
            "mode {:o} shown for {:o}",
            m.mode() & 0o7777,
            w.mode
        ));
    }
    if (m.uid(), m.gid()) != (w.uid, w.gid) {
        return Err(format!(
            "owner {}:{} shown for {}:{}",
            m.uid(),
            m.gid(),
            w.uid,
            w.gid
        ));
    }
    if m.mtime() != w.mtime {
        return Err(format!("mtime {} shown for {}", m.mtime(), w.mtime));
    }
    if m.file_type().is_file() && m.len() != w.data.len() as u64 {
        return Err(format!("size {} shown for {}", m.len(), w.data.len()));
    }
    Ok(())
}

/// Every path of the real layer, through the mount: stat shows no privilege the layer does not
/// have; a successful open/readlink/readdir shows exactly the layer's bytes and metadata.
fn walk(mnt: &Path, want: &BTreeMap<String, Want>) -> Walk {
    let mut w = Walk::default();
    // Parents a tar implies without an entry of their own.
    let implied: std::collections::HashSet<String> = want
        .keys()
        .flat_map(|k| {
            k.match_indices('/')
                .map(|(i, _)| k[..i].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let known = |n: &str| want.contains_key(n) || implied.contains(n);
    for (path, entry) in want {
        let p = mnt.join(path);
        match std::fs::symlink_metadata(&p) {
            Err(e) => w.failed.push(format!("{path}: lstat: {e}")),
            Ok(m) => {
                let privileged = m.mode() & 0o6000 != 0
                    || m.file_type().is_char_device()
                    || m.file_type().is_block_device()
                    || m.file_type().is_fifo();
                // Privileged attributes are verified before lookup shows them.
                if privileged {
                    if let Err(why) = meta_matches(&m, entry) {
                        w.wrong.push(format!("{path}: lstat: {why}"));
                    }
                }
            }
        }
        match entry.kind {
            tar::EntryType::Regular => match std::fs::File::open(&p) {
                Err(e) => w.failed.push(format!("{path}: open: {e}")),
                Ok(mut f) => {
                    let mut data = Vec::new();
                    match f.read_to_end(&mut data) {
                        Err(e) => w.failed.push(format!("{path}: read: {e}")),
                        Ok(_) if data != entry.data => w.wrong.push(format!(
                            "{path}: read {} bytes that differ from the layer's {}",
                            data.len(),
                            entry.data.len()
                        )),
                        Ok(_) => {}
                    }
                    // Opened means verified: every attribute is the layer's now.
                    match f.metadata() {
                        Ok(m) => {
                            if let Err(why) = meta_matches(&m, entry) {
                                w.wrong.push(format!("{path}: after open: {why}"));
                            }
                        }
                        Err(e) => w.failed.push(format!("{path}: fstat: {e}")),
                    }
                }
            },
            tar::EntryType::Symlink => match std::fs::read_link(&p) {
                Err(e) => w.failed.push(format!("{path}: readlink: {e}")),
                Ok(t) if Some(&t) != entry.link.as_ref() => w
                    .wrong
                    .push(format!("{path}: link {t:?} for {:?}", entry.link)),
                Ok(_) => {}
            },
            tar::EntryType::Directory => match std::fs::read_dir(&p) {
                Err(e) => w.failed.push(format!("{path}: opendir: {e}")),
                Ok(rd) => {
                    for child in rd {
                        match child {
                            Ok(c) => {
                                let name = format!("{path}/{}", c.file_name().to_string_lossy());
                                if !known(&name) {
                                    w.wrong.push(format!("{name}: listed but not in the layer"));
                                }
                                // readdirplus attributes of privileged children are verified.
                                if let Ok(m) = std::fs::symlink_metadata(c.path()) {
                                    let privileged =
                                        m.mode() & 0o6000 != 0 || m.file_type().is_char_device();
                                    if privileged && !want.contains_key(&name) {
                                        w.wrong.push(format!("{name}: privileged, not in layer"));
                                    }
                                }
                            }
                            Err(e) => w.failed.push(format!("{path}: readdir: {e}")),
                        }
                    }
                }
            },
            _ => {}
        }
    }
    w
}

/// A blob source that must not be read.
struct NoReads(u64);

impl linnet_lazyfs::BlobSource for NoReads {
    fn size(&self) -> u64 {
        self.0
    }
    fn read_at(&self, _: u64, _: u64) -> std::io::Result<Vec<u8>> {
        Err(std::io::Error::other("no reads expected"))
    }
}

fn options(trust: Trust, digest: &str, background: Option<BackgroundOptions>) -> MountOptions {
    MountOptions {
        layer: digest.to_string(),
        digest: Some(digest.to_string()),
        trust,
        background,
        ttl: Duration::from_secs(1),
        ..MountOptions::default()
    }
}

fn mount(
    tmp: &Path,
    tag: &str,
    ztoc: Ztoc,
    blob: &Path,
    opts: MountOptions,
) -> linnet_lazyfs::Result<(MountedLayer, PathBuf)> {
    let mnt = tmp.join(format!("mnt-{tag}"));
    std::fs::create_dir_all(&mnt).expect("mnt");
    let m = mount_layer(
        ztoc,
        Arc::new(FileBlob::open(blob).expect("blob")),
        &tmp.join(format!("cache-{tag}")),
        &mnt,
        opts,
    )?;
    Ok((m, mnt))
}

fn wait_for(m: &MountedLayer, what: &str, done: impl Fn(&MountedLayer) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(m) {
        assert!(
            Instant::now() < deadline,
            "{what}: {:?} {:?}",
            m.status(),
            m.integrity()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn bg() -> Option<BackgroundOptions> {
    Some(BackgroundOptions {
        silence: Duration::from_millis(10),
        period: Duration::from_millis(1),
        start_paused: false,
    })
}

#[test]
fn the_real_ztoc_shows_the_layer_and_verifies() {
    if !can_mount("integrity", "the_real_ztoc_shows_the_layer_and_verifies") {
        return;
    }
    let Fixture {
        tmp,
        l,
        blob,
        digest,
        want,
    } = Fixture::new();
    for (i, trust) in [Trust::Trusted, Trust::Untrusted].into_iter().enumerate() {
        let (m, mnt) = mount(
            tmp.path(),
            &format!("real{i}"),
            l.ztoc.clone(),
            &blob,
            options(trust, &digest, None),
        )
        .expect("mount");
        let w = walk(&mnt, &want);
        assert!(
            w.failed.is_empty() && w.wrong.is_empty(),
            "{trust:?}: {w:?}"
        );
        let busybox = std::fs::symlink_metadata(mnt.join("bin/busybox")).expect("busybox");
        assert_eq!(
            busybox.mode() & 0o7777,
            0o4755,
            "a real setuid bit is shown"
        );
        assert!(m.integrity().poisoned.is_none());
        m.unmount().expect("unmount");
    }
    let (m, _mnt) = mount(
        tmp.path(),
        "real-bg",
        l.ztoc.clone(),
        &blob,
        options(Trust::Trusted, &digest, bg()),
    )
    .expect("mount");
    wait_for(&m, "verified", |m| m.integrity().layer_verified);
    let i = m.integrity();
    assert!(i.poisoned.is_none(), "{i:?}");
    assert_eq!(i.spans_chained, m.status().spans_total);
    m.unmount().expect("unmount");

    // Remounted over the same (complete, verified) cache: verified at once, nothing fetched.
    let mnt = tmp.path().join("mnt-real-again");
    std::fs::create_dir_all(&mnt).expect("mnt");
    let m = mount_layer(
        l.ztoc.clone(),
        Arc::new(NoReads(l.blob.len() as u64)),
        &tmp.path().join("cache-real-bg"),
        &mnt,
        options(Trust::Untrusted, &digest, bg()),
    )
    .expect("remount");
    assert!(m.integrity().layer_verified, "{:?}", m.integrity());
    let w = walk(&mnt, &want);
    assert!(w.failed.is_empty() && w.wrong.is_empty(), "{w:?}");
    m.unmount().expect("unmount");
}

#[test]
fn mutated_ztocs_never_show_other_content() {
    if !can_mount("integrity", "mutated_ztocs_never_show_other_content") {
        return;
    }
    let Fixture {
        tmp,
        l,
        blob,
        digest,
        want,
    } = Fixture::new();
    let mut report = Vec::new();
    for (n, (name, z)) in corpus(&l).into_iter().enumerate() {
        for (i, trust) in [Trust::Trusted, Trust::Untrusted].into_iter().enumerate() {
            let tag = format!("{n}-{i}");
            let (m, mnt) = match mount(
                tmp.path(),
                &tag,
                z.clone(),
                &blob,
                options(trust, &digest, None),
            ) {
                Ok(x) => x,
                Err(e) => {
                    // Refused before mounting: the layer would be unpacked normally.
                    report.push(format!("{name} ({trust:?}): not mounted: {e}"));
                    continue;
                }
            };
            let w = walk(&mnt, &want);
            assert!(w.wrong.is_empty(), "{name} ({trust:?}): {:?}", w.wrong);
            let i = m.integrity();
            // Every mutation is noticed by some access (a failure or a poisoned mount).
            assert!(
                !w.failed.is_empty() || i.poisoned.is_some(),
                "{name} ({trust:?}) went unnoticed: {i:?}"
            );
            report.push(format!(
                "{name} ({trust:?}): {} failed accesses, poisoned: {:?}, header failures: {}",
                w.failed.len(),
                i.poisoned.is_some(),
                i.header_failures
            ));
            m.unmount().expect("unmount");
        }
        // The background fetch completes the chain: a mutated ztoc poisons the mount.
        let Ok((m, mnt)) = mount(
            tmp.path(),
            &format!("{n}-bg"),
            z.clone(),
            &blob,
            options(Trust::Trusted, &digest, bg()),
        ) else {
            continue;
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while m.integrity().poisoned.is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        match m.integrity().poisoned {
            Some(why) => {
                let small = std::fs::read(mnt.join("data/many/f7"));
                assert!(small.is_err(), "{name}: a poisoned mount still reads");
                let ls = std::fs::read_dir(mnt.join("data")).map(|d| d.count());
                assert!(ls.is_err(), "{name}: a poisoned mount still lists");
                report.push(format!("{name} (background): poisoned: {why}"));
            }
            None => {
                // Spans that cannot be inflated never become local: their reads fail.
                let st = m.status();
                assert!(
                    st.spans_present < st.spans_total,
                    "{name}: complete yet not poisoned"
                );
                let w = walk(&mnt, &want);
                assert!(w.wrong.is_empty() && !w.failed.is_empty(), "{name}: {w:?}");
                report.push(format!(
                    "{name} (background): {}/{} spans can be fetched, {} failed accesses",
                    st.spans_present,
                    st.spans_total,
                    w.failed.len()
                ));
            }
        }
        m.unmount().expect("unmount");
    }
    for line in &report {
        println!("{line}");
    }
}

#[test]
fn full_layer_digest_poisons_a_blob_that_differs_outside_the_spans() {
    if !can_mount(
        "integrity",
        "full_layer_digest_poisons_a_blob_that_differs_outside_the_spans",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let l = layer();
    let digest = sha256(&l.blob);
    // The gzip header's MTIME: no span covers it, inflating is unaffected.
    let mut forged = l.blob.clone();
    forged[5] ^= 0x01;
    let blob = tmp.path().join("forged");
    std::fs::write(&blob, &forged).expect("blob");
    let (m, mnt) = mount(
        tmp.path(),
        "digest",
        l.ztoc.clone(),
        &blob,
        options(Trust::Trusted, &digest, bg()),
    )
    .expect("mount");
    // On-demand reads are right (the bytes they need are).
    wait_for(&m, "poisoned", |m| m.integrity().poisoned.is_some());
    let why = m.integrity().poisoned.unwrap_or_default();
    assert!(why.contains("not to its digest"), "{why}");
    let err = std::fs::read(mnt.join("bin/tool")).expect_err("poisoned");
    assert_eq!(err.raw_os_error(), Some(libc::EIO), "{err}");
    assert!(std::fs::symlink_metadata(mnt.join("data")).is_err());
    m.unmount().expect("unmount");
}

#[test]
fn a_header_mismatch_fails_that_entry_before_the_chain_gets_there() {
    if !can_mount(
        "integrity",
        "a_header_mismatch_fails_that_entry_before_the_chain_gets_there",
    ) {
        return;
    }
    let Fixture {
        tmp,
        l,
        blob,
        digest,
        want,
    } = Fixture::new();
    let mut z = l.ztoc.clone();
    for e in &mut z.toc {
        match e.name.as_str() {
            "data/big3" => e.uncompressed_offset += 5,
            "data/many/f19" => e.mode |= 0o4000,
            _ => {}
        }
    }
    redigest(&mut z, &l.blob);
    let (m, mnt) = mount(
        tmp.path(),
        "early",
        z,
        &blob,
        options(Trust::Trusted, &digest, None),
    )
    .expect("mount");
    let err = std::fs::read(mnt.join("data/big3")).expect_err("shifted file");
    assert_eq!(err.raw_os_error(), Some(libc::EIO), "{err}");
    let err = std::fs::symlink_metadata(mnt.join("data/many/f19")).expect_err("setuid");
    assert_eq!(err.raw_os_error(), Some(libc::EIO), "{err}");
    // Its neighbour, verified on its own, is fine.
    assert_eq!(
        std::fs::read(mnt.join("data/many/f18")).expect("f18"),
        want["data/many/f18"].data
    );
    let i = m.integrity();
    assert!(i.header_failures >= 2, "{i:?}");
    assert!(
        i.poisoned.is_none(),
        "the chain has not reached them: {i:?}"
    );
    assert!(
        i.last_failure
            .as_deref()
            .unwrap_or_default()
            .contains("does not match its tar header"),
        "{i:?}"
    );
    m.unmount().expect("unmount");
}

#[test]
fn untrusted_restart_serves_cached_spans_without_fetching() {
    if !can_mount(
        "integrity",
        "untrusted_restart_serves_cached_spans_without_fetching",
    ) {
        return;
    }
    let Fixture {
        tmp,
        l,
        blob,
        digest,
        want,
    } = Fixture::new();
    let (m, mnt) = mount(
        tmp.path(),
        "first",
        l.ztoc.clone(),
        &blob,
        options(Trust::Untrusted, &digest, None),
    )
    .expect("mount");
    assert_eq!(
        std::fs::read(mnt.join("bin/busybox")).expect("busybox"),
        want["bin/busybox"].data
    );
    assert!(m.status().spans_present < m.status().spans_total);
    m.unmount().expect("unmount");
    // Same cache, a source that fails every read: the cached prefix is chained from the
    // inflated spans alone and served.
    let mnt = tmp.path().join("mnt-again");
    std::fs::create_dir_all(&mnt).expect("mnt");
    let m = mount_layer(
        l.ztoc.clone(),
        Arc::new(NoReads(l.blob.len() as u64)),
        &tmp.path().join("cache-first"),
        &mnt,
        options(Trust::Untrusted, &digest, None),
    )
    .expect("remount");
    assert_eq!(
        std::fs::read(mnt.join("bin/busybox")).expect("busybox again"),
        want["bin/busybox"].data
    );
    assert!(m.integrity().spans_chained >= 1, "{:?}", m.integrity());
    assert!(m.integrity().poisoned.is_none(), "{:?}", m.integrity());
    m.unmount().expect("unmount");
}
