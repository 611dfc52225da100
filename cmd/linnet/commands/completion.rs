//! `linnet completion SHELL`: print the shell completion script generated from the clap tree.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// Shell: bash, zsh or fish
    pub shell: Shell,
}

pub fn run(args: CompletionArgs) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "linnet", &mut std::io::stdout());
    Ok(0)
}
