//! Docker's restart policies (`--restart no|always|on-failure[:N]|unless-stopped`): parsing with
//! Docker's messages, the decision after an exit, and the backoff between restarts. The
//! supervisor that applies them is the detached monitor ([`crate::monitor`]); see its module doc
//! for why linnet supervises itself instead of using containerd 1.6's restart plugin.

use std::fmt;
use std::time::Duration;

use crate::Error;

/// Which exits a container is restarted after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyName {
    #[default]
    No,
    Always,
    OnFailure,
    UnlessStopped,
}

/// A restart policy as Docker's `HostConfig.RestartPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RestartPolicy {
    pub name: PolicyName,
    /// on-failure only: give up after this many restarts (0: never give up).
    pub max_retries: u32,
}

impl RestartPolicy {
    /// Parses the flag's value; empty means `no`.
    pub fn parse(text: &str) -> Result<RestartPolicy, Error> {
        let (name, count) = match text.split_once(':') {
            Some((n, c)) => (n, Some(c)),
            None => (text, None),
        };
        let name = match name {
            "" | "no" => PolicyName::No,
            "always" => PolicyName::Always,
            "on-failure" => PolicyName::OnFailure,
            "unless-stopped" => PolicyName::UnlessStopped,
            _ => {
                return Err(Error::InvalidArgument(format!(
                    "invalid restart policy '{text}'"
                )))
            }
        };
        let Some(count) = count else {
            return Ok(RestartPolicy {
                name,
                max_retries: 0,
            });
        };
        if name != PolicyName::OnFailure {
            return Err(Error::InvalidArgument(format!(
                "maximum retry count cannot be used with restart policy '{}'",
                name.as_str()
            )));
        }
        let n: i64 = count.parse().map_err(|_| {
            Error::InvalidArgument(
                "invalid restart policy format: maximum retry count must be an integer".into(),
            )
        })?;
        if n < 0 {
            return Err(Error::InvalidArgument(
                "maximum retry count cannot be negative".into(),
            ));
        }
        let max_retries = u32::try_from(n)
            .map_err(|_| Error::InvalidArgument(format!("maximum retry count {n} is too large")))?;
        Ok(RestartPolicy { name, max_retries })
    }

    pub fn is_none(&self) -> bool {
        self.name == PolicyName::No
    }

    /// Docker's rule after an exit: `always` restarts anything not stopped by hand,
    /// `unless-stopped` the same, `on-failure` non-zero exits while retries remain. A manual stop
    /// (`stop`, `kill`) holds every policy until the next `start` or `system start`.
    pub fn should_restart(&self, exit_code: i64, manually_stopped: bool, restarts: u32) -> bool {
        if manually_stopped {
            return false;
        }
        match self.name {
            PolicyName::No => false,
            PolicyName::Always | PolicyName::UnlessStopped => true,
            PolicyName::OnFailure => {
                exit_code != 0 && (self.max_retries == 0 || restarts < self.max_retries)
            }
        }
    }

    /// Whether `system start` (Docker: the daemon starting) brings a stopped container back.
    pub fn restarts_on_boot(&self, exit_code: i64, manually_stopped: bool, restarts: u32) -> bool {
        match self.name {
            PolicyName::Always => true,
            _ => self.should_restart(exit_code, manually_stopped, restarts),
        }
    }
}

impl PolicyName {
    pub fn as_str(&self) -> &'static str {
        match self {
            PolicyName::No => "no",
            PolicyName::Always => "always",
            PolicyName::OnFailure => "on-failure",
            PolicyName::UnlessStopped => "unless-stopped",
        }
    }
}

impl fmt::Display for RestartPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name == PolicyName::OnFailure && self.max_retries > 0 {
            write!(f, "on-failure:{}", self.max_retries)
        } else {
            f.write_str(self.name.as_str())
        }
    }
}

/// Docker's restart delay: 100 ms doubling up to a minute, back to 100 ms after a run of at
/// least 10 s.
#[derive(Debug, Clone, Copy, Default)]
pub struct Backoff {
    current: Duration,
}

const FIRST_DELAY: Duration = Duration::from_millis(100);
const MAX_DELAY: Duration = Duration::from_secs(60);
const RESET_AFTER: Duration = Duration::from_secs(10);

impl Backoff {
    /// The delay before the next restart of a run that lasted `ran_for`.
    pub fn next(&mut self, ran_for: Duration) -> Duration {
        if ran_for >= RESET_AFTER {
            self.current = Duration::ZERO;
        }
        self.current = if self.current.is_zero() {
            FIRST_DELAY
        } else {
            (self.current * 2).min(MAX_DELAY)
        };
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_docker() {
        assert!(RestartPolicy::parse("").unwrap().is_none());
        assert!(RestartPolicy::parse("no").unwrap().is_none());
        let p = RestartPolicy::parse("on-failure:3").unwrap();
        assert_eq!((p.name, p.max_retries), (PolicyName::OnFailure, 3));
        assert_eq!(p.to_string(), "on-failure:3");
        assert_eq!(
            RestartPolicy::parse("unless-stopped").unwrap().to_string(),
            "unless-stopped"
        );
        let err = |t: &str| RestartPolicy::parse(t).unwrap_err().to_string();
        assert_eq!(err("bogus"), "invalid restart policy 'bogus'");
        assert_eq!(
            err("always:3"),
            "maximum retry count cannot be used with restart policy 'always'"
        );
        assert_eq!(
            err("no:1"),
            "maximum retry count cannot be used with restart policy 'no'"
        );
        assert_eq!(
            err("on-failure:-1"),
            "maximum retry count cannot be negative"
        );
        assert_eq!(
            err("on-failure:abc"),
            "invalid restart policy format: maximum retry count must be an integer"
        );
    }

    #[test]
    fn decides_like_docker() {
        let on_failure = RestartPolicy::parse("on-failure:2").unwrap();
        assert!(on_failure.should_restart(3, false, 0));
        assert!(on_failure.should_restart(3, false, 1));
        assert!(!on_failure.should_restart(3, false, 2));
        assert!(!on_failure.should_restart(0, false, 0));
        let always = RestartPolicy::parse("always").unwrap();
        assert!(always.should_restart(0, false, 100));
        assert!(!always.should_restart(0, true, 0));
        assert!(always.restarts_on_boot(0, true, 0));
        let unless = RestartPolicy::parse("unless-stopped").unwrap();
        assert!(!unless.restarts_on_boot(0, true, 0));
        assert!(unless.restarts_on_boot(0, false, 0));
        assert!(!RestartPolicy::default().should_restart(1, false, 0));
    }

    #[test]
    fn backoff_doubles_and_resets() {
        let mut b = Backoff::default();
        let short = Duration::from_secs(1);
        assert_eq!(b.next(short), Duration::from_millis(100));
        assert_eq!(b.next(short), Duration::from_millis(200));
        assert_eq!(b.next(short), Duration::from_millis(400));
        assert_eq!(b.next(Duration::from_secs(10)), Duration::from_millis(100));
        for _ in 0..20 {
            b.next(short);
        }
        assert_eq!(b.next(short), Duration::from_secs(60));
    }
}
