//! Time bounds and retry policy for registry requests.
//!
//! A registry that stops sending must not hang a pull forever, yet a multi-gigabyte layer has no
//! sensible overall deadline. So every request is bounded in three places that do not depend on
//! size: connecting, waiting for the response headers (time to first byte), and the gap between
//! two body chunks (idle). Transient failures (5xx, 429, reset connections, premature EOF) are
//! retried with exponential backoff within a total budget; a stall is not retried, so a stalled
//! registry fails after one idle timeout. The bounds can be shortened through environment
//! variables so tests can provoke them quickly.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};

use crate::Error;

/// `LINNET_REGISTRY_CONNECT_TIMEOUT` (seconds, fractions allowed).
pub const CONNECT_TIMEOUT_ENV: &str = "LINNET_REGISTRY_CONNECT_TIMEOUT";
/// `LINNET_REGISTRY_RESPONSE_TIMEOUT`: time from sending a request to its response headers.
pub const RESPONSE_TIMEOUT_ENV: &str = "LINNET_REGISTRY_RESPONSE_TIMEOUT";
/// `LINNET_REGISTRY_IDLE_TIMEOUT`: longest gap between two chunks of a response body.
pub const IDLE_TIMEOUT_ENV: &str = "LINNET_REGISTRY_IDLE_TIMEOUT";
/// `LINNET_REGISTRY_RETRY_BUDGET`: total time spent retrying transient failures of one request.
pub const RETRY_BUDGET_ENV: &str = "LINNET_REGISTRY_RETRY_BUDGET";

/// The bounds of one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub connect: Duration,
    pub response: Duration,
    pub idle: Duration,
    /// Total time retries of one request may take (sleeps included).
    pub retry_budget: Duration,
    /// First backoff; doubled per retry up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(30),
            response: Duration::from_secs(30),
            idle: Duration::from_secs(30),
            retry_budget: Duration::from_secs(15),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
        }
    }
}

impl Limits {
    /// The defaults with any `LINNET_REGISTRY_*` overrides; unparsable values are ignored.
    pub fn from_env() -> Limits {
        let mut limits = Limits::default();
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64)
        };
        if let Some(d) = read(CONNECT_TIMEOUT_ENV) {
            limits.connect = d;
        }
        if let Some(d) = read(RESPONSE_TIMEOUT_ENV) {
            limits.response = d;
        }
        if let Some(d) = read(IDLE_TIMEOUT_ENV) {
            limits.idle = d;
        }
        if let Some(d) = read(RETRY_BUDGET_ENV) {
            limits.retry_budget = d;
        }
        limits
    }

    /// The sleep before retry number `retry` (0-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        self.initial_backoff
            .saturating_mul(1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX))
            .min(self.max_backoff)
    }
}

/// Retries of one operation within a budget that starts with its first attempt.
#[derive(Debug)]
pub struct RetryClock {
    limits: Limits,
    started: Instant,
    retries: u32,
}

impl RetryClock {
    pub fn new(limits: Limits) -> RetryClock {
        RetryClock {
            limits,
            started: Instant::now(),
            retries: 0,
        }
    }

    /// The next sleep if the budget allows one more attempt after it; `hint` (a Retry-After)
    /// replaces the backoff when given.
    pub fn next(&mut self, hint: Option<Duration>) -> Option<Duration> {
        let delay = hint.unwrap_or_else(|| self.limits.backoff(self.retries));
        if self.started.elapsed() + delay > self.limits.retry_budget {
            return None;
        }
        self.retries += 1;
        Some(delay)
    }

    pub fn retries(&self) -> u32 {
        self.retries
    }
}

/// "30s", "1.5s", "250ms".
pub(crate) fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// What a request is doing, for messages: `blob sha256:…`, `manifest v1`, `upload`, `token`.
pub(crate) fn step_of(url: &reqwest::Url) -> String {
    let path = url.path();
    if path.contains("/blobs/uploads") {
        return "blob upload".to_string();
    }
    if let Some((_, digest)) = path.rsplit_once("/blobs/") {
        return format!("blob {digest}");
    }
    if let Some((_, object)) = path.rsplit_once("/manifests/") {
        return format!("manifest {object}");
    }
    if path.ends_with("/referrers") || path.contains("/referrers/") {
        return "referrers".to_string();
    }
    if path == "/v2/" || path == "/v2" {
        return "ping".to_string();
    }
    // Anything else on a registry client is a token realm or a redirected blob store.
    format!("request {}", url.path())
}

/// A body stream that fails with [`Error::Stalled`] when no chunk arrives within `idle`, and
/// maps transport errors to [`Error::Transfer`] naming the host.
pub(crate) fn idle_bounded(
    resp: reqwest::Response,
    host: String,
    idle: Duration,
) -> BoxStream<'static, Result<Bytes, Error>> {
    let step = step_of(resp.url());
    let inner = resp.bytes_stream();
    futures::stream::unfold(
        (inner, host, step, false),
        move |(mut inner, host, step, done)| async move {
            if done {
                return None;
            }
            match tokio::time::timeout(idle, inner.next()).await {
                Err(_) => {
                    let err = Error::Stalled {
                        host: host.clone(),
                        step: step.clone(),
                        waited: human(idle),
                        what: "no data",
                    };
                    Some((Err(err), (inner, host, step, true)))
                }
                Ok(None) => None,
                Ok(Some(Ok(chunk))) => Some((Ok(chunk), (inner, host, step, false))),
                Ok(Some(Err(e))) => {
                    let err = crate::error::transport_error(&host, &e);
                    Some((Err(err), (inner, host, step, true)))
                }
            }
        },
    )
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let l = Limits::default();
        assert_eq!(l.backoff(0), Duration::from_millis(250));
        assert_eq!(l.backoff(1), Duration::from_millis(500));
        assert_eq!(l.backoff(10), Duration::from_secs(4));
        assert_eq!(l.backoff(100), Duration::from_secs(4));
    }

    #[test]
    fn budget_is_total() {
        let l = Limits {
            retry_budget: Duration::from_millis(1000),
            ..Limits::default()
        };
        let mut clock = RetryClock::new(l);
        // 250 + 500 fit, the third (1000) does not.
        assert_eq!(clock.next(None), Some(Duration::from_millis(250)));
        assert_eq!(clock.next(None), Some(Duration::from_millis(500)));
        assert_eq!(clock.next(None), None);
        assert_eq!(clock.next(Some(Duration::from_secs(5))), None);
    }

    #[test]
    fn steps_and_durations() {
        let u = |s: &str| reqwest::Url::parse(s).expect("url");
        assert_eq!(
            step_of(&u("http://h/v2/a/b/blobs/sha256:ab")),
            "blob sha256:ab"
        );
        assert_eq!(step_of(&u("http://h/v2/a/manifests/v1")), "manifest v1");
        assert_eq!(
            step_of(&u("http://h/v2/a/blobs/uploads/123?x")),
            "blob upload"
        );
        assert_eq!(human(Duration::from_secs(30)), "30s");
        assert_eq!(human(Duration::from_millis(1500)), "1.5s");
        assert_eq!(human(Duration::from_millis(250)), "250ms");
    }
}
