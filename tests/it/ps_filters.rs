//! Issue 11, part E: `ps --filter` with Docker's keys and rules, `ps -s`, the cleanup one-liner
//! `linnet rm $(linnet ps -aq -f status=exited)`, `exec --env-file/--privileged` and `wait` on a
//! container that was created but never started.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::common::TestEnv;

/// Names printed by `ps -a --format {{.Names}}` with `filters`.
fn names(env: &TestEnv, filters: &[&str]) -> BTreeSet<String> {
    let mut args = vec!["ps", "-a", "--format", "{{.Names}}"];
    for f in filters {
        args.extend(["-f", f]);
    }
    env.ok(&args)
        .stdout
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn ps_filters_select_as_docker() {
    let Some(env) = TestEnv::new("ps_filters", &[]) else {
        return;
    };
    let img = env.busybox();
    let pull = ["--pull", "never"];
    let run_id = env
        .ok(&[
            "run",
            "-d",
            pull[0],
            pull[1],
            "--name",
            "pf_run",
            "--network",
            "none",
            "-l",
            "app=web",
            "-l",
            "tier=front",
            &img,
            "sleep",
            "300",
        ])
        .stdout
        .trim()
        .to_string();
    env.ok(&[
        "create",
        pull[0],
        pull[1],
        "--name",
        "pf_created",
        "--network",
        "none",
        "-l",
        "app=db",
        "-v",
        "pfvol:/data",
        "--expose",
        "7070",
        &img,
        "true",
    ]);
    env.run(&[
        "run",
        pull[0],
        pull[1],
        "--name",
        "pf_exit3",
        "--network",
        "none",
        &img,
        "sh",
        "-c",
        "exit 3",
    ])
    .code(3);
    env.ok(&[
        "run",
        pull[0],
        pull[1],
        "--name",
        "pf_exit0",
        "--network",
        "none",
        &img,
        "true",
    ]);

    // A status filter lists stopped containers without -a; values of one key are alternatives.
    let exited = env.ok(&["ps", "-q", "-f", "status=exited"]);
    assert_eq!(exited.lines().len(), 2, "{exited}");
    assert_eq!(
        names(&env, &["status=created", "status=running"]),
        set(&["pf_created", "pf_run"])
    );
    assert_eq!(names(&env, &["exited=3"]), set(&["pf_exit3"]));
    assert_eq!(
        names(&env, &["exited=3", "exited=0"]),
        set(&["pf_exit3", "pf_exit0"])
    );
    // exited never matches a container that never ran.
    assert_eq!(names(&env, &["exited=0", "name=pf_created"]), set(&[]));
    // label values must all match; k and k=v forms.
    assert_eq!(names(&env, &["label=app"]), set(&["pf_run", "pf_created"]));
    assert_eq!(names(&env, &["label=app=web"]), set(&["pf_run"]));
    assert_eq!(names(&env, &["label=app", "label=tier"]), set(&["pf_run"]));
    // name and id: substring / regular expression, as Docker's Match.
    assert_eq!(
        names(&env, &["name=pf_exit"]),
        set(&["pf_exit3", "pf_exit0"])
    );
    assert_eq!(names(&env, &["name=^/?pf_c"]), set(&["pf_created"]));
    assert_eq!(
        names(&env, &[&format!("id={}", &run_id[..12])]),
        set(&["pf_run"])
    );
    // Different keys are ANDed.
    assert_eq!(
        names(&env, &["label=app", "status=running"]),
        set(&["pf_run"])
    );
    // before/since: creation order relative to a named container.
    assert_eq!(
        names(&env, &["before=pf_exit3"]),
        set(&["pf_run", "pf_created"])
    );
    assert_eq!(
        names(&env, &["since=pf_created"]),
        set(&["pf_exit3", "pf_exit0"])
    );
    // ancestor: the image by name or ID; an unknown image selects nothing.
    let all = set(&["pf_run", "pf_created", "pf_exit3", "pf_exit0"]);
    assert_eq!(names(&env, &[&format!("ancestor={img}")]), all);
    let image_id = env.ok(&["images", "-q", &img]).stdout.trim().to_string();
    assert_eq!(names(&env, &[&format!("ancestor={image_id}")]), all);
    assert_eq!(names(&env, &["ancestor=it-no-such-image"]), set(&[]));
    // volume by name or destination; network by name.
    assert_eq!(names(&env, &["volume=pfvol"]), set(&["pf_created"]));
    assert_eq!(names(&env, &["volume=/data"]), set(&["pf_created"]));
    assert_eq!(names(&env, &["network=none"]), all);
    assert_eq!(names(&env, &["network=bridge"]), set(&[]));
    // expose/publish by container port (ranges and protocols as Docker); no swarm tasks here.
    assert_eq!(names(&env, &["expose=7070"]), set(&["pf_created"]));
    assert_eq!(names(&env, &["expose=7000-7100/tcp"]), set(&["pf_created"]));
    assert_eq!(names(&env, &["expose=7070/udp"]), set(&[]));
    assert_eq!(names(&env, &["publish=7070"]), set(&[]));
    assert_eq!(names(&env, &["is-task=false"]), all);
    assert_eq!(names(&env, &["is-task=true"]), set(&[]));

    // Docker's errors and exit codes: a bad key or value is the daemon's error (1), a flag
    // without '=' the CLI's usage error (125).
    env.run(&["ps", "-f", "foo=bar"])
        .code(1)
        .one_error_line()
        .stderr_has("invalid filter 'foo'");
    env.run(&["ps", "-f", "status=bogus"])
        .code(1)
        .stderr_has("invalid filter 'status=bogus'");
    env.run(&["ps", "-f", "exited=x"]).code(1).one_error_line();
    env.run(&["ps", "-f", "publish=80:80"])
        .code(1)
        .one_error_line();
    env.run(&["ps", "-f", "is-task=maybe"])
        .code(1)
        .one_error_line();
    env.run(&["ps", "-f", "before=pf-no-such"])
        .code(1)
        .one_error_line();
    env.run(&["ps", "-f", "foo"])
        .code(125)
        .one_error_line()
        .stderr_has("bad format of filter");

    // ps -s: a SIZE column with Docker's "rw (virtual total)" text.
    let sized = env.ok(&["ps", "-a", "-s", "-f", "name=pf_exit3"]);
    let lines = sized.lines();
    assert!(lines[0].ends_with("SIZE"), "{sized}");
    let cell = lines[1].rsplit("   ").next().unwrap_or_default().trim();
    let ok = cell.contains("B (virtual ") && cell.ends_with("B)");
    assert!(ok, "size cell {cell:?}\n{sized}");
    let json = env.ok(&[
        "ps",
        "-a",
        "-s",
        "-f",
        "name=pf_exit3",
        "--format",
        "{{.Size}}",
    ]);
    assert!(json.stdout.contains("(virtual "), "{json}");

    // The cleanup one-liner, through a shell as users type it.
    env.script(
        "linnet",
        &format!(
            "#!/bin/sh\nexport LINNET_STATE_DIR='{}' DOCKER_CONFIG='{}'\nexec '{}' --data-root '{}' -n '{}' \"$@\"\n",
            env.daemon.state_dir.display(),
            env.docker_config.display(),
            crate::common::linnet::binary().display(),
            env.daemon.data_root.display(),
            env.namespace,
        ),
    );
    let path = format!(
        "{}:{}",
        env.bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("sh")
        .args(["-c", "linnet rm $(linnet ps -aq -f status=exited)"])
        .env("PATH", path)
        .output()
        .expect("run sh");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(names(&env, &[]), set(&["pf_run", "pf_created"]));
    env.ok(&["rm", "-f", "pf_run", "pf_created"]);
    env.ok(&["volume", "rm", "pfvol"]);
}

/// The capability sets of `/proc/self/status` as one hex mask.
fn cap_eff(text: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        .unwrap_or_else(|| panic!("no CapEff in {text:?}"))
}

#[test]
fn exec_env_file_privileged_and_wait_on_created() {
    let Some(env) = TestEnv::new("exec_flags_e", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "xe",
        "--network",
        "none",
        &img,
        "sleep",
        "300",
    ]);
    let file = env.path("exec.env");
    std::fs::write(&file, "# comment\n\nFROM_FILE=file value\nCOPIED\n").expect("env file");
    let out = env
        .linnet()
        .env("COPIED", "from caller")
        .args([
            "exec",
            "--env-file",
            &file.to_string_lossy(),
            "-e",
            "FLAG=1",
            "xe",
            "env",
        ])
        .run()
        .success();
    out.clone()
        .stdout_has("FROM_FILE=file value")
        .stdout_has("COPIED=from caller")
        .stdout_has("FLAG=1");
    env.run(&["exec", "--env-file", "/nonexistent/e.env", "xe", "true"])
        .code(1)
        .one_error_line()
        .stderr_has("/nonexistent/e.env");

    // --privileged: every capability this host grants, beyond the container's default set.
    let plain = cap_eff(&env.ok(&["exec", "xe", "cat", "/proc/self/status"]).stdout);
    let privileged = cap_eff(
        &env.ok(&["exec", "--privileged", "xe", "cat", "/proc/self/status"])
            .stdout,
    );
    assert_eq!(plain & privileged, plain, "privileged lost capabilities");
    assert!(
        privileged != plain,
        "privileged {privileged:x} == {plain:x}"
    );
    let sys_admin = 1u64 << 21;
    let host_bnd = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("CapBnd:"))
                .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        })
        .unwrap_or(0);
    if host_bnd & sys_admin != 0 {
        assert!(privileged & sys_admin != 0 && plain & sys_admin == 0);
    }
    env.ok(&["rm", "-f", "xe"]);

    // Docker 20.10 waits for "not running": a created container already is, so wait returns
    // its (zero) exit code at once instead of blocking until someone starts it.
    env.ok(&[
        "create", "--pull", "never", "--name", "xw", &img, "sh", "-c", "exit 4",
    ]);
    env.linnet()
        .args(["wait", "xw"])
        .timeout(Duration::from_secs(60))
        .run()
        .success()
        .stdout_is("0");
    env.run(&["start", "-a", "xw"]).code(4);
    env.ok(&["wait", "xw"]).stdout_is("4");
    env.ok(&["rm", "xw"]);
}
