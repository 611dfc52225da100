//! Sending one logical request: authentication up front and after a 401, the response
//! (first byte) bound, and retries of transient failures within the budget of [`Limits`].
//! Kept apart from the endpoint methods in `lib.rs` because every endpoint goes through it.

use std::time::Duration;

use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::StatusCode;

use crate::limits::{self, RetryClock};
use crate::{
    challenges_of, error, header_u64, lock, url_authority, Body, Client, Error, Request, Target,
};

/// No overall deadline for a streamed upload (see [`Client::send`]).
const UPLOAD_SEND_BOUND: Duration = Duration::from_secs(u32::MAX as u64);

impl Client {
    /// Sends one HTTP request, bounded by the response (first byte) timeout.
    pub(crate) async fn timed_send(
        &self,
        host: &str,
        step: &str,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, Error> {
        let bound = self.inner.limits.response;
        match tokio::time::timeout(bound, builder.send()).await {
            Ok(Ok(resp)) => Ok(resp),
            Ok(Err(e)) => Err(error::transport_error(host, &e)),
            Err(_) => Err(Error::Stalled {
                host: host.to_string(),
                step: step.to_string(),
                what: "no response",
                waited: limits::human(bound),
            }),
        }
    }

    /// Sends a request with authentication: up front from the cache, and once more after a 401
    /// with a fresh token. Requests that can be repeated (all but streamed uploads) are retried
    /// with backoff on 5xx, 429 and broken connections within the retry budget; a stall is not.
    pub(crate) async fn send(&self, mut req: Request) -> Result<reqwest::Response, Error> {
        let conn = self.host_conn(&req.host)?;
        let base = self.base_url(&conn).await?;
        let url = match &req.target {
            Target::Path(p) => reqwest::Url::parse(&format!("{base}{p}"))
                .map_err(|e| Error::InvalidResponse(format!("invalid url {base}{p}: {e}")))?,
            Target::Url(u) => u.clone(),
        };
        let step = limits::step_of(&url);
        let same_host = url_authority(&url) == req.host;
        let repeatable = !matches!(req.body, Body::Stream(_));
        let mut authorization = if same_host {
            self.authorization(&req, false, None).await?
        } else {
            None
        };
        let mut reauthenticated = false;
        let mut clock = RetryClock::new(self.inner.limits);
        loop {
            let mut builder = conn
                .client
                .request(req.method.clone(), url.clone())
                .headers(req.headers.clone());
            if let Some(a) = &authorization {
                builder = builder.header(AUTHORIZATION, a);
            }
            builder = match &mut req.body {
                Body::Empty => builder,
                Body::Bytes(b) => builder.body(b.clone()),
                Body::Stream(s) => match s.take() {
                    Some(body) => builder.body(body),
                    None => {
                        return Err(Error::Unauthorized {
                            action: req.action,
                            target: req.subject.clone(),
                            host: req.host.clone(),
                            detail: "authentication was requested after the upload started"
                                .to_string(),
                        })
                    }
                },
            };
            // An upload's send includes sending its body, which may take long for a big layer:
            // only the socket read timeout bounds the wait for its answer.
            let bound = if repeatable {
                self.inner.limits.response
            } else {
                UPLOAD_SEND_BOUND
            };
            let resp = match tokio::time::timeout(bound, builder.send()).await {
                Err(_) => {
                    return Err(Error::Stalled {
                        host: req.host.clone(),
                        step,
                        what: "no response",
                        waited: limits::human(self.inner.limits.response),
                    })
                }
                Ok(Ok(r)) => r,
                Ok(Err(e)) if repeatable && is_connection_reset(&e) => match clock.next(None) {
                    Some(delay) => {
                        tracing::debug!("retrying {} {url} in {delay:?} after {e}", req.method);
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    None => return Err(error::transport_error(&req.host, &e)),
                },
                Ok(Err(e)) => return Err(error::transport_error(&req.host, &e)),
            };
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED && same_host && !reauthenticated {
                let challenges = challenges_of(&resp);
                if let Some(challenge) = challenges.into_iter().next() {
                    lock(&self.inner.challenges).insert(req.host.clone(), challenge.clone());
                    let fresh = self.authorization(&req, true, Some(challenge)).await?;
                    if fresh.is_some() {
                        authorization = fresh;
                        reauthenticated = true;
                        continue;
                    }
                }
            }
            let transient = status == StatusCode::TOO_MANY_REQUESTS
                || (status.is_server_error() && status != StatusCode::NOT_IMPLEMENTED);
            if transient && repeatable {
                let hint = (status == StatusCode::TOO_MANY_REQUESTS)
                    .then(|| retry_after(resp.headers()))
                    .flatten();
                if let Some(delay) = clock.next(hint) {
                    tracing::debug!("retrying {} {url} in {delay:?} after {status}", req.method);
                    drop(resp);
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            return Ok(resp);
        }
    }
}

/// A `Retry-After` given in seconds (the HTTP-date form is rare from registries and ignored).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_u64(headers, reqwest::header::RETRY_AFTER).map(Duration::from_secs)
}

pub(crate) fn is_connection_reset(err: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            ) {
                return true;
            }
        }
        if e.to_string()
            .contains("connection closed before message completed")
        {
            return true;
        }
        source = e.source();
    }
    false
}
