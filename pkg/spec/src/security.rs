//! `--security-opt` and the host facts that Docker's default confinement depends on.
//!
//! Docker splits the option's handling between its CLI (syntax, reading and checking a seccomp
//! file) and the daemon (the keys); linnet does both before anything is created, with Docker's
//! messages, so that a bad option costs no pull, snapshot or record.

use std::io::Read;
use std::path::Path;

use oci_spec::runtime::{LinuxDeviceCgroupBuilder, Spec};

use crate::capabilities::{self, ALL_KNOWN_MASK};
use crate::seccomp::{native_arch, KernelVersion, Profile};
use crate::Error;

/// Which seccomp filter a container gets.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum SeccompMode {
    /// Docker's default profile.
    #[default]
    Default,
    /// No filter (`seccomp=unconfined`).
    Unconfined,
    /// A profile from a file.
    Custom(Box<Profile>),
}

/// The parsed `--security-opt`, `--privileged`, `--cap-add` and `--cap-drop` flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityOptions {
    pub seccomp: SeccompMode,
    pub no_new_privileges: bool,
    /// The options as given, for inspect's `HostConfig.SecurityOpt`.
    pub given: Vec<String>,
    pub privileged: bool,
    /// `--cap-add`/`--cap-drop`, normalized (`CAP_SYS_ADMIN`, `ALL`).
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    /// `apparmor=PROFILE`, applied only where the host has AppArmor.
    pub apparmor: Option<String>,
    /// `systempaths=unconfined`: no masked or read-only `/proc` paths.
    pub unmasked_paths: bool,
    /// `writable-cgroups=true`.
    pub writable_cgroups: bool,
}

/// Warnings for `--security-opt` values that are accepted but have no effect on this host
/// (AppArmor or SELinux settings where the host has neither), for the CLI to show.
pub fn security_opt_warnings(opts: &[String]) -> Vec<String> {
    let mut warnings = Vec::new();
    for opt in opts {
        let Some((key, value)) = opt.split_once('=').or_else(|| opt.split_once(':')) else {
            continue;
        };
        match key {
            "apparmor" if !host_has_apparmor() => warnings.push(format!(
                "--security-opt {opt} ignored: AppArmor is not enabled on this host"
            )),
            // linnet sets no SELinux labels; `disable` asks for exactly that.
            "label" if value != "disable" => warnings.push(format!(
                "--security-opt {opt} ignored: linnet does not apply SELinux labels"
            )),
            _ => {}
        }
    }
    warnings
}

impl SecurityOptions {
    /// Parses `--security-opt` values (`seccomp=unconfined|FILE`, `no-new-privileges[=BOOL]`,
    /// also with Docker's deprecated `:` separator). A seccomp file is read and checked here.
    pub fn parse(opts: &[String]) -> Result<SecurityOptions, Error> {
        let mut parsed = SecurityOptions {
            given: opts.to_vec(),
            ..SecurityOptions::default()
        };
        for opt in opts {
            if opt == "no-new-privileges" {
                parsed.no_new_privileges = true;
                continue;
            }
            let (key, value) = opt
                .split_once('=')
                .or_else(|| opt.split_once(':'))
                .ok_or_else(|| Error::InvalidSecurityOpt(opt.clone()))?;
            match key {
                "seccomp" if value == "unconfined" => parsed.seccomp = SeccompMode::Unconfined,
                "seccomp" => {
                    parsed.seccomp = SeccompMode::Custom(Box::new(load_profile(Path::new(value))?))
                }
                "no-new-privileges" => {
                    parsed.no_new_privileges = parse_go_bool(value)
                        .ok_or_else(|| Error::InvalidSecurityOptValue(opt.clone()))?;
                }
                "apparmor" => {
                    if host_has_apparmor() {
                        parsed.apparmor = Some(value.to_string());
                    }
                }
                "label" => {
                    let known = ["user:", "role:", "type:", "level:"]
                        .iter()
                        .any(|p| value.starts_with(p))
                        || matches!(value, "disable" | "nested");
                    if !known {
                        return Err(Error::InvalidSecurityOptValue(opt.clone()));
                    }
                }
                "systempaths" if value == "unconfined" => parsed.unmasked_paths = true,
                "writable-cgroups" => {
                    parsed.writable_cgroups = parse_go_bool(value)
                        .ok_or_else(|| Error::InvalidSecurityOptValue(opt.clone()))?;
                }
                _ => return Err(Error::InvalidSecurityOptValue(opt.clone())),
            }
        }
        Ok(parsed)
    }

    /// Adds `--privileged`, `--cap-add` and `--cap-drop`, checked against the capabilities the
    /// host can hand out (`available`, see [`HostInfo::capabilities`]). A privileged container
    /// gets no seccomp filter unless a profile file was given (moby's current rule).
    pub fn with_privileges(
        mut self,
        privileged: bool,
        cap_add: &[String],
        cap_drop: &[String],
        available: u64,
    ) -> Result<SecurityOptions, Error> {
        let (add, drop) = capabilities::validate(cap_add, cap_drop, available)?;
        self.cap_add = add;
        self.cap_drop = drop;
        self.privileged = privileged;
        if privileged && self.seccomp == SeccompMode::Default {
            self.seccomp = SeccompMode::Unconfined;
        }
        Ok(self)
    }
}

fn host_has_apparmor() -> bool {
    std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
        .is_ok_and(|v| v.trim() == "Y")
}

/// What `--privileged`, `systempaths=unconfined`, `writable-cgroups` and `apparmor=` change in a
/// generated spec (containerd's `WithPrivileged`, `WithAllDevicesAllowed` and `WithHostDevices`,
/// as nerdctl uses them): every host device, all device access, no masked or read-only paths, a
/// writable `/sys` and cgroup mount.
pub(crate) fn apply(spec: &mut Spec, opts: &SecurityOptions) -> Result<(), Error> {
    if let (Some(profile), Some(process)) = (&opts.apparmor, spec.process_mut()) {
        process.set_apparmor_profile(Some(profile.clone()));
    }
    let privileged = opts.privileged;
    if let Some(linux) = spec.linux_mut() {
        if privileged || opts.unmasked_paths {
            linux.set_masked_paths(None);
            linux.set_readonly_paths(None);
        }
        if privileged {
            let mut devices = linux.devices().clone().unwrap_or_default();
            for device in crate::resources::host_devices() {
                if !devices.iter().any(|d| d.path() == device.path()) {
                    devices.push(device);
                }
            }
            linux.set_devices(Some(devices));
            let mut resources = linux.resources().clone().unwrap_or_default();
            resources.set_devices(Some(vec![LinuxDeviceCgroupBuilder::default()
                .allow(true)
                .access("rwm")
                .build()?]));
            linux.set_resources(Some(resources));
        }
    }
    let writable_cgroups = privileged || opts.writable_cgroups;
    if let Some(mounts) = spec.mounts_mut() {
        if writable_cgroups {
            // The read-only placeholder under the cgroup v1 mount exists only to make it
            // read-only (see `default_mounts`).
            mounts.retain(|m| {
                !(m.destination() == Path::new("/sys/fs/cgroup")
                    && m.typ().as_deref() == Some("tmpfs"))
            });
        }
        for m in mounts.iter_mut() {
            let dest = m.destination().clone();
            let rw = (privileged && dest == Path::new("/sys"))
                || (writable_cgroups
                    && dest == Path::new("/sys/fs/cgroup")
                    && m.typ().as_deref() == Some("cgroup"));
            if rw {
                if let Some(options) = m.options_mut() {
                    options.retain(|o| o != "ro");
                    options.push("rw".to_string());
                }
            }
        }
    }
    Ok(())
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Reads a seccomp profile file with the Docker CLI's messages.
pub fn load_profile(path: &Path) -> Result<Profile, Error> {
    let shown = path.display().to_string();
    let opening = |op: &str, err: std::io::Error| Error::SeccompOpen {
        path: shown.clone(),
        message: format!("{op} {shown}: {}", go_errno_text(&err)),
        source: err,
    };
    let mut file = std::fs::File::open(path).map_err(|e| opening("open", e))?;
    let mut data = Vec::new();
    file.read_to_end(&mut data)
        .map_err(|e| opening("read", e))?;
    let value: serde_json::Value =
        serde_json::from_slice(&data).map_err(|source| Error::SeccompSyntax {
            path: shown.clone(),
            source,
        })?;
    Profile::from_value(value)
}

/// An errno as Go prints it ("no such file or directory"), else the io error's own text.
pub(crate) fn go_errno_text(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(code) => {
            let text = nix::errno::Errno::from_raw(code).desc();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => err.to_string(),
            }
        }
        None => err.to_string(),
    }
}

/// Facts about the host that the default spec depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct HostInfo {
    /// Go's name of the native architecture, for the seccomp profile's conditions.
    pub arch: &'static str,
    /// For the profile's `minKernel` conditions.
    pub kernel: Option<KernelVersion>,
    /// `/sys/fs/cgroup` is a v1 hierarchy (a tmpfs of controller mounts), not cgroup2.
    pub cgroup_v1: bool,
    /// `/sys/devices/system/cpu/cpuN/thermal_throttle` directories, which Docker masks.
    pub thermal_throttle: Vec<String>,
    /// Mask of the capabilities containers can get: our own bounding set.
    pub capabilities: u64,
}

impl Default for HostInfo {
    fn default() -> HostInfo {
        HostInfo {
            arch: native_arch(),
            kernel: None,
            cgroup_v1: false,
            thermal_throttle: Vec::new(),
            capabilities: ALL_KNOWN_MASK,
        }
    }
}

impl HostInfo {
    /// Reads this host's facts.
    pub fn detect() -> HostInfo {
        let cgroup_v1 = nix::sys::statfs::statfs("/sys/fs/cgroup")
            .map(|s| s.filesystem_type() != nix::sys::statfs::CGROUP2_SUPER_MAGIC)
            .unwrap_or(false);
        let mut thermal_throttle: Vec<String> = std::fs::read_dir("/sys/devices/system/cpu")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let n = name.strip_prefix("cpu")?;
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let path = entry.path().join("thermal_throttle");
                path.is_dir().then(|| path.display().to_string())
            })
            .collect();
        thermal_throttle.sort();
        HostInfo {
            arch: native_arch(),
            kernel: KernelVersion::current(),
            cgroup_v1,
            thermal_throttle,
            capabilities: capabilities::available(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(opts: &[&str]) -> Result<SecurityOptions, Error> {
        SecurityOptions::parse(&opts.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn err(opts: &[&str]) -> String {
        parse(opts).unwrap_err().to_string()
    }

    #[test]
    fn flags() {
        let none = parse(&[]).unwrap();
        assert_eq!(none.seccomp, SeccompMode::Default);
        assert!(!none.no_new_privileges);
        let o = parse(&["seccomp=unconfined", "no-new-privileges"]).unwrap();
        assert_eq!(o.seccomp, SeccompMode::Unconfined);
        assert!(o.no_new_privileges);
        assert_eq!(o.given, vec!["seccomp=unconfined", "no-new-privileges"]);
        assert_eq!(
            parse(&["seccomp:unconfined"]).unwrap().seccomp,
            SeccompMode::Unconfined
        );
        assert!(
            parse(&["no-new-privileges=true"])
                .unwrap()
                .no_new_privileges
        );
        assert!(
            !parse(&["no-new-privileges", "no-new-privileges=false"])
                .unwrap()
                .no_new_privileges
        );
        let o = parse(&["systempaths=unconfined", "writable-cgroups=true"]).unwrap();
        assert!(o.unmasked_paths && o.writable_cgroups);
        // Accepted everywhere; without AppArmor/SELinux on the host they only warn.
        let given = ["apparmor=foo", "label=type:foo_t", "label=disable"];
        let o = parse(&given).unwrap();
        let warnings =
            security_opt_warnings(&given.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        if !host_has_apparmor() {
            assert!(o.apparmor.is_none());
            assert!(warnings[0].contains("apparmor=foo"), "{warnings:?}");
        }
        assert!(warnings.iter().any(|w| w.contains("label=type:foo_t")));
        assert!(!warnings.iter().any(|w| w.contains("label=disable")));
    }

    #[test]
    fn privileges() {
        let o = parse(&[])
            .unwrap()
            .with_privileges(true, &[], &[], ALL_KNOWN_MASK)
            .unwrap();
        assert_eq!(o.seccomp, SeccompMode::Unconfined);
        let o = parse(&[])
            .unwrap()
            .with_privileges(
                false,
                &["sys_admin".into()],
                &["ALL".into()],
                ALL_KNOWN_MASK,
            )
            .unwrap();
        assert_eq!(o.seccomp, SeccompMode::Default);
        assert_eq!(o.cap_add, vec!["CAP_SYS_ADMIN"]);
        assert_eq!(o.cap_drop, vec!["ALL"]);
        assert!(parse(&[])
            .unwrap()
            .with_privileges(false, &["nope".into()], &[], ALL_KNOWN_MASK)
            .is_err());
    }

    #[test]
    fn docker_errors() {
        assert_eq!(err(&["seccomp"]), r#"Invalid --security-opt: "seccomp""#);
        assert_eq!(err(&["foo"]), r#"Invalid --security-opt: "foo""#);
        assert_eq!(err(&["foo=bar"]), r#"invalid --security-opt 2: "foo=bar""#);
        assert_eq!(
            err(&["no-new-privileges=maybe"]),
            r#"invalid --security-opt 2: "no-new-privileges=maybe""#
        );
        assert_eq!(
            err(&["seccomp=/nonexistent.json"]),
            "opening seccomp profile (/nonexistent.json) failed: open /nonexistent.json: no such file or directory"
        );
        assert_eq!(
            err(&["seccomp=/"]),
            "opening seccomp profile (/) failed: read /: is a directory"
        );
        assert_eq!(
            err(&["label=bogus"]),
            r#"invalid --security-opt 2: "label=bogus""#
        );
        assert_eq!(
            err(&["writable-cgroups=maybe"]),
            r#"invalid --security-opt 2: "writable-cgroups=maybe""#
        );
    }

    #[test]
    fn profile_files() {
        let dir = std::env::temp_dir().join(format!("linnet-spec-seccomp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("bad.json");
        std::fs::write(&bad, "{bad").unwrap();
        let text = err(&[&format!("seccomp={}", bad.display())]);
        assert!(
            text.starts_with(&format!(
                "compacting json for seccomp profile ({}) failed: ",
                bad.display()
            )),
            "{text}"
        );
        let wrong = dir.join("wrong.json");
        std::fs::write(&wrong, r#"{"syscalls": 5}"#).unwrap();
        assert!(err(&[&format!("seccomp={}", wrong.display())])
            .starts_with("Decoding seccomp profile failed: "));
        let good = dir.join("good.json");
        std::fs::write(
            &good,
            r#"{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}"#,
        )
        .unwrap();
        let o = parse(&[&format!("seccomp={}", good.display())]).unwrap();
        assert!(matches!(o.seccomp, SeccompMode::Custom(_)));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn host_detection() {
        let host = HostInfo::detect();
        assert!(host.kernel.is_some());
        assert!(host
            .thermal_throttle
            .iter()
            .all(|p| p.starts_with("/sys/devices/system/cpu/cpu")
                && p.ends_with("/thermal_throttle")));
    }
}
