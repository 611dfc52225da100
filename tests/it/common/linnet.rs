//! Running the `linnet` binary: a small builder and the outcome of one run.
//!
//! Output goes to temporary files rather than pipes: `linnet` may start long-lived helpers
//! (containerd, `_monitor`) that inherit its stdio, and a pipe kept open by them would make the
//! test wait forever. Every run has a timeout after which its whole process group is killed.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_linnet"))
}

/// Default time one `linnet` invocation may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(180);

/// Environment variables of the caller that would redirect linnet somewhere else.
const SCRUBBED_ENV: &[&str] = &[
    "CONTAINERD_ADDRESS",
    "CONTAINERD_NAMESPACE",
    "CONTAINERD_SNAPSHOTTER",
    "LINNET_DATA_ROOT",
    "LINNET_STATE_DIR",
    "DOCKER_CONFIG",
    "LINNET_LOG",
];

#[derive(Clone)]
pub struct Linnet {
    global: Vec<OsString>,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
    dir: Option<PathBuf>,
}

impl Default for Linnet {
    fn default() -> Self {
        Self::new()
    }
}

impl Linnet {
    /// `linnet` with no global options and a scrubbed environment.
    pub fn new() -> Linnet {
        Linnet {
            global: Vec::new(),
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            timeout: DEFAULT_TIMEOUT,
            dir: None,
        }
    }

    /// Adds global options (placed before the subcommand).
    pub fn global<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.global
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Same as [`Linnet::global`], for paths.
    pub fn global_os<'a>(self, args: impl IntoIterator<Item = &'a OsStr>) -> Self {
        self.global(args)
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Feeds these bytes on stdin (otherwise stdin is /dev/null).
    pub fn stdin(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(data.into());
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.dir = Some(dir.as_ref().to_owned());
        self
    }

    /// The command line as a shell would show it, for messages.
    pub fn cmdline(&self) -> String {
        std::iter::once(OsString::from("linnet"))
            .chain(self.global.iter().cloned())
            .chain(self.args.iter().cloned())
            .map(|a| shell_quote(&a.to_string_lossy()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The configured `std::process::Command` (stdio not set), e.g. to run it under a pty.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(binary());
        for key in SCRUBBED_ENV {
            cmd.env_remove(key);
        }
        cmd.args(&self.global).args(&self.args);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(dir) = &self.dir {
            cmd.current_dir(dir);
        }
        cmd
    }

    /// Starts the command in the background; output is collected in files.
    pub fn spawn(&self) -> Spawned {
        let stdout = tempfile::tempfile().expect("create stdout file");
        let stderr = tempfile::tempfile().expect("create stderr file");
        let mut cmd = self.command();
        cmd.stdout(Stdio::from(stdout.try_clone().expect("dup stdout file")))
            .stderr(Stdio::from(stderr.try_clone().expect("dup stderr file")))
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            // Own process group, so that a timeout can kill everything linnet started in it.
            .process_group(0);
        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.cmdline()));
        if let Some(data) = self.stdin.clone() {
            if let Some(mut pipe) = child.stdin.take() {
                std::thread::spawn(move || {
                    let _ = pipe.write_all(&data);
                });
            }
        }
        Spawned {
            cmdline: self.cmdline(),
            child,
            stdout,
            stderr,
            started,
            timeout: self.timeout,
        }
    }

    /// Runs to completion (or the timeout) and returns the outcome.
    pub fn run(&self) -> Run {
        self.spawn().wait()
    }
}

/// A running `linnet`.
pub struct Spawned {
    cmdline: String,
    child: Child,
    stdout: std::fs::File,
    stderr: std::fs::File,
    started: Instant,
    timeout: Duration,
}

impl Spawned {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Output so far.
    pub fn stdout_so_far(&self) -> String {
        read_all(&self.stdout)
    }

    pub fn stderr_so_far(&self) -> String {
        read_all(&self.stderr)
    }

    /// True once the process has exited.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// Sends a signal to the process (not its group).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        let _ = nix::sys::signal::kill(pid, signal);
    }

    /// Waits until stdout contains `needle`; false after `timeout`.
    pub fn wait_stdout(&self, needle: &str, timeout: Duration) -> bool {
        super::wait_for(timeout, || {
            self.stdout_so_far().contains(needle).then_some(())
        })
        .is_some()
    }

    /// Waits for the exit (killing the process group at the timeout).
    pub fn wait(mut self) -> Run {
        let deadline = self.started + self.timeout;
        let mut timed_out = false;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) => {}
                Err(_) => break None,
            }
            if Instant::now() >= deadline {
                timed_out = true;
                self.kill();
                break self.child.wait().ok();
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let code = status.map_or(-1, |s| {
            use std::os::unix::process::ExitStatusExt;
            s.code().unwrap_or_else(|| -s.signal().unwrap_or(0))
        });
        Run {
            cmdline: self.cmdline.clone(),
            code,
            stdout: read_all(&self.stdout),
            stderr: read_all(&self.stderr),
            elapsed: self.started.elapsed(),
            timed_out,
        }
    }

    /// SIGKILLs the whole process group.
    pub fn kill(&mut self) {
        let pgid = nix::unistd::Pid::from_raw(-(self.child.id() as i32));
        let _ = nix::sys::signal::kill(pgid, nix::sys::signal::Signal::SIGKILL);
        let _ = self.child.kill();
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_all(file: &std::fs::File) -> String {
    let mut file = match file.try_clone() {
        Ok(f) => f,
        Err(_) => return String::new(),
    };
    let mut buf = Vec::new();
    if file.seek(SeekFrom::Start(0)).is_ok() {
        let _ = file.read_to_end(&mut buf);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// The outcome of one `linnet` run.
#[derive(Debug, Clone)]
pub struct Run {
    pub cmdline: String,
    /// Exit code; a negative number is the signal that killed it, -1 when unknown.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    pub timed_out: bool,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}", self.cmdline)?;
        if self.timed_out {
            writeln!(f, "TIMED OUT after {:.1?} (killed)", self.elapsed)?;
        }
        writeln!(f, "exit code: {} (after {:.1?})", self.code, self.elapsed)?;
        writeln!(f, "----- stdout -----\n{}", self.stdout.trim_end())?;
        write!(
            f,
            "----- stderr -----\n{}\n------------------",
            self.stderr.trim_end()
        )
    }
}

impl Run {
    /// Fails the test with everything we know about the run.
    #[track_caller]
    pub fn fail(&self, why: &str) -> ! {
        panic!("{why}\n{self}")
    }

    #[track_caller]
    pub fn success(self) -> Self {
        if self.code != 0 || self.timed_out {
            self.fail("expected exit code 0");
        }
        self
    }

    #[track_caller]
    pub fn code(self, expected: i32) -> Self {
        if self.code != expected || self.timed_out {
            self.fail(&format!("expected exit code {expected}"));
        }
        self
    }

    #[track_caller]
    pub fn failure(self) -> Self {
        if self.code == 0 || self.timed_out {
            self.fail("expected a failure (non-zero exit code)");
        }
        self
    }

    /// Docker's failure of `run`/`create` (or a usage error): exit 125 and exactly one
    /// `linnet: error:` line.
    #[track_caller]
    pub fn error_125(self) -> Self {
        self.code(125).one_error_line()
    }

    /// Docker's failure of any other command: exit 1 and exactly one `linnet: error:` line.
    #[track_caller]
    pub fn error_1(self) -> Self {
        self.code(1).one_error_line()
    }

    /// stderr has exactly one `linnet: error: ` line and nothing that looks like a crash.
    #[track_caller]
    pub fn one_error_line(self) -> Self {
        let errors = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("linnet: error: "))
            .count();
        if errors != 1 {
            self.fail(&format!(
                "expected exactly one 'linnet: error: ' line on stderr, found {errors}"
            ));
        }
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "Status {",
            "Error {",
        ] {
            if self.stderr.contains(bad) {
                self.fail(&format!("stderr contains {bad:?}: crash or debug dump"));
            }
        }
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Self {
        if !self.stdout.contains(needle) {
            self.fail(&format!("stdout should contain {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn stdout_lacks(self, needle: &str) -> Self {
        if self.stdout.contains(needle) {
            self.fail(&format!("stdout should not contain {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Self {
        if !self.stderr.contains(needle) {
            self.fail(&format!("stderr should contain {needle:?}"));
        }
        self
    }

    /// stdout or stderr contains `needle`, ignoring case.
    #[track_caller]
    pub fn output_has_ci(self, needle: &str) -> Self {
        let all = format!("{}\n{}", self.stdout, self.stderr).to_lowercase();
        if !all.contains(&needle.to_lowercase()) {
            self.fail(&format!("output should mention {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn stdout_is(self, expected: &str) -> Self {
        if self.stdout.trim_end_matches(['\n', '\r']) != expected {
            self.fail(&format!("stdout should be exactly {expected:?}"));
        }
        self
    }

    /// stdout without the trailing newline.
    pub fn out(&self) -> &str {
        self.stdout.trim_end_matches(['\n', '\r'])
    }

    /// Non-empty stdout lines, trimmed.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// stdout parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| self.fail(&format!("stdout is not valid JSON: {e}")))
    }
}

/// Quotes a word for display in a shell command line.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%^".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
