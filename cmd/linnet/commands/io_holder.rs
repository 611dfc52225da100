//! `linnet _io-holder`: the detached process that holds the FIFOs of a container started with
//! `-i` (its stdin stays open, its output goes to the log and to `attach` clients).

use std::path::PathBuf;

use clap::Args;
use linnet_container::holder::{self, HolderArgs};

#[derive(Debug, Args)]
pub struct IoHolderArgs {
    /// The container has a terminal (one output stream)
    #[arg(long)]
    pub tty: bool,
    /// Close the container's stdin when the first client's input ends
    #[arg(long = "stdin-once")]
    pub stdin_once: bool,
    /// Names this holder's FIFOs and socket
    pub nonce: String,
    /// The container's FIFO directory
    pub base: PathBuf,
    /// The container's json log
    pub log_path: PathBuf,
}

pub async fn run(args: IoHolderArgs) -> anyhow::Result<u8> {
    holder::serve(HolderArgs {
        base: args.base,
        nonce: args.nonce,
        log_path: args.log_path,
        tty: args.tty,
        stdin_once: args.stdin_once,
    })
    .await?;
    Ok(0)
}
