//! What `images` shows for one image: created time, platform, unpacked size and blob size.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::manifest::parse_config_header;
use crate::platform::Platform;
use crate::resolve::resolve_present;
use crate::unpack::chain_ids;
use crate::Error;

#[derive(Debug, Clone)]
pub struct ImageSummary {
    /// Full name as recorded.
    pub name: String,
    /// Familiar repository (`alpine`, `localhost:5000/app`), `<none>` when the name has no repository form.
    pub repository: String,
    /// Tag, or `<none>` for digest-only names.
    pub tag: String,
    /// Digest of the image record's target: the image ID.
    pub digest: String,
    /// The config's `created`; None when it has none (Docker shows `N/A`).
    pub created: Option<DateTime<Utc>>,
    pub platform: String,
    /// Bytes of the unpacked layers (snapshot usage); 0 when not unpacked.
    pub size: u64,
    /// Bytes of the blobs held in the content store for this platform.
    pub blob_size: u64,
    /// The config's `config.Labels`, for `--filter label=`.
    pub labels: HashMap<String, String>,
}

pub async fn image_summary(
    client: &Client,
    image: &Image,
    snapshotter: &str,
) -> Result<ImageSummary, Error> {
    let (repository, tag) = match Reference::parse(&image.name) {
        Ok(r) => (r.familiar_name(), r.tag().unwrap_or("<none>").to_string()),
        Err(_) if crate::select::is_placeholder(&image.name) => {
            ("<none>".to_string(), "<none>".to_string())
        }
        Err(_) => (image.name.clone(), "<none>".to_string()),
    };
    let mut summary = ImageSummary {
        name: image.name.clone(),
        repository,
        tag,
        digest: image.target.digest.clone(),
        created: None,
        platform: String::new(),
        size: 0,
        blob_size: 0,
        labels: HashMap::new(),
    };
    let host = Platform::host();
    let (desc, manifest, platform) = match resolve_present(client, image, &host).await {
        Ok(found) => found,
        // Nothing of any platform is present: show what we can without failing the listing.
        Err(Error::NoMatchingPlatform { .. }) => return Ok(summary),
        Err(e) => return Err(e),
    };
    summary.platform = platform.to_string();
    let mut blob_size = desc.size;
    if image.target.digest != desc.digest {
        blob_size += image.target.size;
    }
    if let Ok(config) = client.content_read(&manifest.config.digest).await {
        blob_size += config.len() as u64;
        summary.labels = config_labels(&config);
        if let Ok(header) = parse_config_header(&manifest.config.digest, &config) {
            if let Some(created) = header
                .created
                .as_deref()
                .and_then(|c| DateTime::parse_from_rfc3339(c).ok())
            {
                summary.created = Some(created.with_timezone(&Utc));
            }
            for chain in chain_ids(&header.rootfs.diff_ids) {
                if let Ok((bytes, _)) = client.snapshot_usage(snapshotter, &chain).await {
                    summary.size += bytes.max(0) as u64;
                }
            }
        }
    }
    for layer in &manifest.layers {
        if client.content_info(&layer.digest).await?.is_some() {
            blob_size += layer.size;
        }
    }
    summary.blob_size = blob_size;
    Ok(summary)
}

/// `config.Labels` of an image config; empty when absent or not a string map.
pub(crate) fn config_labels(config: &[u8]) -> HashMap<String, String> {
    #[derive(serde::Deserialize, Default)]
    struct Config {
        #[serde(default, rename = "Labels")]
        labels: Option<HashMap<String, String>>,
    }
    #[derive(serde::Deserialize)]
    struct Image {
        #[serde(default)]
        config: Option<Config>,
    }
    serde_json::from_slice::<Image>(config)
        .ok()
        .and_then(|i| i.config)
        .and_then(|c| c.labels)
        .unwrap_or_default()
}
