//! Tasks: the running processes of containers (the init process and execs), driven through
//! containerd's runtime shim.

use chrono::{DateTime, Utc};
use containerd_client::services::v1 as api;
use containerd_client::types::v1 as task_types;

use crate::convert::time;
use crate::{Client, Error, Mount};

/// `Any.type_url` containerd expects for an OCI process spec (JSON value) in Exec.
const PROCESS_TYPE_URL: &str = "types.containerd.io/opencontainers/runtime-spec/1/Process";

/// `Any.type_url` containerd expects for OCI `LinuxResources` (JSON value) in Update.
const RESOURCES_TYPE_URL: &str = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";

/// Parameters of `Tasks.Create`. Stdio are FIFO paths or a `binary://` log URI; empty = none.
#[derive(Debug, Clone, Default)]
pub struct TaskCreate {
    pub container_id: String,
    pub rootfs: Vec<Mount>,
    pub stdin: String,
    pub stdout: String,
    pub stderr: String,
    pub terminal: bool,
}

/// Parameters of `Tasks.Exec`.
#[derive(Debug, Clone, Default)]
pub struct ExecCreate {
    pub container_id: String,
    pub exec_id: String,
    /// JSON of the OCI Process.
    pub process_spec: Vec<u8>,
    pub stdin: String,
    pub stdout: String,
    pub stderr: String,
    pub terminal: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Unknown,
    Created,
    Running,
    Stopped,
    Paused,
    Pausing,
}

impl TaskStatus {
    fn from_proto(status: i32) -> Self {
        match task_types::Status::try_from(status) {
            Ok(task_types::Status::Created) => TaskStatus::Created,
            Ok(task_types::Status::Running) => TaskStatus::Running,
            Ok(task_types::Status::Stopped) => TaskStatus::Stopped,
            Ok(task_types::Status::Paused) => TaskStatus::Paused,
            Ok(task_types::Status::Pausing) => TaskStatus::Pausing,
            _ => TaskStatus::Unknown,
        }
    }

    /// Lower-case name as Docker prints it (`running`, `created`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            TaskStatus::Unknown => "unknown",
            TaskStatus::Created => "created",
            TaskStatus::Running => "running",
            TaskStatus::Stopped => "stopped",
            TaskStatus::Paused => "paused",
            TaskStatus::Pausing => "pausing",
        }
    }
}

/// State of a task's init process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub id: String,
    pub pid: u32,
    pub status: TaskStatus,
    pub exit_status: u32,
    pub exited_at: Option<DateTime<Utc>>,
}

impl From<task_types::Process> for TaskInfo {
    fn from(p: task_types::Process) -> Self {
        TaskInfo {
            // Get fills only `id`; List fills `container_id`.
            id: if p.container_id.is_empty() {
                p.id
            } else {
                p.container_id
            },
            pid: p.pid,
            status: TaskStatus::from_proto(p.status),
            exit_status: p.exit_status,
            exited_at: time(p.exited_at),
        }
    }
}

/// How a process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitInfo {
    pub exit_status: u32,
    pub exited_at: Option<DateTime<Utc>>,
}

fn exec_id(exec_id: Option<&str>) -> String {
    exec_id.unwrap_or_default().to_string()
}

impl Client {
    /// Creates the task (the shim and the stopped init process); returns its pid.
    pub async fn task_create(&self, req: TaskCreate) -> Result<u32, Error> {
        let response = self
            .tasks_service()
            .create(self.request(api::CreateTaskRequest {
                container_id: req.container_id,
                rootfs: req.rootfs,
                stdin: req.stdin,
                stdout: req.stdout,
                stderr: req.stderr,
                terminal: req.terminal,
                ..Default::default()
            })?)
            .await
            .map_err(|s| Error::from_status("create task", s))?;
        Ok(response.into_inner().pid)
    }

    /// Starts the init process (or the exec `exec_id`); returns its pid.
    pub async fn task_start(&self, id: &str, exec_id_: Option<&str>) -> Result<u32, Error> {
        let response = self
            .tasks_service()
            .start(self.request(api::StartRequest {
                container_id: id.to_string(),
                exec_id: exec_id(exec_id_),
            })?)
            .await
            .map_err(|s| Error::from_status("start task", s))?;
        Ok(response.into_inner().pid)
    }

    /// The task of container `id`, `None` when it has none.
    pub async fn task_get(&self, id: &str) -> Result<Option<TaskInfo>, Error> {
        let result = self
            .tasks_service()
            .get(self.request(api::GetRequest {
                container_id: id.to_string(),
                exec_id: String::new(),
            })?)
            .await;
        match result {
            Ok(r) => Ok(r.into_inner().process.map(TaskInfo::from)),
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("get task", s)),
        }
    }

    /// All tasks of the namespace.
    pub async fn task_list(&self) -> Result<Vec<TaskInfo>, Error> {
        let response = self
            .tasks_service()
            .list(self.request(api::ListTasksRequest::default())?)
            .await
            .map_err(|s| Error::from_status("list tasks", s))?
            .into_inner();
        Ok(response.tasks.into_iter().map(TaskInfo::from).collect())
    }

    /// Sends `signal` to the init process (or an exec); `all` signals every process of the task.
    pub async fn task_kill(
        &self,
        id: &str,
        exec_id_: Option<&str>,
        signal: u32,
        all: bool,
    ) -> Result<(), Error> {
        self.tasks_service()
            .kill(self.request(api::KillRequest {
                container_id: id.to_string(),
                exec_id: exec_id(exec_id_),
                signal,
                all,
            })?)
            .await
            .map_err(|s| Error::from_status("kill task", s))?;
        Ok(())
    }

    /// Blocks until the process exits.
    pub async fn task_wait(&self, id: &str, exec_id_: Option<&str>) -> Result<ExitInfo, Error> {
        let response = self
            .tasks_service()
            .wait(self.request(api::WaitRequest {
                container_id: id.to_string(),
                exec_id: exec_id(exec_id_),
            })?)
            .await
            .map_err(|s| Error::from_status("wait for task", s))?
            .into_inner();
        Ok(ExitInfo {
            exit_status: response.exit_status,
            exited_at: time(response.exited_at),
        })
    }

    /// Deletes a stopped task; `None` when there was no task.
    pub async fn task_delete(&self, id: &str) -> Result<Option<ExitInfo>, Error> {
        let result = self
            .tasks_service()
            .delete(self.request(api::DeleteTaskRequest {
                container_id: id.to_string(),
            })?)
            .await;
        match result {
            Ok(r) => {
                let r = r.into_inner();
                Ok(Some(ExitInfo {
                    exit_status: r.exit_status,
                    exited_at: time(r.exited_at),
                }))
            }
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("delete task", s)),
        }
    }

    /// Adds an exec process to a running task (start it with `task_start`).
    pub async fn task_exec(&self, req: ExecCreate) -> Result<(), Error> {
        self.tasks_service()
            .exec(self.request(api::ExecProcessRequest {
                container_id: req.container_id,
                stdin: req.stdin,
                stdout: req.stdout,
                stderr: req.stderr,
                terminal: req.terminal,
                spec: Some(prost_types::Any {
                    type_url: PROCESS_TYPE_URL.to_string(),
                    value: req.process_spec,
                }),
                exec_id: req.exec_id,
            })?)
            .await
            .map_err(|s| Error::from_status("exec in task", s))?;
        Ok(())
    }

    /// Deletes a finished exec process; `None` when it was already gone.
    pub async fn task_delete_process(
        &self,
        id: &str,
        exec_id_: &str,
    ) -> Result<Option<ExitInfo>, Error> {
        let result = self
            .tasks_service()
            .delete_process(self.request(api::DeleteProcessRequest {
                container_id: id.to_string(),
                exec_id: exec_id_.to_string(),
            })?)
            .await;
        match result {
            Ok(r) => {
                let r = r.into_inner();
                Ok(Some(ExitInfo {
                    exit_status: r.exit_status,
                    exited_at: time(r.exited_at),
                }))
            }
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("delete exec process", s)),
        }
    }

    pub async fn task_resize_pty(
        &self,
        id: &str,
        exec_id_: Option<&str>,
        width: u32,
        height: u32,
    ) -> Result<(), Error> {
        self.tasks_service()
            .resize_pty(self.request(api::ResizePtyRequest {
                container_id: id.to_string(),
                exec_id: exec_id(exec_id_),
                width,
                height,
            })?)
            .await
            .map_err(|s| Error::from_status("resize pty", s))?;
        Ok(())
    }

    /// Closes the process's stdin so it sees end-of-file.
    pub async fn task_close_io(&self, id: &str, exec_id_: Option<&str>) -> Result<(), Error> {
        self.tasks_service()
            .close_io(self.request(api::CloseIoRequest {
                container_id: id.to_string(),
                exec_id: exec_id(exec_id_),
                stdin: true,
            })?)
            .await
            .map_err(|s| Error::from_status("close task stdin", s))?;
        Ok(())
    }

    /// Changes the cgroup limits of a running task (`runc update`); `resources` is the JSON of
    /// an OCI `LinuxResources`.
    pub async fn task_update(&self, id: &str, resources: Vec<u8>) -> Result<(), Error> {
        self.tasks_service()
            .update(self.request(api::UpdateTaskRequest {
                container_id: id.to_string(),
                resources: Some(prost_types::Any {
                    type_url: RESOURCES_TYPE_URL.to_string(),
                    value: resources,
                }),
                annotations: Default::default(),
            })?)
            .await
            .map_err(|s| Error::from_status("update task resources", s))?;
        Ok(())
    }

    /// Freezes every process of the task (the cgroup freezer, `runc pause`).
    pub async fn task_pause(&self, id: &str) -> Result<(), Error> {
        self.tasks_service()
            .pause(self.request(api::PauseTaskRequest {
                container_id: id.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("pause task", s))?;
        Ok(())
    }

    /// Thaws a paused task (`runc resume`).
    pub async fn task_resume(&self, id: &str) -> Result<(), Error> {
        self.tasks_service()
            .resume(self.request(api::ResumeTaskRequest {
                container_id: id.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("resume task", s))?;
        Ok(())
    }

    /// Pids of all processes in the task.
    pub async fn task_pids(&self, id: &str) -> Result<Vec<u32>, Error> {
        let response = self
            .tasks_service()
            .list_pids(self.request(api::ListPidsRequest {
                container_id: id.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("list task processes", s))?
            .into_inner();
        Ok(response.processes.into_iter().map(|p| p.pid).collect())
    }
}
