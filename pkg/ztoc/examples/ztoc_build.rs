//! Builds a ztoc for a layer file and reports throughput; `--gunzip` instead times a plain
//! single-threaded gunzip (flate2 on zlib-rs) of the same file as a baseline.
//!
//! `cargo run --release -p linnet-ztoc --example ztoc_build -- LAYER [SPAN] [OUT.ztoc]`

#![allow(clippy::unwrap_used, clippy::expect_used)] // test/example code may panic

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: ztoc_build LAYER [SPAN|--gunzip] [OUT]".into());
    };
    let file = BufReader::with_capacity(1 << 20, File::open(path)?);
    let start = Instant::now();
    if args.get(1).map(String::as_str) == Some("--gunzip") {
        let n = io::copy(
            &mut flate2::read::MultiGzDecoder::new(file),
            &mut io::sink(),
        )?;
        let secs = start.elapsed().as_secs_f64();
        println!(
            "gunzip: {n} bytes in {secs:.3}s = {:.0} MB/s",
            n as f64 / secs / 1e6
        );
        return Ok(());
    }
    let span = match args.get(1) {
        Some(s) => s.parse()?,
        None => linnet_ztoc::DEFAULT_SPAN_SIZE,
    };
    let opts = linnet_ztoc::BuildOptions {
        span_size: span,
        ..Default::default()
    };
    let z = linnet_ztoc::build(file.take(u64::MAX), &opts)?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = z.to_bytes();
    println!(
        "ztoc: {} entries, {} spans, {} -> {} bytes in {secs:.3}s = {:.0} MB/s uncompressed; ztoc {} bytes",
        z.toc.len(),
        z.compression.max_span_id + 1,
        z.compressed_archive_size,
        z.uncompressed_archive_size,
        z.uncompressed_archive_size as f64 / secs / 1e6,
        bytes.len()
    );
    if let Some(out) = args.get(2) {
        std::fs::write(out, bytes)?;
    }
    Ok(())
}
