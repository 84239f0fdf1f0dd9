//! The k best *distinct* routes between two nodes: Yen's loopless k
//! shortest paths on the expanded graph, keeping a path only when it
//! differs from every kept one in its border crossings or by more than
//! [`DISTINCT_KM`] in length (so mode or gauge variants of one route do not
//! crowd out real alternatives).

use std::collections::BTreeSet;

use super::dijkstra::{QueryState, Stop};
use super::graph::{EdgeId, Graph, Vertex, Weights};
use crate::network::{Network, NodeId};

/// Relative length difference that makes two routes distinct.
pub const DISTINCT_KM: f64 = 0.10;

/// Yen candidates examined per route asked for, before giving up.
const CANDIDATES_PER_ROUTE: usize = 40;

fn path_cost(weights: &[f64], path: &[EdgeId]) -> f64 {
    path.iter().map(|&e| weights[e as usize]).sum()
}

fn path_vertices(g: &Graph, path: &[EdgeId], start: Vertex) -> Vec<Vertex> {
    let mut vs = vec![start];
    vs.extend(path.iter().map(|&e| g.edges[e as usize].to));
    vs
}

/// A route's crossings (as its name counts them: [`super::route_label`])
/// and its length.
fn signature(net: &Network, g: &Graph, path: &[EdgeId]) -> (Vec<NodeId>, f64) {
    let mut nodes: Vec<NodeId> = path
        .first()
        .map(|&e| g.vertices[g.edges[e as usize].from as usize].0)
        .into_iter()
        .chain(
            path.iter()
                .map(|&e| g.vertices[g.edges[e as usize].to as usize].0),
        )
        .collect();
    nodes.dedup();
    let km = path.iter().map(|&e| g.edges[e as usize].km).sum();
    (super::route_label(net, &nodes).borders, km)
}

fn distinct(a: &(Vec<NodeId>, f64), b: &(Vec<NodeId>, f64)) -> bool {
    let set_a: BTreeSet<_> = a.0.iter().collect();
    let set_b: BTreeSet<_> = b.0.iter().collect();
    set_a != set_b || (a.1 - b.1).abs() > DISTINCT_KM * a.1.max(b.1)
}

/// Up to `k` distinct least-cost paths from `origin` to `destination`,
/// cheapest first, each as (cost, edges).
///
/// Complexity: O(C · L · D) for C candidates examined (≤ 40 k), paths of
/// L edges and D the cost of one Dijkstra search.
pub fn k_best_distinct(
    net: &Network,
    g: &Graph,
    weights: &Weights,
    state: &mut QueryState,
    origin: NodeId,
    destination: NodeId,
    k: usize,
) -> Vec<(f64, Vec<EdgeId>)> {
    let yen = Yen::new(g, weights, origin, destination);
    let Some(first) = yen.shortest(state, &yen.sources0, &yen.all) else {
        return Vec::new();
    };
    let mut found: Vec<Vec<EdgeId>> = vec![first];
    let mut candidates: Vec<(f64, Vec<EdgeId>)> = Vec::new();
    let mut kept: Vec<(f64, Vec<EdgeId>)> = Vec::new();
    let mut signatures = Vec::new();
    let mut examined = 0;
    loop {
        let last = found.last().expect("non-empty").clone();
        examined += 1;
        let sig = signature(net, g, &last);
        if signatures.iter().all(|s| distinct(s, &sig)) {
            signatures.push(sig);
            kept.push((path_cost(weights, &last), last.clone()));
            if kept.len() == k {
                break;
            }
        }
        if examined >= CANDIDATES_PER_ROUTE * k {
            break;
        }
        yen.spurs(state, &found, &last, &mut candidates);
        if candidates.is_empty() {
            break;
        }
        let best = candidates
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.0.total_cmp(&b.1.0).then(a.1.1.cmp(&b.1.1)))
            .map(|(i, _)| i)
            .expect("non-empty");
        found.push(candidates.swap_remove(best).1);
    }
    kept
}

/// Yen's algorithm on the expanded graph: the fixed parts of a search for
/// loopless paths between the vertices of two nodes.
struct Yen<'a> {
    g: &'a Graph,
    weights: &'a Weights,
    origin_vs: Vec<Vertex>,
    target_vs: Vec<Vertex>,
    /// Every edge allowed.
    all: Vec<bool>,
    /// Every origin vertex at cost 0.
    sources0: Vec<(Vertex, f64)>,
}

impl<'a> Yen<'a> {
    fn new(g: &'a Graph, weights: &'a Weights, origin: NodeId, destination: NodeId) -> Yen<'a> {
        let origin_vs: Vec<Vertex> = g.vertices_of(origin).collect();
        Yen {
            g,
            weights,
            sources0: origin_vs.iter().map(|&v| (v, 0.0)).collect(),
            origin_vs,
            target_vs: g.vertices_of(destination).collect(),
            all: vec![true; g.edges.len()],
        }
    }

    /// The cheapest path from `sources` to any destination vertex.
    fn shortest(
        &self,
        state: &mut QueryState,
        sources: &[(Vertex, f64)],
        allowed: &[bool],
    ) -> Option<Vec<EdgeId>> {
        let g = self.g;
        state.search(
            &g.csr,
            &self.weights.arc,
            sources,
            Some(allowed),
            Stop::AnyOf(&self.target_vs),
        );
        self.target_vs
            .iter()
            .copied()
            .filter(|&v| state.settled(v))
            .min_by(|a, b| state.dist(*a).total_cmp(&state.dist(*b)))
            .map(|v| state.path_to(&g.csr, v))
    }

    /// Adds to `candidates` the spur path from every vertex of `last`:
    /// its root (the first `i` edges) plus the cheapest continuation that
    /// leaves by an edge no found path with that root took.
    fn spurs(
        &self,
        state: &mut QueryState,
        found: &[Vec<EdgeId>],
        last: &[EdgeId],
        candidates: &mut Vec<(f64, Vec<EdgeId>)>,
    ) {
        let start = last
            .first()
            .map_or(self.origin_vs[0], |&e| self.g.edges[e as usize].from);
        let last_vs = path_vertices(self.g, last, start);
        for i in 0..last_vs.len() - 1 {
            let root = &last[..i];
            let allowed = self.spur_mask(found, root, &last_vs[..i]);
            let sources: Vec<(Vertex, f64)> = if i == 0 {
                self.sources0.clone()
            } else {
                vec![(last_vs[i], path_cost(self.weights, root))]
            };
            if let Some(spur) = self.shortest(state, &sources, &allowed) {
                let mut path = root.to_vec();
                path.extend(spur);
                if !found.contains(&path) && !candidates.iter().any(|(_, c)| *c == path) {
                    candidates.push((path_cost(self.weights, &path), path));
                }
            }
        }
    }

    /// The edges a spur after `root` may use: not the next edge of any
    /// found path sharing the root, and (loopless) no edge into a vertex of
    /// the root before the spur vertex, nor into an origin vertex.
    fn spur_mask(&self, found: &[Vec<EdgeId>], root: &[EdgeId], root_vs: &[Vertex]) -> Vec<bool> {
        let i = root.len();
        let mut allowed = self.all.clone();
        for p in found {
            if p.len() > i && p[..i] == *root {
                allowed[p[i] as usize] = false;
            }
        }
        let blocked: BTreeSet<Vertex> = if i == 0 {
            BTreeSet::new()
        } else {
            root_vs
                .iter()
                .copied()
                .chain(self.origin_vs.iter().copied())
                .collect()
        };
        for (eid, e) in self.g.edges.iter().enumerate() {
            if blocked.contains(&e.to) {
                allowed[eid] = false;
            }
        }
        allowed
    }
}
