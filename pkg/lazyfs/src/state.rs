//! The span state table: for every span of a layer, whether it is present in the cache, being
//! fetched by some reader (pending), or missing, and when its last fetch failed.
//!
//! It lives on its own so that the rules about span states (one fetcher per span, a failed
//! span answers at once for a while instead of starting another retry budget) have one place,
//! and so that eviction (present -> missing) has a place to go later.

use std::time::{Duration, Instant};

/// How long a failed span answers EIO at once instead of being fetched again: the kernel
/// retries a failed readahead with a synchronous read at once, which must not start another
/// full retry budget.
const FAILURE_HOLD: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Missing,
    /// Claimed by one reader, which fetches it; others wait on the manager's condvar.
    InFlight,
    Present,
}

/// State of every span of a layer, behind the span manager's mutex.
#[derive(Debug)]
pub(crate) struct Table {
    state: Vec<State>,
    /// Bumped whenever a fetch of the span fails, so waiters can tell failure from a new claim.
    failures: Vec<u64>,
    /// When the last fetch of the span failed.
    failed_at: Vec<Option<Instant>>,
}

impl Table {
    /// A table from the spans found in the cache (`Present`) and the rest (`Missing`).
    pub(crate) fn new(state: Vec<State>) -> Table {
        let n = state.len();
        Table {
            state,
            failures: vec![0; n],
            failed_at: vec![None; n],
        }
    }

    /// The state of span `id`, `None` when the layer has no such span.
    pub(crate) fn get(&self, id: usize) -> Option<State> {
        self.state.get(id).copied()
    }

    pub(crate) fn is_present(&self, id: usize) -> bool {
        self.get(id) == Some(State::Present)
    }

    pub(crate) fn all_present(&self, ids: &[usize]) -> bool {
        ids.iter().all(|&id| self.is_present(id))
    }

    /// The lowest span that is neither present nor being fetched.
    pub(crate) fn first_missing(&self) -> Option<usize> {
        self.state.iter().position(|s| *s == State::Missing)
    }

    /// How many fetches of span `id` have failed.
    pub(crate) fn failures(&self, id: usize) -> u64 {
        self.failures.get(id).copied().unwrap_or(0)
    }

    /// Whether the last fetch of span `id` failed less than the hold time ago.
    pub(crate) fn recently_failed(&self, id: usize) -> bool {
        self.failed_at
            .get(id)
            .copied()
            .flatten()
            .is_some_and(|at| at.elapsed() < FAILURE_HOLD)
    }

    /// Marks span `id` as being fetched by the caller.
    pub(crate) fn claim(&mut self, id: usize) {
        self.set(id, State::InFlight);
    }

    pub(crate) fn mark_present(&mut self, id: usize) {
        self.set(id, State::Present);
    }

    /// Puts a claimed span back to missing after its fetch failed.
    pub(crate) fn mark_failed(&mut self, id: usize) {
        self.set(id, State::Missing);
        if let Some(f) = self.failures.get_mut(id) {
            *f += 1;
        }
        if let Some(at) = self.failed_at.get_mut(id) {
            *at = Some(Instant::now());
        }
    }

    fn set(&mut self, id: usize, state: State) {
        if let Some(s) = self.state.get_mut(id) {
            *s = state;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_fail_and_present() {
        let mut t = Table::new(vec![State::Present, State::Missing, State::Missing]);
        assert_eq!(t.first_missing(), Some(1));
        t.claim(1);
        assert_eq!(t.get(1), Some(State::InFlight));
        assert_eq!(t.first_missing(), Some(2));
        t.mark_failed(1);
        assert_eq!(t.get(1), Some(State::Missing));
        assert_eq!(t.failures(1), 1);
        assert!(t.recently_failed(1));
        assert!(!t.recently_failed(2));
        t.mark_present(2);
        assert!(t.all_present(&[0, 2]));
        assert!(!t.all_present(&[0, 1]));
        assert_eq!(t.get(3), None);
    }
}
