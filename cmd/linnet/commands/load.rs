//! `linnet load`: read images from an OCI archive or a docker-archive.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use linnet_image::archive::PlatformFilter;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Read from a tar archive file instead of STDIN
    #[arg(short = 'i', long)]
    pub input: Option<PathBuf>,
    /// Suppress the load output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Load this platform only; repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Load content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
}

pub async fn run(ctx: &Context, args: LoadArgs) -> anyhow::Result<u8> {
    let platforms = PlatformFilter::from_flags(args.all_platforms, &args.platform)?;
    let input: Box<dyn std::io::Read + Send> = match &args.input {
        Some(path) => Box::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        ),
        None => {
            if std::io::stdin().is_terminal() {
                anyhow::bail!("requested load from stdin, but stdin is empty");
            }
            Box::new(std::io::stdin())
        }
    };
    let client = ctx.client().await?;
    let names = linnet_image::archive::load(
        &client,
        input,
        &platforms,
        ctx.snapshotter(),
        &linnet_image::NoProgress,
    )
    .await
    .context("cannot load archive")?;
    if !args.quiet {
        let mut stdout = std::io::stdout().lock();
        for name in names {
            let shown = linnet_reference::Reference::parse(&name)
                .map(|r| r.familiar_string())
                .unwrap_or(name);
            writeln!(stdout, "Loaded image: {shown}")?;
        }
    }
    Ok(0)
}
