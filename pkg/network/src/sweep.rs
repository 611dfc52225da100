//! A safety net after DEL: remove every iptables rule that names the container's CNI id, and the
//! per-container chains those rules jump to (nerdctl's postStop does the same).
//!
//! Why: the plugins own the rules, but Debian's 1.1.1 plugins leave some behind in corner cases:
//! `bridge` skips the masquerade teardown when the container interface is already gone,
//! `portmap` and `firewall` delete nothing without `runtimeConfig`/`prevResult` (a cache lost in
//! a crash), and a DEL can fail halfway. `detach` sweeps only then (a clean DEL of linnet's chain
//! leaves nothing): one `iptables-save`, and rules are only touched when they match.

use std::net::Ipv4Addr;
use std::process::Command;

/// Chains the plugins create once and share between containers: never removed here.
const SHARED_CHAINS: [&str; 7] = [
    "CNI-HOSTPORT-DNAT",
    "CNI-HOSTPORT-MASQ",
    "CNI-HOSTPORT-SETMARK",
    "CNI-FORWARD",
    "CNI-ADMIN",
    "CNI-ISOLATION-STAGE-1",
    "CNI-ISOLATION-STAGE-2",
];

/// One leftover rule: its table and its `-A ...` words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    pub table: String,
    pub words: Vec<String>,
}

/// Rules of `iptables-save` output whose comment names `cni_id` or that the firewall plugin made
/// for one of `ips` (its `CNI-FORWARD` rules carry no comment), and the per-container chains the
/// rules jump to (as `(table, chain)`).
pub fn leftovers(
    save: &str,
    cni_id: &str,
    ips: &[Ipv4Addr],
) -> (Vec<Leftover>, Vec<(String, String)>) {
    // iptables-save escapes the quotes inside a comment: id: \"<id>\"
    let needle = format!("id: \\\"{cni_id}\\\"");
    let forward: Vec<String> = ips
        .iter()
        .flat_map(|ip| [format!("-d {ip}/32 "), format!("-s {ip}/32 ")])
        .collect();
    let mut table = String::new();
    let mut rules = Vec::new();
    let mut chains: Vec<(String, String)> = Vec::new();
    for line in save.lines() {
        if let Some(t) = line.strip_prefix('*') {
            table = t.trim().to_string();
            continue;
        }
        let firewall = line.starts_with("-A CNI-FORWARD ")
            && forward.iter().any(|f| line.contains(f.as_str()));
        if !line.starts_with("-A ") || !(line.contains(&needle) || firewall) {
            continue;
        }
        let words = shell_words(line);
        if let Some(target) = words
            .windows(2)
            .find(|w| w[0] == "-j" || w[0] == "-g")
            .map(|w| w[1].clone())
        {
            let own = target.starts_with("CNI-") && !SHARED_CHAINS.contains(&target.as_str());
            if own && !chains.contains(&(table.clone(), target.clone())) {
                chains.push((table.clone(), target));
            }
        }
        rules.push(Leftover {
            table: table.clone(),
            words,
        });
    }
    (rules, chains)
}

/// Removes the leftovers of `cni_id` (with addresses `ips`); returns how many rules and chains
/// were deleted.
pub fn sweep(cni_id: &str, ips: &[Ipv4Addr]) -> usize {
    let Ok(out) = Command::new("iptables-save").output() else {
        return 0;
    };
    let save = String::from_utf8_lossy(&out.stdout);
    let (rules, chains) = leftovers(&save, cni_id, ips);
    if rules.is_empty() {
        return 0;
    }
    tracing::debug!(
        "removing {} leftover iptables rules of {cni_id}",
        rules.len()
    );
    let mut removed = 0;
    // Rules inside the container's own chains go with the chain; delete the others one by one.
    for r in &rules {
        let chain = r.words.get(1).cloned().unwrap_or_default();
        if chains.contains(&(r.table.clone(), chain)) {
            continue;
        }
        let ok = Command::new("iptables")
            .args(["-w", "-t", &r.table, "-D"])
            .args(&r.words[1..])
            .output()
            .is_ok_and(|o| o.status.success());
        removed += usize::from(ok);
    }
    for (table, chain) in &chains {
        for op in ["-F", "-X"] {
            let _ = Command::new("iptables")
                .args(["-w", "-t", table, op, chain])
                .output();
        }
        removed += 1;
    }
    removed
}

/// Splits an `iptables -S`/`iptables-save` line into words, honouring double quotes.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rules_and_own_chains() {
        let save = r#"*filter
-A CNI-FORWARD -d 10.4.0.2/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
-A POSTROUTING -s 10.4.0.34/32 -m comment --comment "name: \"bridge\" id: \"test-a\"" -j CNI-6edc156f8f5167358ecd3673
-A POSTROUTING -s 10.4.0.35/32 -m comment --comment "name: \"bridge\" id: \"test-ab\"" -j CNI-ffff
-A CNI-6edc156f8f5167358ecd3673 -d 10.4.0.0/24 -m comment --comment "name: \"bridge\" id: \"test-a\"" -j ACCEPT
-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \"bridge\" id: \"test-a\"" -m multiport --dports 80 -j CNI-DN-6edc156f8f5167358ecd3
-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
COMMIT
"#;
        let ip: Ipv4Addr = "10.4.0.2".parse().unwrap();
        let (rules, chains) = leftovers(save, "test-a", &[ip]);
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[0].table, "filter");
        assert_eq!(rules[0].words[1], "CNI-FORWARD");
        let rules = &rules[1..];
        assert_eq!(rules[0].table, "nat");
        assert_eq!(rules[0].words[1], "POSTROUTING");
        assert_eq!(rules[0].words[7], "name: \"bridge\" id: \"test-a\"");
        assert_eq!(
            chains,
            vec![
                (
                    "nat".to_string(),
                    "CNI-6edc156f8f5167358ecd3673".to_string()
                ),
                (
                    "nat".to_string(),
                    "CNI-DN-6edc156f8f5167358ecd3".to_string()
                ),
            ]
        );
        assert!(leftovers(save, "test", &[]).0.is_empty());
    }
}
