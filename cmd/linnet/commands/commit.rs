//! `linnet commit`: create a new image from a container's changes, as `docker commit`.

use clap::Args;
use linnet_container::commit::CommitOptions;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")
    #[arg(short = 'a', long)]
    pub author: Option<String>,
    /// Apply Dockerfile instruction to the created image
    #[arg(short = 'c', long = "change", value_name = "INSTRUCTION")]
    pub changes: Vec<String>,
    /// Commit message
    #[arg(short = 'm', long)]
    pub message: Option<String>,
    /// Pause container during commit
    #[arg(short = 'p', long, default_value_t = true, action = clap::ArgAction::Set,
          num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub pause: bool,
    /// Container (name or ID)
    pub container: String,
    /// Name of the new image: REPOSITORY[:TAG]
    pub reference: Option<String>,
}

pub async fn run(ctx: &Context, args: CommitArgs) -> anyhow::Result<u8> {
    // A bad name or change fails before the container is touched.
    let name = args
        .reference
        .as_deref()
        .map(|r| linnet_reference::Reference::parse(r).map(|p| p.to_string()))
        .transpose()?;
    linnet_container::commit::parse_changes(&args.changes)?;
    let opts = CommitOptions {
        name,
        author: args.author,
        comment: args.message,
        changes: args.changes,
        pause: args.pause,
    };
    let client = ctx.client().await?;
    let id = linnet_container::commit::commit(&client, &args.container, &opts).await?;
    println!("{id}");
    Ok(0)
}
