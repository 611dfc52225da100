//! Network-level iptables rules: outbound NAT, forwarding and isolation stated once per network
//! (Docker's bridge-driver model) instead of once per container.
//!
//! Why not the plugins: `bridge` with `ipMasq` makes a chain per container (nine iptables calls
//! on ADD, six on DEL) and `firewall` two rules per container after a dozen checks on every ADD.
//! Together they were most of what `run --rm` on the bridge cost over `--network host`
//! (`bench/bridge_overhead.sh`), yet everything their rules say is about the network: its subnet
//! and its bridge. So linnet states those rules once per network with the `iptables` binary (the
//! same one the plugins use), and the chain keeps `bridge` (no `ipMasq`), `portmap` (published
//! ports stay per container) and `tuning`:
//!
//! - nat `POSTROUTING -s SUBNET ! -d 224.0.0.0/4 ! -o BRIDGE -j MASQUERADE`: what `ipMasq` did
//!   per address (not for `--internal` networks);
//! - filter `LINNET-FORWARD`: replies to the bridge (`RELATED,ESTABLISHED`), connections to
//!   published ports (`DNAT`) and everything from it are accepted: the firewall plugin's
//!   per-address accepts, which matter when `FORWARD`'s policy is DROP (as with Docker on the
//!   same host);
//! - filter `LINNET-ISOLATION-STAGE-1/2`: traffic from one linnet network to another is dropped
//!   (the firewall plugin's `ingressPolicy: same-bridge`), except connections to published
//!   ports (a container reaches them at the host's address, as with Docker); an `--internal`
//!   network drops all traffic that enters or leaves its bridge, as Docker.
//!
//! Every rule carries the comment `linnet:BRIDGE`: that is how [`ensure`] sees what is there
//! (one `iptables-save` per attach, writes only when something is missing) and how [`remove`]
//! finds them at `network rm`. The two jumps from `FORWARD` are shared by all networks and stay.

use std::path::Path;
use std::process::Command;

use ipnet::Ipv4Net;
use nix::fcntl::{Flock, FlockArg};

use crate::conflist::NetworkMeta;
use crate::error::{Error, Result};
use crate::sweep::shell_words;

pub const FORWARD_CHAIN: &str = "LINNET-FORWARD";
pub const ISOLATION_1: &str = "LINNET-ISOLATION-STAGE-1";
pub const ISOLATION_2: &str = "LINNET-ISOLATION-STAGE-2";

/// One rule as `iptables-save` prints it: table and the words after `-A`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub table: &'static str,
    pub chain: String,
    pub args: Vec<String>,
}

impl Rule {
    fn new(table: &'static str, chain: &str, args: &[&str]) -> Rule {
        Rule {
            table,
            chain: chain.to_string(),
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The line `iptables-save` prints for this rule (its canonical option order).
    pub fn save_line(&self) -> String {
        // It quotes a comment, whatever it contains.
        let mut line = format!("-A {}", self.chain);
        let mut prev = "";
        for a in &self.args {
            if prev == "--comment" {
                line.push_str(&format!(" \"{a}\""));
            } else {
                line.push(' ');
                line.push_str(a);
            }
            prev = a;
        }
        line
    }
}

fn comment(bridge: &str) -> String {
    format!("linnet:{bridge}")
}

/// The rules of one network, in `iptables-save`'s option order.
pub fn rules(meta: &NetworkMeta) -> Vec<Rule> {
    let b = meta.bridge.as_str();
    let c = comment(b);
    let subnet = Ipv4Net::new(meta.subnet.network(), meta.subnet.prefix_len())
        .unwrap_or(meta.subnet)
        .to_string();
    let tag = ["-m", "comment", "--comment", c.as_str()];
    let with = |head: &[&str], tail: &[&str]| -> Vec<String> {
        head.iter()
            .chain(tag.iter())
            .chain(tail.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let rule = |table, chain: &str, args: Vec<String>| Rule {
        table,
        chain: chain.to_string(),
        args,
    };
    if meta.internal {
        return vec![
            rule(
                "filter",
                ISOLATION_1,
                with(&["-i", b, "!", "-o", b], &["-j", "DROP"]),
            ),
            rule(
                "filter",
                ISOLATION_1,
                with(&["!", "-i", b, "-o", b], &["-j", "DROP"]),
            ),
        ];
    }
    vec![
        rule(
            "nat",
            "POSTROUTING",
            with(
                &["-s", &subnet, "!", "-d", "224.0.0.0/4", "!", "-o", b],
                &["-j", "MASQUERADE"],
            ),
        ),
        // Connections to published ports (DNATed by portmap) may cross networks, as Docker's
        // docker-proxy lets them: a container reaches another network's published port through
        // the host's address.
        rule(
            "filter",
            ISOLATION_1,
            with(
                &[
                    "-i",
                    b,
                    "!",
                    "-o",
                    b,
                    "-m",
                    "conntrack",
                    "!",
                    "--ctstate",
                    "DNAT",
                ],
                &["-j", ISOLATION_2],
            ),
        ),
        rule("filter", ISOLATION_2, with(&["-o", b], &["-j", "DROP"])),
        rule(
            "filter",
            FORWARD_CHAIN,
            with(
                &[
                    "-o",
                    b,
                    "-m",
                    "conntrack",
                    "--ctstate",
                    // DNAT: new connections to published ports, when FORWARD's policy is DROP.
                    "RELATED,ESTABLISHED,DNAT",
                ],
                &["-j", "ACCEPT"],
            ),
        ),
        rule("filter", FORWARD_CHAIN, with(&["-i", b], &["-j", "ACCEPT"])),
    ]
}

/// The shared jumps from `FORWARD`, isolation first.
fn jumps() -> [Rule; 2] {
    [
        Rule::new(
            "filter",
            "FORWARD",
            &[
                "-m",
                "comment",
                "--comment",
                "linnet isolation",
                "-j",
                ISOLATION_1,
            ],
        ),
        Rule::new(
            "filter",
            "FORWARD",
            &[
                "-m",
                "comment",
                "--comment",
                "linnet networks",
                "-j",
                FORWARD_CHAIN,
            ],
        ),
    ]
}

/// What `iptables-save` shows: per table, its chains and `-A` lines.
#[derive(Debug, Default)]
pub struct Saved {
    tables: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Saved {
    pub fn parse(text: &str) -> Saved {
        let mut s = Saved::default();
        for line in text.lines() {
            if let Some(t) = line.strip_prefix('*') {
                s.tables
                    .push((t.trim().to_string(), Vec::new(), Vec::new()));
            } else if let Some((_, chains, rules)) = s.tables.last_mut() {
                if let Some(c) = line.strip_prefix(':') {
                    chains.push(c.split_whitespace().next().unwrap_or_default().to_string());
                } else if line.starts_with("-A ") {
                    rules.push(line.trim_end().to_string());
                }
            }
        }
        s
    }

    fn table(&self, name: &str) -> Option<&(String, Vec<String>, Vec<String>)> {
        self.tables.iter().find(|(t, _, _)| t == name)
    }

    fn has_chain(&self, table: &str, chain: &str) -> bool {
        self.table(table)
            .is_some_and(|(_, chains, _)| chains.iter().any(|c| c == chain))
    }

    fn has(&self, rule: &Rule) -> bool {
        let line = rule.save_line();
        self.table(rule.table)
            .is_some_and(|(_, _, rules)| rules.contains(&line))
    }

    fn rules<'a>(&'a self, table: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.table(table)
            .into_iter()
            .flat_map(|(_, _, rules)| rules.iter())
    }
}

/// The changes that bring `saved` to the rules of `meta`: `iptables` argument lists, in order.
pub fn plan(saved: &Saved, meta: &NetworkMeta) -> Vec<Vec<String>> {
    let wanted = rules(meta);
    let mut cmds: Vec<Vec<String>> = Vec::new();
    let words = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let tag = format!("\"{}\"", comment(&meta.bridge));
    // Rules of this bridge that are not wanted (another subnet, internal changed) and
    // masquerade rules of a stale network on this subnet (its bridge name differs: a data root
    // deleted without `network rm`); subnets are claimed machine-wide, so no live network owns
    // such a rule.
    let subnet = format!("-s {} ", meta.subnet.trunc());
    for table in ["nat", "filter"] {
        for line in saved.rules(table) {
            let ours = line.split_whitespace().any(|w| w == tag);
            let stale_masq = table == "nat"
                && line.starts_with("-A POSTROUTING ")
                && line.contains(&subnet)
                && line.contains("--comment \"linnet:")
                && !ours;
            let wanted_here = wanted
                .iter()
                .any(|r| r.table == table && r.save_line() == *line);
            if (ours && !wanted_here) || stale_masq {
                let w = shell_words(line);
                let mut cmd = words(&["-t", table, "-D"]);
                cmd.extend(w.into_iter().skip(1));
                cmds.push(cmd);
            }
        }
    }
    for chain in [FORWARD_CHAIN, ISOLATION_1, ISOLATION_2] {
        if !saved.has_chain("filter", chain) {
            cmds.push(words(&["-t", "filter", "-N", chain]));
        }
    }
    let [iso, fwd] = jumps();
    let lines: Vec<&String> = saved.rules("filter").collect();
    let pos = |r: &Rule| lines.iter().position(|l| **l == r.save_line());
    let in_order = matches!((pos(&iso), pos(&fwd)), (Some(i), Some(f)) if i < f);
    if !in_order {
        for r in [&iso, &fwd] {
            if pos(r).is_some() {
                let mut cmd = words(&["-t", "filter", "-D", "FORWARD"]);
                cmd.extend(r.args.iter().cloned());
                cmds.push(cmd);
            }
        }
        for r in [&fwd, &iso] {
            let mut cmd = words(&["-t", "filter", "-I", "FORWARD", "1"]);
            cmd.extend(r.args.iter().cloned());
            cmds.push(cmd);
        }
    }
    for r in wanted.iter().filter(|r| !saved.has(r)) {
        let mut cmd = vec![
            "-t".to_string(),
            r.table.to_string(),
            "-A".to_string(),
            r.chain.clone(),
        ];
        cmd.extend(r.args.iter().cloned());
        cmds.push(cmd);
    }
    cmds
}

fn iptables_save() -> Result<Saved> {
    let out = Command::new("iptables-save")
        .output()
        .map_err(|source| Error::Exec {
            program: "iptables-save".into(),
            source,
        })?;
    if !out.status.success() {
        return Err(Error::ExecFailed {
            program: "iptables-save".into(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(Saved::parse(&String::from_utf8_lossy(&out.stdout)))
}

fn iptables(args: &[String]) -> Result<()> {
    let out = Command::new("iptables")
        .arg("-w")
        .args(args)
        .output()
        .map_err(|source| Error::Exec {
            program: "iptables".into(),
            source,
        })?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::ExecFailed {
        program: format!("iptables {}", args.join(" ")),
        stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
    })
}

/// Makes the rules of `meta` present: one `iptables-save` when they are (every attach), the
/// missing ones written under a machine-wide lock (`lock_dir`) otherwise.
pub fn ensure(meta: &NetworkMeta, lock_dir: &Path) -> Result<()> {
    if plan(&iptables_save()?, meta).is_empty() {
        return Ok(());
    }
    let _lock = lock(lock_dir)?;
    // Another process may have written them while this one waited.
    let cmds = plan(&iptables_save()?, meta);
    tracing::debug!(
        "network {}: {} iptables changes for its network-level rules",
        meta.name,
        cmds.len()
    );
    for cmd in &cmds {
        iptables(cmd)?;
    }
    Ok(())
}

/// Removes the rules of a network (`network rm`, destroying a data root). Best effort.
pub fn remove(bridge: &str) {
    let Ok(saved) = iptables_save() else {
        return;
    };
    let tag = format!("\"{}\"", comment(bridge));
    for table in ["nat", "filter"] {
        for line in saved.rules(table) {
            if line.split_whitespace().any(|w| w == tag) {
                let mut cmd = vec!["-t".to_string(), table.to_string(), "-D".to_string()];
                cmd.extend(shell_words(line).into_iter().skip(1));
                if let Err(e) = iptables(&cmd) {
                    tracing::warn!("cannot remove a rule of bridge {bridge}: {e}");
                }
            }
        }
    }
}

fn lock(dir: &Path) -> Result<Flock<std::fs::File>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let path = dir.join(".iptables.lock");
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;

    fn meta(internal: bool) -> NetworkMeta {
        NetworkMeta {
            id: "ab".repeat(32),
            name: "n".into(),
            created: String::new(),
            driver: "bridge".into(),
            bridge: "br0".into(),
            subnet: "10.9.0.0/24".parse().unwrap(),
            gateway: Ipv4Addr::new(10, 9, 0, 1),
            ip_range: None,
            user_subnet: false,
            internal,
            default: false,
            labels: BTreeMap::new(),
            options: BTreeMap::new(),
        }
    }

    #[test]
    fn rules_print_as_iptables_save_does() {
        let r = rules(&meta(false));
        assert_eq!(
            r[0].save_line(),
            "-A POSTROUTING -s 10.9.0.0/24 ! -d 224.0.0.0/4 ! -o br0 -m comment --comment \"linnet:br0\" -j MASQUERADE"
        );
        assert_eq!(
            r[3].save_line(),
            "-A LINNET-FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment \"linnet:br0\" -j ACCEPT"
        );
        assert_eq!(
            r[1].save_line(),
            "-A LINNET-ISOLATION-STAGE-1 -i br0 ! -o br0 -m conntrack ! --ctstate DNAT -m comment --comment \"linnet:br0\" -j LINNET-ISOLATION-STAGE-2"
        );
        assert_eq!(
            jumps()[0].save_line(),
            "-A FORWARD -m comment --comment \"linnet isolation\" -j LINNET-ISOLATION-STAGE-1"
        );
        assert!(rules(&meta(true)).iter().all(|r| r.table == "filter"));
    }

    #[test]
    fn plan_is_empty_when_everything_is_there() {
        let m = meta(false);
        let mut text = String::from("*nat\n:POSTROUTING ACCEPT [0:0]\n");
        text.push_str(&rules(&m)[0].save_line());
        text.push_str(
            "\n-A POSTROUTING -s 10.9.0.0/24 ! -o brold -m comment --comment \"linnet:brold\" -j MASQUERADE\nCOMMIT\n*filter\n:FORWARD ACCEPT [0:0]\n:LINNET-FORWARD - [0:0]\n:LINNET-ISOLATION-STAGE-1 - [0:0]\n:LINNET-ISOLATION-STAGE-2 - [0:0]\n",
        );
        for j in jumps() {
            text.push_str(&j.save_line());
            text.push('\n');
        }
        for r in &rules(&m)[1..] {
            text.push_str(&r.save_line());
            text.push('\n');
        }
        text.push_str("COMMIT\n");
        let cmds = plan(&Saved::parse(&text), &m);
        // Only the stale masquerade of a former network on the same subnet goes.
        assert_eq!(cmds.len(), 1, "{cmds:?}");
        assert_eq!(cmds[0][..4], ["-t", "nat", "-D", "POSTROUTING"]);
        assert!(cmds[0].contains(&"linnet:brold".to_string()));

        let empty = plan(&Saved::parse("*nat\nCOMMIT\n*filter\nCOMMIT\n"), &m);
        assert_eq!(empty.len(), 3 + 2 + 5, "{empty:?}");
        assert_eq!(empty[3][..5], ["-t", "filter", "-I", "FORWARD", "1"]);
        assert!(empty[3].contains(&FORWARD_CHAIN.to_string()));
        assert!(empty[4].contains(&ISOLATION_1.to_string()));
    }
}
