//! containerd's binary log driver protocol, served by `linnet _log-driver <path>`.
//!
//! For a `binary:///path/to/linnet?_log-driver=<path>` log URI the runtime shim starts
//! `linnet _log-driver <path>` (each query key, then its value, become arguments) with
//! `CONTAINER_ID` and `CONTAINER_NAMESPACE` in the environment, the container's stdout on fd 3,
//! its stderr on fd 4 and the write end of a readiness pipe on fd 5, which must be closed once
//! the driver is ready (the shim blocks on it). When the task is deleted the shim closes the
//! pipes and sends SIGTERM; the driver ignores the signal and exits at EOF of both streams so
//! that nothing still in the pipes is lost.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::path::Path;
use std::thread;

use crate::logfile::{LineWriter, LogWriter, Stream};
use crate::Error;

const STDOUT_FD: RawFd = 3;
const STDERR_FD: RawFd = 4;
const READY_FD: RawFd = 5;

/// How long a partial line may wait for its end before it is written on its own.
const PARTIAL_FLUSH_MS: libc::c_int = 200;

/// Builds the `binary://` log URI that makes the shim run `exe _log-driver <log_path>`.
pub fn log_uri(exe: &Path, log_path: &Path) -> String {
    let mut uri = url_escape_path(&exe.to_string_lossy());
    uri.insert_str(0, "binary://");
    uri.push_str("?_log-driver=");
    uri.push_str(&url_escape_query(&log_path.to_string_lossy()));
    uri
}

fn url_escape(text: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn url_escape_path(text: &str) -> String {
    url_escape(text, |b| b == b'/')
}

fn url_escape_query(text: &str) -> String {
    url_escape(text, |_| false)
}

fn fd_is_open(fd: RawFd) -> bool {
    // SAFETY: F_GETFD only queries the descriptor flags.
    unsafe { libc::fcntl(fd, libc::F_GETFD) != -1 }
}

fn copy_stream(file: File, mut out: LineWriter) -> Result<(), Error> {
    let mut file = file;
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let mut pfd = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one pollfd that lives across the call.
        let rc = unsafe { libc::poll(&mut pfd, 1, PARTIAL_FLUSH_MS) };
        if rc < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(Error::Io {
                op: "poll log stream",
                path: String::new(),
                source: err,
            });
        }
        let ready = rc > 0;
        if !ready {
            // Idle: let `logs` see a prompt without a newline.
            out.flush_partial()?;
            continue;
        }
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.feed(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Error::Io {
                    op: "read log stream",
                    path: String::new(),
                    source: e,
                })
            }
        }
    }
    out.flush_partial()
}

/// Runs the log driver until both streams reach EOF.
pub fn run_log_driver(path: &Path) -> Result<(), Error> {
    // SAFETY: installing SIG_IGN has no handler code to be unsafe about.
    unsafe {
        let _ = nix::sys::signal::signal(
            nix::sys::signal::Signal::SIGTERM,
            nix::sys::signal::SigHandler::SigIgn,
        );
    }
    let opened = LogWriter::open(path);
    // Close the readiness pipe whatever happened: the shim must not hang on us.
    if fd_is_open(READY_FD) {
        // SAFETY: fd 5 is the readiness pipe handed to us by the shim and used nowhere else.
        drop(unsafe { File::from_raw_fd(READY_FD) });
    }
    let writer = opened?;
    let mut handles = Vec::new();
    for (fd, stream) in [(STDOUT_FD, Stream::Stdout), (STDERR_FD, Stream::Stderr)] {
        if !fd_is_open(fd) {
            continue;
        }
        // SAFETY: fds 3 and 4 are the pipes handed to us by the shim, owned by this thread only.
        let file = unsafe { File::from_raw_fd(fd) };
        let out = LineWriter::new(writer.clone(), stream);
        handles.push(thread::spawn(move || copy_stream(file, out)));
    }
    let mut result = Ok(());
    for handle in handles {
        match handle.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => result = Err(e),
            Err(_) => {
                result = Err(Error::Io {
                    op: "copy log stream",
                    path: path.display().to_string(),
                    source: std::io::Error::other("copy thread panicked"),
                })
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_the_log_path() {
        let uri = log_uri(
            Path::new("/usr/bin/linnet"),
            Path::new("/var/lib/linnet/containers/default/ab c/ab c-json.log"),
        );
        assert_eq!(
            uri,
            "binary:///usr/bin/linnet?_log-driver=%2Fvar%2Flib%2Flinnet%2Fcontainers%2Fdefault%2Fab%20c%2Fab%20c-json.log"
        );
    }
}
