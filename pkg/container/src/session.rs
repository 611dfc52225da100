//! Attach sessions: this terminal attached to a container's main process through its IO
//! [`holder`](crate::holder) (`run -i`, `start -ai`, `attach`), or following its log when it has
//! no holder (a `run -d` container without `-i`). A session ends when the container exits (its
//! code is returned) or when the detach keys are typed (the container keeps running).

use std::path::Path;
use std::time::Duration;

use linnet_containerd::{Client, Container, ExitInfo, TaskStatus};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;
use tokio::sync::oneshot;

use crate::attach::{log_path_of, print_entries, spawn_resize};
use crate::detach_keys::{DetachKeys, Detector};
use crate::holder::{self, Holder, FRAME_STDERR, FRAME_STDIN_CLOSED, INPUT_DATA, INPUT_END};
use crate::monitor::exit_code;
use crate::record::Record;
use crate::signals::{recv_opt, Proxy};
use crate::{ops, Error, LogReader, Scope};

/// How a session attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    /// Send our stdin to the container.
    pub stdin: bool,
    /// Forward SIGINT/SIGTERM to the container (never with a TTY: they are keys there).
    pub sig_proxy: bool,
    pub keys: DetachKeys,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The container exited with this code.
    Exited(u8),
    /// The detach keys were typed; the container still runs.
    Detached,
}

enum Ended {
    Exited(ExitInfo),
    Detached,
}

/// Starts a container whose IO goes through a new holder; returns a client connection to it
/// when `connect` (made before the task starts, so that no output is missed).
pub async fn start_held(
    client: &Client,
    scope: &Scope,
    c: &Container,
    log_path: &Path,
    stdin_once: bool,
    connect: bool,
) -> Result<Option<UnixStream>, Error> {
    let tty = Record::decode(&c.labels).tty;
    let holder = Holder::spawn(scope, &c.id, log_path, tty, stdin_once).await?;
    let stream = if connect {
        match holder.connect().await {
            Ok(stream) => Some(stream),
            Err(e) => {
                holder.abort().await;
                return Err(e);
            }
        }
    } else {
        None
    };
    match ops::start_task(client, c, &holder.task_io(tty)).await {
        Ok(_) => {
            holder.started().await;
            Ok(stream)
        }
        Err(e) => {
            holder.abort().await;
            Err(e)
        }
    }
}

/// `run -i` / `start -ai` ([`crate::lifecycle::Attach::Session`]): starts the container through
/// a holder and attaches to it. On exit the exit is recorded and the task deleted, as for other
/// attached runs, and the code returned; the detach keys give [`Error::Detached`].
pub(crate) async fn run_session(
    client: &Client,
    scope: &Scope,
    c: &Container,
    log_path: &Path,
    opts: SessionOptions,
) -> Result<u8, Error> {
    let tty = Record::decode(&c.labels).tty;
    let stream = start_held(client, scope, c, log_path, opts.stdin, true).await?;
    let Some(stream) = stream else {
        return Err(Error::InvalidArgument("no attach connection".into()));
    };
    match run_client(client, &c.id, stream, tty, opts).await? {
        Ended::Detached => Err(Error::Detached),
        Ended::Exited(exit) => {
            ops::record_exit(client, &c.id, &exit).await?;
            ops::delete_stopped_task(client, &c.id).await?;
            Ok(exit_code(exit.exit_status))
        }
    }
}

/// `linnet attach`: attaches to a running container, through its holder when it has one (`-i`
/// containers) and by following its log otherwise.
pub async fn attach(
    client: &Client,
    scope: &Scope,
    reference: &str,
    no_stdin: bool,
    sig_proxy: bool,
    keys: DetachKeys,
) -> Result<SessionEnd, Error> {
    let c = ops::resolve(client, reference).await?;
    match client.task_get(&c.id).await?.map(|t| t.status) {
        Some(TaskStatus::Running) => {}
        Some(TaskStatus::Paused | TaskStatus::Pausing) => {
            return Err(Error::InvalidArgument(
                "you cannot attach to a paused container, unpause it first".into(),
            ))
        }
        _ => {
            return Err(Error::InvalidArgument(
                "you cannot attach to a stopped container, start it first".into(),
            ))
        }
    }
    let record = Record::decode(&c.labels);
    for socket in holder::sockets(scope, &c.id) {
        // A socket left by a holder that died refuses connections.
        if let Ok(stream) = holder::connect(&socket).await {
            let opts = SessionOptions {
                stdin: !no_stdin && record.stdin_open,
                sig_proxy,
                keys,
            };
            return Ok(
                match run_client(client, &c.id, stream, record.tty, opts).await? {
                    Ended::Detached => SessionEnd::Detached,
                    Ended::Exited(exit) => SessionEnd::Exited(exit_code(exit.exit_status)),
                },
            );
        }
    }
    let log_path = log_path_of(&scope.container_dir(&c.id), &c);
    follow_log(client, &c.id, &log_path, sig_proxy && !record.tty).await
}

/// Streams new log entries until the container exits, forwarding signals when asked.
async fn follow_log(
    client: &Client,
    id: &str,
    log_path: &Path,
    sig_proxy: bool,
) -> Result<SessionEnd, Error> {
    let mut reader = LogReader::open(log_path)?;
    // Attach shows new output only.
    reader.read_new()?;
    let mut waiter = spawn_wait(client, id);
    let mut proxy = if sig_proxy {
        Some(Proxy::install()?)
    } else {
        None
    };
    loop {
        tokio::select! {
            exit = &mut waiter => {
                let exit = exit.map_err(Error::Wait)??;
                // The log driver writes what was still in the pipes after the exit: read until
                // the log stays quiet for a moment.
                let mut quiet = 0;
                for _ in 0..40 {
                    let entries = reader.read_new()?;
                    quiet = if entries.is_empty() { quiet + 1 } else { 0 };
                    print_entries(&entries);
                    if quiet >= 4 {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                return Ok(SessionEnd::Exited(exit_code(exit.exit_status)));
            }
            sig = recv_opt(&mut proxy) => ops::send_signal(client, id, sig).await?,
            _ = tokio::time::sleep(Duration::from_millis(50)) => print_entries(&reader.read_new()?),
        }
    }
}

fn spawn_wait(
    client: &Client,
    id: &str,
) -> tokio::task::JoinHandle<Result<ExitInfo, linnet_containerd::Error>> {
    let client = client.clone();
    let id = id.to_string();
    tokio::spawn(async move { client.task_wait(&id, None).await })
}

/// The client side of a holder connection: output frames to our stdout/stderr, our stdin
/// (through the detach-key detector) to the holder, the TTY size, signals, and the exit.
async fn run_client(
    client: &Client,
    id: &str,
    stream: UnixStream,
    tty: bool,
    opts: SessionOptions,
) -> Result<Ended, Error> {
    let (mut rd, mut wr) = stream.into_split();
    let raw = crate::attach::raw_mode(tty, opts.stdin)?;
    let mut waiter = spawn_wait(client, id);
    let (closer, closer_id) = (client.clone(), id.to_string());
    let mut output = tokio::spawn(async move {
        let mut buf = Vec::new();
        let mut stdout = tokio::io::stdout();
        let mut stderr = tokio::io::stderr();
        while let Ok(Some(code)) = holder::read_frame(&mut rd, &mut buf).await {
            if code == FRAME_STDIN_CLOSED {
                let _ = closer.task_close_io(&closer_id, None).await;
                continue;
            }
            let out: &mut (dyn tokio::io::AsyncWrite + Unpin + Send) = if code == FRAME_STDERR {
                &mut stderr
            } else {
                &mut stdout
            };
            if out.write_all(&buf).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    });
    let (detach_tx, mut detach_rx) = oneshot::channel::<()>();
    let mut detach_tx = Some(detach_tx);
    let input = if opts.stdin {
        let keys = opts.keys;
        Some(tokio::spawn(async move {
            let mut stdin = tokio::io::stdin();
            let mut detector = Detector::new(keys);
            let mut buf = vec![0u8; 4096];
            loop {
                let n = match stdin.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let scanned = detector.scan(&buf[..n]);
                if !scanned.forward.is_empty()
                    && holder::write_frame(&mut wr, INPUT_DATA, &scanned.forward)
                        .await
                        .is_err()
                {
                    return;
                }
                if scanned.detach {
                    if let Some(tx) = detach_tx.take() {
                        let _ = tx.send(());
                    }
                    // Keep the connection's input side open: detaching is not end of input.
                    std::future::pending::<()>().await;
                }
            }
            // End of our input (a `StdinOnce` holder closes the container's stdin).
            let _ = holder::write_frame(&mut wr, INPUT_END, &[]).await;
            std::future::pending::<()>().await;
        }))
    } else {
        // Never send anything, but keep the input side open.
        Some(tokio::spawn(async move {
            let _wr = wr;
            std::future::pending::<()>().await;
        }))
    };
    let resize = if tty {
        Some(spawn_resize(client, id, None)?)
    } else {
        None
    };
    let mut proxy = if opts.sig_proxy && !tty {
        Some(Proxy::install()?)
    } else {
        None
    };
    let ended = loop {
        tokio::select! {
            exit = &mut waiter => {
                let exit = exit.map_err(Error::Wait)?;
                // The holder ends the output once the shim has passed on everything.
                let _ = tokio::time::timeout(Duration::from_secs(5), &mut output).await;
                break exit.map(Ended::Exited).map_err(Error::from);
            }
            Ok(()) = &mut detach_rx => break Ok(Ended::Detached),
            sig = recv_opt(&mut proxy) => ops::send_signal(client, id, sig).await?,
        }
    };
    output.abort();
    if let Some(input) = input {
        input.abort();
    }
    if let Some(resize) = resize {
        resize.abort();
    }
    waiter.abort();
    drop(raw);
    ended
}
