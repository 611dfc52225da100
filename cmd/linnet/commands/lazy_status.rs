//! `linnet image lazy-status`: which layers of an image the snapshotter serves lazily and how
//! much of each it has fetched.
//!
//! linnet's snapshotter publishes one `<snapshotter root>/lazy/<id>.json` per mounted remote
//! layer, rewritten every second; this command matches them to the image's layers by chain id
//! (the name remote snapshots are committed under) and layer digest.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use serde_json::json;

use crate::context::Context;
use crate::output::{human_size, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct LazyStatusArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Images to report on [default: every image of the namespace]
    pub images: Vec<String>,
}

/// One layer's line.
struct Row {
    image: String,
    layer: String,
    size: u64,
    status: Option<linnet_snapshotter::StatusRecord>,
}

pub async fn run(ctx: &Context, args: LazyStatusArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let images = if args.images.is_empty() {
        let mut all = client.image_list(&[]).await?;
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    } else {
        let mut found = Vec::new();
        for name in &args.images {
            let image = linnet_image::find_image(&client, name)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no such image: {name}"))?;
            found.push(image);
        }
        found
    };
    let root = ctx.paths.snapshotter_root();
    let records: HashMap<(String, String), linnet_snapshotter::StatusRecord> =
        linnet_snapshotter::read_status(&root)
            .into_iter()
            .map(|r| ((r.snapshot.clone(), r.layer.clone()), r))
            .collect();
    let named = !args.images.is_empty();
    let mut rows = Vec::new();
    for image in &images {
        let resolved =
            linnet_image::resolve_present(&client, image, &linnet_image::Platform::host()).await;
        let (_, manifest, _) = match resolved {
            Ok(r) => r,
            // Listing everything: images of other platforms have nothing to report.
            Err(_) if !named => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read image {}", image.name)),
        };
        let config = client.content_read(&manifest.config.digest).await?;
        let header = linnet_image::manifest::parse_config_header(&manifest.config.digest, &config)?;
        let chains = linnet_image::chain_ids(&header.rootfs.diff_ids);
        for (layer, chain) in manifest.layers.iter().zip(chains) {
            rows.push(Row {
                image: image.name.clone(),
                layer: layer.digest.clone(),
                size: layer.size,
                status: records.get(&(chain, layer.digest.clone())).cloned(),
            });
        }
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let values: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut v = json!({
                        "image": r.image,
                        "layer": r.layer,
                        "size": r.size,
                        "lazy": r.status.is_some(),
                    });
                    if let Some(s) = &r.status {
                        v["spansFetched"] = json!(s.spans_fetched);
                        v["spansTotal"] = json!(s.spans_total);
                        v["bytesFetched"] = json!(s.bytes_fetched);
                        v["mountpoint"] = json!(s.mountpoint);
                        v["trust"] = json!(s.trust);
                        v["verified"] = json!(s.verified);
                        v["poisoned"] = json!(s.poisoned);
                        v["headerFailures"] = json!(s.header_failures);
                        v["lastHeaderFailure"] = json!(s.header_failure);
                    }
                    v
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&values)?)?;
        }
        Format::Table => {
            let mut table = Table::new(&["IMAGE", "LAYER", "SIZE", "STATE", "SPANS", "FETCHED"]);
            for r in &rows {
                let short = r.layer.strip_prefix("sha256:").unwrap_or(&r.layer);
                let short = short.get(..12).unwrap_or(short).to_string();
                let (state, spans, fetched) = match &r.status {
                    Some(s) => (
                        if let Some(why) = &s.poisoned {
                            format!("POISONED: {why}")
                        } else if s.verified {
                            "lazy (complete, verified)".to_string()
                        } else if s.spans_fetched >= s.spans_total {
                            "lazy (complete)".to_string()
                        } else {
                            "lazy".to_string()
                        },
                        format!("{}/{}", s.spans_fetched, s.spans_total),
                        human_size(s.bytes_fetched),
                    ),
                    None => ("local".to_string(), "-".to_string(), "-".to_string()),
                };
                table.row(vec![
                    r.image.clone(),
                    short,
                    human_size(r.size),
                    state,
                    spans,
                    fetched,
                ]);
            }
            table.print(&mut out)?;
        }
    }
    Ok(0)
}
