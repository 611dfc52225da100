//! Item 2: `login`/`logout` against an HTTPS registry with htpasswd auth, credentials in
//! `$DOCKER_CONFIG/config.json`, and a `docker-credential-*` helper.

use std::os::unix::fs::PermissionsExt;

use crate::common::{images, registry, Registry, TestEnv};

const TOOLS: &[&str] = &["docker-registry", "openssl", "htpasswd"];
/// base64("user:pass")
const USER_PASS_B64: &str = "dXNlcjpwYXNz";

fn config(env: &TestEnv) -> serde_json::Value {
    let path = env.docker_config.join("config.json");
    match std::fs::read(&path) {
        Ok(data) => serde_json::from_slice(&data)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display())),
        Err(_) => serde_json::json!({}),
    }
}

fn login(env: &TestEnv, reg: &Registry, password: &str) -> crate::common::Run {
    env.linnet()
        .args(["login", "-u", registry::USER, "--password-stdin", &reg.host])
        .stdin(format!("{password}\n"))
        .run()
}

#[test]
fn login_push_pull_logout_with_tls_and_htpasswd() {
    let Some(env) = TestEnv::new("login", TOOLS) else {
        return;
    };
    let reg = Registry::tls_auth();
    env.trust(&reg);

    login(&env, &reg, "wrong").failure().one_error_line();
    assert!(
        config(&env)["auths"].get(&reg.host).is_none(),
        "a failed login must not store anything: {}",
        config(&env)
    );

    login(&env, &reg, registry::PASSWORD)
        .success()
        .stdout_has("Login Succeeded");
    let path = env.docker_config.join("config.json");
    let mode = std::fs::metadata(&path)
        .expect("config.json")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "config.json mode is {mode:o}");
    let cfg = config(&env);
    assert_eq!(
        cfg["auths"][&reg.host]["auth"], USER_PASS_B64,
        "auths entry for {}: {cfg}",
        reg.host
    );

    // Stored credentials are used for push and pull.
    let local = env.busybox();
    let remote = format!("{}/it/login:v1", reg.host);
    env.ok(&["tag", &local, &remote]);
    env.ok(&["push", &remote]);
    env.ok(&["rmi", &remote]);
    env.ok(&["pull", &remote]);

    env.linnet()
        .args(["logout", &reg.host])
        .run()
        .success()
        .stdout_has("Removing login credentials");
    assert!(
        config(&env)["auths"].get(&reg.host).is_none(),
        "logout must remove the credentials: {}",
        config(&env)
    );

    let push = env.run(&["push", &remote]).failure().one_error_line();
    let text = push.stderr.replace(&reg.host, "REGISTRY").to_lowercase();
    assert!(
        ["unauthorized", "authentication", "denied", "401"]
            .iter()
            .any(|w| text.contains(w)),
        "push without login should fail with an auth error\n{push}"
    );
}

#[test]
fn login_credential_helper_serves_pull() {
    let Some(env) = TestEnv::new("credhelper", TOOLS) else {
        return;
    };
    let reg = Registry::tls_auth();
    env.trust(&reg);
    // Put an image there with a normal login, then forget that login.
    login(&env, &reg, registry::PASSWORD).success();
    let remote = env.seed(
        &reg,
        &images::variant("it-helper:latest", "helper"),
        "it/helper:v1",
    );
    env.ok(&["logout", &reg.host]);
    env.ok(&["rmi", &remote]);

    env.script(
        "docker-credential-fake",
        &format!(
            "#!/bin/sh\nserver=$(cat)\ncase \"$1\" in\n  get) printf '{{\"ServerURL\":\"%s\",\"Username\":\"{}\",\"Secret\":\"{}\"}}\\n' \"$server\" ;;\n  *) echo \"unsupported: $1\" >&2; exit 1 ;;\nesac\n",
            registry::USER,
            registry::PASSWORD
        ),
    );
    std::fs::write(
        env.docker_config.join("config.json"),
        serde_json::json!({"credHelpers": {reg.host.clone(): "fake"}}).to_string(),
    )
    .expect("write config.json");
    env.ok(&["pull", &remote]);
    env.ok(&["image", "inspect", &remote]);
}
