//! Port reservation. portmap only writes DNAT rules and binds nothing, so another container or a
//! host process could take a published port. linnet binds every published host port itself
//! (which is also how a taken port gives Docker's `port is already allocated`), then hands the
//! sockets to a small holder process that lives as long as the container's network.
//!
//! Crash safety: the holder is `/bin/sh` polling for the container's pinned netns file and
//! exiting when it disappears. Teardown kills it at once; if linnet crashed before it could, the
//! next [`crate::NetworkManager::reclaim`] removes the netns file and the holder exits by itself
//! within [`POLL_SECONDS`], so a crash never leaks a reservation for longer than that. The holder
//! runs in its own process group so that killing it also kills its `sleep`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Command, Stdio};

use command_fds::{CommandFdExt, FdMapping};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ports::{EphemeralPorts, PortSpec, Protocol, PublishedPort};

/// How often a holder checks that its container's netns still exists.
pub const POLL_SECONDS: u32 = 2;

/// Sockets bound for a container's published ports, before they go to a holder.
pub struct Reservation {
    pub ports: Vec<PublishedPort>,
    sockets: Vec<OwnedFd>,
}

/// Binds one socket per mapping: fixed ports must be free, ranges take their first free port,
/// ephemeral ports come from `ephemeral` (the kernel's range minus its reserved ports).
pub fn reserve(specs: &[PortSpec], ephemeral: &EphemeralPorts) -> Result<Reservation> {
    let mut res = Reservation {
        ports: Vec::new(),
        sockets: Vec::new(),
    };
    for spec in specs {
        let ip = spec.host_ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let (port, sock) = if spec.host_port_start == 0 {
            let (lo, hi) = (ephemeral.start, ephemeral.end);
            // Start at a random point so that parallel runs do not race for the same port.
            let span = u32::from(hi - lo) + 1;
            let offset = rand::random::<u32>() % span;
            let mut found = None;
            for i in 0..span {
                let port = lo + ((offset + i) % span) as u16;
                if ephemeral.is_reserved(port)
                    || res
                        .ports
                        .iter()
                        .any(|p| p.host_port == port && p.protocol == spec.protocol)
                {
                    continue;
                }
                if let Ok(sock) = bind(ip, port, spec.protocol) {
                    found = Some((port, sock));
                    break;
                }
            }
            found.ok_or(Error::NoEphemeralPort {
                ip: ip.to_string(),
                start: lo,
                end: hi,
            })?
        } else if spec.host_port_start != spec.host_port_end {
            let mut found = None;
            for port in spec.host_port_start..=spec.host_port_end {
                if let Ok(sock) = bind(ip, port, spec.protocol) {
                    found = Some((port, sock));
                    break;
                }
            }
            found.ok_or(Error::PortRangeAllocated {
                ip: ip.to_string(),
                start: spec.host_port_start,
                end: spec.host_port_end,
            })?
        } else {
            let port = spec.host_port_start;
            match bind(ip, port, spec.protocol) {
                Ok(sock) => (port, sock),
                Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                    return Err(Error::PortAllocated {
                        ip: ip.to_string(),
                        port,
                    })
                }
                Err(source) => {
                    let family = if ip.is_ipv4() { "4" } else { "6" };
                    return Err(Error::PortBind {
                        proto: format!("{}{family}", spec.protocol),
                        addr: SocketAddr::new(ip, port).to_string(),
                        source,
                    });
                }
            }
        };
        if let Some(sock) = sock {
            res.sockets.push(sock);
        }
        res.ports.push(PublishedPort {
            host_ip: spec.host_ip,
            host_port: port,
            container_port: spec.container_port,
            protocol: spec.protocol,
        });
    }
    Ok(res)
}

/// A listening TCP or bound UDP socket; SCTP ports are not held (no std socket for them).
fn bind(ip: IpAddr, port: u16, proto: Protocol) -> std::io::Result<Option<OwnedFd>> {
    let addr = SocketAddr::new(ip, port);
    match proto {
        Protocol::Tcp => Ok(Some(OwnedFd::from(TcpListener::bind(addr)?))),
        Protocol::Udp => Ok(Some(OwnedFd::from(UdpSocket::bind(addr)?))),
        Protocol::Sctp => Ok(None),
    }
}

/// A running holder, as recorded in the container's attachment state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: i32,
    /// The process's start time (field 22 of `/proc/<pid>/stat`), so that a recycled pid is
    /// never killed by mistake.
    pub start_time: u64,
}

/// Hands the reserved sockets to a holder that lives while `netns` exists. No sockets, no holder.
pub fn spawn(res: Reservation, netns: &Path) -> Result<Option<Holder>> {
    if res.sockets.is_empty() {
        return Ok(None);
    }
    let mappings: Vec<FdMapping> = res
        .sockets
        .into_iter()
        .enumerate()
        .map(|(i, fd)| FdMapping {
            parent_fd: fd,
            child_fd: 3 + i as i32,
        })
        .collect();
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!(
            "while [ -e \"$1\" ]; do sleep {POLL_SECONDS}; done"
        ))
        .arg("linnet-port-holder")
        .arg(netns)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    cmd.fd_mappings(mappings).map_err(|e| Error::Exec {
        program: "port holder".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let child = cmd.spawn().map_err(|source| Error::Exec {
        program: "/bin/sh (port holder)".into(),
        source,
    })?;
    let pid = child.id() as i32;
    // The child handle is dropped without waiting: the holder must outlive this call; `stop`
    // reaps it when this process is still its parent.
    Ok(Some(Holder {
        pid,
        start_time: start_time(pid).unwrap_or(0),
    }))
}

fn start_time(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; fields resume after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(19)?.parse().ok()
}

/// Kills a holder (its whole process group) if it is still the process that was recorded.
pub fn stop(holder: &Holder) {
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::Pid;
    if start_time(holder.pid) != Some(holder.start_time) {
        return;
    }
    let _ = killpg(Pid::from_raw(holder.pid), Signal::SIGKILL);
    // Reap it when we are its parent (long-lived callers, tests); ECHILD otherwise.
    let _ = nix::sys::wait::waitpid(Pid::from_raw(holder.pid), None);
}
