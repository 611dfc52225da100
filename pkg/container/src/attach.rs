//! Attaching this terminal to a container's process: the IO pump between our stdio and the
//! process's FIFOs, the TTY size kept in sync, and the two ways `run`/`start` follow a container.
//!
//! Without `-i`/`-t` the container's output always goes through the binary log driver and linnet
//! follows the log file, so every container has logs. With `-t` alone linnet attaches FIFOs
//! itself and writes the json log on the side. With `-i` the IO goes through an IO holder
//! ([`crate::holder`], [`crate::session`]) so that stdin outlives a detach; `exec` uses the pump
//! here with the detach keys.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use linnet_containerd::{Client, Container};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::signal::unix::{signal, SignalKind};
use tokio::task::JoinHandle;

use crate::detach_keys::{DetachKeys, Detector, Scanned};
use crate::monitor::exit_code;
use crate::ops::{self, TaskIo};
use crate::signals::{wait_with_sig_proxy, Proxy};
use crate::{Error, FifoEnds, FifoSet, LineWriter, LogEntry, LogReader, LogWriter, Stream};

/// The `binary://` URI that makes the shim run this linnet as the container's log driver.
pub fn log_uri(log_path: &Path) -> Result<String, Error> {
    let exe = std::env::current_exe().map_err(Error::CurrentExe)?;
    Ok(crate::log_uri(&exe, log_path))
}

/// The container's json log (from its label, or the default place).
pub fn log_path_of(container_dir: &Path, c: &Container) -> PathBuf {
    c.labels
        .get(crate::labels::LOG_PATH)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::logfile::log_path(container_dir, &c.id))
}

pub(crate) fn print_entries(entries: &[LogEntry]) {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for e in entries {
        let _ = if e.is_stderr() {
            stderr.write_all(e.log.as_bytes())
        } else {
            stdout.write_all(e.log.as_bytes())
        };
    }
    let _ = stdout.flush();
    let _ = stderr.flush();
}

/// Starts the container with the log driver and follows its log to our stdout/stderr until it
/// exits, forwarding SIGINT and SIGTERM with `sig_proxy` (without, they end linnet and the
/// container runs on, as with Docker's `--sig-proxy=false`). Returns the exit code.
pub async fn attach_logs(
    client: &Client,
    c: &Container,
    log_path: &Path,
    sig_proxy: bool,
) -> Result<u8, Error> {
    let mut reader = LogReader::open(log_path)?;
    // Attach shows new output only.
    reader.read_new()?;
    let io = TaskIo::log_uri(&log_uri(log_path)?, false);
    ops::start_task(client, c, &io).await?;
    let mut waiter = {
        let client = client.clone();
        let id = c.id.clone();
        tokio::spawn(async move { ops::wait_and_reap(&client, &id).await })
    };
    let mut proxy = if sig_proxy {
        Some(Proxy::install()?)
    } else {
        None
    };
    loop {
        tokio::select! {
            result = &mut waiter => {
                // The task is deleted, so the log driver has flushed everything.
                print_entries(&reader.read_new()?);
                let status = result.map_err(Error::Wait)??;
                return Ok(exit_code(status));
            }
            sig = crate::signals::recv_opt(&mut proxy) => ops::send_signal(client, &c.id, sig).await?,
            _ = tokio::time::sleep(Duration::from_millis(100)) => {
                print_entries(&reader.read_new()?);
            }
        }
    }
}

/// The copy tasks of an attached process.
pub struct Pumps {
    outputs: Vec<JoinHandle<()>>,
    others: Vec<JoinHandle<()>>,
    /// Fires when the detach keys are typed.
    pub detached: tokio::sync::oneshot::Receiver<()>,
}

impl Pumps {
    /// Stops every copy at once (detached: the process keeps running without us).
    pub fn finish_now(self) {
        for handle in self.outputs.into_iter().chain(self.others) {
            handle.abort();
        }
    }

    /// Waits (briefly) for the output to drain after the process exited, then stops the rest.
    pub async fn finish(self) {
        for handle in self.outputs {
            let _ = tokio::time::timeout(Duration::from_secs(3), handle).await;
        }
        for handle in self.others {
            handle.abort();
        }
    }
}

async fn copy_output(
    mut from: tokio::net::unix::pipe::Receiver,
    stream: Stream,
    mut log: Option<LineWriter>,
) {
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let ok = match stream {
            Stream::Stdout => {
                let mut out = tokio::io::stdout();
                out.write_all(&buf[..n]).await.is_ok() && out.flush().await.is_ok()
            }
            Stream::Stderr => {
                let mut out = tokio::io::stderr();
                out.write_all(&buf[..n]).await.is_ok() && out.flush().await.is_ok()
            }
        };
        if let Some(log) = log.as_mut() {
            let _ = log.feed(&buf[..n]);
        }
        if !ok {
            break;
        }
    }
    if let Some(log) = log.as_mut() {
        let _ = log.flush_partial();
    }
}

/// Copies our stdin to the process (watching for the detach `keys`) and its output to ours (and
/// to `log`), and keeps the console size in sync with a terminal.
pub fn pump(
    client: &Client,
    id: &str,
    exec_id: Option<&str>,
    ends: FifoEnds,
    tty: bool,
    log: Option<LogWriter>,
    keys: Option<DetachKeys>,
) -> Result<Pumps, Error> {
    let mut outputs = Vec::new();
    let mut others = Vec::new();
    outputs.push(tokio::spawn(copy_output(
        ends.stdout,
        Stream::Stdout,
        log.clone().map(|w| LineWriter::new(w, Stream::Stdout)),
    )));
    if let Some(stderr) = ends.stderr {
        outputs.push(tokio::spawn(copy_output(
            stderr,
            Stream::Stderr,
            log.map(|w| LineWriter::new(w, Stream::Stderr)),
        )));
    }
    let (detach_tx, detach_rx) = tokio::sync::oneshot::channel();
    if let Some(mut sender) = ends.stdin {
        let client = client.clone();
        let id = id.to_string();
        let exec_id = exec_id.map(str::to_string);
        others.push(tokio::spawn(async move {
            let mut stdin = tokio::io::stdin();
            let mut detector = keys.map(Detector::new);
            let mut buf = vec![0u8; 4096];
            loop {
                let n = match stdin.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let scanned = match detector.as_mut() {
                    Some(d) => d.scan(&buf[..n]),
                    None => Scanned {
                        forward: buf[..n].to_vec(),
                        detach: false,
                    },
                };
                if sender.write_all(&scanned.forward).await.is_err() {
                    break;
                }
                if scanned.detach {
                    let _ = detach_tx.send(());
                    return;
                }
            }
            drop(sender);
            // EOF on our stdin (Ctrl-D) closes the process's stdin.
            let _ = client.task_close_io(&id, exec_id.as_deref()).await;
        }));
    }
    if tty {
        others.push(spawn_resize(client, id, exec_id)?);
    }
    Ok(Pumps {
        outputs,
        others,
        detached: detach_rx,
    })
}

/// Keeps the process's console size equal to our terminal's (now and on every SIGWINCH).
pub(crate) fn spawn_resize(
    client: &Client,
    id: &str,
    exec_id: Option<&str>,
) -> Result<JoinHandle<()>, Error> {
    let client = client.clone();
    let id = id.to_string();
    let exec_id = exec_id.map(str::to_string);
    let mut winch = signal(SignalKind::window_change()).map_err(Error::Signals)?;
    Ok(tokio::spawn(async move {
        loop {
            if let Some((w, h)) = crate::tty::terminal_size() {
                let _ = client
                    .task_resize_pty(&id, exec_id.as_deref(), u32::from(w), u32::from(h))
                    .await;
            }
            if winch.recv().await.is_none() {
                break;
            }
        }
    }))
}

/// Puts our terminal in raw mode when the process has one and reads our input.
pub fn raw_mode(tty: bool, interactive: bool) -> Result<Option<crate::tty::RawModeGuard>, Error> {
    if tty && interactive {
        crate::tty::RawModeGuard::stdin()
    } else {
        Ok(None)
    }
}

/// Starts the container with FIFOs attached to this terminal (`-i`, `-t`), copying its output
/// to the json log as well. Returns the exit code.
pub async fn attach_fifos(
    client: &Client,
    fifo_dir: &Path,
    c: &Container,
    (interactive, tty, sig_proxy): (bool, bool, bool),
    log_path: &Path,
) -> Result<u8, Error> {
    let set = FifoSet::create(fifo_dir, "init", interactive, tty)?;
    let result = attach_fifos_inner(client, c, &set, (interactive, tty, sig_proxy), log_path).await;
    set.remove();
    result
}

async fn attach_fifos_inner(
    client: &Client,
    c: &Container,
    set: &FifoSet,
    (interactive, tty, sig_proxy): (bool, bool, bool),
    log_path: &Path,
) -> Result<u8, Error> {
    let ends = set.open()?;
    let io = TaskIo {
        stdin: set.stdin_str(),
        stdout: set.stdout_str(),
        stderr: set.stderr_str(),
        terminal: tty,
    };
    let log = LogWriter::open(log_path)?;
    ops::start_task(client, c, &io).await?;
    let raw = raw_mode(tty, interactive)?;
    let pumps = pump(client, &c.id, None, ends, tty, Some(log), None)?;
    let exit = if sig_proxy {
        wait_with_sig_proxy(client, &c.id, None).await
    } else {
        client.task_wait(&c.id, None).await.map_err(Error::from)
    };
    pumps.finish().await;
    drop(raw);
    let exit = exit?;
    ops::record_exit(client, &c.id, &exit).await?;
    ops::delete_stopped_task(client, &c.id).await?;
    Ok(exit_code(exit.exit_status))
}
