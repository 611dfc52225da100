//! User mounts: `-v SRC:DST[:OPTS]`, `--mount type=bind|volume|tmpfs,...` and `--tmpfs
//! PATH[:OPTS]`, parsed and checked the way Docker's CLI and daemon check them (the errors quote
//! Docker's), plus `--read-only` applied to a finished spec.
//!
//! Volumes are only named here: the container library resolves a [`MountKind::Volume`] to its
//! directory in the volume store (creating it on demand) and fills in [`UserMount::source`]
//! before the spec is generated.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use oci_spec::runtime::Spec;

use crate::units::parse_size;
use crate::Error;

/// What a user mount is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MountKind {
    #[default]
    Bind,
    Volume,
    Tmpfs,
}

/// One user mount, ready to become an OCI mount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserMount {
    pub kind: MountKind,
    /// Host path: the bind source, or the volume's data directory once resolved; empty for tmpfs.
    pub source: PathBuf,
    /// The volume name; None for an anonymous volume (and for binds and tmpfs).
    pub name: Option<String>,
    pub destination: String,
    pub readonly: bool,
    /// `rprivate`, `rshared`, ... for binds.
    pub propagation: Option<String>,
    /// Extra mount options (tmpfs `size=`, `mode=`...).
    pub options: Vec<String>,
    /// Volumes: do not copy the image's content into an empty volume.
    pub nocopy: bool,
    /// Volumes created on demand: `--mount volume-opt=` / `volume-label=`.
    pub volume_options: BTreeMap<String, String>,
    pub volume_labels: BTreeMap<String, String>,
    /// `-v` binds: a missing source directory is created (`--mount` refuses it instead).
    pub create_source: bool,
    /// Docker's `Mode` in inspect (the `-v` mode text).
    pub mode: String,
    /// Binds: `bind` instead of `rbind` (`bind-recursive=disabled`, `bind-nonrecursive`).
    pub nonrecursive: bool,
    /// Made by `--tmpfs`: Docker shows it in `HostConfig.Tmpfs`, not in `Mounts`.
    pub tmpfs_flag: bool,
}

impl UserMount {
    /// The mount options runc receives.
    pub fn oci_options(&self) -> Vec<String> {
        let mut options = Vec::new();
        match self.kind {
            MountKind::Bind | MountKind::Volume => {
                options.push(if self.nonrecursive { "bind" } else { "rbind" }.to_string());
                options.push(
                    self.propagation
                        .clone()
                        .unwrap_or_else(|| "rprivate".to_string()),
                );
            }
            MountKind::Tmpfs => {
                options.extend(["nosuid", "nodev", "noexec"].map(String::from));
            }
        }
        options.push(if self.readonly { "ro" } else { "rw" }.to_string());
        options.extend(self.options.iter().cloned());
        options
    }
}

const PROPAGATIONS: &[&str] = &[
    "shared", "slave", "private", "rshared", "rslave", "rprivate",
];

fn invalid(spec: &str, reason: impl Into<String>) -> Error {
    Error::InvalidMount {
        spec: spec.to_string(),
        reason: reason.into(),
    }
}

fn check_destination(spec: &str, destination: &str) -> Result<(), Error> {
    if !destination.starts_with('/') {
        return Err(invalid(
            spec,
            format!("invalid mount path: '{destination}' mount path must be absolute"),
        ));
    }
    if clean(Path::new(destination)) == Path::new("/") {
        return Err(invalid(
            spec,
            "invalid specification: destination can't be '/'",
        ));
    }
    Ok(())
}

fn check_absolute_source(spec: &str, source: &str) -> Result<(), Error> {
    if !source.starts_with('/') {
        return Err(invalid(
            spec,
            format!("invalid mount path: '{source}' mount path must be absolute"),
        ));
    }
    Ok(())
}

/// Lexical path cleaning (Go's `filepath.Clean` for absolute paths).
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// What the Docker CLI does before sending a mount: a source starting with `.` is made absolute
/// against `cwd` (`-v ./src:/src`, `--mount type=bind,src=./src,...`).
pub fn absolutize_volume(spec: &str, cwd: &Path) -> String {
    match spec.split_once(':') {
        Some((src, rest)) if src.starts_with('.') => {
            format!("{}:{rest}", clean(&cwd.join(src)).display())
        }
        _ => spec.to_string(),
    }
}

/// [`absolutize_volume`] for `--mount`: the `source`/`src` field.
pub fn absolutize_mount(spec: &str, cwd: &Path) -> String {
    spec.split(',')
        .map(|field| match field.split_once('=') {
            Some((k, v))
                if matches!(k.trim().to_ascii_lowercase().as_str(), "source" | "src")
                    && v.starts_with('.') =>
            {
                format!("{k}={}", clean(&cwd.join(v)).display())
            }
            _ => field.to_string(),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses `-v SRC:DST[:OPTS]` and `-v DST` (an anonymous volume). A source starting with `/`,
/// `.` or `~` is a host path, anything else a volume name (checked by the volume store).
pub fn parse_volume(spec: &str) -> Result<UserMount, Error> {
    if spec.is_empty() {
        return Err(invalid(spec, "invalid empty volume spec"));
    }
    let parts: Vec<&str> = spec.split(':').collect();
    if parts.len() > 3 {
        return Err(invalid(
            spec,
            format!("invalid spec: {spec}: too many colons"),
        ));
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(invalid(
            spec,
            format!("invalid spec: {spec}: empty section between colons"),
        ));
    }
    let (source, destination, mode) = match parts.as_slice() {
        [dst] => (None, *dst, ""),
        [src, dst] => (Some(*src), *dst, ""),
        [src, dst, mode] => (Some(*src), *dst, *mode),
        _ => {
            return Err(invalid(
                spec,
                format!("invalid volume specification: '{spec}'"),
            ))
        }
    };
    check_destination(spec, destination)?;
    let mut mount = UserMount {
        destination: destination.to_string(),
        mode: mode.to_string(),
        ..Default::default()
    };
    match source {
        None => mount.kind = MountKind::Volume,
        Some(src) if src.starts_with(['/', '.', '~']) => {
            check_absolute_source(spec, src)?;
            mount.kind = MountKind::Bind;
            mount.source = PathBuf::from(src);
            mount.create_source = true;
        }
        Some(name) => {
            mount.kind = MountKind::Volume;
            mount.name = Some(name.to_string());
            // Docker reports the SELinux default for named volumes of `-v`.
            if mode.is_empty() {
                mount.mode = "z".to_string();
            }
        }
    }
    // At most one word of each class, as Docker's `volume/mounts` parser.
    let mut seen = [false; 5];
    for word in mode.split(',').filter(|w| !w.is_empty()) {
        let class = match word {
            "ro" | "rw" => 0,
            "z" | "Z" => 1,
            p if PROPAGATIONS.contains(&p) => 2,
            "nocopy" => 3,
            "consistent" | "cached" | "delegated" => 4,
            _ => return Err(invalid(spec, format!("invalid mode: {mode}"))),
        };
        if std::mem::replace(&mut seen[class], true) {
            return Err(invalid(spec, format!("invalid mode: {mode}")));
        }
        match word {
            "ro" => mount.readonly = true,
            "nocopy" if mount.kind == MountKind::Bind => return Err(invalid(
                spec,
                "invalid mount config for type \"bind\": field VolumeOptions must not be specified",
            )),
            "nocopy" => mount.nocopy = true,
            p if PROPAGATIONS.contains(&p) => {
                if mount.kind != MountKind::Bind {
                    return Err(invalid(
                        spec,
                        "invalid mount config for type \"volume\": field BindOptions must not be specified",
                    ));
                }
                mount.propagation = Some(p.to_string());
            }
            _ => {}
        }
    }
    Ok(mount)
}

fn parse_bool(spec: &str, key: &str, value: Option<&str>) -> Result<bool, Error> {
    match value {
        None | Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(other) => Err(invalid(spec, format!("invalid value for {key}: {other}"))),
    }
}

fn octal_mode(text: &str) -> bool {
    !text.is_empty() && text.len() <= 4 && text.chars().all(|c| ('0'..='7').contains(&c))
}

/// Parses `--mount` (CSV, default type `volume`) with Docker's keys.
pub fn parse_mount(spec: &str) -> Result<UserMount, Error> {
    let mut kind = None;
    let mut source = None;
    let mut target = None;
    let mut readonly = false;
    let mut propagation = None;
    let mut nocopy = false;
    let mut nonrecursive = false;
    let mut options = Vec::new();
    let mut volume_options = BTreeMap::new();
    let mut volume_labels = BTreeMap::new();
    // Which families of keys were used (bind-*, volume-*, tmpfs-*), for the type check.
    let mut families: Vec<&str> = Vec::new();
    for field in spec.split(',').filter(|f| !f.is_empty()) {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (field.trim().to_ascii_lowercase(), None),
        };
        let need = |v: Option<&str>| {
            v.filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or_else(|| {
                    invalid(
                        spec,
                        format!("invalid field '{field}' must be a key=value pair"),
                    )
                })
        };
        match key.as_str() {
            "type" => kind = Some(need(value)?),
            "source" | "src" => source = value.map(str::to_string),
            "target" | "destination" | "dst" => target = Some(need(value)?),
            "readonly" | "ro" => readonly = parse_bool(spec, &key, value)?,
            "bind-propagation" => {
                let p = need(value)?;
                if !PROPAGATIONS.contains(&p.as_str()) {
                    return Err(invalid(spec, format!("invalid propagation mode: {p}")));
                }
                propagation = Some(p);
                families.push("bind");
            }
            "bind-nonrecursive" => {
                nonrecursive = parse_bool(spec, &key, value)?;
                families.push("bind");
            }
            "bind-recursive" => {
                nonrecursive = match value.unwrap_or_default() {
                    "enabled" => false,
                    "disabled" => true,
                    // Recursively read-only binds need runc's `rro` (kernel 5.12+).
                    "readonly" | "writable" => {
                        return Err(invalid(
                            spec,
                            format!(
                                "bind-recursive={} is not supported",
                                value.unwrap_or_default()
                            ),
                        ))
                    }
                    other => {
                        return Err(invalid(
                            spec,
                            format!("invalid value for bind-recursive: {other}"),
                        ))
                    }
                };
                families.push("bind");
            }
            "bind-create-src" | "volume-subpath" => {
                return Err(invalid(spec, format!("{key} is not supported")))
            }
            "volume-nocopy" => {
                nocopy = parse_bool(spec, &key, value)?;
                families.push("volume");
            }
            "volume-driver" => {
                let d = need(value)?;
                if d != "local" {
                    return Err(invalid(
                        spec,
                        format!("volume driver {d} is not supported (only local)"),
                    ));
                }
                families.push("volume");
            }
            "volume-opt" | "volume-label" => {
                let v = need(value)?;
                let (k, v) = v.split_once('=').unwrap_or((v.as_str(), ""));
                let map = if key == "volume-opt" {
                    &mut volume_options
                } else {
                    &mut volume_labels
                };
                map.insert(k.to_string(), v.to_string());
                families.push("volume");
            }
            "tmpfs-size" => {
                let v = value.unwrap_or_default();
                let bytes = parse_size(v)
                    .ok_or_else(|| invalid(spec, format!("invalid value for tmpfs-size: {v}")))?;
                options.push(format!("size={bytes}"));
                families.push("tmpfs");
            }
            "tmpfs-mode" => {
                let v = value.unwrap_or_default();
                if !octal_mode(v) {
                    return Err(invalid(spec, format!("invalid value for tmpfs-mode: {v}")));
                }
                options.push(format!("mode={v}"));
                families.push("tmpfs");
            }
            "consistency" => {}
            _ => {
                return Err(invalid(
                    spec,
                    format!("unexpected key '{key}' in '{field}'"),
                ))
            }
        }
    }
    let target = target.ok_or_else(|| invalid(spec, "target is required"))?;
    let kind = kind.unwrap_or_else(|| "volume".to_string());
    if let Some(other) = families.iter().find(|f| **f != kind) {
        return Err(invalid(
            spec,
            format!("cannot mix '{other}-*' options with mount type '{kind}'"),
        ));
    }
    check_destination(spec, &target)?;
    let mut mount = UserMount {
        destination: target,
        readonly,
        ..Default::default()
    };
    match kind.as_str() {
        "bind" => {
            let source = source.filter(|s| !s.is_empty()).ok_or_else(|| {
                invalid(
                    spec,
                    "invalid mount config for type \"bind\": field Source must not be empty",
                )
            })?;
            check_absolute_source(spec, &source)?;
            if std::fs::symlink_metadata(&source).is_err() {
                return Err(invalid(
                    spec,
                    format!(
                        "invalid mount config for type \"bind\": bind source path does not exist: {source}"
                    ),
                ));
            }
            mount.kind = MountKind::Bind;
            mount.source = PathBuf::from(source);
            mount.propagation = propagation;
            mount.nonrecursive = nonrecursive;
        }
        "volume" => {
            mount.kind = MountKind::Volume;
            mount.name = source.filter(|s| !s.is_empty());
            mount.nocopy = nocopy;
            mount.volume_options = volume_options;
            mount.volume_labels = volume_labels;
        }
        "tmpfs" => {
            if source.is_some_and(|s| !s.is_empty()) {
                return Err(invalid(
                    spec,
                    "invalid mount config for type \"tmpfs\": field Source must not be specified",
                ));
            }
            mount.kind = MountKind::Tmpfs;
            mount.options = options;
        }
        other => {
            return Err(invalid(
                spec,
                format!("invalid mount config for type \"{other}\": mount type unknown"),
            ))
        }
    }
    Ok(mount)
}

/// Mount flags `--tmpfs` accepts (Docker's `ParseTmpfsOptions`).
const TMPFS_FLAGS: &[&str] = &[
    "defaults",
    "ro",
    "rw",
    "suid",
    "nosuid",
    "dev",
    "nodev",
    "exec",
    "noexec",
    "sync",
    "async",
    "dirsync",
    "remount",
    "mand",
    "nomand",
    "atime",
    "noatime",
    "diratime",
    "nodiratime",
    "bind",
    "rbind",
    "unbindable",
    "runbindable",
    "private",
    "rprivate",
    "shared",
    "rshared",
    "slave",
    "rslave",
    "relatime",
    "norelatime",
    "strictatime",
    "nostrictatime",
];

/// Parses `--tmpfs PATH[:OPTS]`.
pub fn parse_tmpfs(spec: &str) -> Result<UserMount, Error> {
    let (destination, opts) = spec.split_once(':').unwrap_or((spec, ""));
    check_destination(spec, destination)?;
    let mut mount = UserMount {
        kind: MountKind::Tmpfs,
        destination: destination.to_string(),
        tmpfs_flag: true,
        ..Default::default()
    };
    for opt in opts.split(',').filter(|o| !o.is_empty()) {
        let (key, value) = match opt.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (opt, None),
        };
        let ok = match (key, value) {
            (flag, None) if TMPFS_FLAGS.contains(&flag) => true,
            ("size", Some(v)) => parse_size(v).is_some() || v.ends_with('%'),
            ("mode", Some(v)) => octal_mode(v),
            ("uid" | "gid" | "nr_inodes" | "nr_blocks", Some(v)) => {
                !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric())
            }
            ("mpol", Some(_)) => true,
            _ => false,
        };
        if !ok {
            let quoted: Vec<String> = opt.splitn(2, '=').map(|p| format!("{p:?}")).collect();
            return Err(invalid(
                spec,
                format!("invalid tmpfs option [{}]", quoted.join(" ")),
            ));
        }
        match opt {
            "ro" => mount.readonly = true,
            "rw" => mount.readonly = false,
            _ => mount.options.push(opt.to_string()),
        }
    }
    Ok(mount)
}

/// Mounts `--read-only` leaves writable (Docker's list), besides the user's own mounts.
const WRITABLE_UNDER_READ_ONLY: &[&str] = &["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue"];

/// `--read-only`: a read-only root, and `ro` on every non-user mount except Docker's list
/// (`/etc/hosts`, `/etc/resolv.conf`, `/etc/hostname` become read-only; volumes, binds and tmpfs
/// keep their own mode).
pub fn apply_read_only(spec: &mut Spec, user: &[UserMount]) {
    if let Some(root) = spec.root_mut() {
        root.set_readonly(Some(true));
    }
    let Some(mounts) = spec.mounts_mut() else {
        return;
    };
    for m in mounts.iter_mut() {
        let dst = m.destination().to_string_lossy().into_owned();
        if WRITABLE_UNDER_READ_ONLY.contains(&dst.as_str())
            || user.iter().any(|u| u.destination == dst)
        {
            continue;
        }
        let mut options: Vec<String> = m.options().clone().unwrap_or_default();
        options.retain(|o| o != "rw");
        if !options.iter().any(|o| o == "ro") {
            options.push("ro".to_string());
        }
        m.set_options(Some(options));
    }
}

/// The first destination that two mounts share (Docker: `Duplicate mount point: /data`).
pub fn duplicate_destination(mounts: &[UserMount]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    mounts
        .iter()
        .map(|m| clean(Path::new(&m.destination)))
        .find(|d| !seen.insert(d.clone()))
        .map(|d| d.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_binds() {
        let m = parse_volume("/tmp:/data:ro").unwrap();
        assert_eq!(m.kind, MountKind::Bind);
        assert_eq!(m.source, PathBuf::from("/tmp"));
        assert_eq!(m.destination, "/data");
        assert!(m.readonly);
        assert!(m.create_source);
        assert_eq!(m.oci_options(), vec!["rbind", "rprivate", "ro"]);
        let m = parse_volume("/tmp:/data").unwrap();
        assert!(!m.readonly);
        // A missing source is fine here: `-v` creates it.
        assert!(parse_volume("/definitely/not/here:/x").is_ok());
    }

    #[test]
    fn named_and_anonymous_volumes() {
        let m = parse_volume("data:/data:ro,nocopy").unwrap();
        assert_eq!(m.kind, MountKind::Volume);
        assert_eq!(m.name.as_deref(), Some("data"));
        assert!(m.readonly && m.nocopy);
        let m = parse_volume("/cache").unwrap();
        assert_eq!(m.kind, MountKind::Volume);
        assert_eq!(m.name, None);
        assert_eq!(m.destination, "/cache");
    }

    #[test]
    fn volume_errors() {
        let err = |s: &str| parse_volume(s).unwrap_err().to_string();
        assert!(err("./rel:/x").contains("must be absolute"));
        assert!(err("~/x:/x").contains("must be absolute"));
        assert!(err("/tmp:rel").contains("'rel' mount path must be absolute"));
        assert!(err("rel").contains("must be absolute"));
        assert!(err("/tmp:/x:bogus").contains("invalid mode: bogus"));
        assert!(err("/tmp:/x:rw,ro").contains("invalid mode: rw,ro"));
        assert!(err("/tmp:/x:nocopy").contains("VolumeOptions"));
        assert!(err(":/b").contains("empty section between colons"));
        assert!(err("/a:/b:ro:z").contains("too many colons"));
        assert!(err("/a:/").contains("destination can't be '/'"));
        assert!(err("").contains("invalid empty volume spec"));
    }

    #[test]
    fn relative_sources_are_made_absolute() {
        let cwd = Path::new("/home/u/proj");
        assert_eq!(
            absolutize_volume("./src:/src:ro", cwd),
            "/home/u/proj/src:/src:ro"
        );
        assert_eq!(absolutize_volume("../x:/x", cwd), "/home/u/x:/x");
        assert_eq!(absolutize_volume("name:/x", cwd), "name:/x");
        assert_eq!(absolutize_volume("/abs:/x", cwd), "/abs:/x");
        assert_eq!(
            absolutize_mount("type=bind,src=./a,dst=/a", cwd),
            "type=bind,src=/home/u/proj/a,dst=/a"
        );
    }

    #[test]
    fn mount_flags() {
        let m = parse_mount("type=bind,source=/tmp,target=/t,readonly").unwrap();
        assert!(m.readonly);
        assert!(!m.create_source);
        assert_eq!(m.source, PathBuf::from("/tmp"));
        let m = parse_mount("type=bind,src=/tmp,dst=/t,ro=false,bind-propagation=rshared").unwrap();
        assert!(!m.readonly);
        assert_eq!(m.oci_options(), vec!["rbind", "rshared", "rw"]);
        let m = parse_mount("type=tmpfs,target=/scratch,tmpfs-size=1m,tmpfs-mode=700").unwrap();
        assert_eq!(m.kind, MountKind::Tmpfs);
        assert!(m.oci_options().contains(&"size=1048576".to_string()));
        assert!(m.oci_options().contains(&"mode=700".to_string()));
        let m =
            parse_mount("source=v1,target=/t,volume-nocopy,volume-opt=type=tmpfs,volume-label=a=b")
                .unwrap();
        assert_eq!(m.kind, MountKind::Volume);
        assert_eq!(m.name.as_deref(), Some("v1"));
        assert!(m.nocopy);
        assert_eq!(m.volume_options["type"], "tmpfs");
        assert_eq!(m.volume_labels["a"], "b");
        let m = parse_mount("type=volume,dst=/anon").unwrap();
        assert_eq!(m.name, None);
        let m = parse_mount("type=bind,src=/tmp,dst=/t,bind-recursive=disabled").unwrap();
        assert_eq!(m.oci_options(), vec!["bind", "rprivate", "rw"]);
        let m = parse_mount("type=bind,src=/tmp,dst=/t,bind-nonrecursive").unwrap();
        assert!(m.nonrecursive);
    }

    #[test]
    fn mount_errors() {
        let err = |s: &str| parse_mount(s).unwrap_err().to_string();
        assert!(err("type=bind,source=rel,target=/t").contains("must be absolute"));
        assert!(err("type=bind,source=/nope/nope,target=/t")
            .contains("bind source path does not exist: /nope/nope"));
        assert!(err("type=bind,source=/tmp").contains("target is required"));
        assert!(err("type=bind,target=/t").contains("field Source must not be empty"));
        assert!(err("type=volume,src=v,dst=/t,bogus=1").contains("unexpected key 'bogus'"));
        assert!(err("type=volume,dst=/t,tmpfs-size=1m").contains("cannot mix 'tmpfs-*'"));
        assert!(err("type=tmpfs,src=x,dst=/t").contains("Source must not be specified"));
        assert!(
            err("type=tmpfs,dst=/t,tmpfs-size=abc").contains("invalid value for tmpfs-size: abc")
        );
        assert!(err("type=foo,dst=/t").contains("mount type unknown"));
        assert!(err("type=volume,dst=rel").contains("must be absolute"));
    }

    #[test]
    fn tmpfs_flag() {
        let m = parse_tmpfs("/run:rw,size=64m,exec").unwrap();
        assert_eq!(m.kind, MountKind::Tmpfs);
        assert_eq!(m.destination, "/run");
        assert_eq!(m.options, vec!["size=64m", "exec"]);
        assert!(parse_tmpfs("/run").unwrap().options.is_empty());
        assert_eq!(
            parse_tmpfs("/run:foo=bar").unwrap_err().to_string(),
            "invalid mount '/run:foo=bar': invalid tmpfs option [\"foo\" \"bar\"]"
        );
        assert!(parse_tmpfs("/run:size=abc").is_err());
        assert!(parse_tmpfs("rel").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1m"), Some(1 << 20));
        assert_eq!(parse_size("64MiB"), Some(64 << 20));
        assert_eq!(parse_size("512"), Some(512));
        assert_eq!(parse_size("abc"), None);
    }

    #[test]
    fn duplicates() {
        let a = parse_volume("/tmp:/data").unwrap();
        let b = parse_tmpfs("/data/").unwrap();
        let c = parse_volume("/other").unwrap();
        assert_eq!(duplicate_destination(&[a.clone(), c.clone()]), None);
        assert_eq!(duplicate_destination(&[a, c, b]), Some("/data".into()));
    }
}
