//! Output helpers for `soci index list` and `soci index info`, so linnet prints what soci
//! prints: a tabwriter table with soci's columns and `json.Indent`ed index bytes.

use crate::error::Result;
use crate::index::IndexVersion;

/// Column headers of `soci index list`.
pub const LIST_HEADER: [&str; 7] = [
    "DIGEST",
    "SIZE",
    "IMAGE REF",
    "PLATFORM",
    "MEDIA TYPE",
    "MANIFEST VERSION",
    "CREATED",
];

/// One row of `soci index list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub digest: String,
    pub size: i64,
    /// Image name pointing at the source image, or empty.
    pub image_ref: String,
    /// `os/arch[/variant]`.
    pub platform: String,
    /// Media type of the index document (OCI manifest).
    pub media_type: String,
    /// Artifact type (config media type) of the index.
    pub artifact_type: String,
    /// Seconds since creation; `None` prints `n/a`.
    pub age_secs: Option<u64>,
}

impl ListEntry {
    fn cells(&self) -> [String; 7] {
        [
            self.digest.clone(),
            self.size.to_string(),
            self.image_ref.clone(),
            self.platform.clone(),
            self.media_type.clone(),
            manifest_version(&self.artifact_type).to_string(),
            match self.age_secs {
                Some(s) => format!("{} ago", go_duration(s)),
                None => "n/a".to_string(),
            },
        ]
    }
}

/// `v1`, `v2` or empty for an unknown artifact type.
pub fn manifest_version(artifact_type: &str) -> &'static str {
    IndexVersion::from_artifact_type(artifact_type).map_or("", IndexVersion::as_str)
}

/// Go `time.Duration.String()` of whole seconds (`0s`, `45s`, `1m30s`, `2h0m5s`).
pub fn go_duration(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// The full `soci index list` output (header + rows), laid out like Go's
/// `tabwriter.NewWriter(w, 8, 8, 4, ' ', 0)` with every cell tab-terminated.
pub fn format_list(entries: &[ListEntry]) -> String {
    let mut rows: Vec<Vec<String>> = vec![LIST_HEADER.iter().map(|s| s.to_string()).collect()];
    rows.extend(entries.iter().map(|e| e.cells().to_vec()));
    format_table(&rows)
}

/// `-q`: digests only, one per line.
pub fn format_list_quiet(entries: &[ListEntry]) -> String {
    entries.iter().map(|e| format!("{}\n", e.digest)).collect()
}

/// tabwriter(minwidth 8, padding 4, pad ' ') over rows whose cells all end in a tab.
fn format_table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count() + 4)
                .max()
                .unwrap_or(0)
                .max(8)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        for (c, cell) in r.iter().enumerate() {
            out.push_str(cell);
            let pad = widths[c].saturating_sub(cell.chars().count());
            out.extend(std::iter::repeat_n(' ', pad));
        }
        out.push('\n');
    }
    out
}

/// `soci index info`: the stored bytes `json.Indent`ed with two spaces, plus a newline.
pub fn format_info(index_bytes: &[u8]) -> Result<String> {
    let pretty = crate::gojson::indent(index_bytes, "", "  ")?;
    let mut s = String::from_utf8_lossy(&pretty).into_owned();
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(59), "59s");
        assert_eq!(go_duration(90), "1m30s");
        assert_eq!(go_duration(7205), "2h0m5s");
    }

    #[test]
    fn table_layout() {
        let e = ListEntry {
            digest: "sha256:abc".into(),
            size: 712,
            image_ref: String::new(),
            platform: "linux/amd64".into(),
            media_type: crate::media::OCI_MANIFEST.into(),
            artifact_type: crate::SOCI_INDEX_ARTIFACT_TYPE_V2.into(),
            age_secs: Some(3),
        };
        let out = format_list(std::slice::from_ref(&e));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("DIGEST        SIZE    IMAGE REF    PLATFORM       MEDIA TYPE")
        );
        assert!(
            lines[1].starts_with("sha256:abc    712                  linux/amd64    application/")
        );
        assert!(lines[1].contains("    v2                  3s ago    "));
        assert_eq!(format_list_quiet(&[e]), "sha256:abc\n");
    }

    #[test]
    fn info_indents() {
        let s = format_info(br#"{"a":{"b":"<"}}"#).unwrap_or_default();
        assert_eq!(s, "{\n  \"a\": {\n    \"b\": \"<\"\n  }\n}\n");
        assert!(format_info(b"{").is_err());
    }
}
