//! `linnet import`: turn a root filesystem tarball into a single-layer image, as `docker import`.

use anyhow::Context as _;
use clap::Args;
use linnet_image::Platform;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)
    #[arg(short = 'c', long = "change", value_name = "INSTRUCTION")]
    pub changes: Vec<String>,
    /// Set the commit message (stored in the history)
    #[arg(short = 'm', long)]
    pub message: Option<String>,
    /// Platform of the image (os/arch[/variant]). Default: this machine's
    #[arg(long)]
    pub platform: Option<String>,
    /// Tarball path (plain, gzip) or "-" for STDIN
    pub file: String,
    /// Name of the new image. Default: import-YYYYMMDD-HHMMSS:latest (UTC time of the import)
    pub reference: Option<String>,
}

pub async fn run(ctx: &Context, args: ImportArgs) -> anyhow::Result<u8> {
    let name = match &args.reference {
        Some(reference) => reference.clone(),
        None => format!("import-{}", chrono::Utc::now().format("%Y%m%d-%H%M%S")),
    };
    let name = linnet_reference::Reference::parse(&name)
        .with_context(|| format!("invalid reference {name:?}"))?
        .to_string();
    let platform = match &args.platform {
        Some(p) => Platform::parse(p)?,
        None => Platform::host(),
    };
    let input: Box<dyn std::io::Read + Send> = if args.file == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .with_context(|| format!("cannot open {}", args.file))?,
        )
    };
    let client = ctx.client().await?;
    let digest = linnet_image::import::import(
        &client,
        input,
        &name,
        &args.changes,
        args.message.as_deref(),
        platform,
        ctx.snapshotter(),
    )
    .await
    .context("cannot import tarball")?;
    println!("{digest}");
    Ok(0)
}
