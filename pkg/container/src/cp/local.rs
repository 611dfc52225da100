//! The host side of `cp`, as Docker's CLI does it (`cli/command/container/cp.go` and moby's
//! `pkg/archive/copy.go`): absolute local paths, output path validation, following a local
//! destination symlink, and deciding where an archive is extracted and under which name.

use super::{path, CpError};

/// What is known about one side of a copy.
#[derive(Debug, Clone, Default)]
pub struct CopyInfo {
    pub path: String,
    pub exists: bool,
    pub is_dir: bool,
    /// The name the archive's top entry must take (a followed symlink keeps its own name).
    pub rebase_name: Option<String>,
}

/// Go's error text for an errno: lower case, no "(os error N)".
pub fn errno_text(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(n) => {
            let text = nix::errno::Errno::from_raw(n).desc();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
        None => e.to_string(),
    }
}

fn os_error(op: &str, path: &str, e: &std::io::Error) -> CpError {
    CpError::Message(format!("{op} {path}: {}", errno_text(e)))
}

/// `resolveLocalPath`: absolute, keeping a trailing `/` or `/.`.
pub fn absolute(local: &str) -> Result<String, CpError> {
    let joined = if local.starts_with('/') {
        local.to_string()
    } else {
        let cwd = std::env::current_dir().map_err(|e| os_error("getwd", ".", &e))?;
        format!("{}/{local}", cwd.display())
    };
    Ok(path::preserve_trailing(&path::clean(&joined), local))
}

/// `ValidateOutputPath`: the parent must exist; an existing path must be a directory or a file.
pub fn validate_output_path(p: &str) -> Result<(), CpError> {
    let dir = path::dir(&path::clean(p));
    if dir != "." && !dir.is_empty() {
        if let Err(e) = std::fs::metadata(&dir) {
            if e.kind() == std::io::ErrorKind::NotFound {
                return Err(CpError::Message(format!(
                    "invalid output path: directory {dir:?} does not exist"
                )));
            }
        }
    }
    match std::fs::metadata(p) {
        Ok(meta) => {
            use std::os::unix::fs::FileTypeExt;
            let t = meta.file_type();
            if t.is_block_device() || t.is_char_device() {
                return Err(CpError::Message(format!(
                    "invalid output path: {p:?} must be a directory or a regular file: got a device"
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(os_error("stat", p, &e)),
    }
}

/// `CopyInfoDestinationPath`: follows a destination symlink (up to 10 times); a missing
/// destination is fine when its parent directory exists.
pub fn destination_info(p: &str) -> Result<CopyInfo, CpError> {
    let original = p.to_string();
    let mut current = p.to_string();
    let mut stat = std::fs::symlink_metadata(&current);
    let mut n = 0;
    while let Ok(meta) = &stat {
        if !meta.file_type().is_symlink() {
            break;
        }
        if n > 10 {
            return Err(CpError::Message(format!("too many symlinks in {original}")));
        }
        n += 1;
        let target =
            std::fs::read_link(&current).map_err(|e| os_error("readlink", &current, &e))?;
        let target = target.to_string_lossy().into_owned();
        current = if target.starts_with('/') {
            target
        } else {
            let (parent, _) = path::split_dir_entry(&current);
            path::clean(&format!("{parent}/{target}"))
        };
        stat = std::fs::symlink_metadata(&current);
    }
    match stat {
        Ok(meta) => Ok(CopyInfo {
            path: current,
            exists: true,
            is_dir: meta.is_dir(),
            rebase_name: None,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let (parent, _) = path::split_dir_entry(&current);
            match std::fs::metadata(&parent) {
                Ok(m) if m.is_dir() => Ok(CopyInfo {
                    path: current,
                    ..CopyInfo::default()
                }),
                Ok(_) => Err(CpError::Message("not a directory".into())),
                Err(e) => Err(os_error("stat", &parent, &e)),
            }
        }
        Err(e) => Err(os_error("lstat", &current, &e)),
    }
}

/// `CopyInfoSourcePath`: a local source, its parent's symlinks followed (all of them with `-L`).
pub fn source_info(p: &str, follow: bool) -> Result<CopyInfo, CpError> {
    let (resolved, rebase_name) = if follow {
        let real = std::fs::canonicalize(p).map_err(|e| os_error("lstat", p, &e))?;
        let (resolved, rebase) = path::rebase_name(p, &real.to_string_lossy());
        (resolved, rebase)
    } else {
        let (dir, base) = path::split(p);
        let dir = if dir.is_empty() { "." } else { dir };
        let real = std::fs::canonicalize(dir).map_err(|e| os_error("lstat", dir, &e))?;
        let real = real.to_string_lossy();
        let resolved = if real == "/" {
            format!("/{base}")
        } else {
            format!("{real}/{base}")
        };
        let rebase = (path::has_trailing_separator(p) && path::base(p) != path::base(&resolved))
            .then(|| path::base(p));
        (resolved, rebase)
    };
    let meta =
        std::fs::symlink_metadata(&resolved).map_err(|e| os_error("lstat", &resolved, &e))?;
    Ok(CopyInfo {
        path: resolved,
        exists: true,
        is_dir: meta.is_dir(),
        rebase_name,
    })
}

/// `PrepareArchiveCopy`: the directory to extract in, and the renames of the archive's top entry
/// (`archive_base` is the name the archive starts with).
pub fn prepare(
    src: &CopyInfo,
    dst: &CopyInfo,
    archive_base: &str,
) -> Result<(String, Vec<(String, String)>), CpError> {
    let (dst_dir, dst_base) = path::split_dir_entry(&dst.path);
    let src_base = src
        .rebase_name
        .clone()
        .unwrap_or_else(|| archive_base.to_string());
    let mut renames = Vec::new();
    if src_base != archive_base {
        renames.push((archive_base.to_string(), src_base.clone()));
    }
    if dst.exists && dst.is_dir {
        return Ok((dst.path.clone(), renames));
    }
    if dst.exists && src.is_dir {
        return Err(CpError::Message("cannot copy directory".into()));
    }
    if !dst.exists && !src.is_dir && path::asserts_directory(&dst.path) {
        return Err(CpError::Message("no such directory".into()));
    }
    if src_base != dst_base {
        renames.push((src_base, dst_base));
    }
    Ok((dst_dir, renames))
}
