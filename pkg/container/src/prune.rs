//! `container prune` (stopped containers that pass `until=`/`label=`, with the bytes of their
//! writable layers) and the image IDs containers hold, which `image prune` must keep.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use linnet_containerd::{Client, Container};
use linnet_image::filter::LabelFilter;

use crate::meta::labels;
use crate::ops::{self, Status};
use crate::{lifecycle, Error, Scope};

#[derive(Debug, Clone, Default)]
pub struct ContainerPrune {
    /// Keep containers created after this.
    pub until: Option<DateTime<Utc>>,
    pub labels: LabelFilter,
}

#[derive(Debug, Clone, Default)]
pub struct ContainerPruneReport {
    /// Full IDs, in removal order.
    pub removed: Vec<String>,
    /// Bytes of their writable layers.
    pub reclaimed: u64,
}

/// The labels a user gave a container (`--label`), without linnet's own.
pub fn user_labels(c: &Container) -> HashMap<String, String> {
    c.labels
        .iter()
        .filter(|(k, _)| !k.starts_with(labels::PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// True for the states Docker's prune leaves alone: running, paused (still running) and
/// restarting; and unknown, which linnet cannot vouch for.
pub fn is_active(status: &Status) -> bool {
    matches!(
        status,
        Status::Running | Status::Paused | Status::Restarting | Status::Unknown
    )
}

/// Removes every container of the namespace that is not running and passes `opts`. A container
/// that cannot be removed is skipped with a warning, as Docker does.
pub async fn prune_containers(
    client: &Client,
    scope: &Scope,
    opts: &ContainerPrune,
) -> Result<ContainerPruneReport, Error> {
    let tasks: HashMap<String, _> = client
        .task_list()
        .await?
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect();
    let mut containers = client.container_list(&[]).await?;
    containers.sort_by_key(|c| c.created_at);
    let mut report = ContainerPruneReport::default();
    for c in containers {
        let state = ops::state_of(&c, tasks.get(&c.id));
        if is_active(&state.status) {
            continue;
        }
        if opts
            .until
            .is_some_and(|u| c.created_at.is_some_and(|t| t > u))
        {
            continue;
        }
        if !opts.labels.matches(&user_labels(&c)) {
            continue;
        }
        let rw = rw_size(client, &c).await;
        match lifecycle::remove(client, scope, &c, false).await {
            Ok(()) => {
                report.reclaimed += rw;
                report.removed.push(c.id.clone());
            }
            Err(e) => tracing::warn!("cannot remove container {}: {e}", c.id),
        }
    }
    Ok(report)
}

/// Bytes in the container's writable layer (its active snapshot); 0 when unreadable.
pub async fn rw_size(client: &Client, c: &Container) -> u64 {
    if c.snapshot_key.is_empty() {
        return 0;
    }
    client
        .snapshot_usage(&c.snapshotter, &c.snapshot_key)
        .await
        .map(|(bytes, _)| bytes.max(0) as u64)
        .unwrap_or(0)
}

/// Image IDs (record target digests) that containers of the namespace were created from,
/// running or not: the recorded ID, and what their image name points at now.
pub async fn images_in_use(client: &Client) -> Result<HashSet<String>, Error> {
    let mut ids = HashSet::new();
    for c in client.container_list(&[]).await? {
        if let Some(id) = c.labels.get(labels::IMAGE_ID).filter(|v| !v.is_empty()) {
            ids.insert(id.clone());
        }
        if !c.image.is_empty() {
            if let Some(image) = client.image_get(&c.image).await? {
                ids.insert(image.target.digest);
            }
        }
    }
    Ok(ids)
}
