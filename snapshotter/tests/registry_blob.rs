//! [`RegistryBlob`] against a real `docker-registry`: a layer pushed there is mounted with lazyfs
//! and read through HTTP range requests. Skips (recorded; a failure under
//! `LINNET_TESTS_REQUIRE`) when docker-registry, root or /dev/fuse is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use linnet_lazyfs::{mount_layer, MountOptions};
use linnet_reference::Reference;
use linnet_registry::{Client, RegistryConfig};
use linnet_snapshotter::RegistryBlob;
use linnet_ztoc::BuildOptions;

struct Registry(Child);

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_registry(dir: &Path) -> Option<(Registry, u16)> {
    let port = TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let config = dir.join("config.yml");
    std::fs::write(
        &config,
        format!(
            "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n\
             http:\n  addr: 127.0.0.1:{port}\n  secret: lazyfs-test\n",
            dir.join("storage").display()
        ),
    )
    .ok()?;
    let child = Command::new("docker-registry")
        .arg("serve")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .env("OTEL_TRACES_EXPORTER", "none")
        .spawn()
        .ok()?;
    let reg = Registry(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((reg, port))
}

/// Records a skip in `$LINNET_SKIP_LOG` (cargo would count the early return as a pass), or fails
/// when `LINNET_TESTS_REQUIRE` is set.
fn skip(reason: &str) {
    const TEST: &str = "layer_served_from_a_registry";
    let required = std::env::var("LINNET_TESTS_REQUIRE").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(!required, "{TEST}: {reason} (LINNET_TESTS_REQUIRE is set)");
    println!("skipped: {TEST}: {reason}");
    if let Some(log) = std::env::var_os("LINNET_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(log)
        {
            let _ = writeln!(f, "linnet-snapshotter registry_blob::{TEST}");
        }
    }
}

#[test]
fn layer_served_from_a_registry() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 || !Path::new("/dev/fuse").exists() {
        skip("needs root and /dev/fuse");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let Some((_registry, port)) = start_registry(tmp.path()) else {
        skip("docker-registry is not available");
        return;
    };
    // A layer with a file spread over several spans.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let data: Vec<u8> = (0..3_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "data.bin", &data[..]).expect("tar");
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o644);
    b.append_data(&mut h, "tiny", &b"abc"[..]).expect("tar");
    let tar = b.into_inner().expect("tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &tar).expect("gz");
    let blob = gz.finish().expect("gz");
    let ztoc = linnet_ztoc::build(
        &blob[..],
        &BuildOptions {
            span_size: 256 * 1024,
            ..BuildOptions::default()
        },
    )
    .expect("ztoc");
    let digest = linnet_registry::sha256_digest(&blob);

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let host = format!("127.0.0.1:{port}");
    let client = Client::new(RegistryConfig {
        insecure_registries: vec![host.clone()],
        hosts_dirs: Vec::new(),
        docker_config_dir: tmp.path().join("docker"),
    })
    .expect("client");
    let reference = Reference::parse(&format!("{host}/lazy/layer:latest")).expect("ref");
    let size = blob.len() as u64;
    let body = futures::stream::once(async move { Ok(bytes::Bytes::from(blob)) }).boxed();
    rt.block_on(client.push_blob(&reference, &digest, size, body))
        .expect("push blob");

    let source = Arc::new(RegistryBlob::new(
        client,
        reference,
        digest.clone(),
        size,
        rt.handle().clone(),
    ));
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).expect("mnt");
    let m = mount_layer(
        ztoc,
        source,
        &tmp.path().join("cache"),
        &mnt,
        MountOptions {
            layer: digest,
            background: None,
            ..MountOptions::default()
        },
    )
    .expect("mount");
    assert_eq!(std::fs::read(mnt.join("tiny")).expect("tiny"), b"abc");
    assert!(m.status().bytes_fetched < size / 2, "{:?}", m.status());
    assert!(std::fs::read(mnt.join("data.bin")).expect("data") == data);
    m.unmount().expect("unmount");
}
