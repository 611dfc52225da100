//! `linnet cp`: copy files and directories between a container and the host, or a tar stream
//! through `-`, with Docker's semantics (the work is in `linnet_container::cp`).

use clap::Args;
use linnet_container::cp::{self, CopyRequest, CpError};

use crate::context::Context;
use crate::exit::{ExitError, CODE_ERROR};

#[derive(Debug, Args)]
#[command(
    override_usage = "linnet cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n       linnet cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    after_help = "Use '-' as the source to read a tar archive from stdin and extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a container source to stdout."
)]
pub struct CpArgs {
    /// Archive mode (copy all uid/gid information)
    #[arg(short = 'a', long = "archive")]
    pub archive: bool,
    /// Always follow symbol link in SRC_PATH
    #[arg(short = 'L', long = "follow-link")]
    pub follow_link: bool,
    /// Suppress progress output during copy (linnet prints none)
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// CONTAINER:SRC_PATH, SRC_PATH or - (a tar archive on stdin)
    #[arg(value_name = "SRC")]
    pub src: String,
    /// CONTAINER:DEST_PATH, DEST_PATH or - (a tar archive on stdout)
    #[arg(value_name = "DEST")]
    pub dest: String,
}

pub async fn run(ctx: &Context, args: CpArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let req = CopyRequest {
        src: args.src,
        dst: args.dest,
        archive: args.archive,
        follow_link: args.follow_link,
    };
    match cp::copy(&client, &req, std::io::stdin(), std::io::stdout()).await {
        Ok(()) => Ok(0),
        // Docker's CLI exits 1 for every cp failure, its own checks and the daemon's alike.
        Err(CpError::Container(e)) => Err(anyhow::Error::new(e)),
        Err(e) => Err(ExitError::new(CODE_ERROR, e.to_string()).into()),
    }
}
