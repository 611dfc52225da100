//! Issue 11, part E: `events` (Docker's messages from containerd's events, replayed from the
//! recorder's journal with `--since`/`--until`, followed live, `--filter`, `--format`) and
//! `logs --since/--until` with Docker's time syntax.

use std::time::Duration;

use crate::common::{wait_for, TestEnv};

fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn is_event_line(line: &str, action: &str, name: &str) -> bool {
    let mut parts = line.splitn(5, ' ');
    let (Some(time), Some(kind), Some(act)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    // 2026-12-03T16:00:00.123456789Z
    let time_ok = time.len() == 30 && time.ends_with('Z') && time.as_bytes()[10] == b'T';
    time_ok && kind == "container" && act == action && line.contains(&format!("name={name}"))
}

#[test]
fn events_replay_filter_format_and_follow() {
    let Some(env) = TestEnv::new("events_e", &[]) else {
        return;
    };
    let img = env.busybox();
    // One second of slack: the journal's times are containerd's, --since is whole seconds.
    let since = (now_unix() - 1).to_string();
    let id = env
        .ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--name",
            "ev_a",
            "--network",
            "none",
            "-l",
            "team=x",
            &img,
            "sleep",
            "300",
        ])
        .stdout
        .trim()
        .to_string();
    env.ok(&["exec", "ev_a", "true"]);
    env.ok(&["stop", "-t", "1", "ev_a"]);
    env.ok(&["rm", "ev_a"]);
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--name",
        "ev_b",
        "--network",
        "none",
        &img,
        "true",
    ]);
    env.ok(&["tag", &img, "ev-tagged:1"]);
    env.ok(&["rmi", "ev-tagged:1"]);

    // `--until 0s` replays and exits; what containerd published before is all recorded.
    let replay = env.ok(&["events", "--since", &since, "--until", "0s"]);
    let lines = replay.lines();
    let actions: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains(&id))
        .filter_map(|l| l.split(' ').nth(2))
        .collect();
    let expected = [
        "create",
        "start",
        "exec_create:",
        "exec_start:",
        "exec_die",
        "kill",
        "die",
        "stop",
        "destroy",
    ];
    let mut at = 0;
    for action in &actions {
        if at < expected.len() && *action == expected[at] {
            at += 1;
        }
    }
    assert_eq!(
        at,
        expected.len(),
        "events of ev_a out of order: {actions:?}\n{replay}"
    );
    for action in ["create", "start", "die", "destroy"] {
        let line = lines.iter().find(|l| is_event_line(l, action, "ev_a"));
        let line = line.unwrap_or_else(|| panic!("no {action} of ev_a\n{replay}"));
        assert!(
            line.contains(&format!("image={img}")) && line.contains("team=x"),
            "{line}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("exec_create: true ") && l.contains("execID=")),
        "{replay}"
    );
    assert!(
        lines
            .iter()
            .any(|l| is_event_line(l, "kill", "ev_a") && l.contains("signal=15")),
        "{replay}"
    );
    assert!(
        lines
            .iter()
            .any(|l| is_event_line(l, "die", "ev_a") && l.contains("exitCode=137")),
        "{replay}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" image tag ") && l.contains("name=ev-tagged:1")),
        "{replay}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" image untag ") && l.contains("name=ev-tagged:1")),
        "{replay}"
    );

    // Filters: keys ANDed, values ORed.
    let died = env.ok(&[
        "events",
        "--since",
        &since,
        "--until",
        "0s",
        "-f",
        "container=ev_b",
        "-f",
        "event=die",
    ]);
    assert_eq!(died.lines().len(), 1, "{died}");
    assert!(is_event_line(died.lines()[0], "die", "ev_b") && died.stdout.contains("exitCode=0"));
    let images = env.ok(&[
        "events",
        "--since",
        &since,
        "--until",
        "0s",
        "-f",
        "type=image",
    ]);
    assert!(
        images.lines().iter().all(|l| l.contains(" image ")),
        "{images}"
    );
    // Templates and Docker's JSON fields.
    let formatted = env.ok(&[
        "events",
        "--since",
        &since,
        "--until",
        "0s",
        "-f",
        "container=ev_b",
        "--format",
        "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}",
    ]);
    assert!(
        formatted.stdout.contains("container start ev_b"),
        "{formatted}"
    );
    let json = env.ok(&[
        "events",
        "--since",
        &since,
        "--until",
        "0s",
        "-f",
        "container=ev_b",
        "-f",
        "event=start",
        "--format",
        "{{json .}}",
    ]);
    let v: serde_json::Value = serde_json::from_str(json.stdout.trim()).expect("one JSON event");
    assert_eq!(v["Type"], "container");
    assert_eq!(v["Action"], "start");
    assert_eq!(v["status"], "start");
    assert_eq!(v["scope"], "local");
    assert_eq!(v["from"], img.as_str());
    assert_eq!(v["Actor"]["Attributes"]["name"], "ev_b");
    assert_eq!(v["id"], v["Actor"]["ID"]);
    let nanos = v["timeNano"].as_i64().expect("timeNano");
    assert_eq!(v["time"].as_i64(), Some(nanos / 1_000_000_000));

    // Docker's errors.
    env.run(&["events", "-f", "foo=bar", "--until", "0s"])
        .code(1)
        .one_error_line()
        .stderr_has("invalid filter 'foo'");
    env.run(&["events", "--since", "soon", "--until", "0s"])
        .code(1)
        .stderr_has("failed to parse value as time or duration");
    env.run(&["events", "--since", "1m", "--until", "2m"])
        .code(1)
        .stderr_has("cannot be after `until` time");

    // An --until in the future: events follows until then, and exits by itself.
    let until = (now_unix() + 2).to_string();
    env.linnet()
        .args(["events", "--until", &until, "-f", "event=nothing"])
        .timeout(Duration::from_secs(60))
        .run()
        .success();

    // Live: a follower with no --since sees containers started after it.
    let follower = env
        .linnet()
        .args([
            "events",
            "-f",
            "event=start",
            "--format",
            "{{.Actor.Attributes.name}}",
        ])
        .spawn();
    let seen = wait_for(Duration::from_secs(60), || {
        env.ok(&[
            "run",
            "--rm",
            "--pull",
            "never",
            "--name",
            "ev_live",
            "--network",
            "none",
            &img,
            "true",
        ]);
        follower
            .wait_stdout("ev_live", Duration::from_secs(2))
            .then_some(())
    });
    let out = follower.stdout_so_far();
    let mut follower = follower;
    follower.kill();
    assert!(seen.is_some(), "the live follower saw no start: {out:?}");
    assert!(
        out.lines().all(|l| l == "ev_live"),
        "only starts after it began: {out:?}"
    );
}

#[test]
fn logs_since_until() {
    let Some(env) = TestEnv::new("logs_since_e", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run",
        "--pull",
        "never",
        "--name",
        "lg",
        "--network",
        "none",
        &img,
        "sh",
        "-c",
        "echo first; sleep 1; echo second; echo third",
    ]);
    let stamped = env.ok(&["logs", "-t", "lg"]);
    let times: Vec<&str> = stamped
        .lines()
        .iter()
        .filter_map(|l| l.split(' ').next())
        .collect();
    assert_eq!(times.len(), 3, "{stamped}");
    env.ok(&["logs", "--since", times[1], "lg"])
        .stdout_is("second\nthird");
    env.ok(&["logs", "--until", times[0], "lg"])
        .stdout_is("first");
    env.ok(&["logs", "--since", times[1], "--until", times[1], "lg"])
        .stdout_is("second");
    // The tail is taken first, then the window (Docker's json-file reader).
    env.ok(&["logs", "--tail", "1", "--since", times[0], "lg"])
        .stdout_is("third");
    env.ok(&["logs", "--tail", "2", "--until", times[0], "lg"])
        .stdout_is("");
    // Durations count back from now; a Unix timestamp works too.
    env.ok(&["logs", "--since", "1h", "lg"])
        .stdout_is("first\nsecond\nthird");
    env.ok(&["logs", "--until", "1h", "lg"]).stdout_is("");
    env.ok(&["logs", "--since", "1", "lg"])
        .stdout_is("first\nsecond\nthird");
    // -f with an --until already past prints and exits (the container is stopped anyway).
    env.linnet()
        .args(["logs", "-f", "--until", times[1], "lg"])
        .timeout(Duration::from_secs(60))
        .run()
        .success()
        .stdout_is("first\nsecond");
    env.run(&["logs", "--since", "soon", "lg"])
        .code(1)
        .one_error_line()
        .stderr_has("invalid value for \"since\"");
    env.ok(&["rm", "lg"]);
}

#[test]
fn events_report_pulls() {
    let Some(env) = TestEnv::new("events_pull_e", &["docker-registry"]) else {
        return;
    };
    let reg = crate::common::Registry::plain();
    let image = crate::common::images::single("it-evpull:latest");
    let remote = env.seed(&reg, &image, "it/evpull:v1");
    env.ok(&["rmi", &remote, &image.name]);
    let since = (now_unix() - 1).to_string();
    env.ok(&["pull", "-q", &remote]);
    // Pulling what is already here changes no record; Docker reports the pull all the same.
    env.ok(&["pull", "-q", &remote]);
    env.ok(&["tag", &remote, "it-evpull-tag:1"]);
    let out = env.ok(&[
        "events",
        "--since",
        &since,
        "--until",
        "0s",
        "-f",
        "type=image",
    ]);
    let lines = out.lines();
    let pulls: Vec<&&str> = lines
        .iter()
        .filter(|l| {
            l.contains(&format!(
                " image pull {remote} (name={}/it/evpull)",
                reg.host
            ))
        })
        .collect();
    assert_eq!(pulls.len(), 2, "{out}");
    // (The seeding before may show up as tags: --since has whole seconds.)
    let first_pull = lines
        .iter()
        .position(|l| l.contains(" image pull "))
        .unwrap_or(0);
    assert!(
        !lines[first_pull..]
            .iter()
            .any(|l| l.contains(" image tag ") && l.contains("it/evpull")),
        "a pull is not a tag\n{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(" image tag ") && l.contains("name=it-evpull-tag:1")),
        "{out}"
    );
    env.ok(&["rmi", &remote, "it-evpull-tag:1"]);
}

/// The lines of a replay of `filter` since `since`, once `done` holds for them (the monitor
/// publishes a run's `disconnect`/`unmount` after the exit, a moment after `stop` returns).
fn replay_until(
    env: &TestEnv,
    since: &str,
    filter: &str,
    done: impl Fn(&[String]) -> bool,
) -> Vec<String> {
    let mut last = Vec::new();
    let found = wait_for(Duration::from_secs(30), || {
        let out = env.ok(&[
            "events", "--since", since, "--until", "0s", "--filter", filter,
        ]);
        last = out.lines().iter().map(|l| l.to_string()).collect();
        done(&last).then(|| last.clone())
    });
    found.unwrap_or_else(|| panic!("{filter}: {last:#?}"))
}

fn actions_of(lines: &[String], kind: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.split(' ').nth(1) == Some(kind))
        .filter_map(|l| l.split(' ').nth(2).map(str::to_string))
        .collect()
}

#[test]
fn events_report_networks_volumes_and_rm_kill() {
    let Some(env) = TestEnv::new("events_objects", &[]) else {
        return;
    };
    let img = env.busybox();
    let since = (now_unix() - 1).to_string();
    let net = format!("{}-evnet-{}", env.namespace, std::process::id());
    let vol = format!("{}-evvol", env.namespace);
    let net_id = env
        .ok(&["network", "create", &net])
        .stdout
        .trim()
        .to_string();
    env.ok(&["volume", "create", &vol]);
    let id = env
        .ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--name",
            "evo_a",
            "--network",
            &net,
            "-v",
            &format!("{vol}:/data"),
            &img,
            "sleep",
            "300",
        ])
        .stdout
        .trim()
        .to_string();
    // `network connect`/`disconnect` of a running container.
    let side = format!("{}-evside-{}", env.namespace, std::process::id());
    let side_id = env
        .ok(&["network", "create", &side])
        .stdout
        .trim()
        .to_string();
    env.ok(&["network", "connect", &side, "evo_a"]);
    env.ok(&["network", "disconnect", &side, "evo_a"]);
    env.ok(&["network", "rm", &side]);
    env.ok(&["stop", "-t", "1", "evo_a"]);
    env.ok(&["rm", "evo_a"]);
    env.ok(&["network", "rm", &net]);
    env.ok(&["volume", "rm", &vol]);
    let killed = env
        .ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--name",
            "evo_k",
            "--network",
            "none",
            &img,
            "sleep",
            "300",
        ])
        .stdout
        .trim()
        .to_string();
    env.ok(&["rm", "-f", "evo_k"]);

    let by_id = format!("network={net_id}");
    let nets = replay_until(&env, &since, &by_id, |l| {
        actions_of(l, "network").len() >= 4
    });
    assert_eq!(
        actions_of(&nets, "network"),
        ["create", "connect", "disconnect", "destroy"],
        "{nets:#?}"
    );
    assert!(nets
        .iter()
        .all(|l| l.contains(" network ") && l.contains(&net_id)));
    assert!(
        nets[0].ends_with(&format!("{net_id} (name={net}, type=bridge)")),
        "{nets:#?}"
    );
    assert!(
        nets[1].ends_with(&format!(
            "{net_id} (container={id}, name={net}, type=bridge)"
        )),
        "{nets:#?}"
    );
    assert!(nets[2].contains(&format!("(container={id}, ")), "{nets:#?}");
    assert!(
        nets[3].ends_with(&format!("(name={net}, type=bridge)")),
        "{nets:#?}"
    );

    let sides = replay_until(&env, &since, &format!("network={side_id}"), |l| {
        actions_of(l, "network").len() >= 4
    });
    assert_eq!(
        actions_of(&sides, "network"),
        ["create", "connect", "disconnect", "destroy"],
        "{sides:#?}"
    );
    assert!(
        sides[1].ends_with(&format!("(container={id}, name={side}, type=bridge)")),
        "{sides:#?}"
    );
    assert!(
        sides[2].ends_with(&format!("(container={id}, name={side}, type=bridge)")),
        "{sides:#?}"
    );

    let vols = replay_until(&env, &since, "type=volume", |l| {
        actions_of(l, "volume").len() >= 5
    });
    // Docker: one `create` from `volume create`, another when a container takes the volume.
    assert_eq!(
        actions_of(&vols, "volume"),
        ["create", "create", "mount", "unmount", "destroy"],
        "{vols:#?}"
    );
    assert!(
        vols[0].ends_with(&format!("volume create {vol} (driver=local)")),
        "{vols:#?}"
    );
    assert_eq!(vols[1][30..], vols[0][30..], "{vols:#?}");
    assert!(
        vols[2].ends_with(&format!(
            "volume mount {vol} (container={id}, destination=/data, driver=local, propagation=, read/write=true)"
        )),
        "{vols:#?}"
    );
    assert!(
        vols[3].ends_with(&format!(
            "volume unmount {vol} (container={id}, driver=local)"
        )),
        "{vols:#?}"
    );
    assert!(
        vols[4].ends_with(&format!("volume destroy {vol} (driver=local)")),
        "{vols:#?}"
    );

    // `rm -f` of a running container: Docker's `kill` with signal 9 before the `die`.
    let mine = replay_until(&env, &since, &format!("container={killed}"), |l| {
        actions_of(l, "container").contains(&"destroy".to_string())
    });
    let actions = actions_of(&mine, "container");
    assert_eq!(
        actions.iter().filter(|a| *a == "kill").count(),
        1,
        "{mine:#?}"
    );
    let kill = actions.iter().position(|a| a == "kill");
    let die = actions.iter().position(|a| a == "die");
    assert!(kill.is_some() && kill < die, "{mine:#?}");
    assert!(
        mine.iter()
            .any(|l| l.contains(" container kill ") && l.contains("signal=9")),
        "{mine:#?}"
    );
}
