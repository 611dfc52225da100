//! `linnet push`: upload an image (index, manifests, configs, layers) to its registry.

use clap::Args;
use linnet_image::PushOptions;
use linnet_reference::Reference;

use crate::context::Context;
use crate::output::{progress_for, Stream};

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Push only this platform's manifest (os/arch[/variant]); repeatable
    #[arg(long)]
    pub platform: Vec<String>,
    /// Push content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// Suppress progress output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image reference
    pub image: String,
}

pub async fn run(ctx: &Context, args: PushArgs) -> anyhow::Result<u8> {
    let reference = Reference::parse(&args.image)?;
    let platforms = crate::util::parse_platforms(&args.platform)?;
    let client = ctx.client().await?;
    let image = crate::util::local_image(&client, &args.image).await?;
    let registry = ctx.registry()?;
    let options = PushOptions {
        platforms,
        all_platforms: args.all_platforms,
    };
    let progress = progress_for(args.quiet, Stream::Stdout);
    let pushed = linnet_image::push(
        &client,
        &registry,
        &image,
        &reference,
        &options,
        progress.as_ref(),
    )
    .await?;
    if !args.quiet {
        println!(
            "{}: digest: {} size: {}",
            reference.tag().unwrap_or("latest"),
            pushed.digest,
            pushed.size
        );
    }
    Ok(0)
}
