//! The local terminal side of `run -t` / `exec -t`: raw mode (restored when the guard drops, on
//! every exit path) and the window size sent to the container's console.

use std::os::fd::{AsFd, BorrowedFd};

use nix::sys::termios::{self, SetArg, Termios};

use crate::Error;

/// Puts a terminal in raw mode until dropped.
pub struct RawModeGuard {
    original: Termios,
}

impl RawModeGuard {
    /// Switches stdin to raw mode; `Ok(None)` when stdin is not a terminal.
    pub fn stdin() -> Result<Option<RawModeGuard>, Error> {
        let stdin = std::io::stdin();
        let fd = stdin.as_fd();
        if !nix::unistd::isatty(fd).unwrap_or(false) {
            return Ok(None);
        }
        let original = termios::tcgetattr(fd)
            .map_err(|e| Error::io("read terminal mode", "stdin", e.into()))?;
        let mut raw = original.clone();
        termios::cfmakeraw(&mut raw);
        termios::tcsetattr(fd, SetArg::TCSANOW, &raw)
            .map_err(|e| Error::io("set terminal raw mode", "stdin", e.into()))?;
        Ok(Some(RawModeGuard { original }))
    }
}

impl Drop for RawModeGuard {
    fn drop(&mut self) {
        let stdin = std::io::stdin();
        let _ = termios::tcsetattr(stdin.as_fd(), SetArg::TCSANOW, &self.original);
    }
}

fn winsize_of(fd: BorrowedFd<'_>) -> Option<(u16, u16)> {
    use std::os::fd::AsRawFd;
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes a winsize into the struct we own.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), libc::TIOCGWINSZ, &mut ws) };
    (rc == 0 && ws.ws_col > 0 && ws.ws_row > 0).then_some((ws.ws_col, ws.ws_row))
}

/// The local terminal's (columns, rows), from stdout or stdin.
pub fn terminal_size() -> Option<(u16, u16)> {
    winsize_of(std::io::stdout().as_fd()).or_else(|| winsize_of(std::io::stdin().as_fd()))
}

/// Whether stdin is a terminal.
pub fn stdin_is_tty() -> bool {
    nix::unistd::isatty(std::io::stdin().as_fd()).unwrap_or(false)
}
