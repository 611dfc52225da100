//! Container confinement as Docker applies it (issue 7, findings 2-4): the default seccomp
//! profile, `--security-opt seccomp=unconfined|FILE` and `no-new-privileges`, the capability sets
//! of root and non-root processes, the read-only `/sys/fs/cgroup` and the masked paths. Every
//! check reads the kernel's view from inside a real container (`/proc/self/status`, syscalls
//! that must fail or succeed), so a spec that only looks right does not pass.

use std::collections::HashMap;

use crate::common::{wait_for, TestEnv};

/// Docker's 14 default capabilities as the kernel shows them (CapBnd/CapEff/CapPrm).
const DOCKER_CAPS: &str = "00000000a80425fb";
const NO_CAPS: &str = "0000000000000000";

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// The `Cap*`, `Seccomp` and `NoNewPrivs` fields of the container process's status.
fn status(env: &TestEnv, flags: &[&str], img: &str) -> HashMap<String, String> {
    let mut args = vec!["run", "--rm", "--pull", "never"];
    args.extend_from_slice(flags);
    args.extend_from_slice(&[img, "cat", "/proc/self/status"]);
    let out = env.ok(&args);
    out.lines()
        .iter()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| k.starts_with("Cap") || *k == "Seccomp" || *k == "NoNewPrivs")
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect()
}

#[track_caller]
fn assert_field(status: &HashMap<String, String>, key: &str, expected: &str) {
    assert_eq!(
        status.get(key).map(String::as_str),
        Some(expected),
        "{key} in {status:?}"
    );
}

/// A default container: Seccomp 2 with Docker's profile, Docker's capability mask, nothing
/// inheritable or ambient, and namespace creation blocked.
#[test]
fn default_container_is_confined() {
    let Some((env, img)) = setup("sec_default") else {
        return;
    };
    let st = status(&env, &[], &img);
    assert_field(&st, "Seccomp", "2");
    assert_field(&st, "NoNewPrivs", "0");
    assert_field(&st, "CapInh", NO_CAPS);
    assert_field(&st, "CapAmb", NO_CAPS);
    assert_field(&st, "CapBnd", DOCKER_CAPS);
    assert_field(&st, "CapEff", DOCKER_CAPS);
    assert_field(&st, "CapPrm", DOCKER_CAPS);

    // unshare is not in the profile's allow list without CAP_SYS_ADMIN: EPERM, also for the
    // user-namespace route that needs no capability.
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "unshare",
        "-U",
        "-r",
        "-m",
        "sh",
        "-c",
        "mount -t tmpfs none /tmp",
    ])
    .failure()
    .stderr_has("Operation not permitted");
    env.run(&[
        "run", "--rm", "--pull", "never", &img, "unshare", "-n", "true",
    ])
    .failure()
    .stderr_has("Operation not permitted");
    // What the profile allows still works (a filter that denied everything would also pass
    // the checks above).
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "sh",
        "-c",
        "mkdir /made && chroot / true && ls /made",
    ]);

    let id = env
        .ok(&["create", "--pull", "never", &img, "true"])
        .out()
        .to_string();
    let inspect = env.ok(&["inspect", &id]).json();
    assert_eq!(
        inspect[0]["HostConfig"]["SecurityOpt"],
        serde_json::Value::Null
    );
    env.ok(&["rm", &id]);
}

/// `--user 1000` keeps Docker's bounding set but gets no effective, permitted, inheritable or
/// ambient capability: binding a port below 1024 fails, while root binds it.
#[test]
fn non_root_user_has_no_capabilities() {
    let Some((env, img)) = setup("sec_user") else {
        return;
    };
    let st = status(&env, &["--user", "1000"], &img);
    assert_field(&st, "CapBnd", DOCKER_CAPS);
    for key in ["CapEff", "CapPrm", "CapInh", "CapAmb"] {
        assert_field(&st, key, NO_CAPS);
    }
    // Host network: no unprivileged-port sysctl is involved (a container's own netns gets
    // ip_unprivileged_port_start=0, as Docker sets). nc runs under sh so that it is not PID 1,
    // which would ignore timeout's SIGTERM.
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "host",
        "--user",
        "1000",
        &img,
        "sh",
        "-c",
        "timeout 5 nc -l -p 81; exit $?",
    ])
    .failure()
    .stderr_has("Permission denied");
    // Root binds it (in a private network namespace, so nothing on the host is touched): the
    // failure above is the missing capability, not the port.
    let root = env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "none",
        &img,
        "sh",
        "-c",
        "timeout 1 nc -l -p 81; echo done",
    ]);
    if root.stderr.contains("bind") || root.timed_out || !root.stdout.contains("done") {
        root.fail("root should bind port 81 (and be stopped by timeout)");
    }

    // exec follows the exec's user, both ways, as Docker does.
    let root_ctr = env
        .ok(&["run", "-d", "--pull", "never", &img, "sleep", "60"])
        .out()
        .to_string();
    let user_ctr = env
        .ok(&[
            "run", "-d", "--pull", "never", "--user", "1000", &img, "sleep", "60",
        ])
        .out()
        .to_string();
    let cap_eff = |ctr: &str, user: &str| {
        let out = env.ok(&[
            "exec",
            "-u",
            user,
            ctr,
            "grep",
            "CapEff",
            "/proc/self/status",
        ]);
        out.out()
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(cap_eff(&root_ctr, "1000"), NO_CAPS);
    assert_eq!(cap_eff(&user_ctr, "0"), DOCKER_CAPS);
    env.ok(&["rm", "-f", &root_ctr, &user_ctr]);
}

/// `seccomp=unconfined`: no filter. The user-namespace unshare and the tmpfs mount inside it
/// then succeed (they need no capability), while a network-namespace unshare still fails for
/// lack of CAP_SYS_ADMIN, exactly as under Docker 20.10.
#[test]
fn seccomp_unconfined() {
    let Some((env, img)) = setup("sec_unconfined") else {
        return;
    };
    let st = status(&env, &["--security-opt", "seccomp=unconfined"], &img);
    assert_field(&st, "Seccomp", "0");
    assert_field(&st, "CapEff", DOCKER_CAPS);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        "seccomp=unconfined",
        &img,
        "unshare",
        "-U",
        "-r",
        "-m",
        "sh",
        "-c",
        "mount -t tmpfs none /tmp && grep ' /tmp ' /proc/mounts",
    ])
    .stdout_has("none /tmp tmpfs");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        "seccomp:unconfined",
        &img,
        "unshare",
        "-n",
        "true",
    ])
    .failure()
    .stderr_has("Operation not permitted");

    let id = env
        .ok(&[
            "create",
            "--pull",
            "never",
            "--security-opt",
            "seccomp=unconfined",
            "--security-opt",
            "no-new-privileges",
            &img,
            "true",
        ])
        .out()
        .to_string();
    let inspect = env.ok(&["inspect", &id]).json();
    assert_eq!(
        inspect[0]["HostConfig"]["SecurityOpt"],
        serde_json::json!(["seccomp=unconfined", "no-new-privileges"])
    );
    env.ok(&["rm", &id]);
}

/// A profile file replaces the default: here everything is allowed except mkdir, which fails
/// with the profile's own errno (EACCES, so it cannot be mistaken for the default EPERM).
#[test]
fn seccomp_profile_file() {
    let Some((env, img)) = setup("sec_profile") else {
        return;
    };
    let profile = env.path("no-mkdir.json");
    std::fs::write(
        &profile,
        r#"{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [],
     "comment": "no directories", "includes": {}, "excludes": {}}
  ]
}"#,
    )
    .expect("write profile");
    let opt = format!("seccomp={}", profile.display());
    let st = status(&env, &["--security-opt", &opt], &img);
    assert_field(&st, "Seccomp", "2");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        &opt,
        &img,
        "mkdir",
        "/made",
    ])
    .failure()
    .stderr_has("Permission denied");
    // Only mkdir: other writes work, and the default profile allows mkdir.
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--security-opt",
        &opt,
        &img,
        "touch",
        "/made",
    ]);
    env.ok(&["run", "--rm", "--pull", "never", &img, "mkdir", "/made"]);
}

/// Bad `--security-opt` values: one Docker error line, exit 125, and no container left.
#[test]
fn security_opt_errors_create_nothing() {
    let Some((env, img)) = setup("sec_errors") else {
        return;
    };
    let missing = env.path("missing.json");
    let bad = env.path("bad.json");
    std::fs::write(&bad, "{\"defaultAction\": ").expect("write bad profile");
    let wrong = env.path("wrong.json");
    std::fs::write(&wrong, r#"{"defaultAction": "SCMP_ACT_MAYBE"}"#).expect("write profile");
    let cases: Vec<(String, String)> = vec![
        (
            format!("seccomp={}", missing.display()),
            format!(
                "opening seccomp profile ({0}) failed: open {0}: no such file or directory",
                missing.display()
            ),
        ),
        (
            format!("seccomp={}", bad.display()),
            format!(
                "compacting json for seccomp profile ({}) failed: ",
                bad.display()
            ),
        ),
        (
            format!("seccomp={}", wrong.display()),
            "Decoding seccomp profile failed: ".to_string(),
        ),
        (
            "seccomp".to_string(),
            r#"Invalid --security-opt: "seccomp""#.to_string(),
        ),
        (
            "no-new-privileges=maybe".to_string(),
            r#"invalid --security-opt 2: "no-new-privileges=maybe""#.to_string(),
        ),
        (
            "foo=bar".to_string(),
            r#"invalid --security-opt 2: "foo=bar""#.to_string(),
        ),
    ];
    for (opt, message) in &cases {
        for cmd in ["run", "create"] {
            env.run(&[
                cmd,
                "--pull",
                "never",
                "--name",
                "never-made",
                "--security-opt",
                opt,
                &img,
                "true",
            ])
            .error_125()
            .stderr_has(message);
        }
    }
    let left = env.ok(&["ps", "-aq"]);
    assert!(left.lines().is_empty(), "containers left behind\n{left}");
}

#[test]
fn no_new_privileges() {
    let Some((env, img)) = setup("sec_nnp") else {
        return;
    };
    let st = status(&env, &["--security-opt", "no-new-privileges"], &img);
    assert_field(&st, "NoNewPrivs", "1");
    assert_field(&st, "Seccomp", "2");
    let st = status(&env, &["--security-opt", "no-new-privileges=false"], &img);
    assert_field(&st, "NoNewPrivs", "0");
}

/// `/sys/fs/cgroup` is read-only at the top (on cgroup v1 runc's own tmpfs there would be
/// writable) while the container's cgroups stay readable; Docker's masked paths are empty.
#[test]
fn cgroup_read_only_and_masked_paths() {
    let Some((env, img)) = setup("sec_cgroup") else {
        return;
    };
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "touch",
        "/sys/fs/cgroup/x",
    ])
    .failure()
    .stderr_has("Read-only file system");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "mkdir",
        "/sys/fs/cgroup/x",
    ])
    .failure()
    .stderr_has("Read-only file system");
    let mounts = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "cat",
        "/proc/mounts",
    ]);
    // The last mount at the path is the one the container sees.
    let top = mounts
        .lines()
        .into_iter()
        .rfind(|l| l.split_whitespace().nth(1) == Some("/sys/fs/cgroup"))
        .unwrap_or_else(|| mounts.fail("no /sys/fs/cgroup mount"))
        .to_string();
    let options = top.split_whitespace().nth(3).unwrap_or_default();
    assert!(
        options.split(',').any(|o| o == "ro"),
        "/sys/fs/cgroup should be read-only: {top}"
    );
    // Still a usable cgroup view: v1 controller directories or the v2 files.
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "ls",
        "/sys/fs/cgroup",
    ])
    .stdout_has(if top.contains("cgroup2") {
        "cgroup.controllers"
    } else {
        "memory"
    });
    // Masked paths read as empty (bind-mounted /dev/null or an empty read-only tmpfs).
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "sh",
        "-c",
        "wc -c < /proc/interrupts; wc -c < /proc/keys; ls /sys/firmware | wc -l",
    ])
    .stdout_is("0\n0\n0");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        &img,
        "sh",
        "-c",
        "echo 1 > /proc/sys/vm/drop_caches",
    ])
    .failure()
    .stderr_has("Read-only file system");
    // Nothing waits on a container here, but make sure no task is left running.
    let clean = wait_for(std::time::Duration::from_secs(5), || {
        env.ok(&["ps", "-q"]).lines().is_empty().then_some(())
    });
    assert!(clean.is_some(), "containers still running");
}
