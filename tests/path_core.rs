//! Every variant of the raw path core — one-sided single pair, bidirectional
//! single pair, single source to all, multi-source with early exits, on
//! both priority queues — against Bellman–Ford and petgraph's Dijkstra and
//! A* on many random graphs (zero weights, real weights, parallel edges and
//! unreachable pairs included). Distances must agree exactly.

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
    // Three kinds of weights: small integers with zeros (ties are common
    // and must not break anything; the radix heap), positive reals (the
    // bucket queue), and positive reals spanning six orders of magnitude
    // (too wide a range for buckets: the radix heap again).
    let kind = seed % 3;
    for _ in 0..m {
        edges.push((rng.random_range(0..n as u32), rng.random_range(0..n as u32)));
        w.push(match kind {
            0 if rng.random_bool(0.1) => 0.0,
            0 => rng.random_range(0..20) as f64,
            1 => rng.random_range(0.3..25.0),
            _ => 10f64.powf(rng.random_range(-3.0..3.0)),
        });
    }
    Case { n, edges, w }
}

/// Shortest distances from sources (at their costs) by Bellman–Ford over
/// the allowed edges: relax every edge until nothing changes. Each label is
/// a sum along a path in travel order, as in Dijkstra, so the results must
/// agree exactly even with real weights.
fn bellman_ford(c: &Case, sources: &[(u32, f64)], allowed: &[bool]) -> Vec<f64> {
    let mut d = vec![f64::INFINITY; c.n];
    for &(s, cost) in sources {
        d[s as usize] = d[s as usize].min(cost);
    }
    let mut changed = true;
    while changed {
        changed = false;
        for (i, (&(a, b), &w)) in c.edges.iter().zip(&c.w).enumerate() {
            if !allowed[i] {
                continue;
            }
            let via = d[a as usize] + w;
            if via < d[b as usize] {
                d[b as usize] = via;
                changed = true;
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
        let mut pg = DiGraph::<(), f64>::new();
        let nodes: Vec<NodeIndex> = (0..c.n).map(|_| pg.add_node(())).collect();
        for (&(a, b), &w) in c.edges.iter().zip(&c.w) {
            pg.add_edge(nodes[a as usize], nodes[b as usize], w);
        }
        let mut q = QueryState::new(c.n);
        let mut bi = BiState::new(c.n);
        let s = (seed / 3 % c.n as u64) as u32;
        let truth = bellman_ford(&c, &[(s, 0.0)], &vec![true; c.w.len()]);
        // Single source to all, against Bellman–Ford and petgraph.
        q.search(&g, &wa, &[(s, 0.0)], None, Stop::Exhaust);
        let pd = petgraph::algo::dijkstra(&pg, nodes[s as usize], None, |e| *e.weight());
        for v in 0..c.n as u32 {
            let want = truth[v as usize];
            prop_assert_eq!(q.dist(v), want, "all: {} -> {}", s, v);
            prop_assert_eq!(pd.get(&nodes[v as usize]).copied().unwrap_or(f64::INFINITY), want);
        }
        // Distances only.
        let mut costs = QueryState::new(1);
        costs.costs_from(&g, &wa, s);
        for v in 0..c.n as u32 {
            prop_assert_eq!(costs.dist(v), truth[v as usize], "costs_from: {} -> {}", s, v);
        }
        // Single pairs, both variants, with their paths.
        for t in 0..c.n as u32 {
            let want = truth[t as usize];
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
            // Meeting in the middle groups the sum differently: exact for
            // integer weights, within rounding for real ones; the cost is
            // always its path's own.
            if seed % 3 == 0 {
                prop_assert_eq!(d2, want, "bidirectional {} -> {}", s, t);
            } else {
                prop_assert!((d2 - want).abs() <= 1e-12 * want, "bidirectional {} -> {}: {} vs {}", s, t, d2, want);
            }
            prop_assert_eq!(path_cost(&c, &p2, s, t), Ok(d2), "bidirectional path {} -> {}: {:?}", s, t, p2);
            prop_assert_eq!(astar.map(|x| x.0), Some(want));
        }
        // Several sources at different costs, some edges masked out,
        // stopping at the closest of a few targets, then at all of them.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x5eed);
        let sources: Vec<(u32, f64)> = (0..rng.random_range(1..=3))
            .map(|_| (rng.random_range(0..c.n as u32), rng.random_range(0.0..60.0)))
            .collect();
        let allowed: Vec<bool> = (0..c.w.len()).map(|_| rng.random_bool(0.8)).collect();
        let truth = bellman_ford(&c, &sources, &allowed);
        let targets: Vec<u32> = (0..rng.random_range(1..=3)).map(|_| rng.random_range(0..c.n as u32)).collect();
        let got = |q: &QueryState, t: u32| if q.settled(t) { q.dist(t) } else { f64::INFINITY };
        q.search(&g, &wa, &sources, Some(&allowed), Stop::AnyOf(&targets));
        let closest = targets.iter().map(|&t| truth[t as usize]).fold(f64::INFINITY, f64::min);
        let settled_closest = targets.iter().map(|&t| got(&q, t)).fold(f64::INFINITY, f64::min);
        prop_assert_eq!(settled_closest, closest, "any of {:?} from {:?}", targets, sources);
        for &t in targets.iter().filter(|&&t| q.settled(t)) {
            prop_assert_eq!(q.dist(t), truth[t as usize]);
            prop_assert!(q.path_to(&g, t).iter().all(|&e| allowed[e as usize]));
        }
        q.search(&g, &wa, &sources, Some(&allowed), Stop::AllOf(&targets));
        for &t in &targets {
            prop_assert_eq!(got(&q, t), truth[t as usize], "all of {:?} from {:?}", targets, sources);
        }
    }
}

/// Long paths whose weights all sit at or just above the smallest one, so
/// labels land right at bucket edges after many roundings: the bucket
/// queue must still agree with petgraph exactly.
#[test]
fn bucket_edges_after_many_roundings() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let n = 60_000u32;
    let mut edges = Vec::new();
    let mut w = Vec::new();
    for v in 0..n - 1 {
        edges.push((v, v + 1));
        w.push(0.1);
        if v + 3 < n {
            edges.push((v, v + 3));
            // Sometimes a hair cheaper than three hops, sometimes dearer.
            w.push(0.3 + rng.random_range(-1e-12..1e-12));
        }
    }
    let g = Csr::new(n as usize, &edges);
    let wa = g.by_arc(&w);
    let mut q = QueryState::new(n as usize);
    q.costs_from(&g, &wa, 0);
    let mut pg = DiGraph::<(), f64>::new();
    let nodes: Vec<NodeIndex> = (0..n).map(|_| pg.add_node(())).collect();
    for (&(a, b), &x) in edges.iter().zip(&w) {
        pg.add_edge(nodes[a as usize], nodes[b as usize], x);
    }
    let want = petgraph::algo::dijkstra(&pg, nodes[0], None, |e| *e.weight());
    for v in 0..n {
        assert_eq!(q.dist(v), want[&nodes[v as usize]], "vertex {v}");
    }
}
