//! Container networking: the `--network` modes and how they reach the spec, the record and the
//! task's lifetime, over `linnet-network`'s [`NetworkManager`].
//!
//! Why it is split this way: the netns path and the `/etc` files of a bridge container are known
//! before it exists ([`ManagerConfig::container_netns`]), so `create` writes them into the spec
//! and the record keeps the network flags ([`NetConfig`], one label); `start` attaches while
//! the task is created ([`crate::netoverlap`]) and everything that ends a task (exit seen by
//! the monitor, stop, rm, a failed start) detaches. What a crash leaves behind is reclaimed by
//! [`reclaim`] on the next `run`/`start`/`ps`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use linnet_containerd::{Client, Container, TaskStatus};
use linnet_network::files::DnsOptions;
use linnet_network::{
    ports, AttachRequest, Attachment, ManagerConfig, NetworkManager, NetworkRequest,
};
use linnet_spec::{EtcFiles, NetworkMode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{netoverlap, ops, Error, Scope};

/// The label that keeps a container's network flags (JSON [`NetConfig`]).
pub const NET_LABEL: &str = "linnet/net";

/// Attachments younger than this are never reclaimed: their task may be being created by
/// another linnet process right now.
const RECLAIM_GRACE: Duration = Duration::from_secs(60);

/// The network flags of `create`/`run`, in Docker's syntax.
#[derive(Debug, Clone, Default)]
pub struct NetworkFlags {
    /// `--ip`.
    pub ip: Option<String>,
    /// `--network-alias`.
    pub aliases: Vec<String>,
    /// `-p`.
    pub publish: Vec<String>,
    /// `-P`.
    pub publish_all: bool,
    /// `--expose`.
    pub expose: Vec<String>,
    /// `--add-host`.
    pub add_hosts: Vec<String>,
    pub dns: Vec<String>,
    pub dns_search: Vec<String>,
    pub dns_options: Vec<String>,
}

/// `--network`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Host,
    None,
    /// `bridge` (the default) or a user network, by name or id.
    Network(String),
    /// `container:NAME|ID`.
    Container(String),
}

impl Mode {
    pub fn parse(raw: &str) -> Result<Mode, Error> {
        Ok(match raw {
            "" | "default" => Mode::Network(linnet_network::DEFAULT_NETWORK.to_string()),
            "host" => Mode::Host,
            "none" => Mode::None,
            other => match other.strip_prefix("container:") {
                Some("") => {
                    return Err(Error::InvalidArgument(
                        "invalid network mode \"container:\": a container name or id is needed"
                            .into(),
                    ))
                }
                Some(c) => Mode::Container(c.to_string()),
                None => Mode::Network(other.to_string()),
            },
        })
    }
}

/// What the record keeps, so that `start` attaches a stopped container the same way again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetConfig {
    /// Network name for a CNI network; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub network: String,
    /// `container:<id>` target, resolved at create.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub container: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ports::PortSpec>,
    /// Every exposed port (image `EXPOSE` and `--expose`), as `80/tcp`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add_hosts: Vec<String>,
    #[serde(default)]
    pub dns: DnsOptions,
}

impl NetConfig {
    pub fn decode(labels: &HashMap<String, String>) -> Option<NetConfig> {
        serde_json::from_str(labels.get(NET_LABEL)?).ok()
    }

    pub fn encode(&self) -> Result<String, Error> {
        Ok(serde_json::to_string(self)?)
    }

    fn attach_request(&self, name: &str, hostname: &str) -> AttachRequest {
        AttachRequest {
            name: name.to_string(),
            hostname: Some(hostname.to_string()),
            domainname: None,
            networks: vec![NetworkRequest {
                network: self.network.clone(),
                ip: self.ip.clone(),
                aliases: self.aliases.clone(),
                mac: None,
            }],
            ports: self.ports.clone(),
            extra_hosts: self.add_hosts.clone(),
            dns: self.dns.clone(),
        }
    }
}

/// The validated network part of a create request.
#[derive(Debug, Clone)]
pub struct NetPlan {
    pub mode: Mode,
    pub config: NetConfig,
    publish_all: bool,
}

impl NetPlan {
    /// What the spec generator is told: a new (empty) netns for every mode but host; its path
    /// is filled in by [`finish_spec`].
    pub fn spec_mode(&self) -> NetworkMode {
        match self.mode {
            Mode::Host => NetworkMode::Host,
            _ => NetworkMode::None,
        }
    }

    /// The `HostConfig.NetworkMode` text kept in the record.
    pub fn mode_text(&self) -> String {
        match &self.mode {
            Mode::Host => "host".into(),
            Mode::None => "none".into(),
            Mode::Network(n) => n.clone(),
            Mode::Container(_) => format!("container:{}", self.config.container),
        }
    }
}

/// Parses the network flags (pure: no host state is read).
pub fn validate(network: &str, flags: &NetworkFlags) -> Result<NetPlan, Error> {
    let mode = Mode::parse(network)?;
    let bad = |e: linnet_network::ports::PortSpecError| Error::InvalidArgument(e.to_string());
    let mut specs = ports::parse_port_specs(&flags.publish).map_err(bad)?;
    for e in &flags.expose {
        ports::parse_expose(e).map_err(bad)?;
    }
    let dns = DnsOptions {
        servers: flags.dns.clone(),
        search: flags.dns_search.clone(),
        options: flags.dns_options.clone(),
    };
    dns.validate().map_err(Error::Network)?;
    let network = match &mode {
        Mode::Network(n) => n.clone(),
        Mode::Host | Mode::None | Mode::Container(_) => {
            // Docker discards published ports outside a netns of its own (with a warning the CLI
            // prints); --ip and aliases need a network.
            specs.clear();
            if flags.ip.as_deref().is_some_and(|s| !s.is_empty()) {
                return Err(Error::Network(linnet_network::Error::IpOnDefaultNetwork));
            }
            if !flags.aliases.is_empty() {
                return Err(Error::Network(linnet_network::Error::AliasOnDefaultNetwork));
            }
            String::new()
        }
    };
    Ok(NetPlan {
        publish_all: flags.publish_all && !network.is_empty(),
        config: NetConfig {
            network,
            container: String::new(),
            ip: flags.ip.clone().filter(|s| !s.is_empty()),
            aliases: flags.aliases.clone(),
            ports: specs,
            exposed: flags.expose.clone(),
            add_hosts: flags.add_hosts.clone(),
            dns,
        },
        mode,
    })
}

/// The manager of this scope's data root.
pub fn manager(scope: &Scope) -> Result<Option<NetworkManager>, Error> {
    match &scope.network {
        Some(cfg) => Ok(Some(NetworkManager::new(cfg.clone())?)),
        None => Ok(None),
    }
}

fn config(scope: &Scope) -> Result<&ManagerConfig, Error> {
    scope
        .network
        .as_ref()
        .ok_or_else(|| Error::InvalidArgument("networking is not configured".into()))
}

/// The part of create that needs host state: the network must exist and accept the request, a
/// `container:` target must exist (and run unless it is on the host network); the image's
/// `EXPOSE` joins `--expose`, and `-P` maps all of them.
pub async fn prepare(
    client: &Client,
    scope: &Scope,
    plan: &mut NetPlan,
    id: &str,
    name: &str,
    hostname: &str,
    image_exposed: &[String],
) -> Result<(), Error> {
    let mut exposed: Vec<String> = image_exposed.to_vec();
    exposed.extend(plan.config.exposed.iter().cloned());
    exposed.dedup();
    plan.config.exposed = exposed;
    match &plan.mode {
        Mode::Network(_) => {
            if plan.publish_all {
                let more = ports::publish_all(&plan.config.exposed, &plan.config.ports)
                    .map_err(|e| Error::InvalidArgument(e.to_string()))?;
                plan.config.ports.extend(more);
            }
            let mgr = NetworkManager::new(config(scope)?.clone())?;
            let req = plan.config.attach_request(name, hostname);
            mgr.validate(id, &req)?;
            // Keep the network's id-independent name so that a rename of input (id prefix)
            // still finds it at start.
            plan.config.network = mgr.store().get(&plan.config.network)?.name().to_string();
        }
        Mode::Container(target) => {
            let c = ops::resolve(client, target).await?;
            plan.config.container = c.id.clone();
        }
        Mode::Host | Mode::None => {}
    }
    Ok(())
}

/// The `/etc` files a container gets from its network, if they are not copies of the host's:
/// its own attachment's, or those of the container whose netns it shares.
pub async fn etc_files(
    client: &Client,
    scope: &Scope,
    plan: &NetPlan,
    id: &str,
) -> Result<Option<EtcFiles>, Error> {
    let dir = match &plan.mode {
        Mode::Network(_) => config(scope)?.container_files(id),
        Mode::Container(_) => match shared_target(client, scope, &plan.config.container).await? {
            Shared::Netns { files, .. } => files,
            Shared::Host { files } => files,
        },
        Mode::Host | Mode::None => return Ok(None),
    };
    Ok(Some(EtcFiles {
        hostname: Some(dir.join("hostname")),
        hosts: Some(dir.join("hosts")),
        resolv_conf: Some(dir.join("resolv.conf")),
    }))
}

enum Shared {
    /// The target has a netns of its own at this path.
    Netns { path: PathBuf, files: PathBuf },
    /// The target is on the host network.
    Host { files: PathBuf },
}

async fn shared_target(client: &Client, scope: &Scope, target: &str) -> Result<Shared, Error> {
    let c = client
        .container_get(target)
        .await?
        .ok_or_else(|| Error::NoSuchContainer(target.to_string()))?;
    let cfg = config(scope)?;
    if let Some(own) = NetConfig::decode(&c.labels) {
        if !own.network.is_empty() {
            return Ok(Shared::Netns {
                path: cfg.container_netns(&c.id),
                files: cfg.container_files(&c.id),
            });
        }
        if !own.container.is_empty() {
            return Box::pin(shared_target(client, scope, &own.container)).await;
        }
    }
    let files = scope.container_dir(&c.id);
    if crate::Record::decode(&c.labels).network == "host" {
        return Ok(Shared::Host { files });
    }
    // A none-mode target: its netns lives as long as its task.
    let task = client
        .task_get(&c.id)
        .await?
        .filter(|t| t.status == TaskStatus::Running && t.pid > 0)
        .ok_or_else(|| Error::NotRunning(ops::name_of(&c).unwrap_or(&c.id).to_string()))?;
    Ok(Shared::Netns {
        path: PathBuf::from(format!("/proc/{}/ns/net", task.pid)),
        files,
    })
}

/// Fills in what the generator cannot know: the netns path (bridge, user network or another
/// container's) and, for a netns of the container's own, Docker's
/// `net.ipv4.ip_unprivileged_port_start=0`.
pub async fn finish_spec(
    client: &Client,
    scope: &Scope,
    plan: &NetPlan,
    id: &str,
    spec: &[u8],
) -> Result<Vec<u8>, Error> {
    let (path, own) = match &plan.mode {
        Mode::Host => return Ok(spec.to_vec()),
        Mode::None => (None, true),
        Mode::Network(_) => (Some(config(scope)?.container_netns(id)), true),
        Mode::Container(_) => match shared_target(client, scope, &plan.config.container).await? {
            Shared::Netns { path, .. } => (Some(path), false),
            Shared::Host { .. } => (None, false),
        },
    };
    let host_net = matches!(&plan.mode, Mode::Container(_)) && path.is_none();
    let mut v: Value = serde_json::from_slice(spec)?;
    let Some(linux) = v.get_mut("linux").and_then(Value::as_object_mut) else {
        return Ok(spec.to_vec());
    };
    if let Some(Value::Array(nss)) = linux.get_mut("namespaces") {
        if host_net {
            nss.retain(|ns| ns.get("type").and_then(Value::as_str) != Some("network"));
        } else if let Some(path) = &path {
            for ns in nss.iter_mut() {
                if ns.get("type").and_then(Value::as_str) == Some("network") {
                    ns["path"] = Value::String(path.display().to_string());
                }
            }
        }
    }
    if own {
        let sysctl = linux
            .entry("sysctl")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(map) = sysctl.as_object_mut() {
            map.insert(
                "net.ipv4.ip_unprivileged_port_start".into(),
                Value::String("0".into()),
            );
        }
    }
    Ok(serde_json::to_vec(&v)?)
}

/// Attaches a container to its network right before its task is created (nothing for other
/// modes). Leftovers of an earlier run of the same container are detached first: its task is
/// not running, so any attachment it has is stale.
pub fn attach(scope: &Scope, c: &Container) -> Result<Option<Attachment>, Error> {
    let Some((mgr, req)) = attach_request(scope, c)? else {
        return Ok(None);
    };
    Ok(Some(mgr.attach(&c.id, &req)?))
}

pub(crate) fn attach_request(
    scope: &Scope,
    c: &Container,
) -> Result<Option<(NetworkManager, AttachRequest)>, Error> {
    crate::netshare::check_target_running(c)?;
    let Some(cfg) = NetConfig::decode(&c.labels).filter(|n| !n.network.is_empty()) else {
        return Ok(None);
    };
    let Some(mgr) = manager(scope)? else {
        return Ok(None);
    };
    let record = crate::Record::decode(&c.labels);
    // (Leftovers without a saved attachment, from a crash mid-attach, `prepare` cleans itself.)
    if mgr.attachment(&c.id)?.is_some() {
        if let Err(e) = mgr.detach(&c.id) {
            tracing::warn!("detach leftovers of {}: {e}", c.id);
        }
    }
    let mut req = cfg.attach_request(&record.name, &record.hostname);
    crate::netconnect::add_connected(&mut req, c);
    Ok(Some((mgr, req)))
}

/// Releases a container's addresses, ports, rules and netns. Idempotent; a no-op for containers
/// without a network of their own.
pub fn detach(scope: &Scope, c: &Container) -> Result<(), Error> {
    if NetConfig::decode(&c.labels).is_none_or(|n| n.network.is_empty()) {
        return Ok(());
    }
    // An attach still in flight (its task was never started) finishes first.
    if let Some(handle) = netoverlap::take_pending(&c.id) {
        if let Err(e) = netoverlap::join(handle) {
            tracing::debug!("attach of {} that is being released failed: {e}", c.id);
        }
    }
    // A release started at the task's exit: its outcome is this one's.
    if let Some(handle) = netoverlap::take_release(&c.id) {
        return netoverlap::join_release(handle);
    }
    detach_now(scope, c)
}

pub(crate) fn detach_now(scope: &Scope, c: &Container) -> Result<(), Error> {
    let Some(mgr) = manager(scope)? else {
        return Ok(());
    };
    // Already released (e.g. `run --rm` detaches at exit, then removes): nothing to undo. Partial
    // leftovers of a crash (a pin, cached results) still get the full detach.
    let pinned = mgr.config().container_netns(&c.id).exists();
    if mgr.attachment(&c.id)?.is_some() || pinned {
        mgr.detach(&c.id)?;
    }
    Ok(())
}

/// Whether the container has a network of its own that a monitor should release on exit.
pub fn is_attached_mode(c: &Container) -> bool {
    NetConfig::decode(&c.labels).is_some_and(|n| !n.network.is_empty())
}

/// The saved attachment of a container (for `inspect`, `ps` and `port`).
pub fn attachment(scope: &Scope, id: &str) -> Option<Attachment> {
    let mgr = manager(scope).ok()??;
    mgr.attachment(id).ok()?
}

/// The `ps` PORTS column: published ports of an attached container, then its exposed-only
/// ports.
pub fn ports_column(scope: &Scope, c: &Container) -> String {
    let Some(att) = attachment(scope, &c.id) else {
        return String::new();
    };
    let exposed: Vec<(u16, ports::Protocol)> = NetConfig::decode(&c.labels)
        .map(|n| n.exposed)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| ports::parse_expose(e).ok())
        .flatten()
        .collect();
    ports::ps_column(&att.ports, &exposed)
}

/// Where a container with a network of its own has its `/etc` files.
pub fn files_dir(scope: &Scope, c: &Container) -> Option<PathBuf> {
    let cfg = scope.network.as_ref()?;
    NetConfig::decode(&c.labels)
        .filter(|n| !n.network.is_empty())
        .map(|_| cfg.container_files(&c.id))
}

/// Docker's `NetworkSettings` of a container (empty networks unless it is attached).
pub fn settings(scope: &Scope, c: &Container) -> linnet_network::settings::NetworkSettings {
    let exposed = NetConfig::decode(&c.labels)
        .map(|n| n.exposed)
        .unwrap_or_default();
    linnet_network::settings::network_settings(attachment(scope, &c.id).as_ref(), &exposed)
}

/// Detaches containers of this namespace whose task is gone (exited without a monitor, crash of
/// linnet or containerd, removed behind linnet's back). Recent attachments are spared: their
/// task may be being created by another process.
pub async fn reclaim(client: &Client, scope: &Scope) -> Result<Vec<String>, Error> {
    let Some(mgr) = manager(scope)? else {
        return Ok(Vec::new());
    };
    let mut live: HashSet<String> = client
        .task_list()
        .await?
        .into_iter()
        .filter(|t| t.status != TaskStatus::Stopped)
        .map(|t| t.id)
        .collect();
    let cfg = mgr.config().clone();
    let prefix = format!("{}-", cfg.namespace);
    for att in mgr.attachments() {
        let Some(id) = att.key.strip_prefix(&prefix) else {
            continue;
        };
        if is_recent(&cfg.container_files(id)) {
            live.insert(id.to_string());
        }
    }
    // Pins without an attachment record (a crash in the middle of attach) are judged by age too.
    if let Ok(rd) = std::fs::read_dir(cfg.netns_dir()) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_prefix(&prefix) {
                if is_recent(&e.path()) {
                    live.insert(id.to_string());
                }
            }
        }
    }
    Ok(mgr.reclaim(&live)?)
}

fn is_recent(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age < RECLAIM_GRACE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_like_docker() {
        assert_eq!(
            Mode::parse("").unwrap(),
            Mode::Network("bridge".to_string())
        );
        assert_eq!(Mode::parse("host").unwrap(), Mode::Host);
        assert_eq!(
            Mode::parse("container:web").unwrap(),
            Mode::Container("web".into())
        );
        assert!(Mode::parse("container:").is_err());
    }

    #[test]
    fn host_mode_drops_ports_and_refuses_ip() {
        let flags = NetworkFlags {
            publish: vec!["8080:80".into()],
            ..Default::default()
        };
        let plan = validate("host", &flags).unwrap();
        assert!(plan.config.ports.is_empty());
        let flags = NetworkFlags {
            ip: Some("10.1.0.5".into()),
            ..Default::default()
        };
        assert!(validate("none", &flags).is_err());
        assert!(validate(
            "bridge",
            &NetworkFlags {
                publish: vec!["99999:80".into()],
                ..Default::default()
            }
        )
        .is_err());
    }

    #[test]
    fn config_round_trips_through_a_label() {
        let plan = validate(
            "bridge",
            &NetworkFlags {
                publish: vec!["127.0.0.1:8080:80/udp".into()],
                add_hosts: vec!["gw:host-gateway".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let mut labels = HashMap::new();
        labels.insert(NET_LABEL.to_string(), plan.config.encode().unwrap());
        assert_eq!(NetConfig::decode(&labels), Some(plan.config));
    }
}
