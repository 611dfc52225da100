//! `linnet images`: list images with nerdctl's columns.

use clap::Args;

use std::io::Write;

use crate::context::Context;
use crate::output::{human_size, short_id, time_ago, Table};
use crate::template::Template;

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
        Some("json") => Some(Template::parse("{{json .}}")?),
        Some(other) => Some(Template::parse(other)?),
    };
    let filter = args
        .repository
        .as_deref()
        .map(linnet_reference::Reference::parse)
        .transpose()?;
    let client = ctx.client().await?;
    let mut images = client.image_list(&[]).await?;
    images.sort_by(|a, b| a.name.cmp(&b.name));
    let mut rows = Vec::new();
    for image in &images {
        if let Some(filter) = &filter {
            let Ok(r) = linnet_reference::Reference::parse(&image.name) else {
                continue;
            };
            let tag_given = args
                .repository
                .as_deref()
                .is_some_and(|s| s.rsplit_once(':').is_some_and(|(_, t)| !t.contains('/')));
            if r.name() != filter.name() || (tag_given && r.tag() != filter.tag()) {
                continue;
            }
        }
        let summary = linnet_image::image_summary(&client, image, ctx.snapshotter()).await?;
        rows.push(summary);
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
            time_ago(row.created),
            row.platform.clone(),
            human_size(row.size),
            human_size(row.blob_size),
        ]);
        table.row(cells);
    }
    table.print(&mut out)?;
    Ok(0)
}

/// nerdctl's JSON keys for `images --format json`.
fn to_json(row: &linnet_image::ImageSummary, no_trunc: bool) -> serde_json::Value {
    serde_json::json!({
        "CreatedAt": row.created.map(|c| c.format("%Y-%m-%d %H:%M:%S %z UTC").to_string()).unwrap_or_default(),
        "CreatedSince": time_ago(row.created),
        "Digest": row.digest,
        "ID": short_id(&row.digest, no_trunc),
        "Repository": row.repository,
        "Tag": row.tag,
        "Name": row.name,
        "Size": human_size(row.size),
        "BlobSize": human_size(row.blob_size),
        "Platform": row.platform,
    })
}
