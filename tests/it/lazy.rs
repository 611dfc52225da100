//! Issue 4: lazy loading with linnet's snapshotter. A SOCI image whose big layer is 40 MiB of
//! incompressible data plus busybox is pushed to a plain registry that is reached through a
//! byte-counting TCP proxy. Pulled with `--snapshotter linnet`, its layer stays remote: running a
//! command that reads a small file fetches a fraction of the layer; the container sees the same
//! tree as under overlayfs; the layer survives `system stop`/`start` and a killed snapshotter;
//! the background fetcher completes it; `image lazy-status` reports it. A ztoc that does not fit
//! its layer falls back to an ordinary unpack.

use std::time::Duration;

use serde_json::Value;

use crate::common::proxy::CountingProxy;
use crate::common::rawhttp::put_manifest;
use crate::common::registry::{http_get, Registry};
use crate::common::{daemon, images, wait_for, Linnet, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

/// Lists every path of the root filesystem with type, mode, owner, size (not for directories,
/// whose sizes depend on the filesystem) and symlink target, then checksums of the files under
/// 1 MiB. The pseudo filesystems and the files linnet bind-mounts are left out.
const LIST_FS: &str = r#"
skip='^/(proc|sys|dev)/|^/etc/(hostname|hosts|resolv.conf)$'
find / -xdev | grep -v -E "$skip" | sort | while read -r f; do
  if [ -d "$f" ] && [ ! -L "$f" ]; then stat -c '%n|%F|%a|%u:%g' "$f";
  elif [ -L "$f" ]; then echo "$(stat -c '%n|%F|%a|%u:%g' "$f")|$(readlink "$f")";
  else stat -c '%n|%F|%a|%u:%g|%s' "$f"; fi
done
find / -xdev -type f -size -1024k | grep -v -E "$skip" | sort | xargs md5sum
"#;

/// `image convert --soci SRC DST` and push DST; returns the SOCI index digest convert printed.
fn convert_and_push(env: &TestEnv, src: &str, dst: &str) -> String {
    let run = env.ok(&["image", "convert", "--soci", src, dst]);
    let index = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("soci index "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no soci index line in convert output:\n{run}"))
        .to_string();
    env.ok(&["push", dst]);
    index
}

/// The JSON rows of `image lazy-status`.
fn lazy_status(linnet: Linnet, image: &str) -> Vec<Value> {
    let run = linnet
        .args(["image", "lazy-status", "--format", "json", image])
        .run()
        .success();
    run.json().as_array().cloned().unwrap_or_default()
}

fn big_layer_row(rows: &[Value], digest: &str) -> Value {
    rows.iter()
        .find(|r| r["layer"] == digest)
        .cloned()
        .unwrap_or_else(|| panic!("lazy-status lacks layer {digest}: {rows:?}"))
}

fn snapshotter_pid(d: &daemon::Daemon) -> Option<i32> {
    std::fs::read_to_string(d.state_dir.join("snapshotter.pid"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

#[test]
fn lazy_pull_runs_fetching_little_and_survives_restarts() {
    let Some(env) = TestEnv::new("lazy_pull", TOOLS) else {
        return;
    };
    let registry = Registry::plain();
    let image = images::lazy_image("it-lazy:src", "lazy-main", 6);
    let big = image.layers[0].blob.clone();
    let src = env.seed(&registry, &image, "lazy/app:src");
    let dst = format!("{}/lazy/app:soci", registry.host);
    convert_and_push(&env, &src, &dst);

    // A private daemon: it is stopped and restarted below. No background fetch for now, so
    // the byte count shows on-demand reads only.
    let state_dir = format!("/run/linnet-it-{}-lazy", std::process::id());
    let d = daemon::Daemon::prepare("lazy", &state_dir).expect("prepare private daemon");
    d.linnet()
        .env("LINNET_BACKGROUND_FETCH_SILENCE", "3600")
        .args(["system", "start"])
        .run()
        .success();
    let ns = "it-lazy-pull";
    let linnet = || d.linnet().global(["-n", ns, "--snapshotter", "linnet"]);

    let proxy = CountingProxy::start(&registry.host);
    let lazy_ref = format!("{}/lazy/app:soci", proxy.host);
    linnet()
        .args(["pull", &lazy_ref])
        .run()
        .success()
        .stdout_has("1 of the image's layers are lazy");
    linnet()
        .args(["run", "--rm", &lazy_ref, "cat", "/small/file"])
        .run()
        .success()
        .stdout_is(images::LAZY_SMALL);
    let fetched = proxy.received();
    let layer_size = big.data.len() as u64;
    eprintln!(
        "lazy_pull: {fetched} bytes through the registry before the first output, layer {layer_size}"
    );
    assert!(
        fetched * 4 < layer_size,
        "a lazy run fetched {fetched} bytes of a {layer_size}-byte layer"
    );
    // The snapshotter publishes its counters every second.
    let row = wait_for(Duration::from_secs(10), || {
        let row = big_layer_row(&lazy_status(linnet(), &lazy_ref), &big.digest);
        (row["spansFetched"].as_u64().unwrap_or(0) > 0).then_some(row)
    })
    .unwrap_or_else(|| big_layer_row(&lazy_status(linnet(), &lazy_ref), &big.digest));
    assert_eq!(row["lazy"], true, "{row}");
    let (spans, total) = (
        row["spansFetched"].as_u64().unwrap_or(0),
        row["spansTotal"].as_u64().unwrap_or(0),
    );
    assert!(spans >= 1 && spans < total, "spans {spans}/{total}");
    // The table: the big layer lazy with its spans, the small top layer unpacked.
    let table = linnet()
        .args(["image", "lazy-status", &lazy_ref])
        .run()
        .success();
    let rows: Vec<Vec<&str>> = table
        .lines()
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.contains(&"lazy") && r.contains(&format!("{spans}/{total}").as_str()))
            && rows.iter().any(|r| r.contains(&"local")),
        "unexpected lazy-status table:\n{table}"
    );

    // The tree a container sees is the one overlayfs gives after a full pull.
    let view = |snapshotter: &str, namespace: &str| {
        let run = d
            .linnet()
            .global(["-n", namespace, "--snapshotter", snapshotter])
            .args(["run", "--rm", &lazy_ref, "sh", "-c", LIST_FS])
            .timeout(Duration::from_secs(120))
            .run()
            .success();
        run.stdout
    };
    let lazy = view("linnet", ns);
    let full = view("overlayfs", "it-lazy-full");
    assert!(
        lazy.contains("/small/private/secret|regular file|600|1000:1000|13")
            && lazy.contains("/small/link|symbolic link|777|0:0|file")
            && lazy.contains("/data/opaque/new")
            && !lazy.contains("/data/opaque/old")
            && !lazy.contains("/etc/gone"),
        "unexpected lazy listing:\n{lazy}"
    );
    if lazy != full {
        let a: std::collections::BTreeSet<&str> = full.lines().collect();
        let b: std::collections::BTreeSet<&str> = lazy.lines().collect();
        panic!(
            "lazy and full trees differ\nonly overlayfs: {:?}\nonly lazy: {:?}",
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
    }
    let _ = d
        .linnet()
        .global(["-n", "it-lazy-full"])
        .args(["rmi", &lazy_ref])
        .run();

    // Restarted with a short silence: the layer is mounted again and completed in the
    // background.
    d.linnet().args(["system", "stop"]).run().success();
    d.linnet()
        .env("LINNET_BACKGROUND_FETCH_SILENCE", "1")
        .args(["system", "start"])
        .run()
        .success();
    linnet()
        .args(["run", "--rm", &lazy_ref, "/small/run.sh"])
        .run()
        .success()
        .stdout_is("run from the lazy layer");
    let complete = wait_for(Duration::from_secs(40), || {
        let row = big_layer_row(&lazy_status(linnet(), &lazy_ref), &big.digest);
        (row["spansFetched"] == row["spansTotal"]).then_some(row)
    });
    assert!(complete.is_some(), "background fetch did not complete");

    // A killed snapshotter is replaced by the next `system start`, layers remounted.
    let pid = snapshotter_pid(&d).expect("snapshotter pid");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("kill -9 snapshotter");
    wait_for(Duration::from_secs(10), || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        (stat.is_empty() || stat.contains(") Z ")).then_some(())
    })
    .expect("snapshotter did not die");
    d.linnet().args(["system", "start"]).run().success();
    let sum = linnet()
        .args(["run", "--rm", &lazy_ref, "sha256sum", "/big/blob"])
        .timeout(Duration::from_secs(120))
        .run()
        .success();
    assert!(
        sum.stdout
            .starts_with(&images::sha256_hex(images::lazy_big_blob())),
        "big file differs: {}",
        sum.stdout
    );

    linnet().args(["rmi", &lazy_ref]).run().success();
    d.stop();
}

fn get_json(host: &str, path: &str) -> Value {
    let resp = http_get(host, path, &[images::MT_MANIFEST]).expect("registry GET");
    assert_eq!(resp.status, 200, "GET {path}: {}", resp.text());
    resp.json()
}

#[test]
fn lazy_ztoc_mismatch_falls_back_to_unpack() {
    let Some(env) = TestEnv::new("lazy_mismatch", TOOLS) else {
        return;
    };
    let registry = Registry::plain();
    // Same files, compressed differently: a ztoc of one does not fit the other.
    let a = images::lazy_image("it-lazy-a:v1", "lazy-mismatch-a", 6);
    let b = images::lazy_image("it-lazy-b:v1", "lazy-mismatch-b", 9);
    assert_ne!(a.layers[0].blob.data.len(), b.layers[0].blob.data.len());
    let src_a = env.seed(&registry, &a, "lazy/mm:a");
    env.seed(&registry, &b, "lazy/mm:b");
    let index_a = convert_and_push(&env, &src_a, &format!("{}/lazy/mm:a-soci", registry.host));

    // A SOCI index that claims a's ztoc describes b's big layer, and b annotated with it.
    let mut index = get_json(&registry.host, &format!("/v2/lazy/mm/manifests/{index_a}"));
    let layers = index["layers"].as_array_mut().expect("index layers");
    let ztoc = layers
        .iter_mut()
        .find(|l| l["annotations"]["com.amazon.soci.image-layer-digest"] == a.layers[0].blob.digest)
        .expect("ztoc of a's big layer");
    ztoc["annotations"]["com.amazon.soci.image-layer-digest"] =
        Value::String(b.layers[0].blob.digest.clone());
    let body = serde_json::to_vec(&index).expect("encode index");
    let forged = images::digest_of(&body);
    put_manifest(
        &registry.host,
        "lazy/mm",
        &forged,
        images::MT_MANIFEST,
        &body,
    );
    let mut manifest = get_json(&registry.host, "/v2/lazy/mm/manifests/b");
    manifest["annotations"] = serde_json::json!({"com.amazon.soci.index-digest": forged});
    let body = serde_json::to_vec(&manifest).expect("encode manifest");
    put_manifest(
        &registry.host,
        "lazy/mm",
        "b-annotated",
        images::MT_MANIFEST,
        &body,
    );

    let target = format!("{}/lazy/mm:b-annotated", registry.host);
    let ns = "it-lazy-mismatch-pull";
    env.daemon.record_namespace(ns);
    let fresh = || {
        env.daemon
            .linnet()
            .global(["-n", ns, "--snapshotter", "linnet"])
    };
    fresh()
        .args(["pull", &target])
        .run()
        .success()
        .stdout_lacks("are lazy");
    fresh()
        .args(["run", "--rm", &target, "cat", "/small/file"])
        .run()
        .success()
        .stdout_is(images::LAZY_SMALL);
    let rows = lazy_status(fresh(), &target);
    assert!(
        rows.len() == 2 && rows.iter().all(|r| r["lazy"] == false),
        "layers should be local: {rows:?}"
    );
    let log =
        std::fs::read_to_string(env.daemon.data_root.join("snapshotter.log")).unwrap_or_default();
    assert!(
        log.contains("does not match layer"),
        "the snapshotter did not report the mismatch:\n{log}"
    );
    let _ = fresh().args(["rmi", &target]).run();
}
