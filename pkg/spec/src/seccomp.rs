//! Docker seccomp profiles turned into the OCI `linux.seccomp` section that runc compiles.
//!
//! Docker's profile format is a superset of OCI's: an `archMap` (the native architecture plus the
//! sub-architectures whose syscall tables reach the same kernel) and per-rule `includes` and
//! `excludes` conditions on capabilities, architectures and the kernel version. runc knows none of
//! that, so the conditions are resolved here, against the container's final bounding set, the way
//! moby's `setupSeccomp` (profiles/seccomp/seccomp_linux.go) does. runc then builds the BPF
//! itself: no libseccomp on our side.

use std::fmt;

use oci_spec::runtime::{
    Arch, LinuxSeccomp, LinuxSeccompAction, LinuxSeccompArg, LinuxSeccompBuilder,
    LinuxSeccompFilterFlag, LinuxSyscall, LinuxSyscallBuilder,
};
use serde::{Deserialize, Deserializer};

use crate::Error;

/// Docker 20.10's default profile, unchanged (Apache-2.0; see `seccomp/NOTICE`).
pub const DEFAULT_PROFILE_JSON: &str = include_str!("../seccomp/default.json");

/// A Docker seccomp profile (`default.json` or a `--security-opt seccomp=FILE`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(default)]
    pub default_action: Option<LinuxSeccompAction>,
    /// Newer profiles set it (Docker 20.10 ignored it); runc honours it, so it is passed on.
    #[serde(default)]
    pub default_errno_ret: Option<u32>,
    /// The old form of `archMap`: a flat list, used as is.
    #[serde(default)]
    pub architectures: Option<Vec<Arch>>,
    #[serde(default)]
    pub arch_map: Option<Vec<ArchMapEntry>>,
    #[serde(default)]
    pub flags: Option<Vec<LinuxSeccompFilterFlag>>,
    #[serde(default)]
    pub syscalls: Option<Vec<Rule>>,
}

/// One `archMap` entry: the native architecture and its sub-architectures.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchMapEntry {
    pub architecture: Arch,
    #[serde(default)]
    pub sub_architectures: Option<Vec<Arch>>,
}

/// One rule of a profile.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The old single-name form; a rule may not have both `name` and `names`.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub names: Option<Vec<String>>,
    pub action: LinuxSeccompAction,
    #[serde(default)]
    pub errno_ret: Option<u32>,
    #[serde(default)]
    pub args: Option<Vec<LinuxSeccompArg>>,
    #[serde(default)]
    pub includes: Option<Filter>,
    #[serde(default)]
    pub excludes: Option<Filter>,
}

/// A rule's condition: capabilities (`CAP_…`), Go architecture names (`amd64`, `arm64`, …) and a
/// minimum kernel version.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filter {
    #[serde(default)]
    pub caps: Option<Vec<String>>,
    #[serde(default)]
    pub arches: Option<Vec<String>>,
    #[serde(default, deserialize_with = "kernel_version_opt")]
    pub min_kernel: Option<KernelVersion>,
}

/// A kernel version reduced to "major.minor", as moby compares them (`6.18.44-fc` is 6.18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct KernelVersion {
    pub major: u64,
    pub minor: u64,
}

impl KernelVersion {
    /// Parses the leading "major.minor" of a `uname -r` release string.
    pub fn from_release(release: &str) -> Option<KernelVersion> {
        let (major, rest) = release.trim().split_once('.')?;
        let minor: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        Some(KernelVersion {
            major: major.parse().ok()?,
            minor: minor.parse().ok()?,
        })
    }

    /// The running kernel's version.
    pub fn current() -> Option<KernelVersion> {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
        KernelVersion::from_release(&release)
    }

    /// A profile's `minKernel` value: exactly "major.minor", each fitting a byte, not "0.0".
    fn parse_min(text: &str) -> Result<KernelVersion, String> {
        let bad = |why: &str| {
            format!("invalid kernel version: \"{text}\", expected \"<kernel>.<major>\"{why}")
        };
        let (major, minor) = text.split_once('.').ok_or_else(|| bad(""))?;
        let major: u8 = major.parse().map_err(|_| bad(""))?;
        let minor: u8 = minor.parse().map_err(|_| bad(""))?;
        if major == 0 && minor == 0 {
            return Err(bad(": version cannot be 0.0"));
        }
        Ok(KernelVersion {
            major: major.into(),
            minor: minor.into(),
        })
    }
}

impl fmt::Display for KernelVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

fn kernel_version_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<KernelVersion>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => KernelVersion::parse_min(&s)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// What a profile's conditions are evaluated against.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// Go's name of the native architecture (`amd64`, `arm64`, …), see [`native_arch`].
    pub arch: &'a str,
    /// The container's bounding set, `CAP_…` names.
    pub bounding: &'a [String],
    /// The host kernel; only needed when a rule has a `minKernel`.
    pub kernel: Option<KernelVersion>,
}

/// Go's architecture name for this build's target (the names profiles use in `arches`).
pub fn native_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "x86" => "x86",
        "aarch64" => "arm64",
        "arm" => "arm",
        "powerpc64" if cfg!(target_endian = "little") => "ppc64le",
        "powerpc64" => "ppc64",
        "s390x" => "s390x",
        "mips64" if cfg!(target_endian = "little") => "mipsel64",
        "mips64" => "mips64",
        "riscv64" => "riscv64",
        other => other,
    }
}

/// The seccomp architecture of a Go architecture name, when the profile format knows it.
fn seccomp_arch(arch: &str) -> Option<Arch> {
    Some(match arch {
        "x86" => Arch::ScmpArchX86,
        "amd64" => Arch::ScmpArchX86_64,
        "arm" => Arch::ScmpArchArm,
        "arm64" => Arch::ScmpArchAarch64,
        "mips64" => Arch::ScmpArchMips64,
        "mipsel64" => Arch::ScmpArchMipsel64,
        "ppc64" => Arch::ScmpArchPpc64,
        "ppc64le" => Arch::ScmpArchPpc64le,
        "s390x" => Arch::ScmpArchS390x,
        "riscv64" => Arch::ScmpArchRiscv64,
        _ => return None,
    })
}

impl Profile {
    /// Docker's default profile (the embedded `default.json`).
    pub fn docker_default() -> Result<Profile, Error> {
        Profile::parse(DEFAULT_PROFILE_JSON)
    }

    /// Parses a profile; the error is Docker's "Decoding seccomp profile failed: …".
    pub fn parse(text: &str) -> Result<Profile, Error> {
        let profile: Profile = serde_json::from_str(text).map_err(Error::SeccompDecode)?;
        profile.check()?;
        Ok(profile)
    }

    /// [`Profile::parse`] for JSON that is already known to be well-formed.
    pub fn from_value(value: serde_json::Value) -> Result<Profile, Error> {
        let profile: Profile = serde_json::from_value(value).map_err(Error::SeccompDecode)?;
        profile.check()?;
        Ok(profile)
    }

    /// The structural errors moby reports at container start, found before anything is created.
    fn check(&self) -> Result<(), Error> {
        let has_arches = self.architectures.as_ref().is_some_and(|a| !a.is_empty());
        let has_map = self.arch_map.as_ref().is_some_and(|a| !a.is_empty());
        if has_arches && has_map {
            return Err(Error::SeccompProfile(
                "'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'".into(),
            ));
        }
        for rule in self.syscalls.iter().flatten() {
            let has_name = rule.name.as_ref().is_some_and(|n| !n.is_empty());
            let has_names = rule.names.as_ref().is_some_and(|n| !n.is_empty());
            if has_name && has_names {
                return Err(Error::SeccompProfile(
                    "'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'".into(),
                ));
            }
        }
        Ok(())
    }

    /// The OCI filter for `target`, or None when the profile filters nothing (no default
    /// action and no rules, as moby treats an empty profile).
    pub fn to_oci(&self, target: &Target<'_>) -> Result<Option<LinuxSeccomp>, Error> {
        self.check()?;
        let rules = self.syscalls.as_deref().unwrap_or_default();
        let Some(default_action) = self.default_action else {
            if rules.is_empty() {
                return Ok(None);
            }
            return Err(Error::SeccompProfile(
                "the seccomp profile has rules but no defaultAction".into(),
            ));
        };

        let mut architectures: Vec<Arch> = self.architectures.clone().unwrap_or_default();
        if let Some(native) = seccomp_arch(target.arch) {
            if let Some(entry) = self
                .arch_map
                .iter()
                .flatten()
                .find(|e| e.architecture == native)
            {
                architectures.push(entry.architecture);
                architectures.extend(entry.sub_architectures.iter().flatten().copied());
            }
        }

        let mut syscalls: Vec<LinuxSyscall> = Vec::new();
        for rule in rules {
            if !rule.applies(target)? {
                continue;
            }
            let names = match (&rule.name, &rule.names) {
                (Some(name), _) if !name.is_empty() => vec![name.clone()],
                (_, Some(names)) => names.clone(),
                _ => Vec::new(),
            };
            let mut call = LinuxSyscallBuilder::default()
                .names(names)
                .action(rule.action);
            if let Some(errno) = rule.errno_ret {
                call = call.errno_ret(errno);
            }
            if let Some(args) = rule.args.as_ref().filter(|a| !a.is_empty()) {
                call = call.args(args.clone());
            }
            syscalls.push(call.build()?);
        }

        let mut seccomp = LinuxSeccompBuilder::default()
            .default_action(default_action)
            .syscalls(syscalls);
        if !architectures.is_empty() {
            seccomp = seccomp.architectures(architectures);
        }
        if let Some(errno) = self.default_errno_ret {
            seccomp = seccomp.default_errno_ret(errno);
        }
        if let Some(flags) = self.flags.as_ref().filter(|f| !f.is_empty()) {
            seccomp = seccomp.flags(flags.clone());
        }
        Ok(Some(seccomp.build()?))
    }
}

impl Rule {
    /// moby's filter: excluded if any exclude matches, kept only if every include matches.
    fn applies(&self, target: &Target<'_>) -> Result<bool, Error> {
        let has_cap = |cap: &String| target.bounding.iter().any(|b| b == cap);
        let kernel_at_least = |min: KernelVersion| -> Result<bool, Error> {
            let current = target.kernel.ok_or_else(|| {
                Error::SeccompProfile("cannot read the kernel version for a minKernel rule".into())
            })?;
            Ok(current >= min)
        };
        if let Some(ex) = &self.excludes {
            if ex.arches.iter().flatten().any(|a| a == target.arch) {
                return Ok(false);
            }
            if ex.caps.iter().flatten().any(has_cap) {
                return Ok(false);
            }
            if let Some(min) = ex.min_kernel {
                if kernel_at_least(min)? {
                    return Ok(false);
                }
            }
        }
        if let Some(inc) = &self.includes {
            if let Some(arches) = inc.arches.as_ref().filter(|a| !a.is_empty()) {
                if !arches.iter().any(|a| a == target.arch) {
                    return Ok(false);
                }
            }
            if !inc.caps.iter().flatten().all(has_cap) {
                return Ok(false);
            }
            if let Some(min) = inc.min_kernel {
                if !kernel_at_least(min)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn docker_caps() -> Vec<String> {
        crate::DEFAULT_CAPABILITIES
            .iter()
            .map(|c| format!("CAP_{c}"))
            .collect()
    }

    fn names_of(seccomp: &LinuxSeccomp) -> Vec<String> {
        seccomp
            .syscalls()
            .iter()
            .flatten()
            .flat_map(|s| s.names().clone())
            .collect()
    }

    fn rule_for<'a>(seccomp: &'a LinuxSeccomp, name: &str) -> Vec<&'a LinuxSyscall> {
        seccomp
            .syscalls()
            .iter()
            .flatten()
            .filter(|s| s.names().iter().any(|n| n == name))
            .collect()
    }

    fn amd64<'a>(bounding: &'a [String], kernel: &str) -> Target<'a> {
        Target {
            arch: "amd64",
            bounding,
            kernel: KernelVersion::from_release(kernel),
        }
    }

    #[test]
    fn default_profile_parses() {
        let p = Profile::parse(DEFAULT_PROFILE_JSON).unwrap();
        assert_eq!(p.default_action, Some(LinuxSeccompAction::ScmpActErrno));
        assert_eq!(p.syscalls.as_ref().unwrap().len(), 28);
        assert_eq!(p.arch_map.as_ref().unwrap().len(), 7);
        assert_eq!(Profile::docker_default().unwrap(), p);
    }

    #[test]
    fn default_caps_on_amd64() {
        let bounding = docker_caps();
        let oci = Profile::docker_default()
            .unwrap()
            .to_oci(&amd64(&bounding, "6.18.44-fc"))
            .unwrap()
            .unwrap();
        assert_eq!(oci.default_action(), LinuxSeccompAction::ScmpActErrno);
        assert_eq!(oci.default_errno_ret(), None);
        assert_eq!(
            oci.architectures().clone().unwrap(),
            vec![Arch::ScmpArchX86_64, Arch::ScmpArchX86, Arch::ScmpArchX32]
        );
        let names = names_of(&oci);
        for allowed in [
            "read",
            "openat",
            "clone",
            "arch_prctl",
            "chroot",
            "ptrace",
            "mkdir",
        ] {
            assert!(names.iter().any(|n| n == allowed), "{allowed} allowed");
        }
        // CAP_SYS_ADMIN group, other architectures and other capabilities are left out.
        for denied in [
            "mount",
            "umount2",
            "unshare",
            "setns",
            "bpf",
            "reboot",
            "init_module",
            "s390_runtime_instr",
            "sync_file_range2",
            "breakpoint",
            "acct",
            "kcmp",
            "iopl",
            "clock_settime",
            "vhangup",
            "syslog",
            "open_by_handle_at",
            "mbind",
        ] {
            assert!(
                !names.iter().any(|n| n == denied),
                "{denied} must not be allowed"
            );
        }
        // Without CAP_SYS_ADMIN: clone only without namespace flags; clone3 answers ENOSYS.
        let clone = rule_for(&oci, "clone");
        assert_eq!(clone.len(), 1);
        let arg = clone[0].args().clone().unwrap()[0];
        assert_eq!((arg.index(), arg.value()), (0, 2114060288));
        assert_eq!(
            arg.op(),
            oci_spec::runtime::LinuxSeccompOperator::ScmpCmpMaskedEq
        );
        let clone3 = rule_for(&oci, "clone3");
        assert_eq!(clone3.len(), 1);
        assert_eq!(clone3[0].action(), LinuxSeccompAction::ScmpActErrno);
        assert_eq!(clone3[0].errno_ret(), Some(38));
        // personality has five argument-restricted rules.
        assert_eq!(rule_for(&oci, "personality").len(), 5);
    }

    /// Byte-for-byte what Debian's dockerd 20.10.24 put into a default busybox container's
    /// `linux.seccomp` on this amd64 machine (kernel 6.18), read from its bundle's config.json.
    #[test]
    fn same_filter_as_dockerd_20_10() {
        let docker: serde_json::Value = serde_json::from_str(include_str!(
            "../seccomp/testdata/dockerd-20.10.24-amd64-default.json"
        ))
        .unwrap();
        let bounding = docker_caps();
        let ours = Profile::parse(DEFAULT_PROFILE_JSON)
            .unwrap()
            .to_oci(&amd64(&bounding, "6.18.44-fc-v1147"))
            .unwrap()
            .unwrap();
        assert_eq!(serde_json::to_value(&ours).unwrap(), docker);

        // The same with `--cap-add SYS_ADMIN --cap-add SYS_PTRACE`.
        let docker: serde_json::Value = serde_json::from_str(include_str!(
            "../seccomp/testdata/dockerd-20.10.24-amd64-sys-admin-sys-ptrace.json"
        ))
        .unwrap();
        let mut bounding = docker_caps();
        bounding.extend(caps(&["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"]));
        let ours = Profile::parse(DEFAULT_PROFILE_JSON)
            .unwrap()
            .to_oci(&amd64(&bounding, "6.18.44-fc-v1147"))
            .unwrap()
            .unwrap();
        assert_eq!(serde_json::to_value(&ours).unwrap(), docker);
    }

    #[test]
    fn cap_sys_admin_includes_and_excludes() {
        let mut bounding = docker_caps();
        bounding.push("CAP_SYS_ADMIN".into());
        let oci = Profile::docker_default()
            .unwrap()
            .to_oci(&amd64(&bounding, "6.1"))
            .unwrap()
            .unwrap();
        let names = names_of(&oci);
        for allowed in ["mount", "unshare", "setns", "bpf", "clone3"] {
            assert!(names.iter().any(|n| n == allowed), "{allowed} allowed");
        }
        // The argument-restricted clone and the ENOSYS clone3 are excluded by the capability;
        // clone comes from the unconditional CAP_SYS_ADMIN group instead.
        let clone = rule_for(&oci, "clone");
        assert_eq!(clone.len(), 1);
        assert!(clone[0].args().is_none());
        let clone3 = rule_for(&oci, "clone3");
        assert_eq!(clone3.len(), 1);
        assert_eq!(clone3[0].action(), LinuxSeccompAction::ScmpActAllow);
        // Another capability's group stays out.
        assert!(!names.iter().any(|n| n == "reboot"));
    }

    #[test]
    fn capability_groups_follow_the_bounding_set() {
        let bounding = caps(&["CAP_SYS_PTRACE", "CAP_SYS_TIME", "CAP_SYSLOG"]);
        let oci = Profile::docker_default()
            .unwrap()
            .to_oci(&amd64(&bounding, "6.1"))
            .unwrap()
            .unwrap();
        let names = names_of(&oci);
        for allowed in [
            "kcmp",
            "process_madvise",
            "settimeofday",
            "clock_settime",
            "syslog",
        ] {
            assert!(names.iter().any(|n| n == allowed), "{allowed} allowed");
        }
        assert!(!names.iter().any(|n| n == "chroot"), "no CAP_SYS_CHROOT");
    }

    #[test]
    fn min_kernel() {
        let bounding = docker_caps();
        let old = Profile::docker_default()
            .unwrap()
            .to_oci(&amd64(&bounding, "4.4.0-generic"))
            .unwrap()
            .unwrap();
        assert!(rule_for(&old, "ptrace").is_empty(), "ptrace needs 4.8");
        let new = Profile::docker_default()
            .unwrap()
            .to_oci(&amd64(&bounding, "4.8"))
            .unwrap()
            .unwrap();
        assert_eq!(rule_for(&new, "ptrace").len(), 1);
        let no_kernel = Target {
            arch: "amd64",
            bounding: &bounding,
            kernel: None,
        };
        assert!(Profile::docker_default()
            .unwrap()
            .to_oci(&no_kernel)
            .is_err());
    }

    #[test]
    fn other_architectures() {
        let bounding = docker_caps();
        let arm = Profile::docker_default()
            .unwrap()
            .to_oci(&Target {
                arch: "arm64",
                bounding: &bounding,
                kernel: KernelVersion::from_release("6.1"),
            })
            .unwrap()
            .unwrap();
        assert_eq!(
            arm.architectures().clone().unwrap(),
            vec![Arch::ScmpArchAarch64, Arch::ScmpArchArm]
        );
        let names = names_of(&arm);
        assert!(names.iter().any(|n| n == "breakpoint"));
        assert!(!names.iter().any(|n| n == "arch_prctl"));
        // s390x: clone's flags are the second argument there.
        let s390 = Profile::docker_default()
            .unwrap()
            .to_oci(&Target {
                arch: "s390x",
                bounding: &bounding,
                kernel: KernelVersion::from_release("6.1"),
            })
            .unwrap()
            .unwrap();
        let clone = rule_for(&s390, "clone");
        assert_eq!(clone.len(), 1);
        assert_eq!(clone[0].args().clone().unwrap()[0].index(), 1);
        // An architecture the format does not know: no architectures, libseccomp's native one.
        let unknown = Profile::docker_default()
            .unwrap()
            .to_oci(&Target {
                arch: "sparc64",
                bounding: &bounding,
                kernel: KernelVersion::from_release("6.1"),
            })
            .unwrap()
            .unwrap();
        assert!(unknown.architectures().is_none());
    }

    #[test]
    fn custom_profiles() {
        let p = Profile::parse(
            r#"{"defaultAction":"SCMP_ACT_ALLOW","defaultErrnoRet":1,
                "architectures":["SCMP_ARCH_X86_64"],
                "syscalls":[{"name":"mkdir","action":"SCMP_ACT_ERRNO","errnoRet":13,"args":null,
                             "comment":"x","includes":{},"excludes":{"minKernel":""}}]}"#,
        )
        .unwrap();
        let bounding = docker_caps();
        let oci = p.to_oci(&amd64(&bounding, "6.1")).unwrap().unwrap();
        let json = serde_json::to_value(&oci).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "defaultAction": "SCMP_ACT_ALLOW",
                "defaultErrnoRet": 1,
                "architectures": ["SCMP_ARCH_X86_64"],
                "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]
            })
        );
        // An empty profile filters nothing.
        let empty = Profile::parse("{}").unwrap();
        assert!(empty.to_oci(&amd64(&bounding, "6.1")).unwrap().is_none());
    }

    #[test]
    fn bad_profiles() {
        let err = |text: &str| Profile::parse(text).unwrap_err().to_string();
        assert!(err(r#"{"defaultAction":"SCMP_ACT_NOPE"}"#)
            .starts_with("Decoding seccomp profile failed: "));
        assert!(err(r#"{"syscalls":[{"names":["x"]}]}"#).contains("missing field `action`"));
        assert!(err(r#"{"syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"4"}}]}"#)
            .contains("invalid kernel version"));
        assert!(err(r#"{"syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"0.0"}}]}"#)
            .contains("version cannot be 0.0"));
        assert!(err(
            r#"{"architectures":["SCMP_ARCH_X86"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}"#
        )
        .contains("use either 'architectures' or 'archMap'"));
        assert!(
            err(r#"{"syscalls":[{"name":"a","names":["b"],"action":"SCMP_ACT_ALLOW"}]}"#)
                .contains("use either 'name' or 'names'")
        );
        let bounding = docker_caps();
        let no_default =
            Profile::parse(r#"{"syscalls":[{"names":["x"],"action":"SCMP_ACT_ALLOW"}]}"#).unwrap();
        assert!(no_default.to_oci(&amd64(&bounding, "6.1")).is_err());
    }

    #[test]
    fn kernel_versions() {
        let v = |s: &str| KernelVersion::from_release(s);
        assert_eq!(
            v("6.18.44-fc-v1147"),
            Some(KernelVersion {
                major: 6,
                minor: 18
            })
        );
        assert_eq!(
            v("3.12-1-amd64"),
            Some(KernelVersion {
                major: 3,
                minor: 12
            })
        );
        assert_eq!(v("4.8"), Some(KernelVersion { major: 4, minor: 8 }));
        assert_eq!(v("garbage"), None);
        assert!(v("4.10").unwrap() > v("4.8").unwrap());
        assert!(KernelVersion::current().is_some());
    }

    #[test]
    fn native_arch_names() {
        let arch = native_arch();
        if cfg!(target_arch = "x86_64") {
            assert_eq!(arch, "amd64");
        }
        if cfg!(target_arch = "aarch64") {
            assert_eq!(arch, "arm64");
        }
    }
}
