//! `linnet import`: turn a root filesystem tarball into a single-layer image, as `docker import`.

use clap::Args;

use crate::context::Context;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Apply a Dockerfile instruction to the image config (CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL)
    #[arg(short = 'c', long = "change", value_name = "INSTRUCTION")]
    pub changes: Vec<String>,
    /// Set the commit message (stored in the history)
    #[arg(short = 'm', long)]
    pub message: Option<String>,
    /// Platform of the image (os/arch[/variant]). Default: this machine's
    #[arg(long)]
    pub platform: Option<String>,
    /// Tarball path (plain, gzip) or "-" for STDIN
    pub file: String,
    /// Name of the new image
    pub reference: Option<String>,
}

pub async fn run(_ctx: &Context, _args: ImportArgs) -> anyhow::Result<u8> {
    anyhow::bail!("import: not implemented yet")
}
