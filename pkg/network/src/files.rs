//! The per-container `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf`, in Docker's formats.
//!
//! Name resolution between containers of a user network works through `/etc/hosts` (nerdctl's
//! hostsstore approach): every member's file lists the other members, and is rewritten in place
//! (the file is bind-mounted, so its inode must stay) when a member joins or leaves. Docker's
//! embedded DNS at 127.0.0.11 would need a daemon, which linnet does not have.

use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Docker's fixed block at the top of every generated hosts file.
const HOSTS_HEADER: &str = "127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
fe00::0\tip6-localnet
ff00::0\tip6-mcastprefix
ff02::1\tip6-allnodes
ff02::2\tip6-allrouters
";

/// One `--add-host` entry; `host-gateway` is resolved by the caller of [`parse_add_host`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtraHost {
    pub name: String,
    pub ip: IpAddr,
}

/// The value `--add-host name:host-gateway` stands for.
pub const HOST_GATEWAY: &str = "host-gateway";

/// Parses `name:ip`, `name=ip` or `name=[v6]`; `host-gateway` becomes `gateway`.
pub fn parse_add_host(raw: &str, gateway: Ipv4Addr) -> Result<ExtraHost> {
    // Docker ≥ 25 accepts `=`; the old form splits at the first `:` (IPv6 addresses keep theirs).
    let (name, ip) = match raw.split_once('=') {
        Some(pair) => pair,
        None => raw
            .split_once(':')
            .ok_or_else(|| Error::AddHostFormat(raw.to_string()))?,
    };
    let name = name.trim();
    let ip = ip.trim();
    if name.is_empty() || ip.is_empty() {
        return Err(Error::AddHostFormat(raw.to_string()));
    }
    let ip = if ip == HOST_GATEWAY {
        IpAddr::V4(gateway)
    } else {
        let bare = ip
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(ip);
        bare.parse()
            .map_err(|_| Error::AddHostAddress(ip.to_string()))?
    };
    Ok(ExtraHost {
        name: name.to_string(),
        ip,
    })
}

/// Another member of a user network, as listed in each member's hosts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub ip: Ipv4Addr,
    /// hostname, container name, aliases, `<name>.<network>`: duplicates are dropped.
    pub names: Vec<String>,
}

/// The hosts file of a container: the fixed block, `--add-host` entries, the container's own
/// line (`IP fqdn short`), then (user networks only) the other members.
pub fn hosts(
    own_ip: Option<Ipv4Addr>,
    hostname: &str,
    domainname: Option<&str>,
    extra: &[ExtraHost],
    peers: &[Peer],
) -> String {
    let mut out = String::from(HOSTS_HEADER);
    for e in extra {
        let _ = writeln!(out, "{}\t{}", e.ip, e.name);
    }
    if let Some(ip) = own_ip {
        match domainname.filter(|d| !d.is_empty()) {
            Some(domain) => {
                let _ = writeln!(out, "{ip}\t{hostname}.{domain} {hostname}");
            }
            None => {
                let _ = writeln!(out, "{ip}\t{hostname}");
            }
        }
    }
    if !peers.is_empty() {
        out.push_str("# <linnet>\n");
        for p in peers {
            let mut names: Vec<&str> = Vec::new();
            for n in &p.names {
                if !n.is_empty() && !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
            let _ = writeln!(out, "{}\t{}", p.ip, names.join(" "));
        }
        out.push_str("# </linnet>\n");
    }
    out
}

/// `--dns`, `--dns-search`, `--dns-option`: each replaces its directive when given.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DnsOptions {
    pub servers: Vec<String>,
    pub search: Vec<String>,
    pub options: Vec<String>,
}

impl DnsOptions {
    /// Checks `--dns` values as Docker's flag parser does.
    pub fn validate(&self) -> Result<()> {
        for s in &self.servers {
            if s.parse::<IpAddr>().is_err() {
                return Err(Error::DnsAddress(s.clone()));
            }
        }
        Ok(())
    }
}

/// Where the host's resolvers come from: `/etc/resolv.conf`, or systemd-resolved's upstream
/// file when the host file only points at the 127.0.0.53 stub (as Docker does).
pub fn host_resolv_conf_path(etc: &Path, systemd: &Path) -> PathBuf {
    if let Ok(text) = std::fs::read_to_string(etc) {
        let servers: Vec<&str> = directive(&text, "nameserver").collect();
        if servers == ["127.0.0.53"] && systemd.exists() {
            return systemd.to_path_buf();
        }
    }
    etc.to_path_buf()
}

fn directive<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.lines().filter_map(move |line| {
        let mut words = line.split_whitespace();
        (words.next() == Some(key)).then(|| words.next()).flatten()
    })
}

fn directive_words<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    // The last `search`/`options` line wins for search; options accumulate (glibc).
    let mut out = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        if words.next() == Some(key) {
            if key == "search" {
                out.clear();
            }
            out.extend(words);
        }
    }
    out
}

/// Docker's "legacy" transform of the host's resolv.conf: loopback and IPv6 nameservers are
/// dropped (the container cannot reach the host's loopback), Google's servers are the fallback,
/// the `--dns*` flags override their directive. `source` names the host file in the footer.
pub fn resolv_conf(host: &str, source: &Path, dns: &DnsOptions) -> String {
    let mut overrides = Vec::new();
    let mut used_default = false;
    let servers: Vec<String> = if dns.servers.is_empty() {
        let kept: Vec<String> = directive(host, "nameserver")
            .filter(|s| match s.parse::<IpAddr>() {
                Ok(IpAddr::V4(ip)) => !ip.is_loopback(),
                // No IPv6 on linnet's networks.
                Ok(IpAddr::V6(_)) => false,
                Err(_) => false,
            })
            .map(str::to_string)
            .collect();
        if kept.is_empty() {
            used_default = true;
            vec!["8.8.8.8".to_string(), "8.8.4.4".to_string()]
        } else {
            kept
        }
    } else {
        overrides.push("nameservers");
        dns.servers.clone()
    };
    let search: Vec<String> = if dns.search.is_empty() {
        directive_words(host, "search")
            .into_iter()
            .map(str::to_string)
            .collect()
    } else {
        overrides.push("search");
        // `--dns-search .` means no search domains.
        dns.search
            .iter()
            .filter(|s| s.as_str() != ".")
            .cloned()
            .collect()
    };
    let options: Vec<String> = if dns.options.is_empty() {
        directive_words(host, "options")
            .into_iter()
            .map(str::to_string)
            .collect()
    } else {
        overrides.push("options");
        dns.options.clone()
    };

    let mut out = String::from(
        "# Generated by linnet.\n# This file can be edited; linnet will not make further changes once it\n# has been modified.\n\n",
    );
    for s in &servers {
        let _ = writeln!(out, "nameserver {s}");
    }
    if !search.is_empty() {
        let _ = writeln!(out, "search {}", search.join(" "));
    }
    if !options.is_empty() {
        let _ = writeln!(out, "options {}", options.join(" "));
    }
    let _ = write!(
        out,
        "\n# Based on host file: '{}' (legacy)\n",
        source.display()
    );
    if used_default {
        out.push_str("# Used default nameservers.\n");
    }
    if !overrides.is_empty() {
        let _ = writeln!(out, "# Overrides: [{}]", overrides.join(" "));
    }
    out
}

/// Writes `contents` into `path` in place: the file may be bind-mounted into a running
/// container, and a rename would leave the container with the old inode.
pub fn write_in_place(path: &Path, contents: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .map_err(|e| Error::io("write", path, e))?;
    f.write_all(contents.as_bytes())
        .map_err(|e| Error::io("write", path, e))?;
    Ok(())
}

/// Docker's limit on `--hostname`.
pub fn validate_hostname(name: &str) -> Result<()> {
    if name.len() > 64 {
        return Err(Error::HostnameTooLong(name.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_like_docker() {
        let extra = vec![
            parse_add_host("foo:1.2.3.4", Ipv4Addr::new(10, 4, 0, 1)).unwrap(),
            parse_add_host("gw:host-gateway", Ipv4Addr::new(10, 4, 0, 1)).unwrap(),
            parse_add_host("v6=[::1]", Ipv4Addr::new(10, 4, 0, 1)).unwrap(),
        ];
        let text = hosts(
            Some(Ipv4Addr::new(10, 4, 0, 3)),
            "myhost",
            Some("example.org"),
            &extra,
            &[],
        );
        assert_eq!(
            text,
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n\
             ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n\
             1.2.3.4\tfoo\n10.4.0.1\tgw\n::1\tv6\n10.4.0.3\tmyhost.example.org myhost\n"
        );
        let peers = vec![Peer {
            ip: Ipv4Addr::new(10, 4, 1, 2),
            names: vec!["abc".into(), "web".into(), "web".into(), "web.mynet".into()],
        }];
        let text = hosts(Some(Ipv4Addr::new(10, 4, 1, 3)), "def", None, &[], &peers);
        assert!(
            text.ends_with("10.4.1.3\tdef\n# <linnet>\n10.4.1.2\tabc web web.mynet\n# </linnet>\n")
        );
        // `none`: only the fixed block.
        assert_eq!(hosts(None, "x", None, &[], &[]), HOSTS_HEADER);
    }

    #[test]
    fn add_host_errors() {
        let gw = Ipv4Addr::new(10, 4, 0, 1);
        assert_eq!(
            parse_add_host("foo", gw).unwrap_err().to_string(),
            "bad format for add-host: \"foo\""
        );
        assert_eq!(
            parse_add_host("foo:bar", gw).unwrap_err().to_string(),
            "invalid IP address in add-host: \"bar\""
        );
        assert_eq!(
            parse_add_host("h:::1", gw).unwrap().ip,
            "::1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn resolv_conf_filters_and_falls_back() {
        let host = "# comment\nnameserver 127.0.0.53\nnameserver 9.9.9.9\nnameserver ::1\nnameserver 2001:db8::1\nsearch a.example b.example\noptions ndots:2\n";
        let text = resolv_conf(host, Path::new("/etc/resolv.conf"), &DnsOptions::default());
        assert_eq!(
            text,
            "# Generated by linnet.\n# This file can be edited; linnet will not make further changes once it\n# has been modified.\n\n\
             nameserver 9.9.9.9\nsearch a.example b.example\noptions ndots:2\n\n\
             # Based on host file: '/etc/resolv.conf' (legacy)\n"
        );
        let text = resolv_conf(
            "nameserver 127.0.0.1\n",
            Path::new("/etc/resolv.conf"),
            &DnsOptions::default(),
        );
        assert!(text.contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n"));
        assert!(text.contains("# Used default nameservers.\n"));
        let dns = DnsOptions {
            servers: vec!["1.1.1.1".into()],
            search: vec![".".into()],
            options: vec!["ndots:5".into(), "timeout:1".into()],
        };
        let text = resolv_conf(host, Path::new("/etc/resolv.conf"), &dns);
        assert!(text.contains("\nnameserver 1.1.1.1\noptions ndots:5 timeout:1\n"));
        assert!(!text.contains("\nsearch "));
        assert!(text.ends_with("# Overrides: [nameservers search options]\n"));
    }

    #[test]
    fn dns_and_hostname_validation() {
        let dns = DnsOptions {
            servers: vec!["abc".into()],
            ..Default::default()
        };
        assert_eq!(
            dns.validate().unwrap_err().to_string(),
            "IP address is not correctly formatted: abc"
        );
        assert!(validate_hostname(&"a".repeat(64)).is_ok());
        assert!(validate_hostname(&"a".repeat(65)).is_err());
    }

    #[test]
    fn systemd_resolved_stub() {
        let dir = tempfile::tempdir().unwrap();
        let etc = dir.path().join("resolv.conf");
        let upstream = dir.path().join("upstream.conf");
        std::fs::write(&etc, "nameserver 127.0.0.53\noptions edns0\n").unwrap();
        assert_eq!(host_resolv_conf_path(&etc, &upstream), etc);
        std::fs::write(&upstream, "nameserver 10.0.0.1\n").unwrap();
        assert_eq!(host_resolv_conf_path(&etc, &upstream), upstream);
    }
}
