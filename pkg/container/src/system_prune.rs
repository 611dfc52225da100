//! `system prune`: Docker's sequence over one namespace — stopped containers, unused networks,
//! (with `volumes`) unused anonymous volumes, then dangling images (every unused image with
//! `all`). linnet has no build cache yet, so there is nothing to prune there.

use linnet_containerd::Client;
use linnet_image::filter::LabelFilter;
use linnet_image::prune::{prune_images, ImagePrune, ImagePruneReport};

use crate::prune::{images_in_use, prune_containers, ContainerPrune, ContainerPruneReport};
use crate::{volumes, Error, Scope};

#[derive(Debug, Clone, Default)]
pub struct SystemPrune {
    pub all: bool,
    pub volumes: bool,
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    pub labels: LabelFilter,
    /// `label=` values as given, for the network store's own filter (which has no `until` or
    /// `label!=`); None when the filters ask for more than it can check, so networks stay.
    pub network_labels: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct SystemPruneReport {
    pub containers: ContainerPruneReport,
    pub networks: Vec<String>,
    /// Volume names and the bytes they held.
    pub volumes: Vec<String>,
    pub volumes_reclaimed: u64,
    pub images: ImagePruneReport,
}

impl SystemPruneReport {
    pub fn reclaimed(&self) -> u64 {
        self.containers.reclaimed + self.volumes_reclaimed + self.images.reclaimed
    }
}

pub async fn system_prune(
    client: &Client,
    scope: &Scope,
    opts: &SystemPrune,
) -> Result<SystemPruneReport, Error> {
    let mut report = SystemPruneReport {
        containers: prune_containers(
            client,
            scope,
            &ContainerPrune {
                until: opts.until,
                labels: opts.labels.clone(),
            },
        )
        .await?,
        ..Default::default()
    };
    if let (Some(config), Some(labels)) = (&scope.network, &opts.network_labels) {
        let raw: Vec<String> = labels.iter().map(|l| format!("label={l}")).collect();
        let filters = linnet_network::listing::Filters::parse(&raw, &["label"])?;
        let manager = linnet_network::NetworkManager::new(config.clone())?;
        report.networks = manager.prune(&filters)?;
    }
    if opts.volumes {
        let (names, bytes) = prune_anonymous_volumes(client, scope, &opts.labels).await?;
        report.volumes = names;
        report.volumes_reclaimed = bytes;
    }
    let in_use = images_in_use(client).await?;
    let image_opts = ImagePrune {
        all: opts.all,
        until: opts.until,
        labels: opts.labels.clone(),
    };
    report.images = prune_images(client, &scope.snapshotter, &in_use, &image_opts)
        .await
        .map_err(|source| Error::Image {
            reference: "(prune)".to_string(),
            source,
        })?;
    Ok(report)
}

/// Anonymous volumes no container mounts (Docker 23's `system prune --volumes`; named volumes
/// go only with `volume prune`).
pub async fn prune_anonymous_volumes(
    client: &Client,
    scope: &Scope,
    labels: &LabelFilter,
) -> Result<(Vec<String>, u64), Error> {
    let store = volumes::store(scope);
    let users = volumes::users(client).await?;
    let mut removed = Vec::new();
    let mut reclaimed = 0;
    for volume in store.list()? {
        let own: std::collections::HashMap<String, String> = volume
            .meta
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !volume.meta.anonymous || users.contains_key(volume.name()) || !labels.matches(&own) {
            continue;
        }
        let size = store.usage(&volume);
        match store.remove(volume.name()) {
            Ok(()) => {
                reclaimed += size;
                removed.push(volume.meta.name.clone());
            }
            Err(e) => tracing::warn!("cannot remove volume {}: {e}", volume.name()),
        }
    }
    Ok((removed, reclaimed))
}
