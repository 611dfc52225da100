//! `linnet diff`: the changes of a container's filesystem (`A`, `C`, `D` lines), as `docker diff`.

use std::io::Write;

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Container (name or ID)
    pub container: String,
}

pub async fn run(ctx: &Context, args: DiffArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let changes = linnet_container::changes::container_changes(&client, &args.container).await?;
    let mut out = std::io::stdout().lock();
    for change in changes {
        writeln!(out, "{} {}", change.kind.letter(), change.path)?;
    }
    Ok(0)
}
