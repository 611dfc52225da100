//! `linnet inspect`: Docker-style JSON for containers (and images, by name).

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Only inspect objects of this type: container or image
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Format the output using a Go-style template such as '{{.State.Status}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Containers or images
    #[arg(required = true)]
    pub objects: Vec<String>,
}

pub async fn run(_ctx: &Context, _args: InspectArgs) -> anyhow::Result<u8> {
    anyhow::bail!("inspect: not implemented yet")
}
