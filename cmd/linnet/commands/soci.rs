//! `linnet soci`: look inside SOCI indexes and ztocs, for people who debug lazy loading.
//!
//! Indexes are found from the images: a v2 index is an entry of a SOCI-enabled image's OCI
//! index; a v1 index is named by the `containerd.io/gc.ref.content.soci-index` label of the
//! platform manifest it indexes (set by `image convert --soci --soci-index-version v1`). Which
//! of them an image actually uses is `linnet_soci::choose_index`, the rule pull and the
//! snapshotter follow (the manifest's v2 annotation, else the v1 index).

use std::io::Write;

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};
use linnet_containerd::Client;
use linnet_soci::list::ListEntry;
use linnet_soci::SociIndex;

use crate::context::Context;
use linnet_image::soci_store::{known_indexes, read_blob, ztoc_json, ContentReader};

#[derive(Debug, Subcommand)]
pub enum SociCommand {
    /// SOCI indexes
    #[command(subcommand)]
    Index(IndexCommand),
    /// ztocs (per-layer tables of contents)
    #[command(subcommand)]
    Ztoc(ZtocCommand),
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// List the SOCI indexes of all images, or of one image
    #[command(alias = "ls")]
    List(IndexListArgs),
    /// Print a SOCI index (JSON)
    Info(DigestArgs),
}

#[derive(Debug, Subcommand)]
pub enum ZtocCommand {
    /// Show a ztoc: version, build tool, sizes, spans and the file table
    Info(DigestArgs),
    /// Extract one file of a layer through its ztoc (to check the ztoc against the layer)
    GetFile(GetFileArgs),
}

#[derive(Debug, Args)]
pub struct IndexListArgs {
    /// Only print digests
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Only this image's indexes
    pub image: Option<String>,
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    /// Digest (sha256:...)
    pub digest: String,
}

#[derive(Debug, Args)]
pub struct GetFileArgs {
    /// Write the file here instead of standard output
    #[arg(short = 'o', long)]
    pub output: Option<std::path::PathBuf>,
    /// ztoc digest
    pub digest: String,
    /// Path of the file inside the layer (as in the ztoc's file table)
    pub path: String,
}

pub async fn run(ctx: &Context, command: SociCommand) -> anyhow::Result<u8> {
    let client = ctx.client().await?;
    match command {
        SociCommand::Index(IndexCommand::List(args)) => index_list(&client, args).await,
        SociCommand::Index(IndexCommand::Info(args)) => {
            let bytes = read_blob(&client, &args.digest).await?;
            SociIndex::parse(&bytes)
                .with_context(|| format!("{} is not a SOCI index", args.digest))?;
            let info = linnet_soci::list::format_info(&bytes)?;
            std::io::stdout().lock().write_all(info.as_bytes())?;
            Ok(0)
        }
        SociCommand::Ztoc(ZtocCommand::Info(args)) => ztoc_info(&client, &args.digest).await,
        SociCommand::Ztoc(ZtocCommand::GetFile(args)) => get_file(&client, args).await,
    }
}

async fn index_list(client: &Client, args: IndexListArgs) -> anyhow::Result<u8> {
    let known = known_indexes(client, args.image.as_deref()).await?;
    let entries: Vec<ListEntry> = known
        .iter()
        .map(|k| ListEntry {
            digest: k.digest.clone(),
            size: k.size,
            image_ref: k.image.clone(),
            platform: k.platform.clone(),
            media_type: linnet_image::media::OCI_MANIFEST.to_string(),
            artifact_type: k.artifact_type.clone(),
            age_secs: k
                .created
                .map(|c| (chrono::Utc::now() - c).num_seconds().max(0) as u64),
        })
        .collect();
    let text = if args.quiet {
        linnet_soci::list::format_list_quiet(&entries)
    } else {
        linnet_soci::list::format_list(&entries)
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(0)
}

async fn ztoc_info(client: &Client, digest: &str) -> anyhow::Result<u8> {
    let bytes = read_blob(client, digest).await?;
    let ztoc =
        linnet_ztoc::Ztoc::from_bytes(&bytes).with_context(|| format!("{digest} is not a ztoc"))?;
    let info = ztoc_json(&ztoc, bytes.len())?;
    writeln!(
        std::io::stdout().lock(),
        "{}",
        serde_json::to_string_pretty(&info)?
    )?;
    Ok(0)
}

async fn get_file(client: &Client, args: GetFileArgs) -> anyhow::Result<u8> {
    let bytes = read_blob(client, &args.digest).await?;
    let ztoc = linnet_ztoc::Ztoc::from_bytes(&bytes)
        .with_context(|| format!("{} is not a ztoc", args.digest))?;
    // The layer a ztoc belongs to is named by the SOCI index that lists it.
    let mut layer = None;
    let mut known = known_indexes(client, None).await?;
    // The indexes images use first (stable: list order otherwise).
    known.sort_by_key(|k| !k.chosen);
    for known in known {
        let Ok(index_bytes) = client.content_read(&known.digest).await else {
            continue;
        };
        let Ok(index) = SociIndex::parse(&index_bytes) else {
            continue;
        };
        let found = index
            .ztocs()
            .find(|d| d.digest == args.digest)
            .and_then(|d| {
                d.annotations
                    .get(linnet_soci::ANNOTATION_IMAGE_LAYER_DIGEST)
            })
            .cloned();
        if found.is_some() {
            layer = found;
            break;
        }
    }
    let layer = layer.ok_or_else(|| {
        anyhow::anyhow!(
            "no local SOCI index lists ztoc {}, so its layer is unknown",
            args.digest
        )
    })?;
    if client.content_info(&layer).await?.is_none() {
        bail!(
            "layer {layer} of ztoc {} is not in the content store",
            args.digest
        );
    }
    let Some(entry) = ztoc.entry(&args.path).or_else(|| {
        let trimmed = args.path.trim_start_matches('/');
        ztoc.toc
            .iter()
            .find(|e| e.name.trim_start_matches("./").trim_end_matches('/') == trimmed)
    }) else {
        bail!("{} is not in ztoc {}", args.path, args.digest);
    };
    if entry.kind != linnet_ztoc::FileType::Reg {
        bail!(
            "{} is a {}, not a regular file",
            args.path,
            entry.kind.as_str()
        );
    }
    let name = entry.name.clone();
    let handle = tokio::runtime::Handle::current();
    let mut reader =
        ContentReader::new(handle, client.clone(), layer, ztoc.compressed_archive_size);
    let data = tokio::task::spawn_blocking(move || ztoc.extract_file(&mut reader, &name))
        .await
        .context("extraction failed")??;
    match args.output {
        Some(path) => std::fs::write(&path, &data)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(&data)?,
    }
    Ok(0)
}
