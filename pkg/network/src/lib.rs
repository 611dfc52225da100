//! Docker-style container networking for linnet, built on the CNI plugins (Debian's
//! `containernetworking-plugins` in `/usr/lib/cni`).
//!
//! The crate is a plain, blocking library: [`NetworkManager`] gives a container a pinned network
//! namespace, runs the CNI chain of each requested network in it, holds its published host ports
//! and writes its `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf`; [`NetworkManager::detach`]
//! undoes all of it, and [`NetworkManager::reclaim`] undoes it for containers that are gone. The
//! network store ([`store`]) keeps user networks as CNI conflists under the data root.
//!
//! Why the pieces are separate modules:
//! - [`ports`] is pure parsing and formatting (Docker's exact grammar and texts);
//! - [`conflist`] and [`cni`] are the CNI protocol: what goes on stdin and how a chain runs;
//! - [`cache`] keeps ADD results, without which Debian's 1.1.1 portmap and firewall DEL leak rules;
//! - [`netns`] and [`holder`] own kernel objects (a netns mount, a process holding sockets), so
//!   they are where leaks would come from and where they are reclaimed;
//! - [`files`] is pure text generation; [`subnet`] is address allocation and overlap checks;
//! - [`netrules`] states masquerade, forwarding and isolation once per network (Docker's model),
//!   which keeps per-container iptables work to published ports;
//! - [`sweep`] removes iptables rules the plugins leave behind in corner cases.

#![forbid(unsafe_code)]

mod admin;
mod attachment;
mod bench;
pub mod cache;
pub mod cni;
pub mod conflist;
mod connect;
mod error;
pub mod files;
pub mod holder;
pub mod listing;
mod manager;
mod members;
pub mod netns;
pub mod netrules;
pub mod ports;
mod rename;
pub mod settings;
pub mod store;
pub mod subnet;
pub mod sweep;

pub use attachment::{AttachRequest, Attachment, Endpoint, NetworkRequest};
pub use bench::Timing;
pub use error::{Error, PluginError, Result};
pub use manager::{ManagerConfig, NetworkManager, DEFAULT_PLUGIN_DIRS};
pub use ports::{PortSpec, Protocol, PublishedPort};
pub use store::{Network, NetworkCreate, Store, DEFAULT_NETWORK};
