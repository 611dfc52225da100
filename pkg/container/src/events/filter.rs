//! `events --filter` as Docker's daemon applies it (`daemon/events/filter.go`): `type` and `event`
//! exact (an `exec_create`/`exec_start` value matches the action's prefix), `container` by ID or
//! name prefix, `image` by ID or name with or without its tag, `label` on the attributes, all
//! keys ANDed.

use super::DockerEvent;
use crate::filter::Filters;
use crate::Error;

/// Keys Docker's `events` accepts (swarm ones included: they simply match nothing here).
const KEYS: &[&str] = &[
    "config",
    "container",
    "daemon",
    "event",
    "image",
    "label",
    "network",
    "node",
    "plugin",
    "scope",
    "secret",
    "service",
    "type",
    "volume",
];

#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    filters: Filters,
}

impl EventFilter {
    pub fn new(filters: Filters) -> Result<EventFilter, Error> {
        filters.validate_keys(KEYS)?;
        Ok(EventFilter { filters })
    }

    pub fn matches(&self, e: &DockerEvent) -> bool {
        self.matches_event(e)
            && self.exact("type", &e.kind)
            && self.exact("scope", "local")
            && self.fuzzy_name("container", e)
            && self.fuzzy_name("network", e)
            && self.fuzzy_name("volume", e)
            && self.fuzzy_name("plugin", e)
            && self.matches_image(e)
            && self
                .filters
                .matches_labels("label", &e.attributes.clone().into_iter().collect())
            && ["config", "daemon", "node", "secret", "service"]
                .iter()
                .all(|k| !self.filters.contains(k))
    }

    /// Docker's `ExactMatch`: no values for the key, or one equal to `source`.
    fn exact(&self, key: &str, source: &str) -> bool {
        let values = self.filters.get(key);
        values.is_empty() || values.iter().any(|v| v == source)
    }

    /// Docker's `FuzzyMatch`: no values, or one that is a prefix of `source`.
    fn fuzzy(&self, key: &str, source: &str) -> bool {
        let values = self.filters.get(key);
        values.is_empty() || values.iter().any(|v| source.starts_with(v.as_str()))
    }

    fn fuzzy_name(&self, key: &str, e: &DockerEvent) -> bool {
        if self.filters.get(key).is_empty() {
            return true;
        }
        let name = e.attributes.get("name").map(String::as_str).unwrap_or("");
        (e.kind == key || key == "container" && e.kind == "container")
            && (self.fuzzy(key, &e.id) || (!name.is_empty() && self.fuzzy(key, name)))
    }

    fn matches_event(&self, e: &DockerEvent) -> bool {
        let values = self.filters.get("event");
        let loose = values
            .iter()
            .any(|v| ["health_status", "exec_create", "exec_start"].contains(&v.as_str()));
        if loose {
            self.fuzzy("event", &e.action)
        } else {
            self.exact("event", &e.action)
        }
    }

    fn matches_image(&self, e: &DockerEvent) -> bool {
        if self.filters.get("image").is_empty() {
            return true;
        }
        let attr = if e.kind == "image" { "name" } else { "image" };
        let name = e.attributes.get(attr).map(String::as_str).unwrap_or("");
        [e.id.as_str(), name, strip_tag(&e.id), strip_tag(name)]
            .iter()
            .any(|s| !s.is_empty() && self.filters.get("image").iter().any(|v| v == s))
    }
}

/// `busybox:latest` → `busybox` (a registry port is not a tag).
fn strip_tag(name: &str) -> &str {
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.rfind(':') {
        Some(pos) if !name.starts_with("sha256:") => &name[..name.len() - (last.len() - pos)],
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn filter(flags: &[&str]) -> EventFilter {
        let flags: Vec<String> = flags.iter().map(|s| s.to_string()).collect();
        EventFilter::new(Filters::parse(&flags).unwrap()).unwrap()
    }

    fn container(action: &str) -> DockerEvent {
        let mut e = DockerEvent::new("container", action, "abcdef123", Utc::now());
        e.attributes.insert("name".into(), "web".into());
        e.attributes.insert("image".into(), "busybox:latest".into());
        e.attributes.insert("app".into(), "x".into());
        e
    }

    #[test]
    fn docker_semantics() {
        let e = container("start");
        assert!(filter(&[]).matches(&e));
        assert!(filter(&["type=container", "event=start", "event=die"]).matches(&e));
        assert!(!filter(&["event=die"]).matches(&e));
        assert!(filter(&["container=web"]).matches(&e));
        assert!(filter(&["container=abc"]).matches(&e));
        assert!(!filter(&["container=db"]).matches(&e));
        assert!(filter(&["image=busybox"]).matches(&e));
        assert!(filter(&["image=busybox:latest"]).matches(&e));
        assert!(!filter(&["image=alpine"]).matches(&e));
        assert!(filter(&["label=app=x"]).matches(&e));
        assert!(!filter(&["label=app=y"]).matches(&e));
        assert!(filter(&["event=exec_create"]).matches(&container("exec_create: ls -l")));
        let image = DockerEvent::new("image", "tag", "sha256:41", Utc::now());
        assert!(!filter(&["container=web"]).matches(&image));
        assert!(filter(&["image=sha256:41"]).matches(&image));
        assert!(EventFilter::new(Filters::parse(&["foo=1".into()]).unwrap()).is_err());
        assert_eq!(strip_tag("localhost:5000/app:1"), "localhost:5000/app");
        assert_eq!(strip_tag("localhost:5000/app"), "localhost:5000/app");
    }
}
