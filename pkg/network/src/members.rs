//! Name resolution between members of a user network through their `/etc/hosts` files: each
//! member's file lists the others, and every member's file is rewritten when one joins or leaves.
//! The default `bridge` network has no names between containers, as in Docker.

use std::collections::HashSet;

use crate::attachment::Attachment;
use crate::error::{Error, Result};
use crate::files::{self, DnsOptions, Peer};
use crate::manager::NetworkManager;

impl NetworkManager {
    /// The files a task create bind-mounts, before the container has an address: `hostname`
    /// and `resolv.conf` as they stay, `hosts` without the container's own line.
    /// [`NetworkManager::write_files`] rewrites them in place (the bind mounts keep the inode)
    /// before the task starts.
    pub(crate) fn write_early_files(
        &self,
        key: &str,
        hostname: &str,
        dns: &DnsOptions,
    ) -> Result<()> {
        let dir = self.files_dir(key);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        files::write_in_place(&dir.join("hostname"), &format!("{hostname}\n"))?;
        let host = std::fs::read_to_string(&self.cfg.resolv_conf).unwrap_or_default();
        files::write_in_place(
            &dir.join("resolv.conf"),
            &files::resolv_conf(&host, &self.cfg.resolv_conf, dns),
        )?;
        files::write_in_place(
            &dir.join("hosts"),
            &files::hosts(None, hostname, None, &[], &[]),
        )
    }

    pub(crate) fn write_files(&self, att: &Attachment, dns: &DnsOptions) -> Result<()> {
        let dir = self.files_dir(&att.key);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        files::write_in_place(&att.hostname_path, &format!("{}\n", att.hostname))?;
        let host = std::fs::read_to_string(&self.cfg.resolv_conf).unwrap_or_default();
        files::write_in_place(
            &att.resolv_conf_path,
            &files::resolv_conf(&host, &self.cfg.resolv_conf, dns),
        )?;
        let peers = self.peers(att, &self.attachments());
        files::write_in_place(&att.hosts_path, &hosts_text(att, &peers))?;
        // Written last: an attachment on disk means everything above exists.
        let bytes = serde_json::to_vec_pretty(att).map_err(|source| Error::Encode {
            what: "attachment",
            source,
        })?;
        let path = dir.join("attachment.json");
        let tmp = dir.join("attachment.json.tmp");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))
    }

    /// The other members of `att`'s user networks (the default network has no names, as Docker).
    pub(crate) fn peers(&self, att: &Attachment, all: &[Attachment]) -> Vec<Peer> {
        let mut out = Vec::new();
        for ep in att.endpoints.iter().filter(|e| !e.default) {
            for other in all.iter().filter(|o| o.key != att.key) {
                for oe in other
                    .endpoints
                    .iter()
                    .filter(|oe| oe.network_id == ep.network_id)
                {
                    let mut names = vec![other.hostname.clone()];
                    if !other.name.is_empty() {
                        names.push(other.name.clone());
                    }
                    names.extend(oe.aliases.iter().cloned());
                    if !other.name.is_empty() {
                        names.push(format!("{}.{}", other.name, ep.network));
                    }
                    out.push(Peer { ip: oe.ip, names });
                }
            }
        }
        out
    }

    /// Rewrites the hosts file of every member sharing a user network with `changed`.
    pub(crate) fn refresh_peers(&self, changed: &Attachment) {
        let nets: HashSet<&str> = changed
            .endpoints
            .iter()
            .filter(|e| !e.default)
            .map(|e| e.network_id.as_str())
            .collect();
        if nets.is_empty() {
            return;
        }
        let all = self.attachments();
        for a in all.iter().filter(|a| a.key != changed.key) {
            if a.endpoints
                .iter()
                .any(|e| nets.contains(e.network_id.as_str()))
            {
                let peers = self.peers(a, &all);
                if let Err(e) = files::write_in_place(&a.hosts_path, &hosts_text(a, &peers)) {
                    tracing::warn!("cannot update the hosts file of {}: {e}", a.key);
                }
            }
        }
    }
}

fn hosts_text(att: &Attachment, peers: &[Peer]) -> String {
    files::hosts(
        att.endpoints.first().map(|e| e.ip),
        &att.hostname,
        att.domainname.as_deref(),
        &att.extra_hosts,
        peers,
    )
}
