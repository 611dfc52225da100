//! The crate's one error type. Texts that Docker users already know (port allocation, `-p`
//! grammar, `--ip` rules) are Docker's own words, so scripts and searches keep working.

use std::path::PathBuf;

use crate::ports::PortSpecError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CNI plugin's error object (`{"code","msg","details"}`), shown on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.one_line())]
pub struct PluginError {
    pub code: u64,
    pub msg: String,
    pub details: String,
}

impl PluginError {
    fn one_line(&self) -> String {
        let mut text = self.msg.clone();
        if !self.details.is_empty() && !self.msg.contains(&self.details) {
            text.push_str(&format!(" ({})", self.details));
        }
        text.push_str(&format!(" [cni error code {}]", self.code));
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    PortSpec(#[from] PortSpecError),
    #[error("cannot {what} {}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot parse {}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot encode {what}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("invalid filter '{0}'")]
    InvalidFilter(String),
    #[error("network {0} not found")]
    NetworkNotFound(String),
    #[error("network with name {0} already exists")]
    NetworkExists(String),
    #[error("{0} is a pre-defined network and cannot be removed")]
    Predefined(String),
    #[error("network {name} has active endpoints ({})", containers.join(", "))]
    NetworkInUse {
        name: String,
        containers: Vec<String>,
    },
    #[error("network driver {0:?} is not supported (only \"bridge\")")]
    UnsupportedDriver(String),
    #[error("unsupported \"bridge\" network option {0:?}")]
    UnsupportedOption(String),
    #[error("invalid IPv4 address: {0}")]
    InvalidIpv4(String),
    #[error("invalid subnet {0:?}")]
    InvalidSubnet(String),
    #[error("only IPv4 subnets are supported: {0}")]
    Ipv6Unsupported(String),
    #[error("unexpected subnet {given:?}, maybe you meant {meant:?}?")]
    UnexpectedSubnet { given: String, meant: String },
    #[error("subnet {0} is too small (at most /30)")]
    SubnetTooSmall(String),
    #[error("no matching subnet for gateway {0:?}")]
    GatewayOutside(String),
    #[error("no matching subnet for range {0:?}")]
    RangeOutside(String),
    #[error("every ip-range or gateway must have a corresponding subnet")]
    RangeWithoutSubnet,
    #[error("invalid IP address {0:?}")]
    InvalidAddress(String),
    #[error("Pool overlaps with other one on this address space: {subnet} overlaps {other}")]
    SubnetOverlap { subnet: String, other: String },
    #[error("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")]
    NoFreeSubnet,
    #[error("no free bridge device name for network {0}")]
    NoBridgeName(String),
    #[error("user specified IP address is supported on user defined networks only")]
    IpOnDefaultNetwork,
    #[error("user specified IP address is supported only when connecting to networks with user configured subnets")]
    IpWithoutSubnet,
    #[error("network-scoped aliases are only supported for user-defined networks")]
    AliasOnDefaultNetwork,
    #[error("requested IP address {ip} is not in the subnet {subnet} of network {network}")]
    IpOutsideSubnet {
        ip: String,
        subnet: String,
        network: String,
    },
    #[error("{0} is not a valid mac address")]
    InvalidMac(String),
    #[error("hostname {0:?} is too long (maximum 64 bytes)")]
    HostnameTooLong(String),
    #[error("bad format for add-host: {0:?}")]
    AddHostFormat(String),
    #[error("invalid IP address in add-host: {0:?}")]
    AddHostAddress(String),
    #[error("IP address is not correctly formatted: {0}")]
    DnsAddress(String),
    #[error("container {0} is already attached to its networks")]
    AlreadyAttached(String),
    #[error("no network given to attach to")]
    NoNetworks,
    #[error("container {0} has no network attachment (is it running?)")]
    NotAttached(String),
    #[error("endpoint with name {container} already exists in network {network}")]
    AlreadyConnected { container: String, network: String },
    #[error("container {container} is not connected to network {network}")]
    NotConnected { container: String, network: String },
    #[error("cannot disconnect {container} from {network}: it is the container's first network, which carries its published ports and default route")]
    DisconnectFirst { container: String, network: String },
    #[error("invalid container id {0:?} (want [A-Za-z0-9][A-Za-z0-9_.-]*)")]
    InvalidContainerId(String),
    #[error("Bind for {ip}:{port} failed: port is already allocated")]
    PortAllocated { ip: String, port: u16 },
    #[error("bind for {ip} failed: all ports in range {start}-{end} are already allocated")]
    PortRangeAllocated { ip: String, start: u16, end: u16 },
    #[error("no free port left in the ephemeral range {start}-{end} on {ip}")]
    NoEphemeralPort { ip: String, start: u16, end: u16 },
    #[error("Error starting userland proxy: listen {proto} {addr}: bind")]
    PortBind {
        proto: String,
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot publish on the IPv6 address {0}: linnet's networks are IPv4-only")]
    Ipv6Publish(String),
    #[error("needs CNI plugin {plugin:?} to be installed in CNI_PATH ({dirs})")]
    PluginMissing { plugin: String, dirs: String },
    #[error("cannot run CNI plugin {}", path.display())]
    PluginExec {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("CNI plugin {plugin} {command} on network {network} failed")]
    Plugin {
        plugin: String,
        command: &'static str,
        network: String,
        #[source]
        source: PluginError,
    },
    #[error("CNI plugin {plugin} {command} printed a result that is not valid JSON")]
    PluginOutput {
        plugin: String,
        command: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("CNI result of network {0} has no IPv4 address for the container")]
    NoAddress(String),
    #[error("cannot {what} network namespace {}", path.display())]
    Netns {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: nix::Error,
    },
    #[error("cannot {what}")]
    Sys {
        what: String,
        #[source]
        source: nix::Error,
    },
    #[error("cannot run {program}")]
    Exec {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{program} failed: {stderr}")]
    ExecFailed { program: String, stderr: String },
}

impl Error {
    pub(crate) fn io(what: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            what,
            path: path.into(),
            source,
        }
    }

    /// Errors caused by what the user asked for (Docker's exit 1/125 distinction is the caller's;
    /// this only tells input mistakes from system failures).
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            Error::Io { .. }
                | Error::Json { .. }
                | Error::Encode { .. }
                | Error::PluginExec { .. }
                | Error::PluginOutput { .. }
                | Error::Netns { .. }
                | Error::Sys { .. }
                | Error::Exec { .. }
                | Error::ExecFailed { .. }
        )
    }
}
