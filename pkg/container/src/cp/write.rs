//! Writing a file or directory tree as a tar stream in Docker's `cp` format: entries named from
//! the archive root name (`dir/`, `dir/a`, or `./`, `./a` for `dir/.`), directories before their
//! entries in name order, hard links once, devices and FIFOs as headers, sockets skipped. Every
//! file is opened relative to its parent's descriptor with `O_NOFOLLOW`, so a tree being changed
//! under us (a running container) cannot redirect the walk outside of it; file data streams.

use std::collections::HashMap;
use std::ffi::{CStr, OsString};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

use nix::fcntl::{openat, readlinkat, AtFlags, OFlag};
use nix::sys::stat::{fstat, fstatat, FileStat, Mode, SFlag};
use tar::{Builder, EntryType, Header};

fn nix_io(e: nix::errno::Errno) -> io::Error {
    io::Error::from_raw_os_error(e as i32)
}

/// Writes the entry `name` of directory `dir` (or `dir` itself when `name` is `None`) and, for a
/// directory, everything below it, naming the top entry `archive_name`.
pub fn write_tree<W: Write>(
    builder: &mut Builder<W>,
    dir: BorrowedFd<'_>,
    name: Option<&CStr>,
    archive_name: &[u8],
) -> io::Result<()> {
    let st = match name {
        Some(n) => fstatat(dir, n, AtFlags::AT_SYMLINK_NOFOLLOW),
        None => fstat(dir),
    }
    .map_err(nix_io)?;
    let mut links = HashMap::new();
    append(builder, dir, name, &st, archive_name.to_vec(), &mut links)
}

fn kind(st: &FileStat) -> SFlag {
    SFlag::from_bits_truncate(st.st_mode) & SFlag::S_IFMT
}

fn header_for(st: &FileStat, entry_type: EntryType) -> Header {
    let mut h = Header::new_gnu();
    h.set_entry_type(entry_type);
    h.set_mode(st.st_mode & 0o7777);
    h.set_uid(u64::from(st.st_uid));
    h.set_gid(u64::from(st.st_gid));
    h.set_mtime(u64::try_from(st.st_mtime).unwrap_or(0));
    h.set_size(0);
    h
}

/// Names longer than the header's 100 bytes go in a GNU long-name entry first, as GNU tar and
/// Go's archive/tar read them; names are written as given (`./a`, `/`), not normalised.
fn write_long<W: Write>(builder: &mut Builder<W>, kind: EntryType, value: &[u8]) -> io::Result<()> {
    let mut h = Header::new_gnu();
    h.as_gnu_mut()
        .map(|g| g.name[..13].copy_from_slice(b"././@LongLink"))
        .ok_or_else(|| io::Error::other("not a gnu header"))?;
    h.set_entry_type(kind);
    h.set_mode(0o644);
    let mut data = value.to_vec();
    data.push(0);
    h.set_size(data.len() as u64);
    h.set_cksum();
    builder.append(&h, data.as_slice())
}

fn emit<W: Write, R: Read>(
    builder: &mut Builder<W>,
    mut h: Header,
    name: &[u8],
    link: Option<&[u8]>,
    data: R,
) -> io::Result<()> {
    if name.len() > 100 {
        write_long(builder, EntryType::GNULongName, name)?;
    }
    let n = name.len().min(100);
    h.as_old_mut().name[..n].copy_from_slice(&name[..n]);
    if let Some(link) = link {
        if link.len() > 100 {
            write_long(builder, EntryType::GNULongLink, link)?;
        }
        let n = link.len().min(100);
        h.as_old_mut().linkname[..n].copy_from_slice(&link[..n]);
    }
    h.set_cksum();
    builder.append(&h, data)
}

fn append<W: Write>(
    builder: &mut Builder<W>,
    parent: BorrowedFd<'_>,
    name: Option<&CStr>,
    st: &FileStat,
    archive_name: Vec<u8>,
    links: &mut HashMap<(u64, u64), Vec<u8>>,
) -> io::Result<()> {
    let k = kind(st);
    if k == SFlag::S_IFDIR {
        let mut dir_name = archive_name;
        if !dir_name.ends_with(b"/") {
            dir_name.push(b'/');
        }
        let fd = match open_child(parent, name, OFlag::O_RDONLY | OFlag::O_DIRECTORY) {
            Ok(fd) => fd,
            // Removed since it was listed (a running container): skipped as Docker does.
            Err(e) if name.is_some() && e.raw_os_error() == Some(libc::ENOENT) => return Ok(()),
            Err(e) => return Err(e),
        };
        emit(
            builder,
            header_for(st, EntryType::Directory),
            &dir_name,
            None,
            io::empty(),
        )?;
        if pseudo_fs(fd.as_fd()) {
            return Ok(());
        }
        // Listed through the descriptor's magic link: the very directory we hold, whatever its
        // path has become meanwhile.
        let mut names: Vec<OsString> =
            std::fs::read_dir(format!("/proc/self/fd/{}", fd.as_raw_fd()))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name())
                .collect();
        names.sort();
        for child in names {
            let cname = std::ffi::CString::new(child.as_bytes())
                .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
            let cst = match fstatat(fd.as_fd(), cname.as_c_str(), AtFlags::AT_SYMLINK_NOFOLLOW) {
                Ok(s) => s,
                // Gone since the listing (a running container): Docker skips it too.
                Err(nix::errno::Errno::ENOENT) => continue,
                Err(e) => return Err(nix_io(e)),
            };
            let mut child_name = dir_name.clone();
            child_name.extend_from_slice(child.as_bytes());
            append(
                builder,
                fd.as_fd(),
                Some(cname.as_c_str()),
                &cst,
                child_name,
                links,
            )?;
        }
        return Ok(());
    }
    if k == SFlag::S_IFREG {
        if st.st_nlink > 1 {
            let key = (st.st_dev, st.st_ino);
            if let Some(first) = links.get(&key) {
                let mut h = header_for(st, EntryType::Link);
                h.set_size(0);
                return emit(builder, h, &archive_name, Some(first), io::empty());
            }
            links.insert(key, archive_name.clone());
        }
        let fd = match open_child(parent, name, OFlag::O_RDONLY) {
            Ok(fd) => fd,
            Err(e) if name.is_some() && e.raw_os_error() == Some(libc::ENOENT) => return Ok(()),
            Err(e) => return Err(e),
        };
        let size = u64::try_from(st.st_size).unwrap_or(0);
        let mut h = header_for(st, EntryType::Regular);
        h.set_size(size);
        // Exactly `size` bytes even if the file changes meanwhile, so the stream stays valid.
        let data = File::from(fd).take(size).chain(io::repeat(0)).take(size);
        return emit(builder, h, &archive_name, None, data);
    }
    if k == SFlag::S_IFLNK {
        let target = match name {
            Some(n) => readlinkat(parent, n),
            None => Err(nix::errno::Errno::EINVAL),
        }
        .map_err(nix_io)?;
        let h = header_for(st, EntryType::Symlink);
        return emit(
            builder,
            h,
            &archive_name,
            Some(target.as_bytes()),
            io::empty(),
        );
    }
    let entry_type = match k {
        SFlag::S_IFCHR => EntryType::Char,
        SFlag::S_IFBLK => EntryType::Block,
        SFlag::S_IFIFO => EntryType::Fifo,
        // Sockets and unknown kinds are not archived (Docker skips sockets).
        _ => return Ok(()),
    };
    let mut h = header_for(st, entry_type);
    if matches!(entry_type, EntryType::Char | EntryType::Block) {
        h.set_device_major(libc::major(st.st_rdev))?;
        h.set_device_minor(libc::minor(st.st_rdev))?;
    }
    emit(builder, h, &archive_name, None, io::empty())
}

/// Kernel filesystems a running container has mounted (`/proc`, `/sys`, `/dev/pts`, cgroups...).
/// Docker archives the container's own file system, where these are empty mount points; their
/// files are not data (`/proc/kcore` claims terabytes), so only the directory is archived.
pub fn pseudo_fs(fd: BorrowedFd<'_>) -> bool {
    const TYPES: [i64; 12] = [
        0x9fa0,      // proc
        0x6265_6572, // sysfs
        0x0027_e0eb, // cgroup
        0x6367_7270, // cgroup2
        0x1cd1,      // devpts
        0x1980_0202, // mqueue
        0x7363_6673, // securityfs
        0x6462_6720, // debugfs
        0x7472_6163, // tracefs
        0xcafe_4a11, // bpf
        0x6573_5543, // fusectl
        0x4249_4e4d, // binfmt_misc
    ];
    // `f_type`'s C type differs between architectures.
    #[allow(clippy::unnecessary_cast)]
    nix::sys::statfs::fstatfs(fd)
        .map(|s| TYPES.contains(&(s.filesystem_type().0 as i64)))
        .unwrap_or(false)
}

fn open_child(parent: BorrowedFd<'_>, name: Option<&CStr>, flags: OFlag) -> io::Result<OwnedFd> {
    let flags = flags | OFlag::O_NOFOLLOW | OFlag::O_CLOEXEC;
    match name {
        Some(n) => openat(parent, n, flags, Mode::empty()),
        None => openat(parent, c".", flags, Mode::empty()),
    }
    .map_err(nix_io)
}
