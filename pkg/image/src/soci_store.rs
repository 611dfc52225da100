//! What the local content store holds of SOCI, for `linnet soci`: the indexes of each image
//! (and which one the discovery rule picks), blobs by digest, a ztoc's description, and a
//! `Read + Seek` over a layer blob for the blocking ztoc reader. It is logic over containerd's
//! content store and SOCI's discovery rule, so it lives here rather than in the command.

use std::io::{Read, Seek, SeekFrom};

use futures::StreamExt;
use linnet_containerd::Client;
use serde_json::json;

use crate::Error;

/// A SOCI index known locally, and what it indexes.
pub struct Known {
    pub digest: String,
    pub size: i64,
    pub image: String,
    pub platform: String,
    pub artifact_type: String,
    pub created: Option<chrono::DateTime<chrono::Utc>>,
    /// The index the discovery rule picks for its manifest.
    pub chosen: bool,
}

/// The SOCI indexes in the content store for every image (or only the image `only`), each
/// marked when the discovery rule picks it for its manifest.
pub async fn known_indexes(client: &Client, only: Option<&str>) -> Result<Vec<Known>, Error> {
    let images = match only {
        Some(name) => vec![crate::find_image(client, name)
            .await?
            .ok_or_else(|| Error::ImageNotFound(name.to_string()))?],
        None => client.image_list(&[]).await?,
    };
    let mut out: Vec<Known> = Vec::new();
    // Indexes the discovery rule picks for some manifest.
    let mut chosen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for image in images {
        let target = &image.target;
        // (digest, platform) of platform manifests, for v1 labels.
        let mut manifests: Vec<(String, String)> = Vec::new();
        if crate::media::is_index(&target.media_type) {
            let Ok(bytes) = client.content_read(&target.digest).await else {
                continue;
            };
            let index = crate::manifest::parse_index(&target.digest, &bytes)?;
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
                    media_type: crate::media::OCI_MANIFEST,
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
    let Ok(manifest) = crate::manifest::parse_manifest(digest, &bytes) else {
        return String::new();
    };
    let Ok(config) = client.content_read(&manifest.config.digest).await else {
        return String::new();
    };
    crate::manifest::parse_config_header(&manifest.config.digest, &config)
        .map(|c| c.platform().to_string())
        .unwrap_or_default()
}

/// A whole blob from the content store, by digest.
pub async fn read_blob(client: &Client, digest: &str) -> Result<Vec<u8>, Error> {
    crate::manifest::validate_digest(digest)?;
    if client.content_info(digest).await?.is_none() {
        return Err(Error::ContentNotFound(digest.to_string()));
    }
    Ok(client.content_read(digest).await?)
}

/// soci's `ztoc info` view of a ztoc (`size` is its blob's size).
pub fn ztoc_json(ztoc: &linnet_ztoc::Ztoc, size: usize) -> Result<serde_json::Value, Error> {
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
    Ok(json!({
        "version": ztoc.version,
        "build_tool": ztoc.build_tool_identifier,
        "size": size,
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
    }))
}

/// `Read + Seek` over a blob in containerd's content store, fetching 1 MiB windows on demand,
/// for the blocking ztoc reader.
pub struct ContentReader {
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

    /// A reader of blob `digest` (`size` bytes); reads block on `handle`, so they must run
    /// outside that runtime.
    pub fn new(handle: tokio::runtime::Handle, client: Client, digest: String, size: u64) -> Self {
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
                window.extend_from_slice(&chunk.map_err(std::io::Error::other)?);
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
