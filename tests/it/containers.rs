//! Item 6: the container lifecycle, Docker's exit codes, run options (env, workdir, user,
//! entrypoint, hostname, binds, networks, labels, names), detached containers, `create`/`start`,
//! `inspect`, piped stdin and an interactive terminal.

use std::time::Duration;

use crate::common::{pty::PtySession, wait_for, TestEnv};

/// A test env with the busybox image loaded; returns the image name.
fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

fn is_container_id(text: &str) -> bool {
    text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit())
}

#[test]
fn run_echo_and_exit_codes() {
    let Some((env, img)) = setup("run_codes") else {
        return;
    };
    env.ok(&["run", "--rm", "--pull", "never", &img, "echo", "hi"])
        .stdout_is("hi");
    env.run(&[
        "run", "--pull", "never", "--name", "three", &img, "sh", "-c", "exit 3",
    ])
    .code(3);
    env.ok(&["rm", "three"]);
    // The image's Cmd is `sh`; with no stdin it exits 0 at once.
    env.ok(&["run", "--rm", "--pull", "never", &img]);
    env.run(&["run", "--rm", "--pull", "never", &img, "nosuchcmd"])
        .code(127)
        .one_error_line();
    env.run(&["run", "--rm", "--pull", "never", &img, "/etc/passwd"])
        .code(126)
        .one_error_line();
    // Nothing is left behind by --rm, even on failures.
    let left = env.ok(&["ps", "-aq"]);
    assert!(left.lines().is_empty(), "containers left\n{left}");
}

#[test]
fn run_env_workdir_user_entrypoint_hostname() {
    let Some((env, img)) = setup("run_options") else {
        return;
    };
    let env_file = env.path("env.list");
    std::fs::write(&env_file, "# a comment\n\nFROM_FILE=file value\nEMPTY=\n").expect("env file");
    let out = env
        .linnet()
        .env("IT_COPIED", "copied from caller")
        .args([
            "run",
            "--rm",
            "--pull",
            "never",
            "-e",
            "FOO=bar",
            "-e",
            "IT_COPIED",
        ])
        .arg("--env-file")
        .arg(&env_file)
        .args([&img, "env"])
        .run()
        .success();
    for line in [
        "FOO=bar",
        "IT_COPIED=copied from caller",
        "FROM_FILE=file value",
        "EMPTY=",
    ] {
        if !out.lines().contains(&line) {
            out.fail(&format!("env should contain {line}"));
        }
    }
    if !out.lines().iter().any(|l| l.starts_with("PATH=")) {
        out.fail("env should contain the image's PATH");
    }

    env.ok(&["run", "--rm", "--pull", "never", "-w", "/tmp", &img, "pwd"])
        .stdout_is("/tmp");
    env.ok(&[
        "run", "--rm", "--pull", "never", "-w", "/new/dir", &img, "pwd",
    ])
    .stdout_is("/new/dir");
    env.ok(&[
        "run", "--rm", "--pull", "never", "-u", "1000", &img, "id", "-u",
    ])
    .stdout_is("1000");
    env.ok(&["run", "--rm", "--pull", "never", "-u", "app", &img, "id"])
        .stdout_has("uid=1000(app) gid=1000(app)");
    env.ok(&[
        "run", "--rm", "--pull", "never", "-u", "nobody", &img, "id", "-u",
    ])
    .stdout_is("65534");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-u",
        "1000:65534",
        &img,
        "id",
        "-g",
    ])
    .stdout_is("65534");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-u",
        "nosuchuser",
        &img,
        "id",
    ])
    .error_125();

    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--entrypoint",
        "echo",
        &img,
        "from",
        "entrypoint",
    ])
    .stdout_is("from entrypoint");
    // --entrypoint without arguments drops the image's Cmd.
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--entrypoint",
        "pwd",
        &img,
    ])
    .stdout_is("/");

    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--hostname",
        "it-host",
        &img,
        "hostname",
    ])
    .stdout_is("it-host");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-h",
        "short-h",
        &img,
        "cat",
        "/etc/hostname",
    ])
    .stdout_is("short-h");
}

#[test]
fn run_bind_mounts() {
    let Some((env, img)) = setup("run_binds") else {
        return;
    };
    let host = env.path("shared");
    std::fs::create_dir_all(&host).expect("host dir");
    std::fs::write(host.join("from-host"), "host data\n").expect("host file");
    let spec = format!("{}:/mnt", host.display());
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-v",
        &spec,
        &img,
        "cat",
        "/mnt/from-host",
    ])
    .stdout_is("host data");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-v",
        &spec,
        &img,
        "sh",
        "-c",
        "echo written > /mnt/from-container",
    ]);
    assert_eq!(
        std::fs::read_to_string(host.join("from-container")).unwrap_or_default(),
        "written\n"
    );

    let ro = format!("{}:/mnt:ro", host.display());
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-v",
        &ro,
        &img,
        "cat",
        "/mnt/from-host",
    ])
    .stdout_is("host data");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "-v",
        &ro,
        &img,
        "sh",
        "-c",
        "echo x > /mnt/ro-write",
    ])
    .failure();
    assert!(!host.join("ro-write").exists(), "write through a :ro bind");

    let mount = format!("type=bind,source={},target=/data", host.display());
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--mount",
        &mount,
        &img,
        "cat",
        "/data/from-host",
    ])
    .stdout_is("host data");
    let mount_ro = format!("{mount},readonly");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--mount",
        &mount_ro,
        &img,
        "touch",
        "/data/nope",
    ])
    .failure();
    assert!(
        !host.join("nope").exists(),
        "write through a readonly mount"
    );

    // Docker's rules: `-v` creates a missing source, `--mount` refuses it.
    let missing = format!("{}:/mnt", env.path("does-not-exist").display());
    env.ok(&[
        "run", "--rm", "--pull", "never", "-v", &missing, &img, "true",
    ]);
    assert!(env.path("does-not-exist").is_dir());
    let missing = format!(
        "type=bind,src={},dst=/mnt",
        env.path("not-either").display()
    );
    env.run(&[
        "run", "--rm", "--pull", "never", "--mount", &missing, &img, "true",
    ])
    .error_125();
}

fn interfaces(proc_net_dev: &str) -> Vec<String> {
    let mut names: Vec<String> = proc_net_dev
        .lines()
        .skip(2)
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim().to_string()))
        .filter(|n| !is_linnet_device(n))
        .collect();
    names.sort();
    names
}

/// Host devices that bridge containers of parallel tests come and go with: their veths and
/// linnet's bridges (`linnet0`, `ln<12 hex>` default bridges of other data roots, `br-<12 hex>`
/// user networks).
fn is_linnet_device(name: &str) -> bool {
    let hex12 = |s: &str| s.len() == 12 && s.chars().all(|c| c.is_ascii_hexdigit());
    name.starts_with("veth")
        || name == "linnet0"
        || name.strip_prefix("ln").is_some_and(hex12)
        || name.strip_prefix("br-").is_some_and(hex12)
}

#[test]
fn run_network_modes() {
    let Some((env, img)) = setup("run_network") else {
        return;
    };
    let none = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "none",
        &img,
        "cat",
        "/proc/net/dev",
    ]);
    assert_eq!(interfaces(&none.stdout), vec!["lo".to_string()], "\n{none}");

    let host_ifaces = interfaces(&std::fs::read_to_string("/proc/net/dev").expect("/proc/net/dev"));
    let host = env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "host",
        &img,
        "cat",
        "/proc/net/dev",
    ]);
    assert_eq!(interfaces(&host.stdout), host_ifaces, "\n{host}");
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "bogus-net",
        &img,
        "true",
    ])
    .error_125();
}

#[test]
fn detached_lifecycle_ps_logs_stop_start_kill_wait_rm() {
    let Some((env, img)) = setup("lifecycle") else {
        return;
    };
    let run = env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "lc",
        "-l",
        "it.label=yes",
        &img,
        "sh",
        "-c",
        "echo started; sleep 100",
    ]);
    let id = run.out().trim().to_string();
    if !is_container_id(&id) {
        run.fail("run -d should print the 64-hex container ID");
    }

    let ps = env.ok(&["ps"]);
    let row = ps
        .lines()
        .into_iter()
        .find(|l| l.ends_with("lc"))
        .map(str::to_string);
    if !row
        .as_deref()
        .is_some_and(|r| r.starts_with(&id[..12]) && r.contains("Up"))
    {
        ps.fail("ps should list lc as Up with its short ID");
    }
    if !ps
        .lines()
        .first()
        .is_some_and(|h| h.starts_with("CONTAINER ID") && h.contains("NAMES"))
    {
        ps.fail("ps header should start with CONTAINER ID and contain NAMES");
    }
    env.ok(&["ps", "-q"]).stdout_is(&id[..12]);
    env.ok(&["ps", "-q", "--no-trunc"]).stdout_is(&id);

    let logged = wait_for(Duration::from_secs(20), || {
        env.run(&["logs", "lc"])
            .stdout
            .contains("started")
            .then_some(())
    });
    assert!(
        logged.is_some(),
        "logs should show the output\n{}",
        env.run(&["logs", "lc"])
    );

    let inspect = env.ok(&["inspect", "lc"]);
    let json = inspect.json();
    assert_eq!(json[0]["Id"], id.as_str(), "{inspect}");
    assert_eq!(json[0]["Name"], "/lc", "{inspect}");
    assert_eq!(json[0]["State"]["Status"], "running", "{inspect}");
    assert_eq!(json[0]["State"]["Running"], true, "{inspect}");
    assert_eq!(json[0]["Config"]["Labels"]["it.label"], "yes", "{inspect}");
    env.ok(&["inspect", "-f", "{{.State.Status}}", "lc"])
        .stdout_is("running");
    env.ok(&["inspect", "-f", "{{.Name}}", &id[..12]])
        .stdout_is("/lc");

    let stop = env.ok(&["stop", "-t", "1", "lc"]);
    assert!(
        stop.elapsed < Duration::from_secs(20),
        "stop -t 1 took {:?}",
        stop.elapsed
    );
    let ps = env.ok(&["ps"]);
    assert!(!ps.stdout.contains("lc"), "stopped container in ps\n{ps}");
    let all = env.ok(&["ps", "-a"]);
    if !all
        .lines()
        .iter()
        .any(|l| l.ends_with("lc") && l.contains("Exited"))
    {
        all.fail("ps -a should show lc as Exited");
    }
    env.ok(&["inspect", "-f", "{{.State.Status}}", "lc"])
        .stdout_is("exited");

    env.ok(&["start", "lc"]);
    env.ok(&["inspect", "-f", "{{.State.Status}}", "lc"])
        .stdout_is("running");
    env.ok(&["kill", "-s", "KILL", "lc"]);
    env.ok(&["wait", "lc"]).stdout_is("137");

    env.ok(&["rm", "lc"]);
    let all = env.ok(&["ps", "-a"]);
    assert!(
        !all.stdout.contains("lc"),
        "removed container still listed\n{all}"
    );
    env.run(&["rm", "lc"]).failure().one_error_line();

    // A running container is only removed with -f.
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "busy", &img, "sleep", "100",
    ]);
    env.run(&["rm", "busy"]).failure().one_error_line();
    env.ok(&["rm", "-f", "busy"]);
    assert!(env.ok(&["ps", "-aq"]).lines().is_empty());
}

#[test]
fn run_detached_rm_removes_after_exit() {
    let Some((env, img)) = setup("detached_rm") else {
        return;
    };
    env.ok(&[
        "run", "-d", "--rm", "--pull", "never", "--name", "auto", &img, "sleep", "1",
    ]);
    let gone = wait_for(Duration::from_secs(30), || {
        (!env.ok(&["ps", "-a"]).stdout.contains("auto")).then_some(())
    });
    assert!(
        gone.is_some(),
        "run -d --rm container still there\n{}",
        env.run(&["ps", "-a"])
    );
}

#[test]
fn create_then_start_attached() {
    let Some((env, img)) = setup("create_start") else {
        return;
    };
    let created = env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "cs",
        &img,
        "echo",
        "created-output",
    ]);
    if !is_container_id(created.out().trim()) {
        created.fail("create should print the container ID");
    }
    let all = env.ok(&["ps", "-a"]);
    if !all
        .lines()
        .iter()
        .any(|l| l.ends_with("cs") && l.contains("Created"))
    {
        all.fail("ps -a should show cs as Created");
    }
    env.ok(&["start", "-a", "cs"]).stdout_is("created-output");
    env.ok(&[
        "create", "--pull", "never", "--name", "five", &img, "sh", "-c", "exit 5",
    ]);
    env.run(&["start", "-a", "five"]).code(5);
    env.run(&["create", "--pull", "never", "--name", "cs", &img, "true"])
        .error_125();
}

#[test]
fn run_interactive_with_piped_stdin() {
    let Some((env, img)) = setup("run_stdin") else {
        return;
    };
    env.linnet()
        .args(["run", "-i", "--rm", "--pull", "never", &img, "cat"])
        .stdin("data\nmore data\n")
        .run()
        .success()
        .stdout_is("data\nmore data");
    env.linnet()
        .args(["run", "-i", "--rm", "--pull", "never", &img, "wc", "-l"])
        .stdin("1\n2\n3\n")
        .run()
        .success()
        .stdout_is("3");
}

fn pty_session(env: &TestEnv, args: &[&str]) -> PtySession {
    let linnet = env.linnet().args(args);
    PtySession::spawn(linnet.command(), linnet.cmdline(), 24, 80).expect("start under a pty")
}

#[test]
fn run_tty_shell_resize_and_ctrl_d() {
    let Some((env, img)) = setup("run_tty") else {
        return;
    };
    let mut term = pty_session(&env, &["run", "-it", "--rm", "--pull", "never", &img, "sh"]);
    term.expect("# ", Duration::from_secs(60));
    term.send("echo $((6*7))\r");
    term.expect("42", Duration::from_secs(20));
    term.send("stty size\r");
    term.expect("24 80", Duration::from_secs(20));

    term.resize(30, 100);
    // SIGWINCH reaches linnet asynchronously: ask until the new size shows.
    let mut resized = false;
    for _ in 0..20 {
        term.send("stty size\r");
        if term
            .try_expect("30 100", Duration::from_millis(500))
            .is_ok()
        {
            resized = true;
            break;
        }
    }
    assert!(
        resized,
        "stty size did not follow the resize\n{}",
        term.output()
    );

    term.send("\u{4}");
    let status = term.wait(Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "Ctrl-D should end the shell and linnet with 0: {status:?}\n{}",
        term.output()
    );
}

#[test]
fn run_tty_ctrl_c_reaches_container() {
    let Some((env, img)) = setup("run_tty_sigint") else {
        return;
    };
    let mut term = pty_session(
        &env,
        &[
            "run",
            "-it",
            "--rm",
            "--pull",
            "never",
            &img,
            "sh",
            "-c",
            "echo ready; /bin/sleep 100; echo not-interrupted",
        ],
    );
    term.expect("ready", Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(300));
    term.send("\u{3}");
    // The container's terminal turns Ctrl-C into SIGINT for its foreground process group: the
    // sleep dies and busybox `sh -c` (which catches SIGINT) exits 130, which `run` returns.
    let status = term.wait(Duration::from_secs(30));
    let output = term.output();
    assert!(
        !output.contains("not-interrupted"),
        "sleep was not interrupted\n{output}"
    );
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(130),
        "linnet should exit with the container's code 130\n{output}"
    );
}

#[test]
fn names_resolve_by_prefix_and_stay_unique() {
    let Some((env, img)) = setup("names") else {
        return;
    };
    let id = env
        .ok(&[
            "run", "-d", "--pull", "never", "--name", "unique", &img, "sleep", "100",
        ])
        .out()
        .trim()
        .to_string();
    env.run(&[
        "run", "-d", "--pull", "never", "--name", "unique", &img, "sleep", "100",
    ])
    .error_125();
    env.ok(&["inspect", "-f", "{{.Name}}", &id[..8]])
        .stdout_is("/unique");
    env.ok(&["rm", "-f", &id[..12]]);
}

/// Without a terminal, `run` forwards SIGTERM and SIGINT it receives to the container's process
/// (Docker's sig-proxy) and returns the code the container exits with.
#[test]
fn run_forwards_signals_without_tty() {
    let Some((env, img)) = setup("sig_proxy") else {
        return;
    };
    for (signal, code) in [
        (nix::sys::signal::Signal::SIGTERM, "7"),
        (nix::sys::signal::Signal::SIGINT, "9"),
    ] {
        let name = format!("sig-{}", signal.as_str().to_lowercase());
        let script = format!(
            "trap 'echo got-{signal}; exit {code}' {trap}; echo ready; \
             while true; do sleep 0.1; done",
            trap = &signal.as_str()[3..]
        );
        let run = env
            .linnet()
            .args(["run", "--pull", "never", "--name", &name, &img, "sh", "-c"])
            .arg(&script)
            .timeout(Duration::from_secs(60))
            .spawn();
        assert!(
            run.wait_stdout("ready", Duration::from_secs(30)),
            "container did not start: {}",
            run.stderr_so_far()
        );
        run.signal(signal);
        let out = run.wait();
        assert_eq!(
            out.code,
            code.parse::<i32>().expect("code"),
            "{signal} should reach the container, whose exit code run returns\n{out}"
        );
        assert!(out.stdout.contains(&format!("got-{signal}")), "\n{out}");
        env.ok(&["rm", &name]);
    }
}

/// A container killed from outside while `run` is attached: `run` returns 137 (128 + SIGKILL),
/// as do `wait` and `inspect`.
#[test]
fn run_returns_137_when_the_container_is_killed() {
    let Some((env, img)) = setup("run_137") else {
        return;
    };
    let run = env
        .linnet()
        .args([
            "run",
            "--pull",
            "never",
            "--name",
            "victim",
            &img,
            "sh",
            "-c",
            "echo ready; sleep 300",
        ])
        .timeout(Duration::from_secs(60))
        .spawn();
    assert!(
        run.wait_stdout("ready", Duration::from_secs(30)),
        "container did not start: {}",
        run.stderr_so_far()
    );
    env.ok(&["kill", "victim"]);
    let out = run.wait();
    assert_eq!(out.code, 137, "\n{out}");
    env.ok(&["wait", "victim"]).stdout_is("137");
    env.ok(&["inspect", "-f", "{{.State.ExitCode}}", "victim"])
        .stdout_is("137");
}
