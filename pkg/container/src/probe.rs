//! The health prober the monitor runs beside a container's task: every interval one exec of the
//! health command through containerd (non-TTY, the container's user, workdir and environment),
//! its combined output captured in a file (`file://` IO of the runc shim), the result folded
//! into `health.json` as Docker does.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use linnet_containerd::{Client, Container, ExecCreate};

use crate::health::{self, HealthConfig, HealthState, ProbeResult};
use crate::{Error, Scope};

/// Probes until cancelled (the caller drops this future when the task exits). Each start of the
/// container begins as `starting` with no failing streak; the log of earlier runs is kept.
pub async fn run(
    client: &Client,
    scope: &Scope,
    c: &Container,
    config: &HealthConfig,
    shell: &[String],
) {
    let dir = scope.container_dir(&c.id);
    let mut state = health::read_state(&dir).unwrap_or_else(HealthState::starting);
    state.status = health::STARTING.into();
    state.failing_streak = 0;
    if let Err(e) = health::write_state(&dir, &state) {
        tracing::warn!("cannot write the health state of {}: {e}", c.id);
    }
    let Some(args) = config.probe_args(shell) else {
        return;
    };
    let started = Instant::now();
    loop {
        tokio::time::sleep(config.interval()).await;
        let start = Utc::now();
        let result = match probe_once(client, c, &dir, &args, config.timeout()).await {
            Ok(r) => r,
            Err(e) => ProbeResult {
                start,
                end: Utc::now(),
                exit_code: -1,
                output: health::truncate_output(e.to_string()),
            },
        };
        let in_start_period = started.elapsed() < config.start_period();
        state.record(result, in_start_period, config.retries());
        if let Err(e) = health::write_state(&dir, &state) {
            tracing::warn!("cannot write the health state of {}: {e}", c.id);
        }
    }
}

async fn probe_once(
    client: &Client,
    c: &Container,
    dir: &Path,
    args: &[String],
    timeout: Duration,
) -> Result<ProbeResult, Error> {
    let spec = linnet_spec::from_json(&c.spec).map_err(Error::ReadSpec)?;
    let process = linnet_spec::exec_process(
        &spec,
        &linnet_spec::ExecOptions {
            args: args.to_vec(),
            env: Vec::new(),
            workdir: None,
            user: None,
            tty: false,
            userdb: Default::default(),
        },
    )?;
    let exec_id = format!("health-{}", &crate::meta::new_id()[..16]);
    let out = dir.join("health-probe.out");
    let _ = std::fs::remove_file(&out);
    let uri = format!("file://{}", out.display());
    let start = Utc::now();
    client
        .task_exec(ExecCreate {
            container_id: c.id.clone(),
            exec_id: exec_id.clone(),
            process_spec: serde_json::to_vec(&process)?,
            stdout: uri.clone(),
            stderr: uri,
            ..Default::default()
        })
        .await?;
    let outcome = run_exec(client, &c.id, &exec_id, timeout).await;
    let _ = client.task_delete_process(&c.id, &exec_id).await;
    let end = Utc::now();
    let exit_code = outcome?;
    let output = match exit_code {
        Some(_) => std::fs::read(&out)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default(),
        None => format!("Health check exceeded timeout ({})", go_duration(timeout)),
    };
    let _ = std::fs::remove_file(&out);
    Ok(ProbeResult {
        start,
        end,
        exit_code: exit_code.unwrap_or(-1),
        output: health::truncate_output(output),
    })
}

/// Starts the exec and waits for it; None when it outlived `timeout` (it is killed then).
async fn run_exec(
    client: &Client,
    id: &str,
    exec_id: &str,
    timeout: Duration,
) -> Result<Option<i64>, Error> {
    client.task_start(id, Some(exec_id)).await?;
    match tokio::time::timeout(timeout, client.task_wait(id, Some(exec_id))).await {
        Ok(exit) => Ok(Some(i64::from(exit?.exit_status))),
        Err(_) => {
            let _ = client
                .task_kill(id, Some(exec_id), libc::SIGKILL as u32, false)
                .await;
            let _ =
                tokio::time::timeout(Duration::from_secs(5), client.task_wait(id, Some(exec_id)))
                    .await;
            Ok(None)
        }
    }
}

/// Go's `Duration.String()` for the whole and fractional seconds Docker prints (`1s`, `1m30s`,
/// `500ms`).
fn go_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = d.as_secs_f64() % 60.0;
    let total_min = d.as_secs() / 60;
    let (h, m) = (total_min / 60, total_min % 60);
    let s = format!("{secs}s");
    match (h, m) {
        (0, 0) => s,
        (0, m) => format!("{m}m{s}"),
        (h, m) => format!("{h}h{m}m{s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(go_duration(Duration::from_secs(1)), "1s");
        assert_eq!(go_duration(Duration::from_secs(30)), "30s");
        assert_eq!(go_duration(Duration::from_secs(90)), "1m30s");
        assert_eq!(go_duration(Duration::from_millis(500)), "500ms");
        assert_eq!(go_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(go_duration(Duration::from_secs(3600)), "1h0m0s");
    }
}
