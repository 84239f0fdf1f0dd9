//! Dijkstra's algorithm on the expanded [`Graph`], with a reusable query
//! state: the distance and predecessor arrays are allocated once and only
//! the vertices a query touched are reset, so a query costs what it visits,
//! not the size of the graph.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::graph::{EdgeId, Graph, Vertex};

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Item {
    dist: f64,
    vertex: Vertex,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap; ties broken by vertex for
        // determinism.
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.vertex.cmp(&self.vertex))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Per-thread search state, reused across queries on graphs of at most the
/// size it was made for.
#[derive(Debug, Clone)]
pub struct QueryState {
    dist: Vec<f64>,
    pred: Vec<EdgeId>,
    settled: Vec<bool>,
    touched: Vec<Vertex>,
    heap: BinaryHeap<Item>,
}

/// When a search may stop.
#[derive(Debug, Clone, Copy)]
pub enum Stop<'a> {
    /// When the first of these vertices is settled (single target node).
    AnyOf(&'a [Vertex]),
    /// When all of these vertices are settled (or unreachable).
    AllOf(&'a [Vertex]),
    /// Never: settle everything reachable.
    Exhaust,
}

impl QueryState {
    /// State for graphs of up to `n` vertices.
    pub fn new(n: usize) -> QueryState {
        QueryState {
            dist: vec![f64::INFINITY; n],
            pred: vec![NONE; n],
            settled: vec![false; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn reset(&mut self, n: usize) {
        if self.dist.len() < n {
            *self = QueryState::new(n);
            return;
        }
        for &v in &self.touched {
            self.dist[v as usize] = f64::INFINITY;
            self.pred[v as usize] = NONE;
            self.settled[v as usize] = false;
        }
        self.touched.clear();
        self.heap.clear();
    }

    /// Runs a multi-source search: each source starts at its given cost.
    /// `weights` has one entry per edge; edges with `allowed[e] == false`
    /// are skipped. Weights must be non-negative.
    ///
    /// Complexity: O((V' + E') log V') for the V' vertices and E' arcs
    /// visited before stopping.
    pub fn run(
        &mut self,
        g: &Graph,
        weights: &[f64],
        sources: &[(Vertex, f64)],
        allowed: Option<&[bool]>,
        stop: Stop<'_>,
    ) {
        self.reset(g.vertex_count());
        for &(s, d) in sources {
            if d < self.dist[s as usize] {
                if self.dist[s as usize].is_infinite() {
                    self.touched.push(s);
                }
                self.dist[s as usize] = d;
                self.heap.push(Item { dist: d, vertex: s });
            }
        }
        let mut remaining = match stop {
            Stop::AllOf(t) => t.len(),
            _ => usize::MAX,
        };
        while let Some(Item { dist, vertex }) = self.heap.pop() {
            let u = vertex as usize;
            if self.settled[u] || dist > self.dist[u] {
                continue;
            }
            self.settled[u] = true;
            match stop {
                Stop::AnyOf(t) if t.contains(&vertex) => return,
                Stop::AllOf(t) if t.contains(&vertex) => {
                    remaining -= 1;
                    if remaining == 0 {
                        return;
                    }
                }
                _ => {}
            }
            for (head, edge) in g.arcs(vertex) {
                if allowed.is_some_and(|a| !a[edge as usize]) {
                    continue;
                }
                let nd = dist + weights[edge as usize];
                let h = head as usize;
                if nd < self.dist[h] {
                    if self.dist[h].is_infinite() {
                        self.touched.push(head);
                    }
                    self.dist[h] = nd;
                    self.pred[h] = edge;
                    self.heap.push(Item {
                        dist: nd,
                        vertex: head,
                    });
                }
            }
        }
    }

    /// Distance of a vertex after [`run`](Self::run) (∞ if not reached).
    pub fn dist(&self, v: Vertex) -> f64 {
        self.dist[v as usize]
    }

    /// Whether the vertex was settled (its distance is final).
    pub fn settled(&self, v: Vertex) -> bool {
        self.settled[v as usize]
    }

    /// The edges from a source to `v`, in travel order.
    pub fn path_to(&self, g: &Graph, v: Vertex) -> Vec<EdgeId> {
        let mut edges = Vec::new();
        let mut cur = v;
        while self.pred[cur as usize] != NONE {
            let e = self.pred[cur as usize];
            edges.push(e);
            cur = g.edges[e as usize].from;
        }
        edges.reverse();
        edges
    }
}
