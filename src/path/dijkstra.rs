//! Dijkstra's algorithm on a [`Csr`] adjacency array with a reusable query
//! state: distance, predecessor and heap-position arrays are allocated once
//! and only the vertices a query touched are reset, so a query costs what
//! it visits, not the size of the graph. The priority queue is a 4-ary heap of
//! (distance, vertex) pairs kept together for cache locality; a vertex whose
//! distance drops is pushed again and its stale entry skipped when popped. Ties are broken by
//! vertex number, so results are deterministic.
//!
//! ```text
//!   sources ──► settle the closest open vertex ──► relax its arcs ──► stop
//!               (4-ary heap keyed by distance)     (skip masked edges)   (target settled)
//! ```

use super::csr::Csr;
use super::radix::RadixHeap;

const NONE: u32 = u32::MAX;

/// When a search may stop.
#[derive(Debug, Clone, Copy)]
pub enum Stop<'a> {
    /// When the first of these vertices is settled.
    AnyOf(&'a [u32]),
    /// When all of these vertices are settled (or unreachable).
    AllOf(&'a [u32]),
    /// Never: settle everything reachable.
    Exhaust,
}

/// Per-thread search state, reusable across queries and graphs.
#[derive(Debug, Clone, Default)]
pub struct QueryState {
    dist: Vec<f64>,
    /// The arc into each reached vertex (NONE for sources); its tail is
    /// found from the adjacency array when a path is read back.
    pred: Vec<u32>,
    settled_flag: Vec<bool>,
    /// Open entries (distance bits, vertex); stale ones are skipped on pop.
    heap: RadixHeap,
    touched: Vec<u32>,
}

impl QueryState {
    /// State for graphs of up to `n` vertices (it grows if needed).
    pub fn new(n: usize) -> QueryState {
        QueryState {
            dist: vec![f64::INFINITY; n],
            pred: vec![NONE; n],
            settled_flag: vec![false; n],
            heap: RadixHeap::default(),
            touched: Vec::new(),
        }
    }

    fn reset(&mut self, n: usize) {
        if self.dist.len() < n {
            *self = QueryState::new(n);
            return;
        }
        for &v in &self.touched {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.pred[v] = NONE;
            self.settled_flag[v] = false;
        }
        self.touched.clear();
        self.heap.clear();
    }

    #[inline]
    fn push(&mut self, d: f64, v: u32) {
        self.heap.push(d.to_bits(), v);
    }

    #[inline]
    fn pop_entry(&mut self) -> Option<(u64, u32)> {
        let dist = &self.dist;
        self.heap.pop(|bits, v| bits == dist[v as usize].to_bits())
    }

    /// The next vertex to settle (skipping stale entries).
    #[inline]
    fn pop(&mut self) -> Option<u32> {
        while let Some((bits, v)) = self.pop_entry() {
            let i = v as usize;
            // An entry is current iff its key is the vertex's distance: a
            // vertex is pushed again only with a strictly lower one.
            if bits != self.dist[i].to_bits() {
                continue;
            }
            self.settled_flag[i] = true;
            return Some(v);
        }
        None
    }

    /// The smallest open key (∞ if none), after dropping stale entries.
    #[inline]
    fn top_key(&mut self) -> f64 {
        loop {
            let dist = &self.dist;
            let Some((bits, v)) = self.heap.peek(|bits, v| bits == dist[v as usize].to_bits())
            else {
                break;
            };
            let i = v as usize;
            if bits != self.dist[i].to_bits() {
                self.pop_entry();
                continue;
            }
            return f64::from_bits(bits);
        }
        f64::INFINITY
    }

    /// Lowers `v`'s distance (queueing it). False if not lower.
    #[inline]
    fn improve(&mut self, v: u32, d: f64, arc: u32) -> bool {
        let i = v as usize;
        let old = self.dist[i];
        if d >= old || self.settled_flag[i] {
            return false;
        }
        if old == f64::INFINITY {
            self.touched.push(v);
        }
        self.dist[i] = d;
        self.pred[i] = arc;
        self.push(d, v);
        true
    }

    /// Multi-source search: each source starts at its given cost. Arc `a`
    /// has weight `weights[a]` (non-negative, arc order); arcs whose edge is
    /// masked out (`allowed[edge] == false`) are skipped.
    ///
    /// Complexity: O((V' + E') log₄ V') for the V' vertices and E' arcs
    /// visited before stopping.
    pub fn search(
        &mut self,
        g: &Csr,
        weights: &[f64],
        sources: &[(u32, f64)],
        allowed: Option<&[bool]>,
        stop: Stop<'_>,
    ) {
        self.reset(g.vertex_count());
        for &(s, d) in sources {
            self.improve(s, d, NONE);
        }
        let mut remaining = match stop {
            Stop::AllOf(t) => t.len(),
            _ => usize::MAX,
        };
        while let Some(u) = self.pop() {
            match stop {
                Stop::AnyOf(t) if t.contains(&u) => return,
                Stop::AllOf(t) if t.contains(&u) => {
                    remaining -= 1;
                    if remaining == 0 {
                        return;
                    }
                }
                _ => {}
            }
            let du = self.dist[u as usize];
            match allowed {
                None => self.relax::<false, true>(g, weights, &[], u, du),
                Some(m) => self.relax::<true, true>(g, weights, m, u, du),
            }
        }
    }

    /// Single source to all, distances only (no predecessors are kept, so
    /// [`path_to`](Self::path_to) is not available afterwards).
    ///
    /// Complexity: O((V' + E') · c) for the V' vertices and E' arcs
    /// reachable, c the radix heap's amortized cost (≤ 64 moves per entry).
    pub fn costs_from(&mut self, g: &Csr, weights: &[f64], source: u32) {
        self.reset(g.vertex_count());
        self.improve(source, 0.0, NONE);
        while let Some(u) = self.pop() {
            let du = self.dist[u as usize];
            self.relax::<false, false>(g, weights, &[], u, du);
        }
    }

    /// Relaxes the arcs leaving `u` (skipping masked edges if `MASKED`).
    #[inline(always)]
    fn relax<const MASKED: bool, const TRACK: bool>(
        &mut self,
        g: &Csr,
        weights: &[f64],
        allowed: &[bool],
        u: u32,
        du: f64,
    ) {
        let range = g.arc_range(u);
        let heads = g.heads(range.clone());
        let ws = &weights[range.clone()];
        for (k, (&h, &w)) in heads.iter().zip(ws).enumerate() {
            let a = range.start + k;
            if MASKED && !allowed[g.edge(a) as usize] {
                continue;
            }
            let d = du + w;
            let i = h as usize;
            let old = self.dist[i];
            // A settled vertex has old ≤ du ≤ d, so it is never lowered.
            if d < old {
                if old == f64::INFINITY {
                    self.touched.push(h);
                }
                self.dist[i] = d;
                if TRACK {
                    self.pred[i] = a as u32;
                }
                self.heap.push(d.to_bits(), h);
            }
        }
    }

    /// Single pair: stops when `target` is settled. Returns its distance.
    pub fn pair(&mut self, g: &Csr, weights: &[f64], source: u32, target: u32) -> Option<f64> {
        self.search(g, weights, &[(source, 0.0)], None, Stop::AnyOf(&[target]));
        self.settled(target).then(|| self.dist(target))
    }

    /// How many vertices the last search reached (its work, for benchmarks).
    pub fn reached(&self) -> usize {
        self.touched.len()
    }

    /// Distance of a vertex after a search (∞ if not reached).
    #[inline]
    pub fn dist(&self, v: u32) -> f64 {
        self.dist[v as usize]
    }

    /// Whether the vertex was settled (its distance is final).
    #[inline]
    pub fn settled(&self, v: u32) -> bool {
        self.settled_flag.get(v as usize) == Some(&true)
    }

    /// The edge ids from a source to `v`, in travel order.
    pub fn path_to(&self, g: &Csr, v: u32) -> Vec<u32> {
        let mut edges = Vec::new();
        let mut cur = v;
        while self.pred[cur as usize] != NONE {
            let arc = self.pred[cur as usize] as usize;
            edges.push(g.edge(arc));
            cur = g.tail(arc);
        }
        edges.reverse();
        edges
    }

    /// The vertices from a source to `v`, in travel order.
    pub fn vertex_path_to(&self, g: &Csr, v: u32) -> Vec<u32> {
        let mut vs = vec![v];
        let mut cur = v;
        while self.pred[cur as usize] != NONE {
            cur = g.tail(self.pred[cur as usize] as usize);
            vs.push(cur);
        }
        vs.reverse();
        vs
    }
}

/// Bidirectional Dijkstra for single pairs: a forward search from the
/// source and a backward search (on the reverse graph) from the target,
/// alternating by the smaller frontier key, stopping when the two frontier
/// keys together reach the best meeting distance. Settles roughly half
/// the vertices of a one-sided search on road-like graphs.
#[derive(Debug, Clone, Default)]
pub struct BiState {
    fwd: QueryState,
    bwd: QueryState,
}

impl BiState {
    /// Vertices reached by the last search, forward plus backward.
    pub fn reached(&self) -> usize {
        self.fwd.reached() + self.bwd.reached()
    }

    /// State for graphs of up to `n` vertices.
    pub fn new(n: usize) -> BiState {
        BiState {
            fwd: QueryState::new(n),
            bwd: QueryState::new(n),
        }
    }

    /// Shortest `source` → `target` distance and the edge ids of a
    /// shortest path. `rweights` are the weights in the reverse graph's arc
    /// order (`reverse.by_arc(per_edge)`).
    ///
    /// Complexity: O((V' + E') log₄ V') for what both searches visit.
    pub fn pair(
        &mut self,
        g: &Csr,
        weights: &[f64],
        rev: &Csr,
        rweights: &[f64],
        source: u32,
        target: u32,
    ) -> Option<(f64, Vec<u32>)> {
        let (f, b) = (&mut self.fwd, &mut self.bwd);
        f.reset(g.vertex_count());
        b.reset(g.vertex_count());
        f.improve(source, 0.0, NONE);
        b.improve(target, 0.0, NONE);
        let mut best = if source == target { 0.0 } else { f64::INFINITY };
        let mut meet = if source == target { source } else { NONE };
        loop {
            let (kf, kb) = (f.top_key(), b.top_key());
            // Every path still to find is at least kf + kb long.
            if kf + kb >= best {
                break;
            }
            let (s, o, graph, w) = if kf <= kb {
                (&mut *f, &*b, g, weights)
            } else {
                (&mut *b, &*f, rev, rweights)
            };
            let u = s.pop().expect("a finite key");
            let du = s.dist[u as usize];
            let range = graph.arc_range(u);
            for (k, (&v, &wa)) in graph
                .heads(range.clone())
                .iter()
                .zip(&w[range.clone()])
                .enumerate()
            {
                let d = du + wa;
                let i = v as usize;
                let old = s.dist[i];
                if d < old {
                    if old == f64::INFINITY {
                        s.touched.push(v);
                    }
                    s.dist[i] = d;
                    s.pred[i] = (range.start + k) as u32;
                    s.heap.push(d.to_bits(), v);
                    // Each side checks the meeting whenever it improves a
                    // vertex, so every meeting is seen.
                    let through = d + o.dist[i];
                    if through < best {
                        best = through;
                        meet = v;
                    }
                }
            }
        }
        if meet == NONE {
            return None;
        }
        let mut path = f.path_to(g, meet);
        let mut back = b.path_to(rev, meet);
        back.reverse();
        path.extend(back);
        Some((best, path))
    }
}
