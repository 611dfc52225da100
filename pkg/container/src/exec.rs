//! Running an extra process in a running container (`exec`), attached or detached, with the
//! same IO pump and signal proxy as the container's own process.

use linnet_containerd::{Client, ExecCreate, TaskStatus};

use crate::attach::{pump, raw_mode};
use crate::detach_keys::DetachKeys;
use crate::monitor::exit_code;
use crate::ops;
use crate::signals::wait_with_sig_proxy;
use crate::{Error, FifoSet, Scope};

/// A process to run in a container.
#[derive(Debug, Clone, Default)]
pub struct ExecRequest {
    /// Container name or ID.
    pub container: String,
    pub command: Vec<String>,
    /// `KEY=VALUE`, or `KEY` to copy it from the caller's environment.
    pub env: Vec<String>,
    /// `--env-file` files, read before `env` (Docker's format, as `run`).
    pub env_files: Vec<std::path::PathBuf>,
    /// Every capability this host can give (Docker's `exec --privileged`).
    pub privileged: bool,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub tty: bool,
    pub interactive: bool,
    /// Start it and return at once.
    pub detach: bool,
    /// The keys that detach from it with `-i`.
    pub detach_keys: DetachKeys,
}

/// Runs the process; returns its exit code (0 when detached).
pub async fn exec(client: &Client, scope: &Scope, req: &ExecRequest) -> Result<u8, Error> {
    let c = ops::resolve(client, &req.container).await?;
    let task = client
        .task_get(&c.id)
        .await?
        .filter(|t| t.status == TaskStatus::Running || t.status == TaskStatus::Paused);
    let Some(task) = task else {
        return Err(Error::NotRunning(c.id));
    };
    // runc cannot exec into a frozen cgroup; Docker says why before trying.
    if task.status == TaskStatus::Paused {
        return Err(Error::InvalidArgument(format!(
            "container {} is paused, unpause the container before exec",
            req.container
        )));
    }
    let spec = linnet_spec::from_json(&c.spec).map_err(Error::ReadSpec)?;
    let lookup = |k: &str| std::env::var(k).ok();
    let mut env = Vec::new();
    for file in &req.env_files {
        let content =
            std::fs::read_to_string(file).map_err(|e| Error::io("read env file", file, e))?;
        env.extend(linnet_spec::parse_env_file(
            &file.display().to_string(),
            &content,
            lookup,
        )?);
    }
    env.extend(linnet_spec::resolve_env_flags(&req.env, lookup)?);
    let userdb = if req.user.is_some() {
        crate::rootfs::userdb_from_pid(task.pid)?
    } else {
        Default::default()
    };
    let process = linnet_spec::exec_process(
        &spec,
        &linnet_spec::ExecOptions {
            args: req.command.clone(),
            env,
            workdir: req.workdir.clone(),
            user: req.user.clone(),
            tty: req.tty,
            userdb,
        },
    )?;
    let mut process = process;
    if req.privileged {
        privileged(&mut process);
    }
    let process_spec = serde_json::to_vec(&process)?;
    let exec_id = crate::meta::new_id();
    crate::events::translate::publish_exec(client, &c.id, &exec_id, &req.command).await;

    if req.detach {
        client
            .task_exec(ExecCreate {
                container_id: c.id.clone(),
                exec_id: exec_id.clone(),
                process_spec,
                terminal: req.tty,
                ..Default::default()
            })
            .await?;
        client
            .task_start(&c.id, Some(&exec_id))
            .await
            .map_err(ops::classify_start_error)?;
        return Ok(0);
    }

    let set = FifoSet::create(&scope.fifo_dir(&c.id), &exec_id, req.interactive, req.tty)?;
    let result = attached(client, &c.id, &exec_id, &set, process_spec, req).await;
    set.remove();
    // A detached process still runs; containerd forgets it when it exits.
    if !matches!(result, Err(Error::Detached)) {
        let _ = client.task_delete_process(&c.id, &exec_id).await;
    }
    result
}

async fn attached(
    client: &Client,
    id: &str,
    exec_id: &str,
    set: &FifoSet,
    process_spec: Vec<u8>,
    req: &ExecRequest,
) -> Result<u8, Error> {
    let ends = set.open()?;
    client
        .task_exec(ExecCreate {
            container_id: id.to_string(),
            exec_id: exec_id.to_string(),
            process_spec,
            stdin: set.stdin_str(),
            stdout: set.stdout_str(),
            stderr: set.stderr_str(),
            terminal: req.tty,
        })
        .await
        .map_err(ops::classify_start_error)?;
    client
        .task_start(id, Some(exec_id))
        .await
        .map_err(ops::classify_start_error)?;
    let raw = raw_mode(req.tty, req.interactive)?;
    let mut pumps = pump(
        client,
        id,
        Some(exec_id),
        ends,
        req.tty,
        None,
        Some(req.detach_keys),
    )?;
    let exit = tokio::select! {
        exit = wait_with_sig_proxy(client, id, Some(exec_id)) => exit,
        Ok(()) = &mut pumps.detached => {
            pumps.finish_now();
            drop(raw);
            return Err(Error::Detached);
        }
    };
    pumps.finish().await;
    drop(raw);
    Ok(exit_code(exit?.exit_status))
}

/// Docker's `exec --privileged`: all four capability sets become every capability (here: every
/// one this host can hand out, as for `run --privileged`). Seccomp and the other confinement are
/// the container's, shared by all its processes in OCI, so they stay as Docker keeps them.
fn privileged(process: &mut oci_spec::runtime::Process) {
    let all = linnet_spec::capabilities_from_mask(linnet_spec::capabilities_available());
    let mut caps = process.capabilities().clone().unwrap_or_default();
    caps.set_bounding(Some(all.clone()));
    caps.set_permitted(Some(all.clone()));
    caps.set_inheritable(Some(all.clone()));
    caps.set_effective(Some(all));
    process.set_capabilities(Some(caps));
}
