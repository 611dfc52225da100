//! containerd events → Docker events, with what Docker's messages carry that containerd's do not
//! (container name, image as typed, labels; an image's ID) looked up while the object exists
//! and cached, so that `destroy` and `untag` still carry them after the record is gone.

use std::collections::HashMap;

use chrono::Utc;
use linnet_containerd::{Client, Container, Event, Stamped};
use serde::{Deserialize, Serialize};

use super::DockerEvent;
use crate::{filter, labels, ops};

/// Topic of the Docker events linnet commands publish themselves (`kill`, `stop`, exec
/// commands), which containerd cannot observe.
pub const PUBLISH_TOPIC: &str = "/linnet/docker";
/// Type URL of their payload ([`Published`] as JSON).
pub const PUBLISH_TYPE: &str = "linnet.DockerEvent";

/// What a linnet command publishes on [`PUBLISH_TOPIC`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Published {
    /// `network` or `volume` for those objects' events (`container` is then the object's ID);
    /// empty for a container's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// A Docker action (`kill`, `stop`), or `exec-command` to name an exec's command.
    pub action: String,
    /// Container ID.
    pub container: String,
    /// Extra attributes (`signal`), or `execID` and `command` for `exec-command`.
    #[serde(default)]
    pub attributes: HashMap<String, String>,
}

/// Publishes a Docker event for the recorder (best effort: events are informational).
pub async fn publish(client: &Client, event: &Published) {
    if let Ok(payload) = serde_json::to_vec(event) {
        let _ = client
            .events_publish(PUBLISH_TOPIC, PUBLISH_TYPE, payload)
            .await;
    }
}

/// Publishes a container action containerd does not see (`kill` with its signal, `stop`).
pub async fn publish_action(client: &Client, action: &str, container: &str, signal: Option<i32>) {
    let mut attributes = HashMap::new();
    if let Some(signal) = signal {
        attributes.insert("signal".to_string(), signal.to_string());
    }
    let event = Published {
        kind: String::new(),
        action: action.to_string(),
        container: container.to_string(),
        attributes,
    };
    publish(client, &event).await;
}

/// Names an exec's command for its `exec_create`/`exec_start` events (published before the
/// exec is created, so the recorder has it when containerd's events arrive).
pub async fn publish_exec(client: &Client, container: &str, exec_id: &str, command: &[String]) {
    let attributes = HashMap::from([
        ("execID".to_string(), exec_id.to_string()),
        ("command".to_string(), exec_command_text(command)),
    ]);
    let event = Published {
        kind: String::new(),
        action: "exec-command".to_string(),
        container: container.to_string(),
        attributes,
    };
    publish(client, &event).await;
}

#[derive(Debug, Clone, Default)]
struct ContainerInfo {
    name: String,
    image: String,
    labels: HashMap<String, String>,
}

impl ContainerInfo {
    fn of(c: &Container) -> ContainerInfo {
        let image = c
            .labels
            .get(labels::IMAGE_REF)
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| familiar(&c.image));
        ContainerInfo {
            name: ops::name_of(c).unwrap_or_default().to_string(),
            image,
            labels: filter::user_labels(c),
        }
    }
}

/// `docker.io/library/busybox:latest` → `busybox:latest`.
fn familiar(name: &str) -> String {
    linnet_reference::Reference::parse(name)
        .map(|r| r.familiar_string())
        .unwrap_or_else(|_| name.to_string())
}

/// Translates events of every namespace; one per recorder (or per live `events` without one).
#[derive(Debug, Default)]
pub struct Translator {
    containers: HashMap<(String, String), ContainerInfo>,
    /// (namespace, image name) → image ID.
    images: HashMap<(String, String), String>,
    /// (namespace, exec ID) → the command, from linnet's `exec`.
    execs: HashMap<(String, String), String>,
    /// (namespace, repository) of pulls under way: their image records are Docker's `pull`.
    pulls: std::collections::HashSet<(String, String)>,
}

impl Translator {
    pub fn new() -> Translator {
        Translator::default()
    }

    /// Caches the containers and images that exist now (after a (re)connect), so that events
    /// about them can be named even when their records are gone by then.
    pub async fn warm(&mut self, client: &Client, namespaces: &[String]) {
        for ns in namespaces {
            let c = client.with_namespace(ns);
            if let Ok(list) = c.container_list(&[]).await {
                for item in list {
                    self.containers
                        .insert((ns.clone(), item.id.clone()), ContainerInfo::of(&item));
                }
            }
            if let Ok(list) = c.image_list(&[]).await {
                for image in list {
                    self.images
                        .insert((ns.clone(), image.name), image.target.digest);
                }
            }
        }
    }

    /// The Docker events for one containerd event, with the namespace they belong to.
    pub async fn translate(
        &mut self,
        client: &Client,
        stamped: Stamped,
    ) -> Vec<(String, DockerEvent)> {
        let at = stamped.at.unwrap_or_else(Utc::now);
        let mut out = Vec::new();
        match stamped.event {
            Event::ContainerCreate { namespace, id, .. } => {
                let info = self.refresh(client, &namespace, &id).await;
                out.push((namespace, container_event("create", &id, info, at)));
            }
            Event::ContainerUpdate { namespace, id } => {
                let old = self
                    .containers
                    .get(&(namespace.clone(), id.clone()))
                    .cloned();
                let info = self.refresh(client, &namespace, &id).await;
                // A changed name label is Docker's `rename`.
                if let Some(old) = old.filter(|o| !o.name.is_empty() && o.name != info.name) {
                    let mut e = container_event("rename", &id, info, at);
                    e.attributes
                        .insert("oldName".into(), format!("/{}", old.name));
                    out.push((namespace, e));
                }
            }
            Event::ContainerDelete { namespace, id } => {
                let info = self
                    .containers
                    .remove(&(namespace.clone(), id.clone()))
                    .unwrap_or_default();
                out.push((namespace, container_event("destroy", &id, info, at)));
            }
            Event::TaskStart {
                namespace,
                container_id,
                ..
            } => {
                let info = self.info(client, &namespace, &container_id).await;
                out.push((namespace, container_event("start", &container_id, info, at)));
            }
            Event::TaskExit {
                namespace,
                container_id,
                id,
                exit_status,
                ..
            } => {
                let info = self.info(client, &namespace, &container_id).await;
                let mut e = if id == container_id || id.is_empty() {
                    container_event("die", &container_id, info, at)
                } else {
                    self.execs.remove(&(namespace.clone(), id.clone()));
                    let mut e = container_event("exec_die", &container_id, info, at);
                    e.attributes.insert("execID".into(), id);
                    e
                };
                e.attributes
                    .insert("exitCode".into(), exit_status.to_string());
                out.push((namespace, e));
            }
            Event::TaskOom {
                namespace,
                container_id,
            } => {
                let info = self.info(client, &namespace, &container_id).await;
                out.push((namespace, container_event("oom", &container_id, info, at)));
            }
            Event::TaskPaused {
                namespace,
                container_id,
            } => {
                let info = self.info(client, &namespace, &container_id).await;
                out.push((namespace, container_event("pause", &container_id, info, at)));
            }
            Event::TaskResumed {
                namespace,
                container_id,
            } => {
                let info = self.info(client, &namespace, &container_id).await;
                out.push((
                    namespace,
                    container_event("unpause", &container_id, info, at),
                ));
            }
            Event::TaskExecAdded {
                namespace,
                container_id,
                exec_id,
            } => {
                let e = self
                    .exec_event(
                        "exec_create",
                        client,
                        &namespace,
                        &container_id,
                        exec_id,
                        at,
                    )
                    .await;
                out.push((namespace, e));
            }
            Event::TaskExecStarted {
                namespace,
                container_id,
                exec_id,
            } => {
                let e = self
                    .exec_event("exec_start", client, &namespace, &container_id, exec_id, at)
                    .await;
                out.push((namespace, e));
            }
            Event::ImageCreate { namespace, name } | Event::ImageUpdate { namespace, name } => {
                let id = match client.with_namespace(&namespace).image_get(&name).await {
                    Ok(Some(image)) => image.target.digest,
                    _ => return out,
                };
                self.images
                    .insert((namespace.clone(), name.clone()), id.clone());
                if self.pulls.remove(&(namespace.clone(), repository(&name))) {
                    out.push((namespace, pull_event(&name, at)));
                    return out;
                }
                let mut e = DockerEvent::new("image", "tag", &id, at);
                e.attributes.insert("name".into(), familiar(&name));
                out.push((namespace, e));
            }
            Event::ImageDelete { namespace, name } => {
                let Some(id) = self.images.remove(&(namespace.clone(), name.clone())) else {
                    return out;
                };
                let mut e = DockerEvent::new("image", "untag", &id, at);
                e.attributes.insert("name".into(), familiar(&name));
                out.push((namespace.clone(), e));
                // The last name of an image gone: Docker's `delete`.
                let still_named = self
                    .images
                    .iter()
                    .any(|((ns, _), other)| ns == &namespace && other == &id);
                if !still_named {
                    let mut e = DockerEvent::new("image", "delete", &id, at);
                    e.attributes.insert("name".into(), id.clone());
                    out.push((namespace, e));
                }
            }
            Event::Linnet {
                namespace,
                topic,
                payload,
            } if topic == PUBLISH_TOPIC => {
                let Ok(p) = serde_json::from_slice::<Published>(&payload) else {
                    return out;
                };
                if p.action == "pull-start" || p.action == "pull-end" {
                    let name = p.attributes.get("name").cloned().unwrap_or_default();
                    let key = (namespace.clone(), repository(&name));
                    if p.action == "pull-start" {
                        self.pulls.insert(key);
                    } else if let Some(stored) = p.attributes.get("stored") {
                        // Nothing changed (already up to date): Docker still reports the pull.
                        if self.pulls.remove(&key) {
                            out.push((namespace, pull_event(stored, at)));
                        }
                    } else {
                        self.pulls.remove(&key);
                    }
                    return out;
                }
                if p.action == "exec-command" {
                    if let (Some(exec), Some(cmd)) =
                        (p.attributes.get("execID"), p.attributes.get("command"))
                    {
                        self.execs.insert((namespace, exec.clone()), cmd.clone());
                    }
                    return out;
                }
                if p.kind == "network" || p.kind == "volume" {
                    let mut e = DockerEvent::new(&p.kind, &p.action, &p.container, at);
                    e.attributes.extend(p.attributes);
                    out.push((namespace, e));
                    return out;
                }
                let info = self.info(client, &namespace, &p.container).await;
                let mut e = container_event(&p.action, &p.container, info, at);
                e.attributes.extend(p.attributes);
                out.push((namespace, e));
            }
            _ => {}
        }
        out
    }

    async fn exec_event(
        &mut self,
        action: &str,
        client: &Client,
        namespace: &str,
        container_id: &str,
        exec_id: String,
        at: chrono::DateTime<Utc>,
    ) -> DockerEvent {
        let command = self
            .execs
            .get(&(namespace.to_string(), exec_id.clone()))
            .cloned()
            .unwrap_or_default();
        let info = self.info(client, namespace, container_id).await;
        // Docker: `exec_create: <entrypoint> <args>` (a trailing space when there are none).
        let mut e = container_event(&format!("{action}: {command}"), container_id, info, at);
        e.attributes.insert("execID".into(), exec_id);
        e
    }

    async fn info(&mut self, client: &Client, namespace: &str, id: &str) -> ContainerInfo {
        match self
            .containers
            .get(&(namespace.to_string(), id.to_string()))
        {
            Some(info) => info.clone(),
            None => self.refresh(client, namespace, id).await,
        }
    }

    async fn refresh(&mut self, client: &Client, namespace: &str, id: &str) -> ContainerInfo {
        match client.with_namespace(namespace).container_get(id).await {
            Ok(Some(c)) => {
                let info = ContainerInfo::of(&c);
                self.containers
                    .insert((namespace.to_string(), id.to_string()), info.clone());
                info
            }
            _ => self
                .containers
                .get(&(namespace.to_string(), id.to_string()))
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// Docker's `image pull busybox:latest (name=busybox)`.
fn pull_event(name: &str, at: chrono::DateTime<Utc>) -> DockerEvent {
    let (id, repo) = match linnet_reference::Reference::parse(name) {
        Ok(r) => (r.familiar_string(), r.familiar_name()),
        Err(_) => (name.to_string(), name.to_string()),
    };
    let mut e = DockerEvent::new("image", "pull", &id, at);
    e.attributes.insert("name".into(), repo);
    e
}

/// The repository of an image name (`docker.io/library/busybox`).
fn repository(name: &str) -> String {
    linnet_reference::Reference::parse(name)
        .map(|r| r.name())
        .unwrap_or_else(|_| name.to_string())
}

/// Where a pull is, for [`publish_pull`].
#[derive(Debug, Clone, Copy)]
pub enum PullPhase<'a> {
    Start,
    /// Done; the image's name as stored.
    Done(&'a str),
    Failed,
}

/// Publishes the phases of a pull of `name`, so that the recorder reports its image records
/// as Docker's `pull` instead of `tag` (and a pull that changed nothing as a `pull` too).
pub async fn publish_pull(client: &Client, name: &str, phase: PullPhase<'_>) {
    let mut attributes = HashMap::from([("name".to_string(), name.to_string())]);
    let action = match phase {
        PullPhase::Start => "pull-start",
        PullPhase::Done(stored) => {
            attributes.insert("stored".to_string(), stored.to_string());
            "pull-end"
        }
        PullPhase::Failed => "pull-end",
    };
    let event = Published {
        kind: String::new(),
        action: action.to_string(),
        container: String::new(),
        attributes,
    };
    publish(client, &event).await;
}

/// The command text Docker puts in `exec_create:`/`exec_start:` actions.
pub fn exec_command_text(command: &[String]) -> String {
    match command.split_first() {
        Some((entry, args)) => format!("{entry} {}", args.join(" ")),
        None => String::new(),
    }
}

fn container_event(
    action: &str,
    id: &str,
    info: ContainerInfo,
    at: chrono::DateTime<Utc>,
) -> DockerEvent {
    let mut e = DockerEvent::new("container", action, id, at);
    e.attributes.extend(info.labels);
    if !info.image.is_empty() {
        e.attributes.insert("image".into(), info.image);
    }
    if !info.name.is_empty() {
        e.attributes.insert("name".into(), info.name);
    }
    e
}
