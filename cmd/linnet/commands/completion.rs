//! `linnet completion SHELL`: print the shell completion script (see `crate::complete`), and
//! `linnet _complete -- WORDS...`, which those scripts call for container, image, network and
//! volume names.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::exit::CODE_ERROR;

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// Shell: bash, zsh or fish
    pub shell: Shell,
}

pub fn run(args: CompletionArgs) -> anyhow::Result<u8> {
    print!("{}", crate::complete::script(args.shell, &Cli::command())?);
    Ok(0)
}

#[derive(Debug, Args)]
pub struct NamesArgs {
    /// The words typed before the cursor, without the program name
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub words: Vec<String>,
}

/// Prints the names that fit where the cursor stands; exits 1 where no names fit (the script
/// then completes from the static command tree).
pub fn names(args: NamesArgs) -> anyhow::Result<u8> {
    let Some((globals, kind)) = crate::complete::position(&Cli::command(), &args.words) else {
        return Ok(CODE_ERROR);
    };
    for name in crate::complete::names(&globals, kind) {
        println!("{name}");
    }
    Ok(0)
}
