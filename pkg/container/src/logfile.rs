//! Docker's json-file log format, which every linnet container gets so that `logs` works no
//! matter how the container was run: one JSON object per line,
//! `{"log":"...","stream":"stdout","time":"2024-01-01T00:00:00.123456789Z"}`.
//!
//! The writer splits output into lines (a trailing partial line is written as its own entry
//! without a newline, the way Docker does when a stream ends or goes idle). The reader returns
//! complete entries and can be called again to pick up what was appended since.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::Error;

/// Which output stream a log line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

/// One json-file entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub log: String,
    pub stream: String,
    pub time: String,
}

impl LogEntry {
    pub fn is_stderr(&self) -> bool {
        self.stream == "stderr"
    }
}

/// The log file path linnet uses inside a container's directory.
pub fn log_path(container_dir: &Path, id: &str) -> PathBuf {
    container_dir.join(format!("{id}-json.log"))
}

/// Appends entries to a json-file log; cheap to clone and share between threads.
#[derive(Debug, Clone)]
pub struct LogWriter {
    file: Arc<Mutex<File>>,
    path: PathBuf,
}

impl LogWriter {
    /// Opens (creating if needed) `path` for appending.
    pub fn open(path: &Path) -> Result<LogWriter, Error> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io("create log directory", parent, e))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io("open log file", path, e))?;
        Ok(LogWriter {
            file: Arc::new(Mutex::new(file)),
            path: path.to_path_buf(),
        })
    }

    /// Writes one entry; `data` is one line (with its newline) or a trailing partial line.
    pub fn write_entry(&self, stream: Stream, data: &[u8]) -> Result<(), Error> {
        let entry = LogEntry {
            log: String::from_utf8_lossy(data).into_owned(),
            stream: stream.as_str().to_string(),
            time: Utc::now().to_rfc3339_opts(SecondsFormat::Nanos, true),
        };
        let mut line = serde_json::to_vec(&entry).map_err(|e| Error::Encode(e.to_string()))?;
        line.push(b'\n');
        // One write per entry so concurrent writers (stdout and stderr) never interleave.
        let mut file = self.file.lock().map_err(|_| {
            Error::io(
                "write log file",
                &self.path,
                std::io::Error::other("lock poisoned"),
            )
        })?;
        file.write_all(&line)
            .map_err(|e| Error::io("write log file", &self.path, e))
    }
}

/// Splits a byte stream into lines for one log stream.
#[derive(Debug)]
pub struct LineWriter {
    writer: LogWriter,
    stream: Stream,
    pending: Vec<u8>,
}

impl LineWriter {
    pub fn new(writer: LogWriter, stream: Stream) -> LineWriter {
        LineWriter {
            writer,
            stream,
            pending: Vec::new(),
        }
    }

    /// Feeds bytes; every complete line is written at once.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), Error> {
        self.pending.extend_from_slice(data);
        while let Some(pos) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=pos).collect();
            self.writer.write_entry(self.stream, &line)?;
        }
        // Bound memory for output that never ends a line (Docker splits at 16 KiB too).
        if self.pending.len() >= 16 * 1024 {
            self.flush_partial()?;
        }
        Ok(())
    }

    /// Writes a pending partial line (on EOF or when the stream is idle).
    pub fn flush_partial(&mut self) -> Result<(), Error> {
        if !self.pending.is_empty() {
            let data = std::mem::take(&mut self.pending);
            self.writer.write_entry(self.stream, &data)?;
        }
        Ok(())
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}

/// Reads entries from a json-file log incrementally.
#[derive(Debug)]
pub struct LogReader {
    file: File,
    path: PathBuf,
    offset: u64,
    pending: Vec<u8>,
}

impl LogReader {
    /// Opens the log; a missing file reads as empty until it appears.
    pub fn open(path: &Path) -> Result<LogReader, Error> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                LogWriter::open(path)?;
                File::open(path).map_err(|e| Error::io("open log file", path, e))?
            }
            Err(e) => return Err(Error::io("open log file", path, e)),
        };
        Ok(LogReader {
            file,
            path: path.to_path_buf(),
            offset: 0,
            pending: Vec::new(),
        })
    }

    /// Returns the entries appended since the previous call (complete lines only).
    pub fn read_new(&mut self) -> Result<Vec<LogEntry>, Error> {
        self.file
            .seek(SeekFrom::Start(self.offset))
            .map_err(|e| Error::io("read log file", &self.path, e))?;
        let mut buf = Vec::new();
        let n = self
            .file
            .read_to_end(&mut buf)
            .map_err(|e| Error::io("read log file", &self.path, e))?;
        self.offset += n as u64;
        self.pending.extend_from_slice(&buf);
        let mut entries = Vec::new();
        while let Some(pos) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=pos).collect();
            let line = &line[..line.len() - 1];
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Skip lines that are not ours rather than failing the whole read.
            if let Ok(entry) = serde_json::from_slice::<LogEntry>(line) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

/// Keeps the last `n` entries (`None` keeps all).
pub fn tail(mut entries: Vec<LogEntry>, n: Option<usize>) -> Vec<LogEntry> {
    if let Some(n) = n {
        if entries.len() > n {
            entries.drain(..entries.len() - n);
        }
    }
    entries
}

/// Parses `--tail`: "all" (or a negative number) means everything.
pub fn parse_tail(text: &str) -> Result<Option<usize>, Error> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("all") || text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Ok(None),
        Ok(n) => Ok(Some(n as usize)),
        Err(_) => Err(Error::InvalidArgument(format!(
            "invalid value for --tail: {text:?} (use a number or \"all\")"
        ))),
    }
}

/// Renders an entry as `logs` prints it.
pub fn format_entry(entry: &LogEntry, timestamps: bool) -> String {
    if timestamps {
        format!("{} {}", entry.time, entry.log)
    } else {
        entry.log.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_split_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = log_path(dir.path(), "abc");
        let writer = LogWriter::open(&path).unwrap();
        let mut out = LineWriter::new(writer.clone(), Stream::Stdout);
        let mut err = LineWriter::new(writer, Stream::Stderr);
        let mut reader = LogReader::open(&path).unwrap();
        out.feed(b"hello\nwor").unwrap();
        err.feed(b"oops\n").unwrap();
        let got = reader.read_new().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].log, "hello\n");
        assert_eq!(got[0].stream, "stdout");
        assert!(got[1].is_stderr());
        out.feed(b"ld\nend").unwrap();
        out.flush_partial().unwrap();
        let got = reader.read_new().unwrap();
        assert_eq!(
            got.iter().map(|e| e.log.as_str()).collect::<Vec<_>>(),
            vec!["world\n", "end"]
        );
        assert!(got[0].time.ends_with('Z'));
        assert!(reader.read_new().unwrap().is_empty());
    }

    #[test]
    fn tail_and_parse() {
        let e = |s: &str| LogEntry {
            log: s.into(),
            stream: "stdout".into(),
            time: "t".into(),
        };
        let all = vec![e("1"), e("2"), e("3")];
        assert_eq!(tail(all.clone(), Some(2)), vec![e("2"), e("3")]);
        assert_eq!(tail(all.clone(), Some(0)), vec![]);
        assert_eq!(tail(all.clone(), None).len(), 3);
        assert_eq!(parse_tail("all").unwrap(), None);
        assert_eq!(parse_tail("-1").unwrap(), None);
        assert_eq!(parse_tail("5").unwrap(), Some(5));
        assert!(parse_tail("x").is_err());
        assert_eq!(format_entry(&e("x\n"), true), "t x\n");
    }
}
