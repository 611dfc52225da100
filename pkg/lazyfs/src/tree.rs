//! The inode tree of a layer, built once from the ztoc's file table the way soci's metadata
//! reader does (cleaned names, synthesized parents, later entries replace earlier ones,
//! hardlinks share the target's inode), plus the overlayfs view of whiteouts: `.wh.<name>`
//! becomes a 0:0 character device and `.wh..wh..opq` an opaque xattr on its directory, so the
//! mount works as an overlay lowerdir. Each node remembers the file table entries its name,
//! attributes and link count come from, so all of them can be checked against the layer's tar
//! headers before the node is used (`verify.rs`). Names with `..`, an absolute start or empty
//! components are refused, which makes the caller unpack the layer normally.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use linnet_ztoc::{FileMetadata, FileType, Ztoc};

use crate::error::{Error, Result};

/// Inode number of the root directory (FUSE's fixed root).
pub(crate) const ROOT: u64 = 1;

const WHITEOUT_PREFIX: &str = ".wh.";
const OPAQUE_MARKER: &str = ".wh..wh..opq";

/// What an inode is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Dir { children: BTreeMap<String, u64> },
    File { offset: u64, size: u64 },
    Symlink { target: String },
    Char { major: u32, minor: u32 },
    Block { major: u32, minor: u32 },
    Fifo,
}

/// One inode.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub ino: u64,
    pub parent: u64,
    pub kind: Kind,
    pub perm: u16,
    pub uid: u32,
    pub gid: u32,
    pub mtime: SystemTime,
    pub nlink: u32,
    pub xattrs: Vec<(String, Vec<u8>)>,
    /// Toc indices of the entries this node is made of (its own, a later `dir` entry for the
    /// same path, hardlinks to it, the opaque marker of a directory).
    pub entries: Vec<u32>,
}

impl Node {
    /// Attributes a container could use for privilege: setuid/setgid bits or a device, fifo
    /// (or whiteout) type. Shown only once the node's entries are verified.
    pub fn is_privileged(&self) -> bool {
        self.perm & 0o6000 != 0
            || matches!(
                self.kind,
                Kind::Char { .. } | Kind::Block { .. } | Kind::Fifo
            )
    }

    /// Size reported by stat: data length for files, target length for symlinks.
    pub fn size(&self) -> u64 {
        match &self.kind {
            Kind::File { size, .. } => *size,
            Kind::Symlink { target } => target.len() as u64,
            _ => 0,
        }
    }
}

/// The whole tree; inode `n` is `nodes[n - 1]`.
#[derive(Debug)]
pub(crate) struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    pub fn get(&self, ino: u64) -> Option<&Node> {
        ino.checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.nodes.get(i))
    }

    pub fn lookup(&self, parent: u64, name: &str) -> Option<&Node> {
        match &self.get(parent)?.kind {
            Kind::Dir { children } => children.get(name).and_then(|&ino| self.get(ino)),
            _ => None,
        }
    }

    /// Number of inodes (entries replaced by later ones included).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Builds the tree. `opaque_xattr` is the name of the opaque-directory xattr
    /// (`trusted.overlay.opaque`, or `user.overlay.opaque` for userxattr overlays).
    pub fn build(layer: &str, ztoc: &Ztoc, opaque_xattr: &str) -> Result<Tree> {
        let mut b = Builder {
            layer,
            nodes: vec![Node {
                ino: ROOT,
                parent: ROOT,
                kind: Kind::Dir {
                    children: BTreeMap::new(),
                },
                perm: 0o755,
                uid: 0,
                gid: 0,
                mtime: UNIX_EPOCH,
                nlink: 2,
                xattrs: Vec::new(),
                entries: Vec::new(),
            }],
        };
        let mut whiteouts: Vec<(u64, String, u32, &FileMetadata)> = Vec::new();
        let mut opaque: HashMap<u64, Vec<u32>> = HashMap::new();
        for (idx, e) in ztoc.toc.iter().enumerate() {
            let idx = u32::try_from(idx).map_err(|_| b.invalid(e, "too many entries"))?;
            let comps = clean(&e.name).map_err(|reason| b.invalid(e, reason))?;
            let Some((name, dirs)) = comps.split_last() else {
                // "./" or "/": attributes of the root itself.
                if e.kind == FileType::Dir {
                    apply_attrs(&mut b.nodes[0], e);
                    b.nodes[0].entries.push(idx);
                }
                continue;
            };
            let parent = b.dirs(&comps[..dirs.len()], e)?;
            if *name == OPAQUE_MARKER {
                opaque.entry(parent).or_default().push(idx);
                continue;
            }
            if let Some(hidden) = name.strip_prefix(WHITEOUT_PREFIX) {
                whiteouts.push((parent, hidden.to_string(), idx, e));
                continue;
            }
            let kind = match &e.kind {
                FileType::Hardlink => {
                    b.hardlink(parent, name, idx, e)?;
                    continue;
                }
                FileType::Dir => {
                    match b.child(parent, name) {
                        Some(ino) if matches!(b.node(ino).kind, Kind::Dir { .. }) => {
                            apply_attrs(b.node_mut(ino), e);
                            b.node_mut(ino).entries.push(idx);
                        }
                        _ => {
                            b.add(
                                parent,
                                name,
                                Kind::Dir {
                                    children: BTreeMap::new(),
                                },
                                Some((idx, e)),
                            );
                        }
                    }
                    continue;
                }
                FileType::Reg => Kind::File {
                    offset: e.uncompressed_offset,
                    size: e.uncompressed_size,
                },
                FileType::Symlink => Kind::Symlink {
                    target: e.linkname.clone(),
                },
                FileType::Char => Kind::Char {
                    major: dev_part(e.devmajor),
                    minor: dev_part(e.devminor),
                },
                FileType::Block => Kind::Block {
                    major: dev_part(e.devmajor),
                    minor: dev_part(e.devminor),
                },
                FileType::Fifo => Kind::Fifo,
                FileType::Other(t) => {
                    tracing::warn!(layer, name = %e.name, "skipping tar entry of unknown type {t:?}");
                    continue;
                }
            };
            b.add(parent, name, kind, Some((idx, e)));
        }
        // A real entry of the same name in the same layer wins over its whiteout.
        for (parent, name, idx, e) in whiteouts {
            if name.is_empty() || b.child(parent, &name).is_some() {
                continue;
            }
            let ino = b.add(
                parent,
                &name,
                Kind::Char { major: 0, minor: 0 },
                Some((idx, e)),
            );
            b.node_mut(ino).perm = 0;
            b.node_mut(ino).xattrs.clear();
        }
        for (ino, markers) in opaque {
            let n = b.node_mut(ino);
            n.xattrs.push((opaque_xattr.to_string(), b"y".to_vec()));
            n.entries.extend(markers);
        }
        // Directory link counts: itself, its entry in the parent, and each subdirectory's "..".
        let subdirs: Vec<u32> = b
            .nodes
            .iter()
            .map(|n| match &n.kind {
                Kind::Dir { children } => children
                    .values()
                    .filter(|&&c| matches!(b.node(c).kind, Kind::Dir { .. }))
                    .count() as u32,
                _ => 0,
            })
            .collect();
        for (n, sub) in b.nodes.iter_mut().zip(subdirs) {
            if matches!(n.kind, Kind::Dir { .. }) {
                n.nlink = 2 + sub;
            }
        }
        Ok(Tree { nodes: b.nodes })
    }
}

struct Builder<'a> {
    layer: &'a str,
    nodes: Vec<Node>,
}

impl Builder<'_> {
    fn invalid(&self, e: &FileMetadata, reason: impl Into<String>) -> Error {
        Error::InvalidEntry {
            layer: self.layer.to_string(),
            name: e.name.clone(),
            reason: reason.into(),
        }
    }

    fn node(&self, ino: u64) -> &Node {
        &self.nodes[(ino - 1) as usize]
    }

    fn node_mut(&mut self, ino: u64) -> &mut Node {
        &mut self.nodes[(ino - 1) as usize]
    }

    fn child(&self, parent: u64, name: &str) -> Option<u64> {
        match &self.node(parent).kind {
            Kind::Dir { children } => children.get(name).copied(),
            _ => None,
        }
    }

    /// Walks (creating as needed) the directories `comps` below the root.
    fn dirs(&mut self, comps: &[&str], e: &FileMetadata) -> Result<u64> {
        let mut cur = ROOT;
        for c in comps {
            cur = match self.child(cur, c) {
                Some(ino) if matches!(self.node(ino).kind, Kind::Dir { .. }) => ino,
                Some(_) => {
                    return Err(self.invalid(e, format!("parent {c:?} is not a directory")));
                }
                None => self.add(
                    cur,
                    c,
                    Kind::Dir {
                        children: BTreeMap::new(),
                    },
                    None,
                ),
            };
        }
        Ok(cur)
    }

    /// Adds a new inode as `parent/name`, replacing what was there.
    fn add(&mut self, parent: u64, name: &str, kind: Kind, e: Option<(u32, &FileMetadata)>) -> u64 {
        let ino = self.nodes.len() as u64 + 1;
        let mut node = Node {
            ino,
            parent,
            kind,
            perm: 0o755,
            uid: 0,
            gid: 0,
            mtime: UNIX_EPOCH,
            nlink: 1,
            xattrs: Vec::new(),
            entries: Vec::new(),
        };
        if let Some((idx, e)) = e {
            apply_attrs(&mut node, e);
            node.entries.push(idx);
        }
        self.nodes.push(node);
        self.link(parent, name, ino);
        ino
    }

    /// Points `parent/name` at `ino`, dropping a link from whatever it pointed at.
    fn link(&mut self, parent: u64, name: &str, ino: u64) {
        let old = match &mut self.node_mut(parent).kind {
            Kind::Dir { children } => children.insert(name.to_string(), ino),
            _ => None,
        };
        if let Some(old) = old {
            let n = self.node_mut(old);
            n.nlink = n.nlink.saturating_sub(1);
        }
    }

    fn hardlink(&mut self, parent: u64, name: &str, idx: u32, e: &FileMetadata) -> Result<()> {
        let target_comps = clean(e.linkname.trim_start_matches('/'))
            .map_err(|reason| self.invalid(e, format!("hardlink target: {reason}")))?;
        let mut cur = ROOT;
        for c in &target_comps {
            cur = self.child(cur, c).ok_or_else(|| {
                self.invalid(
                    e,
                    format!(
                        "hardlink target {:?} is not earlier in the layer",
                        e.linkname
                    ),
                )
            })?;
        }
        if matches!(self.node(cur).kind, Kind::Dir { .. }) {
            return Err(self.invalid(
                e,
                format!("hardlink target {:?} is a directory", e.linkname),
            ));
        }
        self.node_mut(cur).entries.push(idx);
        if self.child(parent, name) == Some(cur) {
            return Ok(());
        }
        self.node_mut(cur).nlink += 1;
        self.link(parent, name, cur);
        Ok(())
    }
}

/// Copies mode, owner, time and xattrs of a tar entry onto a node.
fn apply_attrs(n: &mut Node, e: &FileMetadata) {
    n.perm = (e.mode & 0o7777) as u16;
    n.uid = e.uid;
    n.gid = e.gid;
    n.mtime = e.mod_time_unix().map_or(UNIX_EPOCH, |(s, ns)| {
        if s >= 0 {
            UNIX_EPOCH + Duration::new(s.unsigned_abs(), ns)
        } else {
            UNIX_EPOCH - Duration::from_secs(s.unsigned_abs()) + Duration::from_nanos(ns.into())
        }
    });
    n.xattrs = e
        .xattrs()
        .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
        .collect();
}

fn dev_part(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// Splits an archive name into components below the root. Absolute names and `..` would
/// escape the layer, and empty components (`a//b`) are not what any tar writer produces; all
/// are refused. A leading `./`, `.` components and one trailing `/` (directories) are fine.
fn clean(name: &str) -> std::result::Result<Vec<&str>, String> {
    if name.starts_with('/') {
        return Err("absolute name".into());
    }
    let body = name.strip_suffix('/').unwrap_or(name);
    let mut comps = Vec::new();
    for c in body.split('/') {
        match c {
            "" if body.is_empty() => {}
            "" => return Err("empty path component".into()),
            "." => {}
            ".." => return Err("name escapes the layer root".into()),
            c => comps.push(c),
        }
    }
    Ok(comps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, kind: FileType) -> FileMetadata {
        FileMetadata {
            name: name.into(),
            kind,
            uncompressed_offset: 0,
            uncompressed_size: 0,
            linkname: String::new(),
            mode: 0o644,
            uid: 1,
            gid: 2,
            uname: String::new(),
            gname: String::new(),
            mod_time: "2023-11-14T22:13:20Z".into(),
            devmajor: 0,
            devminor: 0,
            pax_records: BTreeMap::new(),
        }
    }

    fn ztoc(toc: Vec<FileMetadata>) -> Ztoc {
        Ztoc {
            toc,
            ..Ztoc::default()
        }
    }

    #[test]
    fn clean_names() {
        assert_eq!(clean("./a/b/").expect("ok"), vec!["a", "b"]);
        assert!(clean("./a//b/").is_err());
        assert!(clean("a/").is_ok());
        assert!(clean("./").expect("ok").is_empty());
        assert!(clean(".").expect("ok").is_empty());
        assert!(clean("a/..").is_err());
        assert!(clean("/etc/passwd").is_err());
        assert!(clean("a/../../b").is_err());
    }

    #[test]
    fn escaping_names_fail_the_build() {
        for bad in ["../x", "/abs", "a//b", "a/../../etc/passwd", "x/.."] {
            let z = ztoc(vec![entry(bad, FileType::Reg)]);
            assert!(
                Tree::build("l", &z, "trusted.overlay.opaque").is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn parents_hardlinks_whiteouts_opaque() {
        let mut hl = entry("x/hard", FileType::Hardlink);
        hl.linkname = "a/b/file".into();
        let mut dir = entry("a/", FileType::Dir);
        dir.mode = 0o700;
        let z = ztoc(vec![
            entry("a/b/file", FileType::Reg),
            dir,
            hl,
            entry("a/.wh.gone", FileType::Reg),
            entry("a/.wh.file2", FileType::Reg),
            entry("a/file2", FileType::Reg),
            entry("a/b/.wh..wh..opq", FileType::Reg),
        ]);
        let t = Tree::build("l", &z, "trusted.overlay.opaque").expect("build");
        let a = t.lookup(ROOT, "a").expect("a");
        assert_eq!(a.perm, 0o700);
        assert_eq!(a.nlink, 3);
        let b = t.lookup(a.ino, "b").expect("b");
        assert_eq!(b.perm, 0o755, "synthesized");
        assert_eq!(
            b.xattrs,
            vec![("trusted.overlay.opaque".to_string(), b"y".to_vec())]
        );
        let file = t.lookup(b.ino, "file").expect("file");
        let x = t.lookup(ROOT, "x").expect("x");
        let hard = t.lookup(x.ino, "hard").expect("hard");
        assert_eq!(file.ino, hard.ino);
        assert_eq!(file.nlink, 2);
        let gone = t.lookup(a.ino, "gone").expect("whiteout");
        assert_eq!(gone.kind, Kind::Char { major: 0, minor: 0 });
        assert!(matches!(
            t.lookup(a.ino, "file2").expect("file2").kind,
            Kind::File { .. }
        ));
        assert!(t.lookup(a.ino, ".wh.gone").is_none());
        assert!(t.lookup(b.ino, ".wh..wh..opq").is_none());
    }

    #[test]
    fn dangling_hardlink_fails() {
        let mut hl = entry("h", FileType::Hardlink);
        hl.linkname = "missing".into();
        assert!(Tree::build("l", &ztoc(vec![hl]), "trusted.overlay.opaque").is_err());
    }
}
