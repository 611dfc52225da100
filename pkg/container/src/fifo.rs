//! FIFOs for attached container IO (`run -i/-t`, `exec`, `start -a`).
//!
//! containerd's shim opens the paths given at task/exec creation: it writes stdout/stderr and
//! reads stdin. Our read ends are opened non-blocking before the task is created (opening a FIFO
//! for reading never blocks that way, and the shim's blocking open for writing then completes);
//! stdin is opened read-write so that the open cannot fail or block before the shim is there,
//! and closing it is what delivers EOF to the container.

use std::path::{Path, PathBuf};

use tokio::net::unix::pipe;

use crate::Error;

/// The FIFO paths of one process (the container's init process or an exec).
#[derive(Debug, Clone)]
pub struct FifoSet {
    dir: PathBuf,
    pub stdin: Option<PathBuf>,
    pub stdout: PathBuf,
    /// `None` with a terminal: the console carries both streams.
    pub stderr: Option<PathBuf>,
}

/// Our ends of a [`FifoSet`].
#[derive(Debug)]
pub struct FifoEnds {
    pub stdin: Option<pipe::Sender>,
    pub stdout: pipe::Receiver,
    pub stderr: Option<pipe::Receiver>,
}

fn mkfifo(path: &Path) -> Result<(), Error> {
    match nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o600)) {
        Ok(()) | Err(nix::errno::Errno::EEXIST) => Ok(()),
        Err(e) => Err(Error::io("create fifo", path, e.into())),
    }
}

impl FifoSet {
    /// Creates `<base>/<name>-{stdin,stdout,stderr}` (`base` is `<state>/fifo/<container id>`).
    pub fn create(base: &Path, name: &str, stdin: bool, terminal: bool) -> Result<FifoSet, Error> {
        std::fs::create_dir_all(base).map_err(|e| Error::io("create fifo directory", base, e))?;
        let set = FifoSet {
            dir: base.to_path_buf(),
            stdin: stdin.then(|| base.join(format!("{name}-stdin"))),
            stdout: base.join(format!("{name}-stdout")),
            stderr: (!terminal).then(|| base.join(format!("{name}-stderr"))),
        };
        let paths = set
            .stdin
            .iter()
            .chain(std::iter::once(&set.stdout))
            .chain(set.stderr.iter());
        for path in paths {
            if let Err(e) = mkfifo(path) {
                set.remove();
                return Err(e);
            }
        }
        Ok(set)
    }

    /// Opens our ends; call before creating the task or exec. Needs a tokio runtime.
    pub fn open(&self) -> Result<FifoEnds, Error> {
        let stdin = match &self.stdin {
            Some(path) => Some(
                pipe::OpenOptions::new()
                    .read_write(true)
                    .open_sender(path)
                    .map_err(|e| Error::io("open fifo", path, e))?,
            ),
            None => None,
        };
        let stdout = pipe::OpenOptions::new()
            .open_receiver(&self.stdout)
            .map_err(|e| Error::io("open fifo", &self.stdout, e))?;
        let stderr = match &self.stderr {
            Some(path) => Some(
                pipe::OpenOptions::new()
                    .open_receiver(path)
                    .map_err(|e| Error::io("open fifo", path, e))?,
            ),
            None => None,
        };
        Ok(FifoEnds {
            stdin,
            stdout,
            stderr,
        })
    }

    pub fn stdin_str(&self) -> String {
        self.stdin
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    pub fn stdout_str(&self) -> String {
        self.stdout.display().to_string()
    }

    pub fn stderr_str(&self) -> String {
        self.stderr
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    /// Removes the FIFOs (and the directory once empty); errors are ignored, this is cleanup.
    pub fn remove(&self) {
        for path in self
            .stdin
            .iter()
            .chain(std::iter::once(&self.stdout))
            .chain(self.stderr.iter())
        {
            let _ = std::fs::remove_file(path);
        }
        let _ = std::fs::remove_dir(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn open_before_peer_and_copy() {
        let dir = tempfile::tempdir().unwrap();
        let set = FifoSet::create(&dir.path().join("c1"), "init", true, false).unwrap();
        let mut ends = set.open().unwrap();
        // Play the shim: write stdout, read stdin.
        let mut shim_out = pipe::OpenOptions::new().open_sender(&set.stdout).unwrap();
        let mut shim_in = pipe::OpenOptions::new()
            .open_receiver(set.stdin.as_ref().unwrap())
            .unwrap();
        shim_out.write_all(b"hi").await.unwrap();
        drop(shim_out);
        let mut got = Vec::new();
        ends.stdout.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"hi");
        let mut sender = ends.stdin.take().unwrap();
        sender.write_all(b"in").await.unwrap();
        drop(sender);
        let mut got = Vec::new();
        shim_in.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"in");
        set.remove();
        assert!(!dir.path().join("c1").exists());
    }
}
