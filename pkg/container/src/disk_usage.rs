//! `system df`: what images, containers and volumes of a namespace occupy, with what Docker's
//! summary needs to tell active from reclaimable. Images count their blobs and unpacked
//! snapshots, shared ones once in the total (`linnet_image::usage`); containers their writable
//! layer; volumes the files under `_data`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use linnet_containerd::Client;

use crate::ops::Status;
use crate::ops::{self, State};
use crate::prune::rw_size;
use crate::{volumes, Error, Scope};

#[derive(Debug, Clone)]
pub struct ImageUsage {
    /// Record target digest.
    pub id: String,
    /// Full names, sorted.
    pub names: Vec<String>,
    pub created: Option<DateTime<Utc>>,
    pub size: u64,
    pub shared_size: u64,
    /// Containers created from it.
    pub containers: usize,
}

#[derive(Debug, Clone)]
pub struct ContainerUsage {
    pub container: linnet_containerd::Container,
    pub state: State,
    pub size_rw: u64,
    /// Volumes it mounts.
    pub volumes: usize,
}

#[derive(Debug, Clone)]
pub struct VolumeUsage {
    pub name: String,
    /// Containers that mount it.
    pub links: usize,
    pub size: u64,
}

#[derive(Debug, Clone, Default)]
pub struct DiskUsage {
    pub images: Vec<ImageUsage>,
    /// All image pieces counted once (Docker's `LayersSize`).
    pub images_total: u64,
    pub containers: Vec<ContainerUsage>,
    pub volumes: Vec<VolumeUsage>,
}

impl DiskUsage {
    /// Docker's `Images` reclaimable: the total less what images in use hold alone.
    pub fn images_reclaimable(&self) -> u64 {
        let used: u64 = self
            .images
            .iter()
            .filter(|i| i.containers > 0)
            .map(|i| i.size - i.shared_size)
            .sum();
        self.images_total.saturating_sub(used)
    }

    /// Docker counts every container that is not running, paused ones included.
    pub fn containers_reclaimable(&self) -> u64 {
        self.containers
            .iter()
            .filter(|c| c.state.status != Status::Running)
            .map(|c| c.size_rw)
            .sum()
    }

    pub fn volumes_reclaimable(&self) -> u64 {
        self.volumes
            .iter()
            .filter(|v| v.links == 0)
            .map(|v| v.size)
            .sum()
    }
}

/// One line of Docker's `system df` summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub kind: &'static str,
    pub total: usize,
    pub active: usize,
    pub size: u64,
    pub reclaimable: u64,
}

impl DiskUsage {
    /// Images, Containers, Local Volumes and Build Cache (linnet has none yet).
    pub fn summary(&self) -> Vec<SummaryRow> {
        vec![
            SummaryRow {
                kind: "Images",
                total: self.images.len(),
                active: self.images.iter().filter(|i| i.containers > 0).count(),
                size: self.images_total,
                reclaimable: self.images_reclaimable(),
            },
            SummaryRow {
                kind: "Containers",
                total: self.containers.len(),
                active: self
                    .containers
                    .iter()
                    .filter(|c| c.state.status == Status::Running)
                    .count(),
                size: self.containers.iter().map(|c| c.size_rw).sum(),
                reclaimable: self.containers_reclaimable(),
            },
            SummaryRow {
                kind: "Local Volumes",
                total: self.volumes.len(),
                active: self.volumes.iter().filter(|v| v.links > 0).count(),
                size: self.volumes.iter().map(|v| v.size).sum(),
                reclaimable: self.volumes_reclaimable(),
            },
            SummaryRow {
                kind: "Build Cache",
                total: 0,
                active: 0,
                size: 0,
                reclaimable: 0,
            },
        ]
    }
}

/// Measures the namespace of `client`; `snapshotter` is the one images are unpacked on.
pub async fn disk_usage(
    client: &Client,
    scope: &Scope,
    snapshotter: &str,
) -> Result<DiskUsage, Error> {
    let mut by_id: BTreeMap<String, Vec<linnet_containerd::Image>> = BTreeMap::new();
    for image in client.image_list(&[]).await? {
        by_id
            .entry(image.target.digest.clone())
            .or_default()
            .push(image);
    }
    let containers = client.container_list(&[]).await?;
    let mut users: HashMap<String, usize> = HashMap::new();
    for c in &containers {
        let id = match c.labels.get(crate::meta::labels::IMAGE_ID) {
            Some(id) if !id.is_empty() => Some(id.clone()),
            _ => client.image_get(&c.image).await?.map(|i| i.target.digest),
        };
        if let Some(id) = id {
            *users.entry(id).or_default() += 1;
        }
    }
    let mut footprints = HashMap::new();
    let mut created = HashMap::new();
    for (id, names) in &by_id {
        let first = &names[0];
        // One unreadable image (content half gone) must not hide the others: it counts as
        // empty, with a warning.
        let print = linnet_image::usage::footprint(client, first, snapshotter)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!("cannot measure image {}: {e}", first.name);
                Vec::new()
            });
        footprints.insert(id.clone(), print);
        let when = match linnet_image::image_summary(client, first, snapshotter).await {
            Ok(summary) => summary.created,
            Err(_) => None,
        };
        created.insert(id.clone(), when);
    }
    let shared = linnet_image::usage::shared_sizes(&footprints);
    let mut usage = DiskUsage {
        images_total: shared.total,
        ..Default::default()
    };
    for (id, names) in by_id {
        let (size, shared_size) = shared.per_image.get(&id).copied().unwrap_or_default();
        let mut names: Vec<String> = names.into_iter().map(|i| i.name).collect();
        names.sort();
        usage.images.push(ImageUsage {
            containers: users.get(&id).copied().unwrap_or(0),
            created: created.get(&id).copied().flatten(),
            id,
            names,
            size,
            shared_size,
        });
    }
    let tasks: HashMap<String, _> = client
        .task_list()
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut links: HashMap<String, usize> = HashMap::new();
    for c in containers {
        let names = volumes::volume_names(&c);
        for name in &names {
            *links.entry(name.clone()).or_default() += 1;
        }
        usage.containers.push(ContainerUsage {
            state: ops::state_of(&c, tasks.get(&c.id)),
            size_rw: rw_size(client, &c).await,
            volumes: names.len(),
            container: c,
        });
    }
    usage
        .containers
        .sort_by_key(|c| std::cmp::Reverse(c.container.created_at));
    let store = volumes::store(scope);
    for volume in store.list()? {
        usage.volumes.push(VolumeUsage {
            links: links.get(volume.name()).copied().unwrap_or(0),
            size: store.usage(&volume),
            name: volume.meta.name.clone(),
        });
    }
    Ok(usage)
}
