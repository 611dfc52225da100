//! `linnet create`: create a container (snapshot, spec, containerd record) without starting it.

use clap::Args;

use crate::container_flags::ContainerOptions;
use crate::context::Context;
use crate::output::{progress_for, Stream};
use crate::util::as_run_failure;

#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct CreateArgs {
    /// Print help (`-h` is `--hostname`, as in Docker)
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(ctx: &Context, args: CreateArgs) -> anyhow::Result<u8> {
    let request = args.options.request("create", false)?;
    let outcome = async {
        let client = ctx.client().await?;
        let registry = ctx.registry()?;
        let progress = progress_for(args.options.quiet, Stream::Stderr);
        let images = linnet_container::ImageSource {
            registry: &registry,
            progress: progress.as_ref(),
        };
        let created = linnet_container::create(&client, &ctx.scope(), &request, &images).await?;
        println!("{}", created.id);
        anyhow::Ok(0)
    }
    .await;
    outcome.map_err(as_run_failure)
}
