//! Docker's `--since`/`--until` window for `events` and `logs`. The time syntax itself is
//! `linnet_image::timespec`, shared with the prunes' `until=` filter.

use chrono::{DateTime, Utc};

use crate::Error;

/// Parses one Docker time argument relative to `now` (`linnet_image::timespec::parse`).
pub fn parse(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Error> {
    linnet_image::timespec::parse(value, now).map_err(|e| Error::InvalidArgument(e.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn window_parses_both_ends_and_names_the_bad_flag() {
        let now = at("2026-12-03T16:00:00Z");
        let w = Window::parse(Some("10m"), Some("2026-12-03T16:30:00Z"), now).unwrap();
        assert_eq!(w.since, Some(at("2026-12-03T15:50:00Z")));
        assert_eq!(w.until, Some(at("2026-12-03T16:30:00Z")));
        assert!(w.contains(now));
        assert!(!w.contains(at("2026-12-03T15:00:00Z")));
        assert!(w.contains_text("2026-12-03T16:10:00.5Z"));
        assert!(!w.ended(now));
        let err = Window::parse(Some("soon"), None, now)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid value for \"since\""), "{err}");
        assert!(
            err.contains("failed to parse value as time or duration"),
            "{err}"
        );
    }
}
