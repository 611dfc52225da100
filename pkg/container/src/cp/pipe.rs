//! Moving a tar stream between the two sides of a copy: a writer thread and an extractor joined
//! by a pipe (nothing is held in memory whole), and Docker's decompression of `cp -` input.

use std::fs::File;
use std::io::Read;

use super::CpError;

/// Docker takes a compressed archive on stdin too; gzip is read, the others are named.
pub(super) fn decompressed<I: Read + 'static>(input: I) -> Result<Box<dyn Read>, CpError> {
    let mut reader = std::io::BufReader::new(input);
    let head = std::io::BufRead::fill_buf(&mut reader).map_err(CpError::Tar)?;
    let unsupported = |what: &str| {
        CpError::Message(format!(
            "Error processing tar file: {what} compressed archives are not supported, use gzip or none"
        ))
    };
    if head.starts_with(&[0x1f, 0x8b]) {
        return Ok(Box::new(flate2::read::MultiGzDecoder::new(reader)));
    }
    if head.starts_with(b"BZh") {
        return Err(unsupported("bzip2"));
    }
    if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        return Err(unsupported("xz"));
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(unsupported("zstd"));
    }
    Ok(Box::new(reader))
}

/// Runs `produce` on its own thread writing into a pipe that `consume` reads. `consume` calls
/// its check before keeping what it extracted: a producer that failed half-way (a truncated
/// stream can look complete) makes the whole extraction roll back.
pub(super) fn pump<P, C>(produce: P, consume: C) -> Result<(), CpError>
where
    P: FnOnce(File) -> std::io::Result<()> + Send + 'static,
    C: FnOnce(File, &mut dyn FnMut() -> Result<(), CpError>) -> Result<(), CpError>,
{
    let (rx, tx) = nix::unistd::pipe().map_err(|e| CpError::Sys {
        op: "create",
        path: "a pipe".into(),
        source: e.into(),
    })?;
    let producer = std::thread::spawn(move || produce(File::from(tx)));
    let mut producer = Some(producer);
    let mut join = || -> Result<(), CpError> {
        match producer.take().map(|p| p.join()) {
            Some(Ok(Ok(()))) | None => Ok(()),
            Some(Ok(Err(e))) => Err(CpError::Sys {
                op: "read",
                path: "the source".into(),
                source: e,
            }),
            Some(Err(_)) => Err(CpError::Message("the archive writer failed".into())),
        }
    };
    let consumed = consume(File::from(rx), &mut join);
    // The reader is closed now: a producer still writing gets EPIPE and ends.
    let produced = join();
    match (consumed, produced) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(e), Ok(())) => Err(e),
        (Ok(()), Err(e)) => Err(e),
        // The producer's error explains a truncated stream, unless it only saw the pipe close.
        (Err(c), Err(CpError::Sys { source, .. }))
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            Err(c)
        }
        (Err(_), Err(p)) => Err(p),
    }
}
