//! The recorder: subscribes to all of containerd's events and appends their Docker translation
//! to the journal. It runs for the lifetime of linnet's snapshotter (see the module docs of
//! [`super`] for why there) and reconnects whenever containerd goes away, so that it survives
//! containerd restarts; what happens while containerd is down produces no events anyway.

use std::path::Path;
use std::time::Duration;

use futures::StreamExt;
use linnet_containerd::{Client, Event};

use super::journal::{Entry, Journal, JournalWriter, SYNC_TOPIC};
use super::Translator;
use crate::Error;

/// Pause between connection attempts.
const RETRY: Duration = Duration::from_millis(250);

/// Records forever (until the task is dropped).
pub async fn run(containerd_socket: &Path, journal: Journal) {
    if let Err(e) = journal.claim() {
        tracing::warn!("event recorder disabled: {e}");
        return;
    }
    let mut writer = JournalWriter::new(journal);
    let mut translator = Translator::new();
    loop {
        if let Err(e) = session(containerd_socket, &mut writer, &mut translator).await {
            tracing::debug!("event recorder: {e}; reconnecting");
        }
        tokio::time::sleep(RETRY).await;
    }
}

/// One connection's worth of recording; returns when the stream ends or fails.
async fn session(
    socket: &Path,
    writer: &mut JournalWriter,
    translator: &mut Translator,
) -> Result<(), Error> {
    if !socket.exists() {
        return Ok(());
    }
    let client = Client::connect(socket, "default").await?;
    // Subscribe first: what happens during the warm-up below waits in the stream.
    let mut stream = client.events_subscribe_stamped(&[]).await?;
    writer.journal().mark_subscribed();
    let namespaces = client.namespaces().await?;
    translator.warm(&client, &namespaces).await;
    while let Some(item) = stream.next().await {
        let stamped = item?;
        if let Event::Linnet {
            namespace,
            topic,
            payload,
        } = &stamped.event
        {
            if topic == SYNC_TOPIC {
                let sync = String::from_utf8_lossy(payload).into_owned();
                writer.append(namespace, &Entry::Sync { sync })?;
                continue;
            }
        }
        for (namespace, event) in translator.translate(&client, stamped).await {
            writer.append(&namespace, &Entry::Event(event))?;
        }
    }
    Ok(())
}
