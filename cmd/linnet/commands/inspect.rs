//! `linnet inspect`: Docker-style JSON for containers (and images, by name).

use std::io::Write;

use clap::Args;
use linnet_container::ops;

use crate::context::Context;
use crate::exit::CODE_ERROR;
use crate::template::Template;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Only inspect objects of this type: container, image or volume
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Format the output using a Go-style template such as '{{.State.Status}}'
    #[arg(short = 'f', long)]
    pub format: Option<String>,
    /// Containers, images or volumes
    #[arg(required = true)]
    pub objects: Vec<String>,
}

pub async fn run(ctx: &Context, args: InspectArgs) -> anyhow::Result<u8> {
    let kind = args.kind.as_deref().unwrap_or("");
    if !matches!(kind, "" | "container" | "image" | "volume") {
        anyhow::bail!("unsupported --type {kind:?}: expected container, image or volume");
    }
    let template = match args.format.as_deref() {
        Some("raw") | Some("table") | Some("wide") => {
            anyhow::bail!(
                "unsupported format for inspect: {:?}",
                args.format.as_deref().unwrap_or_default()
            )
        }
        Some(f) if !f.is_empty() && f != "json" => Some(Template::parse_inspect(f)?),
        _ => None,
    };
    let client = ctx.client().await?;
    let tasks = crate::util::tasks_by_id(&client).await?;
    let mut values = Vec::new();
    let mut failed = false;
    for object in &args.objects {
        let found = if kind == "image" || kind == "volume" {
            None
        } else {
            match ops::resolve(&client, object).await {
                Ok(c) => Some(crate::container_view::container_json(
                    ctx,
                    &c,
                    tasks.get(&c.id),
                )),
                Err(linnet_container::Error::NoSuchContainer(_)) => None,
                Err(e) => {
                    failed = true;
                    eprintln!("linnet: error: {e}");
                    continue;
                }
            }
        };
        match found {
            Some(v) => values.push(v),
            None if kind == "container" => {
                failed = true;
                eprintln!("linnet: error: no such container: {object}");
            }
            None => {
                let image = match kind {
                    "volume" => None,
                    _ => crate::views::image_inspect_json(ctx, std::slice::from_ref(object))
                        .await
                        .ok(),
                };
                // Then a volume, as Docker's inspect.
                let volume = || {
                    let store = linnet_container::volumes::store(&ctx.scope());
                    let v = store.find(object).ok().flatten()?;
                    serde_json::to_value(linnet_volume::listing::inspect_json(&v)).ok()
                };
                match image {
                    Some(mut v) => values.append(&mut v),
                    None => match volume().filter(|_| kind != "image") {
                        Some(v) => values.push(v),
                        None => {
                            failed = true;
                            eprintln!("linnet: error: no such object: {object}");
                        }
                    },
                }
            }
        }
    }
    let mut out = std::io::stdout().lock();
    match template {
        Some(t) => {
            for v in &values {
                writeln!(out, "{}", t.render(v)?)?;
            }
        }
        None => {
            let mut buf = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
            serde::Serialize::serialize(&values, &mut ser)?;
            out.write_all(&buf)?;
            writeln!(out)?;
        }
    }
    Ok(if failed { CODE_ERROR } else { 0 })
}
