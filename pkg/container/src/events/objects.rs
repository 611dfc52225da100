//! Docker's `network` and `volume` events. Networks and volumes are linnet's own stores, which
//! containerd never sees, so the commands that change them publish the events for the recorder
//! (as `kill` and `stop` do), with Docker's attributes: `name`/`type` for a network (and
//! `container` for `connect`/`disconnect`), `driver` for a volume (and `container`,
//! `destination`, `propagation`, `read/write` for `mount`).

use std::collections::HashMap;

use linnet_containerd::{Client, Container};
use linnet_network::Network;

use super::translate::{publish, Published};
use crate::{netconnect, network, Record, Scope};

/// Publishes one event about a network or a volume (best effort, as every published event).
pub async fn publish_object(
    client: &Client,
    kind: &str,
    action: &str,
    id: &str,
    attributes: HashMap<String, String>,
) {
    let event = Published {
        kind: kind.to_string(),
        action: action.to_string(),
        container: id.to_string(),
        attributes,
    };
    publish(client, &event).await;
}

/// `network create|destroy <id> (name=, type=)`, or `connect|disconnect` with `container`.
pub async fn network_event(client: &Client, action: &str, net: &Network, container: Option<&str>) {
    let mut attributes = HashMap::from([
        ("name".to_string(), net.name().to_string()),
        ("type".to_string(), net.meta().driver.clone()),
    ]);
    if let Some(id) = container {
        attributes.insert("container".to_string(), id.to_string());
    }
    publish_object(client, "network", action, net.id(), attributes).await;
}

/// `volume create|destroy <name> (driver=local)`.
pub async fn volume_event(client: &Client, action: &str, name: &str) {
    let attributes = HashMap::from([("driver".to_string(), "local".to_string())]);
    publish_object(client, "volume", action, name, attributes).await;
}

/// At a container's create: Docker reports a `volume create` for every volume it uses, made
/// now or not.
pub async fn container_volumes_created(
    client: &Client,
    mounts: &[linnet_spec::UserMount],
    made: &[String],
) {
    let mut names: Vec<&str> = Vec::new();
    let used = mounts
        .iter()
        .filter(|m| m.kind == linnet_spec::MountKind::Volume)
        .filter_map(|m| m.name.as_deref());
    for name in used.chain(made.iter().map(String::as_str)) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for name in names {
        volume_event(client, "create", name).await;
    }
}

/// `network connect` (or `disconnect`) for each network of its own `c` joins at a start.
pub async fn container_networks(client: &Client, scope: &Scope, c: &Container, action: &str) {
    let Some(cfg) = network::NetConfig::decode(&c.labels).filter(|n| !n.network.is_empty()) else {
        return;
    };
    let Ok(Some(mgr)) = network::manager(scope) else {
        return;
    };
    let mut names = vec![cfg.network];
    names.extend(
        netconnect::connected(&c.labels)
            .into_iter()
            .map(|n| n.network),
    );
    for name in names {
        if let Ok(net) = mgr.store().get(&name) {
            network_event(client, action, &net, Some(&c.id)).await;
        }
    }
}

/// `volume mount` (at a start) or `volume unmount` (at the end) for each volume of `c`.
pub async fn container_volumes(client: &Client, c: &Container, mount: bool) {
    for m in Record::decode(&c.labels).mounts {
        if m["Type"] != "volume" {
            continue;
        }
        let Some(name) = m["Name"].as_str() else {
            continue;
        };
        let mut attributes = HashMap::from([
            ("container".to_string(), c.id.clone()),
            ("driver".to_string(), "local".to_string()),
        ]);
        if mount {
            let text = |k: &str| m[k].as_str().unwrap_or_default().to_string();
            attributes.insert("destination".into(), text("Destination"));
            attributes.insert("propagation".into(), text("Propagation"));
            let rw = m["RW"].as_bool().unwrap_or(true);
            attributes.insert("read/write".into(), rw.to_string());
        }
        let action = if mount { "mount" } else { "unmount" };
        publish_object(client, "volume", action, name, attributes).await;
    }
}

/// The mark of a run whose `disconnect`/`unmount` events are still due: made at a start, taken
/// (removed) by whichever of the monitor, the attached `run` or `rm -f` sees the run end first,
/// so that the events come once per run.
const RUNNING_MARK: &str = "events-running";

/// At a start: `volume mount` and `network connect` events, and the mark of the run.
pub async fn container_starting(client: &Client, scope: &Scope, c: &Container) {
    let _ = std::fs::write(scope.container_dir(&c.id).join(RUNNING_MARK), b"");
    container_volumes(client, c, true).await;
    container_networks(client, scope, c, "connect").await;
}

/// At the end of a run: `network disconnect` and `volume unmount`, once per run.
pub async fn container_ended(client: &Client, scope: &Scope, c: &Container) {
    if take_run_mark(scope, &c.id) {
        publish_ended(client, scope, c).await;
    }
}

/// Takes the mark of a run (true once per run): for a caller that publishes the end later, after
/// the container directory is gone.
pub fn take_run_mark(scope: &Scope, id: &str) -> bool {
    std::fs::remove_file(scope.container_dir(id).join(RUNNING_MARK)).is_ok()
}

/// `network disconnect` and `volume unmount` of a run whose mark the caller took.
pub async fn publish_ended(client: &Client, scope: &Scope, c: &Container) {
    container_networks(client, scope, c, "disconnect").await;
    container_volumes(client, c, false).await;
}
