//! Every variant of the raw path core — one-sided single pair, bidirectional
//! single pair, single source to all — against Floyd–Warshall and
//! petgraph's Dijkstra and A* on many random graphs (zero weights, parallel
//! edges and unreachable pairs included).

use corridor::path::{BiState, Csr, QueryState, Stop};
use petgraph::graph::{DiGraph, NodeIndex};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

struct Case {
    n: usize,
    edges: Vec<(u32, u32)>,
    w: Vec<f64>,
}

fn random_case(seed: u64) -> Case {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = rng.random_range(1..=40usize);
    let m = rng.random_range(0..=4 * n);
    let mut edges = Vec::new();
    let mut w = Vec::new();
    for _ in 0..m {
        edges.push((rng.random_range(0..n as u32), rng.random_range(0..n as u32)));
        // Integers and zeros make ties common; ties must not break anything.
        w.push(if rng.random_bool(0.1) {
            0.0
        } else {
            rng.random_range(0..20) as f64
        });
    }
    Case { n, edges, w }
}

fn floyd_warshall(c: &Case) -> Vec<Vec<f64>> {
    let mut d = vec![vec![f64::INFINITY; c.n]; c.n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0.0;
    }
    for (&(a, b), &w) in c.edges.iter().zip(&c.w) {
        let cell = &mut d[a as usize][b as usize];
        *cell = cell.min(w);
    }
    for k in 0..c.n {
        for i in 0..c.n {
            for j in 0..c.n {
                let via = d[i][k] + d[k][j];
                if via < d[i][j] {
                    d[i][j] = via;
                }
            }
        }
    }
    d
}

fn path_cost(c: &Case, path: &[u32], s: u32, t: u32) -> Result<f64, String> {
    let mut at = s;
    let mut cost = 0.0;
    for &e in path {
        let (a, b) = c.edges[e as usize];
        if a != at {
            return Err(format!("edge {e} starts at {a}, not {at}"));
        }
        at = b;
        cost += c.w[e as usize];
    }
    if at != t {
        return Err(format!("path ends at {at}, not {t}"));
    }
    Ok(cost)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn all_variants_are_exact(seed in any::<u64>()) {
        let c = random_case(seed);
        let g = Csr::new(c.n, &c.edges);
        let r = g.reverse();
        let (wa, rwa) = (g.by_arc(&c.w), r.by_arc(&c.w));
        let truth = floyd_warshall(&c);
        let mut pg = DiGraph::<(), f64>::new();
        let nodes: Vec<NodeIndex> = (0..c.n).map(|_| pg.add_node(())).collect();
        for (&(a, b), &w) in c.edges.iter().zip(&c.w) {
            pg.add_edge(nodes[a as usize], nodes[b as usize], w);
        }
        let mut q = QueryState::new(c.n);
        let mut bi = BiState::new(c.n);
        let s = (seed % c.n as u64) as u32;
        // Single source to all, against Floyd–Warshall and petgraph.
        q.search(&g, &wa, &[(s, 0.0)], None, Stop::Exhaust);
        let pd = petgraph::algo::dijkstra(&pg, nodes[s as usize], None, |e| *e.weight());
        for v in 0..c.n as u32 {
            let want = truth[s as usize][v as usize];
            prop_assert_eq!(q.dist(v), want, "all: {} -> {}", s, v);
            prop_assert_eq!(pd.get(&nodes[v as usize]).copied().unwrap_or(f64::INFINITY), want);
        }
        // Distances only.
        let mut costs = QueryState::new(1);
        costs.costs_from(&g, &wa, s);
        for v in 0..c.n as u32 {
            prop_assert_eq!(costs.dist(v), truth[s as usize][v as usize], "costs_from: {} -> {}", s, v);
        }
        // Single pairs, both variants, with their paths.
        for t in 0..c.n as u32 {
            let want = truth[s as usize][t as usize];
            let one = q.pair(&g, &wa, s, t);
            let two = bi.pair(&g, &wa, &r, &rwa, s, t);
            let astar = petgraph::algo::astar(&pg, nodes[s as usize], |n| n == nodes[t as usize], |e| *e.weight(), |_| 0.0);
            if want.is_infinite() {
                prop_assert!(one.is_none() && two.is_none() && astar.is_none());
                continue;
            }
            prop_assert_eq!(one, Some(want));
            let p1 = q.path_to(&g, t);
            prop_assert_eq!(path_cost(&c, &p1, s, t), Ok(want));
            let vs = q.vertex_path_to(&g, t);
            prop_assert_eq!(vs.len(), p1.len() + 1);
            prop_assert_eq!((vs[0], *vs.last().unwrap()), (s, t));
            let (d2, p2) = two.expect("reachable");
            prop_assert_eq!(d2, want, "bidirectional {} -> {}", s, t);
            prop_assert_eq!(path_cost(&c, &p2, s, t), Ok(want), "bidirectional path {} -> {}: {:?}", s, t, p2);
            prop_assert_eq!(astar.map(|x| x.0), Some(want));
        }
    }
}
