//! Dijkstra's algorithm on a [`Csr`] adjacency array with a reusable query
//! state: distance, predecessor and heap-position arrays are allocated once
//! and only the vertices a query touched are reset, so a query costs what
//! it visits, not the size of the graph. The priority queue is an indexed
//! 4-ary heap with decrease-key (no stale entries). Ties are broken by
//! vertex number, so results are deterministic.
//!
//! ```text
//!   sources ──► settle the closest open vertex ──► relax its arcs ──► stop
//!               (4-ary heap keyed by distance)     (skip masked edges)   (target settled)
//! ```

use super::csr::Csr;

const NONE: u32 = u32::MAX;
/// Heap position of a vertex that is settled.
const SETTLED: u32 = u32::MAX - 1;

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
    pred: Vec<u32>,
    pred_arc: Vec<u32>,
    /// Heap index of an open vertex; NONE if untouched; SETTLED.
    pos: Vec<u32>,
    heap: Vec<u32>,
    touched: Vec<u32>,
}

impl QueryState {
    /// State for graphs of up to `n` vertices (it grows if needed).
    pub fn new(n: usize) -> QueryState {
        QueryState {
            dist: vec![f64::INFINITY; n],
            pred: vec![NONE; n],
            pred_arc: vec![NONE; n],
            pos: vec![NONE; n],
            heap: Vec::new(),
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
            self.pred_arc[v] = NONE;
            self.pos[v] = NONE;
        }
        self.touched.clear();
        self.heap.clear();
    }

    #[inline]
    fn less(&self, a: u32, b: u32) -> bool {
        let (da, db) = (self.dist[a as usize], self.dist[b as usize]);
        da < db || (da == db && a < b)
    }

    #[inline]
    fn sift_up(&mut self, mut i: usize) {
        let v = self.heap[i];
        while i > 0 {
            let parent = (i - 1) / 4;
            let p = self.heap[parent];
            if !self.less(v, p) {
                break;
            }
            self.heap[i] = p;
            self.pos[p as usize] = i as u32;
            i = parent;
        }
        self.heap[i] = v;
        self.pos[v as usize] = i as u32;
    }

    #[inline]
    fn sift_down(&mut self, mut i: usize) {
        let n = self.heap.len();
        let v = self.heap[i];
        loop {
            let first = 4 * i + 1;
            if first >= n {
                break;
            }
            let mut best = first;
            for c in first + 1..(first + 4).min(n) {
                if self.less(self.heap[c], self.heap[best]) {
                    best = c;
                }
            }
            let b = self.heap[best];
            if !self.less(b, v) {
                break;
            }
            self.heap[i] = b;
            self.pos[b as usize] = i as u32;
            i = best;
        }
        self.heap[i] = v;
        self.pos[v as usize] = i as u32;
    }

    #[inline]
    fn pop(&mut self) -> Option<u32> {
        let top = *self.heap.first()?;
        let last = self.heap.pop().expect("non-empty");
        if !self.heap.is_empty() {
            self.heap[0] = last;
            self.sift_down(0);
        }
        self.pos[top as usize] = SETTLED;
        Some(top)
    }

    /// Lowers `v`'s distance (inserting it if new). False if not lower.
    #[inline]
    fn improve(&mut self, v: u32, d: f64, pred: u32, arc: u32) -> bool {
        let i = v as usize;
        if d >= self.dist[i] || self.pos[i] == SETTLED {
            return false;
        }
        if self.pos[i] == NONE {
            self.touched.push(v);
            self.heap.push(v);
            self.pos[i] = (self.heap.len() - 1) as u32;
        }
        self.dist[i] = d;
        self.pred[i] = pred;
        self.pred_arc[i] = arc;
        self.sift_up(self.pos[i] as usize);
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
            self.improve(s, d, NONE, NONE);
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
            for a in g.arc_range(u) {
                if let Some(m) = allowed {
                    if !m[g.edge(a) as usize] {
                        continue;
                    }
                }
                self.improve(g.head(a), du + weights[a], u, a as u32);
            }
        }
    }

    /// Single pair: stops when `target` is settled. Returns its distance.
    pub fn pair(&mut self, g: &Csr, weights: &[f64], source: u32, target: u32) -> Option<f64> {
        self.search(g, weights, &[(source, 0.0)], None, Stop::AnyOf(&[target]));
        self.settled(target).then(|| self.dist(target))
    }

    /// Distance of a vertex after a search (∞ if not reached).
    #[inline]
    pub fn dist(&self, v: u32) -> f64 {
        self.dist[v as usize]
    }

    /// Whether the vertex was settled (its distance is final).
    #[inline]
    pub fn settled(&self, v: u32) -> bool {
        self.pos.get(v as usize) == Some(&SETTLED)
    }

    /// The edge ids from a source to `v`, in travel order.
    pub fn path_to(&self, g: &Csr, v: u32) -> Vec<u32> {
        let mut edges = Vec::new();
        let mut cur = v;
        while self.pred_arc[cur as usize] != NONE {
            edges.push(g.edge(self.pred_arc[cur as usize] as usize));
            cur = self.pred[cur as usize];
        }
        edges.reverse();
        edges
    }

    /// The vertices from a source to `v`, in travel order.
    pub fn vertex_path_to(&self, v: u32) -> Vec<u32> {
        let mut vs = vec![v];
        let mut cur = v;
        while self.pred[cur as usize] != NONE {
            cur = self.pred[cur as usize];
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
        f.improve(source, 0.0, NONE, NONE);
        b.improve(target, 0.0, NONE, NONE);
        let mut best = if source == target { 0.0 } else { f64::INFINITY };
        let mut meet = if source == target { source } else { NONE };
        loop {
            let top = |s: &QueryState| {
                s.heap
                    .first()
                    .map_or(f64::INFINITY, |&v| s.dist[v as usize])
            };
            let (kf, kb) = (top(f), top(b));
            if kf + kb >= best || (kf.is_infinite() && kb.is_infinite()) {
                break;
            }
            let forward = kf <= kb;
            let (s, o, graph, w) = if forward {
                (&mut *f, &*b, g, weights)
            } else {
                (&mut *b, &*f, rev, rweights)
            };
            let u = s.pop().expect("a finite key");
            let du = s.dist[u as usize];
            for a in graph.arc_range(u) {
                let v = graph.head(a);
                let d = du + w[a];
                s.improve(v, d, u, a as u32);
                let through = d.min(s.dist[v as usize]) + o.dist[v as usize];
                if through < best {
                    best = through;
                    meet = v;
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
