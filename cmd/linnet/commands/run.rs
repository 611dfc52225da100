//! `linnet run`: create and start a container, then follow it (or print its ID with `-d`).
//! `-d --rm` leaves the removal to a detached `linnet _monitor` process.

use clap::Args;
use linnet_container::detach_keys::DetachKeys;
use linnet_container::lifecycle::{self, Attach};
use linnet_container::session::SessionOptions;

use crate::container_flags::ContainerOptions;
use crate::context::Context;
use crate::output::{progress_for, Stream};
use crate::util::{as_run_failure, container_error, detach_keys};

#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
pub struct RunArgs {
    /// Print help (`-h` is `--hostname`, as in Docker)
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Run the container in the background and print its ID
    #[arg(short = 'd', long)]
    pub detach: bool,
    /// Remove the container when it exits
    #[arg(long)]
    pub rm: bool,
    /// Override the key sequence for detaching a container
    #[arg(long = "detach-keys", value_name = "KEYS", default_value = "")]
    pub detach_keys: String,
    /// Proxy received signals to the process
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
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(ctx: &Context, args: RunArgs) -> anyhow::Result<u8> {
    let keys = detach_keys(&args.detach_keys)?;
    let request = args.options.request("run", args.rm)?;
    run_inner(ctx, &args, &request, keys)
        .await
        .map_err(as_run_failure)
}

async fn run_inner(
    ctx: &Context,
    args: &RunArgs,
    request: &linnet_container::CreateRequest,
    keys: DetachKeys,
) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let scope = ctx.scope();
    let registry = ctx.registry()?;
    crate::util::reclaim_networks(&client, &scope).await;
    let progress = progress_for(args.options.quiet, Stream::Stderr);
    let images = linnet_container::ImageSource {
        registry: &registry,
        progress: progress.as_ref(),
    };
    let created = linnet_container::create(&client, &scope, request, &images).await?;
    drop(progress);
    let container = created.container;
    let mode = if args.detach {
        Attach::Detached
    } else if request.interactive {
        // `-i`: stdin goes through an IO holder, so that the detach keys leave it running.
        Attach::Session(SessionOptions {
            stdin: true,
            sig_proxy: args.sig_proxy,
            keys,
        })
    } else {
        lifecycle::attached_mode(false, request.tty).with_sig_proxy(args.sig_proxy)
    };
    let outcome = lifecycle::start(&client, &scope, &container, mode).await;
    if matches!(outcome, Err(linnet_container::Error::Detached)) {
        // The detach keys: the container runs on (Docker prints nothing and exits 0).
        return Ok(0);
    }
    if args.detach && outcome.is_ok() {
        println!("{}", created.id);
        return Ok(0);
    }
    // An attached `--rm` container (or a detached one that failed to start) is removed here, and
    // so is one whose network could not be set up (a taken port): nothing stays half-created.
    let network_failed = matches!(outcome, Err(linnet_container::Error::Network(_)));
    if args.rm || network_failed {
        if let Err(e) = lifecycle::remove(&client, &scope, &container, true).await {
            tracing::warn!("cannot remove container {}: {e}", created.id);
        }
    }
    outcome.map_err(container_error)
}
