//! Docker's time arguments, parsed once for every command that takes them (`events --since/
//! --until`, `logs --since/--until`, the prunes' `until=` filter): Docker CLI's
//! `pkg/timetypes.GetTimestamp`. A Go duration counted back from now (`10m`, `1h30m`, `-1h`), an
//! RFC 3339 time or one of its shorter forms (`2006-01-02`, `2006-01-02T15`, `2006-01-02T15:04`,
//! fractional seconds), local when it carries no zone, or Unix seconds with an optional fraction
//! (`1234567890.123456789`). Pure.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TimeError {
    /// Looked like an RFC 3339 time (it has a `-`) but is not one; Docker reports Go's parse error.
    #[error("parsing time {0:?}: cannot parse as RFC 3339")]
    Rfc3339(String),
    #[error("failed to parse value as time or duration: {0:?}")]
    Unreadable(String),
}

/// Parses `value` relative to `now`, by Docker's rules.
pub fn parse(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, TimeError> {
    if value != "0" {
        if let Some(d) = go_duration(value) {
            return now
                .checked_sub_signed(d)
                .ok_or_else(|| TimeError::Unreadable(value.to_string()));
        }
    }
    // Docker: a `z`, `Z` or `+`, or three dashes, means the text carries its zone.
    let zoned = value.contains(['z', 'Z', '+']) || value.matches('-').count() == 3;
    if let Some(t) = if zoned {
        with_zone(value)
    } else {
        local(value)
    } {
        return Ok(t);
    }
    if value.contains('-') {
        return Err(TimeError::Rfc3339(value.to_string()));
    }
    unix(value).ok_or_else(|| TimeError::Unreadable(value.to_string()))
}

/// A time without zone, in the local zone.
fn local(value: &str) -> Option<DateTime<Utc>> {
    let naive = naive(value)?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// A time with `Z` or a numeric offset, in any of the lengths [`naive`] reads.
fn with_zone(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    let (head, offset) = if let Some(head) = value.strip_suffix(['Z', 'z']) {
        (head, FixedOffset::east_opt(0)?)
    } else {
        // The zone's sign comes after the date's own two dashes.
        let at = value.get(10..)?.rfind(['+', '-'])? + 10;
        let (head, zone) = value.split_at(at);
        let offset = DateTime::parse_from_str(&format!("2000-01-01T00:00:00{zone}"), "%FT%T%:z")
            .ok()?
            .offset()
            .to_owned();
        (head, offset)
    };
    offset
        .from_local_datetime(&naive(head)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// `2006-01-02`, `2006-01-02T15`, `2006-01-02T15:04`, `2006-01-02T15:04:05[.999999999]`.
fn naive(value: &str) -> Option<NaiveDateTime> {
    if !value.contains('T') {
        return NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()?
            .and_hms_opt(0, 0, 0);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, format) {
            return Some(t);
        }
    }
    NaiveDateTime::parse_from_str(&format!("{value}:00"), "%Y-%m-%dT%H:%M").ok()
}

/// `seconds[.fraction]` since the epoch, at most nanosecond precision.
fn unix(value: &str) -> Option<DateTime<Utc>> {
    let (secs, frac) = value.split_once('.').unwrap_or((value, ""));
    let secs: i64 = secs.parse().ok()?;
    if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    DateTime::from_timestamp(secs, nanos)
}

/// Go's `time.ParseDuration`: `[-+]?` then one or more `<decimal><unit>` (ns, us, µs, ms, s, m,
/// h), or a bare `0`.
pub fn go_duration(text: &str) -> Option<chrono::Duration> {
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
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return None;
        }
        // Go accepts `5.h` and `.5h`; Rust's f64 parser takes both.
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
    // Go refuses durations beyond ±292 years.
    if total_nanos > i64::MAX as f64 {
        return None;
    }
    let nanos = total_nanos.round() as i64;
    Some(chrono::Duration::nanoseconds(if negative {
        -nanos
    } else {
        nanos
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        at("2026-12-03T16:00:00Z")
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn local_at(text: &str) -> DateTime<Utc> {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap();
        Local
            .from_local_datetime(&naive)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn durations_count_back_from_now() {
        assert_eq!(parse("10m", now()).unwrap(), at("2026-12-03T15:50:00Z"));
        assert_eq!(parse("1h30m", now()).unwrap(), at("2026-12-03T14:30:00Z"));
        assert_eq!(parse("1.5h", now()).unwrap(), at("2026-12-03T14:30:00Z"));
        assert_eq!(parse(".5h", now()).unwrap(), at("2026-12-03T15:30:00Z"));
        assert_eq!(
            parse("1500ms", now()).unwrap(),
            at("2026-12-03T15:59:58.5Z")
        );
        assert_eq!(parse("0s", now()).unwrap(), now());
        assert_eq!(parse("-1h", now()).unwrap(), at("2026-12-03T17:00:00Z"));
        assert!(go_duration("10x").is_none());
        assert!(go_duration("m").is_none());
        assert!(go_duration("1.2.3s").is_none());
        assert!(go_duration("10").is_none());
        assert!(go_duration("99999999999h").is_none());
    }

    #[test]
    fn rfc3339_forms_with_zone() {
        let cases = [
            ("2026-12-03T16:05:56Z", "2026-12-03T16:05:56Z"),
            (
                "2026-12-03T16:05:56.123456789Z",
                "2026-12-03T16:05:56.123456789Z",
            ),
            ("2026-12-03T17:05:56+01:00", "2026-12-03T16:05:56Z"),
            ("2026-12-03T11:05:56.5-05:00", "2026-12-03T16:05:56.5Z"),
            ("2026-12-03T16:05Z", "2026-12-03T16:05:00Z"),
            ("2026-12-03T17:05+01:00", "2026-12-03T16:05:00Z"),
            ("2026-12-03T16Z", "2026-12-03T16:00:00Z"),
            ("2026-12-03Z", "2026-12-03T00:00:00Z"),
            ("2026-12-03-01:00", "2026-12-03T01:00:00Z"),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input, now()).unwrap(), at(want), "{input}");
        }
    }

    #[test]
    fn forms_without_zone_are_local() {
        let cases = [
            ("2026-12-03", "2026-12-03T00:00:00"),
            ("2026-12-03T16", "2026-12-03T16:00:00"),
            ("2026-12-03T16:05", "2026-12-03T16:05:00"),
            ("2026-12-03T16:05:56", "2026-12-03T16:05:56"),
            ("2026-12-03T16:05:56.25", "2026-12-03T16:05:56.25"),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input, now()).unwrap(), local_at(want), "{input}");
        }
    }

    #[test]
    fn unix_timestamps() {
        assert_eq!(parse("0", now()).unwrap(), at("1970-01-01T00:00:00Z"));
        assert_eq!(
            parse("1796313956", now()).unwrap(),
            at("2026-12-03T16:05:56Z")
        );
        assert_eq!(
            parse("1234567890.123456789", now()).unwrap(),
            at("2009-02-13T23:31:30.123456789Z")
        );
        assert_eq!(
            parse("1796313956.5", now()).unwrap(),
            at("2026-12-03T16:05:56.5Z")
        );
        assert!(parse("1.1234567891", now()).is_err());
    }

    #[test]
    fn bad_times_get_dockers_messages() {
        assert_eq!(
            parse("soon", now()).unwrap_err().to_string(),
            "failed to parse value as time or duration: \"soon\""
        );
        assert!(matches!(
            parse("2026-13-03", now()),
            Err(TimeError::Rfc3339(_))
        ));
        assert!(parse("2026-12-03T25:00", now()).is_err());
        assert!(parse("", now()).is_err());
    }
}
