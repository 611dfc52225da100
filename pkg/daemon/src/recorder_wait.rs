//! `system start` returns once linnet's event recorder (run by the snapshotter, see
//! `linnet_container::events`) has subscribed to the new containerd, so that `events --since`
//! also knows what the first commands after a start did. The recorder touches
//! `<data root>/events/recorder.subscribed` at each subscription.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a start waits for the recorder; past it, events of the first moments may be missing.
const WAIT: Duration = Duration::from_secs(5);

/// Waits until the recorder named in `<events dir>/recorder.pid` (if any is alive) has
/// subscribed at or after `since`.
pub async fn wait_subscribed(data_root: &Path, since: SystemTime) {
    let dir = data_root.join("events");
    let alive = std::fs::read_to_string(dir.join("recorder.pid"))
        .ok()
        .and_then(|t| t.trim().parse::<u32>().ok())
        .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
    if !alive {
        return;
    }
    let marker = dir.join("recorder.subscribed");
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        let fresh = std::fs::metadata(&marker)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= since);
        if fresh {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    tracing::warn!("the event recorder did not subscribe to containerd within {WAIT:?}");
}
