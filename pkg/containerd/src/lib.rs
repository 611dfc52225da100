//! linnet-containerd: a typed wrapper over `containerd-client`'s raw gRPC stubs.
//!
//! containerd 1.6 has no server-side pull, unpack or container helpers, so linnet drives the
//! low-level services itself (content, images, snapshots, diff, containers, tasks). This crate
//! hides the protobuf plumbing: namespace and lease metadata, message size limits, `Any` type
//! URLs, timestamps and gRPC status codes, and exposes plain Rust types instead.

#![forbid(unsafe_code)]

mod containers;
mod content;
mod convert;
mod error;
mod events;
mod images;
mod snapshots;
mod tasks;

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use containerd_client::services::v1 as api;
use tonic::metadata::MetadataValue;
use tonic::transport::Channel;

pub use containerd_client::types::Mount;

pub use containers::Container;
pub use content::{ContentInfo, ContentWriter};
pub use error::Error;
pub use events::{Event, Stamped};
pub use images::Image;
pub use snapshots::{SnapshotInfo, SnapshotKind};
pub use tasks::{ExecCreate, ExitInfo, TaskCreate, TaskInfo, TaskStatus};

/// An OCI content descriptor: the shared `linnet-oci` type (sizes `u64`; the protobuf's `i64`
/// is converted in `convert`).
pub use linnet_oci::Descriptor;

/// gRPC responses larger than tonic's 4 MiB default occur with long image or content lists.
const MAX_MESSAGE_SIZE: usize = 64 << 20;
/// How long `connect` waits for the socket to answer Version.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Label that makes containerd's garbage collector drop a lease after a deadline.
const LEASE_EXPIRE_LABEL: &str = "containerd.io/gc.expire";

/// A connection to containerd, bound to a namespace and optionally a lease. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    channel: Channel,
    address: String,
    namespace: String,
    lease: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("address", &self.address)
            .field("namespace", &self.namespace)
            .field("lease", &self.lease)
            .finish()
    }
}

macro_rules! service {
    ($name:ident, $client:ty) => {
        pub(crate) fn $name(&self) -> $client {
            <$client>::new(self.channel.clone())
                .max_decoding_message_size(MAX_MESSAGE_SIZE)
                .max_encoding_message_size(MAX_MESSAGE_SIZE)
        }
    };
}

impl Client {
    /// Connects over the unix socket and checks that containerd answers.
    pub async fn connect(socket: &Path, namespace: &str) -> Result<Client, Error> {
        let address = socket.display().to_string();
        let unreachable = |reason: String| Error::Unreachable {
            address: address.clone(),
            reason,
        };
        validate_namespace(namespace)?;
        // Check the path first: tonic's error for a missing socket is a generic transport error.
        if let Err(err) = std::fs::metadata(socket) {
            return Err(unreachable(error::io_reason(&err)));
        }
        let attempt = async {
            let channel = containerd_client::connect(socket)
                .await
                .map_err(|err| unreachable(transport_reason(&err)))?;
            let client = Client {
                channel,
                address: address.clone(),
                namespace: namespace.to_string(),
                lease: None,
            };
            client.version().await.map_err(|err| match err {
                Error::Unavailable(reason) => unreachable(reason),
                other => other,
            })?;
            Ok(client)
        };
        match tokio::time::timeout(CONNECT_TIMEOUT, attempt).await {
            Ok(result) => result,
            Err(_) => Err(unreachable("timed out waiting for an answer".to_string())),
        }
    }

    /// The socket path this client talks to.
    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The lease this client's requests run under, if any.
    pub fn lease(&self) -> Option<&str> {
        self.lease.as_deref()
    }

    /// A client for another namespace on the same connection.
    pub fn with_namespace(&self, ns: &str) -> Client {
        Client {
            namespace: ns.to_string(),
            ..self.clone()
        }
    }

    /// A client whose requests keep new content and snapshots alive under `lease_id`.
    pub fn with_lease(&self, lease_id: &str) -> Client {
        Client {
            lease: Some(lease_id.to_string()),
            ..self.clone()
        }
    }

    /// Wraps a message with the namespace and lease metadata.
    pub(crate) fn request<T>(&self, message: T) -> Result<tonic::Request<T>, Error> {
        let mut request = tonic::Request::new(message);
        let ns = MetadataValue::try_from(self.namespace.as_str()).map_err(|_| {
            Error::InvalidArgument(format!("invalid namespace {:?}", self.namespace))
        })?;
        request.metadata_mut().insert("containerd-namespace", ns);
        if let Some(lease) = &self.lease {
            let lease = MetadataValue::try_from(lease.as_str())
                .map_err(|_| Error::InvalidArgument(format!("invalid lease id {lease:?}")))?;
            request.metadata_mut().insert("containerd-lease", lease);
        }
        Ok(request)
    }

    service!(version_service, api::version_client::VersionClient<Channel>);
    service!(
        namespaces_service,
        api::namespaces_client::NamespacesClient<Channel>
    );
    service!(leases_service, api::leases_client::LeasesClient<Channel>);
    service!(content_service, api::content_client::ContentClient<Channel>);
    service!(images_service, api::images_client::ImagesClient<Channel>);
    service!(
        snapshots_service,
        api::snapshots::snapshots_client::SnapshotsClient<Channel>
    );
    service!(diff_service, api::diff_client::DiffClient<Channel>);
    service!(
        containers_service,
        api::containers_client::ContainersClient<Channel>
    );
    service!(tasks_service, api::tasks_client::TasksClient<Channel>);
    service!(events_service, api::events_client::EventsClient<Channel>);

    /// containerd's (version, revision).
    pub async fn version(&self) -> Result<(String, String), Error> {
        let response = self
            .version_service()
            .version(tonic::Request::new(()))
            .await
            .map_err(|s| Error::from_status("get version", s))?
            .into_inner();
        Ok((response.version, response.revision))
    }

    /// Names of all namespaces.
    pub async fn namespaces(&self) -> Result<Vec<String>, Error> {
        let response = self
            .namespaces_service()
            .list(tonic::Request::new(api::ListNamespacesRequest::default()))
            .await
            .map_err(|s| Error::from_status("list namespaces", s))?
            .into_inner();
        Ok(response.namespaces.into_iter().map(|n| n.name).collect())
    }

    /// Creates a lease; with `expire`, containerd drops it (and what only it holds) after that time.
    pub async fn lease_create(&self, expire: Option<Duration>) -> Result<String, Error> {
        let id = format!("linnet-{}", random_hex(8));
        let mut labels = HashMap::new();
        if let Some(expire) = expire {
            let expire = chrono::Duration::from_std(expire)
                .map_err(|_| Error::InvalidArgument("lease expiry is too long".to_string()))?;
            let at = chrono::Utc::now() + expire;
            labels.insert(
                LEASE_EXPIRE_LABEL.to_string(),
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            );
        }
        let response = self
            .leases_service()
            .create(self.request(api::CreateRequest { id, labels })?)
            .await
            .map_err(|s| Error::from_status("create lease", s))?
            .into_inner();
        response
            .lease
            .map(|l| l.id)
            .ok_or_else(|| Error::InvalidResponse("create lease returned no lease".to_string()))
    }

    /// Deletes a lease; what it alone referenced becomes garbage.
    pub async fn lease_delete(&self, id: &str) -> Result<(), Error> {
        self.leases_service()
            .delete(self.request(api::DeleteRequest {
                id: id.to_string(),
                sync: false,
            })?)
            .await
            .map_err(|s| Error::from_status("delete lease", s))?;
        Ok(())
    }
}

/// containerd namespaces: letters, digits, `_`, `-` and `.`-separated components.
fn validate_namespace(ns: &str) -> Result<(), Error> {
    let ok = !ns.is_empty()
        && ns.len() <= 76
        && ns.split('.').all(|part| {
            !part.is_empty()
                && part.starts_with(|c: char| c.is_ascii_alphanumeric())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "invalid namespace {ns:?}: use letters, digits, '-', '_' and '.'"
        )))
    }
}

/// The deepest readable cause of a tonic transport error (usually the socket's io error).
fn transport_reason(err: &tonic::transport::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut last = err.to_string();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return error::io_reason(io);
        }
        last = cause.to_string();
        source = cause.source();
    }
    last
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let data: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    hex::encode(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_validated() {
        assert!(validate_namespace("default").is_ok());
        assert!(validate_namespace("linnet-test.a_1").is_ok());
        assert!(validate_namespace("").is_err());
        assert!(validate_namespace("a b").is_err());
        assert!(validate_namespace("a..b").is_err());
        assert!(validate_namespace("-a").is_err());
    }

    #[tokio::test]
    async fn missing_socket_is_unreachable() {
        let err = Client::connect(Path::new("/nonexistent/linnet.sock"), "default")
            .await
            .err();
        match err {
            Some(Error::Unreachable { address, reason }) => {
                assert_eq!(address, "/nonexistent/linnet.sock");
                assert_eq!(reason, "no such file or directory");
            }
            other => panic!("unexpected: {other:?}"),
        }
    }
}
