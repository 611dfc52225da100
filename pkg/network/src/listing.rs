//! `network ls` and `network prune` data: one row per network (the stored ones plus the built-in
//! `host` and `none`), Docker's filters, and Docker's JSON keys for `--format`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::manager::NetworkManager;
use crate::store::{builtin_id, Network, BUILTIN};

/// One network as `ls` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub driver: String,
    /// RFC 3339 (empty for built-ins).
    pub created: String,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
    /// `host` and `none` (and Docker counts `bridge` too).
    pub builtin: bool,
    /// A user network without attached containers.
    pub dangling: bool,
}

/// Docker's `ls --format json` object (keys in Docker's order, values as strings).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RowJson {
    pub created_at: String,
    pub driver: String,
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "IPv4")]
    pub ipv4: String,
    #[serde(rename = "IPv6")]
    pub ipv6: String,
    pub internal: String,
    pub labels: String,
    pub name: String,
    pub scope: String,
}

impl Row {
    fn of(net: &Network, dangling: bool) -> Row {
        let m = net.meta();
        Row {
            id: m.id.clone(),
            name: m.name.clone(),
            driver: m.driver.clone(),
            created: m.created.clone(),
            internal: m.internal,
            labels: m.labels.clone(),
            builtin: m.default,
            dangling: dangling && !m.default,
        }
    }

    fn builtin(name: &str) -> Row {
        Row {
            id: builtin_id(name),
            name: name.to_string(),
            driver: if name == "host" { "host" } else { "null" }.to_string(),
            created: String::new(),
            internal: false,
            labels: BTreeMap::new(),
            builtin: true,
            dangling: false,
        }
    }

    pub fn json(&self) -> RowJson {
        // Go's time.String(): fractional seconds without trailing zeros.
        let created = chrono::DateTime::parse_from_rfc3339(&self.created)
            .map(|t| {
                let secs = t.format("%Y-%m-%d %H:%M:%S%.9f").to_string();
                let secs = secs.trim_end_matches('0').trim_end_matches('.');
                format!("{secs} {} UTC", t.format("%z"))
            })
            .unwrap_or_default();
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        RowJson {
            created_at: created,
            driver: self.driver.clone(),
            id: self.id.clone(),
            ipv4: (!BUILTIN.contains(&self.name.as_str())).to_string(),
            ipv6: "false".into(),
            internal: self.internal.to_string(),
            labels: labels.join(","),
            name: self.name.clone(),
            scope: "local".into(),
        }
    }
}

/// Every network of the instance, sorted by name.
pub fn rows(mgr: &NetworkManager) -> Result<Vec<Row>> {
    let mut out: Vec<Row> = mgr
        .store()
        .list()?
        .iter()
        .map(|n| Row::of(n, mgr.users(n).is_empty()))
        .collect();
    out.extend(BUILTIN.iter().map(|n| Row::builtin(n)));
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `--filter key=value` sets: values of one key are OR'ed, keys are AND'ed (Docker).
#[derive(Debug, Clone, Default)]
pub struct Filters(BTreeMap<String, Vec<String>>);

/// The keys `network ls` accepts.
pub const LS_FILTERS: [&str; 7] = ["driver", "id", "label", "name", "scope", "type", "dangling"];

impl Filters {
    pub fn parse<S: AsRef<str>>(raw: &[S], allowed: &[&str]) -> Result<Filters> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in raw {
            let f = f.as_ref();
            let (k, v) = f.split_once('=').unwrap_or((f, ""));
            if !allowed.contains(&k) {
                return Err(Error::InvalidFilter(k.to_string()));
            }
            out.entry(k.to_string()).or_default().push(v.to_string());
        }
        Ok(Filters(out))
    }

    pub fn matches(&self, row: &Row) -> bool {
        self.0.iter().all(|(key, values)| {
            values.iter().any(|v| match key.as_str() {
                "driver" => row.driver == *v,
                "id" => row.id.starts_with(v.as_str()),
                "name" => row.name.contains(v.as_str()),
                "scope" => v == "local",
                "type" => (v == "builtin") == row.builtin,
                "dangling" => row.dangling == (v == "true" || v == "1"),
                _ => match v.split_once('=') {
                    Some((k, val)) => row.labels.get(k).map(String::as_str) == Some(val),
                    None => row.labels.contains_key(v.as_str()),
                },
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, labels: &[(&str, &str)], builtin: bool, dangling: bool) -> Row {
        Row {
            id: format!("{name}0123456789"),
            name: name.into(),
            driver: "bridge".into(),
            created: "2026-12-03T07:16:36.49662239Z".into(),
            internal: false,
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            builtin,
            dangling,
        }
    }

    #[test]
    fn filters_like_docker() {
        let web = row("web", &[("team", "a"), ("tier", "")], false, true);
        let bridge = row("bridge", &[], true, false);
        let f = |raw: &[&str]| Filters::parse(raw, &LS_FILTERS).unwrap();
        assert!(f(&["label=team=a"]).matches(&web));
        assert!(!f(&["label=team=b"]).matches(&web));
        assert!(f(&["label=tier"]).matches(&web));
        assert!(f(&["name=we", "name=xyz"]).matches(&web));
        assert!(!f(&["name=we", "type=builtin"]).matches(&web));
        assert!(f(&["type=builtin"]).matches(&bridge));
        assert!(f(&["dangling=true"]).matches(&web));
        assert!(!f(&["dangling=true"]).matches(&bridge));
        assert!(f(&["id=web01"]).matches(&web));
        assert_eq!(
            Filters::parse(&["bogus=1"], &LS_FILTERS)
                .unwrap_err()
                .to_string(),
            "invalid filter 'bogus'"
        );
        let j = serde_json::to_value(web.json()).unwrap();
        assert_eq!(j["CreatedAt"], "2026-12-03 07:16:36.49662239 +0000 UTC");
        assert_eq!(j["Labels"], "team=a,tier=");
        assert_eq!(j["IPv4"], "true");
    }
}
