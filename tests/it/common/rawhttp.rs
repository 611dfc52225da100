//! Writing to a plain registry without linnet (one HTTP/1.0 exchange per request, so no chunked
//! encoding and the server closes the connection), and the two pieces the fault-injecting
//! proxies of `pull_faults` and `lazy_compat` need to read requests. Tests push exactly the
//! bytes they mean (forged indexes, golden SOCI artifacts) this way, not through linnet's client.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::images;
use super::registry::{parse_response, HttpResponse};

/// One request with `body` to a plain registry at `host`; panics when the registry cannot be
/// reached or answers something that is not HTTP.
pub fn http(
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpResponse {
    let mut stream = TcpStream::connect(host).expect("connect to registry");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.0\r\nHost: {host}\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send request");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_response(&raw).unwrap_or_else(|e| {
        panic!(
            "{method} {path}: bad response ({e}): {:?}",
            String::from_utf8_lossy(&raw)
        )
    })
}

/// Monolithic blob upload (POST, then PUT with the digest); returns the digest.
pub fn push_blob(host: &str, repo: &str, data: &[u8]) -> String {
    let digest = images::digest_of(data);
    let start = http(
        host,
        "POST",
        &format!("/v2/{repo}/blobs/uploads/"),
        &[],
        b"",
    );
    assert_eq!(
        start.status,
        202,
        "start upload of {digest}: {}",
        start.text()
    );
    let location = start.header("location").expect("upload location");
    // The registry answers with an absolute URL; keep the path and query.
    let path = match location.find("://") {
        Some(i) => {
            let rest = &location[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..]).to_string()
        }
        None => location.to_string(),
    };
    let sep = if path.contains('?') { '&' } else { '?' };
    let done = http(
        host,
        "PUT",
        &format!("{path}{sep}digest={digest}"),
        &[("Content-Type", "application/octet-stream")],
        data,
    );
    assert_eq!(done.status, 201, "upload of {digest}: {}", done.text());
    digest
}

/// PUTs a manifest or index of `media_type` under `reference` (a tag or its digest).
pub fn put_manifest(host: &str, repo: &str, reference: &str, media_type: &str, body: &[u8]) {
    let resp = http(
        host,
        "PUT",
        &format!("/v2/{repo}/manifests/{reference}"),
        &[("Content-Type", media_type)],
        body,
    );
    assert_eq!(
        resp.status,
        201,
        "PUT manifest {reference}: {}",
        resp.text()
    );
}

/// Reads an HTTP request or response head, up to and including the blank line. `None` on EOF,
/// on a head over 64 KiB, or on a first byte no HTTP head starts with (a TLS ClientHello: linnet
/// probes https first).
pub fn read_head(stream: &mut impl Read) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
        if head.len() == 1 && !head[0].is_ascii_uppercase() {
            return None;
        }
        if head.len() > 64 << 10 {
            return None;
        }
    }
    Some(head)
}

/// The value of header `name` (any case) in a head read by [`read_head`].
pub fn head_header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}
