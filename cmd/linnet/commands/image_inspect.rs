//! `linnet image inspect`: Docker-style JSON for images.

use std::io::Write;

use clap::Args;

use crate::context::Context;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct ImageInspectArgs {
    /// Format the output using a Go-style template such as '{{.Id}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Images
    #[arg(required = true)]
    pub images: Vec<String>,
}

pub async fn run(ctx: &Context, args: ImageInspectArgs) -> anyhow::Result<u8> {
    let template = match args.format.as_deref() {
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse_inspect(f)?),
        _ => None,
    };
    let values = crate::views::image_inspect_json(ctx, &args.images).await?;
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(v)?)?;
            }
        }
        None => writeln!(out, "{}", serde_json::to_string_pretty(&values)?)?,
    }
    Ok(0)
}
