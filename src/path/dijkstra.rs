//! Dijkstra's algorithm on a [`Csr`] adjacency array with a reusable query
//! state: label arrays are allocated once and only the vertices a query
//! touched are reset, so a query costs what it visits, not the size of the
//! graph. Open vertices wait in one of two queues ([`super::queue`]): a
//! ring of buckets when the weights allow it, else a radix heap. A vertex
//! whose label drops is pushed again and its stale entry skipped. Settling
//! order is a function of the inputs alone, so results are deterministic.
//!
//! ```text
//!   sources ──► settle an open vertex ──► relax its arcs ──► stop
//!               no open one can lower     (skip masked       (targets settled,
//!               (buckets / radix heap)     edges)             or all done)
//! ```

use super::buckets::Buckets;
use super::csr::{ArcWeights, Csr};
use super::queue::Open;
use super::radix::RadixHeap;

pub(super) const NONE: u32 = u32::MAX;

/// When a search may stop.
#[derive(Debug, Clone, Copy)]
pub enum Stop<'a> {
    /// When the closest of these vertices is settled (others no farther
    /// may be settled too: take the closest settled one).
    AnyOf(&'a [u32]),
    /// When all of these vertices are settled (or unreachable).
    AllOf(&'a [u32]),
    /// Never: settle everything reachable.
    Exhaust,
}

/// Labels of one search: distance, predecessor arc and settled flag per
/// vertex, and the vertices touched (so only they are reset).
#[derive(Debug, Clone, Default)]
pub(super) struct Labels {
    pub(super) dist: Vec<f64>,
    /// The arc into each reached vertex (NONE for sources); its tail is
    /// found from the adjacency array when a path is read back.
    pred: Vec<u32>,
    settled: Vec<bool>,
    touched: Vec<u32>,
}

impl Labels {
    pub(super) fn reset(&mut self, n: usize) {
        if self.dist.len() < n {
            *self = Labels {
                dist: vec![f64::INFINITY; n],
                pred: vec![NONE; n],
                settled: vec![false; n],
                touched: Vec::new(),
            };
            return;
        }
        for &v in &self.touched {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.pred[v] = NONE;
            self.settled[v] = false;
        }
        self.touched.clear();
    }

    /// Lowers `v`'s label to `d` through `arc` and queues it, if `d` is
    /// lower. A settled vertex is never lowered: the queue only settles a
    /// vertex no open one can lower.
    #[inline(always)]
    pub(super) fn lower<Q: Open, const TRACK: bool>(
        &mut self,
        q: &mut Q,
        v: u32,
        d: f64,
        arc: u32,
    ) -> bool {
        let i = v as usize;
        let old = self.dist[i];
        if d < old {
            if old == f64::INFINITY {
                self.touched.push(v);
            }
            self.dist[i] = d;
            if TRACK {
                self.pred[i] = arc;
            }
            q.push(d, v);
            true
        } else {
            false
        }
    }

    /// Settles the next vertex the queue gives.
    #[inline(always)]
    pub(super) fn settle_next<Q: Open>(&mut self, q: &mut Q) -> Option<u32> {
        let v = q.pop(&self.dist, &self.settled)?;
        self.settled[v as usize] = true;
        Some(v)
    }

    #[inline(always)]
    pub(super) fn min_key<Q: Open>(&self, q: &mut Q) -> f64 {
        q.min_key(&self.dist, &self.settled)
    }

    /// Relaxes the arcs leaving `u` (skipping masked edges if `MASKED`).
    #[inline(always)]
    fn relax<Q: Open, const MASKED: bool, const TRACK: bool>(
        &mut self,
        q: &mut Q,
        g: &Csr,
        weights: &[f64],
        allowed: &[bool],
        u: u32,
    ) {
        let du = self.dist[u as usize];
        let range = g.arc_range(u);
        let heads = g.heads(range.clone());
        let ws = &weights[range.clone()];
        for (k, (&h, &w)) in heads.iter().zip(ws).enumerate() {
            let a = range.start + k;
            if MASKED && !allowed[g.edge(a) as usize] {
                continue;
            }
            self.lower::<Q, TRACK>(q, h, du + w, a as u32);
        }
    }

    /// Queues the sources and runs the search loop on `q`.
    fn start<Q: Open, const TRACK: bool>(
        &mut self,
        q: &mut Q,
        g: &Csr,
        weights: &[f64],
        sources: &[(u32, f64)],
        allowed: Option<&[bool]>,
        stop: Stop<'_>,
    ) {
        for &(s, d) in sources {
            self.lower::<Q, TRACK>(q, s, d, NONE);
        }
        match allowed {
            None => self.run::<Q, false, TRACK>(q, g, weights, &[], stop),
            Some(mask) => self.run::<Q, true, TRACK>(q, g, weights, mask, stop),
        }
    }

    /// The search loop of [`QueryState::search`] on one queue.
    fn run<Q: Open, const MASKED: bool, const TRACK: bool>(
        &mut self,
        q: &mut Q,
        g: &Csr,
        weights: &[f64],
        allowed: &[bool],
        stop: Stop<'_>,
    ) {
        let mut remaining = match stop {
            Stop::AllOf(t) => t.len(),
            _ => usize::MAX,
        };
        // The closest target settled so far (AnyOf).
        let mut found = f64::INFINITY;
        while let Some(u) = self.settle_next(q) {
            match stop {
                Stop::AnyOf(t) if t.contains(&u) => found = found.min(self.dist[u as usize]),
                Stop::AllOf(t) if t.contains(&u) => {
                    remaining -= 1;
                    if remaining == 0 {
                        return;
                    }
                }
                _ => {}
            }
            // A bucket is settled in any order, so a closer target may
            // still be open until the queue's lower bound passes `found`.
            if found < f64::INFINITY && found <= self.min_key(q) {
                return;
            }
            self.relax::<Q, MASKED, TRACK>(q, g, weights, allowed, u);
        }
    }

    /// The arcs from `v` back to a source (last arc first).
    pub(super) fn arcs_back(&self, g: &Csr, v: u32) -> Vec<u32> {
        let mut arcs = Vec::new();
        let mut cur = v;
        while self.pred[cur as usize] != NONE {
            let arc = self.pred[cur as usize];
            arcs.push(arc);
            cur = g.tail(arc as usize);
        }
        arcs
    }
}

/// Per-thread search state, reusable across queries and graphs: the
/// labels, and both queues (the search picks one, see [`super::queue`]).
#[derive(Debug, Clone, Default)]
pub struct QueryState {
    pub(super) labels: Labels,
    pub(super) buckets: Buckets,
    pub(super) radix: RadixHeap,
}

impl QueryState {
    /// State for graphs of up to `n` vertices (it grows if needed).
    pub fn new(n: usize) -> QueryState {
        let mut q = QueryState::default();
        q.labels.reset(n);
        q
    }

    /// Multi-source search: each source starts at its given cost. Arc `a`
    /// has weight `weights[a]`; arcs whose edge is masked out
    /// (`allowed[edge] == false`) are skipped.
    ///
    /// Complexity: O(V' + E') with buckets, O((V' + E') · c) with the radix
    /// heap (c ≤ 64 moves per entry, far fewer in practice), for the V'
    /// vertices and E' arcs visited before stopping.
    ///
    /// ```
    /// use corridor::path::{Csr, QueryState, Stop};
    /// //        e0: 4          e1: 1
    /// //   0 ──────────► 1 ──────────► 3
    /// //   │                           ▲
    /// //   └──────► 2 ─────────────────┘
    /// //   e2: 1        e3: 2
    /// let g = Csr::new(4, &[(0, 1), (1, 3), (0, 2), (2, 3)]);
    /// let w = g.by_arc(&[4.0, 1.0, 1.0, 2.0]);
    /// let mut q = QueryState::new(4);
    /// q.search(&g, &w, &[(0, 0.0)], None, Stop::AnyOf(&[3]));
    /// assert_eq!(q.dist(3), 3.0);
    /// assert_eq!(q.path_to(&g, 3), vec![2, 3]); // edge ids, in travel order
    ///
    /// // Masking out edge 2 forces the upper route.
    /// let allowed = [true, true, false, true];
    /// q.search(&g, &w, &[(0, 0.0)], Some(&allowed), Stop::AnyOf(&[3]));
    /// assert_eq!(q.dist(3), 5.0);
    /// assert_eq!(q.vertex_path_to(&g, 3), vec![0, 1, 3]);
    /// ```
    pub fn search(
        &mut self,
        g: &Csr,
        weights: &ArcWeights,
        sources: &[(u32, f64)],
        allowed: Option<&[bool]>,
        stop: Stop<'_>,
    ) {
        self.run::<true>(g, weights, sources, allowed, stop);
    }

    /// Single source to all, distances only (no predecessors are kept, so
    /// [`path_to`](Self::path_to) is not available afterwards).
    ///
    /// Complexity: as [`search`](Self::search) over everything reachable.
    ///
    /// ```
    /// use corridor::path::{Csr, QueryState};
    /// //   0 ──2──► 1 ──3──► 2      3 (unreachable)
    /// let g = Csr::new(4, &[(0, 1), (1, 2)]);
    /// let w = g.by_arc(&[2.0, 3.0]);
    /// let mut q = QueryState::new(4);
    /// q.costs_from(&g, &w, 0);
    /// assert_eq!((q.dist(1), q.dist(2)), (2.0, 5.0));
    /// assert!(q.dist(3).is_infinite());
    /// ```
    pub fn costs_from(&mut self, g: &Csr, weights: &ArcWeights, source: u32) {
        self.run::<false>(g, weights, &[(source, 0.0)], None, Stop::Exhaust);
    }

    /// Picks the queue for the weights and sources, then runs the search
    /// on it (keeping predecessors if `TRACK`).
    fn run<const TRACK: bool>(
        &mut self,
        g: &Csr,
        weights: &ArcWeights,
        sources: &[(u32, f64)],
        allowed: Option<&[bool]>,
        stop: Stop<'_>,
    ) {
        self.labels.reset(g.vertex_count());
        let lo = sources.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
        let hi = sources.iter().map(|s| s.1).fold(0.0, f64::max);
        let range = (weights.min(), weights.max());
        if self
            .buckets
            .configure(range, (lo.min(hi), hi), g.vertex_count())
        {
            self.labels
                .start::<_, TRACK>(&mut self.buckets, g, weights, sources, allowed, stop);
        } else {
            self.radix.clear();
            self.labels
                .start::<_, TRACK>(&mut self.radix, g, weights, sources, allowed, stop);
        }
    }

    /// Single pair: stops when `target` is settled. Returns its distance.
    ///
    /// ```
    /// use corridor::path::{Csr, QueryState};
    /// //   0 ──1──► 1 ──1──► 2
    /// //   └────────3────────┘ (0 → 2)
    /// let g = Csr::new(3, &[(0, 1), (1, 2), (0, 2)]);
    /// let w = g.by_arc(&[1.0, 1.0, 3.0]);
    /// let mut q = QueryState::new(3);
    /// assert_eq!(q.pair(&g, &w, 0, 2), Some(2.0));
    /// assert_eq!(q.pair(&g, &w, 2, 0), None); // one-way arcs
    /// ```
    pub fn pair(&mut self, g: &Csr, weights: &ArcWeights, source: u32, target: u32) -> Option<f64> {
        self.search(g, weights, &[(source, 0.0)], None, Stop::AnyOf(&[target]));
        self.settled(target).then(|| self.dist(target))
    }

    /// How many vertices the last search reached (its work, for benchmarks).
    pub fn reached(&self) -> usize {
        self.labels.touched.len()
    }

    /// Distance of a vertex after a search (∞ if not reached).
    #[inline]
    pub fn dist(&self, v: u32) -> f64 {
        self.labels.dist[v as usize]
    }

    /// Whether the vertex was settled (its distance is final).
    #[inline]
    pub fn settled(&self, v: u32) -> bool {
        self.labels.settled.get(v as usize) == Some(&true)
    }

    /// The edge ids from a source to `v`, in travel order.
    pub fn path_to(&self, g: &Csr, v: u32) -> Vec<u32> {
        let arcs = self.labels.arcs_back(g, v);
        arcs.iter().rev().map(|&a| g.edge(a as usize)).collect()
    }

    /// The vertices from a source to `v`, in travel order.
    pub fn vertex_path_to(&self, g: &Csr, v: u32) -> Vec<u32> {
        let mut vs = vec![v];
        let mut cur = v;
        while self.labels.pred[cur as usize] != NONE {
            cur = g.tail(self.labels.pred[cur as usize] as usize);
            vs.push(cur);
        }
        vs.reverse();
        vs
    }
}
