//! `linnet container prune`, `image prune` and `system prune`: Docker's warnings, prompts,
//! `Deleted …:` lists and `Total reclaimed space:`; the selection and removal are the
//! libraries' (`linnet_container::prune`, `linnet_image::prune`, `linnet_container::system_prune`).

use std::io::Write;

use clap::Args;
use linnet_container::prune::{prune_containers, ContainerPrune};
use linnet_container::system_prune::{system_prune, SystemPrune};
use linnet_image::filter::Filters;
use linnet_image::prune::{ImagePrune, PruneLine};

use crate::context::Context;
use crate::output::docker_size;
use crate::util::parse_filters;

#[derive(Debug, Args)]
pub struct ContainerPruneArgs {
    /// Do not prompt for confirmation
    #[arg(short, long)]
    pub force: bool,
    /// Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE])
    #[arg(long)]
    pub filter: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImagePruneArgs {
    /// Remove all unused images, not just dangling ones
    #[arg(short, long)]
    pub all: bool,
    /// Do not prompt for confirmation
    #[arg(short, long)]
    pub force: bool,
    /// Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE], dangling=BOOL)
    #[arg(long)]
    pub filter: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SystemPruneArgs {
    /// Remove all unused images not just dangling ones
    #[arg(short, long)]
    pub all: bool,
    /// Do not prompt for confirmation
    #[arg(short, long)]
    pub force: bool,
    /// Prune anonymous volumes
    #[arg(long)]
    pub volumes: bool,
    /// Provide filter values (until=TIME, label=KEY[=VALUE], label!=KEY[=VALUE])
    #[arg(long)]
    pub filter: Vec<String>,
}

const PRUNE_KEYS: &[&str] = &["until", "label", "label!"];

/// Docker's `[y/N]` prompt; true when the user answered yes.
fn confirm(warning: &str) -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    write!(out, "{warning}\nAre you sure you want to continue? [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

pub async fn container(ctx: &Context, a: ContainerPruneArgs) -> anyhow::Result<u8> {
    let filters = parse_filters(&a.filter, PRUNE_KEYS, "--filter")?;
    let opts = ContainerPrune {
        until: filters.until(chrono::Utc::now())?,
        labels: filters.labels(),
    };
    if !a.force && !confirm("WARNING! This will remove all stopped containers.")? {
        return Ok(0);
    }
    let client = ctx.client().await?;
    let report = prune_containers(&client, &ctx.scope(), &opts).await?;
    print_list("Deleted Containers:", &report.removed);
    println!("Total reclaimed space: {}", docker_size(report.reclaimed));
    Ok(0)
}

pub async fn image(ctx: &Context, a: ImagePruneArgs) -> anyhow::Result<u8> {
    let mut keys = PRUNE_KEYS.to_vec();
    keys.push("dangling");
    let filters = parse_filters(&a.filter, &keys, "--filter")?;
    // Docker: `dangling=false` is `-a`.
    let all = a.all || filters.dangling()? == Some(false);
    let opts = ImagePrune {
        all,
        until: filters.until(chrono::Utc::now())?,
        labels: filters.labels(),
    };
    let warning = if all {
        "WARNING! This will remove all images without at least one container associated to them."
    } else {
        "WARNING! This will remove all dangling images."
    };
    if !a.force && !confirm(warning)? {
        return Ok(0);
    }
    let client = ctx.client().await?;
    let in_use = linnet_container::prune::images_in_use(&client).await?;
    let report =
        linnet_image::prune::prune_images(&client, ctx.snapshotter(), &in_use, &opts).await?;
    print_list("Deleted Images:", &image_lines(&report.lines));
    println!("Total reclaimed space: {}", docker_size(report.reclaimed));
    Ok(0)
}

pub async fn system(ctx: &Context, a: SystemPruneArgs) -> anyhow::Result<u8> {
    let filters = parse_filters(&a.filter, PRUNE_KEYS, "--filter")?;
    if a.volumes && filters.values("until").next().is_some() {
        anyhow::bail!("the \"until\" filter is not supported with \"--volumes\"");
    }
    let opts = SystemPrune {
        all: a.all,
        volumes: a.volumes,
        until: filters.until(chrono::Utc::now())?,
        labels: filters.labels(),
    };
    if !a.force && !confirm(&system_warning(&a, &filters))? {
        return Ok(0);
    }
    let client = ctx.client().await?;
    let report = system_prune(&client, &ctx.scope(), &opts).await?;
    print_list("Deleted Containers:", &report.containers.removed);
    print_list("Deleted Networks:", &report.networks);
    print_list("Deleted Volumes:", &report.volumes);
    print_list("Deleted Images:", &image_lines(&report.images.lines));
    println!("Total reclaimed space: {}", docker_size(report.reclaimed()));
    Ok(0)
}

fn system_warning(a: &SystemPruneArgs, filters: &Filters) -> String {
    let mut lines = vec![
        "WARNING! This will remove:".to_string(),
        "  - all stopped containers".to_string(),
        "  - all networks not used by at least one container".to_string(),
    ];
    if a.volumes {
        lines.push("  - all anonymous volumes not used by at least one container".to_string());
    }
    if a.all {
        lines.push("  - all images without at least one container associated to them".to_string());
        lines.push("  - all build cache".to_string());
    } else {
        lines.push("  - all dangling images".to_string());
        lines.push("  - unused build cache".to_string());
    }
    if !filters.is_empty() {
        lines.push(String::new());
        lines.push("  Items to be pruned will be filtered with:".to_string());
        lines.extend(filters.describe().into_iter().map(|f| format!("  - {f}")));
    }
    lines.push(String::new());
    lines.join("\n")
}

fn image_lines(lines: &[PruneLine]) -> Vec<String> {
    lines
        .iter()
        .map(|l| match l {
            PruneLine::Untagged(name) => format!("untagged: {name}"),
            PruneLine::Deleted(id) => format!("deleted: {id}"),
        })
        .collect()
}

/// Docker prints a non-empty list with its title and a blank line after it.
fn print_list(title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    println!("{title}");
    for item in items {
        println!("{item}");
    }
    println!();
}
