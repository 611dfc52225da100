//! `network connect` / `network disconnect`: a container joins or leaves a user network beside
//! the one it was created on.
//!
//! Why a label of its own ([`CONNECT_LABEL`]): the create-time network flags stay as `create`
//! wrote them ([`crate::network::NetConfig`]); the networks joined later are a list that `start`
//! appends to the attach request ([`add_connected`]), so a stop/start rejoins them (as `eth1`,
//! `eth2`, … in this order) and `rm` releases them with the rest of the attachment. A running
//! container is changed live through [`NetworkManager::connect`]/[`NetworkManager::disconnect`];
//! a stopped one only in its label, as Docker does.

use std::collections::HashMap;

use linnet_containerd::{Client, Container};
use linnet_network::{AttachRequest, NetworkManager, NetworkRequest};
use serde::{Deserialize, Serialize};

use crate::network::NetConfig;
use crate::{ops, Error, Record, Scope};

/// The label that lists the networks joined by `network connect` (JSON [`Connected`] list).
pub const CONNECT_LABEL: &str = "linnet/net-connect";

/// One network joined by `network connect`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connected {
    /// The network's name (resolved from a name, id or prefix at connect).
    pub network: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// What `network connect` asks.
#[derive(Debug, Clone, Default)]
pub struct ConnectRequest {
    /// Name, id or id prefix.
    pub network: String,
    /// `--ip`.
    pub ip: Option<String>,
    /// `--alias`.
    pub aliases: Vec<String>,
}

/// The networks a container joined with `network connect` (empty when none or unreadable).
pub fn connected(labels: &HashMap<String, String>) -> Vec<Connected> {
    labels
        .get(CONNECT_LABEL)
        .and_then(|v| serde_json::from_str(v).ok())
        .unwrap_or_default()
}

/// Appends the connected networks to the attach request of `start`.
pub fn add_connected(req: &mut AttachRequest, c: &Container) {
    for n in connected(&c.labels) {
        req.networks.push(NetworkRequest {
            network: n.network,
            ip: n.ip,
            aliases: n.aliases,
            mac: None,
        });
    }
}

const HOST_NETWORK: &str =
    "container cannot be disconnected from host network or connected to host network";
const SHARED_NETNS: &str = "container sharing network namespace with another container or host cannot be connected to any other network";
const NONE_NETWORK: &str =
    "container cannot be connected to multiple networks with one of the networks in private (none) mode";

fn manager(scope: &Scope) -> Result<NetworkManager, Error> {
    crate::network::manager(scope)?
        .ok_or_else(|| Error::InvalidArgument("networking is not configured".into()))
}

fn display_name(c: &Container) -> String {
    ops::name_of(c).unwrap_or(&c.id).to_string()
}

/// The create-time network of a container that has one of its own (bridge or a user network);
/// Docker's error for the other modes.
fn own_network(c: &Container) -> Result<String, Error> {
    let cfg = NetConfig::decode(&c.labels).unwrap_or_default();
    if !cfg.network.is_empty() {
        return Ok(cfg.network);
    }
    let msg = match Record::decode(&c.labels).network.as_str() {
        "none" => NONE_NETWORK,
        _ => SHARED_NETNS,
    };
    Err(Error::InvalidArgument(msg.into()))
}

async fn save(client: &Client, c: &Container, list: &[Connected]) -> Result<(), Error> {
    let value = if list.is_empty() {
        // An empty value removes the label.
        String::new()
    } else {
        serde_json::to_string(list)?
    };
    let labels = HashMap::from([(CONNECT_LABEL.to_string(), value)]);
    Ok(client.container_update_labels(&c.id, &labels).await?)
}

/// `network connect NET CONTAINER`: live when the container is attached, else for its next start.
pub async fn connect(
    client: &Client,
    scope: &Scope,
    container: &str,
    req: &ConnectRequest,
) -> Result<(), Error> {
    match req.network.as_str() {
        "host" => return Err(Error::InvalidArgument(HOST_NETWORK.into())),
        "none" => return Err(Error::InvalidArgument(NONE_NETWORK.into())),
        _ => {}
    }
    let c = ops::resolve(client, container).await?;
    let primary = own_network(&c)?;
    let mgr = manager(scope)?;
    let net = mgr.store().get(&req.network)?;
    let name = net.name().to_string();
    let mut list = connected(&c.labels);
    if primary == name || list.iter().any(|n| n.network == name) {
        return Err(linnet_network::Error::AlreadyConnected {
            container: display_name(&c),
            network: name,
        }
        .into());
    }
    let nreq = NetworkRequest {
        network: name.clone(),
        ip: req.ip.clone().filter(|s| !s.is_empty()),
        aliases: req.aliases.clone(),
        mac: None,
    };
    let live = match mgr.attachment(&c.id)? {
        Some(_) => match mgr.connect(&c.id, &nreq) {
            Ok(_) => true,
            // Its task ended meanwhile (the monitor detached it): the label is enough.
            Err(linnet_network::Error::NotAttached(_)) => false,
            Err(e) => return Err(e.into()),
        },
        None => false,
    };
    if !live {
        mgr.validate(
            &c.id,
            &AttachRequest {
                hostname: Some(Record::decode(&c.labels).hostname),
                networks: vec![nreq.clone()],
                ..Default::default()
            },
        )?;
    }
    list.push(Connected {
        network: name.clone(),
        ip: nreq.ip,
        aliases: nreq.aliases,
    });
    if let Err(e) = save(client, &c, &list).await {
        if live {
            let _ = mgr.disconnect(&c.id, &name, true);
        }
        return Err(e);
    }
    if live {
        crate::events::objects::network_event(client, "connect", &net, Some(&c.id)).await;
    }
    Ok(())
}

/// `network disconnect [-f] NET CONTAINER`. The container's create-time network stays (its
/// published ports and default route go through it).
pub async fn disconnect(
    client: &Client,
    scope: &Scope,
    container: &str,
    network: &str,
    force: bool,
) -> Result<(), Error> {
    if network == "host" {
        return Err(Error::InvalidArgument(HOST_NETWORK.into()));
    }
    let c = ops::resolve(client, container).await?;
    let mgr = manager(scope)?;
    let mut list = connected(&c.labels);
    let found = match mgr.store().get(network) {
        Ok(n) => Some(n),
        // A network removed while the container was stopped can still be dropped from it.
        Err(linnet_network::Error::NetworkNotFound(_))
            if list.iter().any(|n| n.network == network) =>
        {
            None
        }
        Err(e) => return Err(e.into()),
    };
    let name = found
        .as_ref()
        .map_or_else(|| network.to_string(), |n| n.name().to_string());
    let primary = NetConfig::decode(&c.labels).unwrap_or_default().network;
    if primary == name {
        return Err(linnet_network::Error::DisconnectFirst {
            container: display_name(&c),
            network: name,
        }
        .into());
    }
    let Some(pos) = list.iter().position(|n| n.network == name) else {
        return Err(linnet_network::Error::NotConnected {
            container: c.id.clone(),
            network: name,
        }
        .into());
    };
    if mgr.attachment(&c.id)?.is_some() {
        match mgr.disconnect(&c.id, &name, force) {
            Ok(()) => {
                if let Some(net) = &found {
                    crate::events::objects::network_event(client, "disconnect", net, Some(&c.id))
                        .await;
                }
            }
            Err(linnet_network::Error::NotConnected { .. }) => {}
            Err(linnet_network::Error::NotAttached(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    list.remove(pos);
    save(client, &c, &list).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_networks_follow_the_create_network() {
        let list = vec![Connected {
            network: "backend".into(),
            ip: Some("10.9.0.5".into()),
            aliases: vec!["db".into()],
        }];
        let c = Container {
            id: "abc".into(),
            image: String::new(),
            labels: HashMap::from([(
                CONNECT_LABEL.to_string(),
                serde_json::to_string(&list).unwrap(),
            )]),
            runtime: String::new(),
            snapshotter: String::new(),
            snapshot_key: String::new(),
            spec: Vec::new(),
            created_at: None,
            updated_at: None,
        };
        let mut req = AttachRequest {
            networks: vec![NetworkRequest {
                network: "bridge".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        add_connected(&mut req, &c);
        assert_eq!(req.networks.len(), 2);
        assert_eq!(req.networks[1].network, "backend");
        assert_eq!(req.networks[1].ip.as_deref(), Some("10.9.0.5"));
        assert_eq!(req.networks[1].aliases, vec!["db".to_string()]);
        assert!(connected(&HashMap::new()).is_empty());
    }
}
