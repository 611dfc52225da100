//! Whole-instance operations: reclaiming the state of containers that are gone, `network rm`
//! and `prune` (which must see attachments, hence here and not in the store), `inspect`, and
//! `destroy` for tests and data-root removal.

use std::collections::HashSet;
use std::path::Path;

use crate::error::{Error, Result};
use crate::manager::NetworkManager;
use crate::store::Network;
use crate::sweep;

impl NetworkManager {
    /// Tears down the networking of every container of this namespace that is not in `live`
    /// (container ids): attachments, netns pins, cached results and IPAM leases left by a crash.
    /// Returns the container ids it cleaned up.
    pub fn reclaim(&self, live: &HashSet<String>) -> Result<Vec<String>> {
        let _lock = self.lock()?;
        let prefix = format!("{}-", self.cfg.namespace);
        let live_keys: HashSet<String> = live.iter().map(|id| format!("{prefix}{id}")).collect();
        let mut keys: HashSet<String> = HashSet::new();
        let mut collect = |name: String| {
            if name.starts_with(&prefix) && !live_keys.contains(&name) {
                keys.insert(name);
            }
        };
        for dir in [self.cfg.net_dir().join("containers"), self.cfg.netns_dir()] {
            if let Ok(rd) = std::fs::read_dir(&dir) {
                for e in rd.flatten() {
                    collect(e.file_name().to_string_lossy().into_owned());
                }
            }
        }
        for (_, c) in self.cache.all() {
            collect(c.container_id);
        }
        let mut first = None;
        let mut keys: Vec<String> = keys.into_iter().collect();
        keys.sort();
        for key in &keys {
            if let Err(e) = self.detach_key(key) {
                first.get_or_insert(e);
            }
        }
        // Leases of an ADD that crashed before its result was cached.
        for net in self.store.list()? {
            let Some(dir) = net.conf.ipam_dir() else {
                continue;
            };
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let owner = text.lines().next().unwrap_or_default().trim().to_string();
                if owner.starts_with(&prefix) && !live_keys.contains(&owner) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        match first {
            Some(e) => Err(e),
            None => Ok(keys
                .into_iter()
                .map(|k| k[prefix.len()..].to_string())
                .collect()),
        }
    }

    /// `network rm`: refuses a network with attached containers, then removes its config,
    /// leases, bridge device and the bridge's isolation rules.
    pub fn remove_network(&self, key: &str) -> Result<Network> {
        if crate::store::BUILTIN.contains(&key) {
            return Err(Error::Predefined(key.to_string()));
        }
        let _lock = self.lock()?;
        let net = self.store.get(key)?;
        if net.meta().default {
            return Err(Error::Predefined(net.name().to_string()));
        }
        let users = self.users(&net);
        if !users.is_empty() {
            return Err(Error::NetworkInUse {
                name: net.name().to_string(),
                containers: users
                    .iter()
                    .map(|a| {
                        if a.name.is_empty() {
                            a.container_id.clone()
                        } else {
                            a.name.clone()
                        }
                    })
                    .collect(),
            });
        }
        self.store.remove(&net)?;
        remove_bridge(&net.meta().bridge);
        Ok(net)
    }

    /// `network prune`: removes every user network without containers that `filters` match;
    /// returns their names.
    pub fn prune(&self, filters: &crate::listing::Filters) -> Result<Vec<String>> {
        let mut removed = Vec::new();
        let rows = crate::listing::rows(self)?;
        for net in self.store.list()? {
            let matched = rows.iter().any(|r| r.id == net.id() && filters.matches(r));
            if net.meta().default || !matched {
                continue;
            }
            match self.remove_network(net.id()) {
                Ok(_) => removed.push(net.name().to_string()),
                Err(Error::NetworkInUse { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(removed)
    }

    /// `network inspect` of a stored or built-in network, with its attached containers.
    pub fn inspect_network(&self, key: &str) -> Result<crate::settings::NetworkInspect> {
        match self.store.get(key) {
            Ok(net) => Ok(crate::settings::network_inspect(&net, &self.users(&net))),
            Err(_) if crate::store::BUILTIN.contains(&key) => {
                Ok(crate::settings::builtin_inspect(key))
            }
            Err(e) => Err(e),
        }
    }

    /// Removes everything this instance made on the host: every attachment (all namespaces),
    /// every user network, the default network's bridge. For tests and for wiping a data root.
    pub fn destroy(&self) -> Result<()> {
        let mut first = None;
        let keys: Vec<String> = {
            let mut keys: HashSet<String> = self.attachments().into_iter().map(|a| a.key).collect();
            for (_, c) in self.cache.all() {
                keys.insert(c.container_id);
            }
            if let Ok(rd) = std::fs::read_dir(self.cfg.netns_dir()) {
                keys.extend(
                    rd.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned()),
                );
            }
            keys.into_iter().collect()
        };
        {
            let _lock = self.lock()?;
            for key in keys {
                if let Err(e) = self.detach_key(&key) {
                    first.get_or_insert(e);
                }
            }
        }
        for net in self.store.list()? {
            if net.meta().default {
                remove_bridge(&net.meta().bridge);
                if let Some(dir) = net.conf.ipam_dir() {
                    let _ = std::fs::remove_dir_all(dir);
                }
            } else if let Err(e) = self.remove_network(net.id()) {
                first.get_or_insert(e);
            }
        }
        self.store.release_claims();
        match first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Deletes a network's bridge device, its network-level rules ([`crate::netrules`]) and the
/// per-bridge isolation rules that the firewall plugin of older linnet versions left on purpose
/// after the last DEL. Best effort: a bridge never used has none of them.
fn remove_bridge(bridge: &str) {
    crate::netrules::remove(bridge);
    if Path::new("/sys/class/net").join(bridge).exists() {
        let _ = std::process::Command::new("ip")
            .args(["link", "delete", bridge, "type", "bridge"])
            .output();
    }
    for chain in ["CNI-ISOLATION-STAGE-1", "CNI-ISOLATION-STAGE-2"] {
        let Ok(out) = std::process::Command::new("iptables")
            .args(["-w", "-t", "filter", "-S", chain])
            .output()
        else {
            continue;
        };
        for rule in String::from_utf8_lossy(&out.stdout).lines() {
            let words: Vec<&str> = rule.split_whitespace().collect();
            let mentions = words
                .windows(2)
                .any(|w| (w[0] == "-i" || w[0] == "-o") && w[1] == bridge);
            if words.first() == Some(&"-A") && mentions {
                let args = sweep::shell_words(rule);
                let mut cmd = std::process::Command::new("iptables");
                cmd.args(["-w", "-t", "filter", "-D"]).args(&args[1..]);
                let _ = cmd.output();
            }
        }
    }
}
