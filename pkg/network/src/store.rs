//! The network store: one CNI conflist per network under `<data-root>/networks/<id>.conflist`,
//! per linnet instance, plus a machine-wide claims directory so that two instances (two data
//! roots, as the tests use) never pick the same subnet or bridge name.
//!
//! Claims: `<claims-dir>/<subnet>.json` names the conflist that owns the subnet. A claim counts
//! only while that conflist still exists and still has the subnet, so a data root deleted
//! without `network rm` releases its subnets by itself. Claims live on a tmpfs (`/run`) and are
//! re-made whenever a store is opened, which covers reboots.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::path::PathBuf;

use ipnet::Ipv4Net;
use nix::fcntl::{Flock, FlockArg};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::conflist::{self, ConfList, NetworkMeta};
use crate::error::{Error, Result};
use crate::subnet::{self, Taken};

/// Docker's name for the default network.
pub const DEFAULT_NETWORK: &str = "bridge";
/// The default network's bridge device for the default data root.
pub const DEFAULT_BRIDGE: &str = "linnet0";
/// Built-in pseudo networks (`--network host|none`), never stored.
pub const BUILTIN: [&str; 2] = ["host", "none"];

/// `--label k=v` / `-o k=v` values as a map (`k` alone means an empty value, as Docker).
pub fn key_values<S: AsRef<str>>(values: &[S]) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|v| match v.as_ref().split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (v.as_ref().to_string(), String::new()),
        })
        .collect()
}

/// Stable ids for the built-in pseudo networks, so that `ls -q` prints the same each time.
pub fn builtin_id(name: &str) -> String {
    hex::encode(Sha256::digest(
        format!("linnet builtin network {name}").as_bytes(),
    ))
}

/// Where a store keeps its files.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub data_root: PathBuf,
    /// host-local lease directory (under the state directory, wiped with the namespaces).
    pub ipam_dir: PathBuf,
    /// Machine-wide claims of subnets and bridge names.
    pub claims_dir: PathBuf,
    /// The host's IPv4 routes.
    pub route_file: PathBuf,
    /// Whether this is the default data root (bridge `linnet0`).
    pub default_root: bool,
}

/// A stored network.
#[derive(Debug, Clone)]
pub struct Network {
    pub path: PathBuf,
    pub conf: ConfList,
}

impl Network {
    pub fn meta(&self) -> &NetworkMeta {
        &self.conf.linnet
    }
    pub fn name(&self) -> &str {
        &self.conf.linnet.name
    }
    pub fn id(&self) -> &str {
        &self.conf.linnet.id
    }
}

/// `network create` options (Docker's flags, parsed by the caller into plain values).
#[derive(Debug, Clone, Default)]
pub struct NetworkCreate {
    pub name: String,
    pub driver: Option<String>,
    pub subnet: Option<String>,
    pub gateway: Option<String>,
    pub ip_range: Option<String>,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claim {
    subnet: Ipv4Net,
    bridge: String,
    conflist: PathBuf,
}

pub struct Store {
    cfg: StoreConfig,
    dir: PathBuf,
}

impl Store {
    /// Opens the store, making the default `bridge` network when it is missing.
    pub fn open(cfg: StoreConfig) -> Result<Store> {
        let dir = cfg.data_root.join("networks");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
        let store = Store { cfg, dir };
        let _lock = store.lock_claims()?;
        let nets = store.list()?;
        for n in &nets {
            store.claim(n)?;
        }
        if !nets.iter().any(|n| n.meta().default) {
            store.create_default()?;
        }
        Ok(store)
    }

    pub fn config(&self) -> &StoreConfig {
        &self.cfg
    }

    /// All stored networks, the default first, then by name.
    pub fn list(&self) -> Result<Vec<Network>> {
        let mut out = Vec::new();
        let entries = std::fs::read_dir(&self.dir).map_err(|e| Error::io("read", &self.dir, e))?;
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().and_then(|x| x.to_str()) != Some("conflist") {
                continue;
            }
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("read", &path, e)),
            };
            let mut conf: ConfList =
                serde_json::from_slice(&bytes).map_err(|source| Error::Json {
                    path: path.clone(),
                    source,
                })?;
            conf.upgrade();
            out.push(Network { path, conf });
        }
        out.sort_by(|a, b| (!a.meta().default, a.name()).cmp(&(!b.meta().default, b.name())));
        Ok(out)
    }

    /// A network by exact name, full id, or unique id prefix (Docker's lookup order).
    pub fn get(&self, key: &str) -> Result<Network> {
        let nets = self.list()?;
        if let Some(n) = nets.iter().find(|n| n.name() == key) {
            return Ok(n.clone());
        }
        if let Some(n) = nets.iter().find(|n| n.id() == key) {
            return Ok(n.clone());
        }
        let by_prefix: Vec<&Network> = if key.is_empty() {
            Vec::new()
        } else {
            nets.iter().filter(|n| n.id().starts_with(key)).collect()
        };
        match by_prefix.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(Error::NetworkNotFound(key.to_string())),
        }
    }

    pub fn default_network(&self) -> Result<Network> {
        self.list()?
            .into_iter()
            .find(|n| n.meta().default)
            .ok_or_else(|| Error::NetworkNotFound(DEFAULT_NETWORK.to_string()))
    }

    /// `network create`: validates, allocates a subnet if none was given, writes the conflist.
    pub fn create(&self, req: &NetworkCreate) -> Result<Network> {
        let driver = req.driver.as_deref().unwrap_or("bridge");
        if driver != "bridge" {
            return Err(Error::UnsupportedDriver(driver.to_string()));
        }
        for key in req.options.keys() {
            const KNOWN: [&str; 2] = ["com.docker.network.driver.mtu", "mtu"];
            if !KNOWN.contains(&key.as_str()) {
                return Err(Error::UnsupportedOption(key.clone()));
            }
        }
        if req.name == DEFAULT_NETWORK || BUILTIN.contains(&req.name.as_str()) {
            return Err(Error::NetworkExists(req.name.clone()));
        }
        if req.subnet.is_none() && (req.gateway.is_some() || req.ip_range.is_some()) {
            return Err(Error::RangeWithoutSubnet);
        }
        let user_subnet = req
            .subnet
            .as_deref()
            .map(subnet::parse_subnet)
            .transpose()?;
        let _lock = self.lock_claims()?;
        if self.list()?.iter().any(|n| n.name() == req.name) {
            return Err(Error::NetworkExists(req.name.clone()));
        }
        let taken = self.taken(None)?;
        let net = match user_subnet {
            Some(net) => {
                if let Some(t) = subnet::find_overlap(&net, &taken) {
                    return Err(Error::SubnetOverlap {
                        subnet: net.to_string(),
                        other: t.by.clone(),
                    });
                }
                net
            }
            None => subnet::allocate(None, subnet::USER_START, &taken)?,
        };
        let gateway = match req.gateway.as_deref() {
            Some(g) => {
                let ip: Ipv4Addr = g
                    .parse()
                    .map_err(|_| Error::InvalidAddress(g.to_string()))?;
                if !net.contains(&ip) || ip == net.network() || ip == net.broadcast() {
                    return Err(Error::GatewayOutside(g.to_string()));
                }
                ip
            }
            None => subnet::first_host(&net),
        };
        let ip_range = match req.ip_range.as_deref() {
            Some(r) => {
                let range: Ipv4Net = r.parse().map_err(|_| Error::InvalidSubnet(r.to_string()))?;
                if !net.contains(&range) {
                    return Err(Error::RangeOutside(r.to_string()));
                }
                Some(range.trunc())
            }
            None => None,
        };
        let id = random_id();
        let meta = NetworkMeta {
            bridge: format!("br-{}", &id[..12]),
            id,
            name: req.name.clone(),
            created: now(),
            driver: "bridge".into(),
            subnet: net,
            gateway,
            ip_range,
            user_subnet: user_subnet.is_some(),
            internal: req.internal,
            default: false,
            labels: req.labels.clone(),
            options: normalize_options(&req.options),
        };
        self.write(meta)
    }

    /// Removes a network's config, claim and lease directory. The caller checks that no
    /// container uses it and deletes its bridge device.
    pub fn remove(&self, net: &Network) -> Result<()> {
        if net.meta().default {
            return Err(Error::Predefined(net.name().to_string()));
        }
        let _lock = self.lock_claims()?;
        std::fs::remove_file(&net.path).map_err(|e| Error::io("remove", &net.path, e))?;
        let _ = std::fs::remove_file(self.claim_path(&net.meta().subnet));
        if let Some(dir) = net.conf.ipam_dir() {
            let _ = std::fs::remove_dir_all(dir);
        }
        Ok(())
    }

    /// Drops this store's claims (for a data root about to be deleted); the next `open` of the
    /// same data root claims its subnets again.
    pub fn release_claims(&self) {
        let Ok(rd) = std::fs::read_dir(&self.cfg.claims_dir) else {
            return;
        };
        for e in rd.flatten() {
            let ours = std::fs::read(e.path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Claim>(&b).ok())
                .is_some_and(|c| c.conflist.starts_with(&self.dir));
            if ours {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }

    fn create_default(&self) -> Result<Network> {
        let bridge = if self.cfg.default_root {
            DEFAULT_BRIDGE.to_string()
        } else {
            // ≤ 15 characters (IFNAMSIZ), distinct per data root.
            let digest = hex::encode(Sha256::digest(
                self.cfg.data_root.as_os_str().as_encoded_bytes(),
            ));
            format!("ln{}", &digest[..12])
        };
        let taken = self.taken(Some(&bridge))?;
        let net = subnet::allocate(
            Some(subnet::default_subnet()),
            subnet::default_subnet().network(),
            &taken,
        )?;
        let id = hex::encode(Sha256::digest(
            format!("linnet default network {}", self.cfg.data_root.display()).as_bytes(),
        ));
        let meta = NetworkMeta {
            id,
            name: DEFAULT_NETWORK.into(),
            created: now(),
            driver: "bridge".into(),
            bridge,
            gateway: subnet::first_host(&net),
            subnet: net,
            ip_range: None,
            user_subnet: false,
            internal: false,
            default: true,
            labels: BTreeMap::new(),
            options: BTreeMap::new(),
        };
        self.write(meta)
    }

    fn write(&self, meta: NetworkMeta) -> Result<Network> {
        let conf = conflist::build(&meta, &self.cfg.ipam_dir);
        let path = self.dir.join(format!("{}.conflist", meta.id));
        let bytes = serde_json::to_vec_pretty(&conf).map_err(|source| Error::Encode {
            what: "network config",
            source,
        })?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))?;
        let net = Network { path, conf };
        self.claim(&net)?;
        Ok(net)
    }

    /// Everything a new subnet must not overlap: host routes (except those of `own_bridge`, a
    /// leftover of this very store), this store's networks, other instances' live claims.
    fn taken(&self, own_bridge: Option<&str>) -> Result<Vec<Taken>> {
        let mut taken: Vec<Taken> = subnet::host_routes(&self.cfg.route_file)
            .into_iter()
            .filter(|t| own_bridge.is_none_or(|b| t.by != format!("route on {b}")))
            .collect();
        for n in self.list()? {
            taken.push(Taken {
                net: n.meta().subnet,
                by: format!("network {}", n.name()),
            });
        }
        let Ok(dir) = std::fs::read_dir(&self.cfg.claims_dir) else {
            return Ok(taken);
        };
        for e in dir.flatten() {
            let path = e.path();
            let Some(claim) = std::fs::read(&path)
                .ok()
                .and_then(|b| serde_json::from_slice::<Claim>(&b).ok())
            else {
                continue;
            };
            if claim_is_live(&claim) {
                taken.push(Taken {
                    net: claim.subnet,
                    by: format!("network of {}", claim.conflist.display()),
                });
            } else if !claim.conflist.starts_with(&self.dir) || !claim.conflist.exists() {
                let _ = std::fs::remove_file(&path);
            }
        }
        Ok(taken)
    }

    fn claim_path(&self, net: &Ipv4Net) -> PathBuf {
        self.cfg
            .claims_dir
            .join(format!("{}_{}.json", net.network(), net.prefix_len()))
    }

    fn claim(&self, n: &Network) -> Result<()> {
        let path = self.claim_path(&n.meta().subnet);
        if let Some(existing) = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Claim>(&b).ok())
        {
            if existing.conflist == n.path || claim_is_live(&existing) {
                // Ours already, or another instance's live network (which then predates ours
                // and wins; creation checks prevent this outside of copied data roots).
                return Ok(());
            }
        }
        let claim = Claim {
            subnet: n.meta().subnet,
            bridge: n.meta().bridge.clone(),
            conflist: n.path.clone(),
        };
        let bytes = serde_json::to_vec(&claim).map_err(|source| Error::Encode {
            what: "subnet claim",
            source,
        })?;
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))
    }

    /// One machine-wide lock around subnet allocation (and this store's writes).
    fn lock_claims(&self) -> Result<Flock<std::fs::File>> {
        let dir = &self.cfg.claims_dir;
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        let path = dir.join(".lock");
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io("open", &path, e))?;
        Flock::lock(f, FlockArg::LockExclusive).map_err(|(_, source)| Error::Sys {
            what: format!("lock {}", path.display()),
            source,
        })
    }
}

fn claim_is_live(claim: &Claim) -> bool {
    std::fs::read(&claim.conflist)
        .ok()
        .and_then(|b| serde_json::from_slice::<ConfList>(&b).ok())
        .is_some_and(|c| c.linnet.subnet == claim.subnet)
}

fn normalize_options(opts: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    opts.iter()
        .map(|(k, v)| {
            let k = if k == "mtu" {
                "com.docker.network.driver.mtu"
            } else {
                k.as_str()
            };
            (k.to_string(), v.clone())
        })
        .collect()
}

fn random_id() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn cfg(dir: &Path, claims: &Path, routes: &str) -> StoreConfig {
        let route_file = dir.join("route");
        std::fs::write(&route_file, routes).unwrap();
        StoreConfig {
            data_root: dir.join("root"),
            ipam_dir: dir.join("ipam"),
            claims_dir: claims.to_path_buf(),
            route_file,
            default_root: false,
        }
    }

    const ROUTES: &str = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n\
eth0\t0000040A\t00000000\t0001\t0\t0\t0\t00FFFFFF\n";

    #[test]
    fn two_instances_never_share_subnets_or_bridges() {
        let claims = tempfile::tempdir().unwrap();
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        // The host already routes 10.4.0.0/24: the default moves on.
        let sa = Store::open(cfg(a.path(), claims.path(), ROUTES)).unwrap();
        let sb = Store::open(cfg(b.path(), claims.path(), ROUTES)).unwrap();
        let da = sa.default_network().unwrap();
        let db = sb.default_network().unwrap();
        assert_eq!(da.meta().subnet.to_string(), "10.4.1.0/24");
        assert_eq!(db.meta().subnet.to_string(), "10.4.2.0/24");
        assert_ne!(da.meta().bridge, db.meta().bridge);
        assert!(da.meta().bridge.len() <= 15);
        assert_eq!(da.name(), "bridge");

        let n = sa
            .create(&NetworkCreate {
                name: "mynet".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(n.meta().subnet.to_string(), "10.4.3.0/24");
        assert_eq!(n.meta().gateway.to_string(), "10.4.3.1");
        assert_eq!(n.meta().bridge, format!("br-{}", &n.id()[..12]));
        assert_eq!(n.id().len(), 64);
        let err = sb
            .create(&NetworkCreate {
                name: "x".into(),
                subnet: Some("10.4.3.0/25".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert!(matches!(err, Error::SubnetOverlap { .. }), "{err}");
        let err = sa
            .create(&NetworkCreate {
                name: "mynet".into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "network with name mynet already exists");

        // Removing the network frees its subnet for the other instance.
        sa.remove(&sa.get("mynet").unwrap()).unwrap();
        let m = sb
            .create(&NetworkCreate {
                name: "x".into(),
                subnet: Some("10.4.3.0/24".into()),
                gateway: Some("10.4.3.254".into()),
                ip_range: Some("10.4.3.128/25".into()),
                internal: true,
                ..Default::default()
            })
            .unwrap();
        assert!(m.meta().user_subnet);
        assert_eq!(sb.get(&m.id()[..6]).unwrap().name(), "x");
        assert!(matches!(sb.get("nope"), Err(Error::NetworkNotFound(_))));
        // A deleted data root releases its claims.
        drop(sa);
        std::fs::remove_dir_all(a.path().join("root")).unwrap();
        let n = sb
            .create(&NetworkCreate {
                name: "y".into(),
                subnet: Some("10.4.1.0/24".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(n.meta().subnet.to_string(), "10.4.1.0/24");
    }

    #[test]
    fn default_root_uses_linnet0() {
        let claims = tempfile::tempdir().unwrap();
        let a = tempfile::tempdir().unwrap();
        let mut c = cfg(a.path(), claims.path(), "Iface\tDestination\n");
        c.default_root = true;
        let s = Store::open(c).unwrap();
        let d = s.default_network().unwrap();
        assert_eq!(d.meta().bridge, "linnet0");
        assert_eq!(d.meta().subnet.to_string(), "10.4.0.0/24");
        assert_eq!(d.meta().gateway.to_string(), "10.4.0.1");
        // Reopening keeps the same network.
        let again = Store::open(s.config().clone()).unwrap();
        assert_eq!(again.default_network().unwrap().id(), d.id());
        assert_eq!(again.list().unwrap().len(), 1);
    }

    #[test]
    fn create_validation() {
        let claims = tempfile::tempdir().unwrap();
        let a = tempfile::tempdir().unwrap();
        let s = Store::open(cfg(a.path(), claims.path(), ROUTES)).unwrap();
        let err = |req: NetworkCreate| s.create(&req).unwrap_err().to_string();
        let base = NetworkCreate {
            name: "n".into(),
            ..Default::default()
        };
        assert_eq!(
            err(NetworkCreate {
                gateway: Some("10.9.0.1".into()),
                ..base.clone()
            }),
            "every ip-range or gateway must have a corresponding subnet"
        );
        assert_eq!(
            err(NetworkCreate {
                subnet: Some("10.9.0.0/24".into()),
                gateway: Some("10.8.0.1".into()),
                ..base.clone()
            }),
            "no matching subnet for gateway \"10.8.0.1\""
        );
        assert_eq!(
            err(NetworkCreate { subnet: Some("10.4.0.0/16".into()), ..base.clone() }),
            "Pool overlaps with other one on this address space: 10.4.0.0/16 overlaps route on eth0"
        );
        assert_eq!(
            err(NetworkCreate {
                driver: Some("macvlan".into()),
                ..base.clone()
            }),
            "network driver \"macvlan\" is not supported (only \"bridge\")"
        );
        assert_eq!(
            err(NetworkCreate {
                name: "bridge".into(),
                ..base.clone()
            }),
            "network with name bridge already exists"
        );
        let d = s.default_network().unwrap();
        assert_eq!(
            s.remove(&d).unwrap_err().to_string(),
            "bridge is a pre-defined network and cannot be removed"
        );
    }
}
