//! `linnet attach`: attach this terminal to a running container's main process (its output, and
//! its stdin when it was started with `-i`) until it exits or the detach keys are typed.

use clap::Args;
use linnet_container::session::{self, SessionEnd};

use crate::context::Context;
use crate::util::{container_error, detach_keys};

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// Override the key sequence for detaching a container
    #[arg(long = "detach-keys", value_name = "KEYS", default_value = "")]
    pub detach_keys: String,
    /// Do not attach STDIN
    #[arg(long = "no-stdin")]
    pub no_stdin: bool,
    /// Proxy all received signals to the process
    #[arg(
        long = "sig-proxy",
        value_name = "BOOL",
        default_value = "true",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        value_parser = clap::value_parser!(bool)
    )]
    pub sig_proxy: bool,
    /// Container (name or ID)
    pub container: String,
}

pub async fn run(ctx: &Context, args: AttachArgs) -> anyhow::Result<u8> {
    let keys = detach_keys(&args.detach_keys)?;
    let client = ctx.client().await?;
    let end = session::attach(
        &client,
        &ctx.scope(),
        &args.container,
        args.no_stdin,
        args.sig_proxy,
        keys,
    )
    .await
    .map_err(container_error)?;
    match end {
        SessionEnd::Exited(code) => Ok(code),
        // Docker 20.10 reports the detach this way, with status 1.
        SessionEnd::Detached => {
            eprintln!("read escape sequence");
            Ok(1)
        }
    }
}
