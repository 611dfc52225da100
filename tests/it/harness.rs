//! Checks of the harness itself (registries, certificates, image archives), so that a failing
//! product test is not a broken fixture.

use std::collections::HashSet;
use std::io::Read;

use crate::common::{self, images, registry, Registry};

fn have(tools: &[&str]) -> bool {
    let missing: Vec<&&str> = tools
        .iter()
        .filter(|t| common::which(t).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if common::required() {
        panic!("missing tools on PATH: {missing:?}");
    }
    common::record_skip("harness", &format!("missing tools on PATH: {missing:?}"));
    false
}

#[test]
fn harness_plain_registry_answers_v2() {
    if !have(&["docker-registry"]) {
        return;
    }
    let reg = Registry::plain();
    let resp = reg.get("/v2/").expect("GET /v2/");
    assert_eq!(resp.status, 200, "{}", reg.log());
    let missing = reg
        .manifest("nothing/here", "latest")
        .expect("GET manifest");
    assert_eq!(missing.status, 404);
    let port = reg.port;
    drop(reg);
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "registry still listening after drop"
    );
}

#[test]
fn harness_tls_registry_verifies_with_test_ca() {
    if !have(&["docker-registry", "openssl", "htpasswd"]) {
        return;
    }
    let reg = Registry::tls_auth();
    let certs = registry::certs().expect("certs");
    // Ask openssl to verify the server against our CA, with the IP SAN.
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, &certs.ca_cert).expect("write CA");
    let out = std::process::Command::new("openssl")
        .args([
            "s_client",
            "-connect",
            &reg.host,
            "-verify_return_error",
            "-verify_ip",
            "127.0.0.1",
            "-CAfile",
        ])
        .arg(&ca)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("openssl s_client");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Verify return code: 0 (ok)"),
        "TLS verification failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    reg.install_ca(dir.path());
    assert!(dir.path().join(&reg.host).join("ca.crt").is_file());
}

fn tar_entries(path: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).expect("open archive");
    let mut archive = tar::Archive::new(file);
    let mut out = Vec::new();
    for entry in archive.entries().expect("entries") {
        let mut entry = entry.expect("entry");
        let name = entry.path().expect("path").to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read entry");
        out.push((name, data));
    }
    out
}

#[test]
fn harness_oci_archives_are_consistent() {
    if images::busybox_path().is_err() {
        if common::required() {
            panic!("{}", images::busybox_path().unwrap_err());
        }
        println!("skipped: no static busybox");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for image in [
        images::single("it-a:1"),
        images::multi_layer("it-b:2"),
        images::multi_platform("it-c:3"),
    ] {
        let path = dir.path().join("image.tar");
        image.write_oci_archive(&path).expect("write archive");
        let entries = tar_entries(&path);
        let names: HashSet<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains("oci-layout") && names.contains("index.json"));
        for (name, data) in &entries {
            if let Some(hex) = name.strip_prefix("blobs/sha256/") {
                if !hex.is_empty() {
                    assert_eq!(
                        images::sha256_hex(data),
                        hex,
                        "blob {name} has the wrong digest"
                    );
                }
            }
        }
        let index: serde_json::Value = serde_json::from_slice(
            &entries
                .iter()
                .find(|(n, _)| n == "index.json")
                .expect("index")
                .1,
        )
        .expect("index JSON");
        let top = &index["manifests"][0];
        assert_eq!(top["digest"], image.digest());
        assert_eq!(
            top["annotations"]["io.containerd.image.name"],
            image.full_name()
        );
        // Every descriptor reachable from the top object is in the archive.
        for blob in &image.blobs {
            assert!(names.contains(format!("blobs/sha256/{}", blob.hex()).as_str()));
        }
    }
    assert_eq!(images::normalize("it-a:1"), "docker.io/library/it-a:1");
    assert_eq!(
        images::normalize("127.0.0.1:5000/x/y"),
        "127.0.0.1:5000/x/y:latest"
    );
    assert_eq!(images::normalize("user/app:v"), "docker.io/user/app:v");
}

#[test]
fn harness_multi_layer_has_whiteouts() {
    if images::busybox_path().is_err() {
        println!("skipped: no static busybox");
        return;
    }
    let image = images::multi_layer("it-ml:1");
    assert_eq!(image.layers.len(), 4);
    let upper = &image.layers[2].tar;
    let mut archive = tar::Archive::new(upper.as_slice());
    let names: Vec<String> = archive
        .entries()
        .expect("entries")
        .map(|e| {
            e.expect("entry")
                .path()
                .expect("path")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert!(names.contains(&"etc/.wh.gone".to_string()), "{names:?}");
    assert!(
        names.contains(&"data/opaque/.wh..wh..opq".to_string()),
        "{names:?}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let id = images::write_docker_archive(&dir.path().join("d.tar"), "it-docker:latest")
        .expect("docker archive");
    assert!(id.starts_with("sha256:"));
}
