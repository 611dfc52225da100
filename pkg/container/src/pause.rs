//! `pause`/`unpause`: freezing a container's processes through containerd (the shim runs
//! `runc pause`, the cgroup freezer) with Docker's checks, and Docker's rule that a paused
//! container being stopped or killed is thawed after the signal so that it can act on it.

use linnet_containerd::{Client, Container, TaskStatus};

use crate::ops::{self, Status};
use crate::Error;

/// The container's Docker state (the task's, with the monitor's restarting mark).
async fn status(client: &Client, c: &Container) -> Result<Status, Error> {
    let task = client.task_get(&c.id).await?;
    Ok(ops::state_of(c, task.as_ref()).status)
}

/// Freezes a running container; Docker's errors when it is not running, already paused or
/// being restarted by its policy.
pub async fn pause(client: &Client, c: &Container) -> Result<(), Error> {
    match status(client, c).await? {
        Status::Running => {}
        Status::Paused => return Err(Error::AlreadyPaused(c.id.clone())),
        Status::Restarting => return Err(Error::Restarting(c.id.clone())),
        _ => return Err(Error::NotRunning(c.id.clone())),
    }
    client.task_pause(&c.id).await?;
    Ok(())
}

/// Thaws a paused container; anything else (including a stopped one) is "not paused".
pub async fn unpause(client: &Client, c: &Container) -> Result<(), Error> {
    if status(client, c).await? != Status::Paused {
        return Err(Error::NotPaused(c.id.clone()));
    }
    client.task_resume(&c.id).await?;
    Ok(())
}

/// Whether Docker thaws a paused container after sending it `signal`: for SIGKILL, for the
/// container's stop signal, and for any signal when none was configured (the container is
/// then expected to exit on it).
pub fn thaws_after(c: &Container, signal: i32) -> bool {
    if signal == libc::SIGKILL {
        return true;
    }
    let set = c
        .labels
        .get(crate::lifecycle_flags::labels::STOP_SIGNAL_SET)
        .is_some_and(|v| v == "true");
    if !set {
        return true;
    }
    c.labels
        .get(crate::labels::STOP_SIGNAL)
        .and_then(|s| linnet_spec::parse_signal(s).ok())
        == Some(signal)
}

/// After a kill signal: resumes the task if it is paused and Docker would (see
/// [`thaws_after`]), so that the frozen processes receive the signal.
pub async fn thaw_for_signal(client: &Client, c: &Container, signal: i32) -> Result<(), Error> {
    if thaws_after(c, signal) {
        resume_if_paused(client, &c.id).await?;
    }
    Ok(())
}

/// Resumes the task if it is paused (`stop` does after its signal); a task that is gone or not
/// paused needs nothing.
pub async fn resume_if_paused(client: &Client, id: &str) -> Result<(), Error> {
    match client.task_get(id).await? {
        Some(t) if matches!(t.status, TaskStatus::Paused | TaskStatus::Pausing) => {
            match client.task_resume(id).await {
                Ok(()) => Ok(()),
                // It exited or was thawed by someone else meanwhile.
                Err(e) if e.is_not_found() => Ok(()),
                Err(e) => match client.task_get(id).await? {
                    Some(t) if t.status == TaskStatus::Paused => Err(e.into()),
                    _ => Ok(()),
                },
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn container(stop_signal: Option<&str>) -> Container {
        let mut c = Container {
            id: "c".into(),
            ..Default::default()
        };
        // create records SIGTERM when neither the user nor the image chose a signal.
        c.labels.insert(
            crate::labels::STOP_SIGNAL.to_string(),
            stop_signal.unwrap_or("SIGTERM").to_string(),
        );
        if stop_signal.is_some() {
            c.labels.insert(
                crate::lifecycle_flags::labels::STOP_SIGNAL_SET.to_string(),
                "true".to_string(),
            );
        }
        c
    }

    #[test]
    fn thaw_rule_is_dockers() {
        let plain = container(None);
        assert!(thaws_after(&plain, libc::SIGTERM));
        assert!(thaws_after(&plain, libc::SIGUSR1));
        let quit = container(Some("SIGQUIT"));
        assert!(thaws_after(&quit, libc::SIGQUIT));
        assert!(thaws_after(&quit, libc::SIGKILL));
        assert!(!thaws_after(&quit, libc::SIGUSR1));
    }
}
