//! Volumes (issue 10): named volumes that keep data across containers and across `system
//! stop`/`start`, anonymous volumes from `-v /path` and the image's `VOLUME` (copied from the
//! image, removed by `rm -v` and `run --rm`), `volume create|ls|inspect|rm|prune` with Docker's
//! outputs and errors, `--mount`, `--tmpfs`, `--read-only`, `-v ./relative`, the local driver's
//! tmpfs option, and bad input that leaves nothing behind. Every check looks at what a process in
//! a real container sees.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::common::images::{self, Blob, Layer, TestImage, MT_CONFIG, MT_LAYER_GZIP, MT_MANIFEST};
use crate::common::{self, daemon, TestEnv};

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// `volume ls -q` as a list.
fn volume_names(env: &TestEnv) -> Vec<String> {
    env.ok(&["volume", "ls", "-q"])
        .lines()
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn inspect(env: &TestEnv, what: &[&str]) -> Value {
    let mut args = vec!["inspect"];
    args.extend_from_slice(what);
    let out = env.ok(&args);
    let v: Value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| out.fail(&format!("{e}")));
    v[0].clone()
}

/// An image on busybox whose config declares `VOLUME /data`; `/data` holds `seed.txt`, a
/// symlink to it and a subdirectory, and is owned by 1000:1000 with mode 0750.
fn volume_image(name: &str) -> TestImage {
    let mut tar = tar::Builder::new(Vec::new());
    let mut add =
        |path: &str, kind: tar::EntryType, mode: u32, uid: u64, data: &[u8], link: Option<&str>| {
            let mut h = tar::Header::new_ustar();
            h.set_entry_type(kind);
            h.set_mode(mode);
            h.set_uid(uid);
            h.set_gid(uid);
            h.set_mtime(1_700_000_000);
            h.set_size(data.len() as u64);
            match link {
                Some(target) => tar.append_link(&mut h, path, target).expect("append link"),
                None => tar.append_data(&mut h, path, data).expect("append entry"),
            }
        };
    add("data/", tar::EntryType::Directory, 0o750, 1000, b"", None);
    add(
        "data/seed.txt",
        tar::EntryType::Regular,
        0o640,
        1000,
        b"seeded\n",
        None,
    );
    add("data/sub/", tar::EntryType::Directory, 0o700, 0, b"", None);
    add(
        "data/sub/deep",
        tar::EntryType::Regular,
        0o600,
        0,
        b"deep\n",
        None,
    );
    add(
        "data/link",
        tar::EntryType::Symlink,
        0o777,
        0,
        b"",
        Some("seed.txt"),
    );
    let tar = tar.into_inner().expect("finish tar");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar).expect("gzip");
    let top = Layer {
        tar,
        blob: Blob::new(MT_LAYER_GZIP, gz.finish().expect("gzip")),
    };
    let base = images::base_layer().clone();
    let layers = vec![base, top];
    let config = Blob::json(
        MT_CONFIG,
        &json!({
            "architecture": images::host_arch(),
            "os": "linux",
            "config": {
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                "Cmd": ["sh"],
                "Volumes": {"/data": {}},
            },
            "rootfs": {"type": "layers", "diff_ids": layers.iter().map(|l| l.diff_id()).collect::<Vec<_>>()},
        }),
    );
    let manifest = Blob::json(
        MT_MANIFEST,
        &json!({
            "schemaVersion": 2,
            "mediaType": MT_MANIFEST,
            "config": config.descriptor(),
            "layers": layers.iter().map(|l| l.blob.descriptor()).collect::<Vec<_>>(),
        }),
    );
    let mut blobs: Vec<Blob> = layers.iter().map(|l| l.blob.clone()).collect();
    blobs.push(config.clone());
    blobs.push(manifest.clone());
    TestImage {
        name: name.to_string(),
        top: manifest,
        blobs,
        layers,
        platforms: Default::default(),
        config,
    }
}

/// A named volume keeps data across containers; `volume rm` refuses it while a stopped
/// container uses it and `prune` keeps it; inspect shows Docker's shapes.
#[test]
fn volumes_named_keep_data_and_refuse_removal_in_use() {
    let Some((env, img)) = setup("vol_named") else {
        return;
    };
    env.ok(&["volume", "create", "--label", "team=a", "vnamed"])
        .stdout_is("vnamed");
    // Idempotent, as Docker's.
    env.ok(&["volume", "create", "vnamed"]).stdout_is("vnamed");
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "vnamed:/data",
        &img,
        "sh",
        "-c",
        "echo hello >/data/f",
    ]);
    env.ok(&[
        "run",
        "--name",
        "vol-user",
        "--network",
        "none",
        "-v",
        "vnamed:/data:ro",
        &img,
        "cat",
        "/data/f",
    ])
    .stdout_is("hello");

    let c = inspect(&env, &["vol-user"]);
    let id = c["Id"].as_str().unwrap_or_default().to_string();
    let mount = &c["Mounts"][0];
    assert_eq!(mount["Type"], "volume", "{mount}");
    assert_eq!(mount["Name"], "vnamed", "{mount}");
    assert_eq!(mount["Driver"], "local", "{mount}");
    assert_eq!(mount["RW"], false, "{mount}");
    assert_eq!(mount["Destination"], "/data", "{mount}");
    assert!(
        mount["Source"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/vnamed/_data"),
        "{mount}"
    );
    assert_eq!(c["HostConfig"]["Binds"], json!(["vnamed:/data:ro"]));

    let v = env.ok(&["volume", "inspect", "vnamed"]);
    let v: Value = serde_json::from_str(&v.stdout).expect("volume inspect JSON");
    assert_eq!(v[0]["Name"], "vnamed");
    assert_eq!(v[0]["Driver"], "local");
    assert_eq!(v[0]["Scope"], "local");
    assert_eq!(v[0]["Labels"], json!({"team": "a"}));
    assert_eq!(v[0]["Options"], Value::Null);
    assert_eq!(v[0]["Mountpoint"], mount["Source"]);
    env.ok(&["volume", "inspect", "-f", "{{.Name}} {{.Driver}}", "vnamed"])
        .stdout_is("vnamed local");
    // `inspect` finds volumes too (after containers and images), and `--type volume`.
    env.ok(&["inspect", "-f", "{{.Scope}}", "vnamed"])
        .stdout_is("local");
    env.ok(&["inspect", "--type", "volume", "-f", "{{.Name}}", "vnamed"])
        .stdout_is("vnamed");
    env.run(&["inspect", "--type", "image", "vnamed"]).error_1();

    // In use by a stopped container: refused with Docker's text, and prune keeps it.
    env.run(&["volume", "rm", "vnamed"])
        .error_1()
        .stderr_has(&format!("remove vnamed: volume is in use - [{id}]"));
    env.ok(&["volume", "prune", "-f"]).stdout_lacks("vnamed");
    assert!(volume_names(&env).contains(&"vnamed".to_string()));

    // Removing the container (even with -v) keeps a named volume.
    env.ok(&["rm", "-v", "vol-user"]);
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--mount",
        "source=vnamed,target=/again",
        &img,
        "cat",
        "/again/f",
    ])
    .stdout_is("hello");
    env.ok(&["volume", "rm", "vnamed"]).stdout_is("vnamed");
    env.run(&["volume", "rm", "vnamed"])
        .error_1()
        .stderr_has("get vnamed: no such volume");
    env.ok(&["volume", "rm", "-f", "vnamed"]);
    env.run(&["volume", "inspect", "vnamed"])
        .error_1()
        .stderr_has("no such volume");
}

/// `volume ls` filters and formats, and `prune` removes unused volumes only (Docker 20.10:
/// named ones too), reporting what it reclaimed.
#[test]
fn volumes_ls_filters_format_and_prune() {
    let Some((env, img)) = setup("vol_ls") else {
        return;
    };
    env.ok(&["volume", "create", "--label", "x=1", "lsa1"]);
    env.ok(&["volume", "create", "lsa2"]);
    env.ok(&[
        "create",
        "--name",
        "ls-user",
        "--network",
        "none",
        "-v",
        "lsa2:/d",
        &img,
        "true",
    ]);
    let table = env.ok(&["volume", "ls"]);
    let header = table.lines()[0].to_string();
    assert!(
        header.starts_with("DRIVER") && header.contains("VOLUME NAME"),
        "{header}"
    );
    assert!(table.stdout.contains("local     lsa1"), "{}", table.stdout);

    let q = |filters: &[&str]| {
        let mut args = vec!["volume", "ls", "-q"];
        for f in filters {
            args.extend_from_slice(&["--filter", f]);
        }
        env.ok(&args)
            .stdout
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(q(&["name=lsa1"]), vec!["lsa1"]);
    assert_eq!(q(&["label=x=1"]), vec!["lsa1"]);
    assert_eq!(q(&["label=x"]), vec!["lsa1"]);
    assert_eq!(q(&["dangling=true"]), vec!["lsa1"]);
    assert_eq!(q(&["dangling=false"]), vec!["lsa2"]);
    assert_eq!(q(&["driver=local", "name=lsa"]), vec!["lsa1", "lsa2"]);
    env.run(&["volume", "ls", "--filter", "bogus=1"]).error_1();

    env.ok(&[
        "volume",
        "ls",
        "--filter",
        "name=lsa1",
        "--format",
        "{{.Name}}:{{.Driver}}:{{.Labels}}",
    ])
    .stdout_is("lsa1:local:x=1");
    let json_line = env.ok(&["volume", "ls", "--filter", "name=lsa1", "--format", "json"]);
    let row: Value = serde_json::from_str(json_line.stdout.trim()).expect("ls json");
    assert_eq!(row["Name"], "lsa1");
    assert_eq!(row["Scope"], "local");

    // Data in lsa1, then prune: lsa1 goes (unused), lsa2 stays (a created container uses it).
    let vols = env.daemon.data_root.join("volumes").join(&env.namespace);
    std::fs::write(vols.join("lsa1/_data/blob"), vec![7u8; 59]).expect("write volume data");
    env.ok(&[
        "volume",
        "prune",
        "-f",
        "--filter",
        "label=nothing-has-this",
    ])
    .stdout_lacks("lsa1");
    env.ok(&["volume", "prune", "-f"])
        .stdout_has("Deleted Volumes:\nlsa1\n")
        .stdout_has("Total reclaimed space: 59B")
        .stdout_lacks("lsa2");
    assert_eq!(volume_names(&env), vec!["lsa2"]);
    env.ok(&["rm", "ls-user"]);
    env.ok(&["volume", "prune", "-f"]).stdout_has("lsa2");
    assert!(volume_names(&env).is_empty());
}

/// The image's `VOLUME` becomes a new anonymous volume per container, filled from the image with
/// owner, mode and symlinks; `nocopy` opts out; `rm -v` and `run --rm` remove anonymous
/// volumes; a plain `rm` keeps them.
#[test]
fn volumes_anonymous_from_image_and_flag() {
    let Some(env) = TestEnv::new("vol_anon", &[]) else {
        return;
    };
    let img = env.load(&volume_image("it-volimg:latest"));
    assert!(volume_names(&env).is_empty());

    env.ok(&[
        "run", "--name", "anon1", "--network", "none", &img, "sh", "-c",
        "cat /data/seed.txt; stat -c %u:%g:%a /data; readlink /data/link; stat -c %a /data/sub; cat /data/sub/deep",
    ])
    .stdout_is("seeded\n1000:1000:750\nseed.txt\n700\ndeep");
    let names = volume_names(&env);
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(names[0].len(), 64, "{names:?}");
    let c = inspect(&env, &["anon1"]);
    assert_eq!(c["Mounts"][0]["Name"], names[0].as_str());
    assert_eq!(c["Mounts"][0]["Mode"], "");
    assert_eq!(c["Config"]["Volumes"], json!({"/data": {}}));
    env.ok(&["rm", "-v", "anon1"]);
    assert!(volume_names(&env).is_empty());

    // run --rm removes them too.
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "/scratch",
        &img,
        "true",
    ]);
    assert!(volume_names(&env).is_empty());

    // A plain rm keeps both anonymous volumes (image /data and -v /scratch).
    env.ok(&[
        "run",
        "--name",
        "anon2",
        "--network",
        "none",
        "-v",
        "/scratch",
        &img,
        "true",
    ]);
    assert_eq!(volume_names(&env).len(), 2);
    env.ok(&["rm", "anon2"]);
    assert_eq!(volume_names(&env).len(), 2);
    env.ok(&["volume", "prune", "-f"]);
    assert!(volume_names(&env).is_empty());

    // Anonymity belongs to the container's mount: another container naming the volume does not
    // lose it to its own `rm -v`.
    env.ok(&[
        "run",
        "--name",
        "anon3",
        "--network",
        "none",
        "-v",
        "/keep",
        &img,
        "true",
    ]);
    let mounts = inspect(&env, &["anon3"])["Mounts"].clone();
    let keep = mounts
        .as_array()
        .and_then(|m| m.iter().find(|m| m["Destination"] == "/keep"))
        .and_then(|m| m["Name"].as_str())
        .unwrap_or_else(|| panic!("no /keep volume in {mounts}"))
        .to_string();
    let by_name = format!("{keep}:/k");
    env.ok(&[
        "run",
        "--name",
        "anon4",
        "--network",
        "none",
        "-v",
        &by_name,
        &img,
        "true",
    ]);
    env.ok(&["rm", "-v", "anon3"]);
    env.ok(&["rm", "-v", "anon4"]);
    assert_eq!(volume_names(&env), vec![keep.clone()]);
    env.ok(&["volume", "rm", &keep]);

    // nocopy: an empty volume; a named volume is filled once and keeps later changes.
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "nc1:/data:nocopy",
        &img,
        "ls",
        "-A",
        "/data",
    ])
    .stdout_is("");
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "cp1:/data",
        &img,
        "sh",
        "-c",
        "cat /data/seed.txt && echo changed >/data/seed.txt",
    ])
    .stdout_is("seeded");
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        "cp1:/data",
        &img,
        "cat",
        "/data/seed.txt",
    ])
    .stdout_is("changed");
    // A bind mount just hides the image directory.
    let empty = env.path("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let bind = format!("{}:/data", empty.display());
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        &bind,
        &img,
        "ls",
        "-A",
        "/data",
    ])
    .stdout_is("");
    env.ok(&["volume", "rm", "nc1", "cp1"]);
    assert!(volume_names(&env).is_empty());
}

/// `--read-only` makes the root read-only (EROFS) while `--tmpfs`, volumes and `/dev/shm` stay
/// writable; `--mount type=tmpfs` works; inspect shows the HostConfig fields.
#[test]
fn volumes_read_only_rootfs_and_tmpfs() {
    let Some((env, img)) = setup("vol_ro") else {
        return;
    };
    env.run(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--read-only",
        &img,
        "touch",
        "/x",
    ])
    .failure()
    .stderr_has("Read-only file system");
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--read-only",
        "--tmpfs",
        "/run:size=1m",
        "-v",
        "rovol:/v",
        "--mount",
        "type=tmpfs,dst=/scratch,tmpfs-size=2m",
        &img,
        "sh",
        "-c",
        "touch /run/ok /v/ok /dev/shm/ok /scratch/ok && grep -E ' /(run|scratch) ' /proc/mounts",
    ])
    .stdout_has("tmpfs /run tmpfs rw,nosuid,nodev,noexec")
    .stdout_has("size=1024k")
    .stdout_has("size=2048k");
    env.ok(&[
        "create",
        "--name",
        "ro-c",
        "--network",
        "none",
        "--read-only",
        "--tmpfs",
        "/run",
        &img,
        "true",
    ]);
    let c = inspect(&env, &["ro-c"]);
    assert_eq!(c["HostConfig"]["ReadonlyRootfs"], true);
    assert_eq!(c["HostConfig"]["Tmpfs"], json!({"/run": ""}));
    assert_eq!(c["HostConfig"]["Binds"], Value::Null);
    // Docker lists `--tmpfs` in HostConfig.Tmpfs only, not in Mounts.
    assert_eq!(c["Mounts"], json!([]));
    env.ok(&["rm", "ro-c"]);
    env.ok(&["volume", "rm", "rovol"]);
}

/// `-v ./rel` is relative to linnet's working directory; a missing `-v` bind source is created,
/// a missing `--mount type=bind` source is an error.
#[test]
fn volumes_binds_relative_and_missing_sources() {
    let Some((env, img)) = setup("vol_bind") else {
        return;
    };
    let work = env.path("work");
    std::fs::create_dir_all(work.join("src")).expect("mkdir");
    std::fs::write(work.join("src/file"), "from cwd\n").expect("write");
    env.linnet()
        .current_dir(&work)
        .args([
            "run",
            "--rm",
            "--network",
            "none",
            "-v",
            "./src:/src:ro",
            &img,
            "cat",
            "/src/file",
        ])
        .run()
        .success()
        .stdout_is("from cwd");
    env.linnet()
        .current_dir(&work)
        .args([
            "run",
            "--rm",
            "--network",
            "none",
            "--mount",
            "type=bind,src=./src,dst=/m",
            &img,
            "cat",
            "/m/file",
        ])
        .run()
        .success()
        .stdout_is("from cwd");

    let missing = env.path("missing/dir");
    let spec = format!("{}:/m", missing.display());
    env.ok(&[
        "run",
        "--rm",
        "--network",
        "none",
        "-v",
        &spec,
        &img,
        "true",
    ]);
    assert!(missing.is_dir(), "-v should create {}", missing.display());

    let gone = env.path("not-there");
    let mount = format!("type=bind,src={},dst=/m", gone.display());
    env.run(&[
        "run",
        "--rm",
        "--network",
        "none",
        "--mount",
        &mount,
        &img,
        "true",
    ])
    .error_125()
    .stderr_has(&format!(
        "bind source path does not exist: {}",
        gone.display()
    ));
    assert!(!gone.exists());
}

/// Bad volume input: one error line, exit 125, and no container and no volume left behind.
#[test]
fn volumes_bad_input_creates_nothing() {
    let Some((env, img)) = setup("vol_bad") else {
        return;
    };
    let cases: &[(&[&str], &str)] = &[
        (
            &["-v", "a/b:/x"],
            "\"a/b\" includes invalid characters for a local volume name",
        ),
        (&["-v", "y:/x"], "volume name is too short"),
        (
            &["--mount", "type=volume,src=okvol,dst=/x,bogus=1"],
            "unexpected key 'bogus'",
        ),
        (&["--mount", "type=volume,src=okvol"], "target is required"),
        (&["-v", "/tmp:rel"], "'rel' mount path must be absolute"),
        (
            &["-v", "okvol:/data", "-v", "okvol2:/data"],
            "Duplicate mount point: /data",
        ),
        (
            &["-v", "okvol:/data", "--tmpfs", "/data"],
            "Duplicate mount point: /data",
        ),
        (
            &["--mount", "type=volume,dst=/b,volume-opt=type=tmpfs"],
            "missing required option: \"device\"",
        ),
        (
            &["--tmpfs", "/run:foo=bar"],
            "invalid tmpfs option [\"foo\" \"bar\"]",
        ),
        (&["-v", "/tmp:/x:bogus"], "invalid mode: bogus"),
    ];
    for (flags, message) in cases {
        let mut args = vec!["run", "--rm", "--network", "none", "--name", "bad-vol"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[&img, "true"]);
        env.run(&args).error_125().stderr_has(message);
    }
    env.ok(&["ps", "-a", "-q"]).stdout_is("");
    assert!(volume_names(&env).is_empty(), "{:?}", volume_names(&env));

    env.run(&["volume", "create", "bad/name"])
        .error_1()
        .stderr_has("create bad/name: \"bad/name\" includes invalid characters");
    env.run(&["volume", "create", "-o", "bogus=1", "yy"])
        .error_1()
        .stderr_has("create yy: invalid option: \"bogus\"");
    env.run(&["volume", "create", "-d", "foo", "xx"])
        .error_1()
        .stderr_has("plugin \"foo\" not found");
    assert!(volume_names(&env).is_empty());
}

/// The local driver's tmpfs option: mounted when a container uses the volume, sized as asked,
/// unmounted once no container uses it.
#[test]
fn volumes_local_driver_tmpfs() {
    let Some((env, img)) = setup("vol_driver") else {
        return;
    };
    env.ok(&[
        "volume",
        "create",
        "-o",
        "type=tmpfs",
        "-o",
        "device=tmpfs",
        "-o",
        "o=size=1m",
        "tmpv",
    ]);
    let v = env.ok(&["volume", "inspect", "tmpv"]);
    let v: Value = serde_json::from_str(&v.stdout).expect("inspect JSON");
    assert_eq!(
        v[0]["Options"],
        json!({"device": "tmpfs", "o": "size=1m", "type": "tmpfs"})
    );
    let data = PathBuf::from(v[0]["Mountpoint"].as_str().unwrap_or_default());
    let mounted = || {
        std::fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
            .any(|l| l.split(' ').nth(4) == Some(&*data.to_string_lossy()))
    };
    assert!(!mounted());
    env.ok(&[
        "run",
        "--name",
        "tmpv-user",
        "--network",
        "none",
        "-v",
        "tmpv:/t",
        &img,
        "sh",
        "-c",
        "df -k /t | tail -n 1 | awk '{print $2}'; echo x >/t/x",
    ])
    .stdout_is("1024");
    assert!(
        mounted(),
        "{} should be a tmpfs while a container uses it",
        data.display()
    );
    env.ok(&["rm", "tmpv-user"]);
    assert!(
        !mounted(),
        "{} should be unmounted once unused",
        data.display()
    );
    env.ok(&["volume", "rm", "tmpv"]);

    env.run(&["volume", "create", "-o", "type=tmpfs", "yy2"])
        .error_1()
        .stderr_has("create yy2: missing required option: \"device\"");
}

/// Volume data lives under the data root and survives `system stop` / `system start` (own
/// instance, so stopping it does not disturb other tests).
#[test]
fn volumes_survive_system_stop_and_start() {
    if !common::can_run("volumes_system", &[]) {
        return;
    }
    let state_dir = format!("/run/linnet-it-{}-vol", std::process::id());
    let d = daemon::Daemon::start("volsys", &state_dir).expect("start a private daemon");
    let ns = "it-volsys";
    let archive = d.data_root.join("busybox.tar");
    images::single("it-busybox:latest")
        .write_oci_archive(&archive)
        .expect("write archive");
    let linnet = || d.linnet().global(["-n", ns]);
    linnet()
        .args(["load", "-i", &archive.to_string_lossy()])
        .run()
        .success();
    linnet()
        .args([
            "run",
            "--rm",
            "--network",
            "none",
            "-v",
            "keep:/data",
            "it-busybox",
            "sh",
            "-c",
            "echo survived >/data/f",
        ])
        .run()
        .success();
    d.linnet().args(["system", "stop"]).run().success();
    assert!(d
        .data_root
        .join("volumes")
        .join(ns)
        .join("keep/_data/f")
        .is_file());
    d.linnet().args(["system", "start"]).run().success();
    linnet()
        .args(["volume", "ls", "-q"])
        .run()
        .success()
        .stdout_is("keep");
    linnet()
        .args([
            "run",
            "--rm",
            "--network",
            "none",
            "-v",
            "keep:/data",
            "it-busybox",
            "cat",
            "/data/f",
        ])
        .run()
        .success()
        .stdout_is("survived");
    linnet().args(["volume", "rm", "keep"]).run().success();
    d.stop();
}
