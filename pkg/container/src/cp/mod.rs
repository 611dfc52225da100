//! `cp`: copying files and directories between a container and the host, or a tar stream on
//! stdin/stdout, with Docker's semantics (which side exists, a trailing `/`, `dir/.` for the
//! contents, `-L`, `-a`, its messages).
//!
//! Docker splits the work between its CLI (local paths, deciding names: [`local`]) and daemon
//! (container paths, archiving and extracting in the container root); linnet does both here.
//! The container's `/` comes from [`root`]; every container path is resolved inside it
//! ([`resolve`]), so symlinks in the container cannot reach host files in either direction.
//! Data flows as a tar stream ([`write`] → pipe → [`extract`]) and is never buffered whole.

pub mod extract;
pub mod local;
pub mod path;
mod pipe;
pub mod resolve;
pub mod root;
pub mod write;

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use linnet_containerd::{Client, Container, TaskStatus};
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::stat::{FileStat, Mode, SFlag};

use extract::{Options, Owner};
use local::CopyInfo;
use root::{Access, Bind};

/// Errors of `cp`; the texts are Docker's where Docker has one.
#[derive(Debug, thiserror::Error)]
pub enum CpError {
    #[error("Could not find the file {path} in container {container}")]
    NotFound { path: String, container: String },
    #[error("{0}")]
    Message(String),
    #[error("cannot {op} {path}: {source}")]
    Sys {
        op: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("Error processing tar file: {0}")]
    Tar(#[source] std::io::Error),
    #[error(transparent)]
    Container(#[from] crate::Error),
    #[error(transparent)]
    Containerd(#[from] linnet_containerd::Error),
}

/// One `cp` invocation: `src` and `dst` as given (`CONTAINER:PATH`, a local path, or `-`).
#[derive(Debug, Clone)]
pub struct CopyRequest {
    pub src: String,
    pub dst: String,
    /// `-a`: into a container, files take the container's user (Docker's `CopyUIDGID`).
    pub archive: bool,
    /// `-L`: follow a symlink named by the source.
    pub follow_link: bool,
}

/// Docker's `splitCpArg`: `CONTAINER:PATH`, unless the argument is an absolute path or starts
/// with `.` before its first `:`.
pub fn split_arg(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((c, p)) if !c.starts_with('.') => (Some(c), p),
        _ => (None, arg),
    }
}

/// Everything about the container the blocking part needs.
struct Target {
    name: String,
    access: Access,
    /// Bind destinations and whether they are read-only, for Docker's read-only checks.
    binds: Vec<Bind>,
    readonly_rootfs: bool,
    /// The spec's user when it is not root (`-a` chowns to it).
    user: Option<(u32, u32)>,
}

/// Runs `cp`. `stdin` feeds `SRC` `-`, `stdout` takes `DEST` `-`.
pub async fn copy<I, O>(
    client: &Client,
    req: &CopyRequest,
    stdin: I,
    stdout: O,
) -> Result<(), CpError>
where
    I: Read + Send + 'static,
    O: Write + Send + 'static,
{
    let (src_c, src_path) = split_arg(&req.src);
    let (dst_c, dst_path) = split_arg(&req.dst);
    let (name, to_container) = match (src_c, dst_c) {
        (Some(c), None) => (c, false),
        (None, Some(c)) => (c, true),
        (Some(_), Some(_)) => {
            return Err(CpError::Message(
                "copying between containers is not supported".into(),
            ))
        }
        (None, None) => {
            return Err(CpError::Message(
                "must specify at least one container source".into(),
            ))
        }
    };
    let (src_path, dst_path) = (src_path.to_string(), dst_path.to_string());
    // The CLI checks the local output path before anything else.
    let local_dst = if !to_container && dst_path != "-" {
        let abs = local::absolute(&dst_path)?;
        local::validate_output_path(&abs)?;
        Some(abs)
    } else {
        None
    };
    let container = crate::ops::resolve(client, name).await?;
    let target = target_of(client, name, &container).await?;
    let (archive, follow) = (req.archive, req.follow_link);
    let work = move || {
        if to_container {
            copy_in(&target, &src_path, &dst_path, archive, follow, stdin)
        } else {
            copy_out(&target, &src_path, local_dst.as_deref(), follow, stdout)
        }
    };
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| CpError::Message(format!("copy failed: {e}")))?
}

async fn target_of(client: &Client, name: &str, c: &Container) -> Result<Target, CpError> {
    let spec = linnet_spec::from_json(&c.spec).map_err(crate::Error::ReadSpec)?;
    let readonly_rootfs = spec
        .root()
        .as_ref()
        .and_then(|r| r.readonly())
        .unwrap_or(false);
    let user = spec
        .process()
        .as_ref()
        .map(|p| (p.user().uid(), p.user().gid()))
        .filter(|ids| *ids != (0, 0));
    let binds: Vec<Bind> = spec
        .mounts()
        .iter()
        .flatten()
        .filter_map(|m| {
            let options = m.options().clone().unwrap_or_default();
            let is_bind = m.typ().as_deref() == Some("bind")
                || options.iter().any(|o| o == "bind" || o == "rbind");
            let source = m.source().clone()?;
            is_bind.then(|| Bind {
                source,
                destination: m.destination().to_string_lossy().into_owned(),
                readonly: options.iter().any(|o| o == "ro"),
            })
        })
        .collect();
    let task = client.task_get(&c.id).await?;
    let access = match task {
        Some(t)
            if t.pid > 0
                && matches!(
                    t.status,
                    TaskStatus::Running
                        | TaskStatus::Paused
                        | TaskStatus::Pausing
                        | TaskStatus::Created
                ) =>
        {
            Access::Task { pid: t.pid }
        }
        _ => Access::Snapshot {
            mounts: client
                .snapshot_mounts(&c.snapshotter, &c.snapshot_key)
                .await?,
            binds: binds.clone(),
            readonly: readonly_rootfs,
        },
    };
    Ok(Target {
        name: name.to_string(),
        access,
        binds,
        readonly_rootfs,
        user,
    })
}

/// A container path as the daemon's `StatPath` sees it: the parent resolved in scope, the last
/// element not followed. Returns the parent, the element (`None`: the directory itself) and its
/// stat.
struct Stat {
    parent: OwnedFd,
    leaf: Option<CString>,
    st: FileStat,
}

fn stat_path(root: BorrowedFd<'_>, target: &Target, given: &str) -> Result<Stat, CpError> {
    let abs = path::container_abs(given);
    let (dir, base) = path::split(&abs);
    let not_found = |e: Errno| match e {
        Errno::ENOENT => CpError::NotFound {
            path: given.to_string(),
            container: target.name.clone(),
        },
        other => CpError::Message(format!(
            "lstat {abs}: {}",
            local::errno_text(&std::io::Error::from_raw_os_error(other as i32))
        )),
    };
    let rdir = resolve::eval_in_scope(root, dir).map_err(not_found)?;
    let dirfd = resolve::open_dir(root, &rdir).map_err(not_found)?;
    if base.is_empty() || base == "." {
        let st = nix::sys::stat::fstat(dirfd.as_fd()).map_err(not_found)?;
        return Ok(Stat {
            parent: dirfd,
            leaf: None,
            st,
        });
    }
    let leaf = CString::new(base).map_err(|_| not_found(Errno::EINVAL))?;
    let st = nix::sys::stat::fstatat(
        dirfd.as_fd(),
        leaf.as_c_str(),
        nix::fcntl::AtFlags::AT_SYMLINK_NOFOLLOW,
    )
    .map_err(not_found)?;
    Ok(Stat {
        parent: dirfd,
        leaf: Some(leaf),
        st,
    })
}

fn is_device(st: &FileStat) -> bool {
    let k = SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT;
    k == SFlag::S_IFCHR || k == SFlag::S_IFBLK
}

/// Container → host (or stdout).
fn copy_out<O: Write + Send + 'static>(
    target: &Target,
    src: &str,
    local_dst: Option<&str>,
    follow: bool,
    stdout: O,
) -> Result<(), CpError> {
    let root = root::open(target.access.clone())?;
    let r = root.fd();
    let mut src_path = src.to_string();
    let mut rebase_name = None;
    if follow {
        if let Ok(s) = stat_path(r, target, src) {
            if resolve::is_symlink(&s.st) {
                let link = resolve::eval_in_scope(r, &path::container_abs(src))
                    .map_err(|e| CpError::Message(format!("cannot resolve {src}: {e}")))?;
                let (resolved, rebase) = path::rebase_name(src, &link);
                src_path = resolved;
                rebase_name = rebase;
            }
        }
    }
    let stat = stat_path(r, target, &src_path)?;
    let is_dir = resolve::is_dir(&stat.st);
    // A file of /proc or /sys is not in the container's file system (what Docker copies from).
    if stat.leaf.is_some() && write::pseudo_fs(stat.parent.as_fd()) {
        return Err(CpError::NotFound {
            path: src_path,
            container: target.name.clone(),
        });
    }
    let archive_base = path::base(&path::container_abs(&src_path));
    let Some(dst) = local_dst else {
        let mut builder = tar::Builder::new(stdout);
        write::write_tree(
            &mut builder,
            stat.parent.as_fd(),
            stat.leaf.as_deref(),
            archive_base.as_bytes(),
        )
        .and_then(|()| builder.finish())
        .map_err(|e| CpError::Sys {
            op: "write",
            path: "the archive".into(),
            source: e,
        })?;
        return Ok(());
    };
    let src_info = CopyInfo {
        path: src_path.clone(),
        exists: true,
        is_dir,
        rebase_name,
    };
    let dst_info = local::destination_info(dst)?;
    let split_base = path::split_dir_entry(&src_path).1;
    let (dst_dir, mut renames) = local::prepare(&src_info, &dst_info, &split_base)?;
    if archive_base != split_base {
        renames.insert(0, (archive_base.clone(), split_base));
    }
    let host = nix::fcntl::open(
        dst_dir.as_str(),
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| CpError::Message(format!("stat {dst_dir}: {}", local::errno_text(&e.into()))))?;
    let opts = Options {
        renames,
        owner: Owner::Caller,
    };
    pipe::pump(
        move |w| {
            let mut builder = tar::Builder::new(w);
            write::write_tree(
                &mut builder,
                stat.parent.as_fd(),
                stat.leaf.as_deref(),
                archive_base.as_bytes(),
            )?;
            builder.finish()
        },
        |reader, check| extract::extract(host.as_fd(), "/", reader, &opts, check),
    )
}

/// Host (or stdin) → container.
fn copy_in<I: Read + Send + 'static>(
    target: &Target,
    src: &str,
    dst: &str,
    archive: bool,
    follow: bool,
    stdin: I,
) -> Result<(), CpError> {
    let root = root::open(target.access.clone())?;
    let r = root.fd();
    let mut dst_info = CopyInfo {
        path: dst.to_string(),
        ..CopyInfo::default()
    };
    let mut stat = stat_path(r, target, dst);
    if let Ok(s) = &stat {
        if resolve::is_symlink(&s.st) {
            let link = resolve::eval_in_scope(r, &path::container_abs(dst))
                .map_err(|e| CpError::Message(format!("cannot resolve {dst}: {e}")))?;
            dst_info.path = link.clone();
            stat = stat_path(r, target, &link);
        }
    }
    if let Ok(s) = &stat {
        if is_device(&s.st) {
            return Err(CpError::Message(format!(
                "destination \"{}:{dst}\" must be a directory or a regular file: got a device",
                target.name
            )));
        }
        dst_info.exists = true;
        dst_info.is_dir = resolve::is_dir(&s.st);
    }
    let owner = match (archive, target.user) {
        (true, Some((u, g))) => Owner::Fixed(u, g),
        _ => Owner::FromArchive,
    };
    if src == "-" {
        if !dst_info.is_dir {
            return Err(CpError::Message(format!(
                "destination \"{}:{dst}\" must be a directory",
                target.name
            )));
        }
        let dir = extraction_dir(r, target, &dst_info.path)?;
        let opts = Options {
            renames: Vec::new(),
            owner,
        };
        return extract::extract(r, &dir, pipe::decompressed(stdin)?, &opts, || Ok(()));
    }
    let src_abs = local::absolute(src)?;
    let src_info = local::source_info(&src_abs, follow)?;
    let (src_dir, src_base) = path::split_dir_entry(&src_info.path);
    let (dst_dir, renames) = local::prepare(&src_info, &dst_info, &src_base)?;
    let dir = extraction_dir(r, target, &dst_dir)?;
    let parent = nix::fcntl::open(
        src_dir.as_str(),
        OFlag::O_PATH | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| CpError::Message(format!("lstat {src_dir}: {}", local::errno_text(&e.into()))))?;
    let leaf = if src_base == "." {
        None
    } else {
        Some(
            CString::new(src_base.clone())
                .map_err(|_| CpError::Message("invalid file name".into()))?,
        )
    };
    let opts = Options { renames, owner };
    pipe::pump(
        move |w| {
            let mut builder = tar::Builder::new(w);
            write::write_tree(
                &mut builder,
                parent.as_fd(),
                leaf.as_deref(),
                src_base.as_bytes(),
            )?;
            builder.finish()
        },
        |reader, check| extract::extract(r, &dir, reader, &opts, check),
    )
}

/// The daemon's checks on the directory an archive is extracted in: it exists (all symlinks
/// followed in scope), is a directory, and is writable by Docker's rules.
fn extraction_dir(root: BorrowedFd<'_>, target: &Target, given: &str) -> Result<String, CpError> {
    let abs = path::container_abs(given);
    let resolved = resolve::eval_in_scope(root, &abs)
        .map_err(|e| CpError::Message(format!("cannot resolve {given}: {e}")))?;
    match resolve::lstat(root, &resolved) {
        Ok(st) if resolve::is_dir(&st) => {}
        Ok(_) => {
            return Err(CpError::Message(
                "extraction point is not a directory".into(),
            ))
        }
        Err(Errno::ENOENT) | Err(Errno::ENOTDIR) => {
            return Err(CpError::NotFound {
                path: given.to_string(),
                container: target.name.clone(),
            })
        }
        Err(e) => return Err(CpError::Message(format!("lstat {resolved}: {e}"))),
    }
    let volume = target
        .binds
        .iter()
        .filter(|b| {
            let d = path::clean(&b.destination);
            resolved == d || resolved.starts_with(&format!("{}/", d.trim_end_matches('/')))
        })
        .max_by_key(|b| b.destination.len());
    match volume {
        Some(b) if b.readonly => Err(CpError::Message(
            "mounted volume is marked read-only".into(),
        )),
        None if target.readonly_rootfs => Err(CpError::Message(
            "container rootfs is marked read-only".into(),
        )),
        _ => Ok(resolved),
    }
}
