//! Seeded inputs for the path benchmarks (`benches/path.rs`,
//! `examples/path_ratios.rs`): a road-like 2-D grid with random positive
//! weights (both directions of every street, independently weighted), the
//! shipped corridor network with weights perturbed per trial, and each
//! case's query in our core and in petgraph, on the same graph.
//!
//! Not part of the library: benches and examples include this file with
//! `#[path]`, so it is compiled only where it is used.

use std::path::Path;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use corridor::path::{ArcWeights, BiState, Csr, Graph, QueryState, Stop};
use corridor::scenario::load::load_scenario;

/// A grid of `w × h` vertices (vertex `y * w + x`), 4-neighbour streets in
/// both directions, weights uniform in [1, 10) from a seeded generator.
pub struct Grid {
    pub width: u32,
    pub height: u32,
    /// (tail, head) per edge id.
    pub edges: Vec<(u32, u32)>,
    /// Weight per edge id.
    pub weights: Vec<f64>,
}

impl Grid {
    /// Builds the grid.
    pub fn new(width: u32, height: u32, seed: u64) -> Grid {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut edges = Vec::with_capacity(4 * (width * height) as usize);
        for y in 0..height {
            for x in 0..width {
                let v = y * width + x;
                if x + 1 < width {
                    edges.push((v, v + 1));
                    edges.push((v + 1, v));
                }
                if y + 1 < height {
                    edges.push((v, v + width));
                    edges.push((v + width, v));
                }
            }
        }
        let weights = (0..edges.len())
            .map(|_| rng.random_range(1.0..10.0))
            .collect();
        Grid {
            width,
            height,
            edges,
            weights,
        }
    }

    /// Number of vertices.
    pub fn vertex_count(&self) -> usize {
        (self.width * self.height) as usize
    }

    /// The adjacency array.
    pub fn csr(&self) -> Csr {
        Csr::new(self.vertex_count(), &self.edges)
    }

    /// The vertex at (x, y).
    pub fn at(&self, x: u32, y: u32) -> u32 {
        y * self.width + x
    }

    /// `n` random (source, target) pairs, seeded.
    pub fn random_pairs(&self, n: usize, seed: u64) -> Vec<(u32, u32)> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let v = self.vertex_count() as u32;
        (0..n)
            .map(|_| (rng.random_range(0..v), rng.random_range(0..v)))
            .collect()
    }

    /// `n` random pairs about `hops` street segments apart (half in x,
    /// half in y), seeded.
    pub fn short_pairs(&self, n: usize, hops: u32, seed: u64) -> Vec<(u32, u32)> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let (dx, dy) = (hops / 2, hops - hops / 2);
        (0..n)
            .map(|_| {
                let x = rng.random_range(0..self.width - dx);
                let y = rng.random_range(0..self.height - dy);
                (self.at(x, y), self.at(x + dx, y + dy))
            })
            .collect()
    }
}

/// `sets` copies of `base` with every weight multiplied by a factor
/// uniform in [0.5, 2), seeded: per-trial weights that vary.
pub fn perturbed(base: &[f64], sets: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..sets)
        .map(|_| {
            base.iter()
                .map(|w| w * rng.random_range(0.5..2.0))
                .collect()
        })
        .collect()
}

/// The same graph as a petgraph `DiGraph` (edge `i` of the list becomes
/// petgraph edge index `i`), for baselines in benchmarks and tests.
pub fn petgraph_of(
    n: usize,
    edges: &[(u32, u32)],
    weights: &[f64],
) -> (DiGraph<(), f64>, Vec<NodeIndex>) {
    let mut g = DiGraph::with_capacity(n, edges.len());
    let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
    for (&(a, b), &w) in edges.iter().zip(weights) {
        g.add_edge(nodes[a as usize], nodes[b as usize], w);
    }
    (g, nodes)
}

/// The baseline for a single pair with its path: petgraph's A* with a zero
/// heuristic, weights by edge id. Returns the path's vertex count.
fn petgraph_pair(
    pg: &DiGraph<(), f64>,
    nodes: &[NodeIndex],
    weight: impl Fn(usize) -> f64,
    s: u32,
    t: u32,
) -> Option<usize> {
    let goal = nodes[t as usize];
    petgraph::algo::astar(
        pg,
        nodes[s as usize],
        |n| n == goal,
        |e| weight(e.id().index()),
        |_| 0.0,
    )
    .map(|x| x.1.len())
}

/// Seeded queries on a grid (see [`GridCase::queries`]).
pub struct Queries {
    pub sources: Vec<u32>,
    pub pairs: Vec<(u32, u32)>,
    pub short: Vec<(u32, u32)>,
}

/// A grid in both cores: our adjacency array (and its reverse, for
/// bidirectional search) and the same graph in petgraph.
pub struct GridCase {
    pub grid: Grid,
    csr: Csr,
    rev: Csr,
    w: ArcWeights,
    rw: ArcWeights,
    pg: DiGraph<(), f64>,
    nodes: Vec<NodeIndex>,
}

impl GridCase {
    /// A `side × side` grid with weights seeded by `seed`.
    pub fn new(side: u32, seed: u64) -> GridCase {
        let grid = Grid::new(side, side, seed);
        let csr = grid.csr();
        let rev = csr.reverse();
        let (w, rw) = (csr.by_arc(&grid.weights), rev.by_arc(&grid.weights));
        let (pg, nodes) = petgraph_of(grid.vertex_count(), &grid.edges, &grid.weights);
        GridCase {
            grid,
            csr,
            rev,
            w,
            rw,
            pg,
            nodes,
        }
    }

    /// The case's seeded queries, the same for the benchmark and the
    /// quick ratios: sources for single source to all, random pairs, and
    /// pairs 20 street segments apart.
    pub fn queries(&self) -> Queries {
        let big = self.grid.vertex_count() >= 1_000_000;
        Queries {
            sources: (self.grid.random_pairs(if big { 2 } else { 4 }, 1))
                .iter()
                .map(|p| p.0)
                .collect(),
            pairs: self.grid.random_pairs(if big { 8 } else { 16 }, 2),
            short: self.grid.short_pairs(1024, 20, 3),
        }
    }

    /// Query state sized for the grid.
    pub fn states(&self) -> (QueryState, BiState) {
        let n = self.grid.vertex_count();
        (QueryState::new(n), BiState::new(n))
    }

    /// Ours, single source to all, costs only. Returns a distance (to
    /// keep the work observable).
    pub fn ours_all(&self, q: &mut QueryState, s: u32) -> f64 {
        q.costs_from(&self.csr, &self.w, s);
        q.dist(0)
    }

    /// petgraph's Dijkstra, single source to all. Returns how many
    /// vertices it reached.
    pub fn petgraph_all(&self, s: u32) -> usize {
        petgraph::algo::dijkstra(&self.pg, self.nodes[s as usize], None, |e| *e.weight()).len()
    }

    /// Ours, bidirectional single pair with the path. Returns its edge count.
    pub fn ours_pair(&self, bi: &mut BiState, s: u32, t: u32) -> Option<usize> {
        bi.pair(&self.csr, &self.w, &self.rev, &self.rw, s, t)
            .map(|x| x.1.len())
    }

    /// Ours, one-sided single pair with the path. Returns its edge count.
    pub fn ours_pair_one_sided(&self, q: &mut QueryState, s: u32, t: u32) -> Option<usize> {
        q.pair(&self.csr, &self.w, s, t)
            .map(|_| q.path_to(&self.csr, t).len())
    }

    /// petgraph's A* (zero heuristic), single pair with the path.
    pub fn petgraph_pair(&self, s: u32, t: u32) -> Option<usize> {
        petgraph_pair(&self.pg, &self.nodes, |e| self.grid.weights[e], s, t)
    }
}

/// The per-trial case: the expanded graph of a shipped scenario with
/// seeded perturbations of its weights, a new weighting every query (so
/// branch prediction cannot learn one), origin to destination.
pub struct TrialCase {
    graph: Graph,
    /// Weights by edge id (petgraph reads these) and in arc order (ours).
    sets: Vec<(Vec<f64>, ArcWeights)>,
    pg: DiGraph<(), f64>,
    nodes: Vec<NodeIndex>,
    source: u32,
    target: u32,
}

impl TrialCase {
    /// Loads `scenario` and draws `sets` weightings (seeded by `seed`).
    ///
    /// # Panics
    /// If the scenario does not load: benchmarks run on shipped files.
    pub fn new(scenario: &Path, sets: usize, seed: u64) -> TrialCase {
        let sc = load_scenario(scenario, &[]).expect("a shipped scenario");
        let graph = Graph::build(&sc.network, &sc.cargo);
        let base = graph.weights(sc.cargo.value_of_time_per_hour, &sc.risk_weights);
        let sets: Vec<_> = perturbed(&base, sets, seed)
            .into_iter()
            .map(|w| {
                let arc = graph.csr.by_arc(&w);
                (w, arc)
            })
            .collect();
        let pairs: Vec<(u32, u32)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
        let (pg, nodes) = petgraph_of(graph.vertex_count(), &pairs, &sets[0].0);
        TrialCase {
            source: graph.vertices_of(sc.origin).start,
            target: graph.vertices_of(sc.destination).start,
            graph,
            sets,
            pg,
            nodes,
        }
    }

    /// Number of weightings.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// Whether there are no weightings.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Query state sized for the graph.
    pub fn state(&self) -> QueryState {
        QueryState::new(self.graph.vertex_count())
    }

    /// Ours under weighting `i`: one-sided search with early exit, and the
    /// path. Returns its edge count.
    pub fn ours(&self, q: &mut QueryState, i: usize) -> usize {
        let (s, t) = (self.source, self.target);
        q.search(
            &self.graph.csr,
            &self.sets[i].1,
            &[(s, 0.0)],
            None,
            Stop::AnyOf(&[t]),
        );
        q.path_to(&self.graph.csr, t).len()
    }

    /// petgraph's A* (zero heuristic) under weighting `i`.
    pub fn petgraph(&self, i: usize) -> Option<usize> {
        let w = &self.sets[i].0;
        petgraph_pair(&self.pg, &self.nodes, |e| w[e], self.source, self.target)
    }
}
