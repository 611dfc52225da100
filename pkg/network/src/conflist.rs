//! The CNI network configuration list of a linnet network: nerdctl's chain without what is
//! stated once per network instead ([`crate::netrules`]: masquerade, forwarding, isolation):
//! `bridge` (isGateway, hairpinMode, host-local; no ipMasq) → `portmap` → `tuning`. The runner
//! skips `portmap` and `tuning` when a container gives them nothing to do
//! ([`crate::cni::Runner`]). linnet's own metadata (id, labels, creation time)
//! rides in the extra top-level key `linnet`, which the plugins never see: they get only their
//! own object from `plugins`.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::Path;

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub const CNI_VERSION: &str = "1.0.0";

/// What linnet knows about a network beyond the CNI config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkMeta {
    pub id: String,
    pub name: String,
    /// RFC 3339 with nanoseconds, as Docker prints it.
    pub created: String,
    pub driver: String,
    pub bridge: String,
    pub subnet: Ipv4Net,
    pub gateway: Ipv4Addr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_range: Option<Ipv4Net>,
    /// The user gave `--subnet` (Docker allows `--ip` only then).
    #[serde(default)]
    pub user_subnet: bool,
    #[serde(default)]
    pub internal: bool,
    /// The built-in `bridge` network: no names between members, no `--ip`, not removable.
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A conflist as stored on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfList {
    pub cni_version: String,
    pub name: String,
    #[serde(default)]
    pub disable_check: bool,
    pub linnet: NetworkMeta,
    pub plugins: Vec<Value>,
}

/// CNI network names end up in host-local's directory names and in iptables comments: keep the
/// user's name when it is safe there, else derive one from the id.
pub fn cni_name(name: &str, id: &str) -> String {
    let safe = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && name.as_bytes()[0].is_ascii_alphanumeric();
    if safe {
        name.to_string()
    } else {
        format!("linnet-{}", &id[..12.min(id.len())])
    }
}

/// Builds the chain for `meta`; host-local keeps its leases under `ipam_dir`.
pub fn build(meta: &NetworkMeta, ipam_dir: &Path) -> ConfList {
    let mut range = json!({
        "subnet": meta.subnet.to_string(),
        "gateway": meta.gateway.to_string(),
    });
    if let Some(r) = meta.ip_range {
        let hosts: Vec<Ipv4Addr> = r.hosts().collect();
        let (first, last) = if r.prefix_len() >= 31 {
            (r.network(), r.broadcast())
        } else {
            (
                hosts.first().copied().unwrap_or(r.network()),
                hosts.last().copied().unwrap_or(r.broadcast()),
            )
        };
        range["rangeStart"] = json!(first.to_string());
        range["rangeEnd"] = json!(last.to_string());
    }
    let mut ipam = json!({
        "type": "host-local",
        "ranges": [[range]],
        "dataDir": ipam_dir.display().to_string(),
    });
    if !meta.internal {
        ipam["routes"] = json!([{"dst": "0.0.0.0/0"}]);
    }
    let mut bridge = json!({
        "type": "bridge",
        "bridge": meta.bridge,
        "isGateway": !meta.internal,
        // Masquerading is one rule per network (crate::netrules), not a chain per container.
        "ipMasq": false,
        "hairpinMode": true,
        "ipam": ipam,
    });
    if let Some(mtu) = meta
        .options
        .get("com.docker.network.driver.mtu")
        .and_then(|m| m.parse::<u32>().ok())
    {
        bridge["mtu"] = json!(mtu);
    }
    let mut plugins = vec![bridge];
    if !meta.internal {
        plugins.push(json!({"type": "portmap", "capabilities": {"portMappings": true}}));
    }
    plugins.push(json!({"type": "tuning"}));
    ConfList {
        cni_version: CNI_VERSION.to_string(),
        name: cni_name(&meta.name, &meta.id),
        disable_check: false,
        linnet: meta.clone(),
        plugins,
    }
}

/// The `loopback` plugin's config, run on its own before any network (runc brings `lo` up only
/// in a netns it creates itself).
pub fn loopback() -> Value {
    json!({"cniVersion": CNI_VERSION, "name": "linnet-loopback", "type": "loopback"})
}

impl ConfList {
    /// A chain written by an older linnet (per-container `ipMasq` and `firewall`) as this one
    /// writes it: those rules are network-level now ([`crate::netrules`]). Attached containers
    /// keep the chain of their ADD in the result cache for their DEL.
    pub fn upgrade(&mut self) {
        self.plugins
            .retain(|p| p.get("type").and_then(Value::as_str) != Some("firewall"));
        if let Some(Value::Object(b)) = self.plugins.first_mut() {
            if b.get("type").and_then(Value::as_str) == Some("bridge") {
                b.insert("ipMasq".into(), Value::Bool(false));
            }
        }
    }

    /// The plugin types this list runs, for the "needs CNI plugin" check.
    pub fn plugin_types(&self) -> Vec<String> {
        self.plugins
            .iter()
            .filter_map(|p| p.get("type").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// host-local's lease directory of this network, if the chain uses host-local.
    pub fn ipam_dir(&self) -> Option<std::path::PathBuf> {
        let ipam = self.plugins.first()?.get("ipam")?;
        let dir = ipam.get("dataDir")?.as_str()?;
        Some(Path::new(dir).join(&self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> NetworkMeta {
        NetworkMeta {
            id: "ab".repeat(32),
            name: "bridge".into(),
            created: "2026-12-03T07:16:36.49662239Z".into(),
            driver: "bridge".into(),
            bridge: "linnet0".into(),
            subnet: "10.4.0.0/24".parse().unwrap(),
            gateway: Ipv4Addr::new(10, 4, 0, 1),
            ip_range: None,
            user_subnet: false,
            internal: false,
            default: true,
            labels: BTreeMap::new(),
            options: BTreeMap::new(),
        }
    }

    #[test]
    fn default_chain_is_nerdctls_without_per_container_rules() {
        let list = build(&meta(), Path::new("/run/linnet/network/ipam"));
        let v = serde_json::to_value(&list).unwrap();
        assert_eq!(v["cniVersion"], "1.0.0");
        assert_eq!(v["name"], "bridge");
        assert_eq!(
            v["plugins"],
            json!([
                {"type":"bridge","bridge":"linnet0","isGateway":true,"ipMasq":false,"hairpinMode":true,
                 "ipam":{"type":"host-local","routes":[{"dst":"0.0.0.0/0"}],
                         "ranges":[[{"subnet":"10.4.0.0/24","gateway":"10.4.0.1"}]],
                         "dataDir":"/run/linnet/network/ipam"}},
                {"type":"portmap","capabilities":{"portMappings":true}},
                {"type":"tuning"}
            ])
        );
        assert_eq!(v["linnet"]["subnet"], "10.4.0.0/24");
        assert_eq!(list.plugin_types(), ["bridge", "portmap", "tuning"]);
        assert_eq!(
            list.ipam_dir().unwrap(),
            Path::new("/run/linnet/network/ipam/bridge")
        );
        let back: ConfList = serde_json::from_value(v).unwrap();
        assert_eq!(back.linnet, meta());
    }

    #[test]
    fn internal_and_range_variants() {
        let mut m = meta();
        m.name = "a b".into();
        m.internal = true;
        m.ip_range = Some("10.4.0.128/25".parse().unwrap());
        m.options
            .insert("com.docker.network.driver.mtu".into(), "1400".into());
        let list = build(&m, Path::new("/x"));
        assert_eq!(list.name, format!("linnet-{}", "ab".repeat(6)));
        assert_eq!(list.plugin_types(), ["bridge", "tuning"]);
        let b = &list.plugins[0];
        assert_eq!(b["isGateway"], false);
        assert_eq!(b["ipMasq"], false);
        assert_eq!(b["mtu"], 1400);
        assert!(b["ipam"].get("routes").is_none());
        assert_eq!(b["ipam"]["ranges"][0][0]["rangeStart"], "10.4.0.129");
        assert_eq!(b["ipam"]["ranges"][0][0]["rangeEnd"], "10.4.0.254");
    }
}
