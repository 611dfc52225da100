//! Registry authentication pieces that need no network: `WWW-Authenticate` challenge parsing,
//! token-server responses, and the token cache.
//!
//! Registries answer an anonymous request with 401 and a challenge; `Basic` means "send the
//! password on every request", `Bearer` means "fetch a short-lived token from `realm` for this
//! `service` and `scope`". Tokens are cached per host and scope until shortly before they expire.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One parsed authentication challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Challenge {
    Basic,
    Bearer {
        realm: String,
        service: Option<String>,
        scope: Option<String>,
    },
}

/// Parses a `WWW-Authenticate` header value. Bearer is preferred when several challenges are
/// offered; unknown schemes are ignored.
pub(crate) fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut out = Vec::new();
    let mut scheme: Option<String> = None;
    let mut params: HashMap<String, String> = HashMap::new();
    let mut rest = header.trim();

    fn finish(
        out: &mut Vec<Challenge>,
        scheme: Option<String>,
        params: &mut HashMap<String, String>,
    ) {
        let params = std::mem::take(params);
        match scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("basic") => out.push(Challenge::Basic),
            Some("bearer") => {
                if let Some(realm) = params.get("realm").filter(|r| !r.is_empty()) {
                    out.push(Challenge::Bearer {
                        realm: realm.clone(),
                        service: params.get("service").cloned(),
                        scope: params.get("scope").cloned(),
                    });
                }
            }
            _ => {}
        }
    }

    while !rest.is_empty() {
        rest = rest.trim_start_matches([',', ' ', '\t']);
        if rest.is_empty() {
            break;
        }
        let token_end = rest
            .find(|c: char| c == '=' || c == ',' || c.is_whitespace())
            .unwrap_or(rest.len());
        let token = &rest[..token_end];
        let after = rest[token_end..].trim_start_matches([' ', '\t']);
        if let Some(value_part) = after.strip_prefix('=') {
            // key=value or key="quoted value"
            let value_part = value_part.trim_start();
            let (value, remaining) = if let Some(quoted) = value_part.strip_prefix('"') {
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => {
                            end = i + 1;
                            break;
                        }
                        _ => value.push(c),
                    }
                }
                (value, &quoted[end.min(quoted.len())..])
            } else {
                let end = value_part.find(',').unwrap_or(value_part.len());
                (value_part[..end].trim().to_string(), &value_part[end..])
            };
            params.insert(token.to_ascii_lowercase(), value);
            rest = remaining;
        } else {
            // A bare token starts a new challenge.
            finish(&mut out, scheme.take(), &mut params);
            scheme = Some(token.to_string());
            rest = after;
        }
    }
    finish(&mut out, scheme, &mut params);
    out.sort_by_key(|c| match c {
        Challenge::Bearer { .. } => 0,
        Challenge::Basic => 1,
    });
    out
}

/// A token server's JSON answer.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct TokenResponse {
    #[serde(default)]
    token: String,
    #[serde(default)]
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Default token lifetime when the server does not say (the distribution spec's 60 s).
const DEFAULT_EXPIRY: Duration = Duration::from_secs(60);
/// Renew a little before the server's deadline so in-flight requests do not race it.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

impl TokenResponse {
    /// The bearer token (`token`, or OAuth2's `access_token`), and when to stop using it.
    pub(crate) fn into_token(self, now: Instant) -> Option<CachedToken> {
        let value = if !self.token.is_empty() {
            self.token
        } else if !self.access_token.is_empty() {
            self.access_token
        } else {
            return None;
        };
        let lifetime = self
            .expires_in
            .filter(|s| *s > 0)
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_EXPIRY);
        let lifetime = lifetime.checked_sub(EXPIRY_MARGIN).unwrap_or(lifetime / 2);
        Some(CachedToken {
            value,
            expires: now + lifetime,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct CachedToken {
    pub(crate) value: String,
    pub(crate) expires: Instant,
}

/// Tokens by (host, scope string).
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    tokens: HashMap<(String, String), CachedToken>,
}

impl TokenCache {
    pub(crate) fn get(&mut self, host: &str, scope: &str, now: Instant) -> Option<String> {
        let key = (host.to_string(), scope.to_string());
        match self.tokens.get(&key) {
            Some(t) if t.expires > now => Some(t.value.clone()),
            Some(_) => {
                self.tokens.remove(&key);
                None
            }
            None => None,
        }
    }

    pub(crate) fn put(&mut self, host: &str, scope: &str, token: CachedToken) {
        self.tokens
            .insert((host.to_string(), scope.to_string()), token);
    }

    pub(crate) fn remove(&mut self, host: &str, scope: &str) {
        self.tokens.remove(&(host.to_string(), scope.to_string()));
    }
}

/// The access a request needs: `repository:<path>:pull[,push]`, plus extra scopes (a mount's
/// source repository).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    pub(crate) scopes: Vec<String>,
}

impl Scope {
    pub(crate) fn none() -> Scope {
        Scope { scopes: Vec::new() }
    }

    pub(crate) fn pull(repository: &str) -> Scope {
        Scope {
            scopes: vec![format!("repository:{repository}:pull")],
        }
    }

    pub(crate) fn push(repository: &str) -> Scope {
        Scope {
            scopes: vec![format!("repository:{repository}:pull,push")],
        }
    }

    pub(crate) fn with(mut self, extra: Scope) -> Scope {
        for s in extra.scopes {
            if !self.scopes.contains(&s) {
                self.scopes.push(s);
            }
        }
        self
    }

    /// Cache key: all scopes in a stable order.
    pub(crate) fn key(&self) -> String {
        let mut s = self.scopes.clone();
        s.sort();
        s.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bearer() {
        let c = parse_challenges(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull""#,
        );
        assert_eq!(
            c,
            vec![Challenge::Bearer {
                realm: "https://auth.docker.io/token".into(),
                service: Some("registry.docker.io".into()),
                scope: Some("repository:library/alpine:pull".into()),
            }]
        );
    }

    #[test]
    fn parses_basic_and_mixed() {
        assert_eq!(
            parse_challenges(r#"Basic realm="Registry Realm""#),
            vec![Challenge::Basic]
        );
        let c = parse_challenges(
            r#"Basic realm="x", Bearer realm="https://a/t", service=reg, error="invalid_token""#,
        );
        assert_eq!(c.len(), 2);
        assert!(matches!(&c[0], Challenge::Bearer { realm, service, .. }
            if realm == "https://a/t" && service.as_deref() == Some("reg")));
        assert_eq!(c[1], Challenge::Basic);
        assert!(parse_challenges("Negotiate").is_empty());
        assert!(parse_challenges("").is_empty());
        // Bearer without a realm is unusable.
        assert!(parse_challenges(r#"Bearer service="x""#).is_empty());
        // Escapes inside quotes.
        let c = parse_challenges(r#"bearer realm="http://h/t\"x""#);
        assert!(matches!(&c[0], Challenge::Bearer { realm, .. } if realm == "http://h/t\"x"));
    }

    #[test]
    fn token_expiry() {
        let now = Instant::now();
        let t: TokenResponse =
            serde_json::from_str(r#"{"token":"abc","expires_in":300}"#).expect("json");
        let t = t.into_token(now).expect("token");
        assert_eq!(t.value, "abc");
        assert_eq!(t.expires, now + Duration::from_secs(290));
        let t: TokenResponse = serde_json::from_str(r#"{"access_token":"xyz"}"#).expect("json");
        let t = t.into_token(now).expect("token");
        assert_eq!(t.value, "xyz");
        assert_eq!(t.expires, now + Duration::from_secs(50));
        let empty: TokenResponse = serde_json::from_str("{}").expect("json");
        assert!(empty.into_token(now).is_none());

        let mut cache = TokenCache::default();
        cache.put(
            "h",
            "s",
            CachedToken {
                value: "v".into(),
                expires: now + Duration::from_secs(5),
            },
        );
        assert_eq!(cache.get("h", "s", now).as_deref(), Some("v"));
        assert_eq!(cache.get("h", "s", now + Duration::from_secs(6)), None);
        assert_eq!(cache.get("h", "s", now), None);
    }

    #[test]
    fn scope_keys() {
        let s = Scope::push("a/b").with(Scope::pull("c"));
        assert_eq!(s.key(), "repository:a/b:pull,push repository:c:pull");
        assert_eq!(Scope::pull("x").with(Scope::pull("x")).scopes.len(), 1);
    }
}
