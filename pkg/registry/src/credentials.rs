//! Docker's credential storage, so `linnet login` and `docker login` share one `config.json`.
//!
//! Credentials live either in `auths` (base64 `user:password`, or an `identitytoken`) or in an
//! external helper named by `credHelpers[<server>]` or `credsStore`: the program
//! `docker-credential-<name>` speaks `get`/`store`/`erase` with the server URL or a JSON object on
//! stdin. Docker Hub is keyed `https://index.docker.io/v1/`, every other registry by its bare
//! `host[:port]`. Writes keep every key of the file we do not understand.
//!
//! Helpers are found on a [`HelperPath`]: the process's `PATH` for the plain functions, or an
//! explicit one for the `*_with` variants, so tests never change the process environment
//! (`set_var` races every other thread that reads it).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::Error;

/// The key Docker uses for Docker Hub.
pub const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";
/// Helpers answer `get` with this username when the secret is an identity (refresh) token.
const TOKEN_USERNAME: &str = "<token>";

/// Stored credentials for one registry.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    UserPass {
        username: String,
        password: String,
    },
    /// An OAuth2 refresh token (`identitytoken`), exchanged at the token server.
    IdentityToken {
        username: String,
        token: String,
    },
}

impl std::fmt::Debug for Credential {
    // Never print secrets, even in debug logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credential::UserPass { username, .. } => f
                .debug_struct("UserPass")
                .field("username", username)
                .finish_non_exhaustive(),
            Credential::IdentityToken { username, .. } => f
                .debug_struct("IdentityToken")
                .field("username", username)
                .finish_non_exhaustive(),
        }
    }
}

/// `host[:port]` of a server given as a host, `host/path` or URL (Docker's `ConvertToHostname`).
pub fn hostname(server: &str) -> String {
    let s = server.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    s.split('/').next().unwrap_or(s).to_string()
}

/// True when `server` names Docker Hub in any of its spellings.
pub fn is_docker_hub(server: &str) -> bool {
    let host = hostname(server);
    host.is_empty()
        || matches!(
            host.as_str(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io" | "registry.hub.docker.com"
        )
}

/// The `config.json` key for `server`.
pub fn server_key(server: &str) -> String {
    if is_docker_hub(server) {
        DOCKER_HUB_KEY.to_string()
    } else {
        hostname(server)
    }
}

/// Where `docker-credential-<name>` programs are looked up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HelperPath {
    /// The process's `PATH`.
    #[default]
    Process,
    /// This search path (`dir:dir:...`) instead.
    Explicit(OsString),
}

/// Finds credentials for the registry `host` (a request host such as `registry-1.docker.io` or
/// `localhost:5000`). `Ok(None)` when nothing is stored.
pub fn lookup(config_dir: &Path, host: &str) -> Result<Option<Credential>, Error> {
    lookup_with(config_dir, host, &HelperPath::Process)
}

/// [`lookup`] with helpers found on `path`.
pub fn lookup_with(
    config_dir: &Path,
    host: &str,
    path: &HelperPath,
) -> Result<Option<Credential>, Error> {
    let key = server_key(host);
    let config = read_config(config_dir)?;
    if let Some(helper) = helper_for(&config, &key) {
        if let Some(cred) = helper_get(path, &helper, &key)? {
            return Ok(Some(cred));
        }
    }
    let Some(auths) = config.get("auths").and_then(Value::as_object) else {
        return Ok(None);
    };
    // Exact key first, then any key that names the same host (`https://host/v1/`, `http://host`).
    let entry = auths.get(&key).or_else(|| {
        auths
            .iter()
            .find(|(k, _)| server_key(k) == key)
            .map(|(_, v)| v)
    });
    match entry {
        Some(entry) => parse_auth_entry(entry, &key),
        None => Ok(None),
    }
}

/// The credential helper that holds secrets for `server` (`credHelpers` or `credsStore`), or
/// `None` when they go to `auths` in `config.json` as plain base64.
pub fn helper(config_dir: &Path, server: &str) -> Result<Option<String>, Error> {
    let config = read_config(config_dir)?;
    Ok(helper_for(&config, &server_key(server)))
}

/// Where `config.json` lives in `config_dir`.
pub fn config_file(config_dir: &Path) -> PathBuf {
    config_path(config_dir)
}

/// Stores credentials for `server`: in its helper when one is configured, else in `auths`.
pub fn store(config_dir: &Path, server: &str, username: &str, password: &str) -> Result<(), Error> {
    store_with(config_dir, server, username, password, &HelperPath::Process)
}

/// [`store`] with helpers found on `path`.
pub fn store_with(
    config_dir: &Path,
    server: &str,
    username: &str,
    password: &str,
    path: &HelperPath,
) -> Result<(), Error> {
    let key = server_key(server);
    let mut config = read_config(config_dir)?;
    if let Some(helper) = helper_for(&config, &key) {
        let input =
            serde_json::json!({ "ServerURL": key, "Username": username, "Secret": password });
        run_helper(path, &helper, "store", input.to_string().as_bytes())?;
        return Ok(());
    }
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    let mut auths = match config.remove("auths") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    auths.insert(key, serde_json::json!({ "auth": encoded }));
    config.insert("auths".to_string(), Value::Object(auths));
    write_config(config_dir, &config)
}

/// Removes credentials for `server` from its helper and from `auths`. `Ok(false)` when nothing
/// was stored.
pub fn erase(config_dir: &Path, server: &str) -> Result<bool, Error> {
    erase_with(config_dir, server, &HelperPath::Process)
}

/// [`erase`] with helpers found on `path`.
pub fn erase_with(config_dir: &Path, server: &str, path: &HelperPath) -> Result<bool, Error> {
    let key = server_key(server);
    let mut config = read_config(config_dir)?;
    let mut erased = false;
    if let Some(helper) = helper_for(&config, &key) {
        if helper_get(path, &helper, &key)?.is_some() {
            run_helper(path, &helper, "erase", key.as_bytes())?;
            erased = true;
        }
    }
    if let Some(auths) = config.get_mut("auths").and_then(Value::as_object_mut) {
        let keys: Vec<String> = auths
            .keys()
            .filter(|k| **k == key || server_key(k) == key)
            .cloned()
            .collect();
        if !keys.is_empty() {
            for k in keys {
                auths.remove(&k);
            }
            write_config(config_dir, &config)?;
            erased = true;
        }
    }
    Ok(erased)
}

fn config_path(config_dir: &Path) -> PathBuf {
    config_dir.join("config.json")
}

/// The parsed `config.json` as a JSON object; empty when the file does not exist.
fn read_config(config_dir: &Path) -> Result<Map<String, Value>, Error> {
    let path = config_path(config_dir);
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Map::new()),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    if data.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&data) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Error::Credentials(format!(
            "{} is not a JSON object",
            path.display()
        ))),
        Err(e) => Err(Error::Credentials(format!(
            "cannot parse {}: {e}",
            path.display()
        ))),
    }
}

/// Writes `config.json` through a private temporary file and a rename, so readers never see a
/// half-written file and the secrets are never world-readable.
fn write_config(config_dir: &Path, config: &Map<String, Value>) -> Result<(), Error> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

    let mut path = config_path(config_dir);
    // Keep a symlinked config.json (dotfile managers) a symlink: write its target instead.
    if let Ok(target) = std::fs::canonicalize(&path) {
        path = target;
    }
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| config_dir.to_path_buf());
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let mut data = serde_json::to_vec_pretty(&Value::Object(config.clone())).map_err(|source| {
        Error::Json {
            what: "cannot encode docker config".into(),
            source,
        }
    })?;
    data.push(b'\n');
    let tmp = dir.join(format!(".config.json.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(&data)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(format!("cannot write {}", path.display()), e));
    }
    Ok(())
}

/// The helper configured for `key`: `credHelpers` first, then `credsStore`.
fn helper_for(config: &Map<String, Value>, key: &str) -> Option<String> {
    let per_host = config
        .get("credHelpers")
        .and_then(Value::as_object)
        .and_then(|helpers| {
            helpers.get(key).or_else(|| {
                helpers
                    .iter()
                    .find(|(k, _)| server_key(k) == key)
                    .map(|(_, v)| v)
            })
        })
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    per_host
        .or_else(|| {
            config
                .get("credsStore")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .map(str::to_string)
}

fn parse_auth_entry(entry: &Value, key: &str) -> Result<Option<Credential>, Error> {
    let field = |name: &str| {
        entry
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (mut username, mut password) = (field("username"), field("password"));
    if let Some(auth) = field("auth") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.trim())
            .map_err(|_| Error::Credentials(format!("invalid auth for {key} in docker config")))?;
        let decoded = String::from_utf8(decoded)
            .map_err(|_| Error::Credentials(format!("invalid auth for {key} in docker config")))?;
        let (u, p) = decoded.split_once(':').ok_or_else(|| {
            Error::Credentials(format!("invalid auth for {key} in docker config"))
        })?;
        username = Some(u.to_string());
        password = Some(p.to_string());
    }
    if let Some(token) = field("identitytoken") {
        return Ok(Some(Credential::IdentityToken {
            username: username.unwrap_or_default(),
            token,
        }));
    }
    match (username, password) {
        (Some(username), Some(password)) if !password.is_empty() => {
            Ok(Some(Credential::UserPass { username, password }))
        }
        _ => Ok(None),
    }
}

/// `docker-credential-<helper> get`; `Ok(None)` when the helper has nothing for `key`.
fn helper_get(path: &HelperPath, helper: &str, key: &str) -> Result<Option<Credential>, Error> {
    match run_helper(path, helper, "get", key.as_bytes()) {
        Ok(output) => parse_helper_answer(helper, &output),
        Err(HelperFailure::NotFound) => Ok(None),
        Err(HelperFailure::Other(e)) => Err(e),
    }
}

/// The stdout of `docker-credential-<helper> get` (`{"Username":..,"Secret":..}`); `Ok(None)`
/// when it holds no secret. Public so the fuzz targets reach it without running a helper.
pub fn parse_helper_answer(helper: &str, output: &[u8]) -> Result<Option<Credential>, Error> {
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(rename = "Username", default)]
        username: String,
        #[serde(rename = "Secret", default)]
        secret: String,
    }
    let answer: Answer = serde_json::from_slice(output).map_err(|e| {
        Error::Credentials(format!(
            "invalid answer from docker-credential-{helper}: {e}"
        ))
    })?;
    if answer.secret.is_empty() {
        return Ok(None);
    }
    if answer.username == TOKEN_USERNAME {
        return Ok(Some(Credential::IdentityToken {
            username: String::new(),
            token: answer.secret,
        }));
    }
    Ok(Some(Credential::UserPass {
        username: answer.username,
        password: answer.secret,
    }))
}

enum HelperFailure {
    /// The helper's "credentials not found" answer.
    NotFound,
    Other(Error),
}

impl From<HelperFailure> for Error {
    fn from(f: HelperFailure) -> Error {
        match f {
            HelperFailure::NotFound => Error::Credentials("credentials not found".to_string()),
            HelperFailure::Other(e) => e,
        }
    }
}

/// Runs `docker-credential-<helper> <action>` with `input` on stdin and returns its stdout.
fn run_helper(
    path: &HelperPath,
    helper: &str,
    action: &str,
    input: &[u8],
) -> Result<Vec<u8>, HelperFailure> {
    let program = format!("docker-credential-{helper}");
    let mut command = Command::new(&program);
    // A PATH set on the command is also the one its program is searched on (Unix).
    if let HelperPath::Explicit(dirs) = path {
        command.env("PATH", dirs);
    }
    let mut child = command
        .arg(action)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                format!("credential helper {program} not found in PATH")
            } else {
                format!("cannot run credential helper {program}: {e}")
            };
            HelperFailure::Other(Error::Credentials(msg))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // A helper that exits without reading stdin is not an error by itself.
        let _ = stdin.write_all(input);
    }
    let output = child.wait_with_output().map_err(|e| {
        HelperFailure::Other(Error::Credentials(format!(
            "cannot run credential helper {program}: {e}"
        )))
    })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let text = format!(
        "{} {}",
        String::from_utf8_lossy(&output.stdout).trim(),
        String::from_utf8_lossy(&output.stderr).trim()
    );
    if text.contains("credentials not found") {
        return Err(HelperFailure::NotFound);
    }
    Err(HelperFailure::Other(Error::Credentials(format!(
        "credential helper {program} {action} failed: {}",
        text.trim()
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for hub in [
            "",
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
            "https://index.docker.io/v1/",
            "https://registry-1.docker.io/v2/",
        ] {
            assert_eq!(server_key(hub), DOCKER_HUB_KEY, "server {hub:?}");
        }
        assert_eq!(server_key("localhost:5000"), "localhost:5000");
        assert_eq!(server_key("https://ghcr.io/v2/"), "ghcr.io");
        assert_eq!(server_key("http://127.0.0.1:5000"), "127.0.0.1:5000");
        assert_eq!(server_key("quay.io/some/repo"), "quay.io");
    }

    #[test]
    fn round_trip_preserves_other_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let original = serde_json::json!({
            "auths": { "other.io": { "auth": "b3RoZXI6c2VjcmV0", "email": "x@y" } },
            "psFormat": "table {{.ID}}",
            "plugins": { "a": { "b": 1 } }
        });
        std::fs::write(dir.path().join("config.json"), original.to_string()).expect("write");

        store(dir.path(), "localhost:5000", "user", "pa:ss").expect("store");
        store(dir.path(), "docker.io", "hubuser", "hubpass").expect("store hub");

        let written: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("config.json")).expect("read"))
                .expect("json");
        assert_eq!(written["psFormat"], "table {{.ID}}");
        assert_eq!(written["plugins"]["a"]["b"], 1);
        assert_eq!(written["auths"]["other.io"]["email"], "x@y");
        assert_eq!(
            written["auths"]["localhost:5000"]["auth"],
            base64::engine::general_purpose::STANDARD.encode("user:pa:ss")
        );
        assert!(written["auths"][DOCKER_HUB_KEY].is_object());

        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("config.json"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);

        assert_eq!(
            lookup(dir.path(), "localhost:5000").expect("lookup"),
            Some(Credential::UserPass {
                username: "user".into(),
                password: "pa:ss".into()
            })
        );
        assert_eq!(
            lookup(dir.path(), "registry-1.docker.io").expect("lookup"),
            Some(Credential::UserPass {
                username: "hubuser".into(),
                password: "hubpass".into()
            })
        );
        assert_eq!(
            lookup(dir.path(), "other.io").expect("lookup"),
            Some(Credential::UserPass {
                username: "other".into(),
                password: "secret".into()
            })
        );
        assert_eq!(lookup(dir.path(), "nowhere.io").expect("lookup"), None);

        assert!(erase(dir.path(), "localhost:5000").expect("erase"));
        assert!(!erase(dir.path(), "localhost:5000").expect("erase again"));
        assert_eq!(lookup(dir.path(), "localhost:5000").expect("lookup"), None);
        let written: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("config.json")).expect("read"))
                .expect("json");
        assert_eq!(written["psFormat"], "table {{.ID}}");
    }

    #[test]
    fn url_keys_and_identity_tokens() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = serde_json::json!({
            "auths": {
                "https://reg.example.com/v1/": { "auth": "dTpw" },
                "tok.example.com": { "auth": "dTo=", "identitytoken": "refresh-me" }
            }
        });
        std::fs::write(dir.path().join("config.json"), config.to_string()).expect("write");
        assert_eq!(
            lookup(dir.path(), "reg.example.com").expect("lookup"),
            Some(Credential::UserPass {
                username: "u".into(),
                password: "p".into()
            })
        );
        assert_eq!(
            lookup(dir.path(), "tok.example.com").expect("lookup"),
            Some(Credential::IdentityToken {
                username: "u".into(),
                token: "refresh-me".into()
            })
        );
        assert!(lookup(tempfile::tempdir().expect("t").path(), "x")
            .expect("empty")
            .is_none());
    }

    /// A fake `docker-credential-test` keeping one secret per server in a directory.
    #[test]
    fn helper_protocol() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("bin");
        let store_dir = dir.path().join("store");
        std::fs::create_dir_all(&bin).expect("mkdir");
        std::fs::create_dir_all(&store_dir).expect("mkdir");
        let script = format!(
            r#"#!/bin/sh
set -e
S={store}
input=$(cat)
case "$1" in
  store)
    server=$(printf '%s' "$input" | sed 's/.*"ServerURL":"\([^"]*\)".*/\1/')
    printf '%s' "$input" > "$S/$(printf '%s' "$server" | tr '/:' '__')" ;;
  get)
    f="$S/$(printf '%s' "$input" | tr '/:' '__')"
    if [ -f "$f" ]; then cat "$f"; else echo "credentials not found in native keychain"; exit 1; fi ;;
  erase)
    f="$S/$(printf '%s' "$input" | tr '/:' '__')"
    rm "$f" ;;
esac
"#,
            store = store_dir.display()
        );
        let helper = bin.join("docker-credential-linnettest");
        std::fs::write(&helper, script).expect("write helper");
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        // The helper's own commands (sed, tr, cat) come from the usual directories.
        let path = HelperPath::Explicit(format!("{}:/usr/bin:/bin", bin.display()).into());

        let config_dir = dir.path().join("docker");
        std::fs::create_dir_all(&config_dir).expect("mkdir");
        std::fs::write(
            config_dir.join("config.json"),
            r#"{"credHelpers":{"localhost:5000":"linnettest"},"keep":true}"#,
        )
        .expect("write config");

        assert_eq!(
            lookup_with(&config_dir, "localhost:5000", &path).expect("lookup"),
            None
        );
        store_with(
            &config_dir,
            "http://localhost:5000",
            "alice",
            "s3cret",
            &path,
        )
        .expect("store");
        assert_eq!(
            lookup_with(&config_dir, "localhost:5000", &path).expect("lookup"),
            Some(Credential::UserPass {
                username: "alice".into(),
                password: "s3cret".into()
            })
        );
        // Nothing went to auths.
        let written: Value =
            serde_json::from_slice(&std::fs::read(config_dir.join("config.json")).expect("read"))
                .expect("json");
        assert!(written.get("auths").is_none());
        assert_eq!(written["keep"], true);

        assert!(erase_with(&config_dir, "localhost:5000", &path).expect("erase"));
        assert!(!erase_with(&config_dir, "localhost:5000", &path).expect("erase again"));
        assert_eq!(
            lookup_with(&config_dir, "localhost:5000", &path).expect("lookup"),
            None
        );

        // A missing helper is a readable error.
        std::fs::write(
            config_dir.join("config.json"),
            r#"{"credsStore":"nosuchhelper"}"#,
        )
        .expect("write config");
        let err = lookup_with(&config_dir, "x.io", &path).expect_err("missing helper");
        assert!(
            err.to_string().contains("docker-credential-nosuchhelper"),
            "{err}"
        );
    }
}
