//! `linnet update`: new cgroup limits for an existing container.
//!
//! A running task gets them through containerd's task update (`runc update`) first, so that a
//! value the kernel refuses changes nothing; then the container's spec (what the next start
//! uses) and its [`HostSettings`] label (what `inspect` shows) are rewritten together.

use std::collections::HashMap;

use linnet_containerd::{Client, TaskStatus};

use crate::resources::{HostSettings, ResourceFlags, HOST_CONFIG_LABEL};
use crate::{ops, Error};

/// Applies the limits given in `flags` to the container `reference` (name or ID prefix).
pub async fn update(client: &Client, reference: &str, flags: &ResourceFlags) -> Result<(), Error> {
    let container = ops::resolve(client, reference).await?;
    let id = container.id.clone();
    let failed = |e: Error| Error::InvalidArgument(format!("cannot update container {id}: {e}"));
    let mut settings = HostSettings::decode(&container.labels);
    let resources = flags.apply_update(&settings.resources).map_err(failed)?;
    let mut spec = linnet_spec::from_json(&container.spec).map_err(Error::ReadSpec)?;
    linnet_spec::resources::set_limits(&mut spec, &resources)?;

    let live = matches!(
        client.task_get(&id).await?.map(|t| t.status),
        Some(TaskStatus::Running | TaskStatus::Paused | TaskStatus::Created)
    );
    if live {
        let limits = linnet_spec::resources::linux_resources(&resources)?;
        client
            .task_update(&id, serde_json::to_vec(&limits)?)
            .await
            .map_err(|e| failed(e.into()))?;
    }
    settings.resources = resources;
    let labels = HashMap::from([(HOST_CONFIG_LABEL.to_string(), settings.encode()?)]);
    client
        .container_update_spec(&id, &linnet_spec::to_json(&spec)?, &labels)
        .await?;
    Ok(())
}
