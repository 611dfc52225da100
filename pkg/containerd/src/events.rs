//! Event subscription (task exits, OOMs, starts) so callers can react without polling.

use chrono::{DateTime, Utc};
use containerd_client::events as ev;
use containerd_client::services::v1 as api;
use std::time::Duration;

use futures::stream::{BoxStream, StreamExt};
use prost::Message;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use crate::convert::time;
use crate::{Client, Error};

/// Topic of the marker events that confirm a subscription (filtered out of the stream).
const SYNC_TOPIC_PREFIX: &str = "/linnet/sync/";
/// Type URLs of the payloads linnet publishes itself (decoded as [`Event::Linnet`]).
pub const LINNET_TYPE_PREFIX: &str = "linnet.";
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(5);
const SUBSCRIBE_POLL: Duration = Duration::from_millis(50);

/// A decoded containerd event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    TaskStart {
        namespace: String,
        container_id: String,
        pid: u32,
    },
    TaskExit {
        namespace: String,
        container_id: String,
        /// Exec id, or the container id for the init process.
        id: String,
        pid: u32,
        exit_status: u32,
        exited_at: Option<DateTime<Utc>>,
    },
    TaskOom {
        namespace: String,
        container_id: String,
    },
    TaskDelete {
        namespace: String,
        container_id: String,
        /// Exec id, or empty for the init process.
        id: String,
        exit_status: u32,
    },
    TaskPaused {
        namespace: String,
        container_id: String,
    },
    TaskResumed {
        namespace: String,
        container_id: String,
    },
    TaskExecAdded {
        namespace: String,
        container_id: String,
        exec_id: String,
    },
    TaskExecStarted {
        namespace: String,
        container_id: String,
        exec_id: String,
    },
    ContainerCreate {
        namespace: String,
        id: String,
        image: String,
    },
    ContainerUpdate {
        namespace: String,
        id: String,
    },
    ContainerDelete {
        namespace: String,
        id: String,
    },
    ImageCreate {
        namespace: String,
        name: String,
    },
    ImageUpdate {
        namespace: String,
        name: String,
    },
    ImageDelete {
        namespace: String,
        name: String,
    },
    /// An event linnet published itself (`events_publish`), payload as published.
    Linnet {
        namespace: String,
        topic: String,
        payload: Vec<u8>,
    },
    /// Any other topic (e.g. `/images/create`), undecoded.
    Other {
        namespace: String,
        topic: String,
    },
}

impl Event {
    fn decode(envelope: containerd_client::types::Envelope) -> Result<Event, Error> {
        let namespace = envelope.namespace;
        let topic = envelope.topic;
        let Some(any) = envelope.event else {
            return Ok(Event::Other { namespace, topic });
        };
        let bad = |e: prost::DecodeError| Error::InvalidResponse(format!("event {topic}: {e}"));
        // containerd's type URLs have no leading slash, so match the full name directly.
        let type_name = any.type_url.trim_start_matches('/');
        let event = match type_name {
            "containerd.events.TaskExit" => {
                let e = ev::TaskExit::decode(&any.value[..]).map_err(bad)?;
                Event::TaskExit {
                    namespace,
                    container_id: e.container_id,
                    id: e.id,
                    pid: e.pid,
                    exit_status: e.exit_status,
                    exited_at: time(e.exited_at),
                }
            }
            "containerd.events.TaskStart" => {
                let e = ev::TaskStart::decode(&any.value[..]).map_err(bad)?;
                Event::TaskStart {
                    namespace,
                    container_id: e.container_id,
                    pid: e.pid,
                }
            }
            "containerd.events.TaskOOM" => {
                let e = ev::TaskOom::decode(&any.value[..]).map_err(bad)?;
                Event::TaskOom {
                    namespace,
                    container_id: e.container_id,
                }
            }
            "containerd.events.TaskDelete" => {
                let e = ev::TaskDelete::decode(&any.value[..]).map_err(bad)?;
                Event::TaskDelete {
                    namespace,
                    container_id: e.container_id,
                    id: e.id,
                    exit_status: e.exit_status,
                }
            }
            "containerd.events.TaskPaused" => {
                let e = ev::TaskPaused::decode(&any.value[..]).map_err(bad)?;
                Event::TaskPaused {
                    namespace,
                    container_id: e.container_id,
                }
            }
            "containerd.events.TaskResumed" => {
                let e = ev::TaskResumed::decode(&any.value[..]).map_err(bad)?;
                Event::TaskResumed {
                    namespace,
                    container_id: e.container_id,
                }
            }
            "containerd.events.TaskExecAdded" => {
                let e = ev::TaskExecAdded::decode(&any.value[..]).map_err(bad)?;
                Event::TaskExecAdded {
                    namespace,
                    container_id: e.container_id,
                    exec_id: e.exec_id,
                }
            }
            "containerd.events.TaskExecStarted" => {
                let e = ev::TaskExecStarted::decode(&any.value[..]).map_err(bad)?;
                Event::TaskExecStarted {
                    namespace,
                    container_id: e.container_id,
                    exec_id: e.exec_id,
                }
            }
            "containerd.events.ContainerCreate" => {
                let e = ev::ContainerCreate::decode(&any.value[..]).map_err(bad)?;
                Event::ContainerCreate {
                    namespace,
                    id: e.id,
                    image: e.image,
                }
            }
            "containerd.events.ContainerUpdate" => {
                let e = ev::ContainerUpdate::decode(&any.value[..]).map_err(bad)?;
                Event::ContainerUpdate {
                    namespace,
                    id: e.id,
                }
            }
            "containerd.events.ContainerDelete" => {
                let e = ev::ContainerDelete::decode(&any.value[..]).map_err(bad)?;
                Event::ContainerDelete {
                    namespace,
                    id: e.id,
                }
            }
            "containerd.services.images.v1.ImageCreate" => {
                let e = api::ImageCreate::decode(&any.value[..]).map_err(bad)?;
                Event::ImageCreate {
                    namespace,
                    name: e.name,
                }
            }
            "containerd.services.images.v1.ImageUpdate" => {
                let e = api::ImageUpdate::decode(&any.value[..]).map_err(bad)?;
                Event::ImageUpdate {
                    namespace,
                    name: e.name,
                }
            }
            "containerd.services.images.v1.ImageDelete" => {
                let e = api::ImageDelete::decode(&any.value[..]).map_err(bad)?;
                Event::ImageDelete {
                    namespace,
                    name: e.name,
                }
            }
            t if t.starts_with(LINNET_TYPE_PREFIX) => Event::Linnet {
                namespace,
                topic,
                payload: any.value,
            },
            _ => Event::Other { namespace, topic },
        };
        Ok(event)
    }
}

/// An event with the time containerd published it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    pub at: Option<DateTime<Utc>>,
    pub event: Event,
}

impl Stamped {
    fn decode(envelope: containerd_client::types::Envelope) -> Result<Stamped, Error> {
        let at = time(envelope.timestamp);
        Ok(Stamped {
            at,
            event: Event::decode(envelope)?,
        })
    }
}

impl Client {
    /// Subscribes to events matching containerd filters (e.g. `topic=="/tasks/exit"`); events
    /// of every namespace arrive unless a `namespace==` filter is given.
    ///
    /// Returns once the subscription is live, so that events caused by calls made after this
    /// returns are not missed (containerd acknowledges a subscription only with its first event,
    /// so a marker event is published until it comes back).
    pub async fn events_subscribe(
        &self,
        filters: &[String],
    ) -> Result<BoxStream<'static, Result<Event, Error>>, Error> {
        let stream = self.events_subscribe_stamped(filters).await?;
        Ok(stream.map(|item| item.map(|s| s.event)).boxed())
    }

    /// [`Client::events_subscribe`] with each event's publication time.
    pub async fn events_subscribe_stamped(
        &self,
        filters: &[String],
    ) -> Result<BoxStream<'static, Result<Stamped, Error>>, Error> {
        let marker = format!("{SYNC_TOPIC_PREFIX}{}", crate::random_hex(8));
        let mut filters = filters.to_vec();
        // Filters are alternatives; with none, every event (the marker too) already matches.
        if !filters.is_empty() {
            filters.push(format!("topic=={marker:?}"));
        }
        let request = self.request(api::SubscribeRequest { filters })?;
        let (tx, mut rx) = mpsc::channel::<Result<Stamped, Error>>(256);
        let this = self.clone();
        tokio::spawn(async move {
            let mut stream = match this.events_service().subscribe(request).await {
                Ok(r) => r.into_inner(),
                Err(s) => {
                    let _ = tx
                        .send(Err(Error::from_status("subscribe to events", s)))
                        .await;
                    return;
                }
            };
            loop {
                tokio::select! {
                    message = stream.message() => {
                        let item = match message {
                            Ok(Some(envelope)) => Stamped::decode(envelope),
                            Ok(None) => break,
                            Err(s) => Err(Error::from_status("receive event", s)),
                        };
                        let failed = item.is_err();
                        if tx.send(item).await.is_err() || failed {
                            break;
                        }
                    }
                    _ = tx.closed() => break,
                }
            }
        });

        let deadline = tokio::time::Instant::now() + SUBSCRIBE_TIMEOUT;
        let mut early = Vec::new();
        loop {
            self.events_service()
                .publish(self.request(api::PublishRequest {
                    topic: marker.clone(),
                    event: Some(prost_types::Any {
                        type_url: "google.protobuf.Empty".to_string(),
                        value: Vec::new(),
                    }),
                })?)
                .await
                .map_err(|s| Error::from_status("publish event", s))?;
            let wait = tokio::time::sleep(SUBSCRIBE_POLL);
            tokio::pin!(wait);
            let mut synced = false;
            loop {
                tokio::select! {
                    item = rx.recv() => match item {
                        Some(Ok(Stamped { event: Event::Other { topic, .. }, .. })) if topic == marker => {
                            synced = true;
                            break;
                        }
                        Some(Ok(Stamped { event: Event::Other { topic, .. }, .. })) if topic.starts_with(SYNC_TOPIC_PREFIX) => {}
                        Some(Ok(event)) => early.push(Ok(event)),
                        Some(Err(e)) => return Err(e),
                        None => return Err(Error::Unavailable("subscribe to events: stream closed".to_string())),
                    },
                    _ = &mut wait => break,
                }
            }
            if synced {
                break;
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Error::Unavailable(
                    "subscribe to events: containerd did not confirm the subscription".to_string(),
                ));
            }
        }
        let rest = ReceiverStream::new(rx).filter(|item| {
            let marker = matches!(item, Ok(Stamped { event: Event::Other { topic, .. }, .. }) if topic.starts_with(SYNC_TOPIC_PREFIX));
            futures::future::ready(!marker)
        });
        Ok(futures::stream::iter(early).chain(rest).boxed())
    }
}

impl Client {
    /// Publishes an event with an opaque payload on `topic` in this client's namespace (linnet's
    /// own markers; containerd forwards the payload to subscribers as it is).
    pub async fn events_publish(
        &self,
        topic: &str,
        type_url: &str,
        value: Vec<u8>,
    ) -> Result<(), Error> {
        self.events_service()
            .publish(self.request(api::PublishRequest {
                topic: topic.to_string(),
                event: Some(prost_types::Any {
                    type_url: type_url.to_string(),
                    value,
                }),
            })?)
            .await
            .map_err(|s| Error::from_status("publish event", s))?;
        Ok(())
    }
}
