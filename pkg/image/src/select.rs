//! `images --filter`: which image rows Docker's filters keep. An image (one ID, the record
//! target) may have several names, one row each; `dangling`, `label`, `before` and `since` judge
//! the image, `reference` judges each name.

use std::collections::HashMap;

use linnet_containerd::{Client, Image};
use linnet_reference::Reference;

use crate::filter::{reference_match, FilterError, Filters, LabelFilter};
use crate::list::{image_summary, ImageSummary};
use crate::Error;

/// The filter keys `images` accepts.
pub const LIST_FILTERS: &[&str] = &["dangling", "reference", "label", "before", "since"];

#[derive(Debug, Clone, Default)]
pub struct ImageQuery {
    pub dangling: Option<bool>,
    /// Globs; a name matching any of them is kept.
    pub references: Vec<String>,
    pub labels: LabelFilter,
    pub before: Option<String>,
    pub since: Option<String>,
}

impl ImageQuery {
    pub fn from_filters(filters: &Filters) -> Result<ImageQuery, FilterError> {
        Ok(ImageQuery {
            dangling: filters.dangling()?,
            references: filters.values("reference").map(str::to_string).collect(),
            labels: filters.labels(),
            before: filters.values("before").last().map(str::to_string),
            since: filters.values("since").last().map(str::to_string),
        })
    }
}

/// True for the names that only stand in for "no name" (`<none>@sha256:…` of an image committed
/// without a repository, or a bare `sha256:<hex>`): Docker shows them as `<none>:<none>`.
pub fn is_placeholder(name: &str) -> bool {
    name.starts_with("<none>@") || name.starts_with("sha256:")
}

/// True when `name` carries a tag. Untagged names (`repo@sha256:…`, or a bare `sha256:<hex>`
/// some tools record) are what Docker calls dangling when an image has nothing else.
pub fn is_tagged(name: &str) -> bool {
    if is_placeholder(name) {
        return false;
    }
    Reference::parse(name).is_ok_and(|r| r.tag().is_some())
}

/// Image ID (record target digest) → whether no name of that image has a tag.
pub fn dangling_ids(images: &[Image]) -> HashMap<String, bool> {
    let mut out: HashMap<String, bool> = HashMap::new();
    for image in images {
        let dangling = out.entry(image.target.digest.clone()).or_insert(true);
        if is_tagged(&image.name) {
            *dangling = false;
        }
    }
    out
}

/// The rows of `images` that `query` keeps, sorted by name, with their summaries.
pub async fn list_images(
    client: &Client,
    snapshotter: &str,
    query: &ImageQuery,
) -> Result<Vec<ImageSummary>, Error> {
    let mut images = client.image_list(&[]).await?;
    images.sort_by(|a, b| a.name.cmp(&b.name));
    let dangling = dangling_ids(&images);
    let before = created_of(client, snapshotter, query.before.as_deref()).await?;
    let since = created_of(client, snapshotter, query.since.as_deref()).await?;
    let mut rows = Vec::new();
    for image in &images {
        if let Some(want) = query.dangling {
            if dangling.get(&image.target.digest).copied().unwrap_or(false) != want {
                continue;
            }
        }
        if !query.references.is_empty() && !reference_matches(&query.references, &image.name) {
            continue;
        }
        let summary = image_summary(client, image, snapshotter).await?;
        if !query.labels.matches(&summary.labels) {
            continue;
        }
        // Docker compares config creation times; an image without one is at the epoch.
        if let Some(bound) = before {
            if summary.created >= bound {
                continue;
            }
        }
        if let Some(bound) = since {
            if summary.created <= bound {
                continue;
            }
        }
        rows.push(summary);
    }
    Ok(rows)
}

/// The creation time of the image `before=`/`since=` name; the outer None when not asked.
async fn created_of(
    client: &Client,
    snapshotter: &str,
    reference: Option<&str>,
) -> Result<Option<Option<chrono::DateTime<chrono::Utc>>>, Error> {
    let Some(r) = reference else {
        return Ok(None);
    };
    let image = crate::find_image(client, r)
        .await?
        .ok_or_else(|| Error::ImageNotFound(r.to_string()))?;
    Ok(Some(
        image_summary(client, &image, snapshotter).await?.created,
    ))
}

fn reference_matches(patterns: &[String], name: &str) -> bool {
    let Ok(r) = Reference::parse(name) else {
        return false;
    };
    let familiar_string = r.familiar_string();
    let familiar_name = r.familiar_name();
    patterns
        .iter()
        .any(|p| reference_match(p, &familiar_string, &familiar_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_decide_dangling() {
        assert!(is_tagged("docker.io/library/busybox:latest"));
        assert!(!is_tagged(
            "docker.io/library/busybox@sha256:0123456789012345678901234567890123456789012345678901234567890123"
        ));
        assert!(!is_tagged(
            "sha256:0123456789012345678901234567890123456789012345678901234567890123"
        ));
        assert!(!is_tagged(
            "<none>@sha256:0123456789012345678901234567890123456789012345678901234567890123"
        ));
    }

    #[test]
    fn reference_globs_see_familiar_names() {
        let p = |s: &str| vec![s.to_string()];
        assert!(reference_matches(
            &p("busy*"),
            "docker.io/library/busybox:1"
        ));
        assert!(reference_matches(&p("*:1"), "docker.io/library/busybox:1"));
        assert!(!reference_matches(&p("*:2"), "docker.io/library/busybox:1"));
        assert!(reference_matches(
            &p("localhost:5000/*"),
            "localhost:5000/app:v1"
        ));
    }
}
