//! User mounts: `-v SRC:DST[:OPTS]` and `--mount type=bind|tmpfs,...`, checked the way Docker
//! checks binds (absolute paths, existing sources). Named and anonymous volumes are not supported.

use std::path::{Path, PathBuf};

use crate::Error;

/// What a user mount is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    Tmpfs,
}

/// One user mount, ready to become an OCI mount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMount {
    pub kind: MountKind,
    /// Host path (binds) or empty (tmpfs).
    pub source: PathBuf,
    pub destination: String,
    pub readonly: bool,
    /// `rprivate`, `rshared`, ... for binds.
    pub propagation: Option<String>,
    /// Extra mount options (tmpfs `size=`, `mode=`).
    pub options: Vec<String>,
}

impl UserMount {
    /// The mount options runc receives.
    pub fn oci_options(&self) -> Vec<String> {
        let mut options = Vec::new();
        match self.kind {
            MountKind::Bind => {
                options.push("rbind".to_string());
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

fn check_destination(spec: &str, destination: &str) -> Result<(), Error> {
    if !destination.starts_with('/') {
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: format!("invalid mount path: '{destination}' mount path must be absolute"),
        });
    }
    if destination == "/" {
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: "invalid specification: destination can't be '/'".to_string(),
        });
    }
    Ok(())
}

fn check_bind_source(spec: &str, source: &Path) -> Result<(), Error> {
    if !source.is_absolute() {
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: format!(
                "invalid mount path: '{}' mount path must be absolute",
                source.display()
            ),
        });
    }
    if std::fs::symlink_metadata(source).is_err() {
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: format!("bind source path does not exist: {}", source.display()),
        });
    }
    Ok(())
}

/// Parses `-v SRC:DST[:OPTS]`.
pub fn parse_volume(spec: &str) -> Result<UserMount, Error> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, destination, opts) = match parts.as_slice() {
        [dst] => {
            return Err(Error::InvalidMount {
                spec: spec.to_string(),
                reason: format!(
                    "anonymous volumes are not supported (use a host path: -v /host/path:{dst})"
                ),
            })
        }
        [src, dst] => (*src, *dst, ""),
        [src, dst, opts] => (*src, *dst, *opts),
        _ => {
            return Err(Error::InvalidMount {
                spec: spec.to_string(),
                reason: "invalid volume specification".to_string(),
            })
        }
    };
    if source.is_empty() || destination.is_empty() {
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: "invalid volume specification".to_string(),
        });
    }
    if !source.starts_with('/') {
        let reason = if source.starts_with('.') || source.contains('/') {
            format!(
                "\"{source}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed; if you intended to pass a host directory, use absolute path"
            )
        } else {
            format!("named volumes are not supported: {source} (use an absolute host path)")
        };
        return Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason,
        });
    }
    check_destination(spec, destination)?;
    let source = PathBuf::from(source);
    check_bind_source(spec, &source)?;
    let mut mount = UserMount {
        kind: MountKind::Bind,
        source,
        destination: destination.to_string(),
        readonly: false,
        propagation: None,
        options: Vec::new(),
    };
    for opt in opts.split(',').filter(|o| !o.is_empty()) {
        match opt {
            "ro" => mount.readonly = true,
            "rw" => mount.readonly = false,
            "z" | "Z" | "nocopy" | "consistent" | "cached" | "delegated" => {}
            p if PROPAGATIONS.contains(&p) => mount.propagation = Some(p.to_string()),
            other => {
                return Err(Error::InvalidMount {
                    spec: spec.to_string(),
                    reason: format!("invalid mode: {other}"),
                })
            }
        }
    }
    Ok(mount)
}

fn parse_bool(spec: &str, key: &str, value: Option<&str>) -> Result<bool, Error> {
    match value {
        None | Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(other) => Err(Error::InvalidMount {
            spec: spec.to_string(),
            reason: format!("invalid value for {key}: {other}"),
        }),
    }
}

/// Parses `--mount type=bind,source=/a,target=/b[,readonly][,bind-propagation=rshared]` and
/// `--mount type=tmpfs,target=/t[,tmpfs-size=N][,tmpfs-mode=1777]`.
pub fn parse_mount(spec: &str) -> Result<UserMount, Error> {
    let invalid = |reason: String| Error::InvalidMount {
        spec: spec.to_string(),
        reason,
    };
    let mut kind = None;
    let mut source = None;
    let mut target = None;
    let mut readonly = false;
    let mut propagation = None;
    let mut options = Vec::new();
    for field in spec.split(',').filter(|f| !f.is_empty()) {
        let (key, value) = match field.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), Some(v.trim())),
            None => (field.trim().to_ascii_lowercase(), None),
        };
        match key.as_str() {
            "type" => kind = value.map(str::to_string),
            "source" | "src" => source = value.map(str::to_string),
            "target" | "destination" | "dst" => target = value.map(str::to_string),
            "readonly" | "ro" => readonly = parse_bool(spec, &key, value)?,
            "bind-propagation" => {
                let p = value.unwrap_or_default();
                if !PROPAGATIONS.contains(&p) {
                    return Err(invalid(format!("invalid propagation mode: {p}")));
                }
                propagation = Some(p.to_string());
            }
            "tmpfs-size" => options.push(format!("size={}", value.unwrap_or_default())),
            "tmpfs-mode" => options.push(format!("mode={}", value.unwrap_or_default())),
            "consistency" | "bind-nonrecursive" => {}
            other => return Err(invalid(format!("unexpected key '{other}' in '{field}'"))),
        }
    }
    let target = target.ok_or_else(|| invalid("target is required".to_string()))?;
    check_destination(spec, &target)?;
    match kind.as_deref().unwrap_or("volume") {
        "bind" => {
            let source = source.ok_or_else(|| {
                invalid(
                    "invalid mount config for type \"bind\": field Source must not be empty".into(),
                )
            })?;
            let source = PathBuf::from(source);
            check_bind_source(spec, &source)?;
            if !options.is_empty() {
                return Err(invalid(
                    "tmpfs options are only valid with type=tmpfs".into(),
                ));
            }
            Ok(UserMount {
                kind: MountKind::Bind,
                source,
                destination: target,
                readonly,
                propagation,
                options,
            })
        }
        "tmpfs" => {
            if source.is_some() {
                return Err(invalid(
                    "invalid mount config for type \"tmpfs\": field Source must not be specified"
                        .into(),
                ));
            }
            Ok(UserMount {
                kind: MountKind::Tmpfs,
                source: PathBuf::new(),
                destination: target,
                readonly,
                propagation: None,
                options,
            })
        }
        other => Err(invalid(format!(
            "mount type \"{other}\" is not supported (use bind or tmpfs)"
        ))),
    }
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
        assert_eq!(m.oci_options(), vec!["rbind", "rprivate", "ro"]);
        let m = parse_volume("/tmp:/data").unwrap();
        assert!(!m.readonly);
    }

    #[test]
    fn volume_errors() {
        assert!(parse_volume("/definitely/not/here:/x")
            .unwrap_err()
            .to_string()
            .contains("does not exist"));
        assert!(parse_volume("./rel:/x").is_err());
        assert!(parse_volume("name:/x")
            .unwrap_err()
            .to_string()
            .contains("named volumes"));
        assert!(parse_volume("/tmp:rel").is_err());
        assert!(parse_volume("/data").is_err());
        assert!(parse_volume("/tmp:/x:bogus").is_err());
    }

    #[test]
    fn mount_flags() {
        let m = parse_mount("type=bind,source=/tmp,target=/t,readonly").unwrap();
        assert!(m.readonly);
        assert_eq!(m.source, PathBuf::from("/tmp"));
        let m = parse_mount("type=bind,src=/tmp,dst=/t,ro=false,bind-propagation=rshared").unwrap();
        assert!(!m.readonly);
        assert_eq!(m.oci_options(), vec!["rbind", "rshared", "rw"]);
        let m = parse_mount("type=tmpfs,target=/scratch,tmpfs-size=1m").unwrap();
        assert_eq!(m.kind, MountKind::Tmpfs);
        assert!(m.oci_options().contains(&"size=1m".to_string()));
    }

    #[test]
    fn mount_errors() {
        assert!(parse_mount("type=bind,source=rel,target=/t").is_err());
        assert!(parse_mount("type=bind,source=/nope/nope,target=/t").is_err());
        assert!(parse_mount("type=bind,source=/tmp").is_err());
        assert!(parse_mount("type=volume,source=v,target=/t").is_err());
        assert!(parse_mount("source=/tmp,target=/t").is_err());
    }
}
