//! Docker-shaped JSON for `inspect`: a container's `NetworkSettings` (the ≤ 28 shape that
//! `{{.NetworkSettings.IPAddress}}` scripts use, filled from the first network as nerdctl does)
//! and a network's `network inspect` object. Structs, not maps, so the key order is Docker's.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::attachment::Attachment;
use crate::ports::PublishedPort;
use crate::store::Network;

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct PortBinding {
    pub host_ip: String,
    pub host_port: String,
}

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct EndpointSettings {
    #[serde(rename = "IPAMConfig")]
    pub ipam_config: Option<BTreeMap<String, String>>,
    pub links: Option<Vec<String>>,
    pub aliases: Option<Vec<String>>,
    pub mac_address: String,
    pub driver_opts: Option<BTreeMap<String, String>>,
    pub gw_priority: i64,
    #[serde(rename = "NetworkID")]
    pub network_id: String,
    #[serde(rename = "EndpointID")]
    pub endpoint_id: String,
    pub gateway: String,
    #[serde(rename = "IPAddress")]
    pub ip_address: String,
    #[serde(rename = "IPPrefixLen")]
    pub ip_prefix_len: u8,
    #[serde(rename = "IPv6Gateway")]
    pub ipv6_gateway: String,
    #[serde(rename = "GlobalIPv6Address")]
    pub global_ipv6_address: String,
    #[serde(rename = "GlobalIPv6PrefixLen")]
    pub global_ipv6_prefix_len: u8,
    #[serde(rename = "DNSNames")]
    pub dns_names: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkSettings {
    pub bridge: String,
    #[serde(rename = "SandboxID")]
    pub sandbox_id: String,
    pub sandbox_key: String,
    pub hairpin_mode: bool,
    #[serde(rename = "LinkLocalIPv6Address")]
    pub link_local_ipv6_address: String,
    #[serde(rename = "LinkLocalIPv6PrefixLen")]
    pub link_local_ipv6_prefix_len: u8,
    pub ports: BTreeMap<String, Option<Vec<PortBinding>>>,
    #[serde(rename = "SecondaryIPAddresses")]
    pub secondary_ip_addresses: Option<Vec<String>>,
    #[serde(rename = "SecondaryIPv6Addresses")]
    pub secondary_ipv6_addresses: Option<Vec<String>>,
    #[serde(rename = "EndpointID")]
    pub endpoint_id: String,
    pub gateway: String,
    #[serde(rename = "GlobalIPv6Address")]
    pub global_ipv6_address: String,
    #[serde(rename = "GlobalIPv6PrefixLen")]
    pub global_ipv6_prefix_len: u8,
    #[serde(rename = "IPAddress")]
    pub ip_address: String,
    #[serde(rename = "IPPrefixLen")]
    pub ip_prefix_len: u8,
    #[serde(rename = "IPv6Gateway")]
    pub ipv6_gateway: String,
    pub mac_address: String,
    pub networks: BTreeMap<String, EndpointSettings>,
}

/// `NetworkSettings` of a container: attached (running) or not. `exposed` lists the ports the
/// container exposes without publishing them (`"80/tcp": null` in Docker).
pub fn network_settings(att: Option<&Attachment>, exposed: &[String]) -> NetworkSettings {
    let mut s = NetworkSettings::default();
    for e in exposed {
        s.ports.insert(e.clone(), None);
    }
    let Some(att) = att else {
        return s;
    };
    s.sandbox_id = att.key.clone();
    s.sandbox_key = att.netns_path.display().to_string();
    for p in &att.ports {
        let key = format!("{}/{}", p.container_port, p.protocol);
        s.ports
            .entry(key)
            .or_insert_with(|| Some(Vec::new()))
            .get_or_insert_with(Vec::new)
            .push(binding(p));
    }
    let short: String = att.container_id.chars().take(12).collect();
    for ep in &att.endpoints {
        let mut dns_names = Vec::new();
        if !ep.default {
            if !att.name.is_empty() {
                dns_names.push(att.name.clone());
            }
            dns_names.push(short.clone());
            dns_names.extend(ep.aliases.iter().cloned());
            dns_names.push(att.hostname.clone());
            dns_names.dedup();
        }
        let settings = EndpointSettings {
            ipam_config: ep
                .requested_ip
                .map(|ip| BTreeMap::from([("IPv4Address".to_string(), ip.to_string())])),
            aliases: (!ep.aliases.is_empty()).then(|| ep.aliases.clone()),
            mac_address: ep.mac.clone(),
            network_id: ep.network_id.clone(),
            endpoint_id: ep.endpoint_id.clone(),
            gateway: ep.gateway.map(|g| g.to_string()).unwrap_or_default(),
            ip_address: ep.ip.to_string(),
            ip_prefix_len: ep.prefix_len,
            dns_names: (!dns_names.is_empty()).then_some(dns_names),
            ..Default::default()
        };
        s.networks.insert(ep.network.clone(), settings);
    }
    // Top-level fields mirror the first network (nerdctl; Docker: the default bridge only).
    if let Some(ep) = att.endpoints.first() {
        s.endpoint_id = ep.endpoint_id.clone();
        s.gateway = ep.gateway.map(|g| g.to_string()).unwrap_or_default();
        s.ip_address = ep.ip.to_string();
        s.ip_prefix_len = ep.prefix_len;
        s.mac_address = ep.mac.clone();
    }
    s
}

fn binding(p: &PublishedPort) -> PortBinding {
    PortBinding {
        host_ip: p.host_ip_text(),
        host_port: p.host_port.to_string(),
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpamConfig {
    pub subnet: String,
    #[serde(rename = "IPRange", skip_serializing_if = "String::is_empty")]
    pub ip_range: String,
    pub gateway: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipam {
    pub driver: String,
    pub options: BTreeMap<String, String>,
    pub config: Vec<IpamConfig>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkContainer {
    pub name: String,
    #[serde(rename = "EndpointID")]
    pub endpoint_id: String,
    pub mac_address: String,
    #[serde(rename = "IPv4Address")]
    pub ipv4_address: String,
    #[serde(rename = "IPv6Address")]
    pub ipv6_address: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigFrom {
    pub network: String,
}

/// `network inspect` of one network, Docker 20.10's shape plus `EnableIPv4`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInspect {
    pub name: String,
    pub id: String,
    pub created: String,
    pub scope: String,
    pub driver: String,
    #[serde(rename = "EnableIPv4")]
    pub enable_ipv4: bool,
    #[serde(rename = "EnableIPv6")]
    pub enable_ipv6: bool,
    #[serde(rename = "IPAM")]
    pub ipam: Ipam,
    pub internal: bool,
    pub attachable: bool,
    pub ingress: bool,
    pub config_from: ConfigFrom,
    pub config_only: bool,
    pub containers: BTreeMap<String, NetworkContainer>,
    pub options: BTreeMap<String, String>,
    pub labels: BTreeMap<String, String>,
}

pub fn network_inspect(net: &Network, users: &[Attachment]) -> NetworkInspect {
    let m = net.meta();
    let mut options = m.options.clone();
    options.insert("com.docker.network.bridge.name".into(), m.bridge.clone());
    let containers = users
        .iter()
        .filter_map(|a| {
            let ep = a.endpoints.iter().find(|e| e.network_id == m.id)?;
            Some((
                a.container_id.clone(),
                NetworkContainer {
                    name: a.name.clone(),
                    endpoint_id: ep.endpoint_id.clone(),
                    mac_address: ep.mac.clone(),
                    ipv4_address: format!("{}/{}", ep.ip, ep.prefix_len),
                    ipv6_address: String::new(),
                },
            ))
        })
        .collect();
    NetworkInspect {
        name: m.name.clone(),
        id: m.id.clone(),
        created: m.created.clone(),
        scope: "local".into(),
        driver: m.driver.clone(),
        enable_ipv4: true,
        enable_ipv6: false,
        ipam: Ipam {
            driver: "default".into(),
            options: BTreeMap::new(),
            config: vec![IpamConfig {
                subnet: m.subnet.to_string(),
                ip_range: m.ip_range.map(|r| r.to_string()).unwrap_or_default(),
                gateway: m.gateway.to_string(),
            }],
        },
        internal: m.internal,
        attachable: false,
        ingress: false,
        config_from: ConfigFrom {
            network: String::new(),
        },
        config_only: false,
        containers,
        options,
        labels: m.labels.clone(),
    }
}

/// `network inspect host|none`: the built-in pseudo networks, which have no config.
pub fn builtin_inspect(name: &str) -> NetworkInspect {
    NetworkInspect {
        name: name.to_string(),
        id: crate::store::builtin_id(name),
        created: String::new(),
        scope: "local".into(),
        driver: if name == "host" { "host" } else { "null" }.into(),
        enable_ipv4: false,
        enable_ipv6: false,
        ipam: Ipam {
            driver: "default".into(),
            options: BTreeMap::new(),
            config: Vec::new(),
        },
        internal: false,
        attachable: false,
        ingress: false,
        config_from: ConfigFrom {
            network: String::new(),
        },
        config_only: false,
        containers: BTreeMap::new(),
        options: BTreeMap::new(),
        labels: BTreeMap::new(),
    }
}
