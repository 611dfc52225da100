//! Issue 11, part F: `container prune`, `image prune`, `system prune`, `system df`, `info`,
//! `images -a` and `images --filter`, against what the test created in its own namespace: a
//! prune removes only what it should (running containers, images in use and named volumes stay),
//! reports the space it freed, and honours its filters.

use std::time::Duration;

use serde_json::Value;

use crate::common::{daemon, images, TestEnv};

/// `images -q ARGS` as a list.
fn image_ids(env: &TestEnv, filter: &[&str]) -> Vec<String> {
    let mut args = vec!["images", "-q"];
    args.extend_from_slice(filter);
    env.ok(&args)
        .lines()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Loads a busybox variant recorded only under `repo@digest` (no tag): Docker's dangling image.
fn load_dangling(env: &TestEnv, label: &str) -> String {
    let mut image = images::variant("placeholder:latest", label);
    image.name = format!("it-prune-dangling@{}", image.digest());
    env.load(&image);
    image.digest().to_string()
}

/// Busybox with a config that has no `created` (as some build tools write it).
fn undated_image(name: &str) -> images::TestImage {
    use images::{Blob, MT_CONFIG, MT_MANIFEST};
    let layer = images::base_layer().clone();
    let config = Blob::json(
        MT_CONFIG,
        &serde_json::json!({
            "architecture": images::host_arch(), "os": "linux",
            "config": {"Cmd": ["sh"], "Labels": {"org.linnet.it.variant": "undated"}},
            "rootfs": {"type": "layers", "diff_ids": [layer.diff_id()]},
        }),
    );
    let manifest = Blob::json(
        MT_MANIFEST,
        &serde_json::json!({"schemaVersion": 2, "mediaType": MT_MANIFEST,
            "config": config.descriptor(), "layers": [layer.blob.descriptor()]}),
    );
    images::TestImage {
        name: name.to_string(),
        top: manifest.clone(),
        blobs: vec![layer.blob.clone(), config.clone(), manifest],
        layers: vec![layer],
        platforms: Default::default(),
        config,
    }
}

#[test]
fn images_without_a_created_time_show_na() {
    let Some(env) = TestEnv::new("prune_images_undated", &[]) else {
        return;
    };
    env.load(&undated_image("it-undated:1"));
    let out = env.ok(&["images", "it-undated"]);
    let row = out.lines()[1].split_whitespace().collect::<Vec<_>>();
    assert_eq!(row[3], "N/A", "{}", out.stdout);
    let since = env.ok(&["images", "--format", "{{.CreatedSince}}", "it-undated"]);
    assert_eq!(since.stdout.trim(), "N/A");
    // Docker puts an image without a time at the epoch: every until= prunes it.
    env.ok(&[
        "image",
        "prune",
        "-a",
        "-f",
        "--filter",
        "until=2000-01-01T00:00:00Z",
    ])
    .stdout_has("untagged: it-undated:1\n");
}

fn short(digest: &str) -> String {
    digest.trim_start_matches("sha256:")[..12].to_string()
}

#[test]
fn images_filters_and_the_dangling_cleanup_idiom() {
    let Some(env) = TestEnv::new("prune_images_filters", &[]) else {
        return;
    };
    let busybox = env.busybox();
    let tagged = images::variant("it-prune-tagged:v1", "prune-tagged");
    env.load(&tagged);
    let dangling = load_dangling(&env, "prune-filters-dangling");

    assert_eq!(
        image_ids(&env, &["-f", "dangling=true"]),
        vec![short(&dangling)]
    );
    let not_dangling = image_ids(&env, &["-f", "dangling=false"]);
    assert!(
        !not_dangling.contains(&short(&dangling)),
        "{not_dangling:?}"
    );
    assert!(
        not_dangling.contains(&short(tagged.digest())),
        "{not_dangling:?}"
    );
    assert_eq!(
        image_ids(&env, &["-f", "reference=it-prune-*"]).len(),
        2,
        "tagged and dangling repositories both match"
    );
    assert_eq!(
        image_ids(&env, &["-f", "reference=*:v1"]),
        vec![short(tagged.digest())]
    );
    // Every test image carries the label org.linnet.it.variant=<label>.
    assert_eq!(
        image_ids(&env, &["-f", "label=org.linnet.it.variant=prune-tagged"]),
        vec![short(tagged.digest())]
    );
    assert!(image_ids(&env, &["-f", "label=no.such.label"]).is_empty());
    // All test images share one creation time: nothing is strictly before or after another.
    assert!(image_ids(&env, &["-f", &format!("before={busybox}")]).is_empty());
    assert!(image_ids(&env, &["-f", &format!("since={busybox}")]).is_empty());
    assert_eq!(image_ids(&env, &["-a"]).len(), 3);
    env.run(&["images", "-f", "foo=bar"])
        .failure()
        .stderr_has("invalid filter 'foo'");
    env.run(&["images", "-f", "dangling"])
        .code(125)
        .stderr_has("invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)");
    env.run(&["images", "-f", "dangling=maybe"])
        .failure()
        .stderr_has("invalid filter 'dangling=[maybe]'");
    env.run(&["images", "-f", "before=it-no-such-image"])
        .failure()
        .stderr_has("no such image");

    // A commit without a repository is Docker's `<none>:<none>`, dangling too.
    env.ok(&[
        "run",
        "--name",
        "prune-commit",
        &busybox,
        "sh",
        "-c",
        "echo a > /a",
    ]);
    let committed = env
        .ok(&["commit", "prune-commit"])
        .stdout
        .trim()
        .to_string();
    env.ok(&["rm", "prune-commit"]);
    let listing = env.ok(&["images"]);
    let row = listing
        .lines()
        .into_iter()
        .find(|l| l.contains(&short(&committed)))
        .unwrap_or_else(|| listing.fail("no row for the committed image"))
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>();
    assert_eq!(row, ["<none>", "<none>"], "{}", listing.stdout);
    let mut expected = vec![short(&dangling), short(&committed)];
    expected.sort();
    let mut ids = image_ids(&env, &["-f", "dangling=true"]);
    ids.sort();
    assert_eq!(ids, expected);

    // The one-liner: `linnet rmi $(linnet images -q -f dangling=true)`.
    let ids = image_ids(&env, &["-f", "dangling=true"]);
    let mut args = vec!["rmi"];
    args.extend(ids.iter().map(String::as_str));
    let out = env.ok(&args);
    assert!(
        out.stdout.contains(&format!("Deleted: {committed}\n")),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("<none>"),
        "nothing to untag: {}",
        out.stdout
    );
    assert!(image_ids(&env, &["-f", "dangling=true"]).is_empty());
    assert!(image_ids(&env, &[]).contains(&short(tagged.digest())));
}

#[test]
fn container_and_image_prune_remove_only_unused_objects() {
    let Some(env) = TestEnv::new("prune_containers_images", &[]) else {
        return;
    };
    let busybox = env.busybox();
    let unused = images::variant("it-prune-unused:1", "prune-unused");
    env.load(&unused);
    let dangling = load_dangling(&env, "prune-dangling");

    let running = env.ok(&[
        "run",
        "-d",
        "--name",
        "prune-running",
        &busybox,
        "sleep",
        "300",
    ]);
    let running = running.stdout.trim().to_string();
    env.ok(&[
        "run",
        "--name",
        "prune-exited",
        "--label",
        "keep=no",
        &busybox,
        "sh",
        "-c",
        "echo data > /written",
    ]);
    env.ok(&[
        "create",
        "--name",
        "prune-created",
        "--label",
        "keep=yes",
        &busybox,
        "true",
    ]);
    let exited = env
        .ok(&["inspect", "--format", "{{.Id}}", "prune-exited"])
        .stdout
        .trim()
        .to_string();

    // Declining the prompt removes nothing.
    let declined = env
        .linnet()
        .args(["container", "prune"])
        .stdin("n\n")
        .run()
        .success();
    assert!(declined.stdout.contains("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "), "{}", declined.stdout);
    assert_eq!(env.ok(&["ps", "-aq"]).lines().len(), 3);

    let out = env.ok(&["container", "prune", "-f", "--filter", "label=keep=no"]);
    assert!(
        out.stdout.starts_with(&format!(
            "Deleted Containers:\n{exited}\n\nTotal reclaimed space: "
        )),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("Total reclaimed space: 0B"),
        "the exited container wrote a file: {}",
        out.stdout
    );
    let out = env.ok(&["container", "prune", "-f", "--filter", "until=1h"]);
    assert!(
        !out.stdout.contains("Deleted Containers"),
        "until=1h keeps new containers: {}",
        out.stdout
    );
    env.ok(&["container", "prune", "-f"])
        .stdout_has("Deleted Containers:");
    let left: Vec<String> = env
        .ok(&["ps", "-aq", "--no-trunc"])
        .lines()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        left,
        vec![running.clone()],
        "only the running container stays"
    );

    let out = env.ok(&["image", "prune", "-f"]);
    assert!(
        out.stdout
            .starts_with("Deleted Images:\nuntagged: it-prune-dangling@sha256:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("deleted: {dangling}\n")),
        "{}",
        out.stdout
    );
    assert!(
        !out.stdout.contains("Total reclaimed space: 0B"),
        "{}",
        out.stdout
    );
    assert!(
        image_ids(&env, &[]).contains(&short(unused.digest())),
        "-a not given: tagged images stay"
    );

    let out = env.ok(&[
        "image",
        "prune",
        "-a",
        "-f",
        "--filter",
        "until=2000-01-01T00:00:00Z",
    ]);
    assert!(
        !out.stdout.contains("Deleted Images"),
        "the images were created in 2024: {}",
        out.stdout
    );
    let out = env.ok(&["image", "prune", "-a", "-f"]);
    assert!(
        out.stdout.contains("untagged: it-prune-unused:1\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(&format!("deleted: {}\n", unused.digest())),
        "{}",
        out.stdout
    );
    let ids = image_ids(&env, &[]);
    assert_eq!(ids.len(), 1, "the running container's image stays: {ids:?}");
    env.ok(&["rm", "-f", &running]);
}

/// `system prune` removes unused networks of the whole instance, so it runs on a private one:
/// on the shared instance it could take a network another test has just created.
#[test]
fn system_prune_df_and_info_on_a_private_instance() {
    if !crate::common::can_run("prune_system_df_info", &[]) {
        return;
    }
    let state_dir = format!("/run/linnet-it-{}-prune", std::process::id());
    let d = daemon::Daemon::start("prune", &state_dir).expect("private daemon");
    let linnet = |args: &[&str]| {
        d.linnet()
            .args(["-n", "it-prune-system"])
            .args(args)
            .timeout(Duration::from_secs(120))
            .run()
    };
    let ok = |args: &[&str]| linnet(args).success();
    let busybox = images::single("it-busybox:latest");
    let unused = images::variant("it-prune-unused:1", "prune-system-unused");
    for image in [&busybox, &unused] {
        let archive = d.data_root.join(format!(
            "{}.tar",
            image.digest().trim_start_matches("sha256:")
        ));
        image.write_oci_archive(&archive).expect("write archive");
        ok(&["load", "-i", &archive.to_string_lossy()]);
    }
    ok(&["volume", "create", "it-prune-named"]);
    ok(&["network", "create", "it-prune-used-net"]);
    ok(&["network", "create", "it-prune-unused-net"]);
    ok(&[
        "run",
        "-d",
        "--name",
        "prune-running",
        "--network",
        "it-prune-used-net",
        &busybox.name,
        "sleep",
        "300",
    ]);
    ok(&[
        "run",
        "--name",
        "prune-anon",
        "--network",
        "none",
        "-v",
        "/data",
        "-v",
        "it-prune-named:/named",
        &busybox.name,
        "sh",
        "-c",
        "echo x > /data/x; echo y > /named/y",
    ]);

    let df = ok(&[
        "system",
        "df",
        "--format",
        "{{.Type}}={{.TotalCount}}/{{.Active}}",
    ]);
    assert_eq!(
        df.lines(),
        vec![
            "Images=2/1",
            "Containers=2/1",
            "Local Volumes=2/2",
            "Build Cache=0/0"
        ],
        "{}",
        df.stdout
    );
    let table = ok(&["system", "df"]);
    assert!(
        table.stdout.starts_with("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          2         1"),
        "{}",
        table.stdout
    );
    ok(&["system", "df", "-v"])
        .stdout_has("Images space usage:")
        .stdout_has("it-prune-named")
        .stdout_has("prune-anon");

    let info = ok(&["info", "--format", "{{json .}}"]);
    let doc: Value =
        serde_json::from_str(&info.stdout).unwrap_or_else(|e| info.fail(&format!("{e}")));
    assert!(
        !doc["ContainerdCommit"]["ID"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{doc}"
    );
    let cgroup2 = nix::sys::statfs::statfs("/sys/fs/cgroup")
        .is_ok_and(|fs| fs.filesystem_type() == nix::sys::statfs::CGROUP2_SUPER_MAGIC);
    assert_eq!(doc["CgroupVersion"], if cgroup2 { "2" } else { "1" });
    assert_eq!(doc["Containers"], 2, "{doc}");
    assert_eq!(doc["ContainersRunning"], 1, "{doc}");
    assert_eq!(doc["ContainersStopped"], 1, "{doc}");
    assert_eq!(doc["Images"], 2, "{doc}");
    assert_eq!(
        doc["DockerRootDir"],
        d.data_root.to_string_lossy().as_ref(),
        "{doc}"
    );
    assert!(doc["NCPU"].as_u64().unwrap_or(0) > 0 && doc["MemTotal"].as_u64().unwrap_or(0) > 0);
    ok(&["system", "info"])
        .stdout_has("Server Version: ")
        .stdout_has(" Cgroup Version: ");

    let out = ok(&["system", "prune", "-a", "-f", "--volumes"]);
    let text = &out.stdout;
    assert!(text.starts_with("Deleted Containers:\n"), "{text}");
    assert!(
        text.contains("Deleted Networks:\nit-prune-unused-net\n\n"),
        "{text}"
    );
    assert!(text.contains("Deleted Volumes:\n"), "{text}");
    assert!(text.contains("untagged: it-prune-unused:1\n"), "{text}");
    assert!(!text.contains("Total reclaimed space: 0B"), "{text}");
    assert_eq!(
        ok(&["volume", "ls", "-q"]).lines(),
        vec!["it-prune-named"],
        "named volumes stay"
    );
    assert_eq!(
        ok(&["ps", "-a", "--format", "{{.Names}}"]).lines(),
        vec!["prune-running"]
    );
    assert_eq!(
        ok(&["images", "--format", "{{.Repository}}"]).lines(),
        vec!["it-busybox"]
    );
    assert!(ok(&["network", "ls", "--format", "{{.Name}}"])
        .lines()
        .contains(&"it-prune-used-net"));
    ok(&["rm", "-f", "prune-running"]);
    ok(&["network", "rm", "it-prune-used-net"]);
    ok(&["volume", "rm", "it-prune-named"]);
    d.stop();
}
