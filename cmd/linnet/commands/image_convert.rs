//! `linnet image convert --soci SRC DST`: make an image SOCI-enabled (a SOCI index v2 beside
//! each platform manifest, or v1 linked by `subject`), as `nerdctl image convert --soci` does.

use std::io::Write;

use anyhow::bail;
use clap::Args;
use linnet_image::{ConvertOptions, LayerResult};
use linnet_reference::Reference;
use linnet_soci::IndexVersion;

use crate::context::Context;
use crate::output::{human_size, progress_for, Stream};

#[derive(Debug, Args)]
pub struct ImageConvertArgs {
    /// Convert to a SOCI-enabled image (build ztocs and a SOCI index)
    #[arg(long)]
    pub soci: bool,
    /// Span size of the ztocs in bytes (soci's --span-size)
    #[arg(long, default_value_t = 4 << 20, value_name = "BYTES")]
    pub soci_span_size: u64,
    /// Layers smaller than this get no ztoc (soci's --min-layer-size)
    #[arg(long, default_value_t = 10 << 20, value_name = "BYTES")]
    pub soci_min_layer_size: u64,
    /// SOCI index manifest version: v2 (a new image index carries it) or v1 (linked by subject)
    #[arg(long, default_value = "v2", value_parser = ["v1", "v2"], value_name = "VERSION")]
    pub soci_index_version: String,
    /// Convert this platform's manifest (os/arch[/variant]); repeatable or comma-separated
    #[arg(long)]
    pub platform: Vec<String>,
    /// Convert every platform of the image
    #[arg(long)]
    pub all_platforms: bool,
    /// Write OCI media types (always the case for SOCI conversion; accepted for nerdctl scripts)
    #[arg(long)]
    pub oci: bool,
    /// Print only the digest of the converted image
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Source image
    pub source: String,
    /// Destination image (a tag)
    pub destination: String,
}

pub async fn run(ctx: &Context, args: ImageConvertArgs) -> anyhow::Result<u8> {
    if !args.soci {
        bail!("no conversion requested: linnet converts to SOCI images only (add --soci)");
    }
    let dest = Reference::parse(&args.destination)?;
    let platforms = crate::util::parse_platforms(&args.platform)?;
    let options = ConvertOptions {
        span_size: args.soci_span_size,
        min_layer_size: args.soci_min_layer_size,
        version: if args.soci_index_version == "v1" {
            IndexVersion::V1
        } else {
            IndexVersion::V2
        },
        platforms,
        all_platforms: args.all_platforms,
    };
    if options.span_size == 0 {
        bail!("--soci-span-size must be greater than 0");
    }
    let client = ctx.client().await?;
    let image = crate::util::local_image(&client, &args.source).await?;
    let registry = ctx.registry()?;
    let progress = progress_for(args.quiet, Stream::Stderr);
    let report = linnet_image::convert_soci(
        &client,
        &registry,
        &image,
        &dest,
        &options,
        progress.as_ref(),
    )
    .await?;
    drop(progress);

    let mut out = std::io::stdout().lock();
    if args.quiet {
        writeln!(out, "{}", report.target.digest)?;
        return Ok(0);
    }
    for layer in &report.layers {
        match &layer.result {
            LayerResult::Ztoc {
                digest,
                size,
                spans,
                files,
                seconds,
            } => writeln!(
                out,
                "layer {} -> ztoc {} ({}, {spans} spans, {files} files, {seconds:.1}s)",
                layer.layer.digest,
                digest,
                human_size(*size)
            )?,
            LayerResult::Skipped(reason) => writeln!(out, "{reason}")?,
        }
    }
    for (platform, digest) in &report.indexes {
        writeln!(out, "soci index {digest} ({platform})")?;
    }
    writeln!(out, "{}@{}", dest.familiar_string(), report.target.digest)?;
    Ok(0)
}
