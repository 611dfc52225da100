//! The background fetcher: once readers have been quiet for a silence period, it pulls the
//! layer's remaining spans one at a time, rate-limited, so the layer ends up fully local
//! without competing with on-demand reads. It pauses on request and stops with the mount.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::spans::SpanManager;

/// Consecutive failures of one span after which the fetcher gives up (reads stay on demand).
const MAX_FAILURES: u32 = 3;

/// Background fetch settings.
#[derive(Debug, Clone, Copy)]
pub struct BackgroundOptions {
    /// Quiet time (no on-demand fetch) before background fetching starts or resumes.
    pub silence: Duration,
    /// Minimum time between two background span fetches.
    pub period: Duration,
    /// Start paused; call [`crate::MountedLayer::resume_background`] to begin.
    pub start_paused: bool,
}

impl Default for BackgroundOptions {
    /// soci's defaults: 30 s silence, one span every 500 ms.
    fn default() -> Self {
        BackgroundOptions {
            silence: Duration::from_secs(30),
            period: Duration::from_millis(500),
            start_paused: false,
        }
    }
}

#[derive(Debug, Default)]
struct Control {
    stop: bool,
    paused: bool,
}

#[derive(Debug, Default)]
struct Shared {
    ctl: Mutex<Control>,
    wake: Condvar,
}

impl Shared {
    /// Sleeps up to `d`; returns false when asked to stop.
    fn sleep(&self, d: Duration) -> bool {
        let deadline = Instant::now() + d;
        let mut ctl = lock(&self.ctl);
        loop {
            if ctl.stop {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                return true;
            }
            ctl = self
                .wake
                .wait_timeout(ctl, deadline - now)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }
}

/// Handle of one layer's background fetch thread; stops it on drop.
#[derive(Debug)]
pub(crate) struct Fetcher {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Fetcher {
    pub fn start(spans: Arc<SpanManager>, opts: BackgroundOptions) -> std::io::Result<Fetcher> {
        let shared = Arc::new(Shared {
            ctl: Mutex::new(Control {
                stop: false,
                paused: opts.start_paused,
            }),
            wake: Condvar::new(),
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("lazyfs-bgfetch".into())
            .spawn(move || run(&s, &spans, opts))?;
        Ok(Fetcher {
            shared,
            thread: Some(thread),
        })
    }

    pub fn set_paused(&self, paused: bool) {
        lock(&self.shared.ctl).paused = paused;
        self.shared.wake.notify_all();
    }

    pub fn stop(&mut self) {
        lock(&self.shared.ctl).stop = true;
        self.shared.wake.notify_all();
        if let Some(t) = self.thread.take() {
            // A span fetch in progress finishes (bounded by its retry budget) before the join.
            let _ = t.join();
        }
    }
}

impl Drop for Fetcher {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(shared: &Shared, spans: &SpanManager, opts: BackgroundOptions) {
    let mut failures = 0u32;
    let mut last_failed = None;
    loop {
        // Chains what readers fetched meanwhile (trusted layers leave that to this thread).
        spans.advance_chain(&[], false);
        if lock(&shared.ctl).paused {
            if !shared.sleep(opts.period.max(Duration::from_millis(50))) {
                return;
            }
            continue;
        }
        let idle = spans.last_demand().elapsed();
        if idle < opts.silence {
            if !shared.sleep(opts.silence - idle) {
                return;
            }
            continue;
        }
        let Some(id) = spans.next_missing() else {
            tracing::debug!(layer = spans.layer(), "background fetch complete");
            // Hashes the whole layer against its digest (and chains spans an earlier run
            // left in the cache).
            spans.complete_chain();
            return;
        };
        if let Err(e) = spans.ensure(&[id]) {
            failures = if last_failed == Some(id) {
                failures + 1
            } else {
                1
            };
            last_failed = Some(id);
            tracing::warn!(
                layer = spans.layer(),
                span = id,
                "background fetch failed: {e}"
            );
            if failures >= MAX_FAILURES {
                tracing::error!(
                    layer = spans.layer(),
                    span = id,
                    "background fetch gives up; the rest of the layer stays on demand"
                );
                return;
            }
            if !shared.sleep(opts.silence.max(opts.period)) {
                return;
            }
            continue;
        }
        if !shared.sleep(opts.period) {
            return;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
