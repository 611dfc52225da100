//! End-to-end tests: build real tar.gz layers, index them with `linnet_ztoc::build`, mount
//! them over FUSE and compare what the kernel shows with the tar. Needs root and /dev/fuse;
//! each test prints a message and passes when they are missing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::collections::BTreeMap;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use linnet_lazyfs::{
    mount_layer, BackgroundOptions, BlobSource, FileBlob, MountOptions, RetryPolicy, SpanManager,
};
use linnet_ztoc::Ztoc;

mod common;
use common::{can_mount, gzip_and_index, header, noise};

struct Layer {
    blob: Vec<u8>,
    ztoc: Ztoc,
}

#[derive(Clone)]
enum E {
    Dir(&'static str, u32),
    File(String, u32, Vec<u8>),
    Symlink(&'static str, &'static str),
    Hard(&'static str, &'static str),
    Char(&'static str, u32, u32),
    Block(&'static str, u32, u32),
    Fifo(&'static str),
    Xattrs(&'static str, Vec<(&'static str, &'static str)>),
}

fn build(entries: &[E], span: u64) -> Layer {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        match e {
            E::Dir(p, mode) => {
                let mut h = header(tar::EntryType::Directory, *mode, 0);
                b.append_data(&mut h, p, &[][..]).expect("dir");
            }
            E::File(p, mode, data) => {
                let mut h = header(tar::EntryType::Regular, *mode, data.len() as u64);
                b.append_data(&mut h, p, &data[..]).expect("file");
            }
            E::Symlink(p, target) => {
                let mut h = header(tar::EntryType::Symlink, 0o777, 0);
                b.append_link(&mut h, p, target).expect("symlink");
            }
            E::Hard(p, target) => {
                let mut h = header(tar::EntryType::Link, 0o644, 0);
                b.append_link(&mut h, p, target).expect("hardlink");
            }
            E::Char(p, ma, mi) | E::Block(p, ma, mi) => {
                let kind = if matches!(e, E::Char(..)) {
                    tar::EntryType::Char
                } else {
                    tar::EntryType::Block
                };
                let mut h = header(kind, 0o660, 0);
                h.set_device_major(*ma).expect("major");
                h.set_device_minor(*mi).expect("minor");
                b.append_data(&mut h, p, &[][..]).expect("dev");
            }
            E::Fifo(p) => {
                let mut h = header(tar::EntryType::Fifo, 0o600, 0);
                b.append_data(&mut h, p, &[][..]).expect("fifo");
            }
            E::Xattrs(p, xs) => {
                let recs: Vec<(String, &[u8])> = xs
                    .iter()
                    .map(|(k, v)| (format!("SCHILY.xattr.{k}"), v.as_bytes()))
                    .collect();
                b.append_pax_extensions(recs.iter().map(|(k, v)| (k.as_str(), *v)))
                    .expect("pax");
                let mut h = header(tar::EntryType::Regular, 0o644, 2);
                b.append_data(&mut h, p, &b"xa"[..]).expect("xattr file");
            }
        }
    }
    let tar = b.into_inner().expect("tar");
    let (blob, ztoc) = gzip_and_index(&tar, span);
    Layer { blob, ztoc }
}

fn long_name() -> String {
    format!("dir/{}", "n".repeat(180))
}

fn full_layer() -> (Vec<E>, Layer) {
    let entries = vec![
        E::Dir("dir/", 0o755),
        E::Dir("dir/sticky/", 0o1777),
        E::File("dir/setuid".into(), 0o4755, b"#!/bin/true\n".to_vec()),
        E::File("dir/setgid".into(), 0o2711, b"g".to_vec()),
        E::File("dir/empty".into(), 0o600, Vec::new()),
        E::File("dir/big".into(), 0o644, noise(600 * 1024, 1)),
        E::File(long_name(), 0o640, b"long".to_vec()),
        E::Symlink("dir/link", "../dir/setuid"),
        E::Hard("dir/hard", "dir/setuid"),
        E::Char("dir/null", 1, 3),
        E::Block("dir/sda", 8, 0x123),
        E::Fifo("dir/fifo"),
        E::Xattrs(
            "dir/xattrs",
            vec![("user.comment", "hi"), ("user.other", "x")],
        ),
        E::File("wh/.wh.gone".into(), 0o644, Vec::new()),
        E::File("wh/.wh.kept".into(), 0o644, Vec::new()),
        E::File("wh/kept".into(), 0o644, b"real".to_vec()),
        E::Dir("opq/", 0o755),
        E::File("opq/.wh..wh..opq".into(), 0o644, Vec::new()),
        E::File("opq/inside".into(), 0o644, b"in".to_vec()),
        E::File("implicit/parent/file".into(), 0o644, b"p".to_vec()),
    ];
    let layer = build(&entries, 64 * 1024);
    (entries, layer)
}

fn write_blob(dir: &Path, blob: &[u8]) -> PathBuf {
    let p = dir.join("layer.tar.gz");
    std::fs::write(&p, blob).expect("write blob");
    p
}

fn opts(background: Option<BackgroundOptions>) -> MountOptions {
    MountOptions {
        layer: "sha256:test".into(),
        background,
        ..MountOptions::default()
    }
}

fn getxattr(path: &Path, name: &str) -> Option<Vec<u8>> {
    let p = CString::new(path.as_os_str().as_bytes()).ok()?;
    let n = CString::new(name).ok()?;
    let mut buf = vec![0u8; 4096];
    // SAFETY: valid C strings and a buffer of the stated length.
    let r = unsafe { libc::lgetxattr(p.as_ptr(), n.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    if r < 0 {
        return None;
    }
    buf.truncate(r as usize);
    Some(buf)
}

fn listxattr(path: &Path) -> Vec<String> {
    let p = CString::new(path.as_os_str().as_bytes()).expect("path");
    let mut buf = vec![0u8; 4096];
    // SAFETY: valid C string and a buffer of the stated length.
    let r = unsafe { libc::llistxattr(p.as_ptr(), buf.as_mut_ptr().cast(), buf.len()) };
    assert!(r >= 0, "listxattr {}", path.display());
    buf.truncate(r as usize);
    buf.split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf8_lossy(s).into_owned())
        .collect()
}

#[test]
fn mounted_tree_matches_the_tar() {
    if !can_mount("mount", "mounted_tree_matches_the_tar") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let (entries, layer) = full_layer();
    assert!(
        layer.ztoc.spans().expect("spans").len() > 3,
        "want a multi-span file"
    );
    let blob: Arc<dyn BlobSource> =
        Arc::new(FileBlob::open(&write_blob(tmp.path(), &layer.blob)).expect("blob"));
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mnt");
    let m = mount_layer(
        layer.ztoc,
        blob,
        &tmp.path().join("cache"),
        &mnt,
        opts(None),
    )
    .expect("mount");

    for e in &entries {
        match e {
            E::Dir(p, mode) => {
                let md = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                assert!(md.is_dir(), "{p}");
                assert_eq!(md.mode() & 0o7777, *mode, "{p}");
                assert_eq!((md.uid(), md.gid()), (1000, 2000), "{p}");
                assert_eq!(md.mtime(), 1_700_000_000, "{p}");
            }
            E::File(p, mode, data) if !p.contains("/.wh.") => {
                let md = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                assert!(md.is_file(), "{p}");
                assert_eq!(md.mode() & 0o7777, *mode, "{p}");
                assert_eq!(md.len(), data.len() as u64, "{p}");
                assert_eq!((md.uid(), md.gid()), (1000, 2000), "{p}");
                assert!(
                    std::fs::read(mnt.join(p)).expect(p) == *data,
                    "content of {p}"
                );
            }
            E::File(..) => {}
            E::Symlink(p, target) => {
                let md = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                assert!(md.file_type().is_symlink());
                assert_eq!(
                    std::fs::read_link(mnt.join(p)).expect(p),
                    PathBuf::from(target)
                );
                assert_eq!(md.len(), target.len() as u64);
            }
            E::Hard(p, target) => {
                let a = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                let b = std::fs::symlink_metadata(mnt.join(target)).expect(target);
                assert_eq!(a.ino(), b.ino(), "hardlink shares the inode");
                assert_eq!(a.nlink(), 2);
            }
            E::Char(p, ma, mi) | E::Block(p, ma, mi) => {
                let md = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                if matches!(e, E::Char(..)) {
                    assert!(md.file_type().is_char_device(), "{p}");
                } else {
                    assert!(md.file_type().is_block_device(), "{p}");
                }
                assert_eq!(libc::major(md.rdev()), *ma, "{p}");
                assert_eq!(libc::minor(md.rdev()), *mi, "{p}");
                assert_eq!(md.mode() & 0o7777, 0o660);
            }
            E::Fifo(p) => {
                let md = std::fs::symlink_metadata(mnt.join(p)).expect(p);
                assert!(md.file_type().is_fifo(), "{p}");
            }
            E::Xattrs(p, xs) => {
                let path = mnt.join(p);
                let want: BTreeMap<String, Vec<u8>> = xs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                    .collect();
                let mut names = listxattr(&path);
                names.sort();
                assert_eq!(names, want.keys().cloned().collect::<Vec<_>>());
                for (k, v) in &want {
                    assert_eq!(getxattr(&path, k).as_ref(), Some(v), "{k}");
                }
                assert_eq!(getxattr(&path, "user.missing"), None);
            }
        }
    }
    // The tree holds exactly the tar's names, whiteout markers turned into overlay whiteouts.
    let mut names: Vec<String> = std::fs::read_dir(mnt.join("dir"))
        .expect("readdir")
        .map(|d| d.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = [
        "sticky", "setuid", "setgid", "empty", "big", "link", "hard", "null", "sda", "fifo",
        "xattrs",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long_name()["dir/".len()..].to_string()])
    .collect();
    want.sort();
    assert_eq!(names, want);
    let mut wh: Vec<String> = std::fs::read_dir(mnt.join("wh"))
        .expect("readdir wh")
        .map(|d| d.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    wh.sort();
    assert_eq!(wh, vec!["gone", "kept"]);
    let gone = std::fs::symlink_metadata(mnt.join("wh/gone")).expect("whiteout");
    assert!(gone.file_type().is_char_device());
    assert_eq!(gone.rdev(), 0, "overlay whiteout is 0:0");
    assert_eq!(std::fs::read(mnt.join("wh/kept")).expect("kept"), b"real");
    assert_eq!(
        getxattr(&mnt.join("opq"), "trusted.overlay.opaque"),
        Some(b"y".to_vec())
    );
    assert!(!mnt.join("opq/.wh..wh..opq").exists());
    assert_eq!(getxattr(&mnt.join("dir"), "trusted.overlay.opaque"), None);
    let implicit = std::fs::metadata(mnt.join("implicit/parent")).expect("synthesized dir");
    assert!(implicit.is_dir());
    assert_eq!(implicit.mode() & 0o7777, 0o755);
    // Read-only.
    assert!(std::fs::write(mnt.join("dir/new"), b"x").is_err());
    assert!(std::fs::OpenOptions::new()
        .write(true)
        .open(mnt.join("dir/empty"))
        .is_err());

    let st = m.status();
    assert!(st.spans_present > 0 && st.bytes_fetched > 0);
    m.unmount().expect("unmount");
    assert!(std::fs::read_dir(&mnt).expect("mnt").next().is_none());
}

/// Counts blob reads and bytes, optionally failing, corrupting or stalling the first reads.
struct TestBlob {
    inner: FileBlob,
    calls: AtomicU64,
    bytes: AtomicU64,
    fail_first: u64,
    /// The kind of the injected failures.
    fail_kind: std::io::ErrorKind,
    corrupt_first: u64,
    stall_first: u64,
    stall: Duration,
}

impl TestBlob {
    fn new(path: &Path) -> TestBlob {
        TestBlob {
            inner: FileBlob::open(path).expect("blob"),
            calls: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            fail_first: 0,
            fail_kind: std::io::ErrorKind::ConnectionReset,
            corrupt_first: 0,
            stall_first: 0,
            stall: Duration::ZERO,
        }
    }
}

impl BlobSource for TestBlob {
    fn size(&self) -> u64 {
        self.inner.size()
    }

    fn read_at(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.bytes.fetch_add(len, Ordering::SeqCst);
        if n < self.stall_first {
            std::thread::sleep(self.stall);
        }
        if n < self.fail_first {
            return Err(std::io::Error::new(self.fail_kind, "injected failure"));
        }
        let mut data = self.inner.read_at(offset, len)?;
        if n < self.corrupt_first {
            if let Some(b) = data.last_mut() {
                *b ^= 0xff;
            }
        }
        Ok(data)
    }
}

fn big_layer() -> Layer {
    build(
        &[
            E::File("big".into(), 0o644, noise(4 << 20, 7)),
            E::File("small".into(), 0o644, b"hello small file\n".to_vec()),
        ],
        256 * 1024,
    )
}

#[test]
fn small_read_fetches_little_and_rereads_are_free() {
    if !can_mount("mount", "small_read_fetches_little_and_rereads_are_free") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let layer = big_layer();
    let path = write_blob(tmp.path(), &layer.blob);
    let total = layer.blob.len() as u64;
    let ztoc = Arc::new(layer.ztoc);
    let counting = Arc::new(TestBlob::new(&path));
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mnt");
    let cache = tmp.path().join("cache");
    let m = mount_layer(
        Arc::clone(&ztoc),
        counting.clone(),
        &cache,
        &mnt,
        opts(None),
    )
    .expect("mount");
    assert_eq!(
        std::fs::read(mnt.join("small")).expect("small"),
        b"hello small file\n"
    );
    let calls = counting.calls.load(Ordering::SeqCst);
    let bytes = counting.bytes.load(Ordering::SeqCst);
    assert!(calls >= 1);
    assert!(
        bytes * 4 < total,
        "read {bytes} of {total} bytes for a small file"
    );
    assert_eq!(m.status().bytes_fetched, bytes);
    assert!(m.status().spans_present < m.status().spans_total);
    // Again through FUSE, and through the span cache directly: no blob access.
    assert_eq!(
        std::fs::read(mnt.join("small")).expect("small"),
        b"hello small file\n"
    );
    let entry = ztoc.entry("small").expect("entry");
    let direct = m
        .spans()
        .read(entry.uncompressed_offset, entry.uncompressed_size)
        .expect("direct read");
    assert_eq!(direct, b"hello small file\n");
    assert_eq!(counting.calls.load(Ordering::SeqCst), calls);
    m.unmount().expect("unmount");

    // A remount over the same cache directory reuses the spans.
    let again = Arc::new(TestBlob::new(&path));
    let m =
        mount_layer(Arc::clone(&ztoc), again.clone(), &cache, &mnt, opts(None)).expect("remount");
    assert_eq!(
        std::fs::read(mnt.join("small")).expect("small"),
        b"hello small file\n"
    );
    assert_eq!(again.calls.load(Ordering::SeqCst), 0);
    drop(m);
}

fn policy(attempts: u32, timeout: Duration) -> RetryPolicy {
    RetryPolicy {
        attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        request_timeout: timeout,
    }
}

fn manager(tmp: &Path, ztoc: &Arc<Ztoc>, blob: Arc<TestBlob>, p: RetryPolicy) -> SpanManager {
    let dir = tmp.join(format!("cache-{}", rand_suffix()));
    SpanManager::new("sha256:test", Arc::clone(ztoc), blob, &dir, p).expect("manager")
}

fn rand_suffix() -> u64 {
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

#[test]
fn faults_are_retried_verified_or_fail_with_eio() {
    let tmp = tempfile::tempdir().expect("tmp");
    let layer = big_layer();
    let path = write_blob(tmp.path(), &layer.blob);
    let ztoc = Arc::new(layer.ztoc);
    let entry = ztoc.entry("big").expect("big").clone();
    let want = noise(4 << 20, 7);
    let (off, len) = (entry.uncompressed_offset + 1_000_000, 300_000u64);
    let expect = &want[1_000_000..1_300_000];

    // Resets: retried within the budget.
    let flaky = Arc::new(TestBlob {
        fail_first: 2,
        ..TestBlob::new(&path)
    });
    let m = manager(
        tmp.path(),
        &ztoc,
        flaky.clone(),
        policy(3, Duration::from_secs(10)),
    );
    assert!(m.read(off, len).expect("flaky read") == expect);
    assert_eq!(flaky.calls.load(Ordering::SeqCst), 3);

    // Corrupt bytes: caught by the span digest and refetched.
    let corrupt = Arc::new(TestBlob {
        corrupt_first: 1,
        ..TestBlob::new(&path)
    });
    let m = manager(
        tmp.path(),
        &ztoc,
        corrupt.clone(),
        policy(2, Duration::from_secs(10)),
    );
    assert!(m.read(off, len).expect("corrupt then good") == expect);
    assert_eq!(corrupt.calls.load(Ordering::SeqCst), 2);

    // Always corrupt: an error, never wrong bytes, and nothing cached.
    let bad = Arc::new(TestBlob {
        corrupt_first: u64::MAX,
        ..TestBlob::new(&path)
    });
    let m = manager(
        tmp.path(),
        &ztoc,
        bad.clone(),
        policy(3, Duration::from_secs(10)),
    );
    let err = m.read(off, len).expect_err("corrupt forever");
    assert!(
        err.to_string().contains("does not match its digest"),
        "{err}"
    );
    assert!(err.to_string().contains("sha256:test"), "{err}");
    assert_eq!(bad.calls.load(Ordering::SeqCst), 3);
    assert_eq!(m.status().spans_present, 0);

    // Stalls: abandoned at the deadline and not retried (a stall would only repeat).
    let stall = Arc::new(TestBlob {
        stall_first: u64::MAX,
        stall: Duration::from_secs(3),
        ..TestBlob::new(&path)
    });
    let m = manager(
        tmp.path(),
        &ztoc,
        stall.clone(),
        policy(3, Duration::from_millis(200)),
    );
    let t = Instant::now();
    let err = m.read(off, len).expect_err("stalled");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(stall.calls.load(Ordering::SeqCst), 1);

    // A source's final error (one that ran its own retries, or a stall it reports as TimedOut)
    // is not retried either; only the transient kinds above are.
    let timed_out = Arc::new(TestBlob {
        fail_first: u64::MAX,
        fail_kind: std::io::ErrorKind::TimedOut,
        ..TestBlob::new(&path)
    });
    let m = manager(
        tmp.path(),
        &ztoc,
        timed_out.clone(),
        policy(3, Duration::from_secs(10)),
    );
    let err = m.read(off, len).expect_err("source timed out");
    assert!(err.to_string().contains("injected"), "{err}");
    assert_eq!(timed_out.calls.load(Ordering::SeqCst), 1);
    assert_eq!(m.status().spans_present, 0);
}

#[test]
fn concurrent_readers_share_one_fetch() {
    let tmp = tempfile::tempdir().expect("tmp");
    let layer = big_layer();
    let path = write_blob(tmp.path(), &layer.blob);
    let ztoc = Arc::new(layer.ztoc);
    let entry = ztoc.entry("big").expect("big").clone();
    let slow = Arc::new(TestBlob {
        stall_first: u64::MAX,
        stall: Duration::from_millis(300),
        ..TestBlob::new(&path)
    });
    let m = Arc::new(manager(
        tmp.path(),
        &ztoc,
        slow.clone(),
        policy(1, Duration::from_secs(10)),
    ));
    let threads: Vec<_> = (0..8)
        .map(|i| {
            let m = Arc::clone(&m);
            std::thread::spawn(move || m.read(entry.uncompressed_offset + 10 + i, 100))
        })
        .collect();
    for t in threads {
        t.join().expect("join").expect("read");
    }
    assert_eq!(slow.calls.load(Ordering::SeqCst), 1);
}

#[test]
fn eio_reaches_the_reader_through_fuse() {
    if !can_mount("mount", "eio_reaches_the_reader_through_fuse") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let layer = big_layer();
    let path = write_blob(tmp.path(), &layer.blob);
    let bad = Arc::new(TestBlob {
        corrupt_first: u64::MAX,
        ..TestBlob::new(&path)
    });
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mnt");
    let m = mount_layer(
        layer.ztoc,
        bad,
        &tmp.path().join("cache"),
        &mnt,
        MountOptions {
            fetch: policy(2, Duration::from_secs(5)),
            ..opts(None)
        },
    )
    .expect("mount");
    let err = std::fs::read(mnt.join("small")).expect_err("corrupt blob");
    assert_eq!(err.raw_os_error(), Some(libc::EIO), "{err}");
    // Metadata still works.
    assert_eq!(
        std::fs::metadata(mnt.join("small")).expect("stat").len(),
        17
    );
    drop(m);
}

#[test]
fn background_fetch_makes_the_layer_local() {
    if !can_mount("mount", "background_fetch_makes_the_layer_local") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let layer = big_layer();
    let path = write_blob(tmp.path(), &layer.blob);
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mnt");
    let bg = BackgroundOptions {
        silence: Duration::from_millis(100),
        period: Duration::from_millis(1),
        start_paused: true,
    };
    let m = mount_layer(
        layer.ztoc,
        Arc::new(FileBlob::open(&path).expect("blob")),
        &tmp.path().join("cache"),
        &mnt,
        opts(Some(bg)),
    )
    .expect("mount");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(m.status().spans_present, 0, "paused");
    m.resume_background();
    let deadline = Instant::now() + Duration::from_secs(30);
    while m.status().spans_present < m.status().spans_total {
        assert!(
            Instant::now() < deadline,
            "background fetch stalled: {:?}",
            m.status()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let st = m.status();
    assert_eq!(st.spans_present, st.spans_total);
    assert!(st.spans_total > 4);
    assert_eq!(
        std::fs::read(mnt.join("big")).expect("big"),
        noise(4 << 20, 7)
    );
    m.unmount().expect("unmount");
}

#[test]
fn stacked_layers_work_as_overlay_lowerdirs() {
    if !can_mount("mount", "stacked_layers_work_as_overlay_lowerdirs") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let base = build(
        &[
            E::File("etc/gone".into(), 0o644, b"old".to_vec()),
            E::File("etc/stays".into(), 0o644, b"stays".to_vec()),
            E::File("opq/hidden".into(), 0o644, b"hidden".to_vec()),
        ],
        64 * 1024,
    );
    let top = build(
        &[
            E::File("etc/.wh.gone".into(), 0o644, Vec::new()),
            E::Dir("opq/", 0o755),
            E::File("opq/.wh..wh..opq".into(), 0o644, Vec::new()),
            E::File("opq/new".into(), 0o644, b"new".to_vec()),
        ],
        64 * 1024,
    );
    let mut mounts = Vec::new();
    for (name, layer) in [("base", base), ("top", top)] {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).expect("dir");
        let path = write_blob(&dir, &layer.blob);
        let mnt = dir.join("mnt");
        std::fs::create_dir(&mnt).expect("mnt");
        let m = mount_layer(
            layer.ztoc,
            Arc::new(FileBlob::open(&path).expect("blob")),
            &dir.join("cache"),
            &mnt,
            opts(None),
        )
        .expect("mount");
        mounts.push(m);
    }
    let merged = tmp.path().join("merged");
    std::fs::create_dir(&merged).expect("merged");
    let lower = format!(
        "lowerdir={}:{}",
        mounts[1].mountpoint().display(),
        mounts[0].mountpoint().display()
    );
    let status = std::process::Command::new("mount")
        .args(["-t", "overlay", "overlay", "-o", &lower])
        .arg(&merged)
        .status()
        .expect("run mount");
    assert!(status.success(), "overlay mount failed");
    let check = || -> Result<(), String> {
        let ls = |p: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(merged.join(p))
                .map(|rd| {
                    rd.filter_map(|d| d.ok())
                        .map(|d| d.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        if ls("etc") != vec!["stays"] {
            return Err(format!("etc: {:?}", ls("etc")));
        }
        if ls("opq") != vec!["new"] {
            return Err(format!("opq: {:?}", ls("opq")));
        }
        match std::fs::read(merged.join("etc/stays")) {
            Ok(d) if d == b"stays" => Ok(()),
            other => Err(format!("etc/stays: {other:?}")),
        }
    };
    let result = check();
    let _ = std::process::Command::new("umount").arg(&merged).status();
    result.expect("overlay view");
    drop(mounts);
}
