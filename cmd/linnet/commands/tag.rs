//! `linnet tag`: add a name to an existing image.

use clap::Args;
use linnet_reference::Reference;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Existing image
    pub source: String,
    /// New name
    pub target: String,
}

pub async fn run(ctx: &Context, args: TagArgs) -> anyhow::Result<u8> {
    let target = Reference::parse(&args.target)?;
    // A digest names content; a tag that claimed one would lie about it (Docker refuses too).
    if target.digest().is_some() {
        anyhow::bail!("refusing to create a tag with a digest reference");
    }
    let client = ctx.client().await?;
    let image = linnet_image::find_image(&client, &args.source)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no such image: {}", args.source))?;
    let mut tagged = image.clone();
    tagged.name = target.to_string();
    tagged.created_at = None;
    tagged.updated_at = None;
    client.image_put(&tagged).await?;
    linnet_image::commit::drop_dangling_name(&client, &image.target.digest).await?;
    Ok(0)
}
