//! Docker's `--filter key=value` for `ps` (and the parser `events` shares), so that scripts
//! written for Docker (`rm $(ps -aq -f status=exited)`) select the same containers.
//!
//! Semantics follow Docker 20.10's daemon (`daemon/list.go`): values of one key are alternatives
//! (ORed) and different keys must all match (ANDed), except `label`, whose values must all match;
//! `id` and `name` match exactly or as a regular expression; a `status` filter lists stopped
//! containers without `-a`; an unknown key or a bad value fails the whole listing.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use linnet_containerd::{Client, Container};
use regex::Regex;

use crate::ops::{self, State, Status};
use crate::record::Record;
use crate::Error;

/// The statuses Docker accepts in `status=`.
const STATUSES: &[&str] = &[
    "created",
    "restarting",
    "running",
    "removing",
    "paused",
    "exited",
    "dead",
];

/// Keys `ps --filter` accepts.
const PS_KEYS: &[&str] = &[
    "id",
    "name",
    "label",
    "status",
    "exited",
    "ancestor",
    "before",
    "since",
    "volume",
    "network",
    "health",
    "publish",
    "expose",
    "isolation",
    "is-task",
];

/// `--filter` flags, parsed: key → values in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    map: BTreeMap<String, Vec<String>>,
}

impl Filters {
    /// Parses `key=value` flags; a flag without `=` is Docker's usage error.
    pub fn parse(flags: &[String]) -> Result<Filters, Error> {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for flag in flags {
            let Some((key, value)) = flag.split_once('=') else {
                return Err(Error::BadFilterFormat(flag.clone()));
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().to_string();
            let values = map.entry(key).or_default();
            if !values.contains(&value) {
                values.push(value);
            }
        }
        Ok(Filters { map })
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, key: &str) -> &[String] {
        self.map.get(key).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Fails with Docker's `Invalid filter 'key'` unless every key is in `accepted`.
    pub fn validate_keys(&self, accepted: &[&str]) -> Result<(), Error> {
        match self.map.keys().find(|k| !accepted.contains(&k.as_str())) {
            Some(k) => Err(Error::InvalidFilter(format!("invalid filter '{k}'"))),
            None => Ok(()),
        }
    }

    /// Docker's `Match`: one of the values equals `source` or matches it as a regular expression
    /// (a value that is not a valid expression only matches exactly).
    pub fn matches(&self, key: &str, source: &str) -> bool {
        self.get(key)
            .iter()
            .any(|v| v == source || Regex::new(v).is_ok_and(|r| r.is_match(source)))
    }

    /// Docker's `MatchKVList`: every value (`k` or `k=v`) is in `labels`.
    pub fn matches_labels(&self, key: &str, labels: &HashMap<String, String>) -> bool {
        self.get(key).iter().all(|v| match v.split_once('=') {
            Some((k, v)) => labels.get(k).is_some_and(|have| have == v),
            None => labels.contains_key(v.as_str()),
        })
    }
}

/// The user's labels of a container (linnet's own bookkeeping labels left out).
pub fn user_labels(c: &Container) -> HashMap<String, String> {
    c.labels
        .iter()
        .filter(|(k, _)| !k.starts_with(crate::labels::PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A `ps` filter, validated and with its container and image references resolved.
#[derive(Debug, Clone)]
pub struct PsFilter {
    filters: Filters,
    exited: Vec<i64>,
    before: Option<DateTime<Utc>>,
    since: Option<DateTime<Utc>>,
    /// Image IDs that `ancestor` accepts (the named images themselves).
    ancestors: HashSet<String>,
    /// Layer lists of the named images, for their descendants.
    ancestor_layers: Vec<Vec<String>>,
    /// Layer lists of the images containers use, by image ID (filled by [`PsFilter::prepare`]).
    image_layers: HashMap<String, Vec<String>>,
    /// `publish`/`expose` values as container ports (`80/tcp`).
    publish: HashSet<String>,
    expose: HashSet<String>,
    /// `is-task=true`: swarm tasks only, which linnet never runs.
    tasks_only: bool,
}

impl PsFilter {
    /// Validates `filters` for `ps` and resolves `before`/`since` containers and `ancestor`
    /// images, with Docker's messages.
    pub async fn new(client: &Client, filters: Filters) -> Result<PsFilter, Error> {
        filters.validate_keys(PS_KEYS)?;
        for status in filters.get("status") {
            if !STATUSES.contains(&status.as_str()) {
                return Err(Error::InvalidFilter(format!(
                    "invalid filter 'status={status}'"
                )));
            }
        }
        for health in filters.get("health") {
            if !["starting", "healthy", "unhealthy", "none"].contains(&health.as_str()) {
                return Err(Error::InvalidFilter(format!(
                    "unrecognised filter value for health: {health}"
                )));
            }
        }
        let tasks_only = match filters.get("is-task") {
            [] => false,
            [v] if v == "true" => true,
            [v] if v == "false" => false,
            values => {
                return Err(Error::InvalidFilter(format!(
                    "invalid filter 'is-task={}'",
                    values.join(",")
                )))
            }
        };
        let publish = port_filter("publish", filters.get("publish"))?;
        let expose = port_filter("expose", filters.get("expose"))?;
        let mut exited = Vec::new();
        for value in filters.get("exited") {
            let code = value.parse::<i64>().map_err(|_| {
                Error::InvalidFilter(format!("strconv.Atoi: parsing {value:?}: invalid syntax"))
            })?;
            exited.push(code);
        }
        let created = |key: &'static str| {
            let values = filters.get(key).to_vec();
            async move {
                let mut at = None;
                for value in values {
                    at = ops::resolve(client, &value).await?.created_at;
                }
                Ok::<_, Error>(at)
            }
        };
        let before = created("before").await?;
        let since = created("since").await?;
        let mut ancestors = HashSet::new();
        let mut ancestor_layers = Vec::new();
        for value in filters.get("ancestor") {
            // As Docker: a name that resolves to no image selects nothing.
            let Ok(Some(image)) = linnet_image::find_image(client, value).await else {
                continue;
            };
            ancestors.insert(image.target.digest.clone());
            if let Some(layers) = layers_of(client, &image).await {
                ancestor_layers.push(layers);
            }
        }
        Ok(PsFilter {
            filters,
            exited,
            before,
            since,
            ancestors,
            ancestor_layers,
            image_layers: HashMap::new(),
            publish,
            expose,
            tasks_only,
        })
    }

    /// Whether stopped containers are listed without `-a` (Docker: a `status` filter).
    pub fn implies_all(&self) -> bool {
        self.filters.contains("status")
    }

    /// Reads the layers of the images `containers` use, for `ancestor`'s descendants.
    pub async fn prepare(&mut self, client: &Client, containers: &[Container]) {
        if self.ancestor_layers.is_empty() {
            return;
        }
        for c in containers {
            let id = image_id_of(c);
            if self.image_layers.contains_key(&id) || self.ancestors.contains(&id) {
                continue;
            }
            let layers = match client.image_get(&c.image).await {
                Ok(Some(image)) => layers_of(client, &image).await.unwrap_or_default(),
                _ => Vec::new(),
            };
            self.image_layers.insert(id, layers);
        }
    }

    /// Whether the container passes every filter. `health` is its health status when it has a
    /// health check.
    pub fn matches(&self, c: &Container, state: &State, health: Option<&str>) -> bool {
        let f = &self.filters;
        if f.contains("id") && !f.matches("id", &c.id) {
            return false;
        }
        let name = ops::name_of(c).unwrap_or_default();
        // Docker's names carry a leading slash; accept a pattern written either way.
        if f.contains("name") && !f.matches("name", name) && !f.matches("name", &format!("/{name}"))
        {
            return false;
        }
        if f.contains("label") && !f.matches_labels("label", &user_labels(c)) {
            return false;
        }
        if f.contains("status") && !f.get("status").iter().any(|s| s == state.status.as_str()) {
            return false;
        }
        if !self.exited.is_empty() {
            let stopped = state.status == Status::Exited && state.started_at.is_some();
            if !stopped || !self.exited.contains(&state.exit_code) {
                return false;
            }
        }
        if f.contains("health") {
            let health = health.unwrap_or("none");
            if !f.get("health").iter().any(|h| h == health) {
                return false;
            }
        }
        if let Some(before) = self.before {
            if c.created_at.is_none_or(|t| t >= before) {
                return false;
            }
        }
        if let Some(since) = self.since {
            if c.created_at.is_none_or(|t| t <= since) {
                return false;
            }
        }
        if f.contains("ancestor") && !self.is_descendant(c) {
            return false;
        }
        if f.contains("volume") && !has_volume(c, f.get("volume")) {
            return false;
        }
        if f.contains("network") && !f.get("network").iter().any(|n| networks_of(c).contains(n)) {
            return false;
        }
        if !self.publish.is_empty() && !has_port(&crate::netview::port_bindings(c), &self.publish) {
            return false;
        }
        let exposed = || crate::netview::exposed_ports(c).unwrap_or_default();
        if !self.expose.is_empty() && !has_port(&exposed(), &self.expose) {
            return false;
        }
        // Linux containers have no isolation technology (Docker's empty `HostConfig.Isolation`).
        if f.contains("isolation") && !f.matches("isolation", "") {
            return false;
        }
        !self.tasks_only
    }

    fn is_descendant(&self, c: &Container) -> bool {
        let id = image_id_of(c);
        if self.ancestors.contains(&id) {
            return true;
        }
        let Some(layers) = self.image_layers.get(&id) else {
            return false;
        };
        // An image built FROM another starts with all of its layers.
        self.ancestor_layers
            .iter()
            .any(|a| !a.is_empty() && layers.len() >= a.len() && layers.starts_with(a))
    }
}

/// Docker's `publish`/`expose` values: `80`, `80/udp`, `8000-8080/tcp` → `port/proto` keys.
fn port_filter(key: &str, values: &[String]) -> Result<HashSet<String>, Error> {
    let mut ports = HashSet::new();
    for value in values {
        if value.contains(':') {
            return Err(Error::InvalidFilter(format!(
                "filter for '{key}' should not contain ':': {value}"
            )));
        }
        let (range, proto) = value.split_once('/').unwrap_or((value.as_str(), "tcp"));
        let (start, end) = range.split_once('-').unwrap_or((range, range));
        let bad = || {
            Error::InvalidFilter(format!(
                "error while looking up for {key} {value}: invalid port range {range:?}"
            ))
        };
        let start: u16 = start.parse().map_err(|_| bad())?;
        let end: u16 = end.parse().map_err(|_| bad())?;
        if end < start {
            return Err(bad());
        }
        for port in start..=end {
            ports.insert(format!("{port}/{}", proto.to_ascii_lowercase()));
        }
    }
    Ok(ports)
}

/// Whether a `{"80/tcp": ...}` map has one of `ports`.
fn has_port(map: &serde_json::Value, ports: &HashSet<String>) -> bool {
    map.as_object()
        .is_some_and(|m| m.keys().any(|k| ports.contains(k)))
}

/// The image ID a container was created from (its record, else the image record's target).
fn image_id_of(c: &Container) -> String {
    let record = c.labels.get(crate::labels::IMAGE_ID);
    record
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_default()
}

/// Layer digests of the image's manifest for this host (any present platform).
async fn layers_of(client: &Client, image: &linnet_containerd::Image) -> Option<Vec<String>> {
    let host = linnet_image::Platform::host();
    let (_, manifest, _) = linnet_image::resolve_present(client, image, &host)
        .await
        .ok()?;
    Some(manifest.layers.into_iter().map(|l| l.digest).collect())
}

/// Docker: a volume filter matches a mount's volume name (or a bind's source) or destination.
fn has_volume(c: &Container, values: &[String]) -> bool {
    let record = Record::decode(&c.labels);
    record.mounts.iter().any(|m| {
        let name = m["Name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .or_else(|| m["Source"].as_str());
        let destination = m["Destination"].as_str();
        values
            .iter()
            .any(|v| Some(v.as_str()) == name || Some(v.as_str()) == destination)
    })
}

/// The networks a container is on: its network mode (a network name, `host`, `none`) and the
/// ones it joined with `network connect`.
fn networks_of(c: &Container) -> Vec<String> {
    let mut names = Vec::new();
    let mode = Record::decode(&c.labels).network;
    if !mode.is_empty() && !mode.starts_with("container:") {
        names.push(if mode == "default" {
            "bridge".to_string()
        } else {
            mode
        });
    }
    names.extend(
        crate::netconnect::connected(&c.labels)
            .into_iter()
            .map(|n| n.network),
    );
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(flags: &[&str]) -> Filters {
        Filters::parse(&flags.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn parse_and_validate() {
        assert!(matches!(
            Filters::parse(&["foo".to_string()]),
            Err(Error::BadFilterFormat(_))
        ));
        let f = filters(&["status=exited", "status=created", "label=a=b"]);
        assert_eq!(f.get("status"), ["exited", "created"]);
        assert_eq!(f.get("label"), ["a=b"]);
        assert!(f.validate_keys(PS_KEYS).is_ok());
        let err = filters(&["foo=bar"]).validate_keys(PS_KEYS).unwrap_err();
        assert_eq!(err.to_string(), "invalid filter 'foo'");
    }

    #[test]
    fn ports() {
        let p = port_filter(
            "publish",
            &["80".into(), "53/udp".into(), "8000-8002".into()],
        )
        .unwrap();
        for key in ["80/tcp", "53/udp", "8000/tcp", "8001/tcp", "8002/tcp"] {
            assert!(p.contains(key), "{key}");
        }
        assert_eq!(p.len(), 5);
        assert!(port_filter("publish", &["80:80".into()]).is_err());
        assert!(port_filter("expose", &["x".into()]).is_err());
        assert!(has_port(&serde_json::json!({"80/tcp": []}), &p));
        assert!(!has_port(&serde_json::json!({"81/tcp": []}), &p));
    }

    #[test]
    fn match_and_labels() {
        let f = filters(&["name=^/?web", "name=db"]);
        assert!(f.matches("name", "web1"));
        assert!(f.matches("name", "mydb"));
        assert!(!f.matches("name", "cache"));
        let f = filters(&["name=a[", "name=x"]);
        assert!(f.matches("name", "a["));
        assert!(!f.matches("name", "b"));
        let labels: HashMap<String, String> = [("a", "b"), ("c", "")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert!(filters(&["label=a", "label=c"]).matches_labels("label", &labels));
        assert!(filters(&["label=a=b"]).matches_labels("label", &labels));
        assert!(!filters(&["label=a=x"]).matches_labels("label", &labels));
        assert!(!filters(&["label=a", "label=z"]).matches_labels("label", &labels));
    }
}
