//! Item 6 (logs): every container has logs; `-n`, `-t` and `-f`.

use std::time::Duration;

use crate::common::{wait_for, TestEnv};

#[test]
fn logs_tail_timestamps_and_streams() {
    let Some(env) = TestEnv::new("logs", &[]) else {
        return;
    };
    let img = env.busybox();
    // A foreground run: its output goes to the terminal and to the log.
    env.ok(&[
        "run",
        "--pull",
        "never",
        "--name",
        "fg",
        &img,
        "sh",
        "-c",
        "for i in 1 2 3 4 5; do echo line$i; done; echo to-stderr >&2",
    ])
    .stdout_is("line1\nline2\nline3\nline4\nline5")
    .stderr_has("to-stderr");

    let all = env.ok(&["logs", "fg"]);
    assert_eq!(
        all.lines(),
        vec!["line1", "line2", "line3", "line4", "line5"],
        "\n{all}"
    );
    all.stderr_has("to-stderr");

    env.ok(&[
        "run",
        "--pull",
        "never",
        "--name",
        "quiet",
        &img,
        "sh",
        "-c",
        "for i in 1 2 3 4 5; do echo n$i; done",
    ]);
    env.ok(&["logs", "-n", "2", "quiet"]).stdout_is("n4\nn5");
    env.ok(&["logs", "--tail", "0", "quiet"]).stdout_is("");
    env.ok(&["logs", "-n", "all", "quiet"])
        .stdout_is("n1\nn2\nn3\nn4\nn5");

    let stamped = env.ok(&["logs", "-t", "quiet"]);
    for (i, line) in stamped.lines().iter().enumerate() {
        let (stamp, text) = line
            .split_once(' ')
            .unwrap_or_else(|| stamped.fail("timestamped line without a space"));
        let looks_rfc3339 = stamp.len() >= 20
            && stamp.as_bytes()[4] == b'-'
            && stamp.contains('T')
            && (stamp.ends_with('Z') || stamp.contains('+'));
        if !looks_rfc3339 || text != format!("n{}", i + 1) {
            stamped.fail(&format!(
                "line {line:?} should be '<RFC3339 time> n{}'",
                i + 1
            ));
        }
    }
    env.run(&["logs", "no-such-container"])
        .failure()
        .one_error_line();
}

#[test]
fn logs_follow_until_exit() {
    let Some(env) = TestEnv::new("logs_follow", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "chatty",
        &img,
        "sh",
        "-c",
        // The second line waits for the test's go-ahead, so the check that it has not been
        // shown yet cannot race a slow machine.
        "echo first; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo second; sleep 1",
    ]);
    let follow = env.linnet().args(["logs", "-f", "chatty"]).spawn();
    assert!(
        follow.wait_stdout("first", Duration::from_secs(20)),
        "logs -f did not show the first line: {}",
        follow.stdout_so_far()
    );
    assert!(
        !follow.stdout_so_far().contains("second"),
        "second line printed before it was written"
    );
    env.ok(&["exec", "chatty", "touch", "/tmp/go"]);
    assert!(
        follow.wait_stdout("second", Duration::from_secs(20)),
        "logs -f did not follow: {}",
        follow.stdout_so_far()
    );
    let mut follow = follow;
    let exited = wait_for(Duration::from_secs(30), || {
        follow.has_exited().then_some(())
    });
    assert!(
        exited.is_some(),
        "logs -f should end when the container exits"
    );
    let run = follow.wait().success();
    assert_eq!(run.lines(), vec!["first", "second"], "\n{run}");
}
