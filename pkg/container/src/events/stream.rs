//! What `events` does: replay the journal between `--since` and `--until`, then follow it (or,
//! with no recorder running, translate containerd's live stream directly).

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use linnet_containerd::Client;

use super::journal::{Entry, Journal, JournalReader, SYNC_TOPIC, SYNC_TYPE};
use super::{DockerEvent, EventFilter, Translator};
use crate::Error;

/// How long `events` waits for the recorder to catch up with containerd.
const SYNC_TIMEOUT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(100);

/// An `events` invocation.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub filter: EventFilter,
}

impl Query {
    fn in_window(&self, e: &DockerEvent) -> bool {
        let t = e.time();
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

/// Emits the events of `client`'s namespace that `query` selects, in order; returns when
/// `--until` has passed, or never (until `emit` fails, e.g. on a closed stdout).
pub async fn run(
    client: &Client,
    journal: &Journal,
    query: &Query,
    mut emit: impl FnMut(&DockerEvent) -> Result<(), Error>,
) -> Result<(), Error> {
    if let (Some(since), Some(until)) = (query.since, query.until) {
        if until < since {
            return Err(Error::InvalidArgument(format!(
                "`since` time ({}) cannot be after `until` time ({})",
                since.timestamp(),
                until.timestamp()
            )));
        }
    }
    if !journal.has_recorder() {
        return live(client, query, emit).await;
    }
    let namespace = client.namespace().to_string();
    let (mut entries, mut reader) = journal.replay(&namespace)?;
    // Everything containerd published before this marker is in the journal once it shows up.
    let token = crate::meta::new_id();
    client
        .events_publish(SYNC_TOPIC, SYNC_TYPE, token.clone().into_bytes())
        .await?;
    let deadline = tokio::time::Instant::now() + SYNC_TIMEOUT;
    let mut synced = false;
    while !synced {
        synced = entries
            .iter()
            .any(|e| matches!(e, Entry::Sync { sync } if *sync == token));
        if synced || tokio::time::Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        entries.extend(reader.read_new()?);
    }
    let replay = query.since.is_some() || query.until.is_some();
    let mut live = false;
    for entry in entries {
        match entry {
            Entry::Sync { sync } if sync == token => live = true,
            Entry::Sync { .. } => {}
            Entry::Event(e) => {
                // Before the marker: history (shown only when asked for); after it: live.
                if (live || replay) && query.in_window(&e) && query.filter.matches(&e) {
                    emit(&e)?;
                }
            }
        }
    }
    follow(&mut reader, query, emit).await
}

async fn follow(
    reader: &mut JournalReader,
    query: &Query,
    mut emit: impl FnMut(&DockerEvent) -> Result<(), Error>,
) -> Result<(), Error> {
    loop {
        if query.until.is_some_and(|u| Utc::now() > u) {
            return Ok(());
        }
        for entry in reader.read_new()? {
            if let Entry::Event(e) = entry {
                if query.until.is_some_and(|u| e.time() > u) {
                    return Ok(());
                }
                if query.in_window(&e) && query.filter.matches(&e) {
                    emit(&e)?;
                }
            }
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Without a recorder there is no history: translate what happens from now on.
async fn live(
    client: &Client,
    query: &Query,
    mut emit: impl FnMut(&DockerEvent) -> Result<(), Error>,
) -> Result<(), Error> {
    let namespace = client.namespace().to_string();
    let mut stream = client.events_subscribe_stamped(&[]).await?;
    let mut translator = Translator::new();
    translator
        .warm(client, std::slice::from_ref(&namespace))
        .await;
    loop {
        let wait = match query.until {
            Some(u) => (u - Utc::now()).to_std().unwrap_or_default(),
            None => Duration::from_secs(3600),
        };
        let item = tokio::select! {
            item = stream.next() => item,
            _ = tokio::time::sleep(wait) => {
                if query.until.is_some() {
                    return Ok(());
                }
                continue;
            }
        };
        let Some(item) = item else {
            return Ok(());
        };
        for (ns, e) in translator.translate(client, item?).await {
            if ns == namespace && query.in_window(&e) && query.filter.matches(&e) {
                emit(&e)?;
            }
        }
    }
}
