//! linnet's own snapshotter (`--snapshotter linnet`): containers see exactly what they see under
//! containerd's overlayfs snapshotter (whiteouts, opaque dirs, modes, contents), `ctr` lists the
//! committed chain ids with usage figures, images stay runnable across `system stop`/`start`
//! and after the snapshotter was killed, and `rmi` + containerd's GC leave no directory behind.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{self, daemon, images, wait_for, Linnet, TestEnv, TestImage};

/// Lists every path of the root filesystem with type, mode, owner and (for non-directories)
/// size, then the checksum of every regular file. The pseudo filesystems and the files linnet
/// bind-mounts per container are left out.
const LIST_FS: &str = r#"
find / -xdev | grep -v -E '^/(proc|sys|dev)/|^/etc/(hostname|hosts|resolv.conf)$' | sort |
  while read -r f; do stat -c '%n|%F|%a|%u:%g|%s' "$f"; done
find / -xdev -type f | grep -v -E '^/(proc|sys|dev)/|^/etc/(hostname|hosts|resolv.conf)$' |
  sort | xargs md5sum
"#;

fn with_snapshotter(linnet: Linnet, name: &str) -> Linnet {
    linnet.global(["--snapshotter", name])
}

/// Loads `image` from an OCI archive with the given snapshotter.
fn load(env: &TestEnv, image: &TestImage, snapshotter: &str) {
    let archive = env.path(&format!(
        "{}-{snapshotter}.tar",
        common::sanitize(&image.name)
    ));
    image
        .write_oci_archive(&archive)
        .expect("write OCI archive");
    with_snapshotter(env.linnet(), snapshotter)
        .args(["load", "-i"])
        .arg(&archive)
        .run()
        .success();
}

/// What a container of `image` sees, normalized (directory sizes depend on the filesystem).
fn filesystem_view(env: &TestEnv, image: &str, snapshotter: &str) -> String {
    let run = with_snapshotter(env.linnet(), snapshotter)
        .args(["run", "--rm", "--pull", "never", image, "sh", "-c", LIST_FS])
        .timeout(Duration::from_secs(120))
        .run()
        .success();
    run.stdout
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('|').collect();
            if fields.len() == 5 && fields[1] == "directory" {
                fields[..4].join("|")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// containerd's chain ids of the image's layers (`chain[i] = sha256(chain[i-1] + " " + diff[i])`).
fn chain_ids(image: &TestImage) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    for layer in &image.layers {
        let diff = layer.diff_id();
        let next = match chain.last() {
            None => diff,
            Some(prev) => images::digest_of(format!("{prev} {diff}").as_bytes()),
        };
        chain.push(next);
    }
    chain
}

fn ctr(socket: &Path, namespace: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("ctr")
        .arg("-a")
        .arg(socket)
        .args(["-n", namespace, "snapshots", "--snapshotter", "linnet"])
        .args(args)
        .output()
        .expect("run ctr");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ctr snapshots {args:?} failed: {}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The snapshot directories the linnet snapshotter holds for `namespace`, from its metadata.
fn snapshot_dirs(data_root: &Path, namespace: &str) -> BTreeSet<PathBuf> {
    let root = data_root.join("snapshotter");
    let text = std::fs::read_to_string(root.join("metadata.json")).unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let prefix = format!("{namespace}/");
    value["snapshots"]
        .as_object()
        .map(|all| {
            all.iter()
                .filter(|(key, _)| key.starts_with(&prefix))
                .filter_map(|(_, v)| v["id"].as_u64())
                .map(|id| root.join("snapshots").join(id.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn snapshotter_matches_overlayfs_lists_usage_and_gc() {
    let Some(env) = TestEnv::new("snapshotter_overlay", &["ctr"]) else {
        return;
    };
    let image = images::multi_layer("it-snap-multi:latest");
    load(&env, &image, "overlayfs");
    load(&env, &image, "linnet");

    let overlay = filesystem_view(&env, &image.name, "overlayfs");
    let linnet = filesystem_view(&env, &image.name, "linnet");
    assert!(
        overlay.contains("/data/opaque/new|regular file|644") && overlay.contains("/bin/busybox"),
        "unexpected listing under overlayfs:\n{overlay}"
    );
    assert!(
        !linnet.contains("/etc/gone") && !linnet.contains("/data/opaque/old-a"),
        "whiteout or opaque dir not applied:\n{linnet}"
    );
    if overlay != linnet {
        let a: BTreeSet<&str> = overlay.lines().collect();
        let b: BTreeSet<&str> = linnet.lines().collect();
        panic!(
            "containers differ between snapshotters\nonly overlayfs: {:?}\nonly linnet: {:?}",
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
    }
    with_snapshotter(env.linnet(), "linnet")
        .args([
            "run",
            "--rm",
            "--pull",
            "never",
            &image.name,
            "/app/hello.sh",
        ])
        .run()
        .success()
        .stdout_is("hello from layer three");

    // containerd names committed layers by chain id; each has a usage figure.
    let socket = env.daemon.state_dir.join("containerd/containerd.sock");
    let list = ctr(&socket, &env.namespace, &["ls"]);
    for chain in chain_ids(&image) {
        let line = list
            .lines()
            .find(|l| l.starts_with(&chain))
            .unwrap_or_else(|| panic!("ctr ls lacks {chain}:\n{list}"));
        assert!(line.contains("Committed"), "{chain} not committed:\n{list}");
        let usage = ctr(&socket, &env.namespace, &["usage", &chain]);
        let figures = usage.lines().nth(1).unwrap_or_default().to_string();
        let fields: Vec<&str> = figures.split_whitespace().collect();
        assert!(
            fields.len() >= 4 && fields[1] != "0.0" && fields[3] != "0",
            "usage of {chain} should be non-zero:\n{usage}"
        );
    }

    // rmi lets containerd's GC remove the snapshots, and the snapshotter their directories.
    let dirs = snapshot_dirs(&env.daemon.data_root, &env.namespace);
    assert!(dirs.len() >= 4, "expected the image's snapshots: {dirs:?}");
    assert!(dirs.iter().all(|d| d.join("fs").is_dir()), "{dirs:?}");
    env.ok(&["rmi", &image.name]);
    let cleaned = wait_for(Duration::from_secs(30), || {
        (snapshot_dirs(&env.daemon.data_root, &env.namespace).is_empty()
            && dirs.iter().all(|d| !d.exists()))
        .then_some(())
    });
    assert!(
        cleaned.is_some(),
        "snapshots left after rmi: {:?}, dirs present: {:?}",
        snapshot_dirs(&env.daemon.data_root, &env.namespace),
        dirs.iter().filter(|d| d.exists()).collect::<Vec<_>>()
    );
}

/// The pid recorded for the snapshotter, if that process is alive.
fn snapshotter_pid(d: &daemon::Daemon) -> Option<i32> {
    let pid: i32 = std::fs::read_to_string(d.state_dir.join("snapshotter.pid"))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    String::from_utf8_lossy(&cmdline)
        .contains("snapshotter")
        .then_some(pid)
}

fn gone(pid: i32) -> bool {
    wait_for(Duration::from_secs(10), || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // A zombie leader whose other threads are still exiting may still hold the listening
        // socket open (the fd table goes with the last thread): wait for those threads too.
        let threads = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Threads:").map(|n| n.trim().to_string()))
            .unwrap_or_default();
        let zombie = stat.contains(") Z ") && matches!(threads.as_str(), "" | "0" | "1");
        (stat.is_empty() || zombie).then_some(())
    })
    .is_some()
}

#[test]
fn snapshotter_is_supervised_across_restarts() {
    if !common::can_run("snapshotter_restart", &[]) {
        return;
    }
    let state_dir = format!("/run/linnet-it-{}-snap", std::process::id());
    let d = daemon::Daemon::start("snapshotter", &state_dir).expect("start private daemon");
    let socket = d.state_dir.join("snapshotter/snapshotter.sock");
    let config = std::fs::read_to_string(d.data_root.join("containerd-config.toml"))
        .expect("read containerd config");
    assert!(
        config.contains("[proxy_plugins.\"linnet\"]")
            && config.contains(&format!("address = \"{}\"", socket.display())),
        "containerd config lacks the linnet proxy plugin:\n{config}"
    );
    let first = snapshotter_pid(&d).expect("snapshotter running after system start");
    assert!(socket.exists(), "no snapshotter socket");

    let ns = "it-snapshotter-restart";
    let image = images::multi_layer("it-snap-restart:latest");
    let archive = common::tempdir("it-snap-restart-").keep().join("image.tar");
    image
        .write_oci_archive(&archive)
        .expect("write OCI archive");
    let linnet = || with_snapshotter(d.linnet(), "linnet").global(["-n", ns]);
    linnet().args(["load", "-i"]).arg(&archive).run().success();
    let cat = || {
        linnet()
            .args([
                "run",
                "--rm",
                "--pull",
                "never",
                &image.name,
                "cat",
                "/etc/some-file",
            ])
            .run()
            .success()
            .stdout_is(images::UPPER_CONTENT);
    };
    cat();

    // stop takes the snapshotter down with containerd; start brings both back, data intact.
    d.linnet().args(["system", "stop"]).run().success();
    assert!(gone(first), "snapshotter {first} survived system stop");
    assert!(!socket.exists(), "system stop left the snapshotter socket");
    d.linnet().args(["system", "start"]).run().success();
    let second = snapshotter_pid(&d).expect("snapshotter running after restart");
    assert_ne!(first, second);
    cat();

    // Killed hard: the next command notices and starts it again.
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(second),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("kill -9 snapshotter");
    assert!(gone(second), "snapshotter {second} did not die");
    cat();
    let third = snapshotter_pid(&d).expect("snapshotter restarted on demand");
    assert_ne!(second, third);

    linnet().args(["rmi", &image.name]).run().success();
    d.stop();
    assert!(gone(third), "snapshotter {third} survived system stop");
    let _ = std::fs::remove_file(&archive);
}
