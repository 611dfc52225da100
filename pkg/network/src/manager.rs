//! [`NetworkManager`]: the one entry point `pkg/container` calls. `attach` gives a container its
//! pinned netns, addresses, published ports and /etc files; `detach` undoes everything; `reclaim`
//! undoes it for containers that no longer exist (after a crash of linnet or containerd).
//!
//! Every step of `attach` is undone when a later one fails, so a failed attach leaves nothing
//! behind. All CNI work for one instance runs under one file lock (the spec forbids parallel
//! operations on one container, and hosts files of peers are rewritten together).

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use nix::fcntl::{Flock, FlockArg};
use serde_json::Value;

use crate::cache::{Cache, CacheEntry};
use crate::cni::{self, Op, Runner, RuntimeArgs};
use crate::conflist::{self, ConfList};
use crate::error::{Error, Result};
use crate::files::{self, ExtraHost};
use crate::holder;
use crate::netns;
use crate::ports::{self, PublishedPort};
use crate::store::{Network, Store, StoreConfig};

use crate::attachment::{AttachRequest, Attachment, Endpoint};
use crate::netrules;
use crate::sweep;

/// Where plugins are looked for, nerdctl's order (Debian's is `/usr/lib/cni`).
pub const DEFAULT_PLUGIN_DIRS: [&str; 6] = [
    "/opt/cni/bin",
    "/usr/local/libexec/cni",
    "/usr/local/lib/cni",
    "/usr/libexec/cni",
    "/usr/lib/cni",
    "/usr/lib/cni-plugins",
];

/// Machine-wide subnet claims (see [`crate::store`]).
pub const DEFAULT_CLAIMS_DIR: &str = "/run/linnet-networks";

#[derive(Debug, Clone)]
pub struct ManagerConfig {
    pub data_root: PathBuf,
    /// linnet's state directory (tmpfs): netns pins, CNI cache, leases, generated files.
    pub state_dir: PathBuf,
    /// containerd namespace: CNI container ids are `<namespace>-<id>`, as nerdctl does.
    pub namespace: String,
    pub plugin_dirs: Vec<PathBuf>,
    pub claims_dir: PathBuf,
    pub route_file: PathBuf,
    pub resolv_conf: PathBuf,
    /// `/proc/sys/net/ipv4`: the ephemeral port range and the reserved ports.
    pub sysctl_dir: PathBuf,
    /// Whether `data_root` is linnet's default (the default bridge is then `linnet0`).
    pub default_root: bool,
}

impl ManagerConfig {
    pub fn new(data_root: &Path, state_dir: &Path, namespace: &str) -> Self {
        ManagerConfig {
            data_root: data_root.to_path_buf(),
            state_dir: state_dir.to_path_buf(),
            namespace: namespace.to_string(),
            plugin_dirs: cni::default_dirs(&DEFAULT_PLUGIN_DIRS),
            claims_dir: PathBuf::from(DEFAULT_CLAIMS_DIR),
            route_file: PathBuf::from("/proc/net/route"),
            resolv_conf: files::host_resolv_conf_path(
                Path::new("/etc/resolv.conf"),
                Path::new("/run/systemd/resolve/resolv.conf"),
            ),
            sysctl_dir: PathBuf::from("/proc/sys/net/ipv4"),
            default_root: data_root == Path::new("/var/lib/linnet"),
        }
    }

    pub(crate) fn net_dir(&self) -> PathBuf {
        self.state_dir.join("network")
    }

    pub fn netns_dir(&self) -> PathBuf {
        self.state_dir.join("netns")
    }

    /// Where `attach` pins a container's netns: known before the container exists, so that its
    /// spec can name it at create time.
    pub fn container_netns(&self, container_id: &str) -> PathBuf {
        self.netns_dir()
            .join(format!("{}-{container_id}", self.namespace))
    }

    /// Where `attach` writes a container's `hostname`, `hosts` and `resolv.conf` (the spec
    /// bind-mounts them at create time; `attach` writes them before the task starts).
    pub fn container_files(&self, container_id: &str) -> PathBuf {
        self.net_dir()
            .join("containers")
            .join(format!("{}-{container_id}", self.namespace))
    }
}

pub struct NetworkManager {
    pub(crate) cfg: ManagerConfig,
    pub(crate) store: Store,
    pub(crate) runner: Runner,
    pub(crate) cache: Cache,
}

impl NetworkManager {
    /// Opens the store (making the default network if needed). Nothing is created on the host
    /// until a container attaches.
    pub fn new(cfg: ManagerConfig) -> Result<Self> {
        let store = Store::open(StoreConfig {
            data_root: cfg.data_root.clone(),
            ipam_dir: cfg.net_dir().join("ipam"),
            claims_dir: cfg.claims_dir.clone(),
            route_file: cfg.route_file.clone(),
            default_root: cfg.default_root,
        })?;
        Ok(NetworkManager {
            runner: Runner {
                path: cni::ipv4_tools_path(&cfg.net_dir().join("bin")),
                ..Runner::new(cfg.plugin_dirs.clone())
            },
            cache: Cache::new(cfg.net_dir().join("results")),
            store,
            cfg,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn config(&self) -> &ManagerConfig {
        &self.cfg
    }

    pub(crate) fn key(&self, container_id: &str) -> Result<String> {
        let key = format!("{}-{container_id}", self.cfg.namespace);
        let valid = !container_id.is_empty()
            && key.as_bytes()[0].is_ascii_alphanumeric()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-');
        if !valid {
            return Err(Error::InvalidContainerId(container_id.to_string()));
        }
        Ok(key)
    }

    pub(crate) fn files_dir(&self, key: &str) -> PathBuf {
        self.cfg.net_dir().join("containers").join(key)
    }

    pub(crate) fn lock(&self) -> Result<Flock<std::fs::File>> {
        let dir = self.cfg.net_dir();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
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

    /// The saved attachment of a container, if it is attached.
    pub fn attachment(&self, container_id: &str) -> Result<Option<Attachment>> {
        let key = self.key(container_id)?;
        Ok(self.load(&key))
    }

    pub(crate) fn load(&self, key: &str) -> Option<Attachment> {
        let bytes = std::fs::read(self.files_dir(key).join("attachment.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Every attachment of this instance (all namespaces).
    pub fn attachments(&self) -> Vec<Attachment> {
        let Ok(dir) = std::fs::read_dir(self.cfg.net_dir().join("containers")) else {
            return Vec::new();
        };
        let mut out: Vec<Attachment> = dir
            .flatten()
            .filter_map(|e| self.load(&e.file_name().to_string_lossy()))
            .collect();
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }

    /// Containers attached to `net` (the "active endpoints" that block `network rm`). This is
    /// the hook: once `run` attaches through this manager, `rm` of a used network fails.
    pub fn users(&self, net: &Network) -> Vec<Attachment> {
        self.attachments()
            .into_iter()
            .filter(|a| a.endpoints.iter().any(|e| e.network_id == net.id()))
            .collect()
    }

    /// Joins a container to its networks: [`NetworkManager::prepare`] then
    /// [`NetworkManager::complete`]. See the module docs for the order and the rollback.
    pub fn attach(&self, container_id: &str, req: &AttachRequest) -> Result<Attachment> {
        let prepared = self.prepare(container_id, req)?;
        self.complete(prepared)
    }

    /// The first, quick half of an attach: everything a task create needs and everything that
    /// can fail on the user's input. Validates the request, cleans up leftovers of the same id,
    /// binds the published ports (a taken port fails here), pins the netns and writes the
    /// `/etc` files the spec bind-mounts (`hosts` without the container's address yet). The
    /// instance lock is held until [`NetworkManager::complete`], which may run on another
    /// thread while the caller creates the task. A `Prepared` dropped without `complete` leaves
    /// a pin that the next `detach` or `reclaim` removes.
    pub fn prepare(&self, container_id: &str, req: &AttachRequest) -> Result<Prepared> {
        let key = self.key(container_id)?;
        let lock = self.lock()?;
        if self.load(&key).is_some() {
            return Err(Error::AlreadyAttached(container_id.to_string()));
        }
        let plan = self.plan(container_id, req)?;
        let netns_path = self.cfg.netns_dir().join(&key);
        // A pin or cached results without an attachment are leftovers of a crash (the same id
        // attached before): tear them down so that no lease or rule of theirs stays behind.
        let stale = self.cache.all().iter().any(|(_, c)| c.container_id == key);
        if stale || netns_path.exists() || self.files_dir(&key).exists() {
            if let Err(e) = self.detach_key(&key) {
                tracing::warn!("cleaning up leftovers of {key}: {e}");
            }
        }
        netns::remove(&netns_path)?;

        let reservation = holder::reserve(
            &req.ports,
            &ports::EphemeralPorts::from_proc(&self.cfg.sysctl_dir),
        )?;
        netns::create(&netns_path)?;
        if let Err(e) = self.write_early_files(&key, &plan.hostname, &req.dns) {
            let _ = std::fs::remove_dir_all(self.files_dir(&key));
            let _ = netns::remove(&netns_path);
            return Err(e);
        }
        Ok(Prepared {
            _lock: lock,
            key,
            container_id: container_id.to_string(),
            name: req.name.clone(),
            domainname: req.domainname.clone().filter(|d| !d.is_empty()),
            dns: req.dns.clone(),
            plan,
            netns_path,
            reservation,
        })
    }

    /// The second half of an attach: the network-level rules, the CNI ADDs, the port holder and
    /// the final `/etc` files. On failure everything `prepare` made is undone too.
    pub fn complete(&self, p: Prepared) -> Result<Attachment> {
        let Prepared {
            _lock,
            key,
            container_id,
            name,
            domainname,
            dns,
            plan,
            netns_path,
            reservation,
        } = p;
        let dir = self.files_dir(&key);
        let mut done: Vec<(ConfList, RuntimeArgs, Option<Value>)> = Vec::new();
        // The rules are the network's, not this container's: they stay when the ADD fails.
        let added = std::thread::scope(|s| {
            let rules = s.spawn(|| plan.nets.iter().try_for_each(|n| self.ensure_rules(&n.net)));
            let added = self.add_all(&key, &netns_path, &plan, &reservation.ports, &mut done);
            let rules = rules.join().unwrap_or_else(|_| {
                Err(Error::ExecFailed {
                    program: "iptables".into(),
                    stderr: "the thread writing the network rules panicked".into(),
                })
            });
            added.and_then(|endpoints| rules.map(|()| endpoints))
        });
        match added {
            Ok(endpoints) => {
                let published = reservation.ports.clone();
                let holder = match holder::spawn(reservation, &netns_path) {
                    Ok(h) => h,
                    Err(e) => {
                        let _ = std::fs::remove_dir_all(&dir);
                        self.rollback(&key, &netns_path, done);
                        return Err(e);
                    }
                };
                let att = Attachment {
                    container_id,
                    key: key.clone(),
                    name,
                    hostname: plan.hostname.clone(),
                    domainname,
                    netns_path: netns_path.clone(),
                    endpoints,
                    ports: published,
                    extra_hosts: plan.extra_hosts.clone(),
                    hostname_path: dir.join("hostname"),
                    hosts_path: dir.join("hosts"),
                    resolv_conf_path: dir.join("resolv.conf"),
                    holder,
                };
                if let Err(e) = self.write_files(&att, &dns) {
                    if let Some(h) = &att.holder {
                        holder::stop(h);
                    }
                    let _ = std::fs::remove_dir_all(&dir);
                    self.rollback(&key, &netns_path, done);
                    return Err(e);
                }
                self.refresh_peers(&att);
                Ok(att)
            }
            Err(e) => {
                drop(reservation);
                let _ = std::fs::remove_dir_all(&dir);
                self.rollback(&key, &netns_path, done);
                Err(e)
            }
        }
    }

    /// Makes the network-level rules of `net` present ([`crate::netrules`]: masquerade,
    /// forwarding, isolation). Every join of a container to a network needs them first, since
    /// the chain's `bridge` no longer masquerades per container.
    pub(crate) fn ensure_rules(&self, net: &Network) -> Result<()> {
        netrules::ensure(net.meta(), &self.cfg.claims_dir)
    }

    /// Checks a request against the networks without touching the host (for `create`, so that
    /// an unknown network or a bad `--ip` fails before a container record exists).
    pub fn validate(&self, container_id: &str, req: &AttachRequest) -> Result<()> {
        self.key(container_id)?;
        self.plan(container_id, req).map(|_| ())
    }

    /// Validates the request against the networks before anything is created.
    fn plan(&self, container_id: &str, req: &AttachRequest) -> Result<Plan> {
        if req.networks.is_empty() {
            return Err(Error::NoNetworks);
        }
        let hostname = match req.hostname.as_deref().filter(|h| !h.is_empty()) {
            Some(h) => h.to_string(),
            None => container_id.chars().take(12).collect(),
        };
        files::validate_hostname(&hostname)?;
        req.dns.validate()?;
        let gateway = self.store.default_network()?.meta().gateway;
        let extra_hosts = req
            .extra_hosts
            .iter()
            .map(|h| files::parse_add_host(h, gateway))
            .collect::<Result<Vec<_>>>()?;
        self.runner.find("loopback").map(|_| ())?;
        // portmap would skip such a mapping silently while the holder kept the port.
        if let Some(ip) = req
            .ports
            .iter()
            .filter_map(|p| p.host_ip)
            .find(std::net::IpAddr::is_ipv6)
        {
            return Err(Error::Ipv6Publish(ip.to_string()));
        }
        let mut nets = Vec::new();
        for (i, r) in req.networks.iter().enumerate() {
            let net = self.store.get(&r.network)?;
            let meta = net.meta();
            let ip = match r.ip.as_deref().filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => {
                    let ip: Ipv4Addr = s.parse().map_err(|_| Error::InvalidIpv4(s.to_string()))?;
                    if meta.default {
                        return Err(Error::IpOnDefaultNetwork);
                    }
                    if !meta.user_subnet {
                        return Err(Error::IpWithoutSubnet);
                    }
                    if !meta.subnet.contains(&ip) {
                        return Err(Error::IpOutsideSubnet {
                            ip: s.to_string(),
                            subnet: meta.subnet.to_string(),
                            network: meta.name.clone(),
                        });
                    }
                    Some(ip)
                }
            };
            if meta.default && !r.aliases.is_empty() {
                return Err(Error::AliasOnDefaultNetwork);
            }
            if let Some(mac) = &r.mac {
                if !valid_mac(mac) {
                    return Err(Error::InvalidMac(mac.clone()));
                }
            }
            self.runner.check_installed(&net.conf)?;
            nets.push(PlannedNet {
                net,
                ifname: format!("eth{i}"),
                ip,
                aliases: r.aliases.clone(),
                mac: r.mac.clone(),
            });
        }
        Ok(Plan {
            hostname,
            extra_hosts,
            nets,
        })
    }

    fn add_all(
        &self,
        key: &str,
        netns_path: &Path,
        plan: &Plan,
        published: &[PublishedPort],
        done: &mut Vec<(ConfList, RuntimeArgs, Option<Value>)>,
    ) -> Result<Vec<Endpoint>> {
        let lo = RuntimeArgs {
            container_id: key.to_string(),
            netns: netns_path.to_path_buf(),
            ifname: "lo".into(),
            ..Default::default()
        };
        self.runner
            .exec(Op::Add, &conflist::loopback(), &lo, "linnet-loopback")?;
        let mut endpoints = Vec::new();
        for (i, p) in plan.nets.iter().enumerate() {
            let mut rt = RuntimeArgs {
                container_id: key.to_string(),
                netns: netns_path.to_path_buf(),
                ifname: p.ifname.clone(),
                ..Default::default()
            };
            if let Some(ip) = p.ip {
                rt.args.push(("IP".into(), ip.to_string()));
            }
            if let Some(mac) = &p.mac {
                rt.args.push(("MAC".into(), mac.clone()));
            }
            // Ports are published through the first network, as Docker's default gateway.
            if i == 0 && !published.is_empty() {
                rt.capability_args.insert(
                    "portMappings".into(),
                    Value::Array(published.iter().map(PublishedPort::cni_mapping).collect()),
                );
            }
            let conf = p.net.conf.clone();
            let mut last = None;
            match self.runner.add_list(&conf, &rt, &mut last) {
                Ok(result) => {
                    let addr = cni::container_address(&result)
                        .ok_or_else(|| Error::NoAddress(p.net.name().to_string()));
                    let entry = CacheEntry {
                        kind: "cniCacheV1".into(),
                        container_id: key.to_string(),
                        config: serde_json::to_value(&conf).unwrap_or(Value::Null),
                        if_name: rt.ifname.clone(),
                        network_name: conf.name.clone(),
                        cni_args: rt.args.clone(),
                        capability_args: rt.capability_args.clone(),
                        result: result.clone(),
                    };
                    done.push((conf, rt, Some(result)));
                    let addr = addr?;
                    self.cache.save(&entry)?;
                    endpoints.push(Endpoint {
                        network: p.net.name().to_string(),
                        network_id: p.net.id().to_string(),
                        cni_name: p.net.conf.name.clone(),
                        default: p.net.meta().default,
                        ifname: p.ifname.clone(),
                        ip: addr.ip,
                        prefix_len: addr.prefix_len,
                        gateway: addr.gateway,
                        mac: addr.mac,
                        aliases: p.aliases.clone(),
                        requested_ip: p.ip,
                        endpoint_id: endpoint_id(key, p.net.id()),
                    });
                }
                Err(e) => {
                    // A failed ADD may have left an interface or lease: always DEL it.
                    done.push((conf, rt, last));
                    return Err(e);
                }
            }
        }
        Ok(endpoints)
    }

    fn rollback(
        &self,
        key: &str,
        netns_path: &Path,
        done: Vec<(ConfList, RuntimeArgs, Option<Value>)>,
    ) {
        let mut ips = Vec::new();
        for (conf, rt, result) in done.into_iter().rev() {
            ips.extend(
                result
                    .as_ref()
                    .and_then(cni::container_address)
                    .map(|a| a.ip),
            );
            if let Err(e) = self.runner.del_list(&conf, &rt, result.as_ref()) {
                tracing::warn!("cleanup after a failed attach of {key}: {e}");
            }
            self.cache.remove(&conf.name, key, &rt.ifname);
        }
        sweep::sweep(key, &ips);
        if let Err(e) = netns::remove(netns_path) {
            tracing::warn!("cleanup after a failed attach of {key}: {e}");
        }
    }

    /// Leaves all networks: DEL with the cached result and the same port mappings, stop the
    /// port holder, remove the netns and the files. Idempotent; the first error is returned
    /// after everything has been tried.
    pub fn detach(&self, container_id: &str) -> Result<()> {
        let key = self.key(container_id)?;
        let _lock = self.lock()?;
        self.detach_key(&key)
    }

    /// Addresses host-local has leased to `key` (lease files are named by the address and
    /// start with the CNI container id), for the sweep when no result says them.
    pub(crate) fn leased_ips(&self, key: &str) -> Vec<Ipv4Addr> {
        let mut out = Vec::new();
        for net in self.store.list().unwrap_or_default() {
            let Some(dir) = net.conf.ipam_dir() else {
                continue;
            };
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(ip) = e.file_name().to_string_lossy().parse::<Ipv4Addr>() else {
                    continue;
                };
                let owner = std::fs::read_to_string(e.path()).unwrap_or_default();
                if owner.lines().next().map(str::trim) == Some(key) {
                    out.push(ip);
                }
            }
        }
        out
    }

    pub(crate) fn detach_key(&self, key: &str) -> Result<()> {
        let att = self.load(key);
        let mut first: Option<Error> = None;
        let netns_path = self.cfg.netns_dir().join(key);
        // Everything cached for this container, whether or not the attachment was saved.
        let mut entries: Vec<CacheEntry> = self
            .cache
            .all()
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| c.container_id == key)
            .collect();
        entries.sort_by(|a, b| b.if_name.cmp(&a.if_name));
        // The sweep is a safety net for DELs that cannot clean up: a lost cache or attachment
        // (portmap deletes nothing without its mappings), a failed DEL, and the per-container
        // chains of older linnet versions (bridge skips their teardown when the interface is
        // gone). A clean DEL of today's chain leaves nothing (portmap removes its chain and
        // jumps), so the common case reads no iptables at all.
        let mut sweep_needed = att.is_none();
        for c in &entries {
            let conf: Option<ConfList> = serde_json::from_value(c.config.clone()).ok();
            let Some(conf) = conf else {
                sweep_needed = true;
                continue;
            };
            sweep_needed |= legacy_rules(&conf);
            let rt = RuntimeArgs {
                container_id: key.to_string(),
                netns: netns_path.clone(),
                ifname: c.if_name.clone(),
                args: c.cni_args.clone(),
                capability_args: c.capability_args.clone(),
            };
            match self.runner.del_list(&conf, &rt, Some(&c.result)) {
                Ok(()) => self.cache.remove(&c.network_name, key, &c.if_name),
                Err(e) => {
                    sweep_needed = true;
                    first.get_or_insert(e);
                }
            }
        }
        let mut ips: Vec<Ipv4Addr> = entries
            .iter()
            .filter_map(|c| cni::container_address(&c.result).map(|a| a.ip))
            .collect();
        if let Some(att) = &att {
            ips.extend(att.ips());
            // Endpoints whose cache entry is gone still get a DEL (bridge and host-local clean
            // up without prevResult).
            for ep in &att.endpoints {
                if entries.iter().any(|c| c.if_name == ep.ifname) {
                    continue;
                }
                sweep_needed = true;
                if let Ok(net) = self.store.get(&ep.network_id) {
                    let rt = RuntimeArgs {
                        container_id: key.to_string(),
                        netns: netns_path.clone(),
                        ifname: ep.ifname.clone(),
                        ..Default::default()
                    };
                    if let Err(e) = self.runner.del_list(&net.conf, &rt, None) {
                        first.get_or_insert(e);
                    }
                }
            }
            if let Some(h) = &att.holder {
                holder::stop(h);
            }
        }
        if sweep_needed {
            ips.extend(self.leased_ips(key));
            sweep::sweep(key, &ips);
        }
        if let Err(e) = netns::remove(&netns_path) {
            first.get_or_insert(e);
        }
        let dir = self.files_dir(key);
        if dir.exists() {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                first.get_or_insert(Error::io("remove", &dir, e));
            }
        }
        if let Some(att) = &att {
            self.refresh_peers(att);
        }
        match first {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// CHECK of every network of an attached container against its cached result.
    pub fn check(&self, container_id: &str) -> Result<()> {
        let key = self.key(container_id)?;
        let _lock = self.lock()?;
        for (_, c) in self
            .cache
            .all()
            .into_iter()
            .filter(|(_, c)| c.container_id == key)
        {
            let Ok(conf) = serde_json::from_value::<ConfList>(c.config.clone()) else {
                continue;
            };
            let rt = RuntimeArgs {
                container_id: key.clone(),
                netns: self.cfg.netns_dir().join(&key),
                ifname: c.if_name.clone(),
                args: c.cni_args.clone(),
                capability_args: c.capability_args.clone(),
            };
            self.runner.check_list(&conf, &rt, &c.result)?;
        }
        Ok(())
    }
}

/// A container halfway through [`NetworkManager::attach`]: its netns is pinned, its ports are
/// bound and its `/etc` files exist; [`NetworkManager::complete`] does the rest.
pub struct Prepared {
    _lock: Flock<std::fs::File>,
    key: String,
    container_id: String,
    name: String,
    domainname: Option<String>,
    dns: crate::files::DnsOptions,
    plan: Plan,
    netns_path: PathBuf,
    reservation: holder::Reservation,
}

impl Prepared {
    /// The pinned netns the task must join.
    pub fn netns_path(&self) -> &Path {
        &self.netns_path
    }
}

struct PlannedNet {
    net: Network,
    ifname: String,
    ip: Option<Ipv4Addr>,
    aliases: Vec<String>,
    mac: Option<String>,
}

struct Plan {
    hostname: String,
    extra_hosts: Vec<ExtraHost>,
    nets: Vec<PlannedNet>,
}

/// Whether `conf` is a chain of an older linnet version that made per-container rules which
/// its DEL may leave: `bridge` with `ipMasq` or a `firewall` plugin (still in the result cache of
/// containers attached before an upgrade).
fn legacy_rules(conf: &ConfList) -> bool {
    conf.plugins
        .iter()
        .any(|p| match p.get("type").and_then(Value::as_str) {
            Some("bridge") => p.get("ipMasq").and_then(Value::as_bool) == Some(true),
            Some("firewall") => true,
            _ => false,
        })
}

/// Docker's endpoint ids are 64 hex; derive one so that it is stable for a container+network.
fn endpoint_id(key: &str, network_id: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{key}/{network_id}").as_bytes()))
}

fn valid_mac(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split(':').collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_iptables_rules() {
        assert_eq!(
            sweep::shell_words(
                r#"-A CNI-ISOLATION-STAGE-1 -i br0 ! -o br0 -m comment --comment "name: \"x\" id" -j DROP"#
            ),
            vec![
                "-A",
                "CNI-ISOLATION-STAGE-1",
                "-i",
                "br0",
                "!",
                "-o",
                "br0",
                "-m",
                "comment",
                "--comment",
                "name: \"x\" id",
                "-j",
                "DROP"
            ]
        );
        assert!(valid_mac("02:42:ac:11:00:02"));
        assert!(!valid_mac("zz"));
    }
}
