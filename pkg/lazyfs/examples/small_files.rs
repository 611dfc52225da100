//! Cost of lazy reads: time to open and read 1000 small files through a lazy mount of a layer
//! that also holds big files (so the small ones spread over several spans), from a local blob
//! with an optional per-request delay standing in for a registry round trip.
//!
//! `cargo run --release -p linnet-lazyfs --example small_files -- [delay_ms] [untrusted]`
//! (needs root and /dev/fuse). Prints the median of 5 runs of: a cold read (empty span cache),
//! and a re-read after remounting over the filled span cache (cold kernel cache).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use linnet_lazyfs::{mount_layer, BlobSource, FileBlob, MountOptions};

struct Delayed {
    inner: FileBlob,
    delay: Duration,
}

static REQUESTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl BlobSource for Delayed {
    fn size(&self) -> u64 {
        self.inner.size()
    }
    fn read_at(&self, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
        REQUESTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        std::thread::sleep(self.delay);
        self.inner.read_at(offset, len)
    }
}

fn noise(len: usize, seed: u64) -> Vec<u8> {
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

fn text(len: usize, seed: u64) -> Vec<u8> {
    let words = ["lazy ", "layer ", "span ", "window\n", "digest ", "header "];
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.extend_from_slice(words[(x >> 60) as usize % words.len()].as_bytes());
    }
    out.truncate(len);
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let delay = Duration::from_millis(args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0));
    let untrusted = args.get(2).is_some_and(|a| a == "untrusted");
    let tmp = tempfile::tempdir().expect("tmp");
    let mut b = tar::Builder::new(Vec::new());
    let mut names = Vec::new();
    for d in 0..10 {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_mode(0o755);
        h.set_size(0);
        b.append_data(&mut h, format!("d{d}/"), &[][..])
            .expect("dir");
        for f in 0..100 {
            let data = text(1000 + (f * 37 % 7000), (d * 100 + f) as u64);
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Regular);
            h.set_mode(0o644);
            h.set_size(data.len() as u64);
            let name = format!("d{d}/f{f}");
            b.append_data(&mut h, &name, &data[..]).expect("file");
            names.push(name);
        }
        let big = noise(3 << 20, d as u64);
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Regular);
        h.set_mode(0o644);
        h.set_size(big.len() as u64);
        b.append_data(&mut h, format!("d{d}/big"), &big[..])
            .expect("big");
    }
    let tar = b.into_inner().expect("tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar).expect("gzip");
    let blob = gz.finish().expect("gzip");
    let ztoc = Arc::new(
        linnet_ztoc::build(&blob[..], &linnet_ztoc::BuildOptions::default()).expect("ztoc"),
    );
    let path = tmp.path().join("blob");
    std::fs::write(&path, &blob).expect("blob");
    println!(
        "layer: {} MB compressed, {} spans, {} small files, delay {:?}/request, untrusted={untrusted}",
        blob.len() >> 20,
        ztoc.compression.span_digests.len(),
        names.len(),
        delay
    );
    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    for run in 0..5 {
        let cache = tmp.path().join(format!("cache{run}"));
        let mnt = tmp.path().join(format!("mnt{run}"));
        std::fs::create_dir_all(&mnt).expect("mnt");
        for pass in 0..2 {
            let src = Arc::new(Delayed {
                inner: FileBlob::open(&path).expect("open"),
                delay,
            });
            #[allow(unused_mut)]
            let mut opts = MountOptions {
                // As the snapshotter mounts: a background fetcher, here silent throughout.
                background: Some(linnet_lazyfs::BackgroundOptions {
                    silence: Duration::from_secs(3600),
                    ..linnet_lazyfs::BackgroundOptions::default()
                }),
                ..MountOptions::default()
            };
            if untrusted {
                opts.trust = linnet_lazyfs::Trust::Untrusted; // AFTER-ONLY
            }
            let m = mount_layer(Arc::clone(&ztoc), src, &cache, &mnt, opts).expect("mount");
            let t = Instant::now();
            let mut bytes = 0;
            for n in &names {
                bytes += std::fs::read(mnt.join(n)).expect("read").len();
            }
            let e = t.elapsed();
            assert!(bytes > 0);
            if pass == 0 { &mut cold } else { &mut warm }.push(e);
            m.unmount().expect("unmount");
        }
        let _ = Path::new(&cache);
    }
    println!(
        "blob requests per run (cold + warm pass): {}",
        REQUESTS.load(std::sync::atomic::Ordering::Relaxed) / 5
    );
    cold.sort();
    warm.sort();
    println!(
        "read 1000 small files: cold (empty span cache) median {:.1} ms [{:.1}..{:.1}], span cache warm median {:.1} ms [{:.1}..{:.1}]",
        cold[2].as_secs_f64() * 1e3,
        cold[0].as_secs_f64() * 1e3,
        cold[4].as_secs_f64() * 1e3,
        warm[2].as_secs_f64() * 1e3,
        warm[0].as_secs_f64() * 1e3,
        warm[4].as_secs_f64() * 1e3,
    );
}
