//! The general priority queue of the Dijkstra searches (any non-negative
//! weights).

use super::queue::Open;

/// A radix heap (Ahuja, Mehlhorn, Orlin & Tarjan) on the bit patterns of
/// non-negative distances, which order like the numbers. Dijkstra pops
/// keys in non-decreasing order, which is all a radix heap needs; an entry
/// moves down at most 64 buckets over its life, so a push costs O(1) and a
/// pop O(1) amortized. Measured against an inlined 4-ary heap it saves
/// about a fifth of a grid search (benches/README.md). Entries are (key
/// bits, vertex); an entry is stale when its key is no longer its vertex's
/// label (a vertex is pushed again only with a strictly lower one).
#[derive(Debug, Clone)]
pub(super) struct RadixHeap {
    /// The last key popped; every entry is ≥ it.
    last: u64,
    /// Bucket `i > 0` holds keys whose highest bit differing from `last`
    /// is bit `i - 1`; bucket 0 holds keys equal to `last`.
    buckets: Vec<Vec<(u64, u32)>>,
    /// Bit `i` set: bucket `i` is not empty.
    nonempty: u128,
}

impl Default for RadixHeap {
    fn default() -> Self {
        RadixHeap {
            last: 0,
            buckets: vec![Vec::new(); 65],
            nonempty: 0,
        }
    }
}

impl RadixHeap {
    #[inline]
    fn bucket(last: u64, key: u64) -> usize {
        (64 - (key ^ last).leading_zeros()) as usize
    }

    pub(super) fn clear(&mut self) {
        while self.nonempty != 0 {
            let i = self.nonempty.trailing_zeros() as usize;
            self.buckets[i].clear();
            self.nonempty &= !(1u128 << i);
        }
        self.last = 0;
    }

    /// Makes bucket 0 non-empty (if the heap is not): the smallest
    /// non-empty bucket's minimum becomes `last` and its entries move down.
    /// Stale entries are dropped on the way instead of moved.
    #[inline]
    fn refill(&mut self, dist: &[f64]) -> bool {
        loop {
            if self.nonempty & 1 == 1 {
                return true;
            }
            if self.nonempty == 0 {
                return false;
            }
            let i = self.nonempty.trailing_zeros() as usize;
            let mut moved = std::mem::take(&mut self.buckets[i]);
            self.nonempty &= !(1u128 << i);
            let current = |&(k, v): &(u64, u32)| k == dist[v as usize].to_bits();
            if let Some(last) = moved.iter().filter(|e| current(e)).map(|e| e.0).min() {
                self.last = last;
                for &(k, v) in moved.iter().filter(|e| current(e)) {
                    let b = Self::bucket(last, k);
                    self.buckets[b].push((k, v));
                    self.nonempty |= 1u128 << b;
                }
            }
            // Give the emptied bucket its allocation back.
            moved.clear();
            self.buckets[i] = moved;
        }
    }
}

impl Open for RadixHeap {
    #[inline]
    fn push(&mut self, d: f64, v: u32) {
        let key = d.to_bits();
        debug_assert!(key >= self.last, "radix heap keys must not decrease");
        let b = Self::bucket(self.last, key);
        self.buckets[b].push((key, v));
        self.nonempty |= 1u128 << b;
    }

    #[inline]
    fn pop(&mut self, dist: &[f64], _settled: &[bool]) -> Option<u32> {
        while self.refill(dist) {
            let (k, v) = self.buckets[0].pop().expect("bucket 0 is not empty");
            if self.buckets[0].is_empty() {
                self.nonempty &= !1;
            }
            if k == dist[v as usize].to_bits() {
                return Some(v);
            }
        }
        None
    }

    #[inline]
    fn min_key(&mut self, dist: &[f64], _settled: &[bool]) -> f64 {
        while self.refill(dist) {
            let &(k, v) = self.buckets[0].last().expect("bucket 0 is not empty");
            if k == dist[v as usize].to_bits() {
                return f64::from_bits(k);
            }
            self.buckets[0].pop();
            if self.buckets[0].is_empty() {
                self.nonempty &= !1;
            }
        }
        f64::INFINITY
    }
}
