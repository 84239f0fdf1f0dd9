//! What the searches need of a priority queue of open vertices. Two queues
//! implement it: [`super::buckets::Buckets`] when the arc weights have a
//! positive minimum and a moderate range (the common case for transport
//! networks, and the fastest), and [`super::radix::RadixHeap`] for any
//! non-negative weights.

/// A queue of open vertices, keyed by their labels (`dist`). A vertex is
/// pushed again each time its label drops; the queue skips the entries
/// that went stale.
pub(super) trait Open {
    /// Queues `v`, whose label just became `d`.
    fn push(&mut self, d: f64, v: u32);
    /// Removes an open vertex whose label is final (no open vertex can
    /// lower it), or `None` if no vertex is open.
    fn pop(&mut self, dist: &[f64], settled: &[bool]) -> Option<u32>;
    /// A lower bound on every open vertex's label (∞ if none is open).
    fn min_key(&mut self, dist: &[f64], settled: &[bool]) -> f64;
}
