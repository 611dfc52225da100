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
    // dockerd 20.10 reads an upper-case first component as a Hub path, not a host.
    let upper = env.run(&["tag", "it-x", "UPPER/case:tag"]).error_1();
    assert!(
        upper.stderr.contains("repository name must be lowercase"),
        "\n{upper}"
    );
    // A tag never carries a digest, whatever the algorithm.
    let sha512 = format!("x@sha512:{}", "a".repeat(128));
    let sha256 = format!("x@sha256:{}", "a".repeat(64));
    for target in [sha512.as_str(), sha256.as_str()] {
        let out = env.run(&["tag", "it-x", target]).error_1();
        assert!(
            out.stderr
                .contains("refusing to create a tag with a digest reference"),
            "\n{out}"
        );
    }
}

#[test]
fn error_lines_quote_terminal_controls() {
    let Some(env) = TestEnv::new("err_controls", &[]) else {
        return;
    };
    // An OSC title sequence and a CSI colour in a name that the error echoes back.
    let name = "it-x\u{1b}]0;owned\u{7}\u{1b}[31m:1";
    let out = env.run(&["image", "inspect", name]).error_1();
    assert!(
        !out.stderr.contains('\u{1b}') && !out.stderr.contains('\u{7}'),
        "raw control characters reached the terminal:\n{out}"
    );
    assert!(out.stderr.contains("\\x1b]0;owned\\x07"), "\n{out}");
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
    let text = run.stderr.replace(&reg.host, "REGISTRY").to_lowercase();
    assert!(
        ["unauthorized", "authentication", "denied", "401"]
            .iter()
            .any(|w| text.contains(w)),
        "401 should be reported as an auth error\n{run}"
    );
}

#[test]
fn error_registry_certificate_not_trusted() {
    let Some(env) = TestEnv::new(
        "err_registry_tls",
        &["docker-registry", "openssl", "htpasswd"],
    ) else {
        return;
    };
    // 127.0.0.2 is not "localhost" to linnet, so the certificate must verify; the same request
    // with the CA gets as far as the registry's 401, without it it fails on the certificate.
    let reg = Registry::tls_auth_not_localhost();
    let image = format!("{}/it/private:v1", reg.host);
    let untrusted = env.run(&["pull", &image]).error_1();
    // Without the host: a random port such as 40145 would read as a 401.
    let text = untrusted
        .stderr
        .replace(&reg.host, "REGISTRY")
        .to_lowercase();
    assert!(
        text.contains("certificate") && !text.contains("401"),
        "an unknown CA must be refused\n{untrusted}"
    );
    env.trust(&reg);
    let trusted = env.run(&["pull", &image]).error_1();
    let text = trusted.stderr.replace(&reg.host, "REGISTRY").to_lowercase();
    assert!(
        !text.contains("certificate")
            && ["unauthorized", "authentication", "401"]
                .iter()
                .any(|w| text.contains(w)),
        "with the CA the TLS handshake succeeds and the registry asks for credentials\n{trusted}"
    );
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
    // Docker: an unknown command is the CLI's error (1), an unknown flag a usage error (125).
    env.run(&["frobnicate"]).error_1();
    env.run(&["run", "--pull", "sometimes", "x"]).error_125();
    env.run(&["stop", "-t", "soon", "x"]).error_125();
}

/// A closed stdout ends linnet by SIGPIPE with nothing on stderr, as it ends other Unix tools;
/// SIGPIPE is not fatal for sockets (see cmd/linnet/sigpipe.rs).
#[test]
fn closed_stdout_ends_linnet_by_sigpipe_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::common::linnet::binary())
        .args(["completion", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn linnet");
    // The reader goes away at once: 160 kB of completions cannot fit in the 64 kB pipe buffer.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for linnet");
    assert_eq!(
        out.status.signal(),
        Some(13),
        "expected death by SIGPIPE, got {:?}; stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
