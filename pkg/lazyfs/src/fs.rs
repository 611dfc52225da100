//! The FUSE side: answers metadata from the in-memory [`Tree`] and file reads through the
//! [`SpanManager`]. Layers are immutable, so entries and attributes get long TTLs and opened
//! files keep their page cache. Reads of cached spans are answered on the FUSE thread; reads
//! that need a fetch move their reply to a thread of their own so other requests keep flowing.
//!
//! Integrity gates (see `integrity.rs`): `open`, `opendir`, `readlink`, and `getxattr` /
//! `listxattr` of a node that claims xattrs first verify the tar headers of the node's entries;
//! a mismatch answers EIO.
//! Privileged attributes (setuid/setgid, device, fifo and whiteout types) are verified at
//! `lookup`/`getattr`/`readdirplus` time rather than masked: such entries are rare, and a masked
//! attribute would sit in the kernel's attribute cache for the whole TTL, so a setuid binary
//! would silently run without its bit or a whiteout would stop hiding its lower file.
//! `readdir` names and `d_type` carry no privilege and are served from the tree. Once the mount
//! is poisoned every operation answers EIO.

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use fuser::{
    Errno, FileAttr, FileHandle, Filesystem, FopenFlags, Generation, INodeNo, InitFlags,
    KernelConfig, LockOwner, OpenFlags, ReplyAttr, ReplyData, ReplyDirectory, ReplyDirectoryPlus,
    ReplyEntry, ReplyOpen, ReplyStatfs, ReplyXattr, Request,
};

use crate::spans::SpanManager;
use crate::tree::{Kind, Node, Tree};

const BLOCK: u32 = 4096;

pub(crate) struct LazyFs {
    pub tree: Arc<Tree>,
    pub spans: Arc<SpanManager>,
    pub ttl: Duration,
}

/// Verifies every entry of a node; `Err(EIO)` on a mismatch, a failed fetch or a poisoned mount.
fn gate(spans: &SpanManager, n: &Node) -> Result<(), Errno> {
    for &idx in &n.entries {
        if let Err(e) = spans.verify_entry(idx as usize) {
            tracing::error!(layer = spans.layer(), ino = n.ino, "refusing access: {e}");
            return Err(Errno::EIO);
        }
    }
    if spans.integrity.is_poisoned() {
        return Err(Errno::EIO);
    }
    Ok(())
}

impl LazyFs {
    /// Whether `n`'s attributes may be shown as they are without verifying it first.
    fn shows_unverified(&self, n: &Node) -> bool {
        !n.is_privileged()
            || n.entries
                .iter()
                .all(|&i| self.spans.entry_verified(i as usize))
    }

    /// Runs `f` (a gate and its reply) on this thread when no fetch is needed, else on a
    /// thread of its own so a slow registry does not hold a FUSE worker.
    fn run_gated(&self, n: &Node, f: impl FnOnce(&SpanManager) + Send + 'static) {
        let spans = Arc::clone(&self.spans);
        let ready = n.entries.iter().all(|&i| spans.entry_ready(i as usize));
        if ready {
            return f(&spans);
        }
        let (tx, rx) = std::sync::mpsc::channel::<Arc<SpanManager>>();
        let spawned = std::thread::Builder::new()
            .name("lazyfs-verify".into())
            .spawn(move || {
                if let Ok(spans) = rx.recv() {
                    f(&spans);
                }
            });
        match spawned {
            Ok(_) => {
                // The thread owns `f`; if it died already, its reply was dropped (EIO).
                let _ = tx.send(spans);
            }
            Err(e) => {
                tracing::error!("cannot start a verify thread: {e}");
            }
        }
    }

    fn attr(&self, n: &Node) -> FileAttr {
        let (kind, rdev) = match &n.kind {
            Kind::Dir { .. } => (fuser::FileType::Directory, 0),
            Kind::File { .. } => (fuser::FileType::RegularFile, 0),
            Kind::Symlink { .. } => (fuser::FileType::Symlink, 0),
            Kind::Char { major, minor } => {
                (fuser::FileType::CharDevice, encode_dev(*major, *minor))
            }
            Kind::Block { major, minor } => {
                (fuser::FileType::BlockDevice, encode_dev(*major, *minor))
            }
            Kind::Fifo => (fuser::FileType::NamedPipe, 0),
        };
        let size = n.size();
        FileAttr {
            ino: INodeNo(n.ino),
            size,
            blocks: size.div_ceil(512),
            atime: n.mtime,
            mtime: n.mtime,
            ctime: n.mtime,
            crtime: UNIX_EPOCH,
            kind,
            perm: n.perm,
            nlink: n.nlink,
            uid: n.uid,
            gid: n.gid,
            rdev,
            blksize: BLOCK,
            flags: 0,
        }
    }
}

/// The kernel's `new_encode_dev`, which FUSE decodes `fuse_attr.rdev` with.
fn encode_dev(major: u32, minor: u32) -> u32 {
    (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & !0xff) << 12)
}

/// Answers an xattr request: the size when asked for it, else the bytes if they fit.
fn reply_xattr(reply: ReplyXattr, size: u32, data: &[u8]) {
    if size == 0 {
        reply.size(data.len() as u32);
    } else if data.len() > size as usize {
        reply.error(Errno::ERANGE);
    } else {
        reply.data(data);
    }
}

impl Filesystem for LazyFs {
    fn init(&mut self, _req: &Request, config: &mut KernelConfig) -> std::io::Result<()> {
        // Optional capabilities: the kernel may lack some; missing ones are fine.
        for flag in [
            InitFlags::FUSE_DO_READDIRPLUS,
            InitFlags::FUSE_READDIRPLUS_AUTO,
            InitFlags::FUSE_PARALLEL_DIROPS,
            InitFlags::FUSE_CACHE_SYMLINKS,
        ] {
            let _ = config.add_capabilities(flag);
        }
        let _ = config.set_max_readahead(1 << 20);
        Ok(())
    }

    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let Some(name) = name.to_str() else {
            return reply.error(Errno::ENOENT);
        };
        let Some(dir) = self.tree.get(parent.0) else {
            return reply.error(Errno::ENOENT);
        };
        if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        match self.tree.lookup(parent.0, name) {
            Some(n) if self.shows_unverified(n) => {
                reply.entry(&self.ttl, &self.attr(n), Generation(0))
            }
            Some(n) => {
                let (attr, ttl, node) = (self.attr(n), self.ttl, n.clone());
                self.run_gated(n, move |spans| match gate(spans, &node) {
                    Ok(()) => reply.entry(&ttl, &attr, Generation(0)),
                    Err(e) => reply.error(e),
                });
            }
            // A negative entry (inode 0) is cached too: the layer never changes.
            None => reply.entry(
                &self.ttl,
                &FileAttr {
                    ino: INodeNo(0),
                    ..self.attr(dir)
                },
                Generation(0),
            ),
        }
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        match self.tree.get(ino.0) {
            Some(n) if self.shows_unverified(n) => reply.attr(&self.ttl, &self.attr(n)),
            Some(n) => {
                let (attr, ttl, node) = (self.attr(n), self.ttl, n.clone());
                self.run_gated(n, move |spans| match gate(spans, &node) {
                    Ok(()) => reply.attr(&ttl, &attr),
                    Err(e) => reply.error(e),
                });
            }
            None => reply.error(Errno::ENOENT),
        }
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        let Some(n) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        let Kind::Symlink { target } = &n.kind else {
            return reply.error(Errno::EINVAL);
        };
        let (target, node) = (target.clone(), n.clone());
        self.run_gated(n, move |spans| match gate(spans, &node) {
            Ok(()) => reply.data(target.as_bytes()),
            Err(e) => reply.error(e),
        });
    }

    fn open(&self, _req: &Request, ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        if flags.0 & libc::O_ACCMODE != libc::O_RDONLY {
            return reply.error(Errno::EROFS);
        }
        let Some(n) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        if matches!(n.kind, Kind::Dir { .. }) {
            return reply.error(Errno::EISDIR);
        }
        let node = n.clone();
        self.run_gated(n, move |spans| match gate(spans, &node) {
            Ok(()) => reply.opened(FileHandle(0), FopenFlags::FOPEN_KEEP_CACHE),
            Err(e) => reply.error(e),
        });
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        let (base, fsize) = match self.tree.get(ino.0).map(|n| &n.kind) {
            Some(Kind::File { offset, size }) => (*offset, *size),
            Some(Kind::Dir { .. }) => return reply.error(Errno::EISDIR),
            Some(_) => return reply.error(Errno::EINVAL),
            None => return reply.error(Errno::ENOENT),
        };
        if offset >= fsize {
            return reply.data(&[]);
        }
        let len = u64::from(size).min(fsize - offset);
        let Some(abs) = base.checked_add(offset) else {
            return reply.error(Errno::EIO);
        };
        let spans = Arc::clone(&self.spans);
        let serve = move |reply: ReplyData| match spans.read(abs, len) {
            Ok(data) if data.len() as u64 == len => reply.data(&data),
            Ok(data) => {
                tracing::error!(
                    layer = spans.layer(),
                    ino = ino.0,
                    "read at {abs}: got {} of {len} bytes",
                    data.len()
                );
                reply.error(Errno::EIO);
            }
            Err(e) => {
                tracing::error!(layer = spans.layer(), ino = ino.0, "read failed: {e}");
                reply.error(Errno::EIO);
            }
        };
        if self.spans.is_present(abs, len) {
            return serve(reply);
        }
        // The reply is moved into the closure; if no thread can be started, serve inline.
        let (tx, rx) = std::sync::mpsc::channel::<ReplyData>();
        let spawned = std::thread::Builder::new()
            .name("lazyfs-read".into())
            .spawn(move || {
                if let Ok(reply) = rx.recv() {
                    serve(reply);
                }
            });
        match spawned {
            Ok(_) => {
                if let Err(std::sync::mpsc::SendError(reply)) = tx.send(reply) {
                    reply.error(Errno::EIO);
                }
            }
            Err(e) => {
                tracing::warn!("cannot start a read thread, reading inline: {e}");
                match self.spans.read(abs, len) {
                    Ok(data) => reply.data(&data),
                    Err(e) => {
                        tracing::error!(layer = self.spans.layer(), "read failed: {e}");
                        reply.error(Errno::EIO);
                    }
                }
            }
        }
    }

    /// Every close flushes; a read-only filesystem has nothing to write back (and fuser's
    /// default logs a warning for each close).
    fn flush(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: fuser::LockOwner,
        reply: fuser::ReplyEmpty,
    ) {
        reply.ok();
    }

    fn opendir(&self, _req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        let Some(n) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        if !matches!(n.kind, Kind::Dir { .. }) {
            return reply.error(Errno::ENOTDIR);
        }
        let node = n.clone();
        self.run_gated(n, move |spans| match gate(spans, &node) {
            Ok(()) => reply.opened(
                FileHandle(0),
                FopenFlags::FOPEN_KEEP_CACHE | FopenFlags::FOPEN_CACHE_DIR,
            ),
            Err(e) => reply.error(e),
        });
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        let Some(dir) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        let Kind::Dir { children } = &dir.kind else {
            return reply.error(Errno::ENOTDIR);
        };
        let dots = [(".", dir.ino), ("..", dir.parent)];
        let entries = dots
            .into_iter()
            .chain(children.iter().map(|(k, v)| (k.as_str(), *v)));
        for (i, (name, child)) in entries.enumerate().skip(offset as usize) {
            let Some(n) = self.tree.get(child) else {
                continue;
            };
            if reply.add(INodeNo(child), i as u64 + 1, self.attr(n).kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn readdirplus(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectoryPlus,
    ) {
        if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        let Some(dir) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        let Kind::Dir { children } = &dir.kind else {
            return reply.error(Errno::ENOTDIR);
        };
        let dots = [(".", dir.ino), ("..", dir.parent)];
        let entries = dots
            .into_iter()
            .chain(children.iter().map(|(k, v)| (k.as_str(), *v)));
        for (i, (name, child)) in entries.enumerate().skip(offset as usize) {
            let Some(n) = self.tree.get(child) else {
                continue;
            };
            // Privileged entries are verified here (rare; see the module docs); one that
            // fails is left out of the listing.
            if !self.shows_unverified(n) && gate(&self.spans, n).is_err() {
                continue;
            }
            let attr = self.attr(n);
            if reply.add(
                INodeNo(child),
                i as u64 + 1,
                name,
                &self.ttl,
                &attr,
                Generation(0),
            ) {
                break;
            }
        }
        reply.ok();
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        let blocks = self.spans.uncompressed_size().div_ceil(u64::from(BLOCK));
        reply.statfs(blocks, 0, 0, self.tree.len() as u64, 0, BLOCK, 255, BLOCK);
    }

    fn getxattr(&self, _req: &Request, ino: INodeNo, name: &OsStr, size: u32, reply: ReplyXattr) {
        let Some(n) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        // Only a claimed attribute needs proof; overlayfs asks every lower directory.
        if !n.xattrs.is_empty() {
            if let Err(e) = gate(&self.spans, n) {
                return reply.error(e);
            }
        } else if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        match n
            .xattrs
            .iter()
            .find(|(k, _)| OsStr::new(k.as_str()) == name)
        {
            Some((_, v)) => reply_xattr(reply, size, v),
            None => reply.error(Errno::NO_XATTR),
        }
    }

    fn listxattr(&self, _req: &Request, ino: INodeNo, size: u32, reply: ReplyXattr) {
        let Some(n) = self.tree.get(ino.0) else {
            return reply.error(Errno::ENOENT);
        };
        // Only a claimed attribute needs proof; overlayfs asks every lower directory.
        if !n.xattrs.is_empty() {
            if let Err(e) = gate(&self.spans, n) {
                return reply.error(e);
            }
        } else if self.spans.integrity.is_poisoned() {
            return reply.error(Errno::EIO);
        }
        let mut names = Vec::new();
        for (k, _) in &n.xattrs {
            names.extend_from_slice(k.as_bytes());
            names.push(0);
        }
        reply_xattr(reply, size, &names);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_encoding_matches_the_kernel() {
        assert_eq!(encode_dev(1, 3), 0x103);
        assert_eq!(encode_dev(0, 0), 0);
        // minor above 255 spills into the high bits
        assert_eq!(encode_dev(8, 0x1234), 0x34 | (8 << 8) | (0x1200 << 12));
    }
}
