//! Extracting a `cp` tar stream under a directory, as Docker's `Untar` with
//! `NoOverwriteDirNonDir`: entries renamed as `cp` asks (`src` → `dst`), parents created, a
//! directory never replaced by a file or the other way round, ownership from the headers (or
//! none, or one owner), modes and times kept.
//!
//! Every path is opened inside `root` ([`super::resolve`]), and the last element of an entry is
//! never followed: a file, link or device is made under a temporary name in its parent and
//! renamed over the old entry once complete, so a failure never leaves a half-written file and a
//! symlink in the way is replaced, not written through. On failure, whatever this extraction
//! created is removed again.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::fcntl::{openat, renameat, AtFlags, OFlag, AT_FDCWD};
use nix::sys::stat::{
    fchmodat, fstatat, mkdirat, mknodat, utimensat, FchmodatFlags, Mode, SFlag, UtimensatFlags,
};
use nix::sys::time::TimeSpec;
use nix::unistd::{fchownat, linkat, symlinkat, unlinkat, Gid, Uid, UnlinkatFlags};
use tar::{Archive, EntryType};

use super::{path, resolve, CpError};

/// Who owns extracted entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The uid/gid of each header (Docker's daemon, extracting into a container).
    FromArchive,
    /// Whoever runs linnet (Docker's CLI, extracting on the host).
    Caller,
    /// One user for everything (`cp -a` into a container that has a `--user`).
    Fixed(u32, u32),
}

#[derive(Debug, Clone)]
pub struct Options {
    /// First-element renames applied in order (`RebaseArchiveEntries`).
    pub renames: Vec<(String, String)>,
    pub owner: Owner,
}

struct Undo<'a> {
    root: BorrowedFd<'a>,
    created: Vec<String>,
}

impl Undo<'_> {
    fn rollback(&mut self) {
        while let Some(p) = self.created.pop() {
            if let Ok((dir, Some(name))) = resolve::open_parent(self.root, &p) {
                let flag = match fstatat(dir.as_fd(), name.as_str(), AtFlags::AT_SYMLINK_NOFOLLOW) {
                    Ok(st) if resolve::is_dir(&st) => UnlinkatFlags::RemoveDir,
                    Ok(_) => UnlinkatFlags::NoRemoveDir,
                    Err(_) => continue,
                };
                let _ = unlinkat(dir.as_fd(), name.as_str(), flag);
            }
        }
    }
}

/// Extracts `input` under the directory `dest` of `root`. `check` runs once the archive has
/// ended; its error undoes the extraction like any other.
pub fn extract<R: Read>(
    root: BorrowedFd<'_>,
    dest: &str,
    input: R,
    opts: &Options,
    check: impl FnOnce() -> Result<(), CpError>,
) -> Result<(), CpError> {
    let mut undo = Undo {
        root,
        created: Vec::new(),
    };
    match extract_all(root, dest, input, opts, &mut undo).and_then(|()| check()) {
        Ok(()) => Ok(()),
        Err(e) => {
            undo.rollback();
            Err(e)
        }
    }
}

fn tar_err(e: io::Error) -> CpError {
    // The tar crate's words for a stream that ends inside a block; Go says "unexpected EOF".
    if e.kind() == io::ErrorKind::UnexpectedEof
        || e.to_string().contains("failed to read entire block")
    {
        return CpError::Tar(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "unexpected EOF",
        ));
    }
    CpError::Tar(e)
}

fn sys(op: &'static str, path: &str, e: Errno) -> CpError {
    CpError::Sys {
        op,
        path: path.to_string(),
        source: io::Error::from_raw_os_error(e as i32),
    }
}

fn join(dest: &str, rel: &str) -> String {
    if rel == "." {
        path::clean(dest)
    } else {
        path::clean(&format!("{dest}/{rel}"))
    }
}

fn extract_all<R: Read>(
    root: BorrowedFd<'_>,
    dest: &str,
    input: R,
    opts: &Options,
    undo: &mut Undo<'_>,
) -> Result<(), CpError> {
    let mut archive = Archive::new(input);
    let mut dir_times: Vec<(String, i64)> = Vec::new();
    for entry in archive.entries().map_err(tar_err)? {
        let mut entry = entry.map_err(tar_err)?;
        let raw = String::from_utf8(entry.path_bytes().into_owned())
            .map_err(|_| CpError::Message("invalid file name in archive".to_string()))?;
        let name = renamed(&raw, &opts.renames);
        let rel = path::clean(&name);
        let rel = rel.trim_start_matches('/');
        let rel = if rel.is_empty() { "." } else { rel };
        if rel == ".." || rel.starts_with("../") {
            return Err(CpError::Message(format!(
                "invalid archive entry {raw:?}: outside of {dest:?}"
            )));
        }
        let target = join(dest, rel);
        let header = entry.header().clone();
        let kind = header.entry_type();
        let is_dir = kind == EntryType::Directory;
        // Empty numeric fields read as 0, as Go's archive/tar reads them.
        let mode = header.mode().unwrap_or(0o644) & 0o7777;
        let mtime = header
            .mtime()
            .ok()
            .and_then(|t| i64::try_from(t).ok())
            .unwrap_or(0);
        let ids = (
            header
                .uid()
                .ok()
                .and_then(|u| u32::try_from(u).ok())
                .unwrap_or(0),
            header
                .gid()
                .ok()
                .and_then(|g| u32::try_from(g).ok())
                .unwrap_or(0),
        );
        if matches!(
            kind,
            EntryType::XGlobalHeader | EntryType::XHeader | EntryType::GNULongName
        ) {
            continue;
        }
        let (parent, leaf) = match resolve::open_parent(root, &target) {
            Ok(found) => found,
            Err(Errno::ENOENT) => {
                mkdir_all(root, &path::dir(&target), undo)?;
                resolve::open_parent(root, &target).map_err(|e| sys("open", &target, e))?
            }
            Err(e) => return Err(sys("open", &target, e)),
        };
        let existing = match &leaf {
            Some(l) => match fstatat(parent.as_fd(), l.as_str(), AtFlags::AT_SYMLINK_NOFOLLOW) {
                Ok(st) => Some(st),
                Err(Errno::ENOENT) => None,
                Err(e) => return Err(sys("lstat", &target, e)),
            },
            None => nix::sys::stat::fstat(parent.as_fd()).ok(),
        };
        let existing_dir = existing.as_ref().is_some_and(resolve::is_dir);
        if existing_dir && !is_dir {
            return Err(CpError::Message(format!(
                "cannot overwrite directory {target:?} with non-directory {dest:?}"
            )));
        }
        if existing.is_some() && !existing_dir && is_dir {
            return Err(CpError::Message(format!(
                "cannot overwrite non-directory {target:?} with directory {dest:?}"
            )));
        }
        let Some(leaf) = leaf else {
            // The root itself: an existing directory, nothing to apply (Docker skips ".").
            continue;
        };
        if is_dir {
            if existing_dir {
                if rel == "." {
                    continue;
                }
            } else {
                mkdirat(
                    parent.as_fd(),
                    leaf.as_str(),
                    Mode::from_bits_truncate(0o700),
                )
                .map_err(|e| sys("mkdir", &target, e))?;
                undo.created.push(target.clone());
            }
            set_meta(
                parent.as_fd(),
                &leaf,
                &target,
                opts.owner,
                ids,
                Some(mode),
                None,
            )?;
            dir_times.push((target, mtime));
            continue;
        }
        let tmp = format!(".linnet-cp-{:016x}", rand::random::<u64>());
        let made = make_entry(root, dest, parent.as_fd(), &tmp, &target, &mut entry, opts);
        let result = made.and_then(|()| {
            let perm = (kind != EntryType::Symlink).then_some(mode);
            set_meta(
                parent.as_fd(),
                &tmp,
                &target,
                opts.owner,
                ids,
                perm,
                Some(mtime),
            )?;
            renameat(parent.as_fd(), tmp.as_str(), parent.as_fd(), leaf.as_str())
                .map_err(|e| sys("rename", &target, e))
        });
        if let Err(e) = result {
            let _ = unlinkat(parent.as_fd(), tmp.as_str(), UnlinkatFlags::NoRemoveDir);
            return Err(e);
        }
        if existing.is_none() {
            undo.created.push(target);
        }
    }
    // Directory times last: creating their entries changed them.
    for (dir, mtime) in dir_times.iter().rev() {
        if let Ok((parent, Some(leaf))) = resolve::open_parent(root, dir) {
            let t = TimeSpec::new(*mtime, 0);
            let _ = utimensat(
                parent.as_fd(),
                leaf.as_str(),
                &t,
                &t,
                UtimensatFlags::NoFollowSymlink,
            );
        }
    }
    Ok(())
}

fn renamed(name: &str, renames: &[(String, String)]) -> String {
    let mut out = name.to_string();
    for (old, new) in renames {
        if let Some(r) = path::rebase_entry(&out, old, new) {
            out = r;
        }
    }
    out
}

/// `mkdir -p` inside the root, recording what it made; 0755 as Docker's `MkdirAll`.
fn mkdir_all(root: BorrowedFd<'_>, dir: &str, undo: &mut Undo<'_>) -> Result<(), CpError> {
    match resolve::lstat(root, dir) {
        Ok(_) => return Ok(()),
        Err(Errno::ENOENT) => {}
        Err(e) => return Err(sys("lstat", dir, e)),
    }
    mkdir_all(root, &path::dir(dir), undo)?;
    let (parent, leaf) = resolve::open_parent(root, dir).map_err(|e| sys("open", dir, e))?;
    if let Some(leaf) = leaf {
        match mkdirat(
            parent.as_fd(),
            leaf.as_str(),
            Mode::from_bits_truncate(0o755),
        ) {
            Ok(()) => undo.created.push(dir.to_string()),
            Err(Errno::EEXIST) => {}
            Err(e) => return Err(sys("mkdir", dir, e)),
        }
    }
    Ok(())
}

/// Creates the non-directory entry under the temporary name `tmp` in `parent`.
fn make_entry<R: Read>(
    root: BorrowedFd<'_>,
    dest: &str,
    parent: BorrowedFd<'_>,
    tmp: &str,
    target: &str,
    entry: &mut tar::Entry<'_, R>,
    opts: &Options,
) -> Result<(), CpError> {
    let header = entry.header().clone();
    match header.entry_type() {
        EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse => {
            let fd: OwnedFd = openat(
                parent,
                tmp,
                OFlag::O_CREAT
                    | OFlag::O_EXCL
                    | OFlag::O_WRONLY
                    | OFlag::O_NOFOLLOW
                    | OFlag::O_CLOEXEC,
                Mode::from_bits_truncate(0o600),
            )
            .map_err(|e| sys("create", target, e))?;
            let mut file = File::from(fd);
            let want = entry.size();
            let copied = io::copy(entry, &mut file).map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => tar_err(e),
                _ => CpError::Sys {
                    op: "write",
                    path: target.to_string(),
                    source: e,
                },
            })?;
            if copied != want {
                return Err(tar_err(io::Error::from(io::ErrorKind::UnexpectedEof)));
            }
            Ok(())
        }
        EntryType::Symlink => {
            let link = entry
                .link_name_bytes()
                .ok_or_else(|| CpError::Message(format!("symlink {target:?} has no target")))?;
            let link = std::ffi::OsStr::from_bytes(&link);
            symlinkat(link, parent, tmp).map_err(|e| sys("symlink", target, e))
        }
        EntryType::Link => {
            let link = entry
                .link_name_bytes()
                .ok_or_else(|| CpError::Message(format!("hard link {target:?} has no target")))?;
            let link = renamed(&String::from_utf8_lossy(&link), &opts.renames);
            let rel = path::clean(&link);
            let rel = rel.trim_start_matches('/');
            if rel == ".." || rel.starts_with("../") {
                return Err(CpError::Message(format!(
                    "invalid hard link {target:?}: target outside of {dest:?}"
                )));
            }
            let source = join(dest, rel);
            let (sdir, sleaf) =
                resolve::open_parent(root, &source).map_err(|e| sys("link", &source, e))?;
            let sleaf = sleaf.unwrap_or_else(|| ".".to_string());
            linkat(sdir.as_fd(), sleaf.as_str(), parent, tmp, AtFlags::empty())
                .map_err(|e| sys("link", target, e))
        }
        kind @ (EntryType::Char | EntryType::Block | EntryType::Fifo) => {
            let (sflag, dev) = match kind {
                EntryType::Fifo => (SFlag::S_IFIFO, 0),
                other => {
                    let major = header.device_major().ok().flatten().unwrap_or(0);
                    let minor = header.device_minor().ok().flatten().unwrap_or(0);
                    let flag = if other == EntryType::Char {
                        SFlag::S_IFCHR
                    } else {
                        SFlag::S_IFBLK
                    };
                    (flag, libc::makedev(major, minor))
                }
            };
            mknodat(parent, tmp, sflag, Mode::from_bits_truncate(0o600), dev)
                .map_err(|e| sys("mknod", target, e))
        }
        other => Err(CpError::Message(format!(
            "unhandled tar entry type {other:?} for {target:?}"
        ))),
    }
}

/// Owner, then mode (chown clears set-id bits), then times. The entry is pinned by an `O_PATH`
/// descriptor first and changed through it, so a process of a running container that swaps it
/// for a symlink meanwhile cannot redirect the change to another file.
fn set_meta(
    parent: BorrowedFd<'_>,
    name: &str,
    target: &str,
    owner: Owner,
    ids: (u32, u32),
    mode: Option<u32>,
    mtime: Option<i64>,
) -> Result<(), CpError> {
    let fd = openat(
        parent,
        name,
        OFlag::O_PATH | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| sys("open", target, e))?;
    let st = nix::sys::stat::fstat(fd.as_fd()).map_err(|e| sys("lstat", target, e))?;
    let ids = match owner {
        Owner::FromArchive => Some(ids),
        Owner::Fixed(u, g) => Some((u, g)),
        Owner::Caller => None,
    };
    if let Some((u, g)) = ids {
        fchownat(
            fd.as_fd(),
            "",
            Some(Uid::from_raw(u)),
            Some(Gid::from_raw(g)),
            AtFlags::AT_EMPTY_PATH,
        )
        .map_err(|e| sys("chown", target, e))?;
    }
    let magic = format!("/proc/self/fd/{}", fd.as_raw_fd());
    let symlink = resolve::is_symlink(&st);
    if let (Some(mode), false) = (mode, symlink) {
        fchmodat(
            AT_FDCWD,
            magic.as_str(),
            Mode::from_bits_truncate(mode),
            FchmodatFlags::FollowSymlink,
        )
        .map_err(|e| sys("chmod", target, e))?;
    }
    if let Some(mtime) = mtime {
        let t = TimeSpec::new(mtime, 0);
        let done = if symlink {
            utimensat(parent, name, &t, &t, UtimensatFlags::NoFollowSymlink)
        } else {
            utimensat(
                AT_FDCWD,
                magic.as_str(),
                &t,
                &t,
                UtimensatFlags::FollowSymlink,
            )
        };
        done.map_err(|e| sys("chtimes", target, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nix::fcntl::OFlag;

    fn tar_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_mode(0o640);
            h.set_size(data.len() as u64);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn open_root(dir: &std::path::Path) -> OwnedFd {
        nix::fcntl::open(dir, OFlag::O_PATH | OFlag::O_DIRECTORY, Mode::empty()).unwrap()
    }

    fn opts(renames: &[(&str, &str)]) -> Options {
        Options {
            renames: renames
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            owner: Owner::Caller,
        }
    }

    #[test]
    fn renames_and_keeps_modes() {
        let dir = tempfile::tempdir().unwrap();
        let root = open_root(dir.path());
        let data = tar_with(&[("src/a", b"a"), ("src/sub/b", b"b")]);
        extract(
            root.as_fd(),
            "/",
            data.as_slice(),
            &opts(&[("src", "dst")]),
            || Ok(()),
        )
        .unwrap();
        assert_eq!(std::fs::read(dir.path().join("dst/sub/b")).unwrap(), b"b");
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(dir.path().join("dst/a"))
                .unwrap()
                .permissions(),
        );
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn a_failure_undoes_everything_it_created() {
        let dir = tempfile::tempdir().unwrap();
        let root = open_root(dir.path());
        let mut data = tar_with(&[("new/first", b"1"), ("new/big", &[7u8; 10_000])]);
        data.truncate(2048);
        let err = extract(root.as_fd(), "/", data.as_slice(), &opts(&[]), || Ok(())).unwrap_err();
        assert!(err.to_string().contains("unexpected EOF"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // A failing check (the writer broke) undoes a complete-looking archive too.
        let data = tar_with(&[("ok/file", b"x")]);
        let failing = || Err(CpError::Message("writer failed".into()));
        assert!(extract(root.as_fd(), "/", data.as_slice(), &opts(&[]), failing).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn refuses_to_replace_a_directory_with_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        let root = open_root(dir.path());
        let data = tar_with(&[("d", b"file")]);
        let err = extract(root.as_fd(), "/", data.as_slice(), &opts(&[]), || Ok(())).unwrap_err();
        assert!(
            err.to_string().contains("cannot overwrite directory"),
            "{err}"
        );
        assert!(dir.path().join("d").is_dir());
    }
}
