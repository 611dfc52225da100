//! The benchmark hook: attach and detach times of a throw-away container, which is what
//! bridge networking adds to `run --rm` against `--network host`.

use std::time::{Duration, Instant};

use crate::attachment::{AttachRequest, NetworkRequest};
use crate::error::Result;
use crate::manager::NetworkManager;
use crate::ports::PortSpec;

impl NetworkManager {
    /// Benchmark hook: times `iterations` attach and detach cycles of a throw-away container
    /// on `network` (what `run --rm` adds to a container on the bridge, against `--network
    /// host`).
    pub fn measure_attach_detach(
        &self,
        network: &str,
        ports: &[PortSpec],
        iterations: usize,
    ) -> Result<Vec<Timing>> {
        let mut out = Vec::with_capacity(iterations);
        for i in 0..iterations {
            let id = format!("linnet-bench-{}-{i}", std::process::id());
            let req = AttachRequest {
                name: id.clone(),
                networks: vec![NetworkRequest {
                    network: network.to_string(),
                    ..Default::default()
                }],
                ports: ports.to_vec(),
                ..Default::default()
            };
            let start = Instant::now();
            self.attach(&id, &req)?;
            let attach = start.elapsed();
            self.detach(&id)?;
            out.push(Timing {
                attach,
                detach: start.elapsed() - attach,
            });
        }
        Ok(out)
    }
}

/// One cycle of [`NetworkManager::measure_attach_detach`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub attach: Duration,
    pub detach: Duration,
}

impl Timing {
    /// The median of attach, detach and their sum over `samples` (zero when empty).
    pub fn medians(samples: &[Timing]) -> Timing {
        let median = |mut v: Vec<Duration>| {
            v.sort();
            v.get(v.len() / 2).copied().unwrap_or_default()
        };
        Timing {
            attach: median(samples.iter().map(|t| t.attach).collect()),
            detach: median(samples.iter().map(|t| t.detach).collect()),
        }
    }

    pub fn total(&self) -> Duration {
        self.attach + self.detach
    }
}
