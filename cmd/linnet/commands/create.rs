//! `linnet create`: create a container (snapshot, spec, containerd record) without starting it.

use std::path::PathBuf;

use clap::Args;

use crate::context::Context;

/// Options shared by `create` and `run`.
#[derive(Debug, Clone, Args)]
pub struct ContainerOptions {
    /// Assign a name to the container
    #[arg(long)]
    pub name: Option<String>,
    /// Keep STDIN open
    #[arg(short = 'i', long)]
    pub interactive: bool,
    /// Allocate a pseudo-TTY
    #[arg(short = 't', long)]
    pub tty: bool,
    /// Set environment variables (KEY=VALUE, or KEY to copy it from this environment)
    #[arg(short = 'e', long = "env", value_name = "KEY=VALUE")]
    pub env: Vec<String>,
    /// Read environment variables from a file
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// Working directory inside the container
    #[arg(short = 'w', long)]
    pub workdir: Option<String>,
    /// Username or UID (format: <name|uid>[:<group|gid>])
    #[arg(short = 'u', long)]
    pub user: Option<String>,
    /// Overwrite the default ENTRYPOINT of the image
    #[arg(long)]
    pub entrypoint: Option<String>,
    /// Container host name
    #[arg(short = 'h', long)]
    pub hostname: Option<String>,
    /// Bind mount a volume (SRC:DST[:ro|rw])
    #[arg(short = 'v', long = "volume", value_name = "SRC:DST[:OPTS]")]
    pub volumes: Vec<String>,
    /// Attach a filesystem mount (type=bind,source=...,target=...[,readonly])
    #[arg(long = "mount", value_name = "SPEC")]
    pub mounts: Vec<String>,
    /// Connect the container to a network: host or none
    #[arg(long = "network", alias = "net", default_value = "host", value_name = "MODE")]
    pub network: String,
    /// Pull the image before creating: missing, always or never
    #[arg(long, default_value = "missing", value_name = "POLICY")]
    pub pull: String,
    /// Platform of the image (os/arch[/variant])
    #[arg(long)]
    pub platform: Option<String>,
    /// Set metadata on the container (KEY=VALUE)
    #[arg(short = 'l', long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,
    /// Suppress the pull output
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Image to run
    pub image: String,
    /// Command and arguments
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub options: ContainerOptions,
}

pub async fn run(_ctx: &Context, _args: CreateArgs) -> anyhow::Result<u8> {
    anyhow::bail!("create: not implemented yet")
}
