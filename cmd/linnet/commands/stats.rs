//! `linnet stats`: a live table of the resource usage of containers (Docker's columns).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use clap::Args;
use linnet_container::ops;
use linnet_container::stats::{self, Sampler, Target};
use serde_json::Value;

use crate::context::Context;
use crate::exit::ExitError;
use crate::template::{Template, STATS_CONTEXT};

/// How often the counters are read, as Docker's daemon does.
const INTERVAL: Duration = Duration::from_secs(1);

const HEADER: [&str; 8] = [
    "CONTAINER ID",
    "NAME",
    "CPU %",
    "MEM USAGE / LIMIT",
    "MEM %",
    "NET I/O",
    "BLOCK I/O",
    "PIDS",
];
const FIELDS: [&str; 8] = [
    "ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDs",
];

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Show all containers (default shows just running)
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Format output: table, json, or a Go template such as 'table {{.Name}}\t{{.CPUPerc}}'
    #[arg(long)]
    pub format: Option<String>,
    /// Disable streaming stats and only pull the first result
    #[arg(long)]
    pub no_stream: bool,
    /// Do not truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Containers (names or IDs); default: all running ones
    pub containers: Vec<String>,
}

pub async fn run(ctx: &Context, args: StatsArgs) -> anyhow::Result<u8> {
    let template = match args.format.as_deref().unwrap_or("") {
        "" | "table" => None,
        "json" => Some(Template::parse("{{json .}}")?.context(STATS_CONTEXT)),
        other => Some(Template::parse(other)?.context(STATS_CONTEXT)),
    };
    let client = ctx.client().await?;
    let named = !args.containers.is_empty();
    let mut targets = Vec::new();
    let mut failed = false;
    for reference in &args.containers {
        match ops::resolve(&client, reference).await {
            Ok(c) => targets.push(Target {
                container: reference.clone(),
                c,
            }),
            Err(e) => {
                failed = true;
                eprintln!("linnet: error: {}", crate::exit::one_line(&e.into()));
            }
        }
    }
    // Docker shows nothing when one of the named containers does not exist.
    if failed {
        return Err(ExitError::silent(crate::exit::CODE_ERROR).into());
    }
    let mut sampler = Sampler::new();
    if !named {
        targets = stats::listed(&client, args.all).await?;
    }
    // The first reading only primes the CPU counters (Docker's --no-stream waits for a second).
    sampler.sample(&client, &targets).await?;
    let clear = !args.no_stream && std::io::stdout().is_terminal();
    loop {
        tokio::time::sleep(INTERVAL).await;
        if !named {
            targets = stats::listed(&client, args.all).await?;
        }
        let entries = sampler.sample(&client, &targets).await?;
        let rows: Vec<Value> = entries.iter().map(|e| e.to_json(args.no_trunc)).collect();
        let text = match &template {
            Some(t) => t.render_all(&rows)?,
            None => default_table(&rows),
        };
        let mut out = std::io::stdout().lock();
        if clear {
            // Docker's redraw: clear the screen, cursor home.
            out.write_all(b"\x1b[2J\x1b[H")?;
        }
        out.write_all(text.as_bytes())?;
        out.flush()?;
        if args.no_stream {
            return Ok(0);
        }
    }
}

fn default_table(rows: &[Value]) -> String {
    let mut cells = vec![HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for row in rows {
        cells.push(
            FIELDS
                .iter()
                .map(|f| row[*f].as_str().unwrap_or_default().to_string())
                .collect(),
        );
    }
    crate::tabwriter::render(&cells, 10, 3)
}
