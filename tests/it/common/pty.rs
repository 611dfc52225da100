//! Driving `linnet run -it` like a user at a terminal: the command runs as a session leader with
//! a pseudo-terminal as its controlling terminal; the test types into the master side, reads what
//! the terminal shows and resizes the window.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::fcntl::{fcntl, FcntlArg, FdFlag};

pub struct PtySession {
    child: Child,
    master: File,
    output: Arc<Mutex<Vec<u8>>>,
    /// Bytes of `output` already consumed by [`PtySession::expect`].
    cursor: usize,
    cmdline: String,
}

impl PtySession {
    /// Starts `cmd` on a new terminal of `rows` x `cols`.
    pub fn spawn(mut cmd: Command, cmdline: String, rows: u16, cols: u16) -> std::io::Result<Self> {
        let size = nix::pty::Winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let pty = nix::pty::openpty(Some(&size), None).map_err(std::io::Error::from)?;
        // Other tests spawn processes concurrently: keep these fds out of them.
        for fd in [&pty.master, &pty.slave] {
            fcntl(fd, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC)).map_err(std::io::Error::from)?;
        }
        let slave: OwnedFd = pty.slave;
        cmd.stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave.try_clone()?));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn()?;
        drop(slave);
        let master = File::from(pty.master);
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone()?;
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    // EIO once the last slave fd closes: the session is over.
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if let Ok(mut out) = sink.lock() {
                            out.extend_from_slice(&buf[..n]);
                        }
                    }
                }
            }
        });
        Ok(PtySession {
            child,
            master,
            output,
            cursor: 0,
            cmdline,
        })
    }

    /// Types `text` on the terminal.
    pub fn send(&mut self, text: &str) {
        self.master
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| panic!("write to terminal: {e}"));
        let _ = self.master.flush();
    }

    /// Everything the terminal showed so far.
    pub fn output(&self) -> String {
        let out = self.output.lock().map(|o| o.clone()).unwrap_or_default();
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Waits until the terminal shows `needle` after what earlier expectations consumed.
    #[track_caller]
    pub fn expect(&mut self, needle: &str, timeout: Duration) {
        if let Err(msg) = self.try_expect(needle, timeout) {
            panic!("{msg}");
        }
    }

    /// Like [`PtySession::expect`] but returns an error message instead of failing.
    pub fn try_expect(&mut self, needle: &str, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            let out = self.output.lock().map(|o| o.clone()).unwrap_or_default();
            let rest = &out[self.cursor.min(out.len())..];
            if let Some(pos) = rest
                .windows(needle.len().max(1))
                .position(|w| w == needle.as_bytes())
            {
                self.cursor += pos + needle.len();
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "terminal did not show {needle:?} within {timeout:?}\ncommand: {}\n----- terminal -----\n{}",
                    self.cmdline,
                    String::from_utf8_lossy(&out)
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Changes the window size; the kernel sends SIGWINCH to the foreground process group.
    pub fn resize(&self, rows: u16, cols: u16) {
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads a winsize from a valid pointer.
        let rc = unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
    }

    /// Waits for the command to exit; None (after killing it) on timeout.
    pub fn wait(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for PtySession {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
