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
    if let Some(config) = &scope.network {
        report.networks = prune_networks(config, opts)?;
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
            reference: "list".to_string(),
            source,
        })?;
    Ok(report)
}

/// User networks without containers that pass `until=`/`label=` (the default network and the
/// built-in ones stay), as `network prune` with Docker's prune filters.
fn prune_networks(
    config: &linnet_network::ManagerConfig,
    opts: &SystemPrune,
) -> Result<Vec<String>, Error> {
    let manager = linnet_network::NetworkManager::new(config.clone())?;
    let mut removed = Vec::new();
    for row in linnet_network::listing::rows(&manager)? {
        if row.builtin || !row.dangling {
            continue;
        }
        let created = chrono::DateTime::parse_from_rfc3339(&row.created).ok();
        if opts
            .until
            .is_some_and(|u| created.is_some_and(|c| c.with_timezone(&chrono::Utc) > u))
        {
            continue;
        }
        let labels: std::collections::HashMap<String, String> =
            row.labels.clone().into_iter().collect();
        if !opts.labels.matches(&labels) {
            continue;
        }
        match manager.remove_network(&row.id) {
            Ok(_) => removed.push(row.name.clone()),
            // Attached since the listing: it is in use after all.
            Err(linnet_network::Error::NetworkInUse { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(removed)
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
