//! Snapshots (layered filesystems managed by a snapshotter) and the diff service that applies
//! layer tarballs onto them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use containerd_client::services::v1 as api;
use containerd_client::services::v1::snapshots as sn;

use crate::convert::time;
use crate::{Client, Descriptor, Error, Mount};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotKind {
    Unknown,
    View,
    Active,
    Committed,
}

impl SnapshotKind {
    fn from_proto(kind: i32) -> Self {
        match sn::Kind::try_from(kind) {
            Ok(sn::Kind::View) => SnapshotKind::View,
            Ok(sn::Kind::Active) => SnapshotKind::Active,
            Ok(sn::Kind::Committed) => SnapshotKind::Committed,
            _ => SnapshotKind::Unknown,
        }
    }
}

/// One snapshot as the snapshotter reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    pub name: String,
    pub parent: Option<String>,
    pub kind: SnapshotKind,
    pub labels: HashMap<String, String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<sn::Info> for SnapshotInfo {
    fn from(i: sn::Info) -> Self {
        SnapshotInfo {
            name: i.name,
            parent: Some(i.parent).filter(|p| !p.is_empty()),
            kind: SnapshotKind::from_proto(i.kind),
            labels: i.labels,
            created_at: time(i.created_at),
            updated_at: time(i.updated_at),
        }
    }
}

impl Client {
    /// The snapshot `key`, `None` when absent.
    pub async fn snapshot_stat(&self, sn: &str, key: &str) -> Result<Option<SnapshotInfo>, Error> {
        let result = self
            .snapshots_service()
            .stat(self.request(sn::StatSnapshotRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
            })?)
            .await;
        match result {
            Ok(r) => Ok(r.into_inner().info.map(SnapshotInfo::from)),
            Err(s) if s.code() == tonic::Code::NotFound => Ok(None),
            Err(s) => Err(Error::from_status("stat snapshot", s)),
        }
    }

    /// Creates a writable snapshot on top of `parent` and returns its mounts.
    pub async fn snapshot_prepare(
        &self,
        sn: &str,
        key: &str,
        parent: Option<&str>,
        labels: &HashMap<String, String>,
    ) -> Result<Vec<Mount>, Error> {
        let response = self
            .snapshots_service()
            .prepare(self.request(sn::PrepareSnapshotRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
                parent: parent.unwrap_or_default().to_string(),
                labels: labels.clone(),
            })?)
            .await
            .map_err(|s| Error::from_status("prepare snapshot", s))?;
        Ok(response.into_inner().mounts)
    }

    /// Creates a read-only view of `parent` and returns its mounts.
    pub async fn snapshot_view(
        &self,
        sn: &str,
        key: &str,
        parent: Option<&str>,
        labels: &HashMap<String, String>,
    ) -> Result<Vec<Mount>, Error> {
        let response = self
            .snapshots_service()
            .view(self.request(sn::ViewSnapshotRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
                parent: parent.unwrap_or_default().to_string(),
                labels: labels.clone(),
            })?)
            .await
            .map_err(|s| Error::from_status("view snapshot", s))?;
        Ok(response.into_inner().mounts)
    }

    /// Mounts of an existing active or view snapshot.
    pub async fn snapshot_mounts(&self, sn: &str, key: &str) -> Result<Vec<Mount>, Error> {
        let response = self
            .snapshots_service()
            .mounts(self.request(sn::MountsRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("get snapshot mounts", s))?;
        Ok(response.into_inner().mounts)
    }

    /// Commits the active snapshot `key` as `name`.
    pub async fn snapshot_commit(
        &self,
        sn: &str,
        name: &str,
        key: &str,
        labels: &HashMap<String, String>,
    ) -> Result<(), Error> {
        self.snapshots_service()
            .commit(self.request(sn::CommitSnapshotRequest {
                snapshotter: sn.to_string(),
                name: name.to_string(),
                key: key.to_string(),
                labels: labels.clone(),
            })?)
            .await
            .map_err(|s| Error::from_status("commit snapshot", s))?;
        Ok(())
    }

    pub async fn snapshot_remove(&self, sn: &str, key: &str) -> Result<(), Error> {
        self.snapshots_service()
            .remove(self.request(sn::RemoveSnapshotRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("remove snapshot", s))?;
        Ok(())
    }

    /// Disk usage of a snapshot: (bytes, inodes).
    pub async fn snapshot_usage(&self, sn: &str, key: &str) -> Result<(i64, i64), Error> {
        let response = self
            .snapshots_service()
            .usage(self.request(sn::UsageRequest {
                snapshotter: sn.to_string(),
                key: key.to_string(),
            })?)
            .await
            .map_err(|s| Error::from_status("get snapshot usage", s))?
            .into_inner();
        Ok((response.size, response.inodes))
    }

    /// All snapshots of the namespace in snapshotter `sn`.
    pub async fn snapshot_list(&self, sn: &str) -> Result<Vec<SnapshotInfo>, Error> {
        let mut stream = self
            .snapshots_service()
            .list(self.request(sn::ListSnapshotsRequest {
                snapshotter: sn.to_string(),
                filters: Vec::new(),
            })?)
            .await
            .map_err(|s| Error::from_status("list snapshots", s))?
            .into_inner();
        let mut out = Vec::new();
        while let Some(msg) = stream
            .message()
            .await
            .map_err(|s| Error::from_status("list snapshots", s))?
        {
            out.extend(msg.info.into_iter().map(SnapshotInfo::from));
        }
        Ok(out)
    }

    /// Extracts the layer blob `layer` (from the content store) onto `mounts`; returns the
    /// descriptor of the uncompressed diff (its digest is the layer's diff ID).
    pub async fn diff_apply(
        &self,
        layer: &Descriptor,
        mounts: Vec<Mount>,
    ) -> Result<Descriptor, Error> {
        let response = self
            .diff_service()
            .apply(self.request(api::ApplyRequest {
                diff: Some(crate::convert::proto_descriptor(layer)),
                mounts,
                payloads: HashMap::new(),
                sync_fs: false,
            })?)
            .await
            .map_err(|s| Error::from_status("apply layer", s))?
            .into_inner();
        response
            .applied
            .map(crate::convert::descriptor)
            .ok_or_else(|| Error::InvalidResponse("apply layer returned no descriptor".to_string()))
    }
}
