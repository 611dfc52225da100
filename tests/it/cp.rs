//! `linnet cp` (issue 11) with Docker's semantics, checked on what the container and the host
//! really hold afterwards: files, directories and `dir/.` contents both ways, `-` tar streams
//! on stdin and stdout, created, running and stopped containers, a volume, ownership with and
//! without `-a`, `-L`, Docker's errors and exit codes, and symlink or `..` escapes out of the
//! container root, which must neither read nor write host files.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

use crate::common::{wait_for, TestEnv};

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Starts `name` detached running `script` then `sleep`, and waits until `ready` exists in it.
fn run_detached(env: &TestEnv, image: &str, name: &str, extra: &[&str], script: &str) {
    let mut args = vec!["run", "-d", "--name", name];
    args.extend_from_slice(extra);
    let body = format!("{script}; touch /tmp/.ready; sleep 600");
    args.extend_from_slice(&[image, "sh", "-c", &body]);
    env.ok(&args);
    let ready = wait_for(Duration::from_secs(60), || {
        env.run(&["exec", name, "test", "-e", "/tmp/.ready"])
            .code
            .eq(&0)
            .then_some(())
    });
    assert!(ready.is_some(), "{name} never became ready");
}

fn exec_out(env: &TestEnv, name: &str, cmd: &[&str]) -> String {
    let mut args = vec!["exec", name];
    args.extend_from_slice(cmd);
    env.ok(&args).stdout
}

/// Entry names of a tar stream.
fn tar_names(data: &[u8]) -> Vec<String> {
    let mut archive = tar::Archive::new(data);
    archive
        .entries()
        .expect("tar entries")
        .map(|e| {
            let e = e.expect("tar entry");
            String::from_utf8_lossy(&e.path_bytes()).into_owned()
        })
        .collect()
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut h = tar::Header::new_gnu();
        h.set_mode(0o644);
        h.set_uid(0);
        h.set_gid(0);
        h.set_size(data.len() as u64);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        b.append_data(&mut h, name, *data).expect("append");
    }
    b.into_inner().expect("tar")
}

#[test]
fn cp_from_container_files_dirs_contents_and_stream() {
    let Some((env, image)) = setup("cp_from_container") else {
        return;
    };
    env.ok(&["create", "--name", "made", &image, "true"]);
    let out = env.path("out");
    std::fs::create_dir(&out).unwrap();

    // File to a new name, file into an existing directory (with and without trailing /).
    env.ok(&["cp", "made:/etc/passwd", &s(&out.join("pw"))]);
    let pw = std::fs::read_to_string(out.join("pw")).unwrap();
    assert!(pw.starts_with("root:x:0:0"), "{pw}");
    env.ok(&["cp", "made:etc/group", &format!("{}/", s(&out))]);
    assert!(out.join("group").is_file());
    // Copied files belong to the caller, modes are kept.
    let meta = std::fs::metadata(out.join("pw")).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o777), (0, 0o644));

    // Directory to a new name, into an existing directory, and its contents with /.
    env.ok(&["cp", "made:/etc", &s(&out.join("etc2"))]);
    assert!(out.join("etc2/passwd").is_file());
    env.ok(&["cp", "made:/etc", &s(&out)]);
    assert!(out.join("etc/passwd").is_file());
    let contents = out.join("contents");
    std::fs::create_dir(&contents).unwrap();
    env.ok(&["cp", "made:/etc/.", &s(&contents)]);
    assert!(contents.join("passwd").is_file() && !contents.join("etc").exists());

    // Docker's stream format: entries under the source's own name, or ./ for dir/.
    let stream = env.ok(&["cp", "made:/etc", "-"]);
    let names = tar_names(stream.stdout.as_bytes());
    assert_eq!(names.first().map(String::as_str), Some("etc/"), "{names:?}");
    assert!(names.iter().any(|n| n == "etc/passwd"), "{names:?}");
    let stream = env
        .linnet()
        .args(["cp", "made:/etc/.", "-"])
        .run()
        .success();
    let names = tar_names(stream.stdout.as_bytes());
    assert_eq!(names.first().map(String::as_str), Some("./"), "{names:?}");
    assert!(names.iter().any(|n| n == "./passwd"), "{names:?}");
    let stream = env.ok(&["cp", "made:/etc/passwd", "-"]);
    assert_eq!(
        tar_names(stream.stdout.as_bytes()),
        vec!["passwd".to_string()]
    );

    // Docker's errors, exit 1, and nothing created.
    env.run(&["cp", "made:/nonexist", &s(&out.join("n"))])
        .error_1()
        .stderr_has("Could not find the file /nonexist in container made");
    assert!(!out.join("n").exists());
    env.run(&["cp", "made:/etc", &s(&out.join("pw"))])
        .error_1()
        .stderr_has("cannot copy directory");
    env.run(&[
        "cp",
        "made:/etc/passwd",
        &format!("{}/", s(&out.join("nodir"))),
    ])
    .error_1()
    .stderr_has("no such directory");
    assert!(!out.join("nodir").exists());
    env.run(&["cp", "made:/etc/passwd", &s(&out.join("a/b/c"))])
        .error_1()
        .stderr_has("invalid output path: directory");
    env.run(&["cp", "made:/etc/passwd/", &s(&out.join("z"))])
        .error_1()
        .stderr_has("not a directory");
    env.run(&["cp", "nosuch:/etc", &s(&out)])
        .error_1()
        .stderr_has("no such container");
    env.run(&["cp", "made:/a", "made:/b"])
        .error_1()
        .stderr_has("copying between containers is not supported");
    env.run(&["cp", "a", "b"])
        .error_1()
        .stderr_has("must specify at least one container source");

    // A running container: what its process wrote.
    run_detached(&env, &image, "live", &[], "echo runtime > /tmp/r");
    env.ok(&["cp", "live:/tmp/r", &s(&out.join("r"))]);
    assert_eq!(std::fs::read_to_string(out.join("r")).unwrap(), "runtime\n");
    // The whole root: its files, and /proc, /sys as the empty directories of its own file system
    // (Docker's view); a kernel file is not a file of the container.
    env.ok(&["cp", "live:/", &s(&out.join("root"))]);
    assert!(out.join("root/etc/passwd").is_file() && out.join("root/tmp/r").is_file());
    assert_eq!(std::fs::read_dir(out.join("root/proc")).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(out.join("root/sys")).unwrap().count(), 0);
    env.run(&["cp", "live:/proc/kcore", "-"])
        .error_1()
        .stderr_has("Could not find the file /proc/kcore in container live");
    env.ok(&["rm", "-f", "live", "made"]);
    env.cleanup();
}

#[test]
fn cp_into_created_running_and_stopped_containers() {
    let Some((env, image)) = setup("cp_into_container") else {
        return;
    };
    let src = env.path("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("a"), "hello\n").unwrap();
    std::fs::write(src.join("sub/b"), "bee\n").unwrap();
    std::os::unix::fs::symlink("a", src.join("lnk")).unwrap();
    nix::unistd::chown(
        &src.join("a"),
        Some(nix::unistd::Uid::from_raw(1234)),
        Some(nix::unistd::Gid::from_raw(5678)),
    )
    .unwrap();

    // Created, never started: the copy is there when it runs.
    env.ok(&[
        "create",
        "--name",
        "made",
        &image,
        "sh",
        "-c",
        "cat /tmp/a /tmp/d/sub/b; ls -ln /tmp/a",
    ]);
    env.ok(&["cp", &s(&src.join("a")), "made:/tmp/"]);
    env.ok(&["cp", &s(&src), "made:/tmp/d"]);
    let out = env.ok(&["start", "-a", "made"]).stdout;
    assert!(out.contains("hello\nbee\n"), "{out}");
    // Without -a the archive's owner is kept, as Docker's daemon does.
    assert!(out.contains(" 1234 ") && out.contains(" 5678 "), "{out}");

    // Running: file, directory, contents, symlink kept as a symlink.
    run_detached(&env, &image, "live", &[], "mkdir /tmp/have");
    env.ok(&["cp", &s(&src.join("a")), "live:/tmp/renamed"]);
    assert_eq!(exec_out(&env, "live", &["cat", "/tmp/renamed"]), "hello\n");
    env.ok(&["cp", &s(&src), "live:/tmp/have"]);
    assert_eq!(
        exec_out(&env, "live", &["cat", "/tmp/have/src/sub/b"]),
        "bee\n"
    );
    env.ok(&["cp", &format!("{}/.", s(&src)), "live:/tmp/have"]);
    assert_eq!(
        exec_out(&env, "live", &["readlink", "/tmp/have/lnk"]),
        "a\n"
    );
    // A directory onto an existing file, a file where a directory must be: Docker's errors.
    env.run(&["cp", &s(&src), "live:/tmp/renamed"])
        .error_1()
        .stderr_has("cannot copy directory");
    env.run(&["cp", &s(&src.join("a")), "live:/tmp/nothere/"])
        .error_1()
        .stderr_has("no such directory");
    env.run(&["cp", &s(&src.join("a")), "live:/nonexist/x"])
        .error_1()
        .stderr_has("Could not find the file /nonexist in container live");
    env.run(&["cp", &s(&env.path("missing")), "live:/tmp/"])
        .error_1()
        .stderr_has("no such file or directory");

    // A tar stream on stdin into a directory; not into a file.
    let tar = tar_of(&[("streamed/one", b"1\n"), ("two", b"2\n")]);
    env.linnet()
        .args(["cp", "-", "live:/tmp/have"])
        .stdin(tar.clone())
        .run()
        .success();
    assert_eq!(
        exec_out(
            &env,
            "live",
            &["cat", "/tmp/have/streamed/one", "/tmp/have/two"]
        ),
        "1\n2\n"
    );
    env.linnet()
        .args(["cp", "-", "live:/tmp/renamed"])
        .stdin(tar)
        .run()
        .error_1()
        .stderr_has("destination \"live:/tmp/renamed\" must be a directory");
    // Docker also takes a gzip-compressed archive.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &tar_of(&[("gz/file", b"gz\n")])).unwrap();
    env.linnet()
        .args(["cp", "-", "live:/tmp/have"])
        .stdin(gz.finish().unwrap())
        .run()
        .success();
    assert_eq!(
        exec_out(&env, "live", &["cat", "/tmp/have/gz/file"]),
        "gz\n"
    );
    // Garbage on stdin fails and leaves nothing behind.
    env.linnet()
        .args(["cp", "-", "live:/tmp/have"])
        .stdin(vec![b'x'; 700])
        .run()
        .error_1();
    // A stream cut in the middle of a file: no half-written file, and earlier entries undone.
    let mut cut = tar_of(&[
        ("cutdir/first", b"first\n"),
        ("cutdir/big", &vec![b'z'; 64 * 1024]),
    ]);
    cut.truncate(4096);
    env.linnet()
        .args(["cp", "-", "live:/tmp/have"])
        .stdin(cut)
        .run()
        .error_1();
    let left = exec_out(&env, "live", &["ls", "-a", "/tmp/have"]);
    assert!(
        !left.contains("cutdir") && !left.contains(".linnet-cp"),
        "{left}"
    );

    // Stopped: written into its snapshot, seen when it starts again.
    env.ok(&["stop", "-t", "1", "live"]);
    env.ok(&["cp", &s(&src.join("sub/b")), "live:/tmp/while-stopped"]);
    env.ok(&["start", "live"]);
    let seen = wait_for(Duration::from_secs(60), || {
        let r = env.run(&["exec", "live", "cat", "/tmp/while-stopped"]);
        (r.code == 0).then_some(r.stdout)
    });
    assert_eq!(seen.as_deref(), Some("bee\n"));
    env.ok(&["rm", "-f", "live", "made"]);
    env.cleanup();
}

#[test]
fn cp_archive_mode_and_follow_link() {
    let Some((env, image)) = setup("cp_archive_follow") else {
        return;
    };
    let f = env.path("owned");
    std::fs::write(&f, "x\n").unwrap();
    nix::unistd::chown(
        &f,
        Some(nix::unistd::Uid::from_raw(4321)),
        Some(nix::unistd::Gid::from_raw(4321)),
    )
    .unwrap();
    run_detached(
        &env,
        &image,
        "user",
        &["--user", "1000:1000"],
        "ln -s /etc /tmp/etclink; ln -s /etc/passwd /tmp/pwlink",
    );
    env.ok(&["cp", &s(&f), "user:/tmp/keep"]);
    env.ok(&["cp", "-a", &s(&f), "user:/tmp/mine"]);
    let ls = exec_out(&env, "user", &["ls", "-ln", "/tmp/keep", "/tmp/mine"]);
    let owners: Vec<(String, String)> = ls
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[2].to_string(), f[3].to_string())
        })
        .collect();
    assert_eq!(
        owners,
        vec![
            ("4321".to_string(), "4321".to_string()),
            ("1000".to_string(), "1000".to_string())
        ],
        "{ls}"
    );

    // -L: a symlink source is copied as the link, or as what it points to.
    let out = env.path("out");
    std::fs::create_dir(&out).unwrap();
    env.ok(&["cp", "user:/tmp/etclink", &s(&out.join("nolink"))]);
    assert_eq!(
        std::fs::read_link(out.join("nolink")).unwrap(),
        Path::new("/etc")
    );
    env.ok(&["cp", "-L", "user:/tmp/etclink", &s(&out.join("followed"))]);
    assert!(out.join("followed/passwd").is_file());
    env.ok(&["cp", "-L", "user:/tmp/pwlink", &s(&out)]);
    assert!(std::fs::read_to_string(out.join("pwlink"))
        .unwrap()
        .starts_with("root:"));
    // A trailing / follows the link to its directory but keeps the name.
    env.ok(&["cp", "user:/tmp/etclink/", &s(&out.join("slash"))]);
    assert!(out.join("slash/passwd").is_file());
    env.ok(&["rm", "-f", "user"]);
    env.cleanup();
}

#[test]
fn cp_volume_in_running_and_stopped_container() {
    let Some((env, image)) = setup("cp_volume") else {
        return;
    };
    let f = env.path("f");
    std::fs::write(&f, "in the volume\n").unwrap();
    run_detached(&env, &image, "vc", &["-v", "cpvol:/data"], "true");
    env.ok(&["cp", &s(&f), "vc:/data/running"]);
    env.ok(&["stop", "-t", "1", "vc"]);
    env.ok(&["cp", &s(&f), "vc:/data/stopped"]);
    let both = env.ok(&[
        "run",
        "--rm",
        "-v",
        "cpvol:/data",
        &image,
        "cat",
        "/data/running",
        "/data/stopped",
    ]);
    assert_eq!(both.stdout, "in the volume\nin the volume\n");
    // And back out of the stopped container's volume.
    env.ok(&["cp", "vc:/data/stopped", &s(&env.path("back"))]);
    assert_eq!(
        std::fs::read_to_string(env.path("back")).unwrap(),
        "in the volume\n"
    );
    // A read-only root file system refuses copies, its volumes take them (Docker's checks),
    // through `container cp` as well.
    run_detached(
        &env,
        &image,
        "roc",
        &["--read-only", "-v", "cpvol:/data", "--tmpfs", "/tmp"],
        "true",
    );
    env.run(&["container", "cp", &s(&f), "roc:/"])
        .error_1()
        .stderr_has("container rootfs is marked read-only");
    env.ok(&["container", "cp", &s(&f), "roc:/data/ro-ok"]);
    assert_eq!(
        exec_out(&env, "roc", &["cat", "/data/ro-ok"]),
        "in the volume\n"
    );
    env.ok(&["rm", "-f", "vc", "roc"]);
    env.ok(&["volume", "rm", "cpvol"]);
    env.cleanup();
}

/// A host directory with a secret, and a container whose symlinks point at it (absolute, via
/// `/`, and via `..`). No copy may read the secret or write next to it, running or stopped.
#[test]
fn cp_symlinks_cannot_escape_the_container_root() {
    let Some((env, image)) = setup("cp_escape") else {
        return;
    };
    let host = env.path("host");
    std::fs::create_dir(&host).unwrap();
    std::fs::write(host.join("secret"), "host secret\n").unwrap();
    let host_s = s(&host);
    let script = format!(
        "ln -s / /evil; mkdir -p /tmp/deep/er {host_s}; ln -s ../../../../../../.. /tmp/deep/er/up; \
         ln -s {host_s} /tmp/hostdir; ln -s {host_s}/secret /tmp/hostsecret"
    );
    run_detached(&env, &image, "esc", &[], &script);
    let out = env.path("out");
    std::fs::create_dir(&out).unwrap();
    let payload = env.path("payload");
    std::fs::write(&payload, "payload\n").unwrap();

    for state in ["running", "stopped"] {
        if state == "stopped" {
            env.ok(&["stop", "-t", "1", "esc"]);
        }
        for src in [
            format!("esc:/evil{host_s}/secret"),
            format!("esc:/tmp/deep/er/up{host_s}/secret"),
            "esc:/tmp/hostdir/secret".to_string(),
        ] {
            // Until the writes below put a file of the container's own there, the container
            // has no such file; afterwards a copy gets that file, never the host's.
            for flags in [&[][..], &["-L"][..]] {
                let got = out.join("got");
                let got_s = s(&got);
                let mut args = vec!["cp"];
                args.extend_from_slice(flags);
                args.extend_from_slice(&[&src, &got_s]);
                if state == "running" {
                    env.run(&args)
                        .error_1()
                        .stderr_has("Could not find the file");
                    assert!(!got.exists(), "{state}: {src} was copied");
                } else {
                    env.ok(&args);
                    assert_eq!(std::fs::read_to_string(&got).unwrap(), "payload\n");
                    std::fs::remove_file(&got).unwrap();
                }
            }
        }
        if state == "running" {
            // -L on a link to a host path resolves in the container, where it does not exist
            // (Docker names the link's target).
            env.run(&["cp", "-L", "esc:/tmp/hostsecret", &s(&out.join("l"))])
                .error_1()
                .stderr_has(&format!(
                    "Could not find the file {host_s}/secret in container esc"
                ));
            assert!(!out.join("l").exists());
        }
        // Without -L the link itself is copied, never its host target.
        env.ok(&["cp", "esc:/tmp/hostsecret", &s(&out.join("link"))]);
        assert!(std::fs::symlink_metadata(out.join("link"))
            .unwrap()
            .file_type()
            .is_symlink());
        std::fs::remove_file(out.join("link")).unwrap();

        // Writes through the links land inside the container (which has its own directory at
        // the host directory's path), never on the host.
        for (dst, name) in [
            (format!("esc:/evil{host_s}/"), "payload"),
            (format!("esc:/tmp/deep/er/up{host_s}/p2"), "p2"),
            ("esc:/tmp/hostdir/p3".to_string(), "p3"),
            ("esc:/tmp/hostsecret".to_string(), "secret"),
        ] {
            env.ok(&["cp", &s(&payload), &dst]);
            let back = out.join("back");
            env.ok(&["cp", &format!("esc:{host_s}/{name}"), &s(&back)]);
            assert_eq!(
                std::fs::read_to_string(&back).unwrap(),
                "payload\n",
                "{state}: {dst}"
            );
            std::fs::remove_file(&back).unwrap();
        }
        let tar = {
            let mut b = tar::Builder::new(Vec::new());
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Symlink);
            h.set_size(0);
            h.set_mode(0o777);
            b.append_link(&mut h, "sneaky", "/").unwrap();
            let data = b"payload\n";
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, format!("sneaky{host_s}/viatar"), &data[..])
                .unwrap();
            b.into_inner().unwrap()
        };
        env.linnet()
            .args(["cp", "-", "esc:/tmp/"])
            .stdin(tar)
            .run()
            .success();
        let mut listing: Vec<String> = std::fs::read_dir(&host)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        listing.sort();
        assert_eq!(
            listing,
            vec!["secret".to_string()],
            "{state}: host dir changed"
        );
        assert_eq!(
            std::fs::read_to_string(host.join("secret")).unwrap(),
            "host secret\n"
        );
    }
    // The tar's writes through its own symlink went into the container's tree as well.
    env.ok(&["start", "esc"]);
    let inside = wait_for(Duration::from_secs(60), || {
        let r = env.run(&["exec", "esc", "cat", &format!("{host_s}/viatar")]);
        (r.code == 0).then_some(r.stdout)
    });
    assert_eq!(inside.as_deref(), Some("payload\n"));
    env.ok(&["rm", "-f", "esc"]);
    env.cleanup();
}
