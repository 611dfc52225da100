//! `diff`, `export`, `commit` and `history` (issue 11): what changed in a container, its whole
//! filesystem as a tar, a new image from its changes that runs with them, and that image's
//! history, checked through the real binary against a real containerd.

use std::io::Read;
use std::time::Duration;

use crate::common::registry::Registry;
use crate::common::{images, pty::PtySession, wait_for, TestEnv};

/// Adds a nested directory, appends to a lower file, deletes a lower file and a lower
/// directory, and adds a file to an existing directory.
const CHANGES: &str = "mkdir -p /newdir/sub && echo x > /newdir/sub/f && echo more >> /etc/passwd \
     && rm /etc/it-release && rm -rf /home/app && echo t > /tmp/t";

/// Docker's lines for [`CHANGES`] (in path order; the runtime's mount points are not changes).
const EXPECTED: &str = "C /etc\nD /etc/it-release\nC /etc/passwd\nC /home\nD /home/app\n\
     A /newdir\nA /newdir/sub\nA /newdir/sub/f\nC /tmp\nA /tmp/t";

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// The entries of a tar archive with the contents of its regular files.
fn tar_entries(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("tar entry");
        let path = entry.path().expect("path").display().to_string();
        let mut body = Vec::new();
        entry.read_to_end(&mut body).expect("tar body");
        out.push((path, String::from_utf8_lossy(&body).into_owned()));
    }
    out
}

#[test]
fn diff_of_stopped_and_running_containers() {
    let Some((env, img)) = setup("commit_diff") else {
        return;
    };
    env.ok(&["run", "--name", "cd-stopped", &img, "sh", "-c", CHANGES]);
    env.ok(&["diff", "cd-stopped"]).stdout_is(EXPECTED);
    env.ok(&["container", "diff", "cd-stopped"])
        .stdout_is(EXPECTED);

    let script = format!("{CHANGES} && sleep 600");
    env.ok(&[
        "run",
        "-d",
        "--name",
        "cd-running",
        &img,
        "sh",
        "-c",
        &script,
    ]);
    let settled = wait_for(Duration::from_secs(60), || {
        let out = env.ok(&["diff", "cd-running"]).stdout;
        (out.trim_end() == EXPECTED).then_some(())
    });
    if settled.is_none() {
        env.ok(&["diff", "cd-running"])
            .fail("diff of the running container");
    }
    // A copied-up but unchanged file is not a change; a chmod is.
    env.ok(&[
        "exec",
        "cd-running",
        "sh",
        "-c",
        "cat /bin/busybox > /dev/null && chmod 600 /etc/group",
    ]);
    let out = env.ok(&["diff", "cd-running"]).stdout;
    assert!(out.contains("C /etc/group\n"), "{out}");
    assert!(!out.contains("/bin"), "{out}");

    env.run(&["diff", "cd-nope"])
        .error_1()
        .one_error_line()
        .stderr_has("no such container");
    env.ok(&["rm", "-f", "cd-stopped", "cd-running"]);
}

#[test]
fn export_writes_the_whole_filesystem() {
    let Some((env, img)) = setup("commit_export") else {
        return;
    };
    env.ok(&["run", "--name", "ce-c", &img, "sh", "-c", CHANGES]);
    let file = env.path("ce.tar");
    let path = file.to_string_lossy().into_owned();
    env.ok(&["export", "-o", &path, "ce-c"]);
    let entries = tar_entries(&std::fs::read(&file).expect("read export"));
    let get = |name: &str| {
        entries
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, body)| body.clone())
    };
    assert_eq!(get("newdir/sub/f").as_deref(), Some("x\n"));
    assert!(get("etc/passwd").is_some_and(|p| p.ends_with("more\n")));
    assert!(get("bin/busybox").is_some_and(|b| b.len() > 100_000));
    assert!(get("etc/it-release").is_none(), "deleted file exported");
    assert!(get("home/app/").is_none(), "deleted directory exported");
    assert!(get("bin/").is_some(), "directories end in /");

    // To stdout (a pipe), the same archive.
    let out = std::fs::File::create(env.path("ce-stdout.tar")).expect("create");
    let status = env
        .linnet()
        .args(["container", "export", "ce-c"])
        .command()
        .stdout(out)
        .status()
        .expect("run export");
    assert!(status.success());
    let piped = tar_entries(&std::fs::read(env.path("ce-stdout.tar")).expect("read"));
    assert_eq!(piped.len(), entries.len());

    // A terminal is refused; a failed export leaves no file.
    let mut pty = PtySession::spawn(
        env.linnet().args(["export", "ce-c"]).command(),
        "linnet export".into(),
        24,
        80,
    )
    .expect("pty");
    pty.expect(
        "cowardly refusing to save to a terminal",
        Duration::from_secs(30),
    );
    let status = pty.wait(Duration::from_secs(30)).expect("export exits");
    assert_eq!(status.code(), Some(1));
    let missing = env.path("none.tar");
    env.run(&["export", "-o", &missing.to_string_lossy(), "ce-nope"])
        .error_1()
        .one_error_line();
    assert!(!missing.exists());
    let no_dir = env.path("no-such-dir/x.tar");
    env.run(&["export", "-o", &no_dir.to_string_lossy(), "ce-c"])
        .error_1()
        .one_error_line()
        .stderr_has("invalid output path");
    let leftovers: Vec<_> = std::fs::read_dir(env.tmp.path())
        .expect("read tmp")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    env.ok(&["rm", "ce-c"]);
}

#[test]
fn commit_makes_a_runnable_image_with_history() {
    let Some((env, img)) = setup("commit_image") else {
        return;
    };
    env.ok(&[
        "run",
        "--name",
        "cc-c",
        &img,
        "sh",
        "-c",
        "echo committed > /x && rm /etc/it-release",
    ]);
    env.run(&["commit", "-c", "RUN true", "cc-c", "it-cc:bad"])
        .error_1()
        .one_error_line()
        .stderr_has("run is not a valid change command");
    let id = env
        .ok(&[
            "commit",
            "-c",
            r#"CMD ["cat","/x"]"#,
            "-m",
            "add x",
            "-a",
            "it <it@example.com>",
            "cc-c",
            "it-cc:v1",
        ])
        .stdout
        .trim()
        .to_string();
    assert!(id.starts_with("sha256:") && id.len() == 71, "{id}");
    env.ok(&["run", "--rm", "it-cc:v1"]).stdout_is("committed");
    env.run(&["run", "--rm", "it-cc:v1", "cat", "/etc/it-release"])
        .failure();

    let history = env.ok(&["history", "it-cc:v1"]);
    let lines = history.lines();
    assert!(lines[0].starts_with("IMAGE "), "{history}");
    assert!(lines[0].contains("CREATED BY") && lines[0].contains("COMMENT"));
    assert!(lines[1].starts_with(&id[7..19]), "{history}");
    assert!(lines[1].contains("add x"), "{history}");
    let by = env
        .ok(&[
            "history",
            "--no-trunc",
            "--format",
            "{{.CreatedBy}}|{{.Comment}}",
            "it-cc:v1",
        ])
        .stdout;
    assert_eq!(
        by.lines().next(),
        Some("sh -c echo committed > /x && rm /etc/it-release|add x")
    );
    // The parent (a local image) keeps its ID on its own top row, as in Docker.
    let parent_id = env.ok(&["images", "-q", &img]).stdout.trim().to_string();
    let quiet = env.ok(&["history", "-q", "it-cc:v1"]).stdout;
    let ids: Vec<&str> = quiet.lines().collect();
    assert_eq!(ids.first(), Some(&&id[7..19]), "{quiet}");
    assert_eq!(ids.last(), Some(&parent_id.as_str()), "{quiet}");
    let json = env.ok(&["history", "--format", "json", "it-cc:v1"]);
    let first: serde_json::Value = serde_json::from_str(json.lines()[0]).expect("history json");
    assert_eq!(first["Comment"], "add x");
    // Docker counts the bytes of the layer's files: "committed\n" (a whiteout is empty).
    assert_eq!(first["Size"], "10B");
    env.run(&["history", "it-cc-nope"])
        .error_1()
        .one_error_line();

    // Committing the committed image's container again: no changes give an empty layer.
    env.ok(&["run", "--name", "cc-again", "it-cc:v1"]);
    env.ok(&["commit", "cc-again", "it-cc:v2"]);
    let sizes = env
        .ok(&["history", "--format", "{{.Size}}", "it-cc:v2"])
        .stdout;
    assert_eq!(sizes.lines().next(), Some("0B"), "{sizes}");
    env.ok(&["rm", "cc-c", "cc-again"]);
}

#[test]
fn commit_running_container_pauses_and_resumes_it() {
    let Some((env, img)) = setup("commit_running") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--name",
        "cr-c",
        &img,
        "sh",
        "-c",
        "echo live > /live && sleep 600",
    ]);
    let ready = wait_for(Duration::from_secs(60), || {
        env.run(&["exec", "cr-c", "test", "-e", "/live"])
            .code
            .eq(&0)
            .then_some(())
    });
    assert!(ready.is_some(), "container never wrote /live");
    // Without a name the image is dangling; it runs by ID.
    let id = env.ok(&["commit", "cr-c"]).stdout.trim().to_string();
    env.ok(&["images", "-q", "-f", "dangling=true"])
        .stdout_has(&id[7..19]);
    let listed = env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]);
    listed
        .clone()
        .stdout_has(&format!("<none>:<none> {}", &id[7..19]));
    let state = env
        .ok(&["inspect", "--format", "{{.State.Status}}", "cr-c"])
        .stdout;
    assert_eq!(state.trim(), "running");
    env.ok(&["run", "--rm", &id[7..19], "cat", "/live"])
        .stdout_is("live");
    // The container's command became the image's.
    let cmd = env
        .ok(&[
            "image",
            "history",
            "--no-trunc",
            "--format",
            "{{.CreatedBy}}",
            &id,
        ])
        .stdout;
    assert_eq!(
        cmd.lines().next(),
        Some("sh -c echo live > /live && sleep 600")
    );
    env.ok(&["commit", "--pause=false", "cr-c", "it-cr:nopause"]);
    // Tagged, it is no longer dangling (one row, with its name).
    env.ok(&["tag", &id[7..19], "it-cr:tagged"]);
    env.ok(&["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])
        .stdout_lacks("<none>")
        .stdout_has(&format!("it-cr:tagged {}", &id[7..19]));
    env.ok(&["rm", "-f", "cr-c"]);
    env.ok(&["rmi", "it-cr:tagged"]);
}

/// A container started lazily (SOCI index, linnet's snapshotter: the big layer stays remote)
/// diffs against its remote layers, and its commit runs with the lower layers' whiteouts and
/// opaque directories intact.
#[test]
fn commit_of_a_lazily_started_container() {
    let Some(env) = TestEnv::new("commit_lazy", &["docker-registry"]) else {
        return;
    };
    let registry = Registry::plain();
    let image = images::lazy_image("it-cl:src", "commit-lazy", 6);
    let src = env.seed(&registry, &image, "cl/app:src");
    let dst = format!("{}/cl/app:soci", registry.host);
    env.ok(&["image", "convert", "--soci", &src, &dst]);
    env.ok(&["push", &dst]);

    // A namespace of its own, so that the pull there is lazy.
    let ns = format!("{}-lazy", env.namespace);
    env.daemon.record_namespace(&ns);
    let linnet = |args: &[&str]| {
        env.daemon
            .linnet()
            .global(["-n", ns.as_str(), "--snapshotter", "linnet"])
            .args(args)
            .run()
    };
    linnet(&["pull", &dst])
        .success()
        .stdout_has("of the image's layers are lazy");
    linnet(&[
        "run",
        "--name",
        "cl-c",
        &dst,
        "sh",
        "-c",
        "echo lazy > /new && rm /top/file",
    ])
    .success();
    linnet(&["diff", "cl-c"])
        .success()
        .stdout_is("A /new\nC /top\nD /top/file");
    linnet(&["commit", "cl-c", "it-cl:committed"]).success();
    linnet(&[
        "run",
        "--rm",
        "it-cl:committed",
        "cat",
        "/new",
        "/small/file",
        "/data/opaque/new",
    ])
    .success()
    .stdout_is(&format!("lazy\n{}\nnew", images::LAZY_SMALL));
    linnet(&[
        "run",
        "--rm",
        "it-cl:committed",
        "sh",
        "-c",
        "test ! -e /top/file && test ! -e /etc/gone && ls /data/opaque",
    ])
    .success()
    .stdout_is("new");
    linnet(&["rm", "cl-c"]).success();
    linnet(&["rmi", "it-cl:committed", &dst]).success();
}
