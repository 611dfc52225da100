//! Shared output helpers: tables, truncation, human-readable sizes and times, and the transfer
//! progress display (bars on a terminal, plain lines otherwise, nothing when quiet).

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use linnet_image::{ProgressEvent, ProgressSink};

/// `12.3 MiB`, as nerdctl prints sizes.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// go-units `HumanSize` (what Docker prints here): decimal units, four significant digits.
pub fn docker_size(bytes: u64) -> String {
    linnet_spec::units::human_size(bytes as f64)
}

/// Docker's `HumanDuration`: "Less than a second", "3 seconds", "About a minute", "2 hours", ...
pub fn human_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let minutes = secs / 60;
    let hours = minutes / 60;
    match () {
        _ if secs < 1 => "Less than a second".to_string(),
        _ if secs == 1 => "1 second".to_string(),
        _ if secs < 60 => format!("{secs} seconds"),
        _ if minutes == 1 => "About a minute".to_string(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".to_string(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", hours / 24 / 365),
    }
}

/// "2 minutes ago", or "" when the time is unknown.
pub fn time_ago(t: Option<DateTime<Utc>>) -> String {
    match t {
        Some(t) => {
            let d = (Utc::now() - t).to_std().unwrap_or_default();
            format!("{} ago", human_duration(d))
        }
        None => String::new(),
    }
}

/// `sha256:0123456789abcdef...` -> `0123456789ab` unless `no_trunc`.
pub fn short_id(digest: &str, no_trunc: bool) -> String {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    if no_trunc {
        digest.to_string()
    } else {
        hex.chars().take(12).collect()
    }
}

/// A left-aligned table with columns separated by at least three spaces, like Go's tabwriter.
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Self {
            rows: vec![header.iter().map(|s| s.to_string()).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let columns = self.rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        for row in &self.rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count() + 3;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Where transfer progress goes: `pull` shows it on stdout, the implicit pull of `run` on stderr.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Shows blob transfers: one bar per blob with bytes and speed on a terminal, one plain line per
/// finished blob otherwise (so logs and pipes get no control codes).
pub struct Progress {
    stream: Stream,
    bars: Option<MultiProgress>,
    state: Mutex<HashMap<String, BlobRow>>,
}

struct BlobRow {
    total: u64,
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(stream: Stream) -> Self {
        let tty = match stream {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        };
        let bars = tty.then(|| {
            let target = match stream {
                Stream::Stdout => ProgressDrawTarget::stdout(),
                Stream::Stderr => ProgressDrawTarget::stderr(),
            };
            MultiProgress::with_draw_target(target)
        });
        Self {
            stream,
            bars,
            state: Mutex::new(HashMap::new()),
        }
    }

    fn line(&self, text: &str) {
        match &self.bars {
            Some(bars) => {
                let _ = bars.println(text);
            }
            None => match self.stream {
                Stream::Stdout => {
                    let _ = writeln!(std::io::stdout().lock(), "{text}");
                }
                Stream::Stderr => {
                    let _ = writeln!(std::io::stderr().lock(), "{text}");
                }
            },
        }
    }

    fn short(digest: &str) -> String {
        let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
        format!("sha256:{}", hex.chars().take(12).collect::<String>())
    }
}

impl ProgressSink for Progress {
    fn event(&self, event: ProgressEvent) {
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        match event {
            ProgressEvent::Resolved { reference, digest } => {
                self.line(&format!("{reference}: resolved {}", Self::short(&digest)));
            }
            ProgressEvent::BlobStart {
                digest,
                kind,
                total,
                offset,
            } => {
                let bar = self.bars.as_ref().map(|bars| {
                    let bar = bars.add(ProgressBar::new(total));
                    let style = ProgressStyle::with_template(
                        "{prefix:<24} {msg:<11} [{bar:30}] {bytes:>10}/{total_bytes:<10} {bytes_per_sec}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
                    bar.set_style(style);
                    bar.set_prefix(format!("{kind}-{}", Self::short(&digest)));
                    bar.set_message(if offset > 0 { "resuming" } else { "downloading" });
                    bar.set_position(offset);
                    bar
                });
                // offset == total: the blob is already in the store under another namespace.
                if self.bars.is_none() && offset > 0 && offset < total {
                    self.line(&format!(
                        "{kind}-{}: resuming at {}",
                        Self::short(&digest),
                        human_size(offset)
                    ));
                }
                state.insert(digest, BlobRow { total, bar });
            }
            ProgressEvent::BlobAdvance { digest, bytes } => {
                if let Some(BlobRow { bar: Some(bar), .. }) = state.get(&digest) {
                    bar.inc(bytes);
                }
            }
            ProgressEvent::BlobDone {
                digest,
                kind,
                status,
            } => {
                let row = state.remove(&digest);
                let total = row.as_ref().map(|r| r.total).unwrap_or(0);
                if let Some(bar) = row.and_then(|r| r.bar) {
                    bar.finish_and_clear();
                }
                let size = if total > 0 {
                    format!(" ({})", human_size(total))
                } else {
                    String::new()
                };
                self.line(&format!(
                    "{kind}-{}: {}{size}",
                    Self::short(&digest),
                    status.as_str()
                ));
            }
            ProgressEvent::Unpacking { digest } => {
                if self.bars.is_none() {
                    self.line(&format!("layer-{}: unpacking", Self::short(&digest)));
                }
            }
            ProgressEvent::Lazy { digest } => {
                self.line(&format!(
                    "layer-{}: lazy (mounted by the snapshotter, fetched on demand)",
                    Self::short(&digest)
                ));
            }
            ProgressEvent::Unpacked { digest } => {
                self.line(&format!("layer-{}: unpacked", Self::short(&digest)));
            }
        }
    }
}

/// Progress for a command with `-q`: nothing at all.
pub fn progress_for(quiet: bool, stream: Stream) -> Box<dyn ProgressSink> {
    if quiet {
        Box::new(linnet_image::NoProgress)
    } else {
        Box::new(Progress::new(stream))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_sizes_as_go_units() {
        assert_eq!(docker_size(0), "0B");
        assert_eq!(docker_size(59), "59B");
        assert_eq!(docker_size(1234), "1.234kB");
        assert_eq!(docker_size(10_500_000), "10.5MB");
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(human_duration(Duration::from_secs(3)), "3 seconds");
        assert_eq!(human_duration(Duration::from_secs(61)), "About a minute");
        assert_eq!(human_duration(Duration::from_secs(3 * 3600)), "3 hours");
    }

    #[test]
    fn table_aligns_columns() {
        let mut t = Table::new(&["A", "LONGER"]);
        t.row(vec!["xyz".into(), "1".into()]);
        let mut out = Vec::new();
        t.print(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "A     LONGER\nxyz   1\n");
    }
}
