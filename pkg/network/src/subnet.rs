//! Address space: which IPv4 subnets are taken (host routes, host interfaces, every linnet
//! instance's networks) and which /24 comes next. nerdctl's rule: the default network wants
//! 10.4.0.0/24, user networks take the first free /24 from 10.4.1.0 upward.

use std::net::Ipv4Addr;
use std::path::Path;

use ipnet::Ipv4Net;

use crate::error::{Error, Result};

/// The default network's preferred subnet.
pub fn default_subnet() -> Ipv4Net {
    Ipv4Net::from(Ipv4Addr::new(10, 4, 0, 0)).trunc_to(24)
}

/// Where user networks start looking for a free /24.
pub const USER_START: Ipv4Addr = Ipv4Addr::new(10, 4, 1, 0);

trait TruncTo {
    fn trunc_to(self, prefix: u8) -> Ipv4Net;
}

impl TruncTo for Ipv4Net {
    fn trunc_to(self, prefix: u8) -> Ipv4Net {
        Ipv4Net::new(self.addr(), prefix).unwrap_or(self).trunc()
    }
}

/// A subnet already in use, and who uses it (for the overlap error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub net: Ipv4Net,
    pub by: String,
}

/// Routes of the host's main table (`/proc/net/route`), without default routes. Connected
/// routes cover every interface address, so this is also the interface check.
pub fn host_routes(path: &Path) -> Vec<Taken> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    parse_proc_route(&text)
}

fn parse_proc_route(text: &str) -> Vec<Taken> {
    let mut out = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 8 {
            continue;
        }
        let (Ok(dst), Ok(mask)) = (
            u32::from_str_radix(cols[1], 16),
            u32::from_str_radix(cols[7], 16),
        ) else {
            continue;
        };
        // The file holds little-endian words.
        let dst = Ipv4Addr::from(u32::from_be(dst));
        let mask = u32::from_be(mask);
        if mask == 0 {
            continue;
        }
        let prefix = mask.leading_ones() as u8;
        if let Ok(net) = Ipv4Net::new(dst, prefix) {
            out.push(Taken {
                net: net.trunc(),
                by: format!("route on {}", cols[0]),
            });
        }
    }
    out
}

pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// The first taken subnet that `net` overlaps.
pub fn find_overlap<'a>(net: &Ipv4Net, taken: &'a [Taken]) -> Option<&'a Taken> {
    taken.iter().find(|t| overlaps(net, &t.net))
}

/// `preferred` if free, else the first free /24 from `start` upward within 10.0.0.0/8.
pub fn allocate(preferred: Option<Ipv4Net>, start: Ipv4Addr, taken: &[Taken]) -> Result<Ipv4Net> {
    if let Some(p) = preferred {
        if find_overlap(&p, taken).is_none() {
            return Ok(p);
        }
    }
    let mut addr = u32::from(start) & 0xffff_ff00;
    while addr < 0x0b00_0000 {
        let net = Ipv4Net::new(Ipv4Addr::from(addr), 24).map_err(|_| Error::NoFreeSubnet)?;
        if find_overlap(&net, taken).is_none() {
            return Ok(net);
        }
        addr += 0x100;
    }
    Err(Error::NoFreeSubnet)
}

/// Parses `--subnet` as Docker and nerdctl do: IPv4 only, host bits must be zero.
pub fn parse_subnet(raw: &str) -> Result<Ipv4Net> {
    if raw.contains(':') {
        return Err(Error::Ipv6Unsupported(raw.to_string()));
    }
    let net: Ipv4Net = raw
        .parse()
        .map_err(|_| Error::InvalidSubnet(raw.to_string()))?;
    if net.addr() != net.network() {
        return Err(Error::UnexpectedSubnet {
            given: raw.to_string(),
            meant: net.trunc().to_string(),
        });
    }
    if net.prefix_len() > 30 {
        return Err(Error::SubnetTooSmall(raw.to_string()));
    }
    Ok(net)
}

/// The first host address of a subnet: the default gateway.
pub fn first_host(net: &Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(net.network()) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn t(s: &str) -> Taken {
        Taken {
            net: n(s),
            by: "test".into(),
        }
    }

    #[test]
    fn proc_route() {
        let text =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n\
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n\
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n\
br0\t0000040A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";
        let r = parse_proc_route(text);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].net, n("192.0.2.0/24"));
        assert_eq!(r[0].by, "route on eth0");
        assert_eq!(r[1].net, n("10.4.0.0/16"));
    }

    #[test]
    fn allocation_skips_taken() {
        let start = Ipv4Addr::new(10, 4, 1, 0);
        assert_eq!(
            allocate(Some(default_subnet()), start, &[]).unwrap(),
            default_subnet()
        );
        let taken = vec![t("10.4.0.0/24"), t("10.4.1.0/24"), t("10.4.2.128/25")];
        assert_eq!(
            allocate(Some(default_subnet()), Ipv4Addr::new(10, 4, 0, 0), &taken).unwrap(),
            n("10.4.3.0/24")
        );
        // A wide route covers many /24s.
        let taken = vec![t("10.4.0.0/16")];
        assert_eq!(allocate(None, start, &taken).unwrap(), n("10.5.0.0/24"));
        let taken = vec![t("10.0.0.0/8")];
        assert!(matches!(
            allocate(None, start, &taken),
            Err(Error::NoFreeSubnet)
        ));
    }

    #[test]
    fn overlap_both_ways() {
        assert!(overlaps(&n("10.4.0.0/16"), &n("10.4.3.0/24")));
        assert!(overlaps(&n("10.4.3.0/24"), &n("10.4.0.0/16")));
        assert!(!overlaps(&n("10.4.3.0/24"), &n("10.4.4.0/24")));
        let taken = vec![t("192.168.0.0/16")];
        assert!(find_overlap(&n("192.168.7.0/24"), &taken).is_some());
    }

    #[test]
    fn subnet_parsing() {
        assert_eq!(parse_subnet("10.99.0.0/24").unwrap(), n("10.99.0.0/24"));
        assert_eq!(
            parse_subnet("10.99.0.1/24").unwrap_err().to_string(),
            "unexpected subnet \"10.99.0.1/24\", maybe you meant \"10.99.0.0/24\"?"
        );
        assert!(matches!(parse_subnet("abc"), Err(Error::InvalidSubnet(_))));
        assert!(matches!(
            parse_subnet("fd00::/64"),
            Err(Error::Ipv6Unsupported(_))
        ));
        assert!(matches!(
            parse_subnet("10.1.1.0/31"),
            Err(Error::SubnetTooSmall(_))
        ));
        assert_eq!(first_host(&n("10.99.0.0/24")), Ipv4Addr::new(10, 99, 0, 1));
    }
}
