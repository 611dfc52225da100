//! Docker's time arguments (`events --since/--until`, `logs --since/--until`): an RFC 3339 time
//! or a prefix of one (`2026-12-03`, `2026-12-03T16:05`), a Unix timestamp (`1796313956`,
//! `1796313956.5`), or a Go duration counted back from now (`10m`, `1h30m`, `0s`), as
//! `pkg/timetypes.GetTimestamp` reads them. Times without a zone are local.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::Error;

/// Parses `value` relative to `now`.
pub fn parse(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
    let value = value.trim();
    if value != "0" {
        if let Some(d) = parse_go_duration(value) {
            return Ok(now - d);
        }
    }
    if let Some(t) = parse_rfc3339_like(value) {
        return Ok(t);
    }
    if value.contains('-') && !value.starts_with('-') {
        return Err(Error::InvalidArgument(format!(
            "parsing time {value:?}: cannot parse as RFC 3339"
        )));
    }
    parse_unix(value).ok_or_else(|| {
        Error::InvalidArgument(format!(
            "failed to parse value as time or duration: {value:?}"
        ))
    })
}

/// Go's `time.ParseDuration`: `[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)` repeated.
pub fn parse_go_duration(text: &str) -> Option<chrono::Duration> {
    let (negative, mut rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Some(chrono::Duration::zero());
    }
    if rest.is_empty() {
        return None;
    }
    let mut total_nanos: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." {
            return None;
        }
        let n: f64 = number.parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total_nanos += n * scale;
    }
    let nanos = total_nanos.round() as i64;
    Some(chrono::Duration::nanoseconds(if negative {
        -nanos
    } else {
        nanos
    }))
}

/// RFC 3339 and the shorter forms Docker accepts (date; date and hour; date, hour and minute),
/// with or without a zone.
fn parse_rfc3339_like(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    let local = |naive: NaiveDateTime| {
        Local
            .from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(value, format) {
            return local(naive);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return local(date.and_hms_opt(0, 0, 0)?);
    }
    // Zoned short forms: `2026-12-03T16Z`, `2026-12-03T16:05+01:00`, `2026-12-03Z`.
    for (format, pad) in [("%Y-%m-%dT%H:%M%#z", ""), ("%Y-%m-%dT%H:%M%#z", ":00")] {
        let (head, zone) = split_zone(value)?;
        let text = if pad.is_empty() {
            format!("{head}{zone}")
        } else {
            format!("{head}{pad}{zone}")
        };
        if let Ok(t) = DateTime::parse_from_str(&text, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    let (head, zone) = split_zone(value)?;
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    let text = format!("{}T00:00{zone}", date.format("%Y-%m-%d"));
    DateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M%#z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Splits a trailing zone (`Z`, `+01:00`, `-0500`) off a date-time text.
fn split_zone(value: &str) -> Option<(&str, String)> {
    if let Some(head) = value.strip_suffix(['Z', 'z']) {
        return Some((head, "+00:00".to_string()));
    }
    // The zone sign comes after the date's own dashes.
    let start = value
        .find('T')
        .map(|t| t + 1)
        .unwrap_or(10.min(value.len()));
    let pos = value[start..].rfind(['+', '-'])? + start;
    Some((&value[..pos], value[pos..].to_string()))
}

/// `seconds[.fraction]` since the epoch.
fn parse_unix(value: &str) -> Option<DateTime<Utc>> {
    let (secs, frac) = match value.split_once('.') {
        Some((s, f)) => (s, f),
        None => (value, ""),
    };
    let secs: i64 = secs.parse().ok()?;
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        format!("{frac:0<9}").parse().ok()?
    };
    Utc.timestamp_opt(secs, nanos).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-03T16:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn durations() {
        assert_eq!(parse("10m", now()).unwrap(), at("2026-12-03T15:50:00Z"));
        assert_eq!(parse("1h30m", now()).unwrap(), at("2026-12-03T14:30:00Z"));
        assert_eq!(parse("1.5h", now()).unwrap(), at("2026-12-03T14:30:00Z"));
        assert_eq!(parse("0s", now()).unwrap(), now());
        assert_eq!(parse("-1h", now()).unwrap(), at("2026-12-03T17:00:00Z"));
        assert!(parse_go_duration("10x").is_none());
        assert!(parse_go_duration("m").is_none());
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse("0", now()).unwrap(), at("1970-01-01T00:00:00Z"));
        assert_eq!(
            parse("1796313956.5", now()).unwrap(),
            at("2026-12-03T16:05:56.5Z")
        );
        assert_eq!(
            parse("2026-12-03T16:05:56.123456789Z", now()).unwrap(),
            at("2026-12-03T16:05:56.123456789Z")
        );
        assert_eq!(
            parse("2026-12-03T17:05:56+01:00", now()).unwrap(),
            at("2026-12-03T16:05:56Z")
        );
        assert_eq!(
            parse("2026-12-03T16:05Z", now()).unwrap(),
            at("2026-12-03T16:05:00Z")
        );
        assert_eq!(
            parse("2026-12-03Z", now()).unwrap(),
            at("2026-12-03T00:00:00Z")
        );
        assert!(parse("2026-13-03", now()).is_err());
        assert!(parse("soon", now()).is_err());
    }
}

/// A `--since`/`--until` window; either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl Window {
    /// Parses the flags against `now`.
    pub fn parse(
        since: Option<&str>,
        until: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Window, Error> {
        let flag = |name: &str, value: Option<&str>| {
            value
                .map(|v| parse(v, now))
                .transpose()
                .map_err(|e| Error::InvalidArgument(format!("invalid value for {name:?}: {e}")))
        };
        Ok(Window {
            since: flag("since", since)?,
            until: flag("until", until)?,
        })
    }

    /// Whether an RFC 3339 time (a log entry's) falls in the window; unreadable times do when
    /// the window is open.
    pub fn contains_text(&self, time: &str) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        match DateTime::parse_from_rfc3339(time) {
            Ok(t) => self.contains(t.with_timezone(&Utc)),
            Err(_) => false,
        }
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }

    /// Whether the window's end is behind `now` (following can stop).
    pub fn ended(&self, now: DateTime<Utc>) -> bool {
        self.until.is_some_and(|u| now > u)
    }
}
