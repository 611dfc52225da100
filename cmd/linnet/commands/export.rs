//! `linnet export`: a container's root filesystem as a tar archive, as `docker export`.

use std::io::IsTerminal;

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to a file, instead of STDOUT
    #[arg(short = 'o', long)]
    pub output: Option<std::path::PathBuf>,
    /// Container (name or ID)
    pub container: String,
}

pub async fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    match &args.output {
        Some(path) => {
            linnet_container::export::export_to_file(&client, &args.container, path).await?
        }
        None => {
            let stdout = std::io::stdout();
            if stdout.is_terminal() {
                anyhow::bail!(
                    "cowardly refusing to save to a terminal. Use the -o flag or redirect"
                );
            }
            linnet_container::export::export(&client, &args.container, stdout).await?
        }
    }
    Ok(0)
}
