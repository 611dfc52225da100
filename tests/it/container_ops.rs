//! Issue 11's container operations: `pause`/`unpause` (the freezer really stops the processes,
//! and a paused container still stops, dies and goes as in Docker), `rename`, `top` (the
//! container's processes only, with `ps` options) and `stats` (numbers read from the container's
//! cgroup and network namespace: the `-m` limit, the process count, traffic).

use std::time::Duration;

use crate::common::{pty::PtySession, wait_for, TestEnv};

const LONG: Duration = Duration::from_secs(60);

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

fn inspect(env: &TestEnv, container: &str, template: &str) -> String {
    env.ok(&["inspect", "-f", template, container])
        .out()
        .to_string()
}

/// Reads the counter a container writes to the bind-mounted file, if it is there yet.
fn counter(path: &std::path::Path) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// A frozen container's counter does not move; thawed, it moves again.
#[test]
fn pause_freezes_processes_and_unpause_resumes_them() {
    let Some((env, img)) = setup("ops_pause") else {
        return;
    };
    let out = env.path("out");
    std::fs::create_dir_all(&out).unwrap();
    let volume = format!("{}:/out", out.display());
    env.ok(&[
        "run",
        "-d",
        "--name",
        "ops-counter",
        "-v",
        &volume,
        &img,
        "sh",
        "-c",
        "i=0; while :; do i=$((i+1)); echo $i > /out/c.tmp; mv /out/c.tmp /out/c; sleep 0.05; done",
    ]);
    let file = out.join("c");
    wait_for(LONG, || counter(&file).filter(|&n| n >= 3)).expect("the counter never started");

    env.ok(&["pause", "ops-counter"]).stdout_is("ops-counter");
    env.ok(&["ps"]).stdout_has("(Paused)");
    assert_eq!(
        inspect(
            &env,
            "ops-counter",
            "{{.State.Status}} {{.State.Running}} {{.State.Paused}}"
        ),
        "paused true true"
    );
    let frozen = counter(&file).expect("counter readable while paused");
    // However loaded the machine, a frozen process cannot write: the value must not change.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        counter(&file),
        Some(frozen),
        "the counter moved while paused"
    );

    env.run(&["pause", "ops-counter"])
        .error_1()
        .stderr_has("is already paused");
    env.run(&["exec", "ops-counter", "true"])
        .error_1()
        .stderr_has("container ops-counter is paused, unpause the container before exec");
    env.ok(&["container", "unpause", "ops-counter"])
        .stdout_is("ops-counter");
    wait_for(LONG, || counter(&file).filter(|&n| n > frozen))
        .expect("the counter did not move after unpause");
    assert_eq!(inspect(&env, "ops-counter", "{{.State.Status}}"), "running");
    env.run(&["unpause", "ops-counter"])
        .error_1()
        .stderr_has("is not paused");

    // Never started: Docker's "not running" / "not paused".
    env.ok(&["create", "--name", "ops-created", &img, "true"]);
    env.run(&["pause", "ops-created"])
        .error_1()
        .stderr_has("is not running");
    env.run(&["unpause", "ops-created"])
        .error_1()
        .stderr_has("is not paused");

    // Several at once: the good one is paused and printed, the bad one is one error line.
    let run = env
        .run(&["container", "pause", "ops-counter", "ops-missing"])
        .error_1()
        .stderr_has("no such container: ops-missing");
    assert_eq!(run.lines(), vec!["ops-counter"]);
    assert_eq!(inspect(&env, "ops-counter", "{{.State.Status}}"), "paused");
    env.ok(&["unpause", "ops-counter"]);
}

/// Docker thaws a paused container after the stop signal, so its handler runs (exit 3, not
/// SIGKILL's 137); `kill`, `restart` and `rm -f` work on it, plain `rm` and `start` refuse it.
#[test]
fn paused_containers_stop_die_and_go_as_in_docker() {
    let Some((env, img)) = setup("ops_pause_stop") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--name",
        "ops-trap",
        &img,
        "sh",
        "-c",
        "trap 'exit 3' TERM; while :; do sleep 0.1; done",
    ]);
    env.ok(&["pause", "ops-trap"]);
    env.run(&["rm", "ops-trap"])
        .error_1()
        .stderr_has("cannot remove a paused container");
    env.run(&["start", "ops-trap"])
        .error_1()
        .stderr_has("cannot start a paused container, try unpause instead");
    // A long timeout: if the signal were not delivered, this would end in SIGKILL (137).
    env.ok(&["stop", "-t", "120", "ops-trap"]);
    assert_eq!(
        inspect(&env, "ops-trap", "{{.State.Status}} {{.State.ExitCode}}"),
        "exited 3"
    );

    env.ok(&["start", "ops-trap"]);
    env.ok(&["pause", "ops-trap"]);
    env.ok(&["kill", "ops-trap"]);
    wait_for(LONG, || {
        (inspect(&env, "ops-trap", "{{.State.Status}} {{.State.ExitCode}}") == "exited 137")
            .then_some(())
    })
    .expect("the killed paused container did not exit 137");

    // restart goes through stop: the container comes back running, not paused.
    env.ok(&["start", "ops-trap"]);
    env.ok(&["pause", "ops-trap"]);
    env.ok(&["restart", "-t", "120", "ops-trap"]);
    assert_eq!(inspect(&env, "ops-trap", "{{.State.Status}}"), "running");

    env.ok(&["pause", "ops-trap"]);
    env.ok(&["rm", "-f", "ops-trap"]);
    env.ok(&["ps", "-a"]).stdout_lacks("ops-trap");
}

#[test]
fn rename_changes_the_name_commands_use() {
    let Some((env, img)) = setup("ops_rename") else {
        return;
    };
    env.ok(&["run", "-d", "--name", "ops-old", &img, "sleep", "1000"]);
    env.ok(&["rename", "ops-old", "ops-new"]).stdout_is("");
    assert_eq!(inspect(&env, "ops-new", "{{.Name}}"), "/ops-new");
    env.run(&["inspect", "ops-old"]).failure();
    env.ok(&["exec", "ops-new", "echo", "hi"]).stdout_is("hi");
    env.ok(&["ps", "--format", "{{.Names}}"])
        .stdout_is("ops-new");

    // A created container renamed (Docker's optional slash) starts by its new name.
    env.ok(&["create", "--name", "ops-c1", &img, "sh", "-c", "exit 4"]);
    env.ok(&["container", "rename", "ops-c1", "/ops-c2"]);
    env.run(&["start", "-a", "ops-c2"]).code(4);
    assert_eq!(inspect(&env, "ops-c2", "{{.Name}}"), "/ops-c2");

    // Docker's refusals, each one error line and exit 1, nothing changed.
    env.run(&["rename", "ops-new", "ops-c2"])
        .error_1()
        .stderr_has(
            "error when allocating new name: the container name \"/ops-c2\" is already in use",
        );
    env.run(&["rename", "ops-new", "ops-new"])
        .error_1()
        .stderr_has("renaming a container with the same name as its current name");
    env.run(&["rename", "ops-new", "bad name"])
        .error_1()
        .stderr_has(
            "invalid container name (/bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
        );
    env.run(&["rename", "ops-new", "x"])
        .error_1()
        .stderr_has("invalid container name (/x)");
    env.run(&["rename", "ops-missing", "ops-y"])
        .error_1()
        .stderr_has("no such container: ops-missing");
    env.run(&["rename", "ops-new", " "])
        .error_1()
        .stderr_has("neither old nor new names may be empty");
    assert_eq!(inspect(&env, "ops-new", "{{.Name}}"), "/ops-new");
}

/// `top -o pid` rows: the container's pids.
fn top_pids(env: &TestEnv, container: &str) -> Vec<String> {
    let run = env.ok(&["top", container, "-o", "pid"]);
    let lines = run.lines();
    assert_eq!(lines.first().map(|l| l.trim()), Some("PID"), "{run}");
    lines[1..].iter().map(|l| l.trim().to_string()).collect()
}

#[test]
fn top_shows_only_the_containers_processes() {
    let Some((env, img)) = setup("ops_top") else {
        return;
    };
    // A host process with a look-alike command line must not show up.
    let mut host = std::process::Command::new("sleep")
        .arg("1003")
        .spawn()
        .unwrap();
    env.ok(&[
        "run",
        "-d",
        "--name",
        "ops-top",
        &img,
        "sh",
        "-c",
        "sleep 1001 & sleep 1002 & wait",
    ]);
    let pids = wait_for(LONG, || {
        Some(top_pids(&env, "ops-top")).filter(|p| p.len() == 3)
    })
    .expect("the container never had its three processes");
    let init = inspect(&env, "ops-top", "{{.State.Pid}}");
    assert!(pids.contains(&init), "init pid {init} not in {pids:?}");

    let run = env.ok(&["top", "ops-top"]);
    let lines = run.lines();
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        "{run}"
    );
    // Docker's layout: columns at least 20 wide.
    assert!(lines[0].starts_with("UID                 PID "), "{run}");
    assert_eq!(lines.len(), 4, "{run}");
    assert!(lines.iter().any(|l| l.ends_with("sleep 1001")), "{run}");
    assert!(lines.iter().any(|l| l.ends_with("sleep 1002")), "{run}");
    assert!(!run.stdout.contains("sleep 1003"), "{run}");

    let run = env.ok(&["container", "top", "ops-top", "-o", "pid,comm"]);
    assert_eq!(run.lines()[0], "PID                 COMMAND", "{run}");
    assert_eq!(run.lines().len(), 4, "{run}");

    env.run(&["top", "ops-top", "-o", "user=PID"])
        .error_1()
        .stderr_has("specifying \"user=PID\" is not allowed");
    env.run(&["top", "ops-top", "-o", "comm"])
        .error_1()
        .stderr_has("couldn't find PID field in ps output");
    env.ok(&["create", "--name", "ops-idle", &img, "true"]);
    env.run(&["top", "ops-idle"])
        .error_1()
        .stderr_has("is not running");
    let _ = host.kill();
    let _ = host.wait();
}

/// go-units text ("1.23kB", "648B") back to bytes.
fn bytes(text: &str) -> f64 {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let factor = match unit {
        "B" => 1.0,
        "kB" => 1e3,
        "MB" => 1e6,
        "GB" => 1e9,
        other => panic!("unexpected unit {other:?} in {text:?}"),
    };
    number.parse::<f64>().unwrap() * factor
}

fn net_io(env: &TestEnv, container: &str) -> (f64, f64) {
    let run = env.ok(&["stats", "--no-stream", "--format", "{{.NetIO}}", container]);
    let (rx, tx) = run
        .out()
        .split_once(" / ")
        .unwrap_or_else(|| run.fail("NET I/O is not 'RX / TX'"));
    (bytes(rx), bytes(tx))
}

#[test]
fn stats_reads_limits_processes_and_traffic_from_the_kernel() {
    let Some((env, img)) = setup("ops_stats") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--name",
        "ops-stats",
        "-m",
        "64m",
        &img,
        "sh",
        "-c",
        "sleep 1001 & sleep 1002 & wait",
    ]);
    let pids = wait_for(LONG, || {
        Some(top_pids(&env, "ops-stats")).filter(|p| p.len() == 3)
    })
    .expect("the container never had its three processes");

    let run = env.ok(&["stats", "--no-stream", "ops-stats"]);
    let lines = run.lines();
    assert_eq!(lines.len(), 2, "{run}");
    let header: Vec<&str> = lines[0]
        .split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        header,
        [
            "CONTAINER ID",
            "NAME",
            "CPU %",
            "MEM USAGE / LIMIT",
            "MEM %",
            "NET I/O",
            "BLOCK I/O",
            "PIDS"
        ],
        "{run}"
    );
    let row: Vec<&str> = lines[1]
        .split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(row.len(), 8, "{run}");
    let id = inspect(&env, "ops-stats", "{{.Id}}");
    assert_eq!(row[0], &id[..12]);
    assert_eq!(row[1], "ops-stats");
    assert!(row[2].ends_with('%'), "{run}");
    assert!(
        row[3].ends_with(" / 64MiB"),
        "the -m limit is not shown: {run}"
    );
    assert_eq!(
        row[7],
        pids.len().to_string(),
        "PIDS against top's {pids:?}: {run}"
    );

    // Traffic to the bridge gateway shows in both directions (loopback is not counted).
    let gateway = inspect(&env, "ops-stats", "{{.NetworkSettings.Gateway}}");
    let (rx0, tx0) = net_io(&env, "ops-stats");
    env.ok(&[
        "exec",
        "ops-stats",
        "ping",
        "-c",
        "3",
        "-s",
        "1200",
        &gateway,
    ]);
    let (rx1, tx1) = net_io(&env, "ops-stats");
    assert!(
        rx1 >= rx0 + 3000.0 && tx1 >= tx0 + 3000.0,
        "{rx0}/{tx0} -> {rx1}/{tx1}"
    );

    // A stopped container with -a: Docker's zeros; --no-trunc gives the full ID; json works.
    env.ok(&["create", "--name", "ops-stopped", &img, "true"]);
    let run = env.ok(&[
        "stats",
        "--no-stream",
        "-a",
        "--format",
        "{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.NetIO}} {{.PIDs}}",
    ]);
    assert!(
        run.lines().contains(&"ops-stopped 0.00% 0B / 0B 0B / 0B 0"),
        "{run}"
    );
    assert!(
        run.lines().iter().any(|l| l.starts_with("ops-stats ")),
        "{run}"
    );
    let run = env.ok(&[
        "container",
        "stats",
        "--no-stream",
        "--no-trunc",
        "--format",
        "json",
        "ops-stats",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(run.out()).unwrap_or_else(|e| run.fail(&e.to_string()));
    assert_eq!(v["ID"], id.as_str());
    assert_eq!(v["Container"], "ops-stats");
    assert_eq!(v["PIDs"], pids.len().to_string());

    // Without -a only running containers; an unknown name prints nothing but the error.
    env.ok(&["stats", "--no-stream", "--format", "{{.Name}}"])
        .stdout_is("ops-stats");
    let run = env
        .run(&["stats", "--no-stream", "ops-stats", "ops-missing"])
        .error_1();
    assert_eq!(run.out(), "", "{run}");
}

/// Without --no-stream, stats keeps printing: on a terminal each frame clears the screen first
/// (Docker's redraw), into a pipe the frames follow one another without control codes.
#[test]
fn stats_streams_frames_and_redraws_a_terminal() {
    let Some((env, img)) = setup("ops_stats_stream") else {
        return;
    };
    env.ok(&["run", "-d", "--name", "ops-stream", &img, "sleep", "1000"]);

    let linnet = env.linnet().args(["stats", "ops-stream"]);
    let mut pty =
        PtySession::spawn(linnet.command(), linnet.cmdline(), 24, 120).expect("start under a pty");
    for _ in 0..2 {
        pty.expect("\x1b[2J\x1b[H", LONG);
        pty.expect("CONTAINER ID", LONG);
        pty.expect("ops-stream", LONG);
    }
    drop(pty);

    let mut piped = env
        .linnet()
        .args(["stats", "--format", "{{.Name}} {{.PIDs}}", "ops-stream"])
        .spawn();
    let frames = wait_for(LONG, || {
        let out = piped.stdout_so_far();
        (out.matches("ops-stream 1\n").count() >= 2).then_some(out)
    })
    .unwrap_or_else(|| panic!("fewer than two frames: {:?}", piped.stdout_so_far()));
    assert!(
        !frames.contains('\x1b'),
        "control codes into a pipe: {frames:?}"
    );
    assert!(
        !piped.has_exited(),
        "stats without --no-stream ended by itself"
    );
    piped.kill();
}
