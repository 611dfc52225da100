//! `linnet events`: Docker's event messages for this namespace, replayed from linnet's event
//! journal (`--since`/`--until`) and followed live.

use std::io::Write;

use chrono::Utc;
use clap::Args;
use linnet_container::events::{self, stream::Query, DockerEvent, EventFilter, Journal};
use linnet_container::filter::Filters;
use linnet_container::timespec;

use crate::context::Context;
use crate::exit::{ExitError, CODE_FAILURE};
use crate::template::Template;

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Show all events created since timestamp
    #[arg(long)]
    pub since: Option<String>,
    /// Stream events until this timestamp
    #[arg(long)]
    pub until: Option<String>,
    /// Filter output based on conditions provided (type, event, container, image, label)
    #[arg(short = 'f', long = "filter", value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Format the output using the given Go template ('json' for one JSON object per line)
    #[arg(long)]
    pub format: Option<String>,
}

pub async fn run(ctx: &Context, args: EventsArgs) -> anyhow::Result<u8> {
    let now = Utc::now();
    let time = |v: &Option<String>| v.as_deref().map(|t| timespec::parse(t, now)).transpose();
    let filters =
        Filters::parse(&args.filter).map_err(|e| ExitError::new(CODE_FAILURE, e.to_string()))?;
    let query = Query {
        since: time(&args.since)?,
        until: time(&args.until)?,
        filter: EventFilter::new(filters)?,
    };
    // `{{json .}}` is printed with Docker's key order (templates see an unordered object).
    let json = matches!(
        args.format.as_deref().map(str::trim),
        Some("json" | "{{json .}}")
    );
    let template = match args.format.as_deref() {
        None | Some("") => None,
        Some(_) if json => None,
        Some(other) => Some(Template::parse(other)?),
    };
    let client = ctx.client().await?;
    let journal = Journal::new(&ctx.paths.data_root().join("events"));
    let mut out = std::io::stdout().lock();
    let mut print = |e: &DockerEvent| -> Result<(), linnet_container::Error> {
        let line = match &template {
            Some(t) => t
                .render(&e.to_json())
                .map_err(|err| linnet_container::Error::InvalidArgument(err.to_string()))?,
            None if json => e.to_json_text(),
            None => e.to_line(),
        };
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|source| linnet_container::Error::Io {
                op: "write",
                path: "standard output".into(),
                source,
            })
    };
    events::stream::run(&client, &journal, &query, &mut print).await?;
    Ok(0)
}
