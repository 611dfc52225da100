//! `linnet image inspect`: Docker-style JSON for images.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ImageInspectArgs {
    /// Format the output using a Go-style template such as '{{.Id}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Images
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: ImageInspectArgs) -> anyhow::Result<u8> {
    anyhow::bail!("image_inspect: not implemented yet")
}
