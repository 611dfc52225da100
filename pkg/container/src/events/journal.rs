//! The event journal: one JSON line per Docker event in `<dir>/<namespace>.jsonl`, written by the
//! recorder only. It is bounded: past [`MAX_BYTES`] the file becomes `<namespace>.jsonl.1`
//! (replacing the previous one), so a namespace keeps between one and two files' worth of
//! history. Readers follow appends and that rotation (by inode).
//!
//! Besides events, the recorder writes sync markers: `events` publishes a marker through
//! containerd and waits for it in the journal, which proves that every event containerd
//! published before it has been recorded (one subscriber sees events in order).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::DockerEvent;
use crate::Error;

/// Size at which a journal file is rotated.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;
/// Topic of `events`' sync markers; the payload is the marker's token.
pub const SYNC_TOPIC: &str = "/linnet/journal-sync";
pub const SYNC_TYPE: &str = "linnet.JournalSync";
const PID_FILE: &str = "recorder.pid";

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Sync { sync: String },
    Event(DockerEvent),
}

/// The journal directory (`<data root>/events`).
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    max_bytes: u64,
}

impl Journal {
    pub fn new(dir: &Path) -> Journal {
        Journal {
            dir: dir.to_path_buf(),
            max_bytes: MAX_BYTES,
        }
    }

    /// A journal rotating at `max_bytes` (tests).
    pub fn with_limit(dir: &Path, max_bytes: u64) -> Journal {
        Journal {
            dir: dir.to_path_buf(),
            max_bytes,
        }
    }

    pub fn path(&self, namespace: &str) -> PathBuf {
        self.dir.join(format!("{namespace}.jsonl"))
    }

    fn previous(&self, namespace: &str) -> PathBuf {
        self.dir.join(format!("{namespace}.jsonl.1"))
    }

    /// Records this process as the journal's writer.
    pub fn claim(&self) -> Result<(), Error> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| Error::io("create event journal directory", &self.dir, e))?;
        let path = self.dir.join(PID_FILE);
        std::fs::write(&path, std::process::id().to_string())
            .map_err(|e| Error::io("write", &path, e))
    }

    /// Notes that the recorder subscribed to containerd (`system start` waits for it).
    pub fn mark_subscribed(&self) {
        let _ = std::fs::write(self.dir.join("recorder.subscribed"), b"");
    }

    /// Whether a recorder process is alive for this journal.
    pub fn has_recorder(&self) -> bool {
        std::fs::read_to_string(self.dir.join(PID_FILE))
            .ok()
            .and_then(|t| t.trim().parse::<u32>().ok())
            .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
    }

    /// Every entry kept for `namespace`, oldest first, and a reader positioned after them.
    pub fn replay(&self, namespace: &str) -> Result<(Vec<Entry>, JournalReader), Error> {
        let mut entries = Vec::new();
        if let Ok(mut old) = JournalReader::open(&self.previous(namespace)) {
            entries.extend(old.read_new()?);
        }
        let mut reader = JournalReader::open(&self.path(namespace))?;
        entries.extend(reader.read_new()?);
        Ok((entries, reader))
    }
}

/// Appends entries, one open file per namespace.
#[derive(Debug)]
pub struct JournalWriter {
    journal: Journal,
    files: HashMap<String, File>,
}

impl JournalWriter {
    pub fn new(journal: Journal) -> JournalWriter {
        JournalWriter {
            journal,
            files: HashMap::new(),
        }
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn append(&mut self, namespace: &str, entry: &Entry) -> Result<(), Error> {
        let path = self.journal.path(namespace);
        let mut line = serde_json::to_vec(entry)?;
        line.push(b'\n');
        if !self.files.contains_key(namespace) {
            std::fs::create_dir_all(&self.journal.dir)
                .map_err(|e| Error::io("create event journal directory", &self.journal.dir, e))?;
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| Error::io("open event journal", &path, e))?;
            self.files.insert(namespace.to_string(), file);
        }
        let Some(file) = self.files.get_mut(namespace) else {
            return Ok(());
        };
        // One write per line: readers never see half an entry that is not completed later.
        file.write_all(&line)
            .map_err(|e| Error::io("write event journal", &path, e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size >= self.journal.max_bytes {
            self.files.remove(namespace);
            std::fs::rename(&path, self.journal.previous(namespace))
                .map_err(|e| Error::io("rotate event journal", &path, e))?;
        }
        Ok(())
    }
}

/// Reads a journal file incrementally, following its rotation.
#[derive(Debug)]
pub struct JournalReader {
    path: PathBuf,
    file: Option<File>,
    inode: u64,
    offset: u64,
    pending: Vec<u8>,
}

impl JournalReader {
    /// Opens `path`; a missing file reads as empty until it appears.
    pub fn open(path: &Path) -> Result<JournalReader, Error> {
        let mut reader = JournalReader {
            path: path.to_path_buf(),
            file: None,
            inode: 0,
            offset: 0,
            pending: Vec::new(),
        };
        match File::open(path) {
            Ok(f) => {
                reader.inode = f.metadata().map(|m| m.ino()).unwrap_or(0);
                reader.file = Some(f);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("open event journal", path, e)),
        }
        Ok(reader)
    }

    /// Entries appended since the last call; after a rotation, the rest of the old file and then
    /// the new one.
    pub fn read_new(&mut self) -> Result<Vec<Entry>, Error> {
        let mut entries = self.drain()?;
        let current = std::fs::metadata(&self.path).ok().map(|m| m.ino());
        if let Some(inode) = current.filter(|i| self.file.is_none() || *i != self.inode) {
            // Rotated: the old file is complete once renamed; take what was added meanwhile.
            entries.extend(self.drain()?);
            if let Ok(f) = File::open(&self.path) {
                self.file = Some(f);
                self.inode = inode;
                self.offset = 0;
                self.pending.clear();
                entries.extend(self.drain()?);
            }
        }
        Ok(entries)
    }

    fn drain(&mut self) -> Result<Vec<Entry>, Error> {
        let Some(file) = self.file.as_mut() else {
            return Ok(Vec::new());
        };
        let path = &self.path;
        file.seek(SeekFrom::Start(self.offset))
            .map_err(|e| Error::io("read event journal", path, e))?;
        let mut buf = Vec::new();
        let n = file
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("read event journal", path, e))?;
        self.offset += n as u64;
        self.pending.extend_from_slice(&buf);
        let mut entries = Vec::new();
        while let Some(pos) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=pos).collect();
            // A line that does not parse (a torn write after a crash) is skipped.
            if let Ok(entry) = serde_json::from_slice::<Entry>(&line[..line.len() - 1]) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn event(n: usize) -> Entry {
        Entry::Event(DockerEvent::new(
            "container",
            "start",
            &format!("c{n}"),
            Utc::now(),
        ))
    }

    #[test]
    fn append_rotate_and_follow() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::with_limit(dir.path(), 600);
        let mut writer = JournalWriter::new(journal.clone());
        let (old, mut reader) = journal.replay("ns").unwrap();
        assert!(old.is_empty());
        let mut seen = Vec::new();
        for n in 0..20 {
            writer.append("ns", &event(n)).unwrap();
            if n % 3 == 0 {
                seen.extend(reader.read_new().unwrap());
            }
        }
        writer
            .append("ns", &Entry::Sync { sync: "tok".into() })
            .unwrap();
        seen.extend(reader.read_new().unwrap());
        assert_eq!(seen.len(), 21, "{seen:?}");
        assert_eq!(seen[20], Entry::Sync { sync: "tok".into() });
        // Bounded: at most the current file and one previous generation remain.
        let (kept, _) = journal.replay("ns").unwrap();
        assert!(kept.len() < 21 && !kept.is_empty());
        assert!(std::fs::metadata(journal.path("ns")).unwrap().len() < 600);
    }
}
