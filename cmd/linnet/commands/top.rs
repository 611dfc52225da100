//! `linnet top`: the running processes of a container, as the host's `ps` shows them.

use std::io::Write;

use clap::Args;
use linnet_container::{ops, top};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct TopArgs {
    /// The container (name or ID)
    pub container: String,
    /// Options for ps (default -ef)
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ps OPTIONS"
    )]
    pub ps_options: Vec<String>,
}

pub async fn run(ctx: &Context, args: TopArgs) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    let c = ops::resolve(&client, &args.container).await?;
    // Docker passes the options as one string and splits it at spaces.
    let list = top::top(&client, &c, &args.ps_options.join(" ")).await?;
    let mut rows = vec![list.titles];
    rows.extend(list.processes);
    let text = crate::tabwriter::render(&rows, 20, 3);
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(0)
}
