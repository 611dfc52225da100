//! Conformance against ztocs produced by soci-snapshotter's own builder
//! (`shared/vectors/soci-golden`): byte-identical rebuilds, lossless parse/serialize, and
//! extraction through each golden ztoc equal to what a tar reader returns.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use linnet_ztoc::{build, BuildOptions, FileType, Ztoc};

/// The golden vectors beside the checkout. Without them the test is skipped, and the skip is
/// recorded in `$LINNET_SKIP_LOG` so the closing tally shows it; under `LINNET_TESTS_REQUIRE` a
/// missing vector directory fails the test instead.
fn vectors_dir(test: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors/soci-golden");
    if dir.join("manifest.json").is_file() {
        return Some(dir);
    }
    let required = std::env::var("LINNET_TESTS_REQUIRE").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{test}: {} not found (LINNET_TESTS_REQUIRE is set)",
        dir.display()
    );
    println!("skipped: {test}: {} not found", dir.display());
    if let Some(log) = std::env::var_os("LINNET_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = fs::OpenOptions::new().append(true).create(true).open(log) {
            let _ = writeln!(f, "linnet-ztoc golden::{test}");
        }
    }
    None
}

struct Vector {
    name: String,
    input: String,
    span: u64,
}

fn vectors(dir: &Path) -> Vec<Vector> {
    let text = fs::read_to_string(dir.join("manifest.json")).expect("read manifest.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("parse manifest.json");
    v.as_array()
        .expect("manifest is an array")
        .iter()
        .map(|e| Vector {
            name: e["name"].as_str().expect("name").to_string(),
            input: e["input"].as_str().expect("input").to_string(),
            span: e["span"].as_u64().expect("span"),
        })
        .collect()
}

/// Describes the first difference between two ztocs to make failures readable.
fn explain(want: &Ztoc, got: &Ztoc) -> String {
    if want.toc.len() != got.toc.len() {
        return format!("toc length {} vs {}", want.toc.len(), got.toc.len());
    }
    for (a, b) in want.toc.iter().zip(&got.toc) {
        if a != b {
            return format!("entry differs:\n want {a:?}\n  got {b:?}");
        }
    }
    let (wc, gc) = (&want.compression, &got.compression);
    if wc.checkpoints != gc.checkpoints {
        let (wz, gz) = (want.gzip_zinfo(), got.gzip_zinfo());
        if let (Ok(wz), Ok(gz)) = (wz, gz) {
            let w: Vec<_> = wz
                .checkpoints
                .iter()
                .map(|c| (c.input, c.output, c.bits))
                .collect();
            let g: Vec<_> = gz
                .checkpoints
                .iter()
                .map(|c| (c.input, c.output, c.bits))
                .collect();
            return format!("checkpoints want {w:?} got {g:?}");
        }
        return "checkpoint blobs differ".into();
    }
    if wc.span_digests != gc.span_digests {
        return format!(
            "span digests {:?} vs {:?}",
            wc.span_digests, gc.span_digests
        );
    }
    format!(
        "header differs: want ({}, {}, {}, {}) got ({}, {}, {}, {})",
        want.compressed_archive_size,
        want.uncompressed_archive_size,
        wc.max_span_id,
        want.build_tool_identifier,
        got.compressed_archive_size,
        got.uncompressed_archive_size,
        gc.max_span_id,
        got.build_tool_identifier
    )
}

#[test]
fn golden_vectors_rebuild_byte_for_byte() {
    let Some(dir) = vectors_dir("golden_vectors_rebuild_byte_for_byte") else {
        return;
    };
    let mut failures = Vec::new();
    let all = vectors(&dir);
    for v in &all {
        let layer = fs::read(dir.join(&v.input)).expect("read layer");
        let golden = fs::read(dir.join(format!("{}.ztoc", v.name))).expect("read ztoc");
        let opts = BuildOptions {
            span_size: v.span,
            build_tool: "soci-oracle".into(),
            ..BuildOptions::default()
        };
        let built = match build(Cursor::new(&layer), &opts) {
            Ok(z) => z,
            Err(e) => {
                failures.push(format!("{}: build failed: {e}", v.name));
                continue;
            }
        };
        let bytes = built.to_bytes();
        let parsed = Ztoc::from_bytes(&golden).expect("parse golden");
        if bytes != golden {
            failures.push(format!("{}: {}", v.name, explain(&parsed, &built)));
        }
        // Parsing and re-serializing a golden ztoc is lossless.
        assert_eq!(
            parsed.to_bytes(),
            golden,
            "{}: re-serialized golden",
            v.name
        );
    }
    println!(
        "{}/{} golden ztocs identical",
        all.len() - failures.len(),
        all.len()
    );
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

#[test]
fn golden_extraction_matches_tar_reader() {
    let Some(dir) = vectors_dir("golden_extraction_matches_tar_reader") else {
        return;
    };
    for v in vectors(&dir) {
        let layer = fs::read(dir.join(&v.input)).expect("read layer");
        let golden = fs::read(dir.join(format!("{}.ztoc", v.name))).expect("read ztoc");
        let ztoc = Ztoc::from_bytes(&golden).expect("parse golden");
        let mut archive = tar::Archive::new(flate2::read::MultiGzDecoder::new(&layer[..]));
        let mut count = 0;
        let mut cursor = Cursor::new(&layer);
        for (i, entry) in archive.entries().expect("entries").enumerate() {
            let mut entry = entry.expect("entry");
            let meta = &ztoc.toc[i];
            let name = entry.path_bytes().into_owned();
            assert_eq!(
                meta.name.as_bytes(),
                &name[..],
                "{}: name of entry {i}",
                v.name
            );
            assert_eq!(
                meta.uncompressed_offset,
                entry.raw_file_position(),
                "{}: {}",
                v.name,
                meta.name
            );
            let mut want = Vec::new();
            entry.read_to_end(&mut want).expect("read entry");
            if meta.kind == FileType::Reg {
                let got = ztoc
                    .extract_file(&mut cursor, &meta.name)
                    .expect("extract file");
                assert_eq!(got, want, "{}: content of {}", v.name, meta.name);
                // A range in the middle of the file.
                if want.len() > 3 {
                    let part = ztoc
                        .extract(&mut cursor, meta, 1, want.len() as u64 - 2)
                        .expect("extract range");
                    assert_eq!(part, want[1..want.len() - 1], "{}: range", v.name);
                }
            }
            count += 1;
        }
        assert_eq!(count, ztoc.toc.len(), "{}: entry count", v.name);
        // Whole spans, decompressed from exactly their compressed bytes.
        let spans = ztoc.spans().expect("spans");
        let full = {
            let mut d = Vec::new();
            flate2::read::MultiGzDecoder::new(&layer[..])
                .read_to_end(&mut d)
                .expect("gunzip");
            d
        };
        for s in &spans {
            let comp = &layer[s.compressed_start as usize..s.compressed_end as usize];
            let got = ztoc.decompress_span(s.id, comp).expect("decompress span");
            assert_eq!(
                got,
                full[s.uncompressed_start as usize..s.uncompressed_end as usize],
                "{}: span {}",
                v.name,
                s.id
            );
        }
    }
}
