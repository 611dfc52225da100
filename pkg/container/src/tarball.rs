//! Writing filesystem entries into a tar stream the way Docker's archive package does: PAX/GNU
//! headers for long names, directories named with a trailing `/`, hard links within the stream
//! as link entries, `security.*`/`user.*` xattrs as `SCHILY.xattr.` records, sockets skipped.
//! Shared by `export` (the merged root filesystem) and `commit` (the writable layer).

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::{self, Read, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

use crate::overlay;

pub struct TarWriter<W: Write> {
    builder: tar::Builder<W>,
    /// (device, inode) of files with several links -> the name they were first written under.
    links: HashMap<(u64, u64), String>,
}

impl<W: Write> TarWriter<W> {
    pub fn new(out: W) -> TarWriter<W> {
        let mut builder = tar::Builder::new(out);
        builder.mode(tar::HeaderMode::Complete);
        builder.follow_symlinks(false);
        TarWriter {
            builder,
            links: HashMap::new(),
        }
    }

    /// Appends `path` (described by `meta`) as `name` (relative, `/`-separated).
    pub fn append(&mut self, name: &str, path: &Path, meta: &Metadata) -> io::Result<()> {
        let ft = meta.file_type();
        if ft.is_socket() {
            return Ok(());
        }
        let xattrs = overlay::layer_xattrs(path);
        if !xattrs.is_empty() {
            let records: Vec<(String, Vec<u8>)> = xattrs
                .into_iter()
                .map(|(k, v)| (format!("SCHILY.xattr.{k}"), v))
                .collect();
            self.builder
                .append_pax_extensions(records.iter().map(|(k, v)| (k.as_str(), v.as_slice())))?;
        }
        let mut header = tar::Header::new_gnu();
        header.set_metadata_in_mode(meta, tar::HeaderMode::Complete);
        if ft.is_dir() {
            header.set_size(0);
            return self
                .builder
                .append_data(&mut header, format!("{name}/"), io::empty());
        }
        if ft.is_symlink() {
            let target = std::fs::read_link(path)?;
            header.set_size(0);
            return self.builder.append_link(&mut header, name, target);
        }
        if ft.is_char_device() || ft.is_block_device() {
            let rdev = meta.rdev();
            header.set_device_major(libc::major(rdev))?;
            header.set_device_minor(libc::minor(rdev))?;
            header.set_size(0);
            return self.builder.append_data(&mut header, name, io::empty());
        }
        if ft.is_fifo() {
            header.set_size(0);
            return self.builder.append_data(&mut header, name, io::empty());
        }
        if meta.nlink() > 1 {
            let key = (meta.dev(), meta.ino());
            if let Some(first) = self.links.get(&key) {
                header.set_entry_type(tar::EntryType::Link);
                header.set_size(0);
                let first = first.clone();
                return self.builder.append_link(&mut header, name, first);
            }
            self.links.insert(key, name.to_string());
        }
        let file = std::fs::File::open(path)?;
        header.set_size(meta.len());
        // A file that grows or shrinks while a running container writes it still gives a
        // well-formed entry of the size in its header.
        let reader = file.take(meta.len()).chain(io::repeat(0)).take(meta.len());
        self.builder.append_data(&mut header, name, reader)
    }

    /// Appends an empty regular file (`.wh.` whiteouts of a layer).
    pub fn append_empty(&mut self, name: &str, like: &Metadata) -> io::Result<()> {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_mode(0o644);
        header.set_uid(0);
        header.set_gid(0);
        header.set_mtime(like.mtime().max(0) as u64);
        header.set_size(0);
        self.builder.append_data(&mut header, name, io::empty())
    }

    /// Writes the end-of-archive blocks and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.builder.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_as_docker_names_them() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/f"), "hello").unwrap();
        std::fs::hard_link(d.join("sub/f"), d.join("sub/g")).unwrap();
        std::os::unix::fs::symlink("f", d.join("sub/l")).unwrap();
        let mut w = TarWriter::new(Vec::new());
        for name in ["sub", "sub/f", "sub/g", "sub/l"] {
            let p = d.join(name);
            w.append(name, &p, &std::fs::symlink_metadata(&p).unwrap())
                .unwrap();
        }
        let bytes = w.finish().unwrap();
        let mut archive = tar::Archive::new(&bytes[..]);
        let mut seen = Vec::new();
        for e in archive.entries().unwrap() {
            let mut e = e.unwrap();
            let mut body = String::new();
            e.read_to_string(&mut body).unwrap();
            let link = e
                .link_name()
                .unwrap()
                .map(|l| l.display().to_string())
                .unwrap_or_default();
            seen.push(format!(
                "{:?} {} {} {}",
                e.header().entry_type(),
                e.path().unwrap().display(),
                body,
                link
            ));
        }
        assert_eq!(
            seen,
            vec![
                "Directory sub/  ",
                "Regular sub/f hello ",
                "Link sub/g  sub/f",
                "Symlink sub/l  f",
            ]
        );
    }
}
