//! Disk usage like containerd's `fs.DiskUsage`: allocated bytes (`st_blocks * 512`) and the
//! number of distinct inodes under a directory, hard links counted once, symlinks not followed.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::store::Usage;
use crate::Error;

/// Usage of the tree at `root`, the root itself included.
pub fn disk_usage(root: &Path) -> Result<Usage, Error> {
    let meta = std::fs::symlink_metadata(root).map_err(|e| Error::io("stat", root, e))?;
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut size: i64 = 0;
    let mut count = |meta: &std::fs::Metadata| {
        if seen.insert((meta.dev(), meta.ino())) {
            size = size.saturating_add(i64::try_from(meta.blocks()).unwrap_or(i64::MAX) * 512);
        }
    };
    count(&meta);
    let mut stack = Vec::new();
    if meta.is_dir() {
        stack.push(root.to_path_buf());
    }
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            // Removed while we walked (a container deleting files): not an error for a figure.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io("read directory", &dir, e)),
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read directory", &dir, e))?;
            let path = entry.path();
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(meta) => meta,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io("stat", &path, e)),
            };
            count(&meta);
            if meta.is_dir() {
                stack.push(path);
            }
        }
    }
    Ok(Usage {
        size,
        inodes: i64::try_from(seen.len()).unwrap_or(i64::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_blocks_and_distinct_inodes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let root = dir.path();
        let sub = root.join("sub");
        std::fs::create_dir(&sub).unwrap_or_else(|e| panic!("mkdir: {e}"));
        std::fs::write(sub.join("f"), vec![7u8; 10000]).unwrap_or_else(|e| panic!("write: {e}"));
        std::fs::hard_link(sub.join("f"), root.join("link"))
            .unwrap_or_else(|e| panic!("link: {e}"));
        std::os::unix::fs::symlink("/etc", root.join("sym"))
            .unwrap_or_else(|e| panic!("symlink: {e}"));
        let usage = disk_usage(root).unwrap_or_else(|e| panic!("du: {e}"));
        // root, sub, f (= link), sym
        assert_eq!(usage.inodes, 4);
        assert!(usage.size >= 10000, "size {}", usage.size);
    }
}
