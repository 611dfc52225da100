//! The integration-test harness: runs the real `linnet` binary against a real containerd, runc and
//! docker-registry.
//!
//! Every test builds a [`TestEnv`]: it owns a containerd namespace (`it-<test name>`) on the one
//! managed containerd shared by the whole test binary, its own `DOCKER_CONFIG`, a hosts dir for
//! registry CAs and a scratch directory. Tests skip (print `skipped: <reason>`) when the machine
//! cannot run them, unless `LINNET_TESTS_REQUIRE=1` (set by `.ci/run`) turns that into a failure.

#![allow(dead_code)]

pub mod daemon;
pub mod images;
pub mod linnet;
pub mod proxy;
pub mod pty;
pub mod rawhttp;
pub mod registry;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use images::TestImage;
pub use linnet::{Linnet, Run};
pub use registry::Registry;

/// Tools every integration test needs.
pub const BASE_TOOLS: &[&str] = &["containerd", "runc"];

/// True when a missing prerequisite must fail the test instead of skipping it (CI).
pub fn required() -> bool {
    std::env::var("LINNET_TESTS_REQUIRE").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Finds `tool` on PATH (also in the sbin directories, which a non-login root shell may lack).
pub fn which(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let extra = ["/usr/local/sbin", "/usr/sbin", "/sbin"].map(PathBuf::from);
    std::env::split_paths(&path)
        .chain(extra)
        .map(|dir| dir.join(tool))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Why this machine cannot run a test needing `tools`, if it cannot.
pub fn missing_prerequisite(tools: &[&str]) -> Option<String> {
    if !nix::unistd::Uid::effective().is_root() {
        return Some("integration tests need root".to_string());
    }
    let missing: Vec<&str> = BASE_TOOLS
        .iter()
        .chain(tools)
        .copied()
        .filter(|tool| which(tool).is_none())
        .collect();
    if !missing.is_empty() {
        return Some(format!("missing tools on PATH: {}", missing.join(", ")));
    }
    if let Err(reason) = images::busybox_path() {
        return Some(reason);
    }
    None
}

/// Returns false (after printing `skipped: ...`) when the test cannot run here; panics instead
/// when `LINNET_TESTS_REQUIRE` is set.
pub fn can_run(test: &str, tools: &[&str]) -> bool {
    match missing_prerequisite(tools) {
        None => true,
        Some(reason) if required() => {
            panic!("{test}: {reason} (LINNET_TESTS_REQUIRE is set, so this is a failure)")
        }
        Some(reason) => {
            record_skip(test, &reason);
            false
        }
    }
}

/// Prints the skip and appends it to `$LINNET_SKIP_LOG`, which `.ci/run` counts separately from
/// passes (a skipped test returns early and cargo would count it as passed).
pub fn record_skip(test: &str, reason: &str) {
    eprintln!("skipped: {test}: {reason}");
    println!("skipped: {reason}");
    if let Some(log) = std::env::var_os("LINNET_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(log)
        {
            let _ = writeln!(f, "it::{test}");
        }
    }
}

/// One test's world: a namespace on the shared containerd plus private config directories.
pub struct TestEnv {
    pub name: String,
    pub namespace: String,
    pub daemon: &'static daemon::Daemon,
    /// Scratch space, removed when the test ends.
    pub tmp: tempfile::TempDir,
    /// `DOCKER_CONFIG` for every command of this test.
    pub docker_config: PathBuf,
    /// Passed as `--hosts-dir`: registry CAs go to `<hosts_dir>/<host:port>/ca.crt`.
    pub hosts_dir: PathBuf,
    /// Prepended to PATH (fake credential helpers live here).
    pub bin_dir: PathBuf,
}

impl TestEnv {
    /// Sets up the test `name`, or returns None when it is skipped. `tools` are needed beyond
    /// containerd and runc (e.g. `docker-registry`).
    pub fn new(name: &str, tools: &[&str]) -> Option<TestEnv> {
        if !can_run(name, tools) {
            return None;
        }
        let daemon = match daemon::shared() {
            Ok(daemon) => daemon,
            Err(err) => panic!("{name}: cannot start the shared managed containerd: {err}"),
        };
        let tmp = tempdir(&format!("it-{name}-"));
        let docker_config = tmp.path().join("docker");
        let hosts_dir = tmp.path().join("hosts");
        let bin_dir = tmp.path().join("bin");
        for dir in [&docker_config, &hosts_dir, &bin_dir] {
            std::fs::create_dir_all(dir).expect("create test directories");
        }
        let namespace = namespace_for(name);
        daemon.record_namespace(&namespace);
        Some(TestEnv {
            name: name.to_string(),
            namespace,
            daemon,
            tmp,
            docker_config,
            hosts_dir,
            bin_dir,
        })
    }

    /// A `linnet` command aimed at this test's namespace, data root and config directories.
    pub fn linnet(&self) -> Linnet {
        self.daemon
            .linnet()
            .global(["-n", &self.namespace])
            .global_os([
                std::ffi::OsStr::new("--hosts-dir"),
                self.hosts_dir.as_os_str(),
            ])
            .env("DOCKER_CONFIG", &self.docker_config)
            .env("PATH", self.path_env())
    }

    /// Runs `linnet ARGS` and returns the outcome without judging it.
    pub fn run(&self, args: &[&str]) -> Run {
        self.linnet().args(args).run()
    }

    /// Runs `linnet ARGS` and fails the test unless it exits 0.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.run(args).success()
    }

    fn path_env(&self) -> std::ffi::OsString {
        let current = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.bin_dir.clone()];
        dirs.extend(std::env::split_paths(&current));
        std::env::join_paths(dirs).unwrap_or(current)
    }

    /// A path inside this test's scratch directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes `image` as an OCI archive and loads it with `linnet load -i`; returns the name
    /// users type for it.
    pub fn load(&self, image: &TestImage) -> String {
        let archive = self.path(&format!("{}.tar", sanitize(&image.name)));
        image
            .write_oci_archive(&archive)
            .expect("write OCI archive");
        let mut args = vec!["load", "-i"];
        let path = archive.to_string_lossy().into_owned();
        args.push(&path);
        if image.is_index() {
            args.push("--all-platforms");
        }
        self.ok(&args);
        image.name.clone()
    }

    /// Loads the default single-layer busybox image and returns its name.
    pub fn busybox(&self) -> String {
        self.load(&images::single("it-busybox:latest"))
    }

    /// Loads `image`, tags it into `registry` as `repo:tag` and pushes it there, as users do.
    /// Returns the registry reference.
    pub fn seed(&self, registry: &Registry, image: &TestImage, repo_tag: &str) -> String {
        let local = self.load(image);
        let remote = format!("{}/{}", registry.host, repo_tag);
        self.ok(&["tag", &local, &remote]);
        let mut args = vec!["push"];
        if image.is_index() {
            args.push("--all-platforms");
        }
        args.push(&remote);
        self.ok(&args);
        remote
    }

    /// Installs the CA of a TLS registry into this test's hosts dir.
    pub fn trust(&self, registry: &Registry) {
        registry.install_ca(&self.hosts_dir);
    }

    /// Writes an executable script into the test's PATH directory.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.bin_dir.join(name);
        std::fs::write(&path, body).expect("write script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("chmod script");
        path
    }

    /// Removes this namespace's containers and images (best effort).
    pub fn cleanup(&self) {
        let short = Duration::from_secs(60);
        let ids = self.linnet().args(["ps", "-aq"]).timeout(short).run();
        let ids: Vec<String> = ids.stdout.split_whitespace().map(str::to_string).collect();
        if !ids.is_empty() {
            let mut args = vec!["rm".to_string(), "-f".to_string()];
            args.extend(ids);
            let _ = self.linnet().args(&args).timeout(short).run();
        }
        let images = self
            .linnet()
            .args(["images", "--format", "{{.Repository}}:{{.Tag}}"])
            .timeout(short)
            .run();
        let names: Vec<String> = images
            .stdout
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.contains("<none>"))
            .map(str::to_string)
            .collect();
        let ids = self.linnet().args(["images", "-q"]).timeout(short).run();
        let mut args = vec!["rmi".to_string(), "-f".to_string()];
        args.extend(names);
        args.extend(ids.stdout.split_whitespace().map(str::to_string));
        if args.len() > 2 {
            let _ = self.linnet().args(&args).timeout(short).run();
        }
    }
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        self.cleanup();
    }
}

/// containerd namespace for a test: `it-<name>` with characters containerd accepts.
pub fn namespace_for(name: &str) -> String {
    let mut ns: String = format!("it-{name}")
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    ns.truncate(76);
    ns.trim_end_matches('-').to_string()
}

/// A file-name-safe version of an image name.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A temporary directory on a disk-backed filesystem (overlayfs snapshots and layers can be big).
pub fn tempdir(prefix: &str) -> tempfile::TempDir {
    let base = Path::new("/var/tmp");
    let base = if base.is_dir() {
        base
    } else {
        Path::new("/tmp")
    };
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(base)
        .expect("create temporary directory")
}

/// Polls `check` every 100 ms until it returns Some or `timeout` passes.
pub fn wait_for<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// True when `text` contains an ANSI escape sequence (colour, cursor movement).
pub fn has_ansi(text: &str) -> bool {
    text.contains('\u{1b}')
}

/// The text of `--platform` for this machine: `linux/amd64` or `linux/arm64`.
pub fn host_platform() -> String {
    format!("linux/{}", images::host_arch())
}

/// A platform this machine is not (for pulls that must not be run).
pub fn other_platform() -> String {
    format!("linux/{}", images::other_arch())
}
