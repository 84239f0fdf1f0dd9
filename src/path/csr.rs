//! A compact adjacency array (compressed sparse rows): the arcs leaving
//! vertex `v` are `first_out[v]..first_out[v + 1]`, with their heads and
//! the id of the edge each arc stands for. Searches read weights per arc
//! from a separate array, so one graph serves any weighting.

/// Adjacency array of a directed graph.
#[derive(Debug, Clone, Default)]
pub struct Csr {
    first_out: Vec<u32>,
    head: Vec<u32>,
    edge: Vec<u32>,
}

impl Csr {
    /// Builds the adjacency array of `n` vertices from `(tail, head)`
    /// edges; edge `i` of the list becomes edge id `i`. Arcs of a vertex
    /// keep the order of the list.
    ///
    /// Complexity: O(n + m).
    ///
    /// ```
    /// use corridor::path::Csr;
    /// //  0 ──e0──► 1 ──e1──► 2
    /// //  └─────────e2────────┘ (0 → 2)
    /// let g = Csr::new(3, &[(0, 1), (1, 2), (0, 2)]);
    /// assert_eq!(g.vertex_count(), 3);
    /// assert_eq!(g.arc_count(), 3);
    /// // Vertex 0's arcs, in list order: to 1 (edge 0), then to 2 (edge 2).
    /// let arcs = g.arc_range(0);
    /// assert_eq!(g.heads(arcs.clone()), &[1, 2]);
    /// assert_eq!(arcs.map(|a| g.edge(a)).collect::<Vec<_>>(), vec![0, 2]);
    /// ```
    pub fn new(n: usize, edges: &[(u32, u32)]) -> Csr {
        let mut first_out = vec![0u32; n + 1];
        for &(t, _) in edges {
            first_out[t as usize + 1] += 1;
        }
        for i in 0..n {
            first_out[i + 1] += first_out[i];
        }
        let mut fill = first_out.clone();
        let mut head = vec![0; edges.len()];
        let mut edge = vec![0; edges.len()];
        for (id, &(t, h)) in edges.iter().enumerate() {
            let slot = fill[t as usize] as usize;
            head[slot] = h;
            edge[slot] = id as u32;
            fill[t as usize] += 1;
        }
        Csr {
            first_out,
            head,
            edge,
        }
    }

    /// The reverse graph (every arc turned around, same edge ids).
    pub fn reverse(&self) -> Csr {
        let mut edges = vec![(0u32, 0u32); self.head.len()];
        for v in 0..self.vertex_count() {
            for a in self.arc_range(v as u32) {
                edges[self.edge[a] as usize] = (self.head[a], v as u32);
            }
        }
        Csr::new(self.vertex_count(), &edges)
    }

    /// Number of vertices.
    pub fn vertex_count(&self) -> usize {
        self.first_out.len().saturating_sub(1)
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.head.len()
    }

    /// The arc indices leaving `v`.
    #[inline]
    pub fn arc_range(&self, v: u32) -> std::ops::Range<usize> {
        self.first_out[v as usize] as usize..self.first_out[v as usize + 1] as usize
    }

    /// Tail vertex of an arc (binary search: O(log V)).
    pub fn tail(&self, arc: usize) -> u32 {
        (self.first_out.partition_point(|&f| f as usize <= arc) - 1) as u32
    }

    /// Head vertices of a range of arcs.
    #[inline]
    pub fn heads(&self, arcs: std::ops::Range<usize>) -> &[u32] {
        &self.head[arcs]
    }

    /// Head vertex of an arc.
    #[inline]
    pub fn head(&self, arc: usize) -> u32 {
        self.head[arc]
    }

    /// Edge id of an arc.
    #[inline]
    pub fn edge(&self, arc: usize) -> u32 {
        self.edge[arc]
    }

    /// Puts per-edge weights into arc order.
    pub fn by_arc(&self, per_edge: &[f64]) -> ArcWeights {
        ArcWeights::new(self.edge.iter().map(|&e| per_edge[e as usize]).collect())
    }
}

/// Non-negative weights in a [`Csr`]'s arc order, with their range, which
/// decides the searches' priority queue (see [`super::buckets`]). Derefs to
/// the weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArcWeights {
    w: Vec<f64>,
    min: f64,
    max: f64,
}

impl ArcWeights {
    /// Wraps weights already in arc order.
    pub fn new(w: Vec<f64>) -> ArcWeights {
        debug_assert!(w.iter().all(|&x| x >= 0.0), "weights must be non-negative");
        let min = w.iter().copied().fold(f64::INFINITY, f64::min);
        let max = w.iter().copied().fold(0.0, f64::max);
        ArcWeights { w, min, max }
    }

    /// The smallest weight (∞ if there are no arcs).
    pub fn min(&self) -> f64 {
        self.min
    }

    /// The largest weight (0 if there are no arcs).
    pub fn max(&self) -> f64 {
        self.max
    }
}

impl std::ops::Deref for ArcWeights {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_and_reverse() {
        //  0 ──e0──► 1 ──e1──► 2
        //  └─────────e2────────┘
        let g = Csr::new(3, &[(0, 1), (1, 2), (0, 2)]);
        let out0: Vec<(u32, u32)> = g.arc_range(0).map(|a| (g.head(a), g.edge(a))).collect();
        assert_eq!(out0, vec![(1, 0), (2, 2)]);
        let r = g.reverse();
        let into2: Vec<(u32, u32)> = r.arc_range(2).map(|a| (r.head(a), r.edge(a))).collect();
        assert_eq!(into2, vec![(1, 1), (0, 2)]);
        let w = g.by_arc(&[10.0, 11.0, 12.0]);
        assert_eq!(*w, [10.0, 12.0, 11.0]);
        assert_eq!((w.min(), w.max()), (10.0, 12.0));
        let tails: Vec<u32> = (0..g.arc_count()).map(|a| g.tail(a)).collect();
        assert_eq!(tails, vec![0, 0, 1]);
    }
}
