//! Process lifecycle flags of `run` (issue 10): `--init` as PID 1 forwarding signals,
//! `--stop-signal`/`--stop-timeout`, restart policies applied by the detached monitor
//! (`on-failure:N` counting, `always` until a manual `stop`), health checks turning healthy and
//! unhealthy, and the one-line errors of bad values. Everything is observed from outside through
//! `inspect` and `ps`, with generous deadlines rather than timing asserts.

use std::time::Duration;

use serde_json::Value;

use crate::common::{wait_for, TestEnv};

const LONG: Duration = Duration::from_secs(90);

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

fn inspect(env: &TestEnv, name: &str) -> Value {
    let v = env.ok(&["inspect", name]).json();
    v[0].clone()
}

fn status_line(env: &TestEnv, name: &str) -> String {
    env.ok(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"])
        .stdout
        .lines()
        .find(|l| l.starts_with(&format!("{name} ")))
        .unwrap_or_default()
        .to_string()
}

/// `--init` puts tini at PID 1 running the command; inspect still shows the command itself.
#[test]
fn init_is_pid_one() {
    let Some((env, img)) = setup("life_init_pid1") else {
        return;
    };
    let out = env.ok(&[
        "run", "--rm", "--pull", "never", "--init", &img, "ps", "-o", "pid,args",
    ]);
    let pid1 = out
        .stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some("1"))
        .unwrap_or_else(|| out.fail("no PID 1 in ps output"))
        .to_string();
    assert!(pid1.contains("/sbin/docker-init -- ps"), "{pid1}");
    let without = env.ok(&[
        "run", "--rm", "--pull", "never", &img, "ps", "-o", "pid,args",
    ]);
    assert!(!without.stdout.contains("docker-init"), "{without}");

    env.ok(&[
        "create", "--pull", "never", "--name", "wrapped", "--init", &img, "sleep", "5",
    ]);
    let v = inspect(&env, "wrapped");
    assert_eq!(v["Path"], "sleep", "{v}");
    assert_eq!(v["Args"], serde_json::json!(["5"]));
    assert_eq!(v["HostConfig"]["Init"], true);
}

/// A bare `sleep` as PID 1 ignores SIGTERM and is killed after the timeout (137); under tini
/// the TERM reaches it and it dies of it (143).
#[test]
fn init_forwards_the_stop_signal() {
    let Some((env, img)) = setup("life_init_stop") else {
        return;
    };
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "bare", &img, "sleep", "300",
    ]);
    env.ok(&[
        "run", "-d", "--pull", "never", "--name", "tini", "--init", &img, "sleep", "300",
    ]);
    env.ok(&["stop", "-t", "2", "bare"]);
    env.ok(&["stop", "-t", "60", "tini"]);
    assert_eq!(inspect(&env, "bare")["State"]["ExitCode"], 137);
    assert_eq!(inspect(&env, "tini")["State"]["ExitCode"], 143);
}

/// `--stop-signal` is what `stop` sends and `--stop-timeout` its default wait; inspect shows both.
#[test]
fn stop_signal_and_timeout() {
    let Some((env, img)) = setup("life_stop_signal") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "usr1",
        "--stop-signal",
        "USR1",
        "--stop-timeout",
        "60",
        &img,
        "sh",
        "-c",
        "trap 'exit 7' USR1; while :; do sleep 0.1; done",
    ]);
    let v = inspect(&env, "usr1");
    assert_eq!(v["Config"]["StopSignal"], "USR1", "{v}");
    assert_eq!(v["Config"]["StopTimeout"], 60);
    env.ok(&["stop", "usr1"]);
    assert_eq!(inspect(&env, "usr1")["State"]["ExitCode"], 7);
    // Without the flags, Docker shows neither.
    env.ok(&["create", "--pull", "never", "--name", "plain", &img, "true"]);
    let v = inspect(&env, "plain");
    assert!(v["Config"].get("StopSignal").is_none(), "{v}");
    assert!(v["Config"].get("StopTimeout").is_none(), "{v}");
    assert_eq!(v["HostConfig"]["RestartPolicy"]["Name"], "no");
}

/// `on-failure:3` restarts a failing container three times, then leaves it exited.
#[test]
fn restart_on_failure_counts() {
    let Some((env, img)) = setup("life_on_failure") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "flaky",
        "--restart",
        "on-failure:3",
        &img,
        "sh",
        "-c",
        "exit 3",
    ]);
    let done = wait_for(LONG, || {
        let v = inspect(&env, "flaky");
        let s = &v["State"];
        (s["Status"] == "exited" && v["RestartCount"] == 3 && s["Restarting"] == false).then_some(v)
    });
    let v = done.unwrap_or_else(|| panic!("not restarted 3 times: {}", inspect(&env, "flaky")));
    assert_eq!(v["State"]["ExitCode"], 3);
    assert_eq!(
        v["HostConfig"]["RestartPolicy"],
        serde_json::json!({"Name": "on-failure", "MaximumRetryCount": 3})
    );
    // A successful exit is not a failure: no restart.
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "fine",
        "--restart",
        "on-failure",
        &img,
        "true",
    ]);
    wait_for(LONG, || {
        (inspect(&env, "fine")["State"]["Status"] == "exited").then_some(())
    })
    .expect("fine exits");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(inspect(&env, "fine")["RestartCount"], 0);
}

/// `always` restarts a container that exits on its own (ps shows it restarting or up again); a
/// manual `stop` ends that for good, and `start` resets the count.
#[test]
fn restart_always_until_stopped() {
    let Some((env, img)) = setup("life_always") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "loop",
        "--restart",
        "always",
        &img,
        "sh",
        "-c",
        "sleep 1; exit 1",
    ]);
    wait_for(LONG, || {
        let n = inspect(&env, "loop")["RestartCount"].as_u64().unwrap_or(0);
        (n >= 2).then_some(())
    })
    .unwrap_or_else(|| panic!("not restarted: {}", inspect(&env, "loop")));
    let line = status_line(&env, "loop");
    assert!(
        line.contains(" Up ") || line.contains(" Restarting (1) "),
        "{line}"
    );
    env.ok(&["stop", "-t", "1", "loop"]);
    let after_stop = inspect(&env, "loop");
    assert_eq!(after_stop["State"]["Status"], "exited", "{after_stop}");
    std::thread::sleep(Duration::from_secs(4));
    let later = inspect(&env, "loop");
    assert_eq!(later["State"]["Status"], "exited", "{later}");
    assert_eq!(later["RestartCount"], after_stop["RestartCount"]);
    env.ok(&["start", "loop"]);
    let v = inspect(&env, "loop");
    assert_eq!(v["RestartCount"], 0, "{v}");
    env.ok(&["rm", "-f", "loop"]);
}

/// A health check that fails until a file exists: `starting`, then `healthy` once it does.
#[test]
fn health_check_turns_healthy() {
    let Some((env, img)) = setup("life_healthy") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "hc",
        "--health-cmd",
        "test -f /tmp/ok",
        "--health-interval",
        "1s",
        "--health-retries",
        "1000",
        &img,
        "sleep",
        "300",
    ]);
    let v = inspect(&env, "hc");
    assert_eq!(
        v["Config"]["Healthcheck"],
        serde_json::json!({"Test": ["CMD-SHELL", "test -f /tmp/ok"], "Interval": 1_000_000_000i64, "Retries": 1000})
    );
    wait_for(LONG, || {
        let log = inspect(&env, "hc")["State"]["Health"]["Log"].clone();
        log.as_array().is_some_and(|l| !l.is_empty()).then_some(())
    })
    .unwrap_or_else(|| panic!("no probe ran: {}", inspect(&env, "hc")));
    let line = status_line(&env, "hc");
    assert!(line.contains("(health: starting)"), "{line}");
    env.ok(&["exec", "hc", "touch", "/tmp/ok"]);
    wait_for(LONG, || {
        (inspect(&env, "hc")["State"]["Health"]["Status"] == "healthy").then_some(())
    })
    .unwrap_or_else(|| panic!("never healthy: {}", inspect(&env, "hc")));
    let health = inspect(&env, "hc")["State"]["Health"].clone();
    assert_eq!(health["FailingStreak"], 0);
    let log = health["Log"].as_array().cloned().unwrap_or_default();
    assert!(log.len() <= 5, "{health}");
    assert_eq!(log.last().map(|r| r["ExitCode"].clone()), Some(0.into()));
    assert!(status_line(&env, "hc").contains("(healthy)"));
    // A stopped container is unhealthy, as Docker reports it.
    env.ok(&["stop", "-t", "1", "hc"]);
    wait_for(LONG, || {
        (inspect(&env, "hc")["State"]["Health"]["Status"] == "unhealthy").then_some(())
    })
    .unwrap_or_else(|| panic!("stopped but not unhealthy: {}", inspect(&env, "hc")));
    env.ok(&["rm", "-f", "hc"]);
}

/// A failing check turns the container unhealthy after `--health-retries` failures, with the
/// probe's output in the log; a probe outliving `--health-timeout` fails with Docker's message.
#[test]
fn health_check_turns_unhealthy() {
    let Some((env, img)) = setup("life_unhealthy") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "sick",
        "--health-cmd",
        "echo bad; exit 1",
        "--health-interval",
        "1s",
        "--health-retries",
        "2",
        &img,
        "sleep",
        "300",
    ]);
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "slow",
        "--health-cmd",
        "sleep 30",
        "--health-interval",
        "1s",
        "--health-timeout",
        "1s",
        "--health-retries",
        "1",
        &img,
        "sleep",
        "300",
    ]);
    for name in ["sick", "slow"] {
        wait_for(LONG, || {
            (inspect(&env, name)["State"]["Health"]["Status"] == "unhealthy").then_some(())
        })
        .unwrap_or_else(|| panic!("{name} never unhealthy: {}", inspect(&env, name)));
        assert!(status_line(&env, name).contains("(unhealthy)"));
    }
    let sick = inspect(&env, "sick")["State"]["Health"].clone();
    assert!(sick["FailingStreak"].as_i64().unwrap_or(0) >= 2, "{sick}");
    let first = &sick["Log"][0];
    assert_eq!(first["ExitCode"], 1, "{sick}");
    assert_eq!(first["Output"], "bad\n", "{sick}");
    let slow = inspect(&env, "slow")["State"]["Health"]["Log"][0].clone();
    assert_eq!(slow["ExitCode"], -1, "{slow}");
    assert_eq!(slow["Output"], "Health check exceeded timeout (1s)");
    env.ok(&["rm", "-f", "sick", "slow"]);
}

/// Bad values: one error line, exit 125, nothing created.
#[test]
fn bad_lifecycle_flags_are_rejected() {
    let Some((env, img)) = setup("life_bad_flags") else {
        return;
    };
    let cases: &[(&[&str], &str)] = &[
        (&["--restart", "bogus"], "invalid restart policy 'bogus'"),
        (
            &["--restart", "on-failure:-1"],
            "maximum retry count cannot be negative",
        ),
        (
            &["--restart", "on-failure:x"],
            "maximum retry count must be an integer",
        ),
        (
            &["--restart", "always:2"],
            "maximum retry count cannot be used with restart policy 'always'",
        ),
        (
            &["--restart", "always", "--rm"],
            "cannot specify both --restart and --rm",
        ),
        (
            &["--health-interval", "500us"],
            "Interval in Healthcheck cannot be less than 1ms",
        ),
        (
            &["--health-retries", "-1"],
            "--health-retries cannot be negative",
        ),
        (&["--health-timeout", "abc"], "invalid duration"),
        (
            &["--no-healthcheck", "--health-cmd", "true"],
            "--no-healthcheck conflicts with --health-* options",
        ),
        (&["--stop-signal", "FOO"], "invalid signal: FOO"),
    ];
    for (flags, message) in cases {
        let mut args = vec!["run", "-d", "--pull", "never"];
        args.extend_from_slice(flags);
        args.extend_from_slice(&[&img, "true"]);
        env.run(&args)
            .error_125()
            .one_error_line()
            .stderr_has(message);
    }
    let left = env.ok(&["ps", "-aq"]);
    assert_eq!(left.stdout.trim(), "", "{left}");
}

/// busybox whose config carries a `HEALTHCHECK` (`CMD`, every second, unhealthy after one
/// failure) and a `STOPSIGNAL`, as `docker build` writes them.
fn image_with_healthcheck(name: &str) -> crate::common::TestImage {
    use crate::common::images::{base_layer, Blob, MT_CONFIG, MT_MANIFEST};
    let layer = base_layer().clone();
    let config = Blob::json(
        MT_CONFIG,
        &serde_json::json!({
            "architecture": crate::common::images::host_arch(),
            "os": "linux",
            "config": {
                "Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
                "Cmd": ["sleep", "300"],
                "StopSignal": "SIGUSR1",
                "Healthcheck": {
                    "Test": ["CMD", "sh", "-c", "echo probed; exit 1"],
                    "Interval": 1_000_000_000i64,
                    "Retries": 1,
                },
            },
            "rootfs": {"type": "layers", "diff_ids": [layer.diff_id()]},
        }),
    );
    let manifest = Blob::json(
        MT_MANIFEST,
        &serde_json::json!({
            "schemaVersion": 2,
            "mediaType": MT_MANIFEST,
            "config": config.descriptor(),
            "layers": [layer.blob.descriptor()],
        }),
    );
    crate::common::TestImage {
        name: name.to_string(),
        top: manifest.clone(),
        blobs: vec![layer.blob.clone(), config.clone(), manifest],
        layers: vec![layer],
        platforms: Default::default(),
        config,
    }
}

/// The image's `HEALTHCHECK` runs without any flag (its `CMD` form), `--health-*` flags override
/// single fields, `--no-healthcheck` turns it off; the image's `STOPSIGNAL` shows in inspect.
#[test]
fn image_healthcheck_and_overrides() {
    let Some(env) = TestEnv::new("life_image_health", &[]) else {
        return;
    };
    let img = env.load(&image_with_healthcheck("it-healthcheck:latest"));
    env.ok(&["run", "-d", "--pull", "never", "--name", "fromimage", &img]);
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "override",
        "--health-retries",
        "5",
        &img,
    ]);
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--name",
        "off",
        "--no-healthcheck",
        &img,
    ]);
    let v = inspect(&env, "fromimage");
    assert_eq!(v["Config"]["StopSignal"], "SIGUSR1", "{v}");
    wait_for(LONG, || {
        (inspect(&env, "fromimage")["State"]["Health"]["Status"] == "unhealthy").then_some(())
    })
    .unwrap_or_else(|| panic!("image check never ran: {}", inspect(&env, "fromimage")));
    let log = inspect(&env, "fromimage")["State"]["Health"]["Log"][0].clone();
    assert_eq!(log["Output"], "probed\n", "{log}");
    let over = inspect(&env, "override")["Config"]["Healthcheck"].clone();
    assert_eq!(over["Retries"], 5, "{over}");
    assert_eq!(over["Test"][0], "CMD", "{over}");
    let off = inspect(&env, "off");
    assert_eq!(
        off["Config"]["Healthcheck"]["Test"],
        serde_json::json!(["NONE"])
    );
    assert!(off["State"].get("Health").is_none(), "{off}");
    env.ok(&["rm", "-f", "fromimage", "override", "off"]);
}

/// `system stop`/`start` of a private instance, as Docker's daemon restart: a running `always`
/// container is supervised again (it keeps restarting), a manually stopped `always` one starts,
/// a manually stopped `unless-stopped` one stays stopped.
#[test]
fn restart_policies_across_system_restart() {
    if !crate::common::can_run("life_system_restart", &[]) {
        return;
    }
    let state_dir = format!("/run/linnet-it-{}-life", std::process::id());
    let d = crate::common::daemon::Daemon::start("life", &state_dir).expect("private daemon");
    let linnet = |args: &[&str]| {
        d.linnet()
            .args(["-n", "it-life-system"])
            .args(args)
            .timeout(LONG)
            .run()
    };
    let image = crate::common::images::single("it-busybox:latest");
    let archive = d.data_root.join("busybox.tar");
    image.write_oci_archive(&archive).expect("write archive");
    linnet(&["load", "-i", &archive.to_string_lossy()]).success();
    let run = |name: &str, policy: &str, cmd: &str| {
        linnet(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--network",
            "none",
            "--name",
            name,
            "--restart",
            policy,
            &image.name,
            "sh",
            "-c",
            cmd,
        ])
        .success();
    };
    let inspect = |name: &str| -> Value { linnet(&["inspect", name]).success().json()[0].clone() };
    run("looping", "always", "sleep 1; exit 1");
    run("stopped-always", "always", "sleep 300");
    run("stopped-unless", "unless-stopped", "sleep 300");
    linnet(&["stop", "-t", "1", "stopped-always", "stopped-unless"]).success();

    linnet(&["system", "stop"]).success();
    linnet(&["system", "start"]).success();
    let count = |v: &Value| v["RestartCount"].as_u64().unwrap_or(0);
    let before = count(&inspect("looping"));
    wait_for(LONG, || {
        (count(&inspect("looping")) >= before + 2).then_some(())
    })
    .unwrap_or_else(|| panic!("not supervised after start: {}", inspect("looping")));
    assert_eq!(inspect("stopped-always")["State"]["Status"], "running");
    assert_eq!(inspect("stopped-unless")["State"]["Status"], "exited");

    linnet(&["rm", "-f", "looping", "stopped-always", "stopped-unless"]).success();
    linnet(&["system", "stop"]).success();
}

/// `restart` stops (stop signal, timeout) and starts again: a new start time, running, and the
/// restart count of the policy untouched by this manual restart.
#[test]
fn restart_command_restarts() {
    let Some((env, img)) = setup("life_restart_cmd") else {
        return;
    };
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "again",
        "--init",
        "--restart",
        "always",
        &img,
        "sleep",
        "300",
    ]);
    let before = inspect(&env, "again");
    env.ok(&["restart", "-t", "30", "again"])
        .stdout_has("again");
    let after = inspect(&env, "again");
    assert_eq!(after["State"]["Status"], "running", "{after}");
    assert_ne!(after["State"]["StartedAt"], before["State"]["StartedAt"]);
    assert_eq!(after["RestartCount"], 0);
    env.ok(&["rm", "-f", "again"]);
}
