//! Issue 3: `image convert --soci`. The blog article's script end to end against a TLS registry
//! with htpasswd auth (login, pull, convert, push one platform, pull into an empty namespace,
//! run), the SOCI index and OCI index as the registry stores them (soci-format.md §3, §4.1),
//! v1 indexes, reading files back through the ztocs, and bad input that must record nothing.

use std::io::Read;
use std::process::Command;

use serde_json::Value;

use crate::common::images::{self, TestImage};
use crate::common::registry::{PASSWORD, USER};
use crate::common::{host_platform, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry", "curl"];

const SOCI_V1: &str = "application/vnd.amazon.soci.index.v1+json";
const SOCI_V2: &str = "application/vnd.amazon.soci.index.v2+json";
const EMPTY_CONFIG: &str =
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
const ZTOC_MEDIA_TYPE: &str = "application/octet-stream";
const A_LAYER_DIGEST: &str = "com.amazon.soci.image-layer-digest";
const A_LAYER_MEDIA_TYPE: &str = "com.amazon.soci.image-layer-mediaType";
const A_SPAN_SIZE: &str = "com.amazon.soci.span-size";
const A_INDEX_DIGEST: &str = "com.amazon.soci.index-digest";
const A_MANIFEST_DIGEST: &str = "com.amazon.soci.image-manifest-digest";

/// What `image convert --soci` printed.
#[derive(Debug)]
struct Converted {
    /// `layer -> ztoc` pairs, in output order.
    ztocs: Vec<(String, String)>,
    /// Lines about skipped layers.
    skipped: Vec<String>,
    /// `(digest, platform)` of the SOCI indexes.
    indexes: Vec<(String, String)>,
    /// Digest of the converted image (after `DST@`).
    digest: String,
}

fn parse_convert(out: &str, dst: &str) -> Converted {
    let mut c = Converted {
        ztocs: Vec::new(),
        skipped: Vec::new(),
        indexes: Vec::new(),
        digest: String::new(),
    };
    for line in out.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.starts_with("layer ") && words.get(2) == Some(&"->") {
            c.ztocs.push((words[1].to_string(), words[4].to_string()));
        } else if line.contains("skipped") {
            c.skipped.push(line.to_string());
        } else if line.starts_with("soci index ") {
            let platform = words.get(3).unwrap_or(&"").trim_matches(['(', ')']);
            c.indexes.push((words[2].to_string(), platform.to_string()));
        } else if let Some((name, digest)) = line.rsplit_once('@') {
            assert_eq!(name, dst, "last line names the destination\n{out}");
            c.digest = digest.to_string();
        } else {
            panic!("unexpected convert output line {line:?}\n{out}");
        }
    }
    assert!(
        c.digest.starts_with("sha256:"),
        "no DST@digest line in convert output\n{out}"
    );
    c
}

/// `linnet image convert --soci EXTRA... SRC DST`, which must succeed.
fn convert(env: &TestEnv, extra: &[&str], src: &str, dst: &str) -> Converted {
    let mut args = vec!["image", "convert", "--soci"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[src, dst]);
    let run = env.ok(&args);
    parse_convert(&run.stdout, dst)
}

fn login(env: &TestEnv, reg: &Registry) {
    env.linnet()
        .args(["login", "-u", USER, "--password-stdin", &reg.host])
        .stdin(PASSWORD)
        .run()
        .success();
}

/// `GET /v2/PATH` of a registry with curl (TLS registries: the test CA and basic auth), as
/// bytes; panics unless 200.
fn registry_get(env: &TestEnv, reg: &Registry, path: &str) -> Vec<u8> {
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--fail", "--max-time", "60"]);
    for accept in [
        images::MT_INDEX,
        images::MT_MANIFEST,
        "application/vnd.docker.distribution.manifest.v2+json",
    ] {
        cmd.arg("-H").arg(format!("Accept: {accept}"));
    }
    let url = if reg.tls {
        let ca = env.hosts_dir.join(&reg.host).join("ca.crt");
        cmd.arg("--cacert")
            .arg(ca)
            .arg("-u")
            .arg(format!("{USER}:{PASSWORD}"));
        format!("https://{}/v2/{path}", reg.host)
    } else {
        format!("http://{}/v2/{path}", reg.host)
    };
    let out = cmd.arg(&url).output().expect("run curl");
    assert!(
        out.status.success(),
        "GET {url} failed: {}\nregistry log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        reg.log()
    );
    out.stdout
}

fn json_of(bytes: &[u8], what: &str) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "{what} is not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

fn entry_count(tar_bytes: &[u8]) -> usize {
    tar::Archive::new(tar_bytes)
        .entries()
        .expect("read layer tar")
        .count()
}

/// Regular files of a layer tar: (name, content).
fn tar_files(tar_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut archive = tar::Archive::new(tar_bytes);
    for entry in archive.entries().expect("read layer tar") {
        let mut entry = entry.expect("tar entry");
        if entry.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read tar entry");
        out.push((name, data));
    }
    out
}

/// Go's `json.Compact`: drops the whitespace between tokens, keeps everything inside strings.
fn go_json_compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// Checks one SOCI index manifest (its bytes as stored) against soci-format.md §3.2/§3.3:
/// `{}` config of `artifact_type`, one ztoc descriptor per entry of `eligible`, in layer order.
fn check_soci_index(bytes: &[u8], artifact_type: &str, eligible: &[&images::Layer], span: u64) {
    let index = json_of(bytes, "SOCI index");
    assert_eq!(index["schemaVersion"], 2, "{index}");
    assert_eq!(index["mediaType"], images::MT_MANIFEST, "{index}");
    assert!(
        index.get("artifactType").is_none(),
        "soci never sets a top-level artifactType: {index}"
    );
    assert_eq!(index["config"]["mediaType"], artifact_type, "{index}");
    assert_eq!(index["config"]["digest"], EMPTY_CONFIG, "{index}");
    assert_eq!(index["config"]["size"], 2, "{index}");
    assert_eq!(
        index["annotations"]["com.amazon.soci.build-tool-identifier"], "AWS SOCI CLI v0.2",
        "{index}"
    );
    let layers = index["layers"].as_array().expect("layers array");
    assert_eq!(
        layers.len(),
        eligible.len(),
        "one ztoc per eligible layer, skipped layers absent: {index}"
    );
    for (desc, layer) in layers.iter().zip(eligible) {
        assert_eq!(desc["mediaType"], ZTOC_MEDIA_TYPE, "{desc}");
        let a = &desc["annotations"];
        assert_eq!(a[A_LAYER_DIGEST], layer.blob.digest.as_str(), "{desc}");
        assert_eq!(
            a[A_LAYER_MEDIA_TYPE],
            layer.blob.media_type.as_str(),
            "{desc}"
        );
        assert_eq!(a[A_SPAN_SIZE], span.to_string().as_str(), "{desc}");
    }
    // And the bytes themselves, in soci's Go field order and spacing (soci-format.md §3.2); only
    // the ztoc digests and sizes (checked against the registry by the callers) and the subject
    // come from the index under test.
    let mut want = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"{}\",\"config\":{{\"mediaType\":\"{artifact_type}\",\
         \"digest\":\"{EMPTY_CONFIG}\",\"size\":2}},\"layers\":[",
        images::MT_MANIFEST
    );
    for (i, (desc, layer)) in layers.iter().zip(eligible).enumerate() {
        if i > 0 {
            want.push(',');
        }
        want.push_str(&format!(
            "{{\"mediaType\":\"{ZTOC_MEDIA_TYPE}\",\"digest\":\"{}\",\"size\":{},\"annotations\":{{\
             \"{A_LAYER_DIGEST}\":\"{}\",\"{A_LAYER_MEDIA_TYPE}\":\"{}\",\"{A_SPAN_SIZE}\":\"{span}\"}}}}",
            desc["digest"].as_str().expect("ztoc digest"),
            desc["size"].as_u64().expect("ztoc size"),
            layer.blob.digest,
            layer.blob.media_type,
        ));
    }
    want.push(']');
    if let Some(subject) = index.get("subject") {
        want.push_str(&format!(
            ",\"subject\":{{\"mediaType\":\"{}\",\"digest\":\"{}\",\"size\":{}}}",
            subject["mediaType"].as_str().expect("subject media type"),
            subject["digest"].as_str().expect("subject digest"),
            subject["size"].as_u64().expect("subject size"),
        ));
    }
    want.push_str(
        ",\"annotations\":{\"com.amazon.soci.build-tool-identifier\":\"AWS SOCI CLI v0.2\"}}",
    );
    assert_eq!(
        String::from_utf8_lossy(bytes),
        want,
        "SOCI index bytes differ from soci's encoding"
    );
}

/// The article's script: push an image to a TLS+htpasswd registry; in a fresh namespace log in,
/// pull, convert, push one platform; in another empty namespace pull the converted image (the
/// SOCI index comes along) and run it. Also checks what the registry stores (§3, §4.1).
#[test]
fn soci_article_script_end_to_end() {
    let Some(seeder) = TestEnv::new("soci_article_seed", TOOLS) else {
        return;
    };
    let reg = Registry::tls_auth();
    seeder.trust(&reg);
    login(&seeder, &reg);
    let image = images::soci_image("it-soci-article:latest", "soci-article");
    let src = seeder.seed(&reg, &image, "it/soci-src:v1");

    let Some(env) = TestEnv::new("soci_article_convert", TOOLS) else {
        return;
    };
    env.trust(&reg);
    login(&env, &reg);
    env.ok(&["pull", &src]);
    let dst = format!("{}/it/soci-dst:v1", reg.host);
    let conv = convert(&env, &[], &src, &dst);
    let data = images::soci_data_layer();
    // Default min-layer-size 10 MiB: only the 12 MiB data layer gets a ztoc.
    assert_eq!(
        conv.ztocs
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>(),
        vec![data.blob.digest.as_str()],
        "only the large layer gets a ztoc"
    );
    assert_eq!(conv.skipped.len(), 2, "two small layers are skipped");
    for line in &conv.skipped {
        assert!(line.contains("min-layer-size"), "skip line: {line}");
    }
    assert_eq!(conv.indexes.len(), 1);
    let (soci_digest, platform) = conv.indexes[0].clone();
    assert_eq!(platform, host_platform());
    env.ok(&["push", "--platform", &host_platform(), &dst]);

    // What the registry stores: an OCI index with the annotated manifest and the SOCI index.
    let dst_repo = "it/soci-dst";
    let top_bytes = registry_get(&env, &reg, &format!("{dst_repo}/manifests/v1"));
    // `push --platform` re-encodes the narrowed index (as nerdctl does), so its digest may differ
    // from the one convert printed; what it lists is compared below.
    let top = json_of(&top_bytes, "OCI index");
    assert_eq!(top["mediaType"], images::MT_INDEX, "{top}");
    let entries = top["manifests"].as_array().expect("manifests");
    let soci_entries: Vec<&Value> = entries
        .iter()
        .filter(|e| e["artifactType"] == SOCI_V2)
        .collect();
    let image_entries: Vec<&Value> = entries
        .iter()
        .filter(|e| e.get("artifactType").is_none())
        .collect();
    assert_eq!(soci_entries.len(), 1, "one SOCI index entry: {top}");
    assert_eq!(image_entries.len(), 1, "one image manifest entry: {top}");
    let (soci_entry, manifest_entry) = (soci_entries[0], image_entries[0]);
    let manifest_digest = manifest_entry["digest"].as_str().expect("digest");
    assert_eq!(soci_entry["digest"], soci_digest.as_str(), "{top}");
    assert_eq!(soci_entry["mediaType"], images::MT_MANIFEST, "{top}");
    assert_eq!(
        soci_entry["annotations"][A_MANIFEST_DIGEST], manifest_digest,
        "{top}"
    );
    assert_eq!(
        soci_entry["platform"]["architecture"],
        images::host_arch(),
        "{top}"
    );
    assert_eq!(manifest_entry["mediaType"], images::MT_MANIFEST, "{top}");
    assert_eq!(
        manifest_entry["annotations"][A_INDEX_DIGEST],
        soci_digest.as_str(),
        "the manifest entry carries the manifest's annotations: {top}"
    );
    assert_ne!(
        manifest_digest,
        image.digest(),
        "the annotated manifest is a new manifest"
    );

    let manifest_bytes = registry_get(
        &env,
        &reg,
        &format!("{dst_repo}/manifests/{manifest_digest}"),
    );
    assert_eq!(images::digest_of(&manifest_bytes), manifest_digest);
    let manifest = json_of(&manifest_bytes, "image manifest");
    assert_eq!(manifest["mediaType"], images::MT_MANIFEST, "{manifest}");
    assert_eq!(
        manifest["config"]["mediaType"],
        images::MT_CONFIG,
        "{manifest}"
    );
    assert_eq!(
        manifest["config"]["digest"],
        image.config_digest(),
        "config is shared, not copied"
    );
    assert_eq!(
        manifest["annotations"][A_INDEX_DIGEST],
        soci_digest.as_str(),
        "{manifest}"
    );
    let source_layers: Vec<&str> = image
        .layers
        .iter()
        .map(|l| l.blob.digest.as_str())
        .collect();
    let layers: Vec<&str> = manifest["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .filter_map(|l| l["digest"].as_str())
        .collect();
    assert_eq!(layers, source_layers, "layers are untouched");

    let soci_bytes = registry_get(&env, &reg, &format!("{dst_repo}/manifests/{soci_digest}"));
    assert_eq!(images::digest_of(&soci_bytes), soci_digest);
    assert_eq!(
        soci_entry["size"].as_u64(),
        Some(soci_bytes.len() as u64),
        "descriptor size is the stored size"
    );
    check_soci_index(&soci_bytes, SOCI_V2, &[data], 4 << 20);
    let soci = json_of(&soci_bytes, "SOCI index");
    assert!(soci.get("subject").is_none(), "v2 has no subject: {soci}");
    let config = registry_get(&env, &reg, &format!("{dst_repo}/blobs/{EMPTY_CONFIG}"));
    assert_eq!(config, b"{}");
    let ztoc_digest = soci["layers"][0]["digest"].as_str().expect("ztoc digest");
    assert_eq!(ztoc_digest, conv.ztocs[0].1);
    let ztoc = registry_get(&env, &reg, &format!("{dst_repo}/blobs/{ztoc_digest}"));
    assert_eq!(images::digest_of(&ztoc), ztoc_digest);
    assert_eq!(soci["layers"][0]["size"].as_u64(), Some(ztoc.len() as u64));

    // Another empty namespace pulls the converted image; the SOCI index comes along.
    let Some(fresh) = TestEnv::new("soci_article_pull", TOOLS) else {
        return;
    };
    fresh.trust(&reg);
    login(&fresh, &reg);
    fresh
        .ok(&["pull", &dst])
        .stdout_has(&format!("SOCI index {soci_digest}"))
        .stdout_has("1 ztocs");
    fresh
        .ok(&["soci", "index", "list"])
        .stdout_has(&soci_digest)
        .stdout_has("v2");
    let quiet = fresh.ok(&["soci", "index", "list", "-q", &dst]);
    assert_eq!(quiet.lines(), vec![soci_digest.as_str()], "{quiet}");
    fresh
        .ok(&["soci", "ztoc", "info", ztoc_digest])
        .stdout_has("\"num_files\"");
    fresh
        .ok(&["run", "--rm", &dst, "cat", "/data/hello.txt"])
        .stdout_is("hello from the soci layer");
}

/// `--soci-index-version v1`: the index has a `subject` naming the unchanged image manifest and
/// v1 config media type; `soci index info`/`list` show it.
#[test]
fn soci_index_v1_has_subject() {
    let Some(env) = TestEnv::new("soci_v1", TOOLS) else {
        return;
    };
    let image = images::soci_image("it-soci-v1:latest", "soci-v1");
    let src = env.load(&image);
    let conv = convert(
        &env,
        &["--soci-index-version", "v1", "--soci-span-size", "1048576"],
        &src,
        "it-soci-v1:soci",
    );
    assert_eq!(conv.ztocs.len(), 1, "only the data layer is eligible");
    assert_eq!(conv.indexes.len(), 1);
    let soci_digest = &conv.indexes[0].0;
    let info = env.ok(&["soci", "index", "info", soci_digest]);
    let index = info.json();
    // `soci index info` indents the stored bytes (as soci does); compacting them back gives the
    // stored index, which its digest proves.
    let stored = go_json_compact(&info.stdout);
    assert_eq!(&images::digest_of(stored.as_bytes()), soci_digest);
    check_soci_index(
        stored.as_bytes(),
        SOCI_V1,
        &[images::soci_data_layer()],
        1 << 20,
    );
    assert_eq!(index["subject"]["digest"], image.digest(), "{index}");
    assert_eq!(
        index["subject"]["mediaType"],
        images::MT_MANIFEST,
        "{index}"
    );
    assert_eq!(
        index["subject"]["size"].as_u64(),
        Some(image.top.data.len() as u64),
        "{index}"
    );
    env.ok(&["soci", "index", "list"])
        .stdout_has(soci_digest)
        .stdout_has("v1");
    // A 12 MiB incompressible file with 1 MiB spans needs at least 12 spans.
    let ztoc = env.ok(&["soci", "ztoc", "info", &conv.ztocs[0].1]).json();
    assert!(
        ztoc["num_spans"].as_u64().unwrap_or(0) >= 12,
        "spans: {}",
        ztoc["num_spans"]
    );
}

/// Every layer (min-layer-size 0) of a 3-layer image gets a ztoc; `ztoc info` counts every tar
/// entry and `ztoc get-file` returns exactly the bytes put in the layers.
#[test]
fn soci_ztocs_read_back_every_layer() {
    let Some(env) = TestEnv::new("soci_read_back", TOOLS) else {
        return;
    };
    let image = images::soci_image("it-soci-read:latest", "soci-read");
    let src = env.load(&image);
    let conv = convert(
        &env,
        &["--soci-min-layer-size", "0", "--soci-span-size", "65536"],
        &src,
        "it-soci-read:soci",
    );
    assert_eq!(conv.ztocs.len(), 3, "3 layers, 3 ztocs");
    assert!(conv.skipped.is_empty());
    let mut ztoc_of = std::collections::HashMap::new();
    for (layer, ztoc) in &conv.ztocs {
        ztoc_of.insert(layer.clone(), ztoc.clone());
    }
    for layer in &image.layers {
        let ztoc = ztoc_of
            .get(&layer.blob.digest)
            .unwrap_or_else(|| panic!("no ztoc for layer {}", layer.blob.digest));
        let info = env.ok(&["soci", "ztoc", "info", ztoc]).json();
        assert_eq!(
            info["num_files"].as_u64(),
            Some(entry_count(&layer.tar) as u64),
            "layer {}",
            layer.blob.digest
        );
        assert_eq!(info["compression"], "gzip");
        assert_eq!(
            info["compressed_archive_size"].as_u64(),
            Some(layer.blob.data.len() as u64)
        );
        assert_eq!(info["version"], "0.9");
        let files = tar_files(&layer.tar);
        // Every file of the small layers, a few of the busybox layer.
        for (name, want) in files.iter().take(6) {
            let path = env.path("got");
            env.ok(&[
                "soci",
                "ztoc",
                "get-file",
                "-o",
                &path.to_string_lossy(),
                ztoc,
                name,
            ]);
            let got = std::fs::read(&path).expect("read extracted file");
            assert!(
                got == *want,
                "{name}: {} bytes, want {}",
                got.len(),
                want.len()
            );
        }
    }
    // The data layer through the default stdout path, including the multi-span file.
    let data_ztoc = &ztoc_of[&images::soci_data_layer().blob.digest];
    for (name, want) in images::soci_files() {
        if let Ok(text) = std::str::from_utf8(want) {
            let out = env.ok(&["soci", "ztoc", "get-file", data_ztoc, name]);
            assert_eq!(out.stdout, text, "{name} on stdout differs");
        }
        let path = env.path("got-data");
        env.ok(&[
            "soci",
            "ztoc",
            "get-file",
            "-o",
            &path.to_string_lossy(),
            data_ztoc,
            name,
        ]);
        assert!(
            std::fs::read(&path).expect("read extracted") == *want,
            "{name} differs"
        );
    }
    // Not a regular file, and not in the ztoc.
    env.run(&["soci", "ztoc", "get-file", data_ztoc, "data/link"])
        .failure()
        .one_error_line();
    env.run(&["soci", "ztoc", "get-file", data_ztoc, "data/nope"])
        .failure()
        .one_error_line();
}

/// Images and SOCI indexes of the namespace, to show a failed convert recorded nothing.
fn recorded(env: &TestEnv) -> (String, String) {
    let images = env.ok(&["images", "--digests", "--no-trunc"]).stdout;
    let indexes = env.ok(&["soci", "index", "list", "-q"]).stdout;
    (images, indexes)
}

#[track_caller]
fn convert_fails(env: &TestEnv, args: &[&str], dst: &str, needle: &str) {
    let before = recorded(env);
    let mut all = vec!["image", "convert", "--soci"];
    all.extend_from_slice(args);
    let run = env.run(&all).failure().one_error_line();
    assert!(
        run.stderr.to_lowercase().contains(&needle.to_lowercase()),
        "stderr should mention {needle:?}\n{run}"
    );
    assert_eq!(
        recorded(env),
        before,
        "a failed convert must record nothing\n{run}"
    );
    if !dst.contains('@') {
        env.run(&["image", "inspect", dst]).failure();
    }
}

/// Bad input: one `linnet: error:` line, non-zero exit, and nothing recorded.
#[test]
fn soci_convert_bad_input_records_nothing() {
    let Some(env) = TestEnv::new("soci_bad_input", &["docker-registry", "curl", "ctr"]) else {
        return;
    };
    let image = images::soci_image("it-soci-bad:latest", "soci-bad");
    let src = env.load(&image);
    let dst = "it-soci-bad:soci";

    convert_fails(
        &env,
        &["--soci-min-layer-size", "1073741824", &src, dst],
        dst,
        "no ztocs created",
    );
    let digest_dst = format!("it-soci-bad@{}", image.digest());
    convert_fails(&env, &[&src, &digest_dst], &digest_dst, "digest");
    convert_fails(&env, &["it-soci-missing:v1", dst], dst, "it-soci-missing");
    convert_fails(&env, &["--soci-span-size", "0", &src, dst], dst, "span");

    // A layer that is gzip but not a tar.
    let junk = images::pseudo_random(7, 200_000);
    let not_tar =
        images::raw_layer_image("it-soci-nottar:latest", images::gzip_bytes(&junk), &junk);
    let not_tar_src = import_broken(&env, &not_tar);
    convert_fails(
        &env,
        &["--soci-min-layer-size", "0", &not_tar_src, dst],
        dst,
        "tar",
    );

    // A truncated gzip layer (a valid tar, cut in the middle of the deflate stream).
    let tar = &images::soci_data_layer().tar[..2 << 20];
    let mut gz = images::gzip_bytes(tar);
    gz.truncate(gz.len() / 2);
    let truncated = images::raw_layer_image("it-soci-truncated:latest", gz, tar);
    let truncated_src = import_broken(&env, &truncated);
    convert_fails(
        &env,
        &["--soci-min-layer-size", "0", &truncated_src, dst],
        dst,
        "gzip",
    );

    // Corrupt deflate data in the middle of an otherwise complete gzip layer.
    let mut gz = images::gzip_bytes(tar);
    let mid = gz.len() / 2;
    for b in &mut gz[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let corrupt = images::raw_layer_image("it-soci-corrupt:latest", gz, tar);
    let corrupt_src = import_broken(&env, &corrupt);
    convert_fails(
        &env,
        &["--soci-min-layer-size", "0", &corrupt_src, dst],
        dst,
        "gzip",
    );
}

/// Puts an image whose layer is broken into the namespace. `linnet load` unpacks, so it rejects
/// such a layer (cleanly: one error line, no image); `ctr images import --no-unpack` stores the
/// blobs as they are, which is how a broken layer reaches convert.
fn import_broken(env: &TestEnv, image: &TestImage) -> String {
    let archive = env.path(&format!("{}.tar", crate::common::sanitize(&image.name)));
    image.write_oci_archive(&archive).expect("write archive");
    let path = archive.to_string_lossy().into_owned();
    let before = recorded(env);
    let load = env.run(&["load", "-i", &path]);
    if load.code == 0 {
        return image.name.clone();
    }
    load.one_error_line();
    assert_eq!(recorded(env), before, "a failed load must record nothing");
    let socket = env.daemon.state_dir.join("containerd/containerd.sock");
    let out = Command::new("ctr")
        .arg("-a")
        .arg(&socket)
        .args(["-n", &env.namespace, "images", "import", "--no-unpack"])
        .arg(&archive)
        .output()
        .expect("run ctr");
    assert!(
        out.status.success(),
        "ctr images import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    image.name.clone()
}

/// A two-platform image converted with `--all-platforms` and pushed: the registry holds one
/// annotated manifest and one SOCI index v2 per platform, each index linked to its manifest both
/// ways, with soci's exact bytes and its ztocs present.
#[test]
fn soci_multi_platform_convert_and_push() {
    let Some(env) = TestEnv::new("soci_multi_platform", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let src = env.load(&images::multi_platform("it-multi-soci:v1"));
    let dst = format!("{}/it/multisoci:v1", reg.host);
    let conv = convert(
        &env,
        &["--all-platforms", "--soci-min-layer-size", "0"],
        &src,
        &dst,
    );
    let mut platforms: Vec<&str> = conv.indexes.iter().map(|(_, p)| p.as_str()).collect();
    platforms.sort_unstable();
    // containerd normalizes arm64/v8 to arm64, as soci prints it.
    assert_eq!(platforms, ["linux/amd64", "linux/arm64"], "{conv:?}");
    env.ok(&["push", "--all-platforms", &dst]);

    let top = json_of(
        &registry_get(&env, &reg, "it/multisoci/manifests/v1"),
        "OCI index",
    );
    let entries = top["manifests"].as_array().expect("manifests");
    let (soci_entries, image_entries): (Vec<&Value>, Vec<&Value>) =
        entries.iter().partition(|e| e["artifactType"] == SOCI_V2);
    assert_eq!(soci_entries.len(), 2, "{top}");
    assert_eq!(image_entries.len(), 2, "{top}");
    for soci_entry in soci_entries {
        let soci_digest = soci_entry["digest"].as_str().expect("digest");
        let manifest_digest = soci_entry["annotations"][A_MANIFEST_DIGEST]
            .as_str()
            .expect("image-manifest-digest annotation");
        let image_entry = image_entries
            .iter()
            .find(|e| e["digest"] == manifest_digest)
            .unwrap_or_else(|| panic!("no manifest {manifest_digest} in {top}"));
        // soci takes the platform through containerd's Normalize, which drops arm64's "v8".
        let normalized = |p: &Value| {
            let mut p = p.clone();
            if p["architecture"] == "arm64" && p["variant"] == "v8" {
                p.as_object_mut().map(|o| o.remove("variant"));
            }
            p
        };
        assert_eq!(
            normalized(&image_entry["platform"]),
            soci_entry["platform"],
            "{top}"
        );
        assert_eq!(
            image_entry["annotations"][A_INDEX_DIGEST], soci_digest,
            "{top}"
        );
        let manifest = registry_get(
            &env,
            &reg,
            &format!("it/multisoci/manifests/{manifest_digest}"),
        );
        assert_eq!(
            json_of(&manifest, "manifest")["annotations"][A_INDEX_DIGEST],
            soci_digest
        );
        let soci_bytes = registry_get(&env, &reg, &format!("it/multisoci/manifests/{soci_digest}"));
        assert_eq!(images::digest_of(&soci_bytes), soci_digest);
        check_soci_index(&soci_bytes, SOCI_V2, &[images::base_layer()], 4 << 20);
        for ztoc in json_of(&soci_bytes, "SOCI index")["layers"]
            .as_array()
            .expect("layers")
        {
            let digest = ztoc["digest"].as_str().expect("ztoc digest");
            let bytes = registry_get(&env, &reg, &format!("it/multisoci/blobs/{digest}"));
            assert_eq!(images::digest_of(&bytes), digest);
        }
    }
}
