//! Reading response bodies within the idle bound, and turning failed responses into errors.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::stream::{BoxStream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::error::{self, Action};
use crate::limits;
use crate::Error;

/// How long an error response's body is awaited for its message.
const ERROR_BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// Maps a failed response to an error, including the registry's own message.
pub(crate) async fn status_error(
    resp: reqwest::Response,
    action: Action,
    target: &str,
    host: &str,
    what: &'static str,
    subject: &str,
) -> Error {
    let status = resp.status();
    let url = resp.url().to_string();
    // The error body is only decoration: a registry that stalls it must not hold the error.
    let body = tokio::time::timeout(ERROR_BODY_TIMEOUT, resp.bytes())
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or_default();
    let message = error::registry_message(&body);
    match status {
        StatusCode::UNAUTHORIZED => Error::Unauthorized {
            action,
            target: target.to_string(),
            host: host.to_string(),
            detail: if message.is_empty() {
                "unauthorized: authentication required".to_string()
            } else {
                message
            },
        },
        StatusCode::FORBIDDEN => Error::Denied {
            action,
            target: target.to_string(),
            host: host.to_string(),
            detail: if message.is_empty() {
                "denied: requested access to the resource is denied".to_string()
            } else {
                message
            },
        },
        StatusCode::NOT_FOUND => Error::NotFound {
            what,
            reference: subject.to_string(),
        },
        _ => Error::Http {
            status: status.as_u16(),
            url,
            message,
        },
    }
}

pub(crate) fn header_u64(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// Start offset of a `Content-Range: bytes a-b/total` header.
pub(crate) fn content_range_start(headers: &HeaderMap) -> Option<u64> {
    let v = headers.get(reqwest::header::CONTENT_RANGE)?.to_str().ok()?;
    let range = v.trim().strip_prefix("bytes")?.trim_start();
    range.split('-').next()?.trim().parse().ok()
}

/// Reads a whole body, refusing more than `limit` bytes.
pub(crate) async fn read_limited(
    resp: reqwest::Response,
    host: &str,
    limit: usize,
    idle: Duration,
) -> Result<Bytes, Error> {
    if let Some(len) = resp.content_length() {
        if len > limit as u64 {
            return Err(Error::InvalidResponse(format!(
                "response from {host} is too large ({len} bytes, limit {limit})"
            )));
        }
    }
    let mut out = BytesMut::new();
    let mut stream = limits::idle_bounded(resp, host.to_string(), idle);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if out.len() + chunk.len() > limit {
            return Err(Error::InvalidResponse(format!(
                "response from {host} is larger than {limit} bytes"
            )));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out.freeze())
}

/// The body as a stream with the first `skip` bytes dropped (for registries that ignore Range).
pub(crate) fn skip_bytes(
    resp: reqwest::Response,
    host: String,
    skip: u64,
    idle: Duration,
) -> BoxStream<'static, Result<Bytes, Error>> {
    let mut remaining = skip;
    limits::idle_bounded(resp, host, idle)
        .filter_map(move |chunk| {
            let out = match chunk {
                Err(e) => Some(Err(e)),
                Ok(mut b) => {
                    if remaining > 0 {
                        let n = remaining.min(b.len() as u64) as usize;
                        b = b.slice(n..);
                        remaining -= n as u64;
                    }
                    (!b.is_empty()).then_some(Ok(b))
                }
            };
            futures::future::ready(out)
        })
        .boxed()
}

/// Exactly `len` bytes at `offset` from a 206 (or a 200 with the whole blob).
pub(crate) async fn range_body(
    resp: reqwest::Response,
    host: &str,
    subject: &str,
    offset: u64,
    len: u64,
    idle: Duration,
) -> Result<Bytes, Error> {
    let partial = resp.status() == StatusCode::PARTIAL_CONTENT;
    if partial && content_range_start(resp.headers()) != Some(offset) {
        return Err(Error::InvalidResponse(format!(
            "registry {host} returned the wrong range of {subject}"
        )));
    }
    let skip = if partial { 0 } else { offset };
    let want = usize::try_from(len)
        .map_err(|_| Error::InvalidResponse(format!("range of {len} bytes is too large")))?;
    let mut out = BytesMut::with_capacity(want.min(16 << 20));
    let mut stream = skip_bytes(resp, host.to_string(), skip, idle);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let take = (want - out.len()).min(chunk.len());
        out.extend_from_slice(&chunk[..take]);
        if out.len() == want {
            break;
        }
    }
    if out.len() != want {
        return Err(Error::InvalidResponse(format!(
            "short read of {subject}: wanted {want} bytes at {offset}, got {}",
            out.len()
        )));
    }
    Ok(out.freeze())
}
