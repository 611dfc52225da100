//! Item 7: failures are reported as exactly one `linnet: error: ` line (no panic, backtrace or
//! debug dump) with Docker's exit codes: 125 when `run`/`create` fail and for usage errors, 1 when
//! any other command fails.

use std::time::Duration;

use crate::common::{registry::free_port, Registry, TestEnv};

#[test]
fn error_unknown_local_image() {
    let Some(env) = TestEnv::new("err_unknown_image", &[]) else {
        return;
    };
    env.run(&[
        "run",
        "--rm",
        "--pull",
        "never",
        "nosuchimage-local:1",
        "true",
    ])
    .error_125();
    env.run(&["create", "--pull", "never", "nosuchimage-local:1"])
        .error_125();
    env.run(&["image", "inspect", "nosuchimage-local:1"])
        .error_1();
}

#[test]
fn error_bad_reference() {
    let Some(env) = TestEnv::new("err_bad_reference", &[]) else {
        return;
    };
    env.run(&["pull", "UPPER/case"]).error_1();
    env.run(&["pull", "bad::reference"]).error_1();
    env.run(&["tag", "it-x", "Bad/Name"]).error_1();
    env.run(&["run", "--rm", "UPPER/case"]).error_125();
}

#[test]
fn error_registry_404_and_unreachable() {
    let Some(env) = TestEnv::new("err_registry", &["docker-registry"]) else {
        return;
    };
    let reg = Registry::plain();
    let missing = env
        .run(&["pull", &format!("{}/it/missing:nope", reg.host)])
        .error_1();
    let text = missing.stderr.to_lowercase();
    assert!(
        text.contains("not found") || text.contains("unknown"),
        "\n{missing}"
    );
    // The implicit pull of `run` fails the Docker way too.
    env.run(&["run", "--rm", &format!("{}/it/missing:nope", reg.host)])
        .error_125();

    let closed = free_port();
    let run = env
        .linnet()
        .args(["pull", &format!("127.0.0.1:{closed}/it/x:v1")])
        .timeout(Duration::from_secs(90))
        .run()
        .error_1();
    assert!(
        run.elapsed < Duration::from_secs(60),
        "unreachable registry took {:?}",
        run.elapsed
    );
}

#[test]
fn error_registry_401_without_login() {
    let Some(env) = TestEnv::new(
        "err_registry_auth",
        &["docker-registry", "openssl", "htpasswd"],
    ) else {
        return;
    };
    let reg = Registry::tls_auth();
    env.trust(&reg);
    let run = env
        .run(&["pull", &format!("{}/it/private:v1", reg.host)])
        .error_1();
    let text = run.stderr.to_lowercase();
    assert!(
        ["unauthorized", "authentication", "denied", "401"]
            .iter()
            .any(|w| text.contains(w)),
        "401 should be reported as an auth error\n{run}"
    );
    // Without the CA the certificate is not trusted.
    let untrusted = TestEnv::new("err_registry_tls", &["docker-registry"]).expect("env");
    untrusted
        .run(&["pull", &format!("{}/it/private:v1", reg.host)])
        .error_1();
}

#[test]
fn error_unreachable_containerd() {
    let Some(env) = TestEnv::new("err_containerd", &[]) else {
        return;
    };
    env.linnet()
        .global(["-a", "/nonexistent.sock"])
        .args(["images"])
        .run()
        .error_1();
    env.linnet()
        .global(["-a", "unix:///nonexistent.sock"])
        .args(["ps"])
        .run()
        .error_1();
    env.linnet()
        .global(["-a", "/nonexistent.sock"])
        .args(["run", "--rm", "it-busybox", "true"])
        .run()
        .error_125();
}

#[test]
fn error_bad_flags() {
    let Some(env) = TestEnv::new("err_flags", &[]) else {
        return;
    };
    // Conflicts found by the command itself.
    env.run(&["images", "-q", "--format", "json"]).error_1();
    env.run(&["ps", "-q", "--format", "json"]).error_1();
    env.run(&[
        "login",
        "-u",
        "user",
        "-p",
        "x",
        "--password-stdin",
        "127.0.0.1:1",
    ])
    .error_1();
    env.run(&["login", "--password-stdin", "127.0.0.1:1"])
        .error_1();
    env.run(&["kill", "-s", "NOSUCHSIG", "x"])
        .failure()
        .one_error_line();
    env.run(&["logs", "-n", "many", "x"])
        .failure()
        .one_error_line();
    // Usage errors found by the parser.
    env.run(&["images", "--no-such-flag"]).error_125();
    env.run(&["frobnicate"]).error_125();
    env.run(&["run", "--pull", "sometimes", "x"]).error_125();
    env.run(&["stop", "-t", "soon", "x"]).error_125();
}
