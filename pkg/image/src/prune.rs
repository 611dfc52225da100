//! `image prune` (and the image part of `system prune`): removes the images no container uses —
//! only the dangling (untagged) ones unless `all` — that pass `until=`/`label=`, and reports
//! Docker's `untagged:`/`deleted:` lines and the bytes freed (blobs and snapshots that no
//! remaining image shares).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use linnet_containerd::Client;
use linnet_reference::Reference;

use crate::filter::LabelFilter;
use crate::list::image_summary;
use crate::select::{is_placeholder, is_tagged};
use crate::usage::{footprint, freed};
use crate::Error;

#[derive(Debug, Clone, Default)]
pub struct ImagePrune {
    /// Every unused image, not only the dangling ones (`-a`, or `dangling=false`).
    pub all: bool,
    /// Keep images whose config was created after this.
    pub until: Option<DateTime<Utc>>,
    pub labels: LabelFilter,
}

/// One line of Docker's `Deleted Images:` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PruneLine {
    /// A name removed (familiar form: `busybox:latest`).
    Untagged(String),
    /// An image ID whose last name went.
    Deleted(String),
}

#[derive(Debug, Clone, Default)]
pub struct ImagePruneReport {
    pub lines: Vec<PruneLine>,
    pub reclaimed: u64,
}

/// Prunes the images of the client's namespace. `in_use` holds the IDs (record target digests)
/// of images that containers were created from; those stay whatever the filters say.
pub async fn prune_images(
    client: &Client,
    snapshotter: &str,
    in_use: &HashSet<String>,
    opts: &ImagePrune,
) -> Result<ImagePruneReport, Error> {
    let images = client.image_list(&[]).await?;
    let mut by_id: BTreeMap<String, Vec<linnet_containerd::Image>> = BTreeMap::new();
    for image in images {
        by_id
            .entry(image.target.digest.clone())
            .or_default()
            .push(image);
    }
    let mut chosen = Vec::new();
    for (id, names) in &by_id {
        if in_use.contains(id) {
            continue;
        }
        if !opts.all && names.iter().any(|i| is_tagged(&i.name)) {
            continue;
        }
        if opts.until.is_some() || !opts.labels.is_empty() {
            let summary = match image_summary(client, &names[0], snapshotter).await {
                Ok(summary) => summary,
                // Unreadable: its time and labels are unknown, so the filters keep it.
                Err(e) => {
                    tracing::warn!("cannot read image {}: {e}", names[0].name);
                    continue;
                }
            };
            // Docker: an image without a creation time is at the epoch, so never "after".
            if opts
                .until
                .is_some_and(|u| summary.created.is_some_and(|c| c > u))
            {
                continue;
            }
            if !opts.labels.matches(&summary.labels) {
                continue;
            }
        }
        chosen.push(id.clone());
    }
    let mut report = ImagePruneReport::default();
    if chosen.is_empty() {
        return Ok(report);
    }
    let mut footprints = HashMap::new();
    for (id, names) in &by_id {
        // An unreadable image counts as empty: it must not stop the prune of the others.
        let print = footprint(client, &names[0], snapshotter)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!("cannot measure image {}: {e}", names[0].name);
                Vec::new()
            });
        footprints.insert(id.clone(), print);
    }
    let mut gone = HashSet::new();
    let last_name = chosen
        .last()
        .and_then(|id| by_id.get(id))
        .and_then(|names| names.last())
        .map(|i| i.name.clone());
    for id in &chosen {
        let mut complete = true;
        for image in &by_id[id] {
            // Synchronous garbage collection once, on the last removal, so that the space is
            // free when prune returns.
            let sync = last_name.as_deref() == Some(image.name.as_str());
            match client.image_delete(&image.name, sync).await {
                // A placeholder name is no reference: Docker prints only `deleted:`.
                Ok(()) if is_placeholder(&image.name) => {}
                Ok(()) => report
                    .lines
                    .push(PruneLine::Untagged(familiar(&image.name))),
                Err(e) => {
                    tracing::warn!("cannot remove image {}: {e}", image.name);
                    complete = false;
                }
            }
        }
        if complete {
            report.lines.push(PruneLine::Deleted(id.clone()));
            gone.insert(id.clone());
        }
    }
    report.reclaimed = freed(&footprints, &gone);
    Ok(report)
}

fn familiar(name: &str) -> String {
    Reference::parse(name)
        .map(|r| r.familiar_string())
        .unwrap_or_else(|_| name.to_string())
}
