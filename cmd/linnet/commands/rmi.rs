//! `linnet rmi`: remove image names; content goes when nothing refers to it any more.

use clap::Args;

use crate::context::Context;
use crate::exit::ExitError;

#[derive(Debug, Args)]
pub struct RmiArgs {
    /// Remove the image even if containers use it
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Images (names or IDs)
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(ctx: &Context, args: RmiArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let mut failed = false;
    for name in &args.images {
        if let Err(err) = remove_one(&client, name, args.force).await {
            eprintln!("linnet: error: {}", crate::exit::one_line(&err));
            failed = true;
        }
    }
    if failed {
        Err(ExitError::silent(crate::exit::CODE_ERROR).into())
    } else {
        Ok(0)
    }
}

async fn remove_one(
    client: &linnet_containerd::Client,
    name: &str,
    force: bool,
) -> anyhow::Result<()> {
    let image = linnet_image::find_image(client, name)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no such image: {name}"))?;
    let all = client.image_list(&[]).await?;
    let same_digest: Vec<&linnet_containerd::Image> = all
        .iter()
        .filter(|i| i.target.digest == image.target.digest)
        .collect();
    // Given an ID, Docker removes every name of it only when forced.
    let by_id = linnet_reference::Reference::parse(name)
        .map(|r| r.to_string() != image.name)
        .unwrap_or(true);
    let targets: Vec<String> = if by_id {
        if same_digest.len() > 1 && !force {
            anyhow::bail!(
                "conflict: unable to delete {} (must be forced) - image is referenced in multiple repositories",
                crate::output::short_id(&image.target.digest, false)
            );
        }
        same_digest.iter().map(|i| i.name.clone()).collect()
    } else {
        vec![image.name.clone()]
    };
    if !force {
        for container in client.container_list(&[]).await? {
            if targets.contains(&container.image) {
                anyhow::bail!(
                    "conflict: unable to remove repository reference {:?} (must force) - container {} is using its referenced image {}",
                    name,
                    crate::output::short_id(&container.id, false),
                    crate::output::short_id(&image.target.digest, false)
                );
            }
        }
    }
    let last = targets.len() == same_digest.len();
    for (i, target) in targets.iter().enumerate() {
        // Synchronous GC on the last name so that the content is gone when rmi returns.
        let sync = last && i + 1 == targets.len();
        client.image_delete(target, sync).await?;
        // An image without a name (`<none>:<none>`) has nothing to untag, as in Docker.
        if linnet_image::select::is_placeholder(target) {
            continue;
        }
        let familiar = linnet_reference::Reference::parse(target)
            .map(|r| r.familiar_string())
            .unwrap_or_else(|_| target.clone());
        println!("Untagged: {familiar}");
    }
    if last {
        println!("Deleted: {}", image.target.digest);
    }
    Ok(())
}
