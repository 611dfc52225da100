//! Registry errors, each rendered as one readable line that says what failed and where.
//!
//! Registries explain failures in an `{"errors":[{"code","message"}]}` body; that text is carried
//! into the messages because it is usually the most useful part ("unauthorized: authentication
//! required", "manifest unknown").

use std::fmt;

/// What the caller was doing when access was refused, for Docker-like wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Pull,
    Push,
    Login,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Pull => "pull",
            Action::Push => "push",
            Action::Login => "login",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 401 after authenticating (or no usable credentials).
    #[error("{}", access_message(*action, target, detail))]
    Unauthorized {
        action: Action,
        /// The host for logins, else the repository (`localhost:5000/x`).
        target: String,
        host: String,
        detail: String,
    },
    /// 403: authenticated but not allowed.
    #[error("{}", access_message(*action, target, detail))]
    Denied {
        action: Action,
        target: String,
        host: String,
        detail: String,
    },
    #[error("{what}{reference}: not found")]
    NotFound {
        /// Empty for manifests, `"blob "` for blobs.
        what: &'static str,
        reference: String,
    },
    #[error("{}", http_message(*status, url, message))]
    Http {
        status: u16,
        url: String,
        message: String,
    },
    #[error("cannot reach registry {host}: {message}")]
    Connect { host: String, message: String },
    #[error("tls connection to registry {host} failed: {message}")]
    Tls { host: String, message: String },
    #[error("error reading from registry {host}: {message}")]
    Transfer { host: String, message: String },
    /// The registry stopped sending (no response headers, or a gap between body chunks) for
    /// longer than the configured bound.
    #[error("{step}: registry {host} sent {what} for {waited}")]
    Stalled {
        host: String,
        /// `blob sha256:…`, `manifest v1`, `blob upload`, …
        step: String,
        /// `no response` or `no data`.
        what: &'static str,
        waited: String,
    },
    #[error("digest mismatch: expected {expected}, got {actual}")]
    DigestMismatch { expected: String, actual: String },
    #[error("invalid response from registry: {0}")]
    InvalidResponse(String),
    /// A JSON document from or for the registry that cannot be read or written; `what` says
    /// which and is the message's start ("invalid referrers list", "cannot encode referrer").
    #[error("{what}: {source}")]
    Json {
        what: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("invalid registry configuration: {0}")]
    Config(String),
    #[error("{0}")]
    Credentials(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn access_message(action: Action, target: &str, detail: &str) -> String {
    match action {
        Action::Login => format!("login to {target} failed: {detail}"),
        _ => format!("{action} access denied for {target}: {detail}"),
    }
}

fn http_message(status: u16, url: &str, message: &str) -> String {
    if message.is_empty() {
        format!("unexpected status {status} from {url}")
    } else {
        format!("unexpected status {status} from {url}: {message}")
    }
}

impl Error {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// True for "does not exist" answers, so callers can fall back (e.g. try another tag).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }

    /// True for failures that may heal on another attempt: 5xx (but 501), 429, and a connection
    /// that broke mid-transfer. A stall is not transient: retrying a stalled registry would
    /// multiply the time it can hold a pull.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Http { status, .. } => *status == 429 || (*status >= 500 && *status != 501),
            Error::Transfer { .. } => true,
            _ => false,
        }
    }

    /// True when the registry stopped sending for longer than the idle or response bound.
    pub fn is_stalled(&self) -> bool {
        matches!(self, Error::Stalled { .. })
    }

    /// True for authentication and authorization failures.
    pub fn is_auth(&self) -> bool {
        matches!(self, Error::Unauthorized { .. } | Error::Denied { .. })
    }
}

/// The registry's error text from an OCI error body: `code: message` pairs (code lower-cased, as
/// Docker prints them), joined with "; ". Falls back to a short plain-text body.
pub(crate) fn registry_message(body: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(default)]
        errors: Vec<Entry>,
    }
    #[derive(serde::Deserialize)]
    struct Entry {
        #[serde(default)]
        code: String,
        #[serde(default)]
        message: String,
    }
    if let Ok(parsed) = serde_json::from_slice::<Body>(body) {
        let parts: Vec<String> = parsed
            .errors
            .iter()
            .map(|e| match (e.code.is_empty(), e.message.is_empty()) {
                (false, false) => format!("{}: {}", e.code.to_lowercase(), e.message),
                (false, true) => e.code.to_lowercase().replace('_', " "),
                (true, _) => e.message.clone(),
            })
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            return parts.join("; ");
        }
    }
    // Token servers: Docker's `{"details": ...}` or OAuth2's `error`/`error_description`.
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) {
        for key in ["details", "error_description", "error", "message"] {
            if let Some(text) = map
                .get(key)
                .and_then(|v| v.as_str())
                .filter(|t| !t.is_empty())
            {
                return text.to_string();
            }
        }
    }
    // Token servers and proxies answer with plain text or HTML; keep short text only.
    let text = String::from_utf8_lossy(body);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() && text.len() <= 200 && !text.starts_with('<') {
        text
    } else {
        String::new()
    }
}

/// Turns a reqwest transport failure into `Connect` or `Tls` with the root cause as the message
/// ("connection refused", "invalid peer certificate: UnknownIssuer").
pub(crate) fn transport_error(host: &str, err: &reqwest::Error) -> Error {
    if let Some(tls) = find_rustls(err) {
        return Error::Tls {
            host: host.to_string(),
            message: tls.to_string(),
        };
    }
    if err.is_timeout() {
        return Error::Connect {
            host: host.to_string(),
            message: "connection timed out".to_string(),
        };
    }
    let mut root = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        root = e.to_string();
        source = e.source();
    }
    let message = clean_io_message(&root);
    if err.is_connect() {
        Error::Connect {
            host: host.to_string(),
            message,
        }
    } else {
        Error::Transfer {
            host: host.to_string(),
            message,
        }
    }
}

/// The rustls error behind a transport failure, looking inside `io::Error` wrappers explicitly
/// because `io::Error::source` skips the error it wraps.
fn find_rustls<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = err.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    if let Some(inner) = err
        .downcast_ref::<std::io::Error>()
        .and_then(|io| io.get_ref())
    {
        if let Some(tls) = find_rustls(inner) {
            return Some(tls);
        }
    }
    err.source().and_then(find_rustls)
}

/// "Connection refused (os error 111)" -> "connection refused".
fn clean_io_message(message: &str) -> String {
    let trimmed = match message.find(" (os error") {
        Some(i) => &message[..i],
        None => message,
    };
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_registry_error_bodies() {
        let body = br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#;
        assert_eq!(
            registry_message(body),
            "unauthorized: authentication required"
        );
        let two = br#"{"errors":[{"code":"DENIED","message":"no"},{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}"#;
        assert_eq!(
            registry_message(two),
            "denied: no; name_unknown: repository name not known to registry"
        );
        assert_eq!(
            registry_message(b"404 page not found\n"),
            "404 page not found"
        );
        assert_eq!(registry_message(b"<html>...</html>"), "");
    }

    #[test]
    fn messages_are_one_line() {
        let e = Error::Unauthorized {
            action: Action::Pull,
            target: "localhost:5000/x".into(),
            host: "localhost:5000".into(),
            detail: "unauthorized: authentication required".into(),
        };
        assert_eq!(
            e.to_string(),
            "pull access denied for localhost:5000/x: unauthorized: authentication required"
        );
        let e = Error::NotFound {
            what: "",
            reference: "localhost:5000/x:v1".into(),
        };
        assert_eq!(e.to_string(), "localhost:5000/x:v1: not found");
        assert_eq!(
            clean_io_message("Connection refused (os error 111)"),
            "connection refused"
        );
    }
}
