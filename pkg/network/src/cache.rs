//! The CNI result cache (libcni's `cniCacheV1` shape). DEL must be given the final ADD result as
//! `prevResult` and the same capability args; Debian's 1.1.1 firewall and portmap delete nothing
//! without them. Kept under the state directory (a tmpfs), so a reboot wipes it together with the
//! network namespaces and IPAM leases it describes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheEntry {
    pub kind: String,
    pub container_id: String,
    /// The conflist as it was at ADD time (the DEL must use the same plugins and keys).
    pub config: Value,
    pub if_name: String,
    pub network_name: String,
    pub cni_args: Vec<(String, String)>,
    pub capability_args: Map<String, Value>,
    pub result: Value,
}

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Cache { dir: dir.into() }
    }

    pub fn path(&self, network: &str, container_id: &str, ifname: &str) -> PathBuf {
        self.dir.join(format!("{network}-{container_id}-{ifname}"))
    }

    pub fn save(&self, entry: &CacheEntry) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io("create", &self.dir, e))?;
        let path = self.path(&entry.network_name, &entry.container_id, &entry.if_name);
        let bytes = serde_json::to_vec(entry).map_err(|source| Error::Encode {
            what: "CNI result cache entry",
            source,
        })?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))
    }

    pub fn load(&self, network: &str, container_id: &str, ifname: &str) -> Option<CacheEntry> {
        read(&self.path(network, container_id, ifname))
    }

    pub fn remove(&self, network: &str, container_id: &str, ifname: &str) {
        let _ = std::fs::remove_file(self.path(network, container_id, ifname));
    }

    /// Every entry, for reclaiming those of containers that no longer exist.
    pub fn all(&self) -> Vec<(PathBuf, CacheEntry)> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.flatten()
            .filter_map(|e| {
                let p = e.path();
                read(&p).map(|c| (p, c))
            })
            .collect()
    }
}

fn read(path: &Path) -> Option<CacheEntry> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_load_remove() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("results"));
        let entry = CacheEntry {
            kind: "cniCacheV1".into(),
            container_id: "default-abc".into(),
            config: serde_json::json!({"name": "n"}),
            if_name: "eth0".into(),
            network_name: "n".into(),
            cni_args: vec![("IP".into(), "10.0.0.2".into())],
            capability_args: Map::new(),
            result: serde_json::json!({"ips": []}),
        };
        cache.save(&entry).unwrap();
        assert!(dir.path().join("results/n-default-abc-eth0").is_file());
        let back = cache.load("n", "default-abc", "eth0").unwrap();
        assert_eq!(back.cni_args, entry.cni_args);
        assert_eq!(cache.all().len(), 1);
        cache.remove("n", "default-abc", "eth0");
        assert!(cache.load("n", "default-abc", "eth0").is_none());
    }
}
