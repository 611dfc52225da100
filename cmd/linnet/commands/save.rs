//! `linnet save`: write images to a tar archive readable by `load`, `docker load` and OCI tools.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::Args;
use linnet_image::archive::PlatformFilter;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Write to a file instead of STDOUT
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
    /// Save this platform only (os/arch[/variant]); repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Save content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// Images
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(ctx: &Context, args: SaveArgs) -> anyhow::Result<u8> {
    let platforms = PlatformFilter::from_flags(args.all_platforms, &args.platform)?;
    if args.output.is_none() && std::io::stdout().is_terminal() {
        anyhow::bail!("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    }
    let client = ctx.client().await?;
    let mut names = Vec::new();
    for image in &args.images {
        let found = linnet_image::find_image(&client, image)
            .await
            .with_context(|| format!("cannot look up image {image}"))?;
        match found {
            Some(found) => names.push(found.name),
            None => anyhow::bail!("no such image: {image}"),
        }
    }
    match &args.output {
        Some(path) => save_to_file(&client, &names, &platforms, path).await?,
        None => {
            let out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout());
            linnet_image::archive::save(&client, &names, &platforms, out)
                .await
                .context("cannot save images")?;
        }
    }
    Ok(0)
}

/// Writes next to `path` and renames at the end, so a failed save leaves no partial file.
async fn save_to_file(
    client: &linnet_containerd::Client,
    names: &[String],
    platforms: &PlatformFilter,
    path: &Path,
) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let result = async {
        let writer = file
            .try_clone()
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let out = std::io::BufWriter::with_capacity(1 << 20, writer);
        linnet_image::archive::save(client, names, platforms, out)
            .await
            .context("cannot save images")?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
    }
    .await;
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
