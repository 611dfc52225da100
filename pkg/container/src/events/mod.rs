//! Docker's `events`: containerd's event stream translated into Docker's messages
//! (`container create/start/die/destroy/...`, `image tag/untag/delete`), kept in a journal so
//! that `--since`/`--until` can replay the past.
//!
//! containerd keeps no event history, and a CLI process only sees what happens while it runs.
//! So a recorder ([`recorder::run`]) runs inside linnet's snapshotter, the one linnet process
//! that managed mode keeps alive for as long as containerd runs (it is started before
//! containerd and restarted with it by `system start`): it subscribes to every namespace,
//! translates ([`translate`]) while the containers it names still exist (a `destroy` must
//! still carry the name and image) and appends to one bounded journal per namespace
//! ([`journal`]). The per-container `_monitor` was the alternative, but it exists only for
//! detached containers and sees nothing of images or of containers run by other tools.
//! `events` replays the journal and then follows it; without a recorder (a containerd of one's
//! own via `--address`) it translates containerd's live stream itself.

pub mod filter;
pub mod journal;
pub mod objects;
pub mod recorder;
pub mod stream;
pub mod translate;

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use filter::EventFilter;
pub use journal::{Journal, JournalReader};
pub use translate::Translator;

/// One Docker event message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DockerEvent {
    /// `container`, `image`, `network`, `volume`.
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "Action")]
    pub action: String,
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Attributes", default)]
    pub attributes: BTreeMap<String, String>,
    #[serde(rename = "timeNano")]
    pub time_nano: i64,
}

impl DockerEvent {
    pub fn new(kind: &str, action: &str, id: &str, at: DateTime<Utc>) -> DockerEvent {
        DockerEvent {
            kind: kind.to_string(),
            action: action.to_string(),
            id: id.to_string(),
            attributes: BTreeMap::new(),
            time_nano: at.timestamp_nanos_opt().unwrap_or_default(),
        }
    }

    pub fn time(&self) -> DateTime<Utc> {
        Utc.timestamp_nanos(self.time_nano)
    }

    /// Docker's JSON message (`{{json .}}`), legacy `status`/`id`/`from` included where Docker
    /// sets them.
    pub fn to_json(&self) -> Value {
        let mut v = json!({});
        if self.kind == "container" || self.kind == "image" {
            v["status"] = json!(self.action);
            v["id"] = json!(self.id);
            if self.kind == "container" {
                if let Some(image) = self.attributes.get("image") {
                    v["from"] = json!(image);
                }
            }
        }
        v["Type"] = json!(self.kind);
        v["Action"] = json!(self.action);
        v["Actor"] = json!({ "ID": self.id, "Attributes": self.attributes });
        v["scope"] = json!("local");
        v["time"] = json!(self.time_nano.div_euclid(1_000_000_000));
        v["timeNano"] = json!(self.time_nano);
        v
    }

    /// [`DockerEvent::to_json`] as text, keys in Docker's order (`status`, `id`, `from`, `Type`,
    /// `Action`, `Actor`, `scope`, `time`, `timeNano`), as `--format '{{json .}}'` prints it.
    pub fn to_json_text(&self) -> String {
        #[derive(Serialize)]
        struct Actor<'a> {
            #[serde(rename = "ID")]
            id: &'a str,
            #[serde(rename = "Attributes")]
            attributes: &'a BTreeMap<String, String>,
        }
        #[derive(Serialize)]
        struct Message<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            status: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            from: Option<&'a str>,
            #[serde(rename = "Type")]
            kind: &'a str,
            #[serde(rename = "Action")]
            action: &'a str,
            #[serde(rename = "Actor")]
            actor: Actor<'a>,
            scope: &'a str,
            time: i64,
            #[serde(rename = "timeNano")]
            time_nano: i64,
        }
        let legacy = self.kind == "container" || self.kind == "image";
        let from = if self.kind == "container" {
            self.attributes.get("image").map(String::as_str)
        } else {
            None
        };
        let message = Message {
            status: legacy.then_some(self.action.as_str()),
            id: legacy.then_some(self.id.as_str()),
            from,
            kind: &self.kind,
            action: &self.action,
            actor: Actor {
                id: &self.id,
                attributes: &self.attributes,
            },
            scope: "local",
            time: self.time_nano.div_euclid(1_000_000_000),
            time_nano: self.time_nano,
        };
        serde_json::to_string(&message).unwrap_or_default()
    }

    /// Docker's default line:
    /// `2026-12-03T16:00:00.123456789Z container start <id> (image=busybox, name=web)`.
    pub fn to_line(&self) -> String {
        let time = self.time().to_rfc3339_opts(SecondsFormat::Nanos, true);
        let mut line = format!("{time} {} {} {}", self.kind, self.action, self.id);
        if !self.attributes.is_empty() {
            let attrs: Vec<String> = self
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            line.push_str(&format!(" ({})", attrs.join(", ")));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_shapes() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T16:05:56.472458367Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut e = DockerEvent::new("container", "create", "c71c", at);
        e.attributes.insert("name".into(), "tplref".into());
        e.attributes.insert("image".into(), "busybox".into());
        e.attributes.insert("a".into(), "b".into());
        assert_eq!(
            e.to_line(),
            "2026-12-03T16:05:56.472458367Z container create c71c (a=b, image=busybox, name=tplref)"
        );
        let v = e.to_json();
        assert_eq!(v["from"], "busybox");
        assert_eq!(v["time"], 1796313956);
        assert_eq!(v["timeNano"], 1796313956472458367i64);
        assert_eq!(v["Actor"]["Attributes"]["name"], "tplref");
        assert_eq!(v["scope"], "local");
        let text = e.to_json_text();
        assert!(text.starts_with(r#"{"status":"create","id":"c71c","from":"busybox","Type":"container","Action":"create","Actor":{"ID":"c71c","Attributes":{"a":"b","#));
        assert!(
            text.ends_with(r#""scope":"local","time":1796313956,"timeNano":1796313956472458367}"#)
        );
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, v);
        let img = DockerEvent::new("image", "tag", "sha256:41", at).to_json();
        assert!(img.get("from").is_none());
        assert_eq!(img["status"], "tag");
    }
}
