//! `--cap-add`, `--cap-drop` and `--privileged` as Docker combines them into one capability set.
//!
//! "All capabilities" means the ones this host lets us hand out (moby's `caps.Current()`): a
//! capability missing from our own bounding set cannot be given to a container, and asking runc to
//! do so fails late with "unable to apply caps". So the set is computed against
//! [`HostInfo::capabilities`](crate::HostInfo) and an unavailable capability is refused up front.

use std::collections::HashSet;

use oci_spec::runtime::Capability;

use crate::{Error, DEFAULT_CAPABILITIES};

/// The kernel's capabilities by bit number (`capability.h`, up to CAP_CHECKPOINT_RESTORE = 40).
pub const KNOWN: &[&str] = &[
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
];

/// Mask of every capability in [`KNOWN`].
pub const ALL_KNOWN_MASK: u64 = (1u64 << KNOWN.len()) - 1;

/// Docker's spelling of a `--cap-add`/`--cap-drop` value: upper case with the `CAP_` prefix;
/// `ALL` stays `ALL`.
pub fn normalize(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    if upper == "ALL" || upper.starts_with("CAP_") {
        upper
    } else {
        format!("CAP_{upper}")
    }
}

/// The bit of a `CAP_` name, if the kernel knows it.
fn bit_of(normalized: &str) -> Option<usize> {
    let bare = normalized.strip_prefix("CAP_")?;
    KNOWN.iter().position(|k| *k == bare)
}

/// The capabilities whose bits are set in `mask`.
pub fn from_mask(mask: u64) -> HashSet<Capability> {
    KNOWN
        .iter()
        .enumerate()
        .filter(|(bit, _)| mask & (1u64 << bit) != 0)
        .filter_map(|(_, name)| name.parse::<Capability>().ok())
        .collect()
}

/// This process's bounding set (`CapBnd` in `/proc/self/status`), limited to known capabilities.
pub fn current_mask() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let hex = status
        .lines()
        .find_map(|l| l.strip_prefix("CapBnd:"))?
        .trim();
    u64::from_str_radix(hex, 16)
        .ok()
        .map(|m| m & ALL_KNOWN_MASK)
}

/// The capabilities containers can get on this host: [`current_mask`], else every known one.
pub fn available() -> u64 {
    current_mask().unwrap_or(ALL_KNOWN_MASK)
}

/// Checks and normalizes `--cap-add` and `--cap-drop` values with Docker's messages; `available`
/// is the mask of capabilities this host can hand out.
pub fn validate(
    add: &[String],
    drop: &[String],
    available: u64,
) -> Result<(Vec<String>, Vec<String>), Error> {
    let check = |flag: &str, values: &[String], need_available: bool| {
        let mut out = Vec::new();
        for value in values {
            let name = normalize(value);
            if name != "ALL" {
                let bit = bit_of(&name).ok_or_else(|| {
                    Error::Capability(format!("invalid {flag}: unknown capability: {name:?}"))
                })?;
                if need_available && available & (1u64 << bit) == 0 {
                    return Err(Error::Capability(format!(
                        "invalid {flag}: capability not supported by your kernel or not available in the current environment: {name:?}"
                    )));
                }
            }
            if !out.contains(&name) {
                out.push(name);
            }
        }
        Ok::<_, Error>(out)
    };
    Ok((check("CapAdd", add, true)?, check("CapDrop", drop, false)?))
}

/// The bounding set Docker gives a container (moby's `TweakCapabilities`): privileged → all;
/// add `ALL` → all minus the drops; drop `ALL` → exactly the adds; else the defaults minus the
/// drops plus the adds. Names must be [`validate`]d.
pub fn bounding_set(
    privileged: bool,
    add: &[String],
    drop: &[String],
    available: u64,
) -> HashSet<Capability> {
    let all = from_mask(available);
    if privileged {
        return all;
    }
    let parse = |names: &[String]| -> HashSet<Capability> {
        names
            .iter()
            .filter_map(|n| n.strip_prefix("CAP_"))
            .filter_map(|n| n.parse::<Capability>().ok())
            .collect()
    };
    let adds = parse(add);
    let drops = parse(drop);
    let has_all = |names: &[String]| names.iter().any(|n| n == "ALL");
    if has_all(add) {
        return all.difference(&drops).copied().collect();
    }
    if has_all(drop) {
        return adds.intersection(&all).copied().collect();
    }
    DEFAULT_CAPABILITIES
        .iter()
        .copied()
        .filter(|c| !drops.contains(c))
        .chain(adds.into_iter().filter(|c| all.contains(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn mask_of(caps: &HashSet<Capability>) -> u64 {
        caps.iter()
            .map(|c| 1u64 << bit_of(&format!("CAP_{c}")).unwrap())
            .sum()
    }

    #[test]
    fn names_and_bits() {
        assert_eq!(normalize("sys_admin"), "CAP_SYS_ADMIN");
        assert_eq!(normalize("CAP_net_raw"), "CAP_NET_RAW");
        assert_eq!(normalize("all"), "ALL");
        assert_eq!(bit_of("CAP_SYS_ADMIN"), Some(21));
        assert_eq!(bit_of("CAP_CHECKPOINT_RESTORE"), Some(40));
        // Every known name is one of oci-spec's.
        assert_eq!(from_mask(ALL_KNOWN_MASK).len(), KNOWN.len());
        let defaults: HashSet<Capability> = DEFAULT_CAPABILITIES.iter().copied().collect();
        assert_eq!(mask_of(&defaults), 0xa80425fb);
    }

    #[test]
    fn docker_precedence() {
        let all = ALL_KNOWN_MASK;
        let set = |p, a: &[&str], d: &[&str]| {
            let (a, d) = validate(&s(a), &s(d), all).unwrap();
            mask_of(&bounding_set(p, &a, &d, all))
        };
        assert_eq!(set(false, &[], &[]), 0xa80425fb);
        assert_eq!(set(false, &["SYS_ADMIN"], &[]), 0xa80425fb | (1 << 21));
        assert_eq!(set(false, &[], &["ALL"]), 0);
        assert_eq!(set(false, &["net_admin"], &["all"]), 1 << 12);
        assert_eq!(set(false, &["ALL"], &["CHOWN"]), all & !1);
        assert_eq!(set(false, &[], &["CAP_NET_RAW"]), 0xa80425fb & !(1 << 13));
        assert_eq!(set(true, &[], &["ALL"]), all);
        // The host's set bounds everything.
        let host = all & !(1 << 24);
        let (a, d) = validate(&s(&["ALL"]), &[], host).unwrap();
        assert_eq!(mask_of(&bounding_set(false, &a, &d, host)), host);
        assert_eq!(mask_of(&bounding_set(true, &[], &[], host)), host);
    }

    #[test]
    fn docker_errors() {
        let err = |a: &[&str], d: &[&str], m| validate(&s(a), &s(d), m).unwrap_err().to_string();
        assert_eq!(
            err(&["FOO"], &[], ALL_KNOWN_MASK),
            r#"invalid CapAdd: unknown capability: "CAP_FOO""#
        );
        assert_eq!(
            err(&[], &["foo"], ALL_KNOWN_MASK),
            r#"invalid CapDrop: unknown capability: "CAP_FOO""#
        );
        assert_eq!(
            err(&["CAP_ALL"], &[], ALL_KNOWN_MASK),
            r#"invalid CapAdd: unknown capability: "CAP_ALL""#
        );
        assert_eq!(
            err(&["sys_resource"], &[], ALL_KNOWN_MASK & !(1 << 24)),
            r#"invalid CapAdd: capability not supported by your kernel or not available in the current environment: "CAP_SYS_RESOURCE""#
        );
        // Dropping what the host lacks anyway is fine.
        assert!(validate(&[], &s(&["SYS_RESOURCE"]), ALL_KNOWN_MASK & !(1 << 24)).is_ok());
    }
}
