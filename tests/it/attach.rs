//! `attach`, Docker's detach keys and `run -di`: output of a detached container streamed live,
//! an interactive shell of a `run -dit` container reached through `attach`, Ctrl-P Ctrl-Q (and
//! `--detach-keys`) leaving `run -it`, `start -ai`, `attach` and `exec -it` with the container
//! still running, and a `run -di` container whose stdin stays open.

use std::time::Duration;

use crate::common::{pty::PtySession, wait_for, TestEnv};

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

fn pty_session(env: &TestEnv, args: &[&str]) -> PtySession {
    let linnet = env.linnet().args(args);
    PtySession::spawn(linnet.command(), linnet.cmdline(), 24, 80).expect("start under a pty")
}

fn is_running(env: &TestEnv, name: &str) -> bool {
    env.run(&["inspect", "-f", "{{.State.Running}}", name])
        .out()
        .trim()
        == "true"
}

/// Waits for the session to end and returns its exit code.
fn exit_code(term: &mut PtySession) -> Option<i32> {
    term.wait(Duration::from_secs(30)).and_then(|s| s.code())
}

#[test]
fn attach_streams_output_of_detached_container() {
    let Some((env, img)) = setup("attach_stream") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "ticker",
        &img,
        "sh",
        "-c",
        "i=0; while [ ! -e /tmp/stop ]; do i=$((i+1)); echo tick $i; sleep 0.3; done; echo bye >&2; exit 3",
    ]);
    let attached = env
        .linnet()
        .args(["attach", "ticker"])
        .timeout(Duration::from_secs(120))
        .spawn();
    // Live output: new ticks keep arriving while attached.
    let first = wait_for(Duration::from_secs(60), || {
        let out = attached.stdout_so_far();
        out.lines()
            .filter_map(|l| l.strip_prefix("tick "))
            .filter_map(|n| n.trim().parse::<u32>().ok())
            .next()
    });
    let Some(first) = first else {
        panic!(
            "attach showed no ticks\nstdout: {}\nstderr: {}",
            attached.stdout_so_far(),
            attached.stderr_so_far()
        );
    };
    let later = format!("tick {}", first + 3);
    assert!(
        attached.wait_stdout(&later, Duration::from_secs(60)),
        "attach stopped streaming after tick {first}\n{}",
        attached.stdout_so_far()
    );
    env.ok(&["exec", "ticker", "touch", "/tmp/stop"]);
    // The container's last words (stderr) and its exit code reach the attached terminal.
    let run = attached.wait().code(3);
    assert!(run.stderr.contains("bye"), "stderr lost\n{run}");
    env.ok(&["rm", "ticker"]);
}

#[test]
fn run_dit_then_attach_gives_a_shell_and_detach_keys_leave_it_running() {
    let Some((env, img)) = setup("attach_shell") else {
        return;
    };
    env.ok(&[
        "run", "-dit", "--pull", "never", "--name", "shell", &img, "sh",
    ]);
    let mut term = pty_session(&env, &["attach", "shell"]);
    term.send("echo $((6*7))\r");
    term.expect("42", Duration::from_secs(60));
    term.send("stty size\r");
    term.expect("24 80", Duration::from_secs(20));
    // Ctrl-P then a plain key is input, not a detach; Ctrl-P Ctrl-Q detaches.
    // (Ctrl-P reaches the shell, whose history brings back `stty size`.)
    term.send("\u{10}");
    std::thread::sleep(Duration::from_millis(300));
    term.send("\r");
    term.expect("24 80", Duration::from_secs(20));
    term.send("\u{10}\u{11}");
    let code = exit_code(&mut term);
    let out = term.output();
    assert_eq!(code, Some(1), "detach from attach exits 1 as Docker\n{out}");
    assert!(out.contains("read escape sequence"), "{out}");
    assert!(is_running(&env, "shell"), "detach stopped the container");

    // A second session reaches the same shell (its state survived), then ends it.
    let mut term = pty_session(&env, &["attach", "--detach-keys", "ctrl-a,a", "shell"]);
    term.send("x=kept; echo v=$x\r");
    term.expect("v=kept", Duration::from_secs(60));
    term.send("exit 5\r");
    assert_eq!(exit_code(&mut term), Some(5), "{}", term.output());
    env.ok(&["rm", "shell"]);
}

#[test]
fn run_it_and_start_ai_detach_with_keys() {
    let Some((env, img)) = setup("attach_run_it") else {
        return;
    };
    let mut term = pty_session(
        &env,
        &[
            "run",
            "-it",
            "--pull",
            "never",
            "--detach-keys",
            "ctrl-a,a",
            "--name",
            "rit",
            &img,
            "sh",
        ],
    );
    term.expect("# ", Duration::from_secs(60));
    term.send("echo one-$((1+1))\r");
    term.expect("one-2", Duration::from_secs(20));
    term.send("\u{1}a");
    assert_eq!(
        exit_code(&mut term),
        Some(0),
        "run -it detaches with 0\n{}",
        term.output()
    );
    assert!(is_running(&env, "rit"), "detach stopped the container");
    // The shell still reads its stdin: through attach with the default keys.
    let mut term = pty_session(&env, &["attach", "rit"]);
    term.send("echo two-$((1+2))\r");
    term.expect("two-3", Duration::from_secs(60));
    term.send("exit 0\r");
    assert_eq!(exit_code(&mut term), Some(0), "{}", term.output());

    // start -ai: same keys, container keeps running.
    env.ok(&[
        "create", "-it", "--pull", "never", "--name", "sai", &img, "sh",
    ]);
    let mut term = pty_session(&env, &["start", "-ai", "sai"]);
    term.send("echo three-$((1+3))\r");
    term.expect("three-4", Duration::from_secs(60));
    term.send("\u{10}\u{11}");
    assert_eq!(exit_code(&mut term), Some(0), "{}", term.output());
    assert!(is_running(&env, "sai"), "detach stopped the container");

    // exec -it: detaching leaves the shell's container alone and reports as Docker does.
    let mut term = pty_session(&env, &["exec", "-it", "sai", "sh"]);
    term.send("echo four-$((2+2))\r");
    term.expect("four-4", Duration::from_secs(60));
    term.send("\u{10}\u{11}");
    assert_eq!(exit_code(&mut term), Some(1), "{}", term.output());
    // The reader thread may copy the last bytes after the exit is seen: wait for them.
    term.expect("read escape sequence", Duration::from_secs(20));
    assert!(is_running(&env, "sai"));
    env.ok(&["rm", "-f", "rit", "sai"]);
}

#[test]
fn run_di_keeps_stdin_open_for_attach() {
    let Some((env, img)) = setup("attach_di") else {
        return;
    };
    env.ok(&[
        "run", "-d", "-i", "--pull", "never", "--name", "cat", &img, "cat",
    ]);
    // Without -i, `cat` would read EOF and exit at once; with it, it waits for input.
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        is_running(&env, "cat"),
        "run -di cat exited: {}",
        env.run(&["ps", "-a"])
    );
    // Input from a non-terminal attach reaches cat; the end of that input does not close the
    // container's stdin (no StdinOnce for run -di).
    let attached = env
        .linnet()
        .args(["attach", "cat"])
        .stdin("hello through attach\n")
        .timeout(Duration::from_secs(120))
        .spawn();
    assert!(
        attached.wait_stdout("hello through attach", Duration::from_secs(60)),
        "cat did not echo\nstdout: {}\nstderr: {}",
        attached.stdout_so_far(),
        attached.stderr_so_far()
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(is_running(&env, "cat"), "end of attach input closed stdin");
    // The output went to the log as well.
    env.ok(&["logs", "cat"]).stdout_has("hello through attach");
    env.ok(&["kill", "cat"]);
    attached.wait().code(137);
    env.ok(&["rm", "cat"]);
}

#[test]
fn bad_detach_keys_and_attach_errors() {
    let Some((env, img)) = setup("attach_errors") else {
        return;
    };
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--detach-keys",
        "ctrl-1",
        &img,
        "true",
    ])
    .error_125()
    .one_error_line();
    assert!(
        env.ok(&["ps", "-aq"]).lines().is_empty(),
        "a container was created"
    );
    env.run(&["attach", "--detach-keys", "foo", "x"])
        .error_125()
        .one_error_line();
    env.run(&["attach", "nosuch"]).failure().one_error_line();
    env.ok(&["create", "--pull", "never", "--name", "idle", &img, "true"]);
    env.run(&["attach", "idle"])
        .failure()
        .one_error_line()
        .stderr_has("start it first");
    env.ok(&["rm", "idle"]);
}

/// `--sig-proxy=false`: a SIGTERM to `run` ends linnet, not the container (Docker's behaviour);
/// `attach` without it forwards the signal to the container.
#[test]
fn sig_proxy_false_leaves_the_container_running() {
    let Some((env, img)) = setup("attach_sig_proxy") else {
        return;
    };
    let run = env
        .linnet()
        .args([
            "run",
            "--sig-proxy=false",
            "--pull",
            "never",
            "--name",
            "sp",
            &img,
            "sh",
            "-c",
            "trap 'exit 9' TERM; echo up; while true; do sleep 0.2; done",
        ])
        .timeout(Duration::from_secs(120))
        .spawn();
    assert!(
        run.wait_stdout("up", Duration::from_secs(60)),
        "{}",
        run.stderr_so_far()
    );
    run.signal(nix::sys::signal::Signal::SIGTERM);
    let ended = run.wait();
    assert_ne!(ended.code, 9, "the signal reached the container\n{ended}");
    assert!(is_running(&env, "sp"), "the container stopped\n{ended}");
    // attach (sig-proxy on by default) forwards it: the trap exits 9.
    let attached = env
        .linnet()
        .args(["attach", "sp"])
        .timeout(Duration::from_secs(120))
        .spawn();
    // attach has no output to wait for: give it a moment to install its handlers.
    let ready = wait_for(Duration::from_secs(30), || {
        std::fs::read_to_string(format!("/proc/{}/status", attached.pid()))
            .ok()
            .filter(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("SigCgt:"))
                    .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
                    .is_some_and(|mask| mask & (1 << (libc::SIGTERM - 1)) != 0)
            })
            .map(|_| ())
    });
    assert!(ready.is_some(), "attach never caught SIGTERM");
    attached.signal(nix::sys::signal::Signal::SIGTERM);
    attached.wait().code(9);
    env.ok(&["rm", "sp"]);
}
