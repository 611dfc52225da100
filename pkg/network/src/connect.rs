//! `network connect` / `network disconnect` of a running container: one more CNI network in the
//! netns it already has (the next free `ethN`), or one less.
//!
//! Why a module of its own: `attach` sets up a container's whole network at once (netns, ports,
//! files) and `detach` tears it all down; these two change one endpoint of a live attachment and
//! leave the rest alone. Published ports stay on the first network (they were mapped through
//! it), so that network cannot be disconnected here; the caller refuses it.
//!
//! The saved attachment is rewritten after the CNI step, and the hosts files of the container and
//! of its peers on the changed network are rewritten as `attach` does, so names resolve both ways.

use serde_json::Value;

use crate::attachment::{AttachRequest, Attachment, Endpoint, NetworkRequest};
use crate::cache::CacheEntry;
use crate::cni::{self, RuntimeArgs};
use crate::error::{Error, Result};
use crate::files;
use crate::manager::NetworkManager;

impl NetworkManager {
    /// Joins an attached container to one more network. Fails when it is already on it; a
    /// failed ADD is undone (DEL with whatever it returned) and leaves the attachment as it was.
    pub fn connect(&self, container_id: &str, req: &NetworkRequest) -> Result<Endpoint> {
        let key = self.key(container_id)?;
        let _lock = self.lock()?;
        let mut att = self
            .load(&key)
            .ok_or_else(|| Error::NotAttached(container_id.to_string()))?;
        let net = self.store.get(&req.network)?;
        if att.endpoints.iter().any(|e| e.network_id == net.id()) {
            return Err(Error::AlreadyConnected {
                container: display_name(&att),
                network: net.name().to_string(),
            });
        }
        // The same checks as at create (--ip in the subnet, aliases off the default network).
        self.validate(
            container_id,
            &AttachRequest {
                hostname: Some(att.hostname.clone()),
                networks: vec![req.clone()],
                ..Default::default()
            },
        )?;
        let ifname = (0..)
            .map(|i| format!("eth{i}"))
            .find(|n| !att.endpoints.iter().any(|e| &e.ifname == n))
            .unwrap_or_else(|| "eth9".into());
        let mut rt = RuntimeArgs {
            container_id: key.clone(),
            netns: att.netns_path.clone(),
            ifname: ifname.clone(),
            ..Default::default()
        };
        if let Some(ip) = req.ip.as_deref().filter(|s| !s.is_empty()) {
            rt.args.push(("IP".into(), ip.to_string()));
        }
        if let Some(mac) = &req.mac {
            rt.args.push(("MAC".into(), mac.clone()));
        }
        // The network's own rules (outbound NAT, forwarding, isolation) before its first member.
        self.ensure_rules(&net)?;
        let conf = net.conf.clone();
        let mut last = None;
        let result = match self.runner.add_list(&conf, &rt, &mut last) {
            Ok(r) => r,
            Err(e) => {
                // A failed ADD may have left an interface or a lease behind.
                let _ = self.runner.del_list(&conf, &rt, last.as_ref());
                return Err(e);
            }
        };
        let undo = |e: Error| {
            let _ = self.runner.del_list(&conf, &rt, Some(&result));
            self.cache.remove(&conf.name, &key, &rt.ifname);
            e
        };
        let addr = cni::container_address(&result)
            .ok_or_else(|| undo(Error::NoAddress(net.name().to_string())))?;
        let entry = CacheEntry {
            kind: "cniCacheV1".into(),
            container_id: key.clone(),
            config: serde_json::to_value(&conf).unwrap_or(Value::Null),
            if_name: rt.ifname.clone(),
            network_name: conf.name.clone(),
            cni_args: rt.args.clone(),
            capability_args: rt.capability_args.clone(),
            result: result.clone(),
        };
        self.cache.save(&entry).map_err(undo)?;
        let ep = Endpoint {
            network: net.name().to_string(),
            network_id: net.id().to_string(),
            cni_name: conf.name.clone(),
            default: net.meta().default,
            ifname,
            ip: addr.ip,
            prefix_len: addr.prefix_len,
            gateway: addr.gateway,
            mac: addr.mac,
            aliases: req.aliases.clone(),
            requested_ip: req.ip.as_deref().and_then(|s| s.parse().ok()),
            endpoint_id: endpoint_id(&key, net.id()),
        };
        att.endpoints.push(ep.clone());
        self.save_changed(&att).map_err(undo)?;
        Ok(ep)
    }

    /// Takes an attached container off one network (not its first: see the module docs). With
    /// `force`, a failed CNI DEL still drops the endpoint from the attachment.
    pub fn disconnect(&self, container_id: &str, network: &str, force: bool) -> Result<()> {
        let key = self.key(container_id)?;
        let _lock = self.lock()?;
        let mut att = self
            .load(&key)
            .ok_or_else(|| Error::NotAttached(container_id.to_string()))?;
        let net = self.store.get(network)?;
        let Some(pos) = att.endpoints.iter().position(|e| e.network_id == net.id()) else {
            return Err(Error::NotConnected {
                container: att.container_id.clone(),
                network: net.name().to_string(),
            });
        };
        if pos == 0 {
            return Err(Error::DisconnectFirst {
                container: display_name(&att),
                network: net.name().to_string(),
            });
        }
        let ep = att.endpoints[pos].clone();
        let cached = self.cache.load(&ep.cni_name, &key, &ep.ifname);
        let (conf, rt, result) = match &cached {
            Some(c) => (
                serde_json::from_value(c.config.clone()).unwrap_or_else(|_| net.conf.clone()),
                RuntimeArgs {
                    container_id: key.clone(),
                    netns: att.netns_path.clone(),
                    ifname: c.if_name.clone(),
                    args: c.cni_args.clone(),
                    capability_args: c.capability_args.clone(),
                },
                Some(&c.result),
            ),
            // bridge and host-local clean up without a prevResult.
            None => (
                net.conf.clone(),
                RuntimeArgs {
                    container_id: key.clone(),
                    netns: att.netns_path.clone(),
                    ifname: ep.ifname.clone(),
                    ..Default::default()
                },
                None,
            ),
        };
        if let Err(e) = self.runner.del_list(&conf, &rt, result) {
            if !force {
                return Err(e);
            }
            tracing::warn!("disconnect {key} from {}: {e}", net.name());
        }
        self.cache.remove(&ep.cni_name, &key, &ep.ifname);
        att.endpoints.remove(pos);
        self.save_changed(&att)?;
        // Peers on the network just left no longer list this container.
        let mut gone = att.clone();
        gone.endpoints = vec![ep];
        self.refresh_peers(&gone);
        Ok(())
    }

    /// Writes a changed attachment (its own hosts file, then the record) and the hosts files of
    /// the peers on its networks.
    fn save_changed(&self, att: &Attachment) -> Result<()> {
        let peers = self.peers(att, &self.attachments());
        files::write_in_place(
            &att.hosts_path,
            &files::hosts(
                att.endpoints.first().map(|e| e.ip),
                &att.hostname,
                att.domainname.as_deref(),
                &att.extra_hosts,
                &peers,
            ),
        )?;
        let dir = self.files_dir(&att.key);
        let bytes = serde_json::to_vec_pretty(att).map_err(|source| Error::Encode {
            what: "attachment",
            source,
        })?;
        let path = dir.join("attachment.json");
        let tmp = dir.join("attachment.json.tmp");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))?;
        self.refresh_peers(att);
        Ok(())
    }
}

fn display_name(att: &Attachment) -> String {
    if att.name.is_empty() {
        att.container_id.clone()
    } else {
        att.name.clone()
    }
}

/// The endpoint id `attach` derives (stable for a container and network): 64 hex, as Docker's.
fn endpoint_id(key: &str, network_id: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{key}/{network_id}").as_bytes()))
}
