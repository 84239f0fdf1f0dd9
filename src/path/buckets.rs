//! A bucket queue for weights with a positive minimum (Dial's idea, as
//! generalised by Dinitz): open vertices are kept in buckets of width just
//! under the smallest arc weight. No vertex can lower another vertex of its
//! own bucket (that would take an arc shorter than the bucket), so a whole
//! bucket may be settled in any order, and a push or pop costs O(1) with no
//! comparisons between keys. Buckets form a ring covering the largest arc
//! weight, so only a few are needed.
//!
//! Exactness in floating point: with width `w' = min·(1 − 2⁻²⁰)` and
//! `index(d) = ⌊d / w'⌋` (computed as `⌊fl(d · fl(1/w'))⌋`), relaxing an
//! arc from a label of index `k` gives a label of index ≥ `k + 1` as long
//! as `5·u·(k + 2) ≤ 2⁻²⁰` (`u = 2⁻⁵³`, each rounding error ≤ `u`), that
//! is for `k` below ≈ 1.7·10⁹. [`Buckets::configure`] accepts a search only
//! if every label it can produce (at most the largest source cost plus `n`
//! times the largest weight) has an index below 2²⁸; otherwise, or with a
//! zero weight, the radix heap is used.

use super::queue::Open;

/// Labels of index up to this stay exact (with a wide margin, see above).
const MAX_INDEX: f64 = (1u64 << 28) as f64;
/// The ring holds at most this many buckets (a larger weight range means
/// the radix heap is used).
const MAX_SLOTS: usize = 4096;

/// A ring of buckets of open vertices; see the module docs.
#[derive(Debug, Clone, Default)]
pub(super) struct Buckets {
    slots: Vec<Vec<u32>>,
    /// Bit `i` set: slot `i` may hold entries (cleared when found empty).
    nonempty: Vec<u64>,
    /// `slots.len() - 1` (the ring's length is a power of two).
    mask: u64,
    width: f64,
    inv_width: f64,
    /// Index of the bucket being settled; every entry's index lies in
    /// `cur .. cur + slots.len()`.
    cur: u64,
}

impl Buckets {
    /// Prepares an empty queue for a search with arc weights in `[min,
    /// max]` from sources at costs in `[lo, hi]` on `n` vertices. False if
    /// buckets would not be exact or the ring too long (then the caller
    /// uses another queue).
    pub(super) fn configure(
        &mut self,
        (min, max): (f64, f64),
        (lo, hi): (f64, f64),
        n: usize,
    ) -> bool {
        // (A graph without arcs has min = ∞.)
        if !min.is_finite() || min <= 0.0 || !max.is_finite() || !hi.is_finite() {
            return false;
        }
        let width = min * (1.0 - f64::powi(2.0, -20));
        let inv_width = 1.0 / width;
        if !inv_width.is_finite() || (hi + n as f64 * max) * inv_width >= MAX_INDEX {
            return false;
        }
        // Pushes land at most ⌈(hi − lo + max) / w'⌉ + 1 buckets past the
        // current one; one more for rounding.
        let span = ((hi - lo + max) * inv_width).ceil() as usize + 3;
        if span > MAX_SLOTS {
            return false;
        }
        let len = span.next_power_of_two();
        self.clear(len);
        self.width = width;
        self.inv_width = inv_width;
        self.mask = len as u64 - 1;
        self.cur = (lo * inv_width) as u64;
        true
    }

    /// Empties the ring and sizes it to `len` slots.
    fn clear(&mut self, len: usize) {
        for (w, word) in self.nonempty.iter_mut().enumerate() {
            while *word != 0 {
                let b = word.trailing_zeros() as usize;
                self.slots[w * 64 + b].clear();
                *word &= *word - 1;
            }
        }
        if self.slots.len() != len {
            self.slots.resize_with(len, Vec::new);
            self.nonempty = vec![0; len.div_ceil(64)];
        }
    }

    /// Moves `cur` to the first bucket holding entries; false if none does.
    #[inline]
    fn advance(&mut self) -> bool {
        let slot = (self.cur & self.mask) as usize;
        if !self.slots[slot].is_empty() {
            return true;
        }
        let (w0, b0) = (slot / 64, slot % 64);
        self.nonempty[w0] &= !(1 << b0);
        // Scan the bitmap once round the ring, starting at `slot`.
        let words = self.nonempty.len();
        for step in 0..=words {
            let w = (w0 + step) % words;
            let mut bits = self.nonempty[w];
            if step == 0 {
                bits &= !0u64 << b0;
            } else if step == words {
                bits &= (1u64 << b0) - 1;
            }
            if bits != 0 {
                let found = w * 64 + bits.trailing_zeros() as usize;
                let ahead = (found + self.slots.len() - slot) & self.mask as usize;
                self.cur += ahead as u64;
                return true;
            }
        }
        false
    }
}

impl Open for Buckets {
    #[inline(always)]
    fn push(&mut self, d: f64, v: u32) {
        let slot = ((d * self.inv_width) as u64 & self.mask) as usize;
        debug_assert!(
            (d * self.inv_width) as u64 >= self.cur,
            "a push behind the current bucket"
        );
        self.slots[slot].push(v);
        self.nonempty[slot / 64] |= 1 << (slot % 64);
    }

    #[inline(always)]
    fn pop(&mut self, _dist: &[f64], settled: &[bool]) -> Option<u32> {
        loop {
            if !self.advance() {
                return None;
            }
            let slot = (self.cur & self.mask) as usize;
            while let Some(v) = self.slots[slot].pop() {
                // A vertex lowered into an earlier bucket is settled there.
                if !settled[v as usize] {
                    return Some(v);
                }
            }
        }
    }

    #[inline]
    fn min_key(&mut self, _dist: &[f64], _settled: &[bool]) -> f64 {
        if !self.advance() {
            return f64::INFINITY;
        }
        // Labels in bucket `cur` are ≥ cur·w' up to rounding; one bucket
        // less makes the bound safe.
        self.cur.saturating_sub(1) as f64 * self.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn used_only_where_exact_and_small() {
        let mut b = Buckets::default();
        // The grids and the corridor network: yes.
        assert!(b.configure((1.0, 10.0), (0.0, 0.0), 1_000_000));
        assert!(b.configure((10.5, 5364.0), (0.0, 0.0), 104));
        // A zero weight, no arcs, a range too wide, labels too large: no.
        assert!(!b.configure((0.0, 10.0), (0.0, 0.0), 10));
        assert!(!b.configure((f64::INFINITY, 0.0), (0.0, 0.0), 10));
        assert!(!b.configure((1e-3, 1e3), (0.0, 0.0), 10));
        assert!(!b.configure((1.0, 10.0), (0.0, 0.0), 100_000_000));
        assert!(!b.configure((1.0, 10.0), (0.0, 1e9), 10));
        // Sources spread wider than the ring can hold: no.
        assert!(!b.configure((1.0, 10.0), (0.0, 5000.0), 10));
    }

    #[test]
    fn pops_bucket_by_bucket_round_the_ring() {
        let mut b = Buckets::default();
        // Width just under 1, a ring of 8 slots.
        assert!(b.configure((1.0, 3.0), (0.0, 0.0), 100));
        let mut dist = vec![f64::INFINITY; 10];
        let mut settled = vec![false; 10];
        for (v, d) in [(0, 0.0), (1, 2.5), (2, 1.2), (3, 3.5), (4, 3.1)] {
            dist[v as usize] = d;
            b.push(d, v);
        }
        // A stale entry: vertex 4 lowered into bucket 2 and pushed again.
        dist[4] = 2.9;
        b.push(2.9, 4);
        let mut order = Vec::new();
        while let Some(v) = b.pop(&dist, &settled) {
            settled[v as usize] = true;
            order.push(dist[v as usize]);
            // Each first vertex reaches a second one 3 further on, so the
            // labels wrap the ring.
            if v < 5 {
                dist[v as usize + 5] = dist[v as usize] + 3.0;
                b.push(dist[v as usize + 5], v + 5);
            }
        }
        assert_eq!(order.len(), 10, "each vertex once: {order:?}");
        let buckets: Vec<u64> = order.iter().map(|d| (d * b.inv_width) as u64).collect();
        assert!(buckets.is_sorted(), "buckets in order: {order:?}");
        assert!(b.min_key(&dist, &settled).is_infinite());
    }
}
