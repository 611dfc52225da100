//! OCI runtime spec generation for linnet's containers.
//!
//! Docker and nerdctl build the runtime spec from the image config (Entrypoint, Cmd, Env,
//! WorkingDir, User) plus the run flags, on top of a fixed set of defaults (capabilities, mounts,
//! masked paths, namespaces). This crate does the same without talking to containerd, so that the
//! rules (entrypoint/cmd override, env merge order, user lookup, bind checks) are unit-tested.
//! The confinement (capabilities, seccomp, masked and read-only paths, read-only cgroup mount)
//! follows Docker's defaults, so that a container gets no privilege Docker would not give it.

mod capabilities;
mod env;
mod mounts;
pub mod resources;
pub mod seccomp;
mod security;
mod signal;
pub mod units;
mod user;

use std::collections::HashSet;
use std::path::PathBuf;
use std::str::FromStr;

use oci_spec::image::Config as ImageConfig;
use oci_spec::runtime::{
    Capability, LinuxBuilder, LinuxCapabilities, LinuxDeviceCgroupBuilder, LinuxNamespaceBuilder,
    LinuxNamespaceType, LinuxResourcesBuilder, Mount, MountBuilder, PosixRlimitBuilder,
    PosixRlimitType, Process, ProcessBuilder, RootBuilder, Spec, SpecBuilder, UserBuilder,
};

pub use capabilities::available as capabilities_available;
pub use capabilities::from_mask as capabilities_from_mask;
pub use env::{get_env, merge_env, parse_env_file, resolve_env_flags, DEFAULT_PATH};
pub use mounts::{
    absolutize_mount, absolutize_volume, apply_read_only, duplicate_destination, parse_mount,
    parse_tmpfs, parse_volume, MountKind, UserMount,
};
pub use resources::{DeviceMapping, Resources, Ulimit};
pub use security::{load_profile, security_opt_warnings, HostInfo, SeccompMode, SecurityOptions};
pub use signal::parse_signal;
pub use user::{resolve_user, ExecUser, UserDb};

/// Errors from spec generation; messages are shown to users as they are.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no command specified")]
    NoCommand,
    #[error("invalid env file {file}: {reason}")]
    EnvFile { file: String, reason: String },
    #[error("invalid environment variable: {0:?}")]
    InvalidEnv(String),
    #[error("unable to find user {0}: no matching entries in passwd file")]
    NoSuchUser(String),
    #[error("unable to find group {0}: no matching entries in group file")]
    NoSuchGroup(String),
    #[error("user or group id out of range: {0}")]
    UserRange(String),
    #[error("invalid mount '{spec}': {reason}")]
    InvalidMount { spec: String, reason: String },
    #[error("invalid signal: {0}")]
    InvalidSignal(String),
    #[error("the working directory '{0}' is invalid, it needs to be an absolute path")]
    RelativeWorkdir(String),
    #[error("network mode {0:?} is not supported (use host or none)")]
    UnsupportedNetwork(String),
    #[error("Invalid --security-opt: {0:?}")]
    InvalidSecurityOpt(String),
    #[error("invalid --security-opt 2: {0:?}")]
    InvalidSecurityOptValue(String),
    #[error("opening seccomp profile ({path}) failed: {message}")]
    SeccompOpen {
        path: String,
        message: String,
        #[source]
        source: std::io::Error,
    },
    #[error("compacting json for seccomp profile ({path}) failed: {source}")]
    SeccompSyntax {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("Decoding seccomp profile failed: {0}")]
    SeccompDecode(#[source] serde_json::Error),
    #[error("{0}")]
    SeccompProfile(String),
    /// `--cap-add`/`--cap-drop` (Docker's message).
    #[error("{0}")]
    Capability(String),
    #[error("error gathering device information while adding custom device {path:?}: {reason}")]
    Device { path: String, reason: String },
    #[error("{0}")]
    InvalidUlimit(String),
    #[error("cannot build runtime spec: {0}")]
    Build(#[from] oci_spec::OciSpecError),
    #[error("cannot encode runtime spec: {0}")]
    Json(#[from] serde_json::Error),
}

/// Docker's default capability set.
pub const DEFAULT_CAPABILITIES: &[Capability] = &[
    Capability::Chown,
    Capability::DacOverride,
    Capability::Fsetid,
    Capability::Fowner,
    Capability::Mknod,
    Capability::NetRaw,
    Capability::Setgid,
    Capability::Setuid,
    Capability::Setfcap,
    Capability::Setpcap,
    Capability::NetBindService,
    Capability::SysChroot,
    Capability::Kill,
    Capability::AuditWrite,
];

/// Docker's masked paths (moby's current list: Docker 20.10's plus `/proc/interrupts` and
/// powercap; the per-CPU `thermal_throttle` directories come from [`HostInfo`]).
const MASKED_PATHS: &[&str] = &[
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

const READONLY_PATHS: &[&str] = &[
    "/proc/bus",
    "/proc/fs",
    "/proc/irq",
    "/proc/sys",
    "/proc/sysrq-trigger",
];

/// How the container is networked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkMode {
    /// Share the host's network namespace.
    Host,
    /// A fresh network namespace with only loopback.
    None,
}

impl NetworkMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            NetworkMode::Host => "host",
            NetworkMode::None => "none",
        }
    }
}

impl FromStr for NetworkMode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "host" => Ok(NetworkMode::Host),
            "none" => Ok(NetworkMode::None),
            other => Err(Error::UnsupportedNetwork(other.to_string())),
        }
    }
}

/// Host files bind-mounted over the container's `/etc/hostname`, `/etc/hosts` and
/// `/etc/resolv.conf` (copies kept in the container directory).
#[derive(Debug, Clone, Default)]
pub struct EtcFiles {
    pub hostname: Option<PathBuf>,
    pub hosts: Option<PathBuf>,
    pub resolv_conf: Option<PathBuf>,
}

/// Everything besides the image config that shapes the spec.
#[derive(Debug, Clone)]
pub struct SpecOptions {
    /// Container ID (for the cgroup path).
    pub id: String,
    /// containerd namespace (for the cgroup path).
    pub namespace: String,
    /// Command and arguments given after the image (replace the image's Cmd).
    pub args: Vec<String>,
    /// `--entrypoint`: `Some("")` clears the image's entrypoint.
    pub entrypoint: Option<String>,
    /// Resolved `--env-file` then `-e` entries (bare `KEY` unsets).
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub hostname: String,
    pub tty: bool,
    pub network: NetworkMode,
    pub mounts: Vec<UserMount>,
    pub etc_files: EtcFiles,
    /// The image's `/etc/passwd` and `/etc/group`.
    pub userdb: UserDb,
    /// RLIMIT_NOFILE (soft and hard); see [`nofile_limit`].
    pub nofile: u64,
    /// `--security-opt`, `--privileged`, `--cap-add`, `--cap-drop`.
    pub security: SecurityOptions,
    /// Cgroup limits, `--ulimit`, `--device`, `--shm-size`, `--group-add`.
    pub resources: Resources,
    /// Host facts (architecture, kernel, cgroup version); [`HostInfo::detect`].
    pub host: HostInfo,
}

/// Docker's RLIMIT_NOFILE for containers.
pub const DEFAULT_NOFILE: u64 = 1_048_576;

/// [`DEFAULT_NOFILE`], lowered to this process's hard limit: the runtime shim inherits the same
/// limits and cannot raise them without CAP_SYS_RESOURCE.
pub fn nofile_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if rc == 0 && limit.rlim_max > 0 {
        DEFAULT_NOFILE.min(limit.rlim_max)
    } else {
        DEFAULT_NOFILE
    }
}

/// The effective (Entrypoint, Cmd) pair, as Docker reports them in `Config`.
pub fn split_command(
    image: Option<&ImageConfig>,
    entrypoint: Option<&str>,
    args: &[String],
) -> (Vec<String>, Vec<String>) {
    let image_entrypoint = image
        .and_then(|c| c.entrypoint().clone())
        .unwrap_or_default();
    let image_cmd = image.and_then(|c| c.cmd().clone()).unwrap_or_default();
    let entry: Vec<String> = match entrypoint {
        Some("") => Vec::new(),
        Some(e) => vec![e.to_string()],
        None => image_entrypoint,
    };
    let cmd: Vec<String> = if !args.is_empty() {
        args.to_vec()
    } else if entrypoint.is_some() {
        Vec::new()
    } else {
        image_cmd
    };
    (entry, cmd)
}

/// Docker's rule: `--entrypoint` replaces the image entrypoint and drops the image's Cmd; args
/// replace Cmd.
pub fn resolve_command(
    image: Option<&ImageConfig>,
    entrypoint: Option<&str>,
    args: &[String],
) -> Result<Vec<String>, Error> {
    let (entry, cmd) = split_command(image, entrypoint, args);
    let full: Vec<String> = entry.into_iter().chain(cmd).collect();
    if full.is_empty() {
        return Err(Error::NoCommand);
    }
    Ok(full)
}

/// The environment Docker gives a container: PATH and HOSTNAME (and TERM with a tty), then the
/// image's variables, then the user's.
pub fn container_env(
    image: Option<&ImageConfig>,
    hostname: &str,
    tty: bool,
    user_env: &[String],
) -> Vec<String> {
    let mut base = vec![
        format!("PATH={DEFAULT_PATH}"),
        format!("HOSTNAME={hostname}"),
    ];
    if tty {
        base.push("TERM=xterm".to_string());
    }
    let image_env = image.and_then(|c| c.env().clone()).unwrap_or_default();
    let env = merge_env(&base, &image_env);
    merge_env(&env, user_env)
}

/// The capability sets of a process running as `uid` with the bounding set `bounding`, as
/// moby's `SetCapabilities`: root gets the set as effective and permitted too, anyone else only
/// the bounding set (an execve by a non-root user would drop the others anyway). Inheritable and
/// ambient stay empty: set explicitly, because oci-spec's defaults would fill them.
fn capabilities_for(uid: u32, bounding: HashSet<Capability>) -> LinuxCapabilities {
    let mut caps = LinuxCapabilities::default();
    caps.set_inheritable(None);
    caps.set_ambient(None);
    if uid == 0 {
        caps.set_effective(Some(bounding.clone()));
        caps.set_permitted(Some(bounding.clone()));
    } else {
        caps.set_effective(None);
        caps.set_permitted(None);
    }
    caps.set_bounding(Some(bounding));
    caps
}

/// Kernel names (`CAP_CHOWN`) of a capability set, as seccomp profiles spell them.
fn capability_names(caps: &HashSet<Capability>) -> Vec<String> {
    let mut names: Vec<String> = caps.iter().map(|c| format!("CAP_{c}")).collect();
    names.sort();
    names
}

/// The seccomp filter for the final bounding set (moby applies it after the capabilities).
fn seccomp_filter(
    opts: &SpecOptions,
    bounding: &HashSet<Capability>,
) -> Result<Option<oci_spec::runtime::LinuxSeccomp>, Error> {
    let default_profile;
    let profile = match &opts.security.seccomp {
        SeccompMode::Unconfined => return Ok(None),
        SeccompMode::Custom(profile) => profile.as_ref(),
        SeccompMode::Default => {
            default_profile = seccomp::Profile::docker_default()?;
            &default_profile
        }
    };
    let names = capability_names(bounding);
    profile.to_oci(&seccomp::Target {
        arch: opts.host.arch,
        bounding: &names,
        kernel: opts.host.kernel,
    })
}

fn mount(destination: &str, typ: &str, source: &str, options: &[&str]) -> Result<Mount, Error> {
    Ok(MountBuilder::default()
        .destination(destination)
        .typ(typ)
        .source(source)
        .options(options.iter().map(|o| o.to_string()).collect::<Vec<_>>())
        .build()?)
}

fn default_mounts(host: &HostInfo) -> Result<Vec<Mount>, Error> {
    let mut mounts = vec![
        mount("/proc", "proc", "proc", &["nosuid", "noexec", "nodev"])?,
        mount(
            "/dev",
            "tmpfs",
            "tmpfs",
            &["nosuid", "strictatime", "mode=755", "size=65536k"],
        )?,
        mount(
            "/dev/pts",
            "devpts",
            "devpts",
            &[
                "nosuid",
                "noexec",
                "newinstance",
                "ptmxmode=0666",
                "mode=0620",
                "gid=5",
            ],
        )?,
        mount(
            "/dev/shm",
            "tmpfs",
            "shm",
            &["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
        )?,
        mount(
            "/dev/mqueue",
            "mqueue",
            "mqueue",
            &["nosuid", "noexec", "nodev"],
        )?,
        mount(
            "/sys",
            "sysfs",
            "sysfs",
            &["nosuid", "noexec", "nodev", "ro"],
        )?,
    ];
    if host.cgroup_v1 {
        // On cgroup v1 runc (1.1) mounts a tmpfs at /sys/fs/cgroup for the controllers and
        // leaves it writable whatever the options say (Docker 20.10 containers here can write
        // to it). runc does remount every read-only *tmpfs* entry at the very end, by path,
        // which then hits the topmost mount there: so a small read-only tmpfs entry placed
        // before the cgroup entry makes the controllers' tmpfs read-only. The placeholder
        // itself stays hidden underneath.
        mounts.push(mount(
            "/sys/fs/cgroup",
            "tmpfs",
            "tmpfs",
            &["nosuid", "noexec", "nodev", "ro", "mode=755", "size=4k"],
        )?);
    }
    mounts.push(mount(
        "/sys/fs/cgroup",
        "cgroup",
        "cgroup",
        &["nosuid", "noexec", "nodev", "relatime", "ro"],
    )?);
    Ok(mounts)
}

/// Builds the container's runtime spec.
pub fn generate(image: Option<&ImageConfig>, opts: &SpecOptions) -> Result<Spec, Error> {
    let args = resolve_command(image, opts.entrypoint.as_deref(), &opts.args)?;
    let env = container_env(image, &opts.hostname, opts.tty, &opts.env);

    let image_workdir = image
        .and_then(|c| c.working_dir().clone())
        .filter(|w| !w.is_empty());
    let cwd = opts
        .workdir
        .clone()
        .filter(|w| !w.is_empty())
        .or(image_workdir)
        .unwrap_or_else(|| "/".to_string());
    if !cwd.starts_with('/') {
        return Err(Error::RelativeWorkdir(cwd));
    }

    let user_spec = opts
        .user
        .clone()
        .or_else(|| image.and_then(|c| c.user().clone()))
        .unwrap_or_default();
    let user = resolve_user(&user_spec, &opts.userdb)?;
    let mut oci_user = UserBuilder::default().uid(user.uid).gid(user.gid);
    if !user.additional_gids.is_empty() {
        oci_user = oci_user.additional_gids(user.additional_gids.clone());
    }
    let bounding = capabilities::bounding_set(
        opts.security.privileged,
        &opts.security.cap_add,
        &opts.security.cap_drop,
        opts.host.capabilities,
    );
    let seccomp = seccomp_filter(opts, &bounding)?;

    let process = ProcessBuilder::default()
        .terminal(opts.tty)
        .user(oci_user.build()?)
        .args(args)
        .env(env)
        .cwd(cwd)
        .capabilities(capabilities_for(user.uid, bounding))
        .rlimits(vec![PosixRlimitBuilder::default()
            .typ(PosixRlimitType::RlimitNofile)
            .hard(opts.nofile)
            .soft(opts.nofile)
            .build()?])
        .no_new_privileges(opts.security.no_new_privileges)
        .build()?;

    // User mounts win over defaults and the /etc files at the same destination.
    let user_destinations: HashSet<&str> =
        opts.mounts.iter().map(|m| m.destination.as_str()).collect();
    let mut mounts: Vec<Mount> = default_mounts(&opts.host)?
        .into_iter()
        .filter(|m| !user_destinations.contains(m.destination().to_string_lossy().as_ref()))
        .collect();
    let etc = [
        ("/etc/hostname", &opts.etc_files.hostname),
        ("/etc/hosts", &opts.etc_files.hosts),
        ("/etc/resolv.conf", &opts.etc_files.resolv_conf),
    ];
    for (destination, source) in etc {
        if let Some(source) = source {
            if !user_destinations.contains(destination) {
                mounts.push(
                    MountBuilder::default()
                        .destination(destination)
                        .typ("bind")
                        .source(source.clone())
                        .options(vec!["rbind".to_string(), "rprivate".to_string()])
                        .build()?,
                );
            }
        }
    }
    for m in &opts.mounts {
        let mut builder = MountBuilder::default()
            .destination(m.destination.clone())
            .options(m.oci_options());
        builder = match m.kind {
            MountKind::Bind | MountKind::Volume => builder.typ("bind").source(m.source.clone()),
            MountKind::Tmpfs => builder.typ("tmpfs").source("tmpfs"),
        };
        mounts.push(builder.build()?);
    }

    let mut namespaces = vec![
        LinuxNamespaceType::Pid,
        LinuxNamespaceType::Ipc,
        LinuxNamespaceType::Uts,
        LinuxNamespaceType::Mount,
    ];
    if opts.network == NetworkMode::None {
        namespaces.push(LinuxNamespaceType::Network);
    }
    let namespaces = namespaces
        .into_iter()
        .map(|typ| LinuxNamespaceBuilder::default().typ(typ).build())
        .collect::<Result<Vec<_>, _>>()?;

    let masked_paths: Vec<String> = MASKED_PATHS
        .iter()
        .map(|p| p.to_string())
        .chain(opts.host.thermal_throttle.iter().cloned())
        .collect();
    let mut linux = LinuxBuilder::default()
        .cgroups_path(PathBuf::from(format!("/{}/{}", opts.namespace, opts.id)))
        .namespaces(namespaces)
        .resources(
            LinuxResourcesBuilder::default()
                .devices(vec![LinuxDeviceCgroupBuilder::default()
                    .allow(false)
                    .access("rwm")
                    .build()?])
                .build()?,
        )
        .masked_paths(masked_paths)
        .readonly_paths(
            READONLY_PATHS
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>(),
        );
    if let Some(seccomp) = seccomp {
        linux = linux.seccomp(seccomp);
    }
    let linux = linux.build()?;

    let mut spec = SpecBuilder::default()
        .version("1.0.2-dev")
        .root(
            RootBuilder::default()
                .path("rootfs")
                .readonly(false)
                .build()?,
        )
        .process(process)
        .hostname(opts.hostname.clone())
        .mounts(mounts)
        .linux(linux)
        .build()?;
    resources::apply(&mut spec, &opts.resources, &opts.userdb)?;
    security::apply(&mut spec, &opts.security)?;
    Ok(spec)
}

/// Serializes a spec to the JSON containerd stores.
pub fn to_json(spec: &Spec) -> Result<Vec<u8>, Error> {
    Ok(serde_json::to_vec(spec)?)
}

/// Parses a spec stored in a container record.
pub fn from_json(data: &[u8]) -> Result<Spec, Error> {
    Ok(serde_json::from_slice(data)?)
}

/// What `exec` changes relative to the container's own process.
#[derive(Debug, Clone, Default)]
pub struct ExecOptions {
    pub args: Vec<String>,
    /// Resolved `-e` entries.
    pub env: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    /// The running container's `/etc/passwd` and `/etc/group` (needed only with `user`).
    pub userdb: UserDb,
}

/// The process spec for `exec`: the container's process (caps, rlimits, user, env, cwd) with the
/// exec's args, environment additions, working directory, user and terminal.
pub fn exec_process(container: &Spec, opts: &ExecOptions) -> Result<Process, Error> {
    if opts.args.is_empty() {
        return Err(Error::NoCommand);
    }
    let mut process = container.process().clone().unwrap_or_default();
    process.set_args(Some(opts.args.clone()));
    process.set_terminal(Some(opts.tty));
    process.set_console_size(None);
    let mut env = process.env().clone().unwrap_or_default();
    if opts.tty && get_env(&env, "TERM").is_none() {
        env.push("TERM=xterm".to_string());
    }
    process.set_env(Some(merge_env(&env, &opts.env)));
    if let Some(workdir) = opts.workdir.as_deref().filter(|w| !w.is_empty()) {
        if !workdir.starts_with('/') {
            return Err(Error::RelativeWorkdir(workdir.to_string()));
        }
        process.set_cwd(PathBuf::from(workdir));
    }
    if let Some(user_spec) = opts.user.as_deref() {
        let user = resolve_user(user_spec, &opts.userdb)?;
        let mut oci_user = UserBuilder::default().uid(user.uid).gid(user.gid);
        if !user.additional_gids.is_empty() {
            oci_user = oci_user.additional_gids(user.additional_gids);
        }
        process.set_user(oci_user.build()?);
    }
    // The exec's user decides its sets, as for the container's own process (Docker gives
    // `exec -u 1000` no effective capabilities and `exec -u 0` the full bounding set).
    let bounding = process
        .capabilities()
        .as_ref()
        .and_then(|c| c.bounding().clone())
        .unwrap_or_default();
    process.set_capabilities(Some(capabilities_for(process.user().uid(), bounding)));
    Ok(process)
}

#[cfg(test)]
mod tests;
