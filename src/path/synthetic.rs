//! Seeded synthetic graphs for benchmarks: a road-like 2-D grid with random
//! positive weights (both directions of every street, independently
//! weighted), and random weight perturbations for per-trial cases.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::csr::Csr;

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
) -> (
    petgraph::graph::DiGraph<(), f64>,
    Vec<petgraph::graph::NodeIndex>,
) {
    let mut g = petgraph::graph::DiGraph::with_capacity(n, edges.len());
    let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
    for (&(a, b), &w) in edges.iter().zip(weights) {
        g.add_edge(nodes[a as usize], nodes[b as usize], w);
    }
    (g, nodes)
}
