//! The IO holder of a container whose stdin stays open (`-i`): linnet has no daemon, so a small
//! detached `linnet _io-holder` process plays the part of Docker's daemon for that container.
//!
//! It owns the container's FIFOs for as long as the container runs: it keeps the stdin FIFO
//! open (so the process never reads EOF while nobody is attached, as with `docker run -di`),
//! writes stdout/stderr to the json log, and serves attach clients on a unix socket beside the
//! FIFOs: each client receives the output as frames (`[code][len u32 BE][bytes]`, code 1 =
//! stdout, 2 = stderr) and sends its input as frames too (0 = bytes for stdin, 3 = end of
//! input). With `stdin_once` (an attached `run -i` without a terminal), a client's end of input
//! closes the container's stdin, as Docker's `StdinOnce` does; a client that just goes away
//! (detached) changes nothing. The holder ends, and removes its files, once both
//! output streams reach EOF (the shim closes them after the process exits).
//!
//! Start protocol: the parent creates the FIFOs, spawns the holder with piped stdin/stdout,
//! waits for `ready` on its stdout, creates the task, then writes `started` to its stdin.
//! End of that input without `started` (the start failed, or the parent died) makes the holder
//! clean up and exit.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::unix::pipe;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{broadcast, Mutex};
use tokio::task::JoinSet;

use crate::ops::TaskIo;
use crate::{Error, FifoSet, LineWriter, LogWriter, Scope, Stream};

/// Output frame codes (holder to client).
pub const FRAME_STDOUT: u8 = 1;
pub const FRAME_STDERR: u8 = 2;
/// Input frame codes (client to holder): bytes for stdin, and the end of the client's input
/// (distinct from a client going away, which is what detaching looks like).
pub const INPUT_DATA: u8 = 0;
pub const INPUT_END: u8 = 3;
/// Holder to client: its end of input closed the holder's stdin writer; the client closes the
/// shim's with containerd's CloseIO (the shim holds a writer of its own, so only both together
/// deliver EOF to the container).
pub const FRAME_STDIN_CLOSED: u8 = 4;
/// Holder to client, first: the client is subscribed to the output from here on.
pub const FRAME_HELLO: u8 = 5;

/// What `linnet _io-holder` is told.
#[derive(Debug, Clone)]
pub struct HolderArgs {
    /// The container's FIFO directory.
    pub base: PathBuf,
    /// Names this holder's FIFOs (`init-<nonce>-*`) and socket (`<nonce>.sock`).
    pub nonce: String,
    pub log_path: PathBuf,
    pub tty: bool,
    pub stdin_once: bool,
}

impl HolderArgs {
    fn fifo_name(&self) -> String {
        format!("init-{}", self.nonce)
    }

    fn socket(&self) -> PathBuf {
        self.base.join(format!("{}.sock", self.nonce))
    }
}

/// The parent's handle on a holder it spawned.
pub struct Holder {
    child: tokio::process::Child,
    control: Option<tokio::process::ChildStdin>,
    fifos: FifoSet,
    socket: PathBuf,
}

impl Holder {
    /// Creates the FIFOs and starts the holder; returns once it serves them.
    pub async fn spawn(
        scope: &Scope,
        id: &str,
        log_path: &Path,
        tty: bool,
        stdin_once: bool,
    ) -> Result<Holder, Error> {
        let args = HolderArgs {
            base: scope.fifo_dir(id),
            nonce: crate::meta::new_id()[..12].to_string(),
            log_path: log_path.to_path_buf(),
            tty,
            stdin_once,
        };
        let fifos = FifoSet::create(&args.base, &args.fifo_name(), true, tty)?;
        let exe = std::env::current_exe().map_err(Error::CurrentExe)?;
        let mut cmd = tokio::process::Command::new(exe);
        cmd.args(&scope.relaunch_args).arg("_io-holder");
        if tty {
            cmd.arg("--tty");
        }
        if stdin_once {
            cmd.arg("--stdin-once");
        }
        cmd.arg(&args.nonce)
            .arg(&args.base)
            .arg(&args.log_path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        // SAFETY: setsid is async-signal-safe; the holder leaves our session and terminal so
        // that it outlives us (and a Ctrl-C on our terminal).
        unsafe {
            cmd.pre_exec(|| {
                nix::unistd::setsid().map_err(std::io::Error::from)?;
                Ok(())
            });
        }
        let mut child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                fifos.remove();
                return Err(Error::SpawnMonitor(e));
            }
        };
        let control = child.stdin.take();
        let ready = match child.stdout.take() {
            Some(out) => {
                let mut line = String::new();
                let mut out = BufReader::new(out);
                let read = out.read_line(&mut line);
                matches!(
                    tokio::time::timeout(Duration::from_secs(30), read).await,
                    Ok(Ok(_)) if line.trim() == "ready"
                )
            }
            None => false,
        };
        let holder = Holder {
            child,
            control,
            fifos,
            socket: args.socket(),
        };
        if !ready {
            holder.abort().await;
            return Err(Error::SpawnMonitor(std::io::Error::other(
                "the io holder did not start",
            )));
        }
        Ok(holder)
    }

    /// The task IO that goes through this holder.
    pub fn task_io(&self, tty: bool) -> TaskIo {
        TaskIo {
            stdin: self.fifos.stdin_str(),
            stdout: self.fifos.stdout_str(),
            stderr: self.fifos.stderr_str(),
            terminal: tty,
        }
    }

    /// Connects an attach client (before the task starts, so that no output is missed).
    pub async fn connect(&self) -> Result<UnixStream, Error> {
        connect(&self.socket)
            .await
            .map_err(|e| Error::io("connect to", &self.socket, e))
    }

    /// The task runs: the holder stays until the container's output ends.
    pub async fn started(mut self) {
        if let Some(mut control) = self.control.take() {
            let _ = control.write_all(b"started\n").await;
        }
    }

    /// The task did not start: the holder removes its files and exits.
    pub async fn abort(mut self) {
        drop(self.control.take());
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
        let _ = self.child.start_kill();
        self.fifos.remove();
        let _ = std::fs::remove_file(&self.socket);
    }
}

/// The attach sockets of live holders of a container, newest first.
pub fn sockets(scope: &Scope, id: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(scope.fifo_dir(id)) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sock"))
        .map(|p| {
            let modified = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (modified, p)
        })
        .collect();
    found.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    found.into_iter().map(|(_, p)| p).collect()
}

/// Connects to a holder's socket; returns once the holder has subscribed this client to the
/// container's output.
pub async fn connect(socket: &Path) -> std::io::Result<UnixStream> {
    let (_dir, short) = short_path(socket)?;
    let mut stream = UnixStream::connect(&short).await?;
    let mut buf = Vec::new();
    let hello = tokio::time::timeout(Duration::from_secs(10), read_frame(&mut stream, &mut buf))
        .await
        .map_err(|_| std::io::Error::other("the io holder does not answer"))??;
    if hello != Some(FRAME_HELLO) {
        return Err(std::io::Error::other(
            "unexpected answer from the io holder",
        ));
    }
    Ok(stream)
}

/// A socket address short enough for `sun_path` (108 bytes; the FIFO directory of a state dir
/// under a long path is not): the path through an open descriptor of its directory, which must
/// stay open while the address is used.
fn short_path(socket: &Path) -> std::io::Result<(std::fs::File, PathBuf)> {
    use std::os::fd::AsRawFd;
    let (Some(dir), Some(name)) = (socket.parent(), socket.file_name()) else {
        return Err(std::io::Error::other("bad socket path"));
    };
    let dir = std::fs::File::open(dir)?;
    let short = PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd())).join(name);
    Ok((dir, short))
}

type Chunk = (u8, Arc<Vec<u8>>);
type SharedStdin = Arc<Mutex<Option<pipe::Sender>>>;

/// The holder process's work (`linnet _io-holder`).
pub async fn serve(args: HolderArgs) -> Result<(), Error> {
    let set = FifoSet::create(&args.base, &args.fifo_name(), true, args.tty)?;
    let socket = args.socket();
    let result = serve_inner(&args, &set, &socket).await;
    let _ = std::fs::remove_file(&socket);
    set.remove();
    result
}

async fn serve_inner(args: &HolderArgs, set: &FifoSet, socket: &Path) -> Result<(), Error> {
    let ends = set.open()?;
    let _ = std::fs::remove_file(socket);
    let listener = short_path(socket)
        .and_then(|(_dir, short)| UnixListener::bind(short))
        .map_err(|e| Error::io("listen on", socket, e))?;
    let log = LogWriter::open(&args.log_path)?;
    {
        let mut out = tokio::io::stdout();
        out.write_all(b"ready\n")
            .await
            .map_err(|e| Error::io("write to", "the parent", e))?;
        out.flush()
            .await
            .map_err(|e| Error::io("write to", "the parent", e))?;
    }
    let (tx, _) = broadcast::channel::<Chunk>(1024);
    let stdin: SharedStdin = Arc::new(Mutex::new(ends.stdin));
    let mut outputs = JoinSet::new();
    outputs.spawn(copy_output(
        ends.stdout,
        FRAME_STDOUT,
        LineWriter::new(log.clone(), Stream::Stdout),
        tx.clone(),
    ));
    if let Some(stderr) = ends.stderr {
        outputs.spawn(copy_output(
            stderr,
            FRAME_STDERR,
            LineWriter::new(log, Stream::Stderr),
            tx.clone(),
        ));
    }
    let mut control = BufReader::new(tokio::io::stdin());
    let mut control_line = String::new();
    let mut control_open = true;
    let mut writers = JoinSet::new();
    let mut readers = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (rd, wr) = stream.into_split();
                let (ack_tx, ack_rx) = tokio::sync::oneshot::channel();
                writers.spawn(send_frames(wr, tx.subscribe(), ack_rx));
                // Docker's StdinOnce closes stdin at the end of input only without a terminal.
                let close_at_end = args.stdin_once && !args.tty;
                readers.spawn(forward_input(rd, Arc::clone(&stdin), close_at_end, ack_tx));
            }
            line = control.read_line(&mut control_line), if control_open => {
                match line {
                    Ok(n) if n > 0 && control_line.trim() == "started" => control_open = false,
                    // The parent went away without starting the task: nothing will ever write.
                    _ => return Ok(()),
                }
            }
            done = outputs.join_next() => {
                if done.is_none() {
                    break;
                }
            }
        }
    }
    // The container's output ended: let the clients take the rest, then go.
    drop(stdin.lock().await.take());
    drop(tx);
    drop(listener);
    let drain = async { while writers.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(10), drain).await;
    readers.abort_all();
    Ok(())
}

async fn copy_output(
    mut from: pipe::Receiver,
    code: u8,
    mut log: LineWriter,
    tx: broadcast::Sender<Chunk>,
) {
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let _ = tx.send((code, Arc::new(buf[..n].to_vec())));
        // Partial lines are written at once: a prompt must show in `logs` without waiting.
        if log.feed(&buf[..n]).is_ok() && log.has_pending() {
            let _ = log.flush_partial();
        }
    }
    let _ = log.flush_partial();
}

async fn send_frames(
    mut wr: tokio::net::unix::OwnedWriteHalf,
    mut rx: broadcast::Receiver<Chunk>,
    mut ack: tokio::sync::oneshot::Receiver<()>,
) {
    if write_frame(&mut wr, FRAME_HELLO, &[]).await.is_err() {
        return;
    }
    let mut acked = false;
    loop {
        let received = tokio::select! {
            Ok(()) = &mut ack, if !acked => {
                acked = true;
                if write_frame(&mut wr, FRAME_STDIN_CLOSED, &[]).await.is_err() {
                    return;
                }
                continue;
            }
            received = rx.recv() => received,
        };
        match received {
            Ok((code, data)) => {
                if write_frame(&mut wr, code, &data).await.is_err() {
                    return;
                }
            }
            // A slow client misses output rather than holding up the container.
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => break,
        }
    }
    let _ = wr.shutdown().await;
}

async fn forward_input(
    mut rd: tokio::net::unix::OwnedReadHalf,
    stdin: SharedStdin,
    close_at_end: bool,
    ack: tokio::sync::oneshot::Sender<()>,
) {
    let mut buf = Vec::new();
    loop {
        match read_frame(&mut rd, &mut buf).await {
            Ok(Some(INPUT_DATA)) => {
                let mut guard = stdin.lock().await;
                let Some(sender) = guard.as_mut() else { return };
                if sender.write_all(&buf).await.is_err() {
                    return;
                }
            }
            Ok(Some(INPUT_END)) => break,
            // A client that goes away (detached) leaves stdin as it is.
            _ => return,
        }
    }
    if close_at_end {
        // The attached client's input ended: so does the container's (Docker's StdinOnce).
        drop(stdin.lock().await.take());
        let _ = ack.send(());
    }
}

/// Writes one frame (output to a client, or input to the holder).
pub async fn write_frame<W: AsyncWriteExt + Unpin>(
    wr: &mut W,
    code: u8,
    data: &[u8],
) -> std::io::Result<()> {
    let mut frame = Vec::with_capacity(5 + data.len());
    frame.push(code);
    frame.extend_from_slice(&(data.len() as u32).to_be_bytes());
    frame.extend_from_slice(data);
    wr.write_all(&frame).await
}

/// Reads one output frame from a holder; `None` at the end of the output.
pub async fn read_frame<R: AsyncReadExt + Unpin>(
    rd: &mut R,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<u8>> {
    let mut head = [0u8; 5];
    match rd.read_exact(&mut head).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    buf.resize(len, 0);
    rd.read_exact(buf).await?;
    Ok(Some(head[0]))
}
