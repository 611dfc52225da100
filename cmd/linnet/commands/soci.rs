//! `linnet soci`: look inside SOCI indexes and ztocs, for people who debug lazy loading.
//!
//! Indexes are found from the images: a v2 index is an entry of a SOCI-enabled image's OCI
//! index; a v1 index is named by the `containerd.io/gc.ref.content.soci-index` label of the
//! platform manifest it indexes (set by `image convert --soci --soci-index-version v1`). Which
//! of them an image actually uses is `linnet_soci::choose_index`, the rule pull and the
//! snapshotter follow (the manifest's v2 annotation, else the v1 index).

use std::io::{Read, Seek, SeekFrom, Write};

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand};
use futures::StreamExt;
use linnet_containerd::Client;
use linnet_soci::list::ListEntry;
use linnet_soci::SociIndex;
use serde_json::json;

use crate::context::Context;

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

/// A SOCI index known locally, and what it indexes.
struct Known {
    digest: String,
    size: i64,
    image: String,
    platform: String,
    artifact_type: String,
    created: Option<chrono::DateTime<chrono::Utc>>,
    /// The index the discovery rule picks for its manifest.
    chosen: bool,
}

async fn known_indexes(client: &Client, only: Option<&str>) -> anyhow::Result<Vec<Known>> {
    let images = match only {
        Some(name) => vec![linnet_image::find_image(client, name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no such image: {name}"))?],
        None => client.image_list(&[]).await?,
    };
    let mut out: Vec<Known> = Vec::new();
    // Indexes the discovery rule picks for some manifest.
    let mut chosen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for image in images {
        let target = &image.target;
        // (digest, platform) of platform manifests, for v1 labels.
        let mut manifests: Vec<(String, String)> = Vec::new();
        if linnet_image::media::is_index(&target.media_type) {
            let Ok(bytes) = client.content_read(&target.digest).await else {
                continue;
            };
            let index = linnet_image::manifest::parse_index(&target.digest, &bytes)?;
            for desc in &index.manifests {
                let platform = desc
                    .platform
                    .clone()
                    .map(|p| p.normalized().to_string())
                    .unwrap_or_default();
                if desc.artifact_type.as_deref() == Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V2) {
                    if let Some(info) = client.content_info(&desc.digest).await? {
                        out.push(Known {
                            digest: desc.digest.clone(),
                            size: info.size,
                            image: image.name.clone(),
                            platform,
                            artifact_type: linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V2.to_string(),
                            created: info.created_at,
                            chosen: false,
                        });
                    }
                } else {
                    manifests.push((desc.digest.clone(), platform));
                }
            }
        } else {
            manifests.push((
                target.digest.clone(),
                manifest_platform(client, &target.digest).await,
            ));
        }
        for (digest, platform) in manifests {
            let Some(info) = client.content_info(&digest).await? else {
                continue;
            };
            let manifest_bytes = client.content_read(&digest).await.ok();
            let v1 = info.labels.get(linnet_soci::LABEL_GC_REF_SOCI_INDEX);
            let candidates: Vec<linnet_soci::ReferrerCandidate<'_>> = v1
                .iter()
                .map(|d| linnet_soci::ReferrerCandidate {
                    digest: d,
                    media_type: linnet_soci::MEDIA_TYPE_OCI_MANIFEST,
                    artifact_type: Some(linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1),
                    created: None,
                })
                .collect();
            if let Some(c) = linnet_soci::choose_index(manifest_bytes.as_deref(), &candidates) {
                chosen.insert(c.digest);
            }
            let Some(index) = v1 else {
                continue;
            };
            if let Some(index_info) = client.content_info(index).await? {
                out.push(Known {
                    digest: index.clone(),
                    size: index_info.size,
                    image: image.name.clone(),
                    platform: platform.clone(),
                    artifact_type: linnet_soci::SOCI_INDEX_ARTIFACT_TYPE_V1.to_string(),
                    created: index_info.created_at,
                    chosen: false,
                });
            }
        }
    }
    for k in &mut out {
        k.chosen = chosen.contains(&k.digest);
    }
    Ok(out)
}

/// `os/arch` of a single-platform image, from its config ("" when it cannot be read).
async fn manifest_platform(client: &Client, digest: &str) -> String {
    let Ok(bytes) = client.content_read(digest).await else {
        return String::new();
    };
    let Ok(manifest) = linnet_image::manifest::parse_manifest(digest, &bytes) else {
        return String::new();
    };
    let Ok(config) = client.content_read(&manifest.config.digest).await else {
        return String::new();
    };
    linnet_image::manifest::parse_config_header(&manifest.config.digest, &config)
        .map(|c| c.platform().to_string())
        .unwrap_or_default()
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
            media_type: linnet_soci::MEDIA_TYPE_OCI_MANIFEST.to_string(),
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

async fn read_blob(client: &Client, digest: &str) -> anyhow::Result<Vec<u8>> {
    linnet_image::manifest::validate_digest(digest)?;
    if client.content_info(digest).await?.is_none() {
        bail!("content {digest} not found");
    }
    Ok(client.content_read(digest).await?)
}

async fn ztoc_info(client: &Client, digest: &str) -> anyhow::Result<u8> {
    let bytes = read_blob(client, digest).await?;
    let ztoc =
        linnet_ztoc::Ztoc::from_bytes(&bytes).with_context(|| format!("{digest} is not a ztoc"))?;
    let spans = ztoc.spans()?;
    let span_of = |offset: u64| spans.iter().rposition(|s| s.uncompressed_start <= offset);
    let files: Vec<serde_json::Value> = ztoc
        .toc
        .iter()
        .map(|f| {
            let start = span_of(f.uncompressed_offset);
            let end = span_of(f.uncompressed_offset + f.uncompressed_size.saturating_sub(1));
            json!({
                "filename": f.name,
                "offset": f.uncompressed_offset,
                "size": f.uncompressed_size,
                "type": f.kind.as_str(),
                "mode": format!("{:o}", f.mode),
                "uid": f.uid,
                "gid": f.gid,
                "mod_time": f.mod_time,
                "linkname": f.linkname,
                "start_span": start,
                "end_span": end,
            })
        })
        .collect();
    let span_list: Vec<serde_json::Value> = spans
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "compressed": [s.compressed_start, s.compressed_end],
                "uncompressed": [s.uncompressed_start, s.uncompressed_end],
                "digest": ztoc.compression.span_digests.get(s.id),
            })
        })
        .collect();
    let info = json!({
        "version": ztoc.version,
        "build_tool": ztoc.build_tool_identifier,
        "size": bytes.len(),
        "compression": match ztoc.compression.algorithm {
            linnet_ztoc::CompressionAlgorithm::Gzip => "gzip",
            linnet_ztoc::CompressionAlgorithm::Uncompressed => "uncompressed",
        },
        "compressed_archive_size": ztoc.compressed_archive_size,
        "uncompressed_archive_size": ztoc.uncompressed_archive_size,
        "num_spans": spans.len(),
        "num_files": ztoc.toc.len(),
        "spans": span_list,
        "files": files,
    });
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

/// `Read + Seek` over a blob in containerd's content store, fetching 1 MiB windows on demand,
/// for the blocking ztoc reader.
struct ContentReader {
    handle: tokio::runtime::Handle,
    client: Client,
    digest: String,
    size: u64,
    pos: u64,
    window_start: u64,
    window: Vec<u8>,
}

impl ContentReader {
    const WINDOW: u64 = 1 << 20;

    fn new(handle: tokio::runtime::Handle, client: Client, digest: String, size: u64) -> Self {
        Self {
            handle,
            client,
            digest,
            size,
            pos: 0,
            window_start: 0,
            window: Vec::new(),
        }
    }
}

impl Read for ContentReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let in_window = self.pos >= self.window_start
            && self.pos < self.window_start + self.window.len() as u64;
        if !in_window {
            let len = Self::WINDOW.min(self.size - self.pos);
            let stream = self
                .client
                .content_read_stream(&self.digest, self.pos as i64, len as i64);
            let chunks: Vec<_> = self.handle.block_on(stream.collect::<Vec<_>>());
            let mut window = Vec::with_capacity(len as usize);
            for chunk in chunks {
                window.extend_from_slice(&chunk.map_err(|e| std::io::Error::other(e.to_string()))?);
            }
            if window.is_empty() {
                return Ok(0);
            }
            self.window_start = self.pos;
            self.window = window;
        }
        let offset = (self.pos - self.window_start) as usize;
        let n = buf.len().min(self.window.len() - offset);
        buf[..n].copy_from_slice(&self.window[offset..offset + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for ContentReader {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let next = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = next.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.pos)
    }
}
