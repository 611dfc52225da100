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
    /// Any other topic (e.g. `/images/create`), undecoded.
    Other { namespace: String, topic: String },
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
            _ => Event::Other { namespace, topic },
        };
        Ok(event)
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
        let marker = format!("{SYNC_TOPIC_PREFIX}{}", crate::random_hex(8));
        let mut filters = filters.to_vec();
        // Filters are alternatives; with none, every event (the marker too) already matches.
        if !filters.is_empty() {
            filters.push(format!("topic=={marker:?}"));
        }
        let request = self.request(api::SubscribeRequest { filters })?;
        let (tx, mut rx) = mpsc::channel::<Result<Event, Error>>(256);
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
                            Ok(Some(envelope)) => Event::decode(envelope),
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
                        Some(Ok(Event::Other { topic, .. })) if topic == marker => {
                            synced = true;
                            break;
                        }
                        Some(Ok(Event::Other { topic, .. })) if topic.starts_with(SYNC_TOPIC_PREFIX) => {}
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
            let marker = matches!(item, Ok(Event::Other { topic, .. }) if topic.starts_with(SYNC_TOPIC_PREFIX));
            futures::future::ready(!marker)
        });
        Ok(futures::stream::iter(early).chain(rest).boxed())
    }
}
