//! The everyday bugs of issue 11: exited background containers keep no processes, several
//! containers stop side by side, `--platform` is enforced, `repo:tag@digest` names the digest,
//! usage errors exit as Docker's, and shell completions offer names instead of internal commands.

use std::time::Duration;

use crate::common::{host_platform, images, other_platform, wait_for, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry"];

fn setup(name: &str) -> Option<(TestEnv, String)> {
    let env = TestEnv::new(name, &[])?;
    let image = env.busybox();
    Some((env, image))
}

/// Shim, log-driver and monitor processes whose command line names one of `ids`.
fn helpers_of(ids: &[String]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&raw).replace('\0', " ");
        let helper = ["containerd-shim", "_log-driver", "_monitor"]
            .iter()
            .any(|h| cmdline.contains(h));
        if helper && ids.iter().any(|id| cmdline.contains(id.as_str())) {
            found.push(format!("{}: {cmdline}", name.to_string_lossy()));
        }
    }
    found
}

fn inspect_state(env: &TestEnv, name: &str) -> serde_json::Value {
    let inspect = env.ok(&["inspect", name]);
    inspect.json()[0]["State"].clone()
}

/// Background containers that exit (by themselves, after `start`, by `kill`) are reaped: their
/// shim and log driver go, and the exit stays for `ps`, `wait`, `inspect`, `logs` and `start`.
#[test]
fn exited_background_containers_leave_no_shim_or_log_driver() {
    let Some((env, img)) = setup("everyday_reap") else {
        return;
    };
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for i in 0..20 {
        let name = format!("reap-{i}");
        let run = env.ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--network",
            "none",
            "--name",
            &name,
            &img,
            "true",
        ]);
        ids.push(run.out().trim().to_string());
        names.push(name);
    }
    // `start` without -a and `kill` of a background container.
    let created = env.ok(&[
        "create",
        "--pull",
        "never",
        "--network",
        "none",
        "--name",
        "reap-started",
        &img,
        "echo",
        "said-hello",
    ]);
    ids.push(created.out().trim().to_string());
    env.ok(&["start", "reap-started"]).stdout_is("reap-started");
    let killed = env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--network",
        "none",
        "--name",
        "reap-killed",
        &img,
        "sleep",
        "1000",
    ]);
    ids.push(killed.out().trim().to_string());
    env.ok(&["kill", "reap-killed"]);

    let all_exited = wait_for(Duration::from_secs(120), || {
        let ps = env.run(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
        let exited = ps
            .lines()
            .iter()
            .filter(|l| l.starts_with("reap-") && l.contains(" Exited ("))
            .count();
        (exited == names.len() + 2).then_some(())
    });
    if all_exited.is_none() {
        env.ok(&["ps", "-a"])
            .fail("all reap-* containers should show Exited");
    }
    let gone = wait_for(Duration::from_secs(60), || {
        helpers_of(&ids).is_empty().then_some(())
    });
    assert!(
        gone.is_some(),
        "exited containers still have helper processes:\n{}",
        helpers_of(&ids).join("\n")
    );

    let ps = env.ok(&["ps", "-a", "--format", "{{.Names}} {{.Status}}"]);
    for name in &names {
        let row = format!("{name} Exited (0)");
        if !ps.lines().iter().any(|l| l.starts_with(&row)) {
            ps.fail(&format!("ps -a should show {row:?}"));
        }
        env.ok(&["wait", name]).stdout_is("0");
        let state = inspect_state(&env, name);
        assert_eq!(state["Status"], "exited", "{name}: {state}");
        assert_eq!(state["ExitCode"], 0, "{name}: {state}");
        assert_ne!(
            state["FinishedAt"], "0001-01-01T00:00:00Z",
            "{name}: {state}"
        );
    }
    env.ok(&["wait", "reap-killed"]).stdout_is("137");
    assert_eq!(inspect_state(&env, "reap-killed")["ExitCode"], 137);
    env.ok(&["logs", "reap-started"]).stdout_is("said-hello");

    // Started again, it is reaped again and its log grows.
    env.ok(&["start", "reap-started"]);
    let twice = wait_for(Duration::from_secs(60), || {
        let logs = env.run(&["logs", "reap-started"]);
        (logs.stdout.matches("said-hello").count() == 2 && helpers_of(&ids).is_empty())
            .then_some(())
    });
    assert!(
        twice.is_some(),
        "a second start should log again and be reaped\n{}\n{}",
        env.run(&["logs", "reap-started"]),
        helpers_of(&ids).join("\n")
    );
    env.ok(&["wait", "reap-started"]).stdout_is("0");
}

fn finished_at_seconds(env: &TestEnv, name: &str) -> f64 {
    let state = inspect_state(env, name);
    let text = state["FinishedAt"].as_str().unwrap_or_default().to_string();
    // 2024-01-02T03:04:05.123456789Z: seconds of the day are enough (the test runs minutes).
    let time = text
        .split('T')
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches('Z');
    let mut parts = time.split(':');
    let h: f64 = parts
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(f64::NAN);
    let m: f64 = parts
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(f64::NAN);
    let s: f64 = parts
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(f64::NAN);
    h * 3600.0 + m * 60.0 + s
}

/// `stop -t 2 a b c` of containers that ignore SIGTERM kills them side by side (Docker's
/// parallel stop), prints the names in argument order and goes on past a missing one.
#[test]
fn stop_kill_rm_handle_several_containers_side_by_side() {
    let Some((env, img)) = setup("everyday_parallel") else {
        return;
    };
    let names = ["par-a", "par-b", "par-c"];
    for name in names {
        // PID 1 without a handler ignores SIGTERM: only the SIGKILL after -t ends it.
        env.ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--network",
            "none",
            "--name",
            name,
            &img,
            "sleep",
            "1000",
        ]);
    }
    let stop = env.ok(&["stop", "-t", "2", "par-a", "par-b", "par-c"]);
    assert_eq!(stop.lines(), names, "{stop}");
    let finished: Vec<f64> = names.iter().map(|n| finished_at_seconds(&env, n)).collect();
    // Relative to the first, across midnight too.
    let offsets: Vec<f64> = finished
        .iter()
        .map(|t| (t - finished[0] + 43_200.0).rem_euclid(86_400.0) - 43_200.0)
        .collect();
    let spread = offsets.iter().cloned().fold(f64::MIN, f64::max)
        - offsets.iter().cloned().fold(f64::MAX, f64::min);
    // One after another, each waits its 2 s: at least 4 s between the first and last kill.
    assert!(
        spread.is_finite() && spread < 3.0,
        "the three containers should be killed side by side, finish times {finished:?}\n{stop}"
    );
    for name in names {
        assert_eq!(inspect_state(&env, name)["ExitCode"], 137, "{name}");
    }

    // Per-item errors: reported in order, the others still handled, exit 1 at the end.
    for name in names {
        env.ok(&["start", name]);
    }
    let kill = env
        .run(&["kill", "par-a", "par-missing", "par-b"])
        .error_1();
    assert_eq!(kill.lines(), ["par-a", "par-b"], "{kill}");
    kill.stderr_has("par-missing");
    let rm = env
        .run(&["rm", "-f", "par-a", "par-missing", "par-b", "par-c"])
        .error_1();
    assert_eq!(rm.lines(), ["par-a", "par-b", "par-c"], "{rm}");
    let left = env.ok(&["ps", "-a", "--format", "{{.Names}}"]);
    assert!(
        !left.stdout.contains("par-"),
        "rm -f should remove them all\n{left}"
    );
}

/// `--platform` the local image lacks: pulled when the registry has it, else Docker's error
/// (not the local image of another platform run silently).
#[test]
fn run_platform_is_pulled_or_refused() {
    let Some(env) = TestEnv::new("everyday_platform", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let single = env.seed(&reg, &images::single("it-single:latest"), "it/single:v1");
    let other = other_platform();
    for pull in ["missing", "never", "always"] {
        env.run(&[
            "run",
            "--rm",
            "--pull",
            pull,
            "--network",
            "none",
            "--platform",
            &other,
            &single,
            "true",
        ])
        .error_125()
        .stderr_has("does not match the specified platform")
        .stderr_has(&format!("wanted {other}"));
    }
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "none",
        "--platform",
        &host_platform(),
        &single,
        "true",
    ]);

    // An index with both platforms, only the host's local: the other one is pulled.
    let multi = images::multi_platform("it-multi:latest");
    let remote = env.seed(&reg, &multi, "it/multi:v1");
    env.ok(&["rmi", &remote, &multi.name]);
    env.ok(&["pull", "--platform", &host_platform(), &remote]);
    // Before, the local index without the other manifest made this fail.
    env.ok(&[
        "create",
        "--network",
        "none",
        "--platform",
        &other,
        "--name",
        "other-arch",
        &remote,
        "true",
    ]);
    env.ok(&["ps", "-a", "--format", "{{.Names}}"])
        .stdout_has("other-arch");
}

/// `pull repo:tag@digest` stores `repo@digest` as Docker does; `rmi repo:tag` then finds nothing
/// and `rmi repo:tag@digest` removes it.
#[test]
fn pull_by_tag_and_digest_stores_the_digest() {
    let Some(env) = TestEnv::new("everyday_digest", TOOLS) else {
        return;
    };
    let reg = Registry::plain();
    let image = images::variant("it-digest:latest", "everyday-digest");
    let remote = env.seed(&reg, &image, "it/digest:v1");
    env.ok(&["rmi", &remote, &image.name]);
    let digest = reg
        .manifest("it/digest", "v1")
        .ok()
        .and_then(|r| r.header("docker-content-digest").map(str::to_string))
        .expect("the registry names the pushed manifest's digest");
    let repo = remote.rsplit_once(':').map(|(r, _)| r).unwrap_or(&remote);
    let both = format!("{remote}@{digest}");
    env.ok(&["pull", &both]);
    let rows = env.ok(&["images", "--format", "{{.Repository}} {{.Tag}}"]);
    let mine: Vec<&str> = rows
        .lines()
        .into_iter()
        .filter(|l| l.starts_with(repo))
        .collect();
    assert_eq!(mine, [format!("{repo} <none>")], "{rows}");
    env.run(&["rmi", &remote])
        .error_1()
        .stderr_has("no such image");
    env.ok(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "--network",
        "none",
        &both,
        "true",
    ]);
    env.ok(&["rmi", &both]);
    let rows = env.ok(&["images", "--format", "{{.Repository}}"]);
    assert!(!rows.stdout.contains(repo), "{rows}");
}

/// Docker's usage errors: unknown commands and missing or extra arguments exit 1, unknown flags
/// and bad flag values 125, each as one `linnet: error:` line; negative numbers parse.
#[test]
fn usage_errors_exit_like_docker() {
    let Some(env) = TestEnv::new("everyday_usage", &[]) else {
        return;
    };
    env.run(&["frobnicate"])
        .error_1()
        .stderr_has("unknown command");
    env.run(&["image", "frobnicate"])
        .error_1()
        .stderr_has("unknown command");
    for args in [
        &["ps", "--bogus"][..],
        &["run", "--bogus", "x"],
        &["rm", "--bogus=1", "x"],
    ] {
        env.run(args)
            .error_125()
            .stderr_has("unknown flag: --bogus");
    }
    env.run(&["stop", "-t", "soon", "x"]).error_125();
    env.run(&["kill", "-s"]).error_125();
    env.run(&["stop"])
        .error_1()
        .stderr_has("'linnet stop' requires at least 1 argument");
    env.run(&["run"]).error_1();
    env.run(&["exec", "x"])
        .error_1()
        .stderr_has("'linnet exec' requires at least 2 arguments");
    env.run(&["logs"])
        .error_1()
        .stderr_has("'linnet logs' requires 1 argument");
    env.run(&["ps", "extra"]).error_1();
    // Negative numbers are values, not flags: the commands get as far as the container.
    env.run(&["stop", "-t", "-1", "no-such-ctr"])
        .error_1()
        .stderr_has("no-such-ctr");
    env.run(&["logs", "--tail", "-5", "no-such-ctr"])
        .error_1()
        .stderr_has("no-such-ctr");
    env.run(&["logs", "-n", "-5", "no-such-ctr"])
        .error_1()
        .stderr_has("no-such-ctr");
}

/// Runs bash's completion of `words` (the last one being completed) with the script sourced.
fn bash_complete(env: &TestEnv, script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n_linnet_names linnet \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let path = format!(
        "{}:{}",
        env.bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(&program)
        .env("PATH", path)
        .output()
        .expect("run bash");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The bash completion offers a container's name for `linnet stop <TAB>` (asking linnet), and
/// commands but not the internal ones for `linnet <TAB>`.
#[test]
fn bash_completion_offers_names_not_internal_commands() {
    let Some((env, img)) = setup("everyday_completion") else {
        return;
    };
    env.ok(&[
        "create",
        "--pull",
        "never",
        "--network",
        "none",
        "--name",
        "completed-ctr",
        &img,
        "true",
    ]);
    let script = env.path("linnet.bash");
    std::fs::write(&script, env.ok(&["completion", "bash"]).stdout).expect("write script");
    // The script runs `linnet` by the name typed: this test's linnet, daemon and namespace.
    env.script(
        "linnet",
        &format!(
            "#!/bin/sh\nexport LINNET_DATA_ROOT='{}' LINNET_STATE_DIR='{}' \
             CONTAINERD_NAMESPACE='{}'\nexec '{}' \"$@\"\n",
            env.daemon.data_root.display(),
            env.daemon.state_dir.display(),
            env.namespace,
            crate::common::linnet::binary().display()
        ),
    );
    let offered = bash_complete(&env, &script, &["linnet", "stop", ""]);
    assert!(
        offered.iter().any(|w| w == "completed-ctr"),
        "linnet stop <TAB> should offer completed-ctr: {offered:?}"
    );
    let offered = bash_complete(&env, &script, &["linnet", "stop", "-t", "2", "compl"]);
    assert_eq!(offered, ["completed-ctr"], "after -t 2 and a prefix");
    // bash splits words at ':', so only the tag is left to insert after it.
    let (repo, tag) = img.split_once(':').expect("the test image is repo:tag");
    let offered = bash_complete(&env, &script, &["linnet", "rmi", &format!("{repo}:")]);
    assert_eq!(offered, [tag], "linnet rmi {repo}:<TAB>");
    let offered = bash_complete(
        &env,
        &script,
        &["linnet", "run", "--rm", "-e", "A=1", "it-bus"],
    );
    assert_eq!(offered, [img.as_str()], "linnet run ... it-bus<TAB>");
    let offered = bash_complete(&env, &script, &["linnet", ""]);
    assert!(
        offered.iter().any(|w| w == "stop"),
        "linnet <TAB> should offer commands: {offered:?}"
    );
    for internal in [
        "_monitor",
        "_log-driver",
        "_io-holder",
        "snapshotter",
        "_complete",
    ] {
        assert!(
            !offered.iter().any(|w| w == internal),
            "linnet <TAB> offers {internal}: {offered:?}"
        );
    }
}

/// Streaming `stats` of named containers keeps their rows after they are removed, with Docker's
/// dashes, and keeps running as Docker 20.10's CLI does (it stops only on a signal).
#[test]
fn streaming_stats_keeps_removed_named_containers_as_dashes() {
    let Some(env) = TestEnv::new("everyday_stats_gone", &["runc"]) else {
        return;
    };
    let img = env.busybox();
    for name in ["st_gone_a", "st_gone_b"] {
        env.ok(&[
            "run",
            "-d",
            "--pull",
            "never",
            "--network",
            "none",
            "--name",
            name,
            &img,
            "sleep",
            "300",
        ]);
    }
    let mut stats = env
        .linnet()
        .args([
            "stats",
            "--format",
            "{{.Name}} {{.MemUsage}}",
            "st_gone_a",
            "st_gone_b",
        ])
        .spawn();
    let live = stats.wait_stdout("st_gone_b ", Duration::from_secs(60));
    env.ok(&["rm", "-f", "st_gone_a", "st_gone_b"]);
    let gone = live && stats.wait_stdout("st_gone_b -- / --", Duration::from_secs(60));
    let out = stats.stdout_so_far();
    let running = !stats.has_exited();
    stats.kill();
    assert!(live, "no rows: {out:?} {}", stats.stderr_so_far());
    assert!(gone && out.contains("st_gone_a -- / --"), "{out:?}");
    assert!(running, "stats ended with its containers: {out:?}");
}
