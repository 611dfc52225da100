//! Docker's `--filter` vocabulary for `images` and the prunes, so that scripts written for Docker
//! select the same objects: `dangling=`, `reference=` (Go's `path.Match` glob on `repo[:tag]`),
//! `label=`/`label!=`, `before=`/`since=` and `until=` (Docker's time syntax: durations, RFC 3339
//! forms, Unix timestamps). Pure; the listing and prune code apply these.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    /// Docker: `Invalid filter 'foo'`.
    #[error("invalid filter '{0}'")]
    Invalid(String),
    /// A flag without `=`; the argument as given.
    #[error("bad format of filter (expected name=value)")]
    Format(String),
    #[error("failed to parse value as time or duration: {0:?}")]
    Time(String),
}

/// `key=value` pairs of repeated `--filter` flags, checked against the keys a command accepts.
/// `label!=x` is kept as the key `label!`.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pairs: Vec<(String, String)>,
}

impl Filters {
    /// Parses `key=value` flags (keys case-insensitive, as Docker's), refusing keys outside
    /// `allowed`.
    pub fn parse(args: &[String], allowed: &[&str]) -> Result<Filters, FilterError> {
        let mut pairs = Vec::new();
        for arg in args {
            let (key, value) = arg
                .split_once('=')
                .ok_or_else(|| FilterError::Format(arg.clone()))?;
            let key = key.trim().to_ascii_lowercase();
            if !allowed.contains(&key.as_str()) {
                return Err(FilterError::Invalid(key));
            }
            pairs.push((key, value.to_string()));
        }
        Ok(Filters { pairs })
    }

    pub fn values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `dangling=true|false|1|0`; Docker rejects anything else.
    pub fn dangling(&self) -> Result<Option<bool>, FilterError> {
        let mut out = None;
        for v in self.values("dangling") {
            out = Some(match v.to_ascii_lowercase().as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => return Err(FilterError::Invalid(format!("dangling=[{v}]"))),
            });
        }
        Ok(out)
    }

    /// The `until=` bound: objects created after it are kept. The latest of several wins.
    pub fn until(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, FilterError> {
        let mut out = None;
        for v in self.values("until") {
            let t = crate::timespec::parse(v, now).map_err(|_| FilterError::Time(v.to_string()))?;
            out = Some(t);
        }
        Ok(out)
    }

    /// The `label=`/`label!=` conditions, all of which must hold.
    pub fn labels(&self) -> LabelFilter {
        let parse = |v: &str| match v.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (v.to_string(), None),
        };
        LabelFilter {
            want: self.values("label").map(parse).collect(),
            reject: self.values("label!").map(parse).collect(),
        }
    }

    /// Docker renders the filters of `system prune` under its warning as `  - key=value`,
    /// sorted.
    pub fn describe(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .pairs
            .iter()
            .map(|(k, v)| match k.strip_suffix('!') {
                Some(k) => format!("{k}!={v}"),
                None => format!("{k}={v}"),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Docker's `label=KEY[=VALUE]` (all must match) and `label!=KEY[=VALUE]` (none may match).
#[derive(Debug, Clone, Default)]
pub struct LabelFilter {
    want: Vec<(String, Option<String>)>,
    reject: Vec<(String, Option<String>)>,
}

impl LabelFilter {
    pub fn matches<S: std::hash::BuildHasher>(&self, labels: &HashMap<String, String, S>) -> bool {
        let hit = |(k, v): &(String, Option<String>)| match (labels.get(k), v) {
            (Some(_), None) => true,
            (Some(have), Some(want)) => have == want,
            (None, _) => false,
        };
        self.want.iter().all(hit) && !self.reject.iter().any(hit)
    }

    pub fn is_empty(&self) -> bool {
        self.want.is_empty() && self.reject.is_empty()
    }
}

/// Go's `path.Match`: `*` (any run without `/`), `?`, `[...]` classes with ranges and `^`,
/// and `\` escapes. A malformed pattern matches nothing.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob_at(&p, &n)
}

fn glob_at(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => {
            let rest = &p[1..];
            for i in 0..=n.len() {
                if glob_at(rest, &n[i..]) {
                    return true;
                }
                if i < n.len() && n[i] == '/' {
                    return false;
                }
            }
            false
        }
        Some('?') => matches!(n.first(), Some(c) if *c != '/') && glob_at(&p[1..], &n[1..]),
        Some('[') => {
            let Some(&c) = n.first() else { return false };
            match class_match(&p[1..], c) {
                Some((true, used)) if c != '/' => glob_at(&p[1 + used..], &n[1..]),
                _ => false,
            }
        }
        Some('\\') => match (p.get(1), n.first()) {
            (Some(a), Some(b)) if a == b => glob_at(&p[2..], &n[1..]),
            _ => false,
        },
        Some(a) => n.first() == Some(a) && glob_at(&p[1..], &n[1..]),
    }
}

/// Matches `c` against the class starting after `[`; returns (matched, pattern chars used
/// including the closing `]`), or None when the class is malformed.
fn class_match(p: &[char], c: char) -> Option<(bool, usize)> {
    let mut i = 0;
    let negate = p.first() == Some(&'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let lo = *p.get(i)?;
        if lo == ']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        let lo = if lo == '\\' {
            i += 1;
            *p.get(i)?
        } else {
            lo
        };
        i += 1;
        let mut hi = lo;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&h| h != ']') {
            hi = if p[i + 1] == '\\' {
                i += 1;
                *p.get(i + 1)?
            } else {
                p[i + 1]
            };
            i += 2;
        }
        if lo <= c && c <= hi {
            matched = true;
        }
    }
}

/// Docker's `reference.FamiliarMatch`: the pattern against `repo:tag` (or `repo@digest`), then
/// against the bare repository.
pub fn reference_match(pattern: &str, familiar_string: &str, familiar_name: &str) -> bool {
    glob_match(pattern, familiar_string) || glob_match(pattern, familiar_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn until_takes_dockers_time_syntax() {
        let f = Filters::parse(&["until=1h30m".to_string()], &["until"]).unwrap();
        assert_eq!(
            f.until(now()).unwrap().unwrap().to_rfc3339(),
            "2026-01-10T10:30:00+00:00"
        );
        let f = Filters::parse(&["until=bogus".to_string()], &["until"]).unwrap();
        assert_eq!(
            f.until(now()).unwrap_err().to_string(),
            "failed to parse value as time or duration: \"bogus\""
        );
    }

    #[test]
    fn globs_follow_path_match() {
        assert!(glob_match("busy*", "busybox"));
        assert!(glob_match("*:latest", "busybox:latest"));
        assert!(!glob_match("*", "library/busybox"));
        assert!(glob_match("*/*", "library/busybox"));
        assert!(glob_match("b?sy[a-z]ox", "busybox"));
        assert!(!glob_match("b[^u]sybox", "busybox"));
        assert!(glob_match("a\\*b", "a*b"));
        assert!(!glob_match("[", "a"));
        assert!(reference_match("busybox", "busybox:latest", "busybox"));
    }

    #[test]
    fn filters_check_keys_and_values() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let err = Filters::parse(&args(&["foo=bar"]), &["label"]).unwrap_err();
        assert_eq!(err.to_string(), "invalid filter 'foo'");
        assert_eq!(
            Filters::parse(&args(&["label"]), &["label"]).unwrap_err(),
            FilterError::Format("label".to_string())
        );
        let f = Filters::parse(&args(&["dangling=maybe"]), &["dangling"]).unwrap();
        assert_eq!(
            f.dangling().unwrap_err().to_string(),
            "invalid filter 'dangling=[maybe]'"
        );
        let f = Filters::parse(&args(&["label=a=1", "label!=b"]), &["label", "label!"]).unwrap();
        let labels = f.labels();
        let mut map = HashMap::new();
        map.insert("a".to_string(), "1".to_string());
        assert!(labels.matches(&map));
        map.insert("b".to_string(), "x".to_string());
        assert!(!labels.matches(&map));
        map.remove("b");
        map.insert("a".to_string(), "2".to_string());
        assert!(!labels.matches(&map));
    }
}
