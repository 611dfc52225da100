//! `linnet image inspect`: Docker-style JSON for images.

use std::io::Write;

use anyhow::Context as _;
use clap::Args;
use linnet_reference::Reference;
use serde_json::{json, Value};

use crate::context::Context;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct ImageInspectArgs {
    /// Format the output using a Go-style template such as '{{.Id}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Images
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(ctx: &Context, args: ImageInspectArgs) -> anyhow::Result<u8> {
    let template = args.format.as_deref().map(Template::parse).transpose()?;
    let values = inspect_json(ctx, &args.images).await?;
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(v)?)?;
            }
        }
        None => writeln!(out, "{}", serde_json::to_string_pretty(&values)?)?,
    }
    Ok(0)
}

/// Docker-style inspect objects for images; fails on the first name that is not an image.
pub async fn inspect_json(ctx: &Context, names: &[String]) -> anyhow::Result<Vec<Value>> {
    let client = ctx.client().await?;
    let all = client.image_list(&[]).await?;
    let mut values = Vec::new();
    for name in names {
        let image = linnet_image::find_image(&client, name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no such image: {name}"))?;
        values.push(image_json(&client, &image, &all, ctx.snapshotter()).await?);
    }
    Ok(values)
}

async fn image_json(
    client: &linnet_containerd::Client,
    image: &linnet_containerd::Image,
    all: &[linnet_containerd::Image],
    snapshotter: &str,
) -> anyhow::Result<Value> {
    let (_, manifest, platform) =
        linnet_image::resolve_present(client, image, &linnet_image::Platform::host()).await?;
    let config_bytes = client.content_read(&manifest.config.digest).await?;
    let config: Value = serde_json::from_slice(&config_bytes)
        .with_context(|| format!("invalid image config {}", manifest.config.digest))?;
    let summary = linnet_image::image_summary(client, image, snapshotter).await?;
    let mut repo_tags = Vec::new();
    let mut repo_digests = Vec::new();
    for other in all
        .iter()
        .filter(|i| i.target.digest == image.target.digest)
    {
        if let Ok(r) = Reference::parse(&other.name) {
            if r.tag().is_some() {
                repo_tags.push(r.familiar_string());
            }
            let digest_ref = format!("{}@{}", r.familiar_name(), image.target.digest);
            if !repo_digests.contains(&digest_ref) {
                repo_digests.push(digest_ref);
            }
        }
    }
    Ok(json!({
        "Id": image.target.digest,
        "RepoTags": repo_tags,
        "RepoDigests": repo_digests,
        "Created": config.get("created").cloned().unwrap_or(Value::Null),
        "Author": config.get("author").cloned().unwrap_or(json!("")),
        "Architecture": platform.architecture,
        "Variant": platform.variant,
        "Os": platform.os,
        "Size": summary.size,
        "VirtualSize": summary.size,
        "Config": config.get("config").cloned().unwrap_or(json!({})),
        "RootFS": {
            "Type": config.pointer("/rootfs/type").cloned().unwrap_or(json!("layers")),
            "Layers": config.pointer("/rootfs/diff_ids").cloned().unwrap_or(json!([])),
        },
        "Metadata": {"LastTagTime": image.updated_at.map(|t| t.to_rfc3339())},
        "Descriptor": {
            "mediaType": image.target.media_type,
            "digest": image.target.digest,
            "size": image.target.size,
        },
        "ConfigDigest": manifest.config.digest,
    }))
}
