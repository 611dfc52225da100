//! `linnet images`: list images with nerdctl's columns.

use clap::Args;

use std::io::Write;

use linnet_image::select::{ImageQuery, LIST_FILTERS};

use crate::context::Context;
use crate::output::{human_size, short_id, time_ago, Table};
use crate::template::{Template, IMAGE_CONTEXT};

#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// Only show image IDs
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Don't truncate output
    #[arg(long)]
    pub no_trunc: bool,
    /// Show digests
    #[arg(long)]
    pub digests: bool,
    /// Show all images (default hides intermediate images; linnet makes none, so the lists agree)
    #[arg(short = 'a', long)]
    pub all: bool,
    /// Filter output (dangling=true|false, reference=PATTERN, label=KEY[=VALUE], before=IMAGE,
    /// since=IMAGE)
    #[arg(short = 'f', long)]
    pub filter: Vec<String>,
    /// Format output: table, json, or a Go-style template such as '{{.Repository}}'
    #[arg(long)]
    pub format: Option<String>,
    /// Only list images matching this repository[:tag]
    pub repository: Option<String>,
}

pub async fn run(ctx: &Context, args: ImagesArgs) -> anyhow::Result<u8> {
    if args.quiet && args.format.is_some() {
        anyhow::bail!("format and quiet must not be specified together");
    }
    let template = match args.format.as_deref() {
        None | Some("") | Some("table") => None,
        Some("json") => Some(Template::parse("{{json .}}")?.context(IMAGE_CONTEXT)),
        Some(other) => Some(
            Template::parse(other)?
                .headers(crate::template::IMAGES_HEADERS)
                .context(IMAGE_CONTEXT),
        ),
    };
    let filter = args
        .repository
        .as_deref()
        .map(linnet_reference::Reference::parse)
        .transpose()?;
    let filters = crate::util::parse_filters(&args.filter, LIST_FILTERS, "-f, --filter")?;
    let query = ImageQuery::from_filters(&filters)?;
    let client = ctx.client().await?;
    let mut rows = linnet_image::select::list_images(&client, ctx.snapshotter(), &query).await?;
    if let Some(filter) = &filter {
        let tag_given = args
            .repository
            .as_deref()
            .is_some_and(|s| s.rsplit_once(':').is_some_and(|(_, t)| !t.contains('/')));
        rows.retain(|row| {
            linnet_reference::Reference::parse(&row.name)
                .is_ok_and(|r| r.name() == filter.name() && (!tag_given || r.tag() == filter.tag()))
        });
    }

    let mut out = std::io::stdout().lock();
    if args.quiet {
        let mut seen = std::collections::HashSet::new();
        for row in &rows {
            let id = short_id(&row.digest, args.no_trunc);
            if seen.insert(id.clone()) {
                writeln!(out, "{id}")?;
            }
        }
        return Ok(0);
    }
    if let Some(template) = template {
        let values: Vec<serde_json::Value> =
            rows.iter().map(|r| to_json(r, args.no_trunc)).collect();
        write!(out, "{}", template.render_all(&values)?)?;
        return Ok(0);
    }
    let mut header = vec!["REPOSITORY", "TAG"];
    if args.digests {
        header.push("DIGEST");
    }
    header.extend(["IMAGE ID", "CREATED", "PLATFORM", "SIZE", "BLOB SIZE"]);
    let mut table = Table::new(&header);
    for row in &rows {
        let mut cells = vec![row.repository.clone(), row.tag.clone()];
        if args.digests {
            cells.push(row.digest.clone());
        }
        cells.extend([
            short_id(&row.digest, args.no_trunc),
            created_since(row),
            row.platform.clone(),
            human_size(row.size),
            human_size(row.blob_size),
        ]);
        table.row(cells);
    }
    table.print(&mut out)?;
    Ok(0)
}

/// Docker shows `N/A` for an image whose config has no creation time.
fn created_since(row: &linnet_image::ImageSummary) -> String {
    match row.created {
        Some(_) => time_ago(row.created),
        None => "N/A".to_string(),
    }
}

/// nerdctl's JSON keys for `images --format json`.
fn to_json(row: &linnet_image::ImageSummary, no_trunc: bool) -> serde_json::Value {
    serde_json::json!({
        "CreatedAt": row.created.unwrap_or_default().format("%Y-%m-%d %H:%M:%S %z UTC").to_string(),
        "CreatedSince": created_since(row),
        "Digest": row.digest,
        "ID": short_id(&row.digest, no_trunc),
        "Repository": row.repository,
        "Tag": row.tag,
        "Name": row.name,
        "Size": human_size(row.size),
        "BlobSize": human_size(row.blob_size),
        "Platform": row.platform,
        // Docker's imageContext fields: counts and shared sizes only `system df -v` computes.
        "Containers": "N/A",
        "SharedSize": "N/A",
        "UniqueSize": "N/A",
        "VirtualSize": go_human_size(row.size),
    })
}

/// go-units `HumanSize` (Docker's `VirtualSize` column, `1.984MB`).
fn go_human_size(bytes: u64) -> String {
    linnet_spec::units::human_size(bytes as f64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn go_human_size_is_go_units() {
        let h = super::go_human_size;
        assert_eq!(h(0), "0B");
        assert_eq!(h(999), "999B");
        assert_eq!(h(1000), "1kB");
        assert_eq!(h(1_984_000), "1.984MB");
        assert_eq!(h(123_456_789), "123.5MB");
    }
}
