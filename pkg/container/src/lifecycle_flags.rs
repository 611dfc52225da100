//! The process-lifecycle options of `create`/`run` (`--init`, `--restart`, `--stop-signal`,
//! `--stop-timeout`, `--health-*`): their validation, the labels that keep them, and the
//! runtime labels of the restart supervisor (restart count, "stopped by hand", "restarting").
//!
//! They sit beside [`crate::Record`] rather than in it because the monitor updates the runtime
//! labels one at a time while the container runs; one module owns all of those keys.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use linnet_containerd::{Client, Container};
use nix::fcntl::{Flock, FlockArg};

use crate::health::{HealthConfig, HealthFlags};
use crate::restart::RestartPolicy;
use crate::Error;

/// Label keys (all under linnet's prefix, so hidden from user labels).
pub mod labels {
    pub const INIT: &str = "linnet/init";
    pub const RESTART_POLICY: &str = "linnet/restart-policy";
    pub const STOP_TIMEOUT: &str = "linnet/stop-timeout";
    /// Set when `--stop-signal` or the image chose the stop signal (inspect shows it then).
    pub const STOP_SIGNAL_SET: &str = "linnet/stop-signal-set";
    /// The effective `Config.Healthcheck` (JSON) and the image's `SHELL` for `CMD-SHELL`.
    pub const HEALTHCHECK: &str = "linnet/healthcheck";
    pub const HEALTH_SHELL: &str = "linnet/health-shell";
    /// Runtime state written by `start`, `stop`, `kill` and the monitor.
    pub const RESTART_COUNT: &str = "linnet/restart-count";
    pub const MANUALLY_STOPPED: &str = "linnet/manually-stopped";
    pub const RESTARTING: &str = "linnet/restarting";
}

/// Docker's default `stop` timeout in seconds.
pub const DEFAULT_STOP_TIMEOUT: i64 = 10;

/// The flags as typed.
#[derive(Debug, Clone, Default)]
pub struct LifecycleFlags {
    pub init: bool,
    pub restart: Option<String>,
    pub stop_signal: Option<String>,
    pub stop_timeout: Option<i64>,
    pub health: HealthFlags,
}

/// Checked flags.
#[derive(Debug, Clone, Default)]
pub struct LifecyclePlan {
    /// The host's init binary, with `--init`.
    pub init: Option<PathBuf>,
    pub restart: RestartPolicy,
    pub stop_signal: Option<String>,
    pub stop_timeout: Option<i64>,
    /// What the health flags set (merged over the image's at create).
    pub health: Option<HealthConfig>,
}

impl LifecycleFlags {
    pub fn validate(&self, auto_remove: bool) -> Result<LifecyclePlan, Error> {
        let restart = RestartPolicy::parse(self.restart.as_deref().unwrap_or(""))?;
        if auto_remove && !restart.is_none() {
            return Err(Error::InvalidArgument(
                "conflicting options: cannot specify both --restart and --rm".into(),
            ));
        }
        if let Some(s) = &self.stop_signal {
            linnet_spec::parse_signal(s)?;
        }
        let init = if self.init {
            Some(crate::init::find()?)
        } else {
            None
        };
        Ok(LifecyclePlan {
            init,
            restart,
            stop_signal: self.stop_signal.clone(),
            stop_timeout: self.stop_timeout,
            health: self.health.validate()?,
        })
    }
}

impl LifecyclePlan {
    /// The labels that record these options; `image_config` is the image's raw config JSON
    /// (its `HEALTHCHECK` and `SHELL`), `image_stop_signal` whether the image set one.
    pub fn labels(
        &self,
        image_config: &[u8],
        image_stop_signal: bool,
    ) -> Result<HashMap<String, String>, Error> {
        let (image_health, shell) = crate::health::from_image_config(image_config);
        let mut map = HashMap::new();
        let mut put = |k: &str, v: String| {
            map.insert(k.to_string(), v);
        };
        put(labels::INIT, self.init.is_some().to_string());
        put(labels::RESTART_POLICY, self.restart.to_string());
        if let Some(t) = self.stop_timeout {
            put(labels::STOP_TIMEOUT, t.to_string());
        }
        if self.stop_signal.is_some() || image_stop_signal {
            put(labels::STOP_SIGNAL_SET, "true".into());
        }
        if let Some(h) = crate::health::merge(self.health.clone(), image_health) {
            put(labels::HEALTHCHECK, serde_json::to_string(&h)?);
            if !shell.is_empty() {
                put(labels::HEALTH_SHELL, serde_json::to_string(&shell)?);
            }
        }
        Ok(map)
    }
}

/// What a container's lifecycle labels say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    pub init: bool,
    pub restart: RestartPolicy,
    pub stop_timeout: Option<i64>,
    pub stop_signal_set: bool,
    pub healthcheck: Option<HealthConfig>,
    pub shell: Vec<String>,
    pub restart_count: u32,
    pub manually_stopped: bool,
    pub restarting: bool,
}

impl Lifecycle {
    pub fn of(c: &Container) -> Lifecycle {
        Lifecycle::decode(&c.labels)
    }

    /// Missing or malformed labels (older containers) give Docker's defaults.
    pub fn decode(map: &HashMap<String, String>) -> Lifecycle {
        let get = |k: &str| map.get(k).map(String::as_str).unwrap_or("");
        Lifecycle {
            init: get(labels::INIT) == "true",
            restart: RestartPolicy::parse(get(labels::RESTART_POLICY)).unwrap_or_default(),
            stop_timeout: get(labels::STOP_TIMEOUT).parse().ok(),
            stop_signal_set: get(labels::STOP_SIGNAL_SET) == "true",
            healthcheck: serde_json::from_str(get(labels::HEALTHCHECK)).ok(),
            shell: serde_json::from_str(get(labels::HEALTH_SHELL)).unwrap_or_default(),
            restart_count: get(labels::RESTART_COUNT).parse().unwrap_or(0),
            manually_stopped: get(labels::MANUALLY_STOPPED) == "true",
            restarting: get(labels::RESTARTING) == "true",
        }
    }

    /// The health check that runs (none when disabled or absent).
    pub fn active_healthcheck(&self) -> Option<&HealthConfig> {
        self.healthcheck.as_ref().filter(|h| h.enabled())
    }

    /// Whether the monitor must follow the container: it restarts or probes it.
    pub fn supervised(&self) -> bool {
        !self.restart.is_none() || self.active_healthcheck().is_some()
    }

    /// `stop`'s timeout when `-t` is not given: `--stop-timeout`, else Docker's 10 s.
    pub fn stop_timeout(&self) -> i64 {
        self.stop_timeout.unwrap_or(DEFAULT_STOP_TIMEOUT)
    }
}

/// Holds an exclusive lock on a file in the container's directory while alive; None when the
/// directory is gone (the container was removed).
pub async fn lock(dir: &Path, name: &str) -> Option<Flock<File>> {
    let path = dir.join(name);
    tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .ok()?;
        Flock::lock(file, FlockArg::LockExclusive).ok()
    })
    .await
    .ok()
    .flatten()
}

/// A shared lock on linnet's daemon lock file, which `system start`/`stop` hold exclusively:
/// a restart holding it never overlaps containerd going down (a task half created by a dying
/// containerd cannot be created again). None when there is no such file (external containerd).
pub async fn lock_daemon_shared(path: &Path) -> Option<Flock<File>> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new().read(true).open(&path).ok()?;
        Flock::lock(file, FlockArg::LockShared).ok()
    })
    .await
    .ok()
    .flatten()
}

/// The lock `stop` and the monitor's restart take, so that a restart never slips in after a
/// manual stop has been recorded.
pub const STATE_LOCK: &str = "state.lock";

async fn set(client: &Client, id: &str, pairs: &[(&str, String)]) -> Result<(), Error> {
    let update = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    client.container_update_labels(id, &update).await?;
    Ok(())
}

/// A `start` by the user: clears a manual stop and the restart count (Docker resets
/// RestartCount on a manual start).
pub async fn mark_started(client: &Client, c: &Container) -> Result<(), Error> {
    if !Lifecycle::of(c).supervised() {
        return Ok(());
    }
    set(
        client,
        &c.id,
        &[
            (labels::MANUALLY_STOPPED, String::new()),
            (labels::RESTART_COUNT, "0".into()),
            (labels::RESTARTING, String::new()),
        ],
    )
    .await
}

/// A `stop`/`kill` by the user: the monitor must not restart the container after this exit.
pub async fn mark_stopped(
    client: &Client,
    container_dir: &Path,
    c: &Container,
) -> Result<(), Error> {
    if Lifecycle::of(c).restart.is_none() {
        return Ok(());
    }
    let _guard = lock(container_dir, STATE_LOCK).await;
    // A container waiting for its restart is stopped from now on (the monitor sees the mark).
    set(
        client,
        &c.id,
        &[
            (labels::MANUALLY_STOPPED, "true".into()),
            (labels::RESTARTING, String::new()),
        ],
    )
    .await
}

/// [`mark_stopped`] for a container whose task runs (`kill`): the monitor is waiting for the
/// exit, not about to restart, so no lock is needed.
pub async fn mark_stopped_unlocked(client: &Client, c: &Container) -> Result<(), Error> {
    if Lifecycle::of(c).restart.is_none() {
        return Ok(());
    }
    set(client, &c.id, &[(labels::MANUALLY_STOPPED, "true".into())]).await
}

/// The monitor's bookkeeping around a restart.
pub async fn set_restarting(
    client: &Client,
    id: &str,
    restarting: bool,
    count: Option<u32>,
) -> Result<(), Error> {
    let mut pairs = vec![(
        labels::RESTARTING,
        if restarting {
            "true".to_string()
        } else {
            String::new()
        },
    )];
    if let Some(n) = count {
        pairs.push((labels::RESTART_COUNT, n.to_string()));
    }
    set(client, id, &pairs).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_flags() {
        let bad = [
            LifecycleFlags {
                restart: Some("sometimes".into()),
                ..Default::default()
            },
            LifecycleFlags {
                stop_signal: Some("FOO".into()),
                ..Default::default()
            },
        ];
        for f in bad {
            assert!(f.validate(false).is_err(), "{f:?}");
        }
        let with_rm = LifecycleFlags {
            restart: Some("always".into()),
            ..Default::default()
        };
        assert_eq!(
            with_rm.validate(true).unwrap_err().to_string(),
            "conflicting options: cannot specify both --restart and --rm"
        );
        assert!(LifecycleFlags {
            restart: Some("no".into()),
            ..Default::default()
        }
        .validate(true)
        .is_ok());
    }

    #[test]
    fn labels_round_trip() {
        let plan = LifecycleFlags {
            restart: Some("on-failure:3".into()),
            stop_timeout: Some(2),
            stop_signal: Some("SIGQUIT".into()),
            health: HealthFlags {
                cmd: Some("true".into()),
                ..Default::default()
            },
            ..Default::default()
        }
        .validate(false)
        .unwrap();
        let map = plan.labels(b"{}", false).unwrap();
        assert!(map.keys().all(|k| k.starts_with(crate::labels::PREFIX)));
        let life = Lifecycle::decode(&map);
        assert_eq!(life.restart.to_string(), "on-failure:3");
        assert_eq!(life.stop_timeout(), 2);
        assert!(life.stop_signal_set && life.supervised());
        assert_eq!(
            life.active_healthcheck().unwrap().test,
            vec!["CMD-SHELL", "true"]
        );
        let none = Lifecycle::decode(&HashMap::new());
        assert!(!none.supervised());
        assert_eq!(none.stop_timeout(), DEFAULT_STOP_TIMEOUT);
    }
}
