//! `linnet history`: the history of an image, with Docker's columns and formats.

use std::io::Write;

use clap::Args;
use linnet_image::history::HistoryRow;
use serde_json::{json, Value};

use crate::context::Context;
use crate::output::{short_id, time_ago, Table};
use crate::template::{Template, HISTORY_CONTEXT};

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Print sizes and dates in human readable format
    #[arg(short = 'H', long, default_value_t = true, action = clap::ArgAction::Set,
          num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub human: bool,
    /// Don't truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Only show image IDs
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Format output: table, json, or a Go template such as '{{.ID}}: {{.CreatedBy}}'
    #[arg(long)]
    pub format: Option<String>,
    /// Image (name or ID)
    pub image: String,
}

pub async fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<u8> {
    let template = match args.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?.context(HISTORY_CONTEXT)),
        Some(other) => Some(
            Template::parse(other)?
                .headers(&[("ID", "IMAGE")])
                .context(HISTORY_CONTEXT),
        ),
    };
    let client = ctx.client().await?;
    let image = crate::util::local_image(&client, &args.image).await?;
    let rows = linnet_image::history::history(&client, &image, ctx.snapshotter()).await?;
    let values: Vec<Value> = rows.iter().map(|r| row_json(r, &args)).collect();
    let mut out = std::io::stdout().lock();
    if args.quiet {
        for v in &values {
            writeln!(out, "{}", v["ID"].as_str().unwrap_or_default())?;
        }
        return Ok(0);
    }
    if let Some(template) = template {
        write!(out, "{}", template.render_all(&values)?)?;
        return Ok(0);
    }
    let created = if args.human { "CREATED" } else { "CREATED AT" };
    let mut table = Table::new(&["IMAGE", created, "CREATED BY", "SIZE", "COMMENT"]);
    for v in &values {
        let cell = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        table.row(vec![
            cell("ID"),
            cell("CreatedSince"),
            cell("CreatedBy"),
            cell("Size"),
            cell("Comment"),
        ]);
    }
    table.print(&mut out)?;
    Ok(0)
}

/// Docker's history row (the fields `--format` sees), as its formatter renders them.
fn row_json(row: &HistoryRow, args: &HistoryArgs) -> Value {
    let id = match &row.id {
        Some(id) => short_id(id, args.no_trunc),
        None => "<missing>".to_string(),
    };
    let created_at = row
        .created
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        })
        .unwrap_or_default();
    let created_since = if !args.human {
        created_at.clone()
    } else if row.created.is_some() {
        time_ago(row.created)
    } else {
        // Docker shows the Unix epoch for an entry without a time.
        time_ago(chrono::DateTime::from_timestamp(0, 0))
    };
    let created_by = row.created_by.replace('\t', " ");
    let created_by = if args.no_trunc {
        created_by
    } else {
        ellipsis(&created_by, 45)
    };
    let size = if args.human {
        size_3(row.size)
    } else {
        row.size.to_string()
    };
    json!({
        "ID": id,
        "CreatedAt": created_at,
        "CreatedSince": created_since,
        "CreatedBy": created_by,
        "Size": size,
        "Comment": row.comment,
    })
}

/// Docker's `stringutils.Ellipsis`: at most `max` characters, the last one `…` when cut.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// go-units `HumanSizeWithPrecision(size, 3)`.
fn size_3(bytes: u64) -> String {
    linnet_spec::units::human_size3(bytes as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_formatting() {
        assert_eq!(size_3(9), "9B");
        assert_eq!(size_3(0), "0B");
        assert_eq!(size_3(1_984_132), "1.98MB");
        assert_eq!(size_3(12_345), "12.3kB");
        assert_eq!(size_3(123_456), "123kB");
        let long = "sh -c mkdir -p /data/sub && echo 1 > /data/a && echo 2";
        assert_eq!(
            ellipsis(long, 45),
            "sh -c mkdir -p /data/sub && echo 1 > /data/a…"
        );
        assert_eq!(ellipsis("short", 45), "short");
    }
}
