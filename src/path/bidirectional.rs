//! Bidirectional Dijkstra for single pairs, on the same labels and queues
//! as the one-sided search ([`super::dijkstra`]).

use super::buckets::Buckets;
use super::csr::{ArcWeights, Csr};
use super::dijkstra::{Labels, NONE, QueryState};
use super::queue::Open;

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

    /// A shortest `source` → `target` path: its cost (the sum of its
    /// weights in travel order) and edge ids. `rweights` are the weights in
    /// the reverse graph's arc order (`reverse.by_arc(per_edge)`). With
    /// integer weights the cost equals a one-sided search's exactly; with
    /// real weights, up to rounding (the two halves meet in the middle, so
    /// sums are grouped differently).
    ///
    /// Complexity: as [`QueryState::search`] over what both searches visit.
    ///
    /// ```
    /// use corridor::path::{BiState, Csr};
    /// //   0 ──1──► 1 ──1──► 2 ──1──► 3
    /// //   └───────────5─────────────┘ (0 → 3)
    /// let edges = [(0, 1), (1, 2), (2, 3), (0, 3)];
    /// let per_edge = [1.0, 1.0, 1.0, 5.0];
    /// let g = Csr::new(4, &edges);
    /// let rev = g.reverse();
    /// let (w, rw) = (g.by_arc(&per_edge), rev.by_arc(&per_edge));
    /// let mut bi = BiState::new(4);
    /// let (cost, path) = bi.pair(&g, &w, &rev, &rw, 0, 3).unwrap();
    /// assert_eq!(cost, 3.0);
    /// assert_eq!(path, vec![0, 1, 2]);
    /// ```
    pub fn pair(
        &mut self,
        g: &Csr,
        weights: &ArcWeights,
        rev: &Csr,
        rweights: &ArcWeights,
        source: u32,
        target: u32,
    ) -> Option<(f64, Vec<u32>)> {
        let n = g.vertex_count();
        let (f, b) = (&mut self.fwd, &mut self.bwd);
        f.labels.reset(n);
        b.labels.reset(n);
        let fits = |q: &mut Buckets, w: &ArcWeights| q.configure((w.min(), w.max()), (0.0, 0.0), n);
        let (best, meet) = if fits(&mut f.buckets, weights) && fits(&mut b.buckets, rweights) {
            let sides = [
                (&mut f.labels, &mut f.buckets),
                (&mut b.labels, &mut b.buckets),
            ];
            meet_in_middle(sides, [(g, weights), (rev, rweights)], source, target)
        } else {
            f.radix.clear();
            b.radix.clear();
            let sides = [(&mut f.labels, &mut f.radix), (&mut b.labels, &mut b.radix)];
            meet_in_middle(sides, [(g, weights), (rev, rweights)], source, target)
        };
        if meet == NONE {
            return None;
        }
        // The two halves' sum may round differently from a sum in travel
        // order; report the latter, so the cost is the path's own.
        let mut cost = 0.0;
        let mut path = Vec::new();
        for a in f.labels.arcs_back(g, meet).into_iter().rev() {
            cost += weights[a as usize];
            path.push(g.edge(a as usize));
        }
        // The backward search's arcs from `meet` lead to the target.
        for a in b.labels.arcs_back(rev, meet) {
            cost += rweights[a as usize];
            path.push(rev.edge(a as usize));
        }
        debug_assert!((cost - best).abs() <= 1e-9 * best.max(1.0));
        Some((cost, path))
    }
}

/// The bidirectional search loop on one kind of queue: side 0 searches
/// forward from `source` on the graph, side 1 backward from `target` on the
/// reverse graph. Returns the best distance and the vertex where the two
/// searches met (NONE if they did not).
fn meet_in_middle<Q: Open>(
    [(f, fq), (b, bq)]: [(&mut Labels, &mut Q); 2],
    [(g, w), (rev, rw)]: [(&Csr, &ArcWeights); 2],
    source: u32,
    target: u32,
) -> (f64, u32) {
    f.lower::<Q, true>(fq, source, 0.0, NONE);
    b.lower::<Q, true>(bq, target, 0.0, NONE);
    let mut best = if source == target { 0.0 } else { f64::INFINITY };
    let mut meet = if source == target { source } else { NONE };
    loop {
        let (kf, kb) = (f.min_key(fq), b.min_key(bq));
        // Every path still to find is at least kf + kb long.
        if kf + kb >= best {
            break;
        }
        let (s, sq, o, graph, ws) = if kf <= kb {
            (&mut *f, &mut *fq, &*b, g, w)
        } else {
            (&mut *b, &mut *bq, &*f, rev, rw)
        };
        // A side whose open entries were all stale is now empty; its key
        // becomes ∞ on the next round.
        let Some(u) = s.settle_next(sq) else {
            continue;
        };
        let du = s.dist[u as usize];
        let range = graph.arc_range(u);
        for (k, (&v, &wa)) in graph
            .heads(range.clone())
            .iter()
            .zip(&ws[range.clone()])
            .enumerate()
        {
            let d = du + wa;
            // Each side checks the meeting whenever it lowers a label, so
            // every meeting is seen.
            if s.lower::<Q, true>(sq, v, d, (range.start + k) as u32) {
                let through = d + o.dist[v as usize];
                if through < best {
                    best = through;
                    meet = v;
                }
            }
        }
    }
    (best, meet)
}
