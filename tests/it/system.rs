//! Item 1: linnet's managed containerd: status, idempotent start, stop, auto-start on first use,
//! and recovery after the daemon was killed without cleaning up. This test owns a private
//! instance (own data root and state dir) so that stopping it does not disturb parallel tests.

use std::path::PathBuf;
use std::time::Duration;

use crate::common::{self, daemon, wait_for, Run};

/// The value of a `key: value` line of `system status`.
fn field(run: &Run, key: &str) -> Option<String> {
    run.stdout.lines().find_map(|l| {
        l.trim()
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|v| v.trim().to_string())
    })
}

#[track_caller]
fn assert_running(run: &Run) {
    let state = field(run, "containerd").unwrap_or_else(|| run.fail("no 'containerd:' line"));
    if !state.starts_with("running") {
        run.fail("containerd should be running");
    }
    let socket = field(run, "socket").unwrap_or_else(|| run.fail("no 'socket:' line"));
    let socket = PathBuf::from(socket.trim_start_matches("unix://"));
    use std::os::unix::fs::FileTypeExt;
    if !std::fs::metadata(&socket).is_ok_and(|m| m.file_type().is_socket()) {
        run.fail(&format!("{} is not a socket", socket.display()));
    }
    let log = field(run, "log").unwrap_or_else(|| run.fail("no 'log:' line"));
    if !PathBuf::from(&log).is_file() {
        run.fail(&format!("log file {log} does not exist"));
    }
}

#[test]
fn system_start_stop_status_autostart_and_recovery() {
    if !common::can_run("system", &[]) {
        return;
    }
    let state_dir = format!("/run/linnet-it-{}-sys", std::process::id());
    let d = daemon::Daemon::prepare("system", &state_dir).expect("prepare private daemon");

    let status = d.linnet().args(["system", "status"]).run().success();
    if field(&status, "containerd").is_some_and(|s| s.starts_with("running")) {
        status.fail("a fresh data root must not have a running containerd");
    }

    d.linnet()
        .args(["system", "start"])
        .run()
        .success()
        .output_has_ci("started");
    assert_running(&d.linnet().args(["system", "status"]).run().success());

    d.linnet()
        .args(["system", "start"])
        .run()
        .success()
        .output_has_ci("already running");

    d.linnet()
        .args(["system", "stop"])
        .run()
        .success()
        .output_has_ci("stopped");
    let status = d.linnet().args(["system", "status"]).run().success();
    if field(&status, "containerd").is_none_or(|s| s.starts_with("running")) {
        status.fail("containerd should be stopped");
    }

    // Any command that needs containerd starts it again.
    d.linnet()
        .args(["-n", "it-system", "images"])
        .run()
        .success();
    assert_running(&d.linnet().args(["system", "status"]).run().success());

    // Kill it hard: socket and pid file stay behind.
    let pid = daemon::containerd_pid(&d).expect("find the containerd pid");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .expect("kill -9 containerd");
    let gone = wait_for(Duration::from_secs(10), || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // Gone, or a zombie waiting for its reaper.
        (stat.is_empty() || stat.contains(") Z ")).then_some(())
    });
    assert!(gone.is_some(), "containerd {pid} did not die");

    let start = d.linnet().args(["system", "start"]).run().success();
    let text = format!("{}{}", start.stdout, start.stderr).to_lowercase();
    if !(text.contains("recover") || text.contains("stale")) {
        start.fail("start after kill -9 should say it recovered from a stale socket/pid file");
    }
    assert_running(&d.linnet().args(["system", "status"]).run().success());
    d.linnet()
        .args(["-n", "it-system", "images"])
        .run()
        .success();

    d.linnet().args(["system", "stop"]).run().success();
}

#[test]
fn system_commands_refuse_external_address() {
    if !common::can_run("system_external", &[]) {
        return;
    }
    let dir = common::tempdir("it-sys-ext-");
    common::Linnet::new()
        .global_os([std::ffi::OsStr::new("--data-root"), dir.path().as_os_str()])
        .global(["-a", "/nonexistent/containerd.sock"])
        .args(["system", "start"])
        .run()
        .error_1();
}
