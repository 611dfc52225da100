//! Where inputs start: the regression corpus (`corpus/<target>/`, also run by the tests) and, for
//! the ztoc targets, the golden vectors that soci itself produced.

use std::path::{Path, PathBuf};

/// `corpus/` of this crate.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// `../shared/vectors/soci-golden` beside the repository, or `LINNET_FUZZ_VECTORS`.
pub fn golden_dir() -> PathBuf {
    std::env::var_os("LINNET_FUZZ_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors/soci-golden")
        })
}

/// Files of `dir`, sorted by name, that end with `suffix` and are at most `max` bytes.
fn files(dir: &Path, suffix: &str, max: u64) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .filter(|p| {
            p.metadata()
                .map(|m| m.is_file() && m.len() <= max)
                .unwrap_or(false)
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read(&p).ok()?))
        })
        .collect()
}

/// The regression corpus of `target`: (file name, bytes).
pub fn regression(target: &str) -> Vec<(String, Vec<u8>)> {
    files(&corpus_dir().join(target), "", u64::MAX)
}

/// Every starting input of `target`: its regression corpus, then the golden vectors it can use.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = regression(target).into_iter().map(|(_, b)| b).collect();
    let golden = golden_dir();
    match target {
        "ztoc_parse" | "zinfo" => {
            out.extend(files(&golden, ".ztoc", 70_000).into_iter().map(|(_, b)| b));
        }
        "ztoc_build" => {
            for (_, gz) in files(&golden, ".tar.gz", 40_000) {
                if let Some(tar) = crate::gunzip(&gz).filter(|t| t.len() <= 64 * 1024) {
                    out.push(tar);
                }
                out.push(gz);
            }
        }
        "tar_header" => {
            for (_, gz) in files(&golden, ".tar.gz", 40_000) {
                if let Some(tar) = crate::gunzip(&gz) {
                    out.push(tar[..tar.len().min(4096)].to_vec());
                }
            }
        }
        _ => {}
    }
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}
