//! The plain request and result types of [`crate::NetworkManager::attach`]: what `pkg/container`
//! builds from `run`'s flags, and what it gets back (the netns path for the OCI spec, the files
//! to bind-mount, the addresses and ports for `inspect` and `ps`). The result is also the record
//! kept on disk for `detach`, peers' hosts files and `network inspect`.

use std::net::Ipv4Addr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::files::{DnsOptions, ExtraHost};
use crate::holder::Holder;
use crate::ports::{PortSpec, PublishedPort};

/// One network to join.
#[derive(Debug, Clone, Default)]
pub struct NetworkRequest {
    /// Name, id or id prefix.
    pub network: String,
    /// `--ip` (user networks with a user subnet only, as Docker).
    pub ip: Option<String>,
    /// `--network-alias` (user networks only).
    pub aliases: Vec<String>,
    /// `--mac-address`.
    pub mac: Option<String>,
}

/// What a container asks of the network: everything `run` knows that matters here.
#[derive(Debug, Clone, Default)]
pub struct AttachRequest {
    /// Container name (for peers' hosts files on user networks).
    pub name: String,
    /// Default: the first 12 characters of the container id.
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub networks: Vec<NetworkRequest>,
    pub ports: Vec<PortSpec>,
    /// Raw `--add-host` values (`host-gateway` is resolved here).
    pub extra_hosts: Vec<String>,
    pub dns: DnsOptions,
}

/// A container's place on one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub network: String,
    pub network_id: String,
    pub cni_name: String,
    pub default: bool,
    pub ifname: String,
    pub ip: Ipv4Addr,
    pub prefix_len: u8,
    pub gateway: Option<Ipv4Addr>,
    pub mac: String,
    pub aliases: Vec<String>,
    pub requested_ip: Option<Ipv4Addr>,
    pub endpoint_id: String,
}

/// The result of `attach`, also kept on disk for `detach`, `inspect` and peers' hosts files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub container_id: String,
    /// The CNI container id: `<namespace>-<id>`.
    pub key: String,
    pub name: String,
    pub hostname: String,
    pub domainname: Option<String>,
    /// Give this to the OCI spec as the network namespace path.
    pub netns_path: PathBuf,
    pub endpoints: Vec<Endpoint>,
    pub ports: Vec<PublishedPort>,
    pub extra_hosts: Vec<ExtraHost>,
    /// Bind-mount these as `/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`.
    pub hostname_path: PathBuf,
    pub hosts_path: PathBuf,
    pub resolv_conf_path: PathBuf,
    pub holder: Option<Holder>,
}

impl Attachment {
    /// The container's IPv4 addresses, one per network.
    pub fn ips(&self) -> Vec<Ipv4Addr> {
        self.endpoints.iter().map(|e| e.ip).collect()
    }
}
