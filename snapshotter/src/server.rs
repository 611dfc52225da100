//! The Snapshots gRPC service over a unix socket. Filesystem work runs on tokio's blocking pool;
//! errors carry the gRPC codes containerd maps back to its errdefs (NotFound, AlreadyExists,
//! FailedPrecondition, InvalidArgument).

use std::collections::BTreeMap;
use std::future::Future;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

use containerd_client::services::v1::snapshots as pb;
use futures::Stream;
use tonic::{Request, Response, Status};

use crate::store::{Info, Kind};
use crate::{Error, Snapshotter};

mod proto {
    #![allow(clippy::all, clippy::pedantic)]
    tonic::include_proto!("containerd.services.snapshots.v1");
}

use proto::snapshots_server::{Snapshots, SnapshotsServer};

/// How many snapshots one `List` response message carries.
const LIST_BATCH: usize = 100;
/// containerd sends label maps of up to 4 KiB each; leave room for big requests.
const MAX_MESSAGE: usize = 64 << 20;

/// The gRPC adapter around a [`Snapshotter`].
#[derive(Debug, Clone)]
pub struct Service {
    inner: Arc<Snapshotter>,
}

impl Service {
    pub fn new(snapshotter: Snapshotter) -> Service {
        Service {
            inner: Arc::new(snapshotter),
        }
    }

    async fn run<T, F>(&self, what: &'static str, key: String, f: F) -> Result<T, Status>
    where
        T: Send + 'static,
        F: FnOnce(&Snapshotter) -> Result<T, Error> + Send + 'static,
    {
        let inner = self.inner.clone();
        let outcome = tokio::task::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| Status::internal(format!("{what} task failed: {e}")))?;
        match outcome {
            Ok(value) => {
                tracing::debug!("{what} {key}: ok");
                Ok(value)
            }
            Err(err) => {
                if err.code() == tonic::Code::Internal {
                    tracing::warn!("{what} {key}: {err}");
                } else {
                    tracing::debug!("{what} {key}: {err}");
                }
                Err(err.into())
            }
        }
    }
}

fn timestamp(t: chrono::DateTime<chrono::Utc>) -> prost_types::Timestamp {
    prost_types::Timestamp {
        seconds: t.timestamp(),
        nanos: i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0),
    }
}

fn to_proto(info: Info) -> pb::Info {
    let kind = match info.kind {
        Kind::View => pb::Kind::View,
        Kind::Active => pb::Kind::Active,
        Kind::Committed => pb::Kind::Committed,
    };
    pb::Info {
        name: info.name,
        parent: info.parent,
        kind: kind as i32,
        created_at: Some(timestamp(info.created)),
        updated_at: Some(timestamp(info.updated)),
        labels: info.labels.into_iter().collect(),
    }
}

fn sorted(labels: std::collections::HashMap<String, String>) -> BTreeMap<String, String> {
    labels.into_iter().collect()
}

type ListStream = Pin<Box<dyn Stream<Item = Result<pb::ListSnapshotsResponse, Status>> + Send>>;

#[tonic::async_trait]
impl Snapshots for Service {
    async fn prepare(
        &self,
        request: Request<pb::PrepareSnapshotRequest>,
    ) -> Result<Response<pb::PrepareSnapshotResponse>, Status> {
        let r = request.into_inner();
        let mounts = self
            .run("prepare", r.key.clone(), move |s| {
                s.prepare(&r.key, &r.parent, sorted(r.labels))
            })
            .await?;
        Ok(Response::new(pb::PrepareSnapshotResponse { mounts }))
    }

    async fn view(
        &self,
        request: Request<pb::ViewSnapshotRequest>,
    ) -> Result<Response<pb::ViewSnapshotResponse>, Status> {
        let r = request.into_inner();
        let mounts = self
            .run("view", r.key.clone(), move |s| {
                s.view(&r.key, &r.parent, sorted(r.labels))
            })
            .await?;
        Ok(Response::new(pb::ViewSnapshotResponse { mounts }))
    }

    async fn mounts(
        &self,
        request: Request<pb::MountsRequest>,
    ) -> Result<Response<pb::MountsResponse>, Status> {
        let r = request.into_inner();
        let mounts = self
            .run("mounts", r.key.clone(), move |s| s.mounts(&r.key))
            .await?;
        Ok(Response::new(pb::MountsResponse { mounts }))
    }

    async fn commit(
        &self,
        request: Request<pb::CommitSnapshotRequest>,
    ) -> Result<Response<()>, Status> {
        let r = request.into_inner();
        let what = format!("{} as {}", r.key, r.name);
        self.run("commit", what, move |s| {
            s.commit(&r.name, &r.key, sorted(r.labels))
        })
        .await?;
        Ok(Response::new(()))
    }

    async fn remove(
        &self,
        request: Request<pb::RemoveSnapshotRequest>,
    ) -> Result<Response<()>, Status> {
        let r = request.into_inner();
        self.run("remove", r.key.clone(), move |s| s.remove(&r.key))
            .await?;
        Ok(Response::new(()))
    }

    async fn stat(
        &self,
        request: Request<pb::StatSnapshotRequest>,
    ) -> Result<Response<pb::StatSnapshotResponse>, Status> {
        let r = request.into_inner();
        let info = self
            .run("stat", r.key.clone(), move |s| s.stat(&r.key))
            .await?;
        Ok(Response::new(pb::StatSnapshotResponse {
            info: Some(to_proto(info)),
        }))
    }

    async fn update(
        &self,
        request: Request<pb::UpdateSnapshotRequest>,
    ) -> Result<Response<pb::UpdateSnapshotResponse>, Status> {
        let r = request.into_inner();
        let info = r
            .info
            .ok_or_else(|| Status::invalid_argument("update without snapshot info"))?;
        let paths = r.update_mask.map(|m| m.paths).unwrap_or_default();
        let labels = sorted(info.labels);
        let key = info.name;
        let updated = self
            .run("update", key.clone(), move |s| {
                s.update(&key, &labels, &paths)
            })
            .await?;
        Ok(Response::new(pb::UpdateSnapshotResponse {
            info: Some(to_proto(updated)),
        }))
    }

    type ListStream = ListStream;

    async fn list(
        &self,
        request: Request<pb::ListSnapshotsRequest>,
    ) -> Result<Response<Self::ListStream>, Status> {
        let r = request.into_inner();
        let what = r.filters.join(" or ");
        let infos = self.run("list", what, move |s| s.list(&r.filters)).await?;
        let mut batches = Vec::new();
        let mut infos = infos.into_iter().map(to_proto).peekable();
        while infos.peek().is_some() {
            let info: Vec<pb::Info> = infos.by_ref().take(LIST_BATCH).collect();
            batches.push(Ok(pb::ListSnapshotsResponse { info }));
        }
        Ok(Response::new(Box::pin(futures::stream::iter(batches))))
    }

    async fn usage(
        &self,
        request: Request<pb::UsageRequest>,
    ) -> Result<Response<pb::UsageResponse>, Status> {
        let r = request.into_inner();
        let usage = self
            .run("usage", r.key.clone(), move |s| s.usage(&r.key))
            .await?;
        Ok(Response::new(pb::UsageResponse {
            size: usage.size,
            inodes: usage.inodes,
        }))
    }

    async fn cleanup(&self, _request: Request<pb::CleanupRequest>) -> Result<Response<()>, Status> {
        self.run("cleanup", String::new(), |s| s.cleanup()).await?;
        Ok(Response::new(()))
    }
}

/// Serves `snapshotter` on the unix socket `socket` until `shutdown` completes, then removes
/// the socket and unmounts remote layers. A stale socket (nobody answering) is replaced; a live
/// one is an error.
pub async fn serve(
    snapshotter: Snapshotter,
    socket: &Path,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), Error> {
    if let Some(dir) = socket.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create directory", dir, e))?;
    }
    if socket.exists() {
        if tokio::net::UnixStream::connect(socket).await.is_ok() {
            return Err(Error::AddressInUse(socket.to_path_buf()));
        }
        std::fs::remove_file(socket).map_err(|e| Error::io("remove stale socket", socket, e))?;
    }
    let listener =
        tokio::net::UnixListener::bind(socket).map_err(|e| Error::io("listen on", socket, e))?;
    // Only root (containerd) may drive the snapshotter.
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::io("chmod", socket, e))?;
    tracing::info!(
        "linnet snapshotter serving {} on {}",
        snapshotter.layout().root().display(),
        socket.display()
    );
    let inner = Arc::new(snapshotter);
    let service = SnapshotsServer::new(Service {
        inner: Arc::clone(&inner),
    })
    .max_decoding_message_size(MAX_MESSAGE)
    .max_encoding_message_size(MAX_MESSAGE);
    let outcome = tonic::transport::Server::builder()
        .add_service(service)
        .serve_with_incoming_shutdown(
            tokio_stream::wrappers::UnixListenerStream::new(listener),
            shutdown,
        )
        .await
        .map_err(|e| Error::Serve(e.to_string()));
    let _ = std::fs::remove_file(socket);
    // Unmount remote layers now: a FUSE mount outliving its process only returns errors.
    let _ = tokio::task::spawn_blocking(move || inner.shutdown()).await;
    tracing::info!("linnet snapshotter stopped");
    outcome
}
