//! `linnet logs`: print the logs linnet keeps for every container.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use linnet_container::timespec::Window;
use linnet_container::{logfile, ops, LogReader};
use linnet_containerd::TaskStatus;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Follow log output
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Show timestamps
    #[arg(short = 't', long)]
    pub timestamps: bool,
    /// Number of lines to show from the end of the logs ("all" for every line)
    #[arg(
        short = 'n',
        long,
        default_value = "all",
        allow_negative_numbers = true
    )]
    pub tail: String,
    /// Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)
    #[arg(long)]
    pub since: Option<String>,
    /// Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)
    #[arg(long)]
    pub until: Option<String>,
    /// Container (name or ID)
    pub container: String,
}

pub async fn run(ctx: &Context, args: LogsArgs) -> anyhow::Result<u8> {
    let tail = logfile::parse_tail(&args.tail)?;
    // As Docker's json-file reader: the tail is taken first, then the time window applies.
    let window = Window::parse(
        args.since.as_deref(),
        args.until.as_deref(),
        chrono::Utc::now(),
    )?;
    let keep = |entries: Vec<linnet_container::LogEntry>| -> Vec<linnet_container::LogEntry> {
        entries
            .into_iter()
            .filter(|e| window.contains_text(&e.time))
            .collect()
    };
    let client = ctx.client().await?;
    let c = ops::resolve(&client, &args.container).await?;
    let path = linnet_container::attach::log_path_of(&ctx.scope().container_dir(&c.id), &c);
    let mut reader = LogReader::open(&path)?;
    let entries = keep(logfile::tail(reader.read_new()?, tail));
    print(&entries, args.timestamps);
    if !args.follow || window.ended(chrono::Utc::now()) {
        return Ok(0);
    }
    let running = |task: Option<linnet_containerd::TaskInfo>| {
        task.is_some_and(|t| t.status != TaskStatus::Stopped)
    };
    if !running(client.task_get(&c.id).await?) {
        return Ok(0);
    }
    // Follow until the task ends; the waiter only observes, it does not reap.
    let mut waiter = {
        let client = client.clone();
        let id = c.id.clone();
        tokio::spawn(async move { client.task_wait(&id, None).await })
    };
    loop {
        tokio::select! {
            _ = &mut waiter => {
                // Give the log driver a moment to write what was still in the pipes.
                tokio::time::sleep(Duration::from_millis(300)).await;
                print(&keep(reader.read_new()?), args.timestamps);
                return Ok(0);
            }
            _ = tokio::time::sleep(Duration::from_millis(100)) => {
                print(&keep(reader.read_new()?), args.timestamps);
                if window.ended(chrono::Utc::now()) {
                    return Ok(0);
                }
            }
        }
    }
}

fn print(entries: &[linnet_container::LogEntry], timestamps: bool) {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for e in entries {
        let text = logfile::format_entry(e, timestamps);
        let _ = if e.is_stderr() {
            stderr.write_all(text.as_bytes())
        } else {
            stdout.write_all(text.as_bytes())
        };
    }
    let _ = stdout.flush();
    let _ = stderr.flush();
}
