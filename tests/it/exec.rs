//! Item 6 (exec): `exec` returns the process's exit code (126/127 as Docker) and honours
//! `-e`, `-w`, `-u` and `-i`.

use crate::common::TestEnv;

#[test]
fn exec_codes_and_options() {
    let Some(env) = TestEnv::new("exec", &[]) else {
        return;
    };
    let img = env.busybox();
    env.ok(&[
        "run",
        "-d",
        "--pull",
        "never",
        "--name",
        "target",
        "-e",
        "FROM_RUN=1",
        &img,
        "sleep",
        "300",
    ]);

    env.ok(&["exec", "target", "echo", "hi"]).stdout_is("hi");
    env.run(&["exec", "target", "sh", "-c", "exit 4"]).code(4);
    env.run(&["exec", "target", "nosuchcmd"])
        .code(127)
        .one_error_line();
    env.run(&["exec", "target", "/etc/passwd"])
        .code(126)
        .one_error_line();

    let out = env.ok(&["exec", "-e", "EXEC_VAR=x", "target", "env"]);
    for line in ["EXEC_VAR=x", "FROM_RUN=1"] {
        if !out.lines().contains(&line) {
            out.fail(&format!("exec env should contain {line}"));
        }
    }
    env.ok(&["exec", "-w", "/tmp", "target", "pwd"])
        .stdout_is("/tmp");
    env.ok(&["exec", "-u", "1000", "target", "id", "-u"])
        .stdout_is("1000");
    env.ok(&["exec", "-u", "app", "target", "id", "-un"])
        .stdout_is("app");
    env.linnet()
        .args(["exec", "-i", "target", "cat"])
        .stdin("piped into exec\n")
        .run()
        .success()
        .stdout_is("piped into exec");

    // Detached exec leaves a process behind in the container.
    env.ok(&["exec", "-d", "target", "sh", "-c", "echo bg > /tmp/bg-ran"]);
    let ran = crate::common::wait_for(std::time::Duration::from_secs(10), || {
        (env.run(&["exec", "target", "cat", "/tmp/bg-ran"]).out() == "bg").then_some(())
    });
    assert!(ran.is_some(), "exec -d did not run its command");

    env.ok(&["stop", "-t", "1", "target"]);
    env.run(&["exec", "target", "true"])
        .failure()
        .one_error_line();
    env.run(&["exec", "no-such-container", "true"])
        .failure()
        .one_error_line();
}
