//! The network parts of a container's `inspect` object that come from its configuration rather
//! than from a live attachment: `HostConfig.PortBindings` (the `-p` requests), `Config.ExposedPorts`,
//! and `NetworkSettings.Networks` entries for every network the container is configured for,
//! attached or not, in Docker 20.10's shape.
//!
//! Why apart from [`crate::network::settings`]: that one reflects the attachment (addresses,
//! mapped ports); Docker also shows the configured networks of a stopped container (with
//! `NetworkID` and `Aliases`, empty addresses), and on user networks its `Aliases` carry the
//! short container id after the user's aliases (API 1.41).

use std::collections::BTreeMap;

use linnet_containerd::Container;
use linnet_network::ports::{self, PortSpec};
use linnet_network::settings::{EndpointSettings, NetworkSettings};
use serde_json::{json, Map, Value};

use crate::netconnect;
use crate::network::{self, NetConfig};
use crate::{Record, Scope};

/// Docker's `HostPort` text of a request: `""` (ephemeral), `8080`, or a range `8080-8081`.
fn host_port_text(p: &PortSpec) -> String {
    match (p.host_port_start, p.host_port_end) {
        (0, _) => String::new(),
        (s, e) if e > s => format!("{s}-{e}"),
        (s, _) => s.to_string(),
    }
}

/// `HostConfig.PortBindings`: `{"80/tcp":[{"HostIp":"","HostPort":"8080"}]}`, `{}` without `-p`.
pub fn port_bindings(c: &Container) -> Value {
    let cfg = NetConfig::decode(&c.labels).unwrap_or_default();
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for p in &cfg.ports {
        out.entry(p.key()).or_default().push(json!({
            "HostIp": p.host_ip.map(|ip| ip.to_string()).unwrap_or_default(),
            "HostPort": host_port_text(p),
        }));
    }
    json!(out)
}

/// `Config.ExposedPorts`: the image's `EXPOSE`, `--expose` and the published container ports,
/// as `{"80/tcp":{}}`; `None` when there are none (Docker omits the key).
pub fn exposed_ports(c: &Container) -> Option<Value> {
    let cfg = NetConfig::decode(&c.labels).unwrap_or_default();
    let mut out = Map::new();
    for e in &cfg.exposed {
        for (port, proto) in ports::parse_expose(e).unwrap_or_default() {
            out.insert(format!("{port}/{proto}"), json!({}));
        }
    }
    for p in &cfg.ports {
        out.insert(p.key(), json!({}));
    }
    (!out.is_empty()).then_some(Value::Object(out))
}

/// Adds `Config.ExposedPorts` to an inspect object. Docker omits the key when nothing is
/// exposed; linnet prints `null` there, so that `{{.Config.ExposedPorts}}` templates (which
/// Docker evaluates on its struct, where the field always exists) do not fail.
pub fn add_exposed_ports(inspect: &mut Value, c: &Container) {
    if let Some(config) = inspect.get_mut("Config").and_then(Value::as_object_mut) {
        config.insert(
            "ExposedPorts".into(),
            exposed_ports(c).unwrap_or(Value::Null),
        );
    }
}

/// `NetworkSettings`: the attachment's, plus an entry (no addresses) for each configured network
/// it is not on right now; user networks list the short id among the `Aliases`.
pub fn settings(scope: &Scope, c: &Container) -> NetworkSettings {
    let mut s = network::settings(scope, c);
    let cfg = NetConfig::decode(&c.labels).unwrap_or_default();
    let short: String = c.id.chars().take(12).collect();
    let mgr = network::manager(scope).ok().flatten();
    let mut configured: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    if !cfg.network.is_empty() {
        configured.push((cfg.network.clone(), cfg.ip.clone(), cfg.aliases.clone()));
    }
    for n in netconnect::connected(&c.labels) {
        configured.push((n.network, n.ip, n.aliases));
    }
    for (name, ip, aliases) in configured {
        let net = mgr.as_ref().and_then(|m| m.store().get(&name).ok());
        let default = net.as_ref().is_some_and(|n| n.meta().default);
        let entry = s.networks.entry(name).or_insert_with(|| EndpointSettings {
            ipam_config: ip.map(|ip| BTreeMap::from([("IPv4Address".to_string(), ip)])),
            network_id: net.as_ref().map(|n| n.id().to_string()).unwrap_or_default(),
            ..Default::default()
        });
        if let Some(names) = entry.dns_names.as_mut() {
            let mut seen = std::collections::HashSet::new();
            names.retain(|n| seen.insert(n.clone()));
        }
        if !default {
            let mut all = aliases;
            if !all.contains(&short) {
                all.push(short.clone());
            }
            entry.aliases = Some(all);
        }
    }
    // host and none: Docker lists the pseudo network with its id.
    let mode = Record::decode(&c.labels).network;
    if s.networks.is_empty() && (mode == "host" || mode == "none") {
        s.networks.insert(
            mode.clone(),
            EndpointSettings {
                network_id: linnet_network::store::builtin_id(&mode),
                ..Default::default()
            },
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_ports_print_as_docker_keeps_the_request() {
        let specs = ports::parse_port_specs(&[
            "8080:80".to_string(),
            "127.0.0.1::81/udp".to_string(),
            "9000-9001:90".to_string(),
        ])
        .unwrap();
        let texts: Vec<String> = specs.iter().map(host_port_text).collect();
        assert_eq!(texts, vec!["8080", "", "9000-9001"]);
    }
}
