//! `linnet _log-driver`: containerd's binary log driver. The runtime shim starts it with the
//! container's stdout and stderr on fds 3 and 4 and a readiness pipe on fd 5.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct LogDriverArgs {
    /// Log file to append to
    pub path: PathBuf,
}

pub fn run(args: &LogDriverArgs) -> anyhow::Result<()> {
    linnet_container::run_log_driver(&args.path)?;
    Ok(())
}
