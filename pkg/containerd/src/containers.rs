//! Container records: metadata only (spec, snapshot, runtime, labels); the running process is
//! a task, see `tasks.rs`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use containerd_client::services::v1 as api;

use crate::convert::{label_mask, time, timestamp};
use crate::{Client, Error};

/// `Any.type_url` containerd expects for an OCI runtime spec (JSON value).
pub(crate) const SPEC_TYPE_URL: &str = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

/// A container record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Container {
    pub id: String,
    pub image: String,
    pub labels: HashMap<String, String>,
    /// Runtime name, e.g. `io.containerd.runc.v2`.
    pub runtime: String,
    pub snapshotter: String,
    pub snapshot_key: String,
    /// OCI runtime spec as JSON.
    pub spec: Vec<u8>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<api::Container> for Container {
    fn from(c: api::Container) -> Self {
        Container {
            id: c.id,
            image: c.image,
            labels: c.labels,
            runtime: c.runtime.map(|r| r.name).unwrap_or_default(),
            snapshotter: c.snapshotter,
            snapshot_key: c.snapshot_key,
            spec: c.spec.map(|s| s.value).unwrap_or_default(),
            created_at: time(c.created_at),
            updated_at: time(c.updated_at),
        }
    }
}

impl From<&Container> for api::Container {
    fn from(c: &Container) -> Self {
        api::Container {
            id: c.id.clone(),
            labels: c.labels.clone(),
            image: c.image.clone(),
            runtime: Some(api::container::Runtime {
                name: c.runtime.clone(),
                options: None,
            }),
            spec: Some(prost_types::Any {
                type_url: SPEC_TYPE_URL.to_string(),
                value: c.spec.clone(),
            }),
            snapshotter: c.snapshotter.clone(),
            snapshot_key: c.snapshot_key.clone(),
            created_at: timestamp(c.created_at),
            updated_at: timestamp(c.updated_at),
            extensions: HashMap::new(),
            sandbox: String::new(),
        }
    }
}

impl Client {
    pub async fn container_create(&self, c: &Container) -> Result<(), Error> {
        self.containers_service()
            .create(self.request(api::CreateContainerRequest {
                container: Some(c.into()),
            })?)
            .await
            .map_err(|s| Error::from_status("create container", s))?;
        Ok(())
    }

    /// The container `id`, `None` when absent.
    pub async fn container_get(&self, id: &str) -> Result<Option<Container>, Error> {
        let result = self
            .containers_service()
            .get(self.request(api::GetContainerRequest { id: id.to_string() })?)
            .await;
        match result {
            Ok(r) => Ok(r.into_inner().container.map(Container::from)),
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("get container", s)),
        }
    }

    /// Containers matching containerd filters (e.g. `labels."nerdctl/name"==web`).
    pub async fn container_list(&self, filters: &[String]) -> Result<Vec<Container>, Error> {
        let response = self
            .containers_service()
            .list(self.request(api::ListContainersRequest {
                filters: filters.to_vec(),
            })?)
            .await
            .map_err(|s| Error::from_status("list containers", s))?
            .into_inner();
        Ok(response
            .containers
            .into_iter()
            .map(Container::from)
            .collect())
    }

    /// Merges labels into the container's labels; an empty value removes the key.
    pub async fn container_update_labels(
        &self,
        id: &str,
        labels: &HashMap<String, String>,
    ) -> Result<(), Error> {
        if labels.is_empty() {
            return Ok(());
        }
        self.containers_service()
            .update(self.request(api::UpdateContainerRequest {
                container: Some(api::Container {
                    id: id.to_string(),
                    labels: labels.clone(),
                    ..Default::default()
                }),
                update_mask: Some(label_mask(labels.keys())),
            })?)
            .await
            .map_err(|s| Error::from_status("update container labels", s))?;
        Ok(())
    }

    /// Replaces the container's spec and merges `labels` (an empty value removes the key), in
    /// one update.
    pub async fn container_update_spec(
        &self,
        id: &str,
        spec: &[u8],
        labels: &HashMap<String, String>,
    ) -> Result<(), Error> {
        let mut mask = label_mask(labels.keys());
        mask.paths.push("spec".to_string());
        self.containers_service()
            .update(self.request(api::UpdateContainerRequest {
                container: Some(api::Container {
                    id: id.to_string(),
                    labels: labels.clone(),
                    spec: Some(prost_types::Any {
                        type_url: SPEC_TYPE_URL.to_string(),
                        value: spec.to_vec(),
                    }),
                    ..Default::default()
                }),
                update_mask: Some(mask),
            })?)
            .await
            .map_err(|s| Error::from_status("update container", s))?;
        Ok(())
    }

    pub async fn container_delete(&self, id: &str) -> Result<(), Error> {
        self.containers_service()
            .delete(self.request(api::DeleteContainerRequest { id: id.to_string() })?)
            .await
            .map_err(|s| Error::from_status("delete container", s))?;
        Ok(())
    }
}
