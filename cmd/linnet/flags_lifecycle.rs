//! The process-lifecycle flags of `create`/`run` (`--init`, `--restart`, `--stop-*`,
//! `--health-*`), flattened into [`crate::container_flags::ContainerOptions`]; their values are
//! checked by the container library.

use clap::Args;
use linnet_container::health::HealthFlags;
use linnet_container::LifecycleFlags;

#[derive(Debug, Clone, Default, Args)]
pub struct LifecycleOptions {
    /// Run an init inside the container that forwards signals and reaps processes
    #[arg(long)]
    pub init: bool,
    /// Restart policy to apply when a container exits: no, always, on-failure[:N], unless-stopped
    #[arg(long, value_name = "POLICY")]
    pub restart: Option<String>,
    /// Signal to stop the container (name or number; default: the image's, else SIGTERM)
    #[arg(long = "stop-signal", value_name = "SIGNAL")]
    pub stop_signal: Option<String>,
    /// Timeout (in seconds) to stop a container (default 10; -1 waits forever)
    #[arg(
        long = "stop-timeout",
        value_name = "SECONDS",
        allow_negative_numbers = true
    )]
    pub stop_timeout: Option<i64>,
    /// Command to run to check health
    #[arg(long = "health-cmd", value_name = "CMD")]
    pub health_cmd: Option<String>,
    /// Time between running the check (ms|s|m|h) (default 30s)
    #[arg(
        long = "health-interval",
        value_name = "DURATION",
        allow_hyphen_values = true
    )]
    pub health_interval: Option<String>,
    /// Maximum time to allow one check to run (ms|s|m|h) (default 30s)
    #[arg(
        long = "health-timeout",
        value_name = "DURATION",
        allow_hyphen_values = true
    )]
    pub health_timeout: Option<String>,
    /// Consecutive failures needed to report unhealthy (default 3)
    #[arg(
        long = "health-retries",
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub health_retries: Option<i64>,
    /// Start period for the container to initialize before failures count (ms|s|m|h) (default 0s)
    #[arg(
        long = "health-start-period",
        value_name = "DURATION",
        allow_hyphen_values = true
    )]
    pub health_start_period: Option<String>,
    /// Disable any container-specified HEALTHCHECK
    #[arg(long = "no-healthcheck")]
    pub no_healthcheck: bool,
}

impl LifecycleOptions {
    pub fn flags(&self) -> LifecycleFlags {
        LifecycleFlags {
            init: self.init,
            restart: self.restart.clone(),
            stop_signal: self.stop_signal.clone(),
            stop_timeout: self.stop_timeout,
            health: HealthFlags {
                cmd: self.health_cmd.clone(),
                interval: self.health_interval.clone(),
                timeout: self.health_timeout.clone(),
                start_period: self.health_start_period.clone(),
                retries: self.health_retries,
                disable: self.no_healthcheck,
            },
        }
    }
}
