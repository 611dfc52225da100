//! Health checks: Docker's `Config.Healthcheck` (from `--health-*` flags merged over the image's
//! `HEALTHCHECK`), and the health state the monitor's prober ([`crate::probe`]) writes and
//! `ps`/`inspect` read.
//!
//! The state lives in `health.json` in the container's directory, replaced atomically (write
//! and rename), because it changes every interval and containerd labels are the wrong place for
//! a probe log. The configuration, which never changes, is a label.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Error;

/// Docker's defaults for unset fields.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_RETRIES: i64 = 3;
/// Docker keeps this many probe results, each output cut to `MAX_OUTPUT` bytes.
pub const MAX_LOG_ENTRIES: usize = 5;
pub const MAX_OUTPUT: usize = 4096;
const MIN_DURATION_NS: i64 = 1_000_000;

/// Docker's `Config.Healthcheck`; durations in nanoseconds, zero meaning "inherit or default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthConfig {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test: Vec<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub interval: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub timeout: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start_period: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: i64,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

impl HealthConfig {
    /// Whether probes run at all (`NONE` or no test disables them).
    pub fn enabled(&self) -> bool {
        !self.test.is_empty() && self.test[0] != "NONE"
    }

    pub fn interval(&self) -> Duration {
        positive(self.interval).unwrap_or(DEFAULT_INTERVAL)
    }

    pub fn timeout(&self) -> Duration {
        positive(self.timeout).unwrap_or(DEFAULT_TIMEOUT)
    }

    pub fn start_period(&self) -> Duration {
        positive(self.start_period).unwrap_or_default()
    }

    pub fn retries(&self) -> i64 {
        if self.retries > 0 {
            self.retries
        } else {
            DEFAULT_RETRIES
        }
    }

    /// The probe's argv: `CMD` runs its arguments, `CMD-SHELL` runs the shell (the image's
    /// `SHELL`, else `/bin/sh -c`) on its one string.
    pub fn probe_args(&self, shell: &[String]) -> Option<Vec<String>> {
        let (kind, rest) = self.test.split_first()?;
        match kind.as_str() {
            "CMD" if !rest.is_empty() => Some(rest.to_vec()),
            "CMD-SHELL" => {
                let mut args = if shell.is_empty() {
                    vec!["/bin/sh".to_string(), "-c".to_string()]
                } else {
                    shell.to_vec()
                };
                args.push(rest.join(" "));
                Some(args)
            }
            _ => None,
        }
    }
}

fn positive(ns: i64) -> Option<Duration> {
    (ns > 0).then(|| Duration::from_nanos(ns as u64))
}

/// The `--health-*` flags as typed.
#[derive(Debug, Clone, Default)]
pub struct HealthFlags {
    pub cmd: Option<String>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub start_period: Option<String>,
    pub retries: Option<i64>,
    /// `--no-healthcheck`.
    pub disable: bool,
}

impl HealthFlags {
    /// Checks the flags (Docker's CLI and daemon rules) and returns the part they set; the image's
    /// `HEALTHCHECK` fills the rest at create ([`merge`]). None when no flag was given.
    pub fn validate(&self) -> Result<Option<HealthConfig>, Error> {
        let any_timing = self.interval.is_some()
            || self.timeout.is_some()
            || self.start_period.is_some()
            || self.retries.is_some();
        if self.disable {
            if self.cmd.is_some() || any_timing {
                return Err(Error::InvalidArgument(
                    "--no-healthcheck conflicts with --health-* options".into(),
                ));
            }
            return Ok(Some(HealthConfig {
                test: vec!["NONE".into()],
                ..Default::default()
            }));
        }
        if self.cmd.is_none() && !any_timing {
            return Ok(None);
        }
        let duration = |flag: &str, field: &str, value: &Option<String>| -> Result<i64, Error> {
            let Some(text) = value else { return Ok(0) };
            let ns = parse_go_duration(text).ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "invalid argument {text:?} for \"--{flag}\" flag: time: invalid duration {text:?}"
                ))
            })?;
            if ns < 0 {
                return Err(Error::InvalidArgument(format!(
                    "--{flag} cannot be negative"
                )));
            }
            if ns != 0 && ns < MIN_DURATION_NS {
                return Err(Error::InvalidArgument(format!(
                    "{field} in Healthcheck cannot be less than 1ms"
                )));
            }
            Ok(ns)
        };
        let retries = self.retries.unwrap_or(0);
        if retries < 0 {
            return Err(Error::InvalidArgument(
                "--health-retries cannot be negative".into(),
            ));
        }
        Ok(Some(HealthConfig {
            test: match &self.cmd {
                Some(cmd) if !cmd.is_empty() => vec!["CMD-SHELL".into(), cmd.clone()],
                _ => Vec::new(),
            },
            interval: duration("health-interval", "Interval", &self.interval)?,
            timeout: duration("health-timeout", "Timeout", &self.timeout)?,
            start_period: duration("health-start-period", "StartPeriod", &self.start_period)?,
            retries,
        }))
    }
}

/// Docker's merge of the container's health config over the image's: every unset field comes
/// from the image.
pub fn merge(flags: Option<HealthConfig>, image: Option<HealthConfig>) -> Option<HealthConfig> {
    match (flags, image) {
        (None, image) => image,
        (Some(f), None) => Some(f),
        (Some(mut f), Some(i)) => {
            if f.test.is_empty() {
                f.test = i.test;
            }
            if f.interval == 0 {
                f.interval = i.interval;
            }
            if f.timeout == 0 {
                f.timeout = i.timeout;
            }
            if f.start_period == 0 {
                f.start_period = i.start_period;
            }
            if f.retries == 0 {
                f.retries = i.retries;
            }
            Some(f)
        }
    }
}

/// The `Healthcheck` and `Shell` of an image's raw config JSON (oci-spec drops both).
pub fn from_image_config(raw: &[u8]) -> (Option<HealthConfig>, Vec<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(raw) else {
        return (None, Vec::new());
    };
    let config = value.get("config").or_else(|| value.get("Config"));
    let health = config
        .and_then(|c| c.get("Healthcheck"))
        .and_then(|h| serde_json::from_value::<HealthConfig>(h.clone()).ok())
        .filter(|h| !h.test.is_empty());
    let shell = config
        .and_then(|c| c.get("Shell"))
        .and_then(|s| serde_json::from_value::<Vec<String>>(s.clone()).ok())
        .unwrap_or_default();
    (health, shell)
}

/// Go's `time.ParseDuration` syntax (`1.5s`, `1m30s`, `500ms`, `0`) in nanoseconds; the one
/// parser lives in `linnet_image::timespec`.
pub fn parse_go_duration(text: &str) -> Option<i64> {
    linnet_image::timespec::go_duration(text).and_then(|d| d.num_nanoseconds())
}

/// Docker's health statuses.
pub const STARTING: &str = "starting";
pub const HEALTHY: &str = "healthy";
pub const UNHEALTHY: &str = "unhealthy";

/// One probe's result, as in Docker's `State.Health.Log`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProbeResult {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub exit_code: i64,
    pub output: String,
}

/// Docker's `State.Health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthState {
    pub status: String,
    pub failing_streak: i64,
    pub log: Vec<ProbeResult>,
}

impl HealthState {
    pub fn starting() -> HealthState {
        HealthState {
            status: STARTING.into(),
            failing_streak: 0,
            log: Vec::new(),
        }
    }

    /// Docker's transition for one result: success makes it healthy; a failure counts (unless
    /// the container is still starting within its start period) and makes it unhealthy at
    /// `retries` failures in a row.
    pub fn record(&mut self, result: ProbeResult, in_start_period: bool, retries: i64) {
        if result.exit_code == 0 {
            self.failing_streak = 0;
            self.status = HEALTHY.into();
        } else if !(self.status == STARTING && in_start_period) {
            self.failing_streak += 1;
            if self.failing_streak >= retries {
                self.status = UNHEALTHY.into();
            }
        }
        self.log.push(result);
        if self.log.len() > MAX_LOG_ENTRIES {
            let extra = self.log.len() - MAX_LOG_ENTRIES;
            self.log.drain(..extra);
        }
    }
}

/// `health.json` in a container's directory.
pub fn state_path(container_dir: &Path) -> PathBuf {
    container_dir.join("health.json")
}

/// The recorded health state, if probes ever ran for this container.
pub fn read_state(container_dir: &Path) -> Option<HealthState> {
    let bytes = std::fs::read(state_path(container_dir)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Replaces the state file atomically, so a reader never sees half of it.
pub fn write_state(container_dir: &Path, state: &HealthState) -> Result<(), Error> {
    let path = state_path(container_dir);
    let tmp = container_dir.join(".health.json.tmp");
    std::fs::write(&tmp, serde_json::to_vec(state)?).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io("rename", &path, e))
}

/// Docker reports a container that stopped as unhealthy (streak and log stay as they were).
pub fn mark_exited(container_dir: &Path) -> Result<(), Error> {
    match read_state(container_dir) {
        Some(mut state) => {
            state.status = UNHEALTHY.into();
            write_state(container_dir, &state)
        }
        None => Ok(()),
    }
}

/// Cuts probe output to Docker's limit on a character boundary.
pub fn truncate_output(mut text: String) -> String {
    if text.len() > MAX_OUTPUT {
        let mut end = MAX_OUTPUT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("1s"), Some(1_000_000_000));
        assert_eq!(parse_go_duration("1.5s"), Some(1_500_000_000));
        assert_eq!(parse_go_duration("1m30s"), Some(90_000_000_000));
        assert_eq!(parse_go_duration("10ms"), Some(10_000_000));
        assert_eq!(parse_go_duration("-2s"), Some(-2_000_000_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        for bad in ["", "5", "abc", "1x", "s"] {
            assert_eq!(parse_go_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn flags_validate_like_docker() {
        let flags = HealthFlags {
            cmd: Some("true".into()),
            interval: Some("2s".into()),
            ..Default::default()
        };
        let h = flags.validate().unwrap().unwrap();
        assert_eq!(h.test, vec!["CMD-SHELL", "true"]);
        assert_eq!(h.interval, 2_000_000_000);
        assert_eq!(
            serde_json::to_value(&h).unwrap(),
            serde_json::json!({"Test": ["CMD-SHELL", "true"], "Interval": 2_000_000_000i64})
        );
        let err = |f: HealthFlags| f.validate().unwrap_err().to_string();
        assert_eq!(
            err(HealthFlags {
                interval: Some("500us".into()),
                ..Default::default()
            }),
            "Interval in Healthcheck cannot be less than 1ms"
        );
        assert_eq!(
            err(HealthFlags {
                retries: Some(-1),
                ..Default::default()
            }),
            "--health-retries cannot be negative"
        );
        assert_eq!(
            err(HealthFlags {
                disable: true,
                cmd: Some("true".into()),
                ..Default::default()
            }),
            "--no-healthcheck conflicts with --health-* options"
        );
        assert!(HealthFlags::default().validate().unwrap().is_none());
    }

    #[test]
    fn merges_over_the_image() {
        let image = HealthConfig {
            test: vec!["CMD".into(), "check".into()],
            interval: 5,
            retries: 7,
            ..Default::default()
        };
        let flags = HealthConfig {
            interval: 9,
            ..Default::default()
        };
        let m = merge(Some(flags), Some(image.clone())).unwrap();
        assert_eq!((m.test.clone(), m.interval, m.retries), (image.test, 9, 7));
        let raw = br#"{"config":{"Healthcheck":{"Test":["CMD-SHELL","x"],"Interval":1000000000},"Shell":["/bin/bash","-c"]}}"#;
        let (h, shell) = from_image_config(raw);
        let h = h.unwrap();
        assert_eq!(h.probe_args(&shell).unwrap(), vec!["/bin/bash", "-c", "x"]);
        assert!(!HealthConfig {
            test: vec!["NONE".into()],
            ..Default::default()
        }
        .enabled());
    }

    #[test]
    fn state_transitions() {
        let result = |code| ProbeResult {
            start: Utc::now(),
            end: Utc::now(),
            exit_code: code,
            output: String::new(),
        };
        let mut s = HealthState::starting();
        s.record(result(1), true, 2);
        assert_eq!((s.status.as_str(), s.failing_streak), (STARTING, 0));
        s.record(result(1), false, 2);
        s.record(result(1), false, 2);
        assert_eq!((s.status.as_str(), s.failing_streak), (UNHEALTHY, 2));
        s.record(result(0), false, 2);
        assert_eq!((s.status.as_str(), s.failing_streak), (HEALTHY, 0));
        for _ in 0..10 {
            s.record(result(0), false, 2);
        }
        assert_eq!(s.log.len(), MAX_LOG_ENTRIES);
        assert_eq!(truncate_output("é".repeat(3000)).len(), 4096);
    }
}
