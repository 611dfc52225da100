//! `-p` / `--expose` / `-P` and the `port` output, with the grammar and error texts of Docker's
//! `nat.ParsePortSpec` (go-connections): scripts written for Docker must parse the same way and
//! fail with the same words.

use std::cmp::Ordering;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortSpecError {
    #[error("invalid IP address: {0}")]
    InvalidIp(String),
    #[error("invalid IP address {0}: missing port in address")]
    InvalidBracketIp(String),
    #[error("no port specified: {0}<empty>")]
    NoPort(String),
    #[error("invalid containerPort: {0}")]
    ContainerPort(String),
    #[error("invalid hostPort: {0}")]
    HostPort(String),
    #[error("invalid ranges specified for container and host Ports: {container} and {host}")]
    Ranges { container: String, host: String },
    #[error("invalid proto: {0}")]
    Proto(String),
    #[error("invalid range format for --expose: {value}, error: {reason}")]
    Expose { value: String, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Protocol {
    type Err = PortSpecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            "sctp" => Ok(Protocol::Sctp),
            other => Err(PortSpecError::Proto(other.to_string())),
        }
    }
}

/// One requested mapping, as `nat.ParsePortSpec` returns it: a single container port and either a
/// fixed host port, a host port range to pick one free port from, or none (ephemeral).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortSpec {
    /// `None` means all addresses (Docker's `""`).
    pub host_ip: Option<IpAddr>,
    /// First host port; 0 means ephemeral.
    pub host_port_start: u16,
    /// Last host port of the range to choose from (equal to the start for a fixed port).
    pub host_port_end: u16,
    pub container_port: u16,
    pub protocol: Protocol,
}

impl PortSpec {
    /// An ephemeral mapping on all addresses (`-P`, or `-p 80`).
    pub fn ephemeral(container_port: u16, protocol: Protocol) -> Self {
        PortSpec {
            host_ip: None,
            host_port_start: 0,
            host_port_end: 0,
            container_port,
            protocol,
        }
    }

    /// The key Docker uses in `PortBindings` / `Ports`: `80/tcp`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.container_port, self.protocol)
    }
}

/// Parses one `-p` value into one mapping per container port.
pub fn parse_port_spec(raw: &str) -> Result<Vec<PortSpec>, PortSpecError> {
    let (ip, host_port, container) = split_parts(raw);
    let (proto, container_port) = split_proto_port(container);
    let mut ip = ip.to_string();
    if ip.starts_with('[') {
        // `[::1]` → `::1`, as net.SplitHostPort(ip + ":") does.
        match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(inner) => ip = inner.to_string(),
            None => return Err(PortSpecError::InvalidBracketIp(ip)),
        }
    }
    let host_ip = if ip.is_empty() {
        None
    } else {
        Some(
            ip.parse::<IpAddr>()
                .map_err(|_| PortSpecError::InvalidIp(ip.clone()))?,
        )
    };
    if container_port.is_empty() {
        return Err(PortSpecError::NoPort(raw.to_string()));
    }
    let (start, end) = parse_port_range(container_port)
        .map_err(|_| PortSpecError::ContainerPort(container_port.to_string()))?;
    let (host_start, host_end) = if host_port.is_empty() {
        (0, 0)
    } else {
        parse_port_range(host_port).map_err(|_| PortSpecError::HostPort(host_port.to_string()))?
    };
    if !host_port.is_empty() && (end - start) != (host_end - host_start) && end != start {
        return Err(PortSpecError::Ranges {
            container: container_port.to_string(),
            host: host_port.to_string(),
        });
    }
    let protocol: Protocol = proto.to_lowercase().parse()?;
    let mut out = Vec::new();
    for i in 0..=(end - start) {
        let (hs, he) = if host_port.is_empty() {
            (0, 0)
        } else if start == end {
            // One container port with a host range: pick one free port of the range.
            (host_start, host_end)
        } else {
            (host_start + i, host_start + i)
        };
        out.push(PortSpec {
            host_ip,
            host_port_start: hs,
            host_port_end: he,
            container_port: start + i,
            protocol,
        });
    }
    Ok(out)
}

/// Parses every `-p` value, keeping Docker's order.
pub fn parse_port_specs<S: AsRef<str>>(raw: &[S]) -> Result<Vec<PortSpec>, PortSpecError> {
    let mut out = Vec::new();
    for r in raw {
        out.extend(parse_port_spec(r.as_ref())?);
    }
    Ok(out)
}

fn split_parts(raw: &str) -> (&str, &str, &str) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    match n {
        1 => ("", "", parts[0]),
        2 => ("", parts[0], parts[1]),
        3 => (parts[0], parts[1], parts[2]),
        _ => {
            // Everything before the last two parts is the (IPv6) address.
            let cut = raw.len() - parts[n - 1].len() - parts[n - 2].len() - 2;
            (&raw[..cut], parts[n - 2], parts[n - 1])
        }
    }
}

fn split_proto_port(raw: &str) -> (&str, &str) {
    let parts: Vec<&str> = raw.split('/').collect();
    if raw.is_empty() || parts[0].is_empty() {
        return ("", "");
    }
    if parts.len() == 1 || parts[1].is_empty() {
        return ("tcp", parts[0]);
    }
    (parts[1], parts[0])
}

/// `nat.ParsePortRange`: `80` or `80-90`, each a 16-bit unsigned number.
fn parse_port_range(ports: &str) -> Result<(u16, u16), String> {
    if ports.is_empty() {
        return Err("empty string specified for ports".into());
    }
    let parse = |s: &str| {
        // strconv.ParseUint accepts digits only (no sign).
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("strconv.ParseUint: parsing {s:?}: invalid syntax"));
        }
        s.parse::<u16>()
            .map_err(|_| format!("strconv.ParseUint: parsing {s:?}: value out of range"))
    };
    match ports.split_once('-') {
        None => {
            let p = parse(ports)?;
            Ok((p, p))
        }
        Some((a, b)) => {
            let (start, end) = (parse(a)?, parse(b)?);
            if end < start {
                return Err(format!("invalid range specified for port: {ports}"));
            }
            Ok((start, end))
        }
    }
}

/// Parses an `--expose` value or an image `EXPOSE` entry (`port[-end][/proto]`) into its ports.
pub fn parse_expose(raw: &str) -> Result<Vec<(u16, Protocol)>, PortSpecError> {
    let (proto, port) = split_proto_port(raw);
    let proto = if proto.is_empty() { "tcp" } else { proto };
    let protocol: Protocol = proto.to_lowercase().parse()?;
    let (start, end) = parse_port_range(port).map_err(|reason| PortSpecError::Expose {
        value: raw.to_string(),
        reason,
    })?;
    Ok((start..=end).map(|p| (p, protocol)).collect())
}

/// `-P`: every exposed port (the image's `EXPOSE` plus `--expose`) on an ephemeral host port,
/// except those that `-p` already maps.
pub fn publish_all<S: AsRef<str>>(
    exposed: &[S],
    explicit: &[PortSpec],
) -> Result<Vec<PortSpec>, PortSpecError> {
    let mut out = Vec::new();
    for e in exposed {
        for (port, protocol) in parse_expose(e.as_ref())? {
            let taken = explicit
                .iter()
                .chain(out.iter())
                .any(|s: &PortSpec| s.container_port == port && s.protocol == protocol);
            if !taken {
                out.push(PortSpec::ephemeral(port, protocol));
            }
        }
    }
    Ok(out)
}

/// A mapping as it was set up: the host port is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedPort {
    /// `None` means all IPv4 addresses (`0.0.0.0`).
    pub host_ip: Option<IpAddr>,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: Protocol,
}

impl PublishedPort {
    pub fn host_ip_text(&self) -> String {
        self.host_ip
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
            .to_string()
    }

    fn host_addr(&self) -> String {
        match self.host_ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)) {
            IpAddr::V4(ip) => format!("{ip}:{}", self.host_port),
            IpAddr::V6(ip) => format!("[{ip}]:{}", self.host_port),
        }
    }

    /// The CNI `portMappings` capability entry for this mapping.
    pub fn cni_mapping(&self) -> serde_json::Value {
        serde_json::json!({
            "hostPort": self.host_port,
            "containerPort": self.container_port,
            "protocol": self.protocol.as_str(),
            "hostIP": self.host_ip.map(|ip| ip.to_string()).unwrap_or_default(),
        })
    }
}

/// Docker's natural order of `80/tcp` keys: by port number, then protocol.
fn natural(a: &PublishedPort, b: &PublishedPort) -> Ordering {
    (a.container_port, a.protocol.as_str(), a.host_port).cmp(&(
        b.container_port,
        b.protocol.as_str(),
        b.host_port,
    ))
}

/// Lines of `docker port C [PORT]`. With a filter (`80` or `80/udp`), only the addresses, and
/// Docker's error when nothing matches. Only IPv4 is published (the networks are IPv4-only), so
/// there is no `[::]` line.
pub fn port_lines(
    ports: &[PublishedPort],
    filter: Option<&str>,
    container: &str,
) -> Result<Vec<String>, String> {
    let mut sorted: Vec<&PublishedPort> = ports.iter().collect();
    sorted.sort_by(|a, b| natural(a, b));
    let Some(filter) = filter else {
        return Ok(sorted
            .iter()
            .map(|p| format!("{}/{} -> {}", p.container_port, p.protocol, p.host_addr()))
            .collect());
    };
    let (port, proto) = match filter.split_once('/') {
        Some((p, proto)) => (p, proto.to_lowercase()),
        None => (filter, "tcp".to_string()),
    };
    let lines: Vec<String> = match port.parse::<u16>() {
        Ok(port) => sorted
            .iter()
            .filter(|p| p.container_port == port && p.protocol.as_str() == proto)
            .map(|p| p.host_addr())
            .collect(),
        Err(_) => Vec::new(),
    };
    if lines.is_empty() {
        return Err(format!(
            "No public port '{filter}' published for {container}"
        ));
    }
    Ok(lines)
}

/// The `ps` PORTS column: `127.0.0.1:9100->9100/udp, 0.0.0.0:9000->7000/tcp`, exposed-only
/// ports bare (`5555/tcp`).
pub fn ps_column(ports: &[PublishedPort], exposed_only: &[(u16, Protocol)]) -> String {
    let mut sorted: Vec<&PublishedPort> = ports.iter().collect();
    sorted.sort_by(|a, b| natural(a, b));
    let mut parts: Vec<String> = exposed_only
        .iter()
        .filter(|(p, proto)| {
            !ports
                .iter()
                .any(|x| x.container_port == *p && x.protocol == *proto)
        })
        .map(|(p, proto)| format!("{p}/{proto}"))
        .collect();
    parts.extend(
        sorted
            .iter()
            .map(|p| format!("{}->{}/{}", p.host_addr(), p.container_port, p.protocol)),
    );
    parts.join(", ")
}

/// The kernel's ephemeral port range (Docker's source of dynamic host ports), or Docker's
/// fallback 49153-65535 when it cannot be read.
pub fn ephemeral_range(path: &Path) -> (u16, u16) {
    const FALLBACK: (u16, u16) = (49153, 65535);
    let Ok(text) = std::fs::read_to_string(path) else {
        return FALLBACK;
    };
    let mut nums = text.split_whitespace().map(str::parse::<u16>);
    match (nums.next(), nums.next()) {
        (Some(Ok(a)), Some(Ok(b))) if a > 0 && a <= b => (a, b),
        _ => FALLBACK,
    }
}

/// The dynamic host ports to choose from: the kernel's ephemeral range without its reserved
/// ports (`ip_local_reserved_ports`, which Docker skips as well).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EphemeralPorts {
    pub start: u16,
    pub end: u16,
    pub reserved: Vec<(u16, u16)>,
}

impl EphemeralPorts {
    /// Reads both files of `/proc/sys/net/ipv4` (`dir`).
    pub fn from_proc(dir: &Path) -> Self {
        let (start, end) = ephemeral_range(&dir.join("ip_local_port_range"));
        let text = std::fs::read_to_string(dir.join("ip_local_reserved_ports")).unwrap_or_default();
        EphemeralPorts {
            start,
            end,
            reserved: parse_reserved(&text),
        }
    }

    pub fn is_reserved(&self, port: u16) -> bool {
        self.reserved.iter().any(|(a, b)| (*a..=*b).contains(&port))
    }
}

/// `8080,9000-9010` → `[(8080, 8080), (9000, 9010)]`; unreadable parts are ignored.
fn parse_reserved(text: &str) -> Vec<(u16, u16)> {
    text.trim()
        .split(',')
        .filter_map(|part| parse_port_range(part.trim()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(raw: &str) -> PortSpec {
        let v = parse_port_spec(raw).unwrap();
        assert_eq!(v.len(), 1, "{raw}");
        v.into_iter().next().unwrap()
    }

    fn err(raw: &str) -> String {
        parse_port_spec(raw).unwrap_err().to_string()
    }

    #[test]
    fn docker_forms() {
        assert_eq!(one("80"), PortSpec::ephemeral(80, Protocol::Tcp));
        let p = one("8080:80");
        assert_eq!(
            (p.host_ip, p.host_port_start, p.host_port_end),
            (None, 8080, 8080)
        );
        let p = one("127.0.0.1:8080:80");
        assert_eq!(p.host_ip, Some("127.0.0.1".parse().unwrap()));
        assert_eq!(one("8080:80/udp").protocol, Protocol::Udp);
        assert_eq!(one("8080:80/TCP").protocol, Protocol::Tcp);
        assert_eq!(one("80/sctp").protocol, Protocol::Sctp);
        let p = one("127.0.0.1::80");
        assert_eq!((p.host_port_start, p.container_port), (0, 80));
        assert_eq!(one("0:80").host_port_start, 0);
        let p = one("8080-8081:80");
        assert_eq!((p.host_port_start, p.host_port_end), (8080, 8081));
        let v = parse_port_spec("9000-9002:7000-7002").unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!((v[2].host_port_start, v[2].container_port), (9002, 7002));
        let v = parse_port_spec("8000-8001:80-81").unwrap();
        assert_eq!(
            v.iter()
                .map(|p| (p.host_port_start, p.host_port_end, p.container_port))
                .collect::<Vec<_>>(),
            vec![(8000, 8000, 80), (8001, 8001, 81)]
        );
        let v = parse_port_spec("80-82").unwrap();
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|p| p.host_port_start == 0));
        let p = one("[::1]:8080:80");
        assert_eq!(p.host_ip, Some("::1".parse().unwrap()));
        // The bare IPv6 form also passed Docker's CLI.
        let p = one("::1:8080:80");
        assert_eq!(
            (p.host_ip, p.host_port_start),
            (Some("::1".parse().unwrap()), 8080)
        );
        let p = one("[::]::80/udp");
        assert_eq!((p.host_port_start, p.protocol), (0, Protocol::Udp));
        // CLI 28 took `80/tcp/udp` as 80/tcp.
        assert_eq!(one("80/tcp/udp").protocol, Protocol::Tcp);
        assert_eq!(one("80/").protocol, Protocol::Tcp);
    }

    #[test]
    fn docker_errors() {
        assert_eq!(
            err("8080-8081:80-82"),
            "invalid ranges specified for container and host Ports: 80-82 and 8080-8081"
        );
        assert_eq!(err("80/xyz"), "invalid proto: xyz");
        assert_eq!(err("abc"), "invalid containerPort: abc");
        assert_eq!(err("80:abc"), "invalid containerPort: abc");
        assert_eq!(err("99999:80"), "invalid hostPort: 99999");
        assert_eq!(err("65536:80"), "invalid hostPort: 65536");
        assert_eq!(err("80-79:80"), "invalid hostPort: 80-79");
        assert_eq!(err("127.0.0.1:80"), "invalid hostPort: 127.0.0.1");
        assert_eq!(err("1.2.3:80:80"), "invalid IP address: 1.2.3");
        assert_eq!(err("8080:"), "no port specified: 8080:<empty>");
        assert_eq!(err(""), "no port specified: <empty>");
        assert_eq!(err("90-80"), "invalid containerPort: 90-80");
        assert_eq!(err("-1:80"), "invalid hostPort: -1");
        assert!(err("[::1:80:80").starts_with("invalid IP address [::1"));
    }

    #[test]
    fn expose_and_publish_all() {
        assert_eq!(
            parse_expose("8000-8001/udp").unwrap(),
            vec![(8000, Protocol::Udp), (8001, Protocol::Udp)]
        );
        assert_eq!(
            parse_expose("abc").unwrap_err().to_string(),
            "invalid range format for --expose: abc, error: strconv.ParseUint: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse_expose("80-70").unwrap_err().to_string(),
            "invalid range format for --expose: 80-70, error: invalid range specified for port: 80-70"
        );
        let explicit = parse_port_spec("8080:80").unwrap();
        let all = publish_all(&["80/tcp", "53/udp", "53/udp"], &explicit).unwrap();
        assert_eq!(all, vec![PortSpec::ephemeral(53, Protocol::Udp)]);
    }

    #[test]
    fn port_output() {
        let p = |ip: Option<&str>, hp, cp, proto| PublishedPort {
            host_ip: ip.map(|s| s.parse().unwrap()),
            host_port: hp,
            container_port: cp,
            protocol: proto,
        };
        let ports = vec![
            p(None, 32769, 83, Protocol::Udp),
            p(Some("::1"), 9090, 90, Protocol::Tcp),
            p(Some("127.0.0.1"), 32770, 81, Protocol::Tcp),
            p(None, 8080, 80, Protocol::Tcp),
            p(None, 8081, 800, Protocol::Tcp),
        ];
        assert_eq!(
            port_lines(&ports, None, "c").unwrap(),
            vec![
                "80/tcp -> 0.0.0.0:8080",
                "81/tcp -> 127.0.0.1:32770",
                "83/udp -> 0.0.0.0:32769",
                "90/tcp -> [::1]:9090",
                "800/tcp -> 0.0.0.0:8081",
            ]
        );
        assert_eq!(
            port_lines(&ports, Some("80"), "c").unwrap(),
            vec!["0.0.0.0:8080"]
        );
        assert_eq!(
            port_lines(&ports, Some("83/udp"), "c").unwrap(),
            vec!["0.0.0.0:32769"]
        );
        assert_eq!(
            port_lines(&ports, Some("83"), "web").unwrap_err(),
            "No public port '83' published for web"
        );
        assert_eq!(
            ps_column(&ports[..2], &[(5555, Protocol::Tcp), (90, Protocol::Tcp)]),
            "5555/tcp, 0.0.0.0:32769->83/udp, [::1]:9090->90/tcp"
        );
        let m = ports[3].cni_mapping();
        assert_eq!(
            m,
            serde_json::json!({"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":""})
        );
    }

    #[test]
    fn reserved_ports() {
        assert_eq!(
            parse_reserved("8080,9000-9010\n"),
            vec![(8080, 8080), (9000, 9010)]
        );
        assert!(parse_reserved("\n").is_empty());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ip_local_port_range"), "40000 40010\n").unwrap();
        std::fs::write(dir.path().join("ip_local_reserved_ports"), "40001-40003\n").unwrap();
        let e = EphemeralPorts::from_proc(dir.path());
        assert_eq!((e.start, e.end), (40000, 40010));
        assert!(e.is_reserved(40002) && !e.is_reserved(40004));
    }

    #[test]
    fn ephemeral_range_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("r");
        std::fs::write(&f, "32768\t60999\n").unwrap();
        assert_eq!(ephemeral_range(&f), (32768, 60999));
        std::fs::write(&f, "junk").unwrap();
        assert_eq!(ephemeral_range(&f), (49153, 65535));
        assert_eq!(ephemeral_range(&dir.path().join("none")), (49153, 65535));
    }
}
