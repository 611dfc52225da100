//! `volume ls` and `volume prune` data: Docker's filters (`name=`, `label=`, `dangling=`,
//! `driver=`; values of one key OR-ed, keys AND-ed), Docker's `--format` keys and the inspect
//! object.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::{Error, Volume};

/// Filters of `volume ls` (and `label` for `prune`).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    by_key: BTreeMap<String, Vec<String>>,
}

/// The filter keys `volume ls` knows.
pub const LS_FILTERS: &[&str] = &["name", "label", "dangling", "driver"];

impl Filters {
    /// Parses `key=value` filters, refusing keys outside `allowed`.
    pub fn parse(filters: &[String], allowed: &[&str]) -> Result<Filters, Error> {
        let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in filters {
            let (key, value) = f
                .split_once('=')
                .ok_or_else(|| Error::InvalidFilter(f.clone()))?;
            let key = key.trim().to_ascii_lowercase();
            if !allowed.contains(&key.as_str()) {
                return Err(Error::InvalidFilter(f.clone()));
            }
            if key == "dangling" && !matches!(value, "true" | "false" | "1" | "0") {
                return Err(Error::InvalidFilter(f.clone()));
            }
            by_key.entry(key).or_default().push(value.to_string());
        }
        Ok(Filters { by_key })
    }

    /// True when `volume` passes every filter; `in_use` says whether a container uses it.
    pub fn matches(&self, volume: &Volume, in_use: bool) -> bool {
        self.by_key.iter().all(|(key, values)| {
            values.iter().any(|v| match key.as_str() {
                "name" => volume.meta.name.contains(v.as_str()),
                "driver" => volume.meta.driver == *v,
                "dangling" => matches!(v.as_str(), "true" | "1") != in_use,
                "label" => match v.split_once('=') {
                    Some((k, val)) => volume.meta.labels.get(k).is_some_and(|x| x == val),
                    None => volume.meta.labels.contains_key(v.as_str()),
                },
                _ => false,
            })
        })
    }
}

/// Docker's `volume ls --format` object (values as strings).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RowJson {
    pub availability: String,
    pub driver: String,
    pub group: String,
    pub labels: String,
    pub links: String,
    pub mountpoint: String,
    pub name: String,
    pub scope: String,
    pub size: String,
    pub status: String,
}

pub fn row_json(volume: &Volume) -> RowJson {
    let labels: Vec<String> = volume
        .meta
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    RowJson {
        availability: "N/A".into(),
        driver: volume.meta.driver.clone(),
        group: "N/A".into(),
        labels: labels.join(","),
        links: "N/A".into(),
        mountpoint: volume.mountpoint.display().to_string(),
        name: volume.meta.name.clone(),
        scope: "local".into(),
        size: "N/A".into(),
        status: "N/A".into(),
    }
}

/// Docker's `volume inspect` object, keys in Docker's order.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InspectJson {
    pub created_at: String,
    pub driver: String,
    pub labels: Option<BTreeMap<String, String>>,
    pub mountpoint: String,
    pub name: String,
    pub options: Option<BTreeMap<String, String>>,
    pub scope: String,
}

pub fn inspect_json(volume: &Volume) -> InspectJson {
    let some = |m: &BTreeMap<String, String>| (!m.is_empty()).then(|| m.clone());
    InspectJson {
        created_at: volume.meta.created_at.clone(),
        driver: volume.meta.driver.clone(),
        labels: some(&volume.meta.labels),
        mountpoint: volume.mountpoint.display().to_string(),
        name: volume.meta.name.clone(),
        options: some(&volume.meta.options),
        scope: "local".into(),
    }
}

/// Names of volumes some container uses.
pub type InUse = BTreeSet<String>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Meta;

    fn vol(name: &str, labels: &[(&str, &str)]) -> Volume {
        Volume {
            meta: Meta {
                name: name.into(),
                driver: "local".into(),
                labels: labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                options: BTreeMap::new(),
                created_at: "2026-01-01T00:00:00Z".into(),
                anonymous: false,
            },
            mountpoint: format!("/v/{name}/_data").into(),
        }
    }

    fn filters(f: &[&str]) -> Filters {
        Filters::parse(
            &f.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            LS_FILTERS,
        )
        .unwrap()
    }

    #[test]
    fn filters_as_docker() {
        let a = vol("alpha", &[("tier", "db")]);
        let b = vol("beta", &[("tier", "web"), ("x", "")]);
        assert!(filters(&["name=alp"]).matches(&a, false));
        assert!(!filters(&["name=alp"]).matches(&b, false));
        assert!(filters(&["name=alp", "name=bet"]).matches(&b, false));
        assert!(filters(&["label=tier=db"]).matches(&a, false));
        assert!(!filters(&["label=tier=db"]).matches(&b, false));
        assert!(filters(&["label=x"]).matches(&b, false));
        assert!(filters(&["dangling=true"]).matches(&a, false));
        assert!(!filters(&["dangling=true"]).matches(&a, true));
        assert!(filters(&["dangling=false"]).matches(&a, true));
        assert!(!filters(&["driver=local", "name=zzz"]).matches(&a, false));
        assert!(Filters::parse(&["bogus=1".into()], LS_FILTERS).is_err());
        assert!(Filters::parse(&["dangling=maybe".into()], LS_FILTERS).is_err());
    }

    #[test]
    fn json_shapes() {
        let v = serde_json::to_value(inspect_json(&vol("alpha", &[]))).unwrap();
        assert_eq!(v["Labels"], serde_json::Value::Null);
        assert_eq!(v["Scope"], "local");
        let r = serde_json::to_value(row_json(&vol("b", &[("a", "1"), ("c", "2")]))).unwrap();
        assert_eq!(r["Labels"], "a=1,c=2");
    }
}
