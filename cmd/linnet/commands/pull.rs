//! `linnet pull`: fetch an image into containerd's content store and unpack it.

use clap::Args;
use linnet_container::events::translate::{publish_pull, PullPhase};
use linnet_image::PullOptions;
use linnet_reference::Reference;

use crate::context::Context;
use crate::output::{progress_for, Stream};

#[derive(Debug, Args)]
pub struct PullArgs {
    /// Platform to pull (os/arch[/variant]); repeatable. Default: this machine's
    #[arg(long)]
    pub platform: Vec<String>,
    /// Pull content for all platforms
    #[arg(long)]
    pub all_platforms: bool,
    /// SOCI index to use for lazy loading instead of discovering it (sha256:...)
    #[arg(long, value_name = "DIGEST")]
    pub soci_index_digest: Option<String>,
    /// Suppress progress output; print the image name only
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image reference
    pub image: String,
}

pub async fn run(ctx: &Context, args: PullArgs) -> anyhow::Result<u8> {
    let reference = Reference::parse(&args.image)?;
    let platforms = crate::util::parse_platforms(&args.platform)?;
    let client = ctx.client().await?;
    let registry = ctx.registry()?;
    let options = PullOptions {
        platforms,
        all_platforms: args.all_platforms,
        snapshotter: ctx.snapshotter().to_string(),
        unpack: true,
        lazy: linnet_image::is_lazy_snapshotter(ctx.snapshotter()),
        soci_index_digest: args.soci_index_digest.clone(),
    };
    let progress = progress_for(args.quiet, Stream::Stdout);
    let name = reference.to_string();
    publish_pull(&client, &name, PullPhase::Start).await;
    let pulled =
        linnet_image::pull(&client, &registry, &reference, &options, progress.as_ref()).await;
    let phase = match &pulled {
        Ok(p) => PullPhase::Done(&p.name),
        Err(_) => PullPhase::Failed,
    };
    publish_pull(&client, &name, phase).await;
    let pulled = pulled?;
    if args.quiet {
        println!("{}", pulled.name);
    } else {
        if !pulled.lazy_layers.is_empty() {
            println!(
                "{} of the image's layers are lazy: the snapshotter fetches them on demand",
                pulled.lazy_layers.len()
            );
        }
        for (desc, platform, ztocs) in &pulled.soci_indexes {
            println!("SOCI index {} ({platform}): {ztocs} ztocs", desc.digest);
        }
        println!("Digest: {}", pulled.target.digest);
        println!("Status: Downloaded image for {}", pulled.name);
        println!("{}", pulled.name);
    }
    Ok(0)
}
