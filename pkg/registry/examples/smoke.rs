//! Exercises every client operation against a live registry: push a blob, a config and a
//! manifest, mount across repositories, then resolve and read everything back (whole, from an
//! offset, and by range).
//!
//! `cargo run -p linnet-registry --example smoke -- 127.0.0.1:5000/smoke/test [--insecure HOST]
//! [--hosts-dir DIR]`; credentials come from `$DOCKER_CONFIG`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use bytes::Bytes;
use futures::StreamExt;
use linnet_registry::{sha256_digest, Client, Reference, RegistryConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let target = args
        .next()
        .ok_or("usage: smoke REPO [--insecure HOST] [--hosts-dir DIR]")?;
    let mut config = RegistryConfig::from_env();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or("missing flag value")?;
        match flag.as_str() {
            "--insecure" => config.insecure_registries.push(value),
            "--hosts-dir" => config.hosts_dirs = vec![value.into()],
            _ => return Err(format!("unknown flag {flag}").into()),
        }
    }
    let client = Client::new(config)?;
    let r = Reference::parse(&target)?;

    // A 3 MB layer so that range reads cross chunk boundaries.
    let layer: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let layer = Bytes::from(layer);
    let layer_digest = sha256_digest(&layer);
    let config_blob = Bytes::from_static(
        br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#,
    );
    let config_digest = sha256_digest(&config_blob);

    for (digest, data) in [(&layer_digest, &layer), (&config_digest, &config_blob)] {
        match client.blob_exists(&r, digest).await? {
            Some(size) => println!("exists {digest} ({size} bytes)"),
            None => {
                let chunks: Vec<Result<Bytes, std::io::Error>> = data
                    .chunks(65536)
                    .map(|c| Ok(Bytes::copy_from_slice(c)))
                    .collect();
                client
                    .push_blob(
                        &r,
                        digest,
                        data.len() as u64,
                        futures::stream::iter(chunks).boxed(),
                    )
                    .await?;
                println!("pushed {digest}");
            }
        }
        let size = client
            .blob_exists(&r, digest)
            .await?
            .ok_or("blob missing after push")?;
        assert_eq!(size, data.len() as u64);
    }

    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_blob.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer_digest, "size": layer.len()}]
    });
    let manifest = Bytes::from(serde_json::to_vec(&manifest)?);
    let manifest_digest = sha256_digest(&manifest);
    client
        .push_manifest(
            &r,
            "application/vnd.oci.image.manifest.v1+json",
            manifest.clone(),
        )
        .await?;
    println!("pushed manifest {manifest_digest} as {r}");

    let (desc, body) = client.resolve(&r).await?;
    println!("resolved {r}: {desc:?}");
    assert_eq!(desc.digest, manifest_digest);
    assert_eq!(body, manifest);
    let by_digest = client.resolve(&r.with_digest(&manifest_digest)).await?;
    assert_eq!(by_digest.0.digest, manifest_digest);
    assert_eq!(client.fetch_manifest(&r, &manifest_digest).await?, manifest);

    for offset in [0u64, 1_234_567] {
        let mut blob = client.fetch_blob(&r, &layer_digest, offset).await?;
        let mut got = Vec::new();
        while let Some(chunk) = blob.stream.next().await {
            got.extend_from_slice(&chunk?);
        }
        assert_eq!(blob.length, Some(layer.len() as u64 - offset));
        assert_eq!(&got[..], &layer[offset as usize..]);
        println!("fetched blob from {offset}: {} bytes ok", got.len());
    }
    for (offset, len) in [(0u64, 10u64), (1_000_000, 4096), (2_999_990, 10)] {
        let part = client
            .fetch_blob_range(&r, &layer_digest, offset, len)
            .await?;
        assert_eq!(&part[..], &layer[offset as usize..(offset + len) as usize]);
    }
    println!("range reads ok");

    let other = Reference::parse(&format!("{}/{}-mounted:latest", r.domain(), r.path()))?;
    let mounted = client.mount_blob(&other, &layer_digest, r.path()).await?;
    println!("mount into {}: {mounted}", other.familiar_name());
    let missing = sha256_digest(b"never pushed");
    let refused = client.mount_blob(&other, &missing, r.path()).await?;
    println!("mount of a missing blob: {refused}");
    assert!(!refused);

    match client.resolve(&r.with_tag("does-not-exist")).await {
        Err(e) => println!("missing tag: {e}"),
        Ok(_) => return Err("missing tag resolved".into()),
    }
    Ok(())
}
