//! Exit monitoring: the exit code `run` reports, and the detached `linnet _monitor` process that
//! outlives `run -d` of an auto-remove container or one with a network of its own (or `start` of
//! one) to remove it, or release its network, when it exits, since no linnet process stays
//! attached to it.

use std::process::Stdio;

use linnet_containerd::Client;

use crate::record::Record;
use crate::{ops, Error, Scope};

/// Docker reports exit statuses modulo 256.
pub fn exit_code(status: u32) -> u8 {
    (status % 256) as u8
}

/// Starts `linnet <relaunch args> _monitor ID` fully detached from this session and terminal.
pub fn spawn(scope: &Scope, id: &str) -> Result<(), Error> {
    let exe = std::env::current_exe().map_err(Error::CurrentExe)?;
    let mut cmd = std::process::Command::new(exe);
    cmd.args(&scope.relaunch_args).arg("_monitor").arg(id);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe; it detaches the monitor from our session and terminal.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            nix::unistd::setsid().map_err(std::io::Error::from)?;
            Ok(())
        });
    }
    cmd.spawn().map_err(Error::SpawnMonitor)?;
    Ok(())
}

/// The monitor's work: wait for the container's task, record its exit, and remove the
/// container when it is marked auto-remove.
pub async fn watch(client: &Client, scope: &Scope, id: &str) -> Result<(), Error> {
    let Some(container) = client.container_get(id).await? else {
        return Ok(());
    };
    // The task may already be gone (removed or reaped by another linnet): nothing to wait for.
    if let Err(e) = ops::wait_and_reap(client, &container.id).await {
        tracing::debug!("wait for {}: {e}", container.id);
    }
    if Record::decode(&container.labels).auto_remove {
        if let Some(current) = client.container_get(&container.id).await? {
            crate::lifecycle::remove(client, scope, &current, true).await?;
        }
        return Ok(());
    }
    // A `start` may have run the container again since it exited: its new attachment stays.
    let restarted = client
        .task_get(&container.id)
        .await?
        .is_some_and(|t| t.status != linnet_containerd::TaskStatus::Stopped);
    if !restarted {
        crate::network::detach(scope, &container)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn exit_codes_wrap_like_docker() {
        assert_eq!(super::exit_code(0), 0);
        assert_eq!(super::exit_code(137), 137);
        assert_eq!(super::exit_code(256 + 3), 3);
    }
}
