//! `linnet run`: create and start a container, then follow it (or print its ID with `-d`).
//!
//! Without `-i`/`-t` the container's output always goes through the binary log driver and `run`
//! follows the log file, so every container has logs. With `-i`/`-t` linnet attaches FIFOs
//! itself and writes the json log on the side. `-d --rm` leaves the removal to a detached
//! `linnet _monitor` process.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;
use linnet_container::ops::{self, TaskIo};
use linnet_container::{FifoEnds, FifoSet, LineWriter, LogReader, LogWriter, Stream};
use linnet_containerd::{Client, Container};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::signal::unix::{signal, SignalKind};
use tokio::task::JoinHandle;

use crate::commands::create::{
    as_run_failure, container_error, create_container, ContainerOptions,
};
use crate::context::Context;

#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct RunArgs {
    /// Print help (`-h` is `--hostname`, as in Docker)
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Run the container in the background and print its ID
    #[arg(short = 'd', long)]
    pub detach: bool,
    /// Remove the container when it exits
    #[arg(long)]
    pub rm: bool,
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(ctx: &Context, mut args: RunArgs) -> anyhow::Result<u8> {
    args.options.split_args("run")?;
    run_inner(ctx, args).await.map_err(as_run_failure)
}

async fn run_inner(ctx: &Context, args: RunArgs) -> anyhow::Result<u8> {
    let opts = &args.options;
    let client = ctx.client().await?;
    let created = create_container(ctx, &client, opts, args.rm).await?;
    let container = created.container;
    let dir = ctx.container_dir(&created.id);

    let outcome = if args.detach {
        let io = TaskIo::log_uri(&log_uri(&created.log_path)?, opts.tty);
        match ops::start_task(&client, &container, &io).await {
            Ok(_) => {
                if args.rm {
                    spawn_monitor(ctx, &created.id)?;
                }
                println!("{}", created.id);
                return Ok(0);
            }
            Err(e) => Err(container_error(e)),
        }
    } else if opts.interactive || opts.tty {
        attach_fifos(
            ctx,
            &client,
            &container,
            opts.interactive,
            opts.tty,
            &created.log_path,
        )
        .await
    } else {
        attach_logs(&client, &container, &created.log_path).await
    };
    if args.rm {
        if let Err(e) = ops::remove(&client, &container, &dir, true).await {
            tracing::warn!("cannot remove container {}: {e}", created.id);
        }
    }
    outcome
}

/// The `binary://` URI that makes the shim run this linnet as the container's log driver.
pub fn log_uri(log_path: &Path) -> anyhow::Result<String> {
    let exe = std::env::current_exe().context("cannot find the linnet executable")?;
    Ok(linnet_container::log_uri(&exe, log_path))
}

/// Docker reports exit statuses modulo 256.
pub fn exit_code(status: u32) -> u8 {
    (status % 256) as u8
}

fn print_entries(entries: &[linnet_container::LogEntry]) {
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
/// exits, forwarding SIGINT and SIGTERM (Docker's sig-proxy). Returns the exit code.
pub async fn attach_logs(client: &Client, c: &Container, log_path: &Path) -> anyhow::Result<u8> {
    let mut reader = LogReader::open(log_path)?;
    // Attach shows new output only.
    reader.read_new()?;
    let io = TaskIo::log_uri(&log_uri(log_path)?, false);
    ops::start_task(client, c, &io)
        .await
        .map_err(container_error)?;
    let mut waiter = {
        let client = client.clone();
        let id = c.id.clone();
        tokio::spawn(async move { ops::wait_and_reap(&client, &id).await })
    };
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigterm = signal(SignalKind::terminate())?;
    loop {
        tokio::select! {
            result = &mut waiter => {
                // The task is deleted, so the log driver has flushed everything.
                print_entries(&reader.read_new()?);
                let status = result.context("wait task failed")??;
                return Ok(exit_code(status));
            }
            _ = sigint.recv() => ops::send_signal(client, &c.id, libc::SIGINT).await?,
            _ = sigterm.recv() => ops::send_signal(client, &c.id, libc::SIGTERM).await?,
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
}

impl Pumps {
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

/// Copies our stdin to the process and its output to ours (and to `log`), and keeps the
/// console size in sync with a terminal.
pub fn pump(
    client: &Client,
    id: &str,
    exec_id: Option<&str>,
    ends: FifoEnds,
    tty: bool,
    log: Option<LogWriter>,
) -> anyhow::Result<Pumps> {
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
    if let Some(mut sender) = ends.stdin {
        let client = client.clone();
        let id = id.to_string();
        let exec_id = exec_id.map(str::to_string);
        others.push(tokio::spawn(async move {
            let mut stdin = tokio::io::stdin();
            let _ = tokio::io::copy(&mut stdin, &mut sender).await;
            drop(sender);
            // EOF on our stdin (Ctrl-D) closes the process's stdin.
            let _ = client.task_close_io(&id, exec_id.as_deref()).await;
        }));
    }
    if tty {
        let client = client.clone();
        let id = id.to_string();
        let exec_id = exec_id.map(str::to_string);
        let mut winch = signal(SignalKind::window_change())?;
        others.push(tokio::spawn(async move {
            loop {
                if let Some((w, h)) = linnet_container::tty::terminal_size() {
                    let _ = client
                        .task_resize_pty(&id, exec_id.as_deref(), u32::from(w), u32::from(h))
                        .await;
                }
                if winch.recv().await.is_none() {
                    break;
                }
            }
        }));
    }
    Ok(Pumps { outputs, others })
}

/// The FIFO directory of a container.
pub fn fifo_dir(ctx: &Context, id: &str) -> std::path::PathBuf {
    ctx.paths.state_dir().join("fifo").join(id)
}

/// Starts the container with FIFOs attached to this terminal (`-i`, `-t`), copying its output
/// to the json log as well. Returns the exit code.
pub async fn attach_fifos(
    ctx: &Context,
    client: &Client,
    c: &Container,
    interactive: bool,
    tty: bool,
    log_path: &Path,
) -> anyhow::Result<u8> {
    let set = FifoSet::create(&fifo_dir(ctx, &c.id), "init", interactive, tty)?;
    let result = attach_fifos_inner(client, c, &set, interactive, tty, log_path).await;
    set.remove();
    result
}

async fn attach_fifos_inner(
    client: &Client,
    c: &Container,
    set: &FifoSet,
    interactive: bool,
    tty: bool,
    log_path: &Path,
) -> anyhow::Result<u8> {
    let ends = set.open()?;
    let io = TaskIo {
        stdin: set.stdin_str(),
        stdout: set.stdout_str(),
        stderr: set.stderr_str(),
        terminal: tty,
    };
    let log = LogWriter::open(log_path)?;
    ops::start_task(client, c, &io)
        .await
        .map_err(container_error)?;
    let raw = if tty && interactive {
        linnet_container::tty::RawModeGuard::stdin()?
    } else {
        None
    };
    let pumps = pump(client, &c.id, None, ends, tty, Some(log))?;
    let exit = wait_with_sig_proxy(client, &c.id, None).await;
    pumps.finish().await;
    drop(raw);
    let exit = exit?;
    ops::record_exit(client, &c.id, &exit).await?;
    match client.task_delete(&c.id).await {
        Ok(_) => {}
        Err(e) if e.is_not_found() => {}
        Err(e) => return Err(e.into()),
    }
    Ok(exit_code(exit.exit_status))
}

/// Waits for a process while forwarding SIGINT/SIGTERM to it.
pub async fn wait_with_sig_proxy(
    client: &Client,
    id: &str,
    exec_id: Option<&str>,
) -> anyhow::Result<linnet_containerd::ExitInfo> {
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigterm = signal(SignalKind::terminate())?;
    let wait = client.task_wait(id, exec_id);
    tokio::pin!(wait);
    loop {
        tokio::select! {
            exit = &mut wait => return Ok(exit?),
            _ = sigint.recv() => {
                let _ = client.task_kill(id, exec_id, libc::SIGINT as u32, false).await;
            }
            _ = sigterm.recv() => {
                let _ = client.task_kill(id, exec_id, libc::SIGTERM as u32, false).await;
            }
        }
    }
}

/// Starts `linnet _monitor ID` fully detached to remove a `run -d --rm` container on exit.
pub fn spawn_monitor(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find the linnet executable")?;
    let mut cmd = std::process::Command::new(exe);
    if let Some(address) = &ctx.global.address {
        cmd.arg("--address").arg(address);
    }
    cmd.arg("--namespace").arg(ctx.namespace());
    if let Some(root) = &ctx.global.data_root {
        cmd.arg("--data-root").arg(root);
    }
    cmd.arg("--snapshotter").arg(ctx.snapshotter());
    cmd.arg("_monitor").arg(id);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe; it detaches the monitor from our session and terminal.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            nix::unistd::setsid().map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    cmd.spawn().context("cannot start the container monitor")?;
    Ok(())
}
