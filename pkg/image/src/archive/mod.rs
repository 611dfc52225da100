//! Image archives: `save` writes one tar that is both an OCI image layout and a docker-archive;
//! `load` reads either kind (plain or gzip) back into containerd.
//!
//! Archives can be larger than memory and arrive on a pipe, so both directions stream: `save`
//! copies blobs from containerd's content store into the tar as it reads them, and `load` reads
//! the tar once, front to back, writing each blob into a content writer as it arrives. The tar side
//! is synchronous (`tar` crate) and runs on a blocking thread that talks to the async side over a
//! channel. A load records image names only after every blob is committed (containerd verifies
//! each digest) and the layers are unpacked, all under one lease, so a truncated or corrupt archive
//! leaves no image behind and its blobs become garbage.
//!
//! `selection` decides what of an image is saved or kept, `save` writes the tar and `load` reads
//! one back; this module holds what both directions share.

mod load;
mod save;
mod selection;
#[cfg(test)]
mod tests;

use std::future::Future;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use linnet_containerd::Client;
use serde::{Deserialize, Serialize};

use crate::manifest::Descriptor;
use crate::{Error, Platform};

pub use load::load;
pub(crate) use load::{store_file, TempPath};
pub use save::save;

/// Annotation containerd (and Docker 25+) use for the full image name in `index.json`.
pub const ANNOTATION_IMAGE_NAME: &str = "io.containerd.image.name";
/// OCI annotation for the reference name (the tag) in `index.json`.
pub const ANNOTATION_REF_NAME: &str = "org.opencontainers.image.ref.name";

const OCI_LAYOUT: &[u8] = br#"{"imageLayoutVersion":"1.0.0"}"#;
/// Bytes per channel message and per content write.
const CHUNK: usize = 1 << 20;
/// Non-blob files up to this size are kept in memory during a load; larger ones are spooled.
const MEMORY_LIMIT: u64 = 16 << 20;
/// How long the load lease lives if linnet dies before deleting it.
const LEASE_EXPIRY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Which platforms of a multi-platform image `save` writes and `load` requires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PlatformFilter {
    /// The host platform when the image has it and its content is present, otherwise every
    /// platform whose content is present.
    #[default]
    Default,
    /// Every platform; all content must be present.
    All,
    /// Exactly these platforms; their content must be present.
    Only(Vec<Platform>),
}

impl PlatformFilter {
    /// From `--all-platforms` and repeated `--platform` flags.
    pub fn from_flags(all: bool, platforms: &[String]) -> Result<PlatformFilter, Error> {
        if all {
            return Ok(PlatformFilter::All);
        }
        if platforms.is_empty() {
            return Ok(PlatformFilter::Default);
        }
        let mut out = Vec::new();
        for p in platforms {
            // `--platform a,b` is accepted as Docker's buildx does.
            for part in p.split(',').filter(|s| !s.trim().is_empty()) {
                out.push(Platform::parse(part)?);
            }
        }
        Ok(PlatformFilter::Only(out))
    }
}

// ---------------------------------------------------------------------------------------------
// Where blobs come from: containerd, or a map in tests.

/// Read access to blobs and image records; containerd in production, a map in tests.
pub(crate) trait BlobStore: Sync {
    /// Size of a committed blob, `None` when absent.
    fn blob_size(&self, digest: &str) -> impl Future<Output = Result<Option<u64>, Error>> + Send;
    fn read_blob(&self, digest: &str) -> impl Future<Output = Result<Vec<u8>, Error>> + Send;
    fn stream_blob(&self, digest: &str) -> BoxStream<'static, Result<Bytes, Error>>;
    /// The target of the image record `name`, `None` when there is no such image.
    fn image_target(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<Descriptor>, Error>> + Send;
}

impl BlobStore for Client {
    async fn blob_size(&self, digest: &str) -> Result<Option<u64>, Error> {
        Ok(self
            .content_info(digest)
            .await?
            .map(|i| u64::try_from(i.size).unwrap_or(0)))
    }

    async fn read_blob(&self, digest: &str) -> Result<Vec<u8>, Error> {
        Ok(self.content_read(digest).await?)
    }

    fn stream_blob(&self, digest: &str) -> BoxStream<'static, Result<Bytes, Error>> {
        self.content_read_stream(digest, 0, 0)
            .map(|r| r.map_err(Error::from))
            .boxed()
    }

    async fn image_target(&self, name: &str) -> Result<Option<Descriptor>, Error> {
        Ok(self.image_get(name).await?.map(|image| {
            Descriptor::new(
                &image.target.media_type,
                &image.target.digest,
                image.target.size,
            )
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// docker-archive manifest.json

/// One entry of a docker-archive `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DockerManifestEntry {
    #[serde(rename = "Config")]
    pub config: String,
    #[serde(rename = "RepoTags", default)]
    pub repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    pub layers: Vec<String>,
}

/// Parses a docker-archive `manifest.json`.
pub fn parse_docker_manifest(bytes: &[u8]) -> Result<Vec<DockerManifestEntry>, Error> {
    serde_json::from_slice(bytes).map_err(|source| Error::Decode {
        what: "manifest.json in archive",
        source,
    })
}

fn blob_path(digest: &str) -> String {
    let (algorithm, hex) = digest.split_once(':').unwrap_or(("sha256", digest));
    format!("blobs/{algorithm}/{hex}")
}
