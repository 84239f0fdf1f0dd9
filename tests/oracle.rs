//! The path core against slow exact oracles on many random small networks:
//! brute-force enumeration of simple paths (through waypoints, with
//! transfers, dwell and hazards) and petgraph's Dijkstra. Plus invariants:
//! closing a link never makes a route cheaper; route totals equal the sum
//! of their steps.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor::network::NodeId;
use corridor::path::{Graph, QueryState, Route, Vertex, best_path, kbest};
use corridor::scenario::Scenario;
use corridor::scenario::load::load_scenario_from;
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const CARRIERS: &[(&str, Option<u16>)] = &[
    ("road", None),
    ("rail", Some(1520)),
    ("rail", Some(1435)),
    ("sea", None),
];

/// A random network and scenario as TOML texts, plus one link id to close.
fn random_case(seed: u64) -> (String, String, Vec<String>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = rng.random_range(4..=7usize);
    let mut net = String::from("[network]\nname = \"random\"\n");
    for i in 0..n {
        let kind = if rng.random_bool(0.3) {
            "border"
        } else {
            "city"
        };
        let _ = writeln!(
            net,
            "[[nodes]]\nid = \"n{i}\"\nname = \"N{i}\"\ncountry = \"{}\"\nlat = {}\nlon = {}\nkind = \"{kind}\"",
            ["KZ", "AF", "PK"][rng.random_range(0..3)],
            rng.random_range(20.0..50.0),
            rng.random_range(50.0..80.0),
        );
        if rng.random_bool(0.5) {
            let mode = ["road", "rail", "sea", "any"][rng.random_range(0..4)];
            let _ = writeln!(
                net,
                "dwell.{mode} = {{ hours = {{ min = {}, max = {} }}, usd = {} }}",
                rng.random_range(0..10),
                rng.random_range(10..40),
                rng.random_range(0..300)
            );
        }
        let mut transfers = Vec::new();
        for pair in [
            ["road", "rail"],
            ["rail-1520", "rail-1435"],
            ["sea", "*"],
            ["*", "*"],
        ] {
            if rng.random_bool(0.45) {
                transfers.push(format!(
                    "{{ between = [\"{}\", \"{}\"], hours = {}, usd = {} }}",
                    pair[0],
                    pair[1],
                    rng.random_range(0..30),
                    rng.random_range(0..400)
                ));
            }
        }
        if !transfers.is_empty() {
            let _ = writeln!(net, "transfers = [{}]", transfers.join(", "));
        }
    }
    let m = rng.random_range(n..=3 * n);
    let mut link_ids = Vec::new();
    for j in 0..m {
        let a = rng.random_range(0..n);
        let mut b = rng.random_range(0..n);
        if a == b {
            b = (b + 1) % n;
        }
        let (mode, gauge) = CARRIERS[rng.random_range(0..CARRIERS.len())];
        let id = format!("l{j}");
        let _ = writeln!(
            net,
            "[[links]]\nid = \"{id}\"\nfrom = \"n{a}\"\nto = \"n{b}\"\nmode = \"{mode}\"\nkm = {}",
            rng.random_range(10..2000)
        );
        if let Some(g) = gauge {
            let _ = writeln!(net, "gauge = {g}");
        }
        if rng.random_bool(0.5) {
            let _ = writeln!(
                net,
                "hours = {{ p50 = {}, p90 = {} }}",
                rng.random_range(1..50),
                rng.random_range(60..200)
            );
        } else {
            let _ = writeln!(
                net,
                "kmh = {{ min = {}, max = {} }}",
                rng.random_range(10..30),
                rng.random_range(30..60)
            );
        }
        if rng.random_bool(0.5) {
            let _ = writeln!(net, "usd = {}", rng.random_range(10..3000));
        } else {
            let _ = writeln!(
                net,
                "usd_per_km = {{ min = 0.5, mode = {}, max = 2.5, shape = \"pert\" }}",
                rng.random_range(0.5..2.5)
            );
        }
        if rng.random_bool(0.25) {
            let _ = writeln!(net, "bidirectional = false");
        }
        link_ids.push(id);
    }
    for h in 0..rng.random_range(0..4) {
        let (effect, param) = [
            ("close", "duration = { p50 = 48, p90 = 400 }"),
            ("delay", "hours = { min = 5, max = 50 }"),
            ("cost", "usd = { min = 100, max = 900 }"),
            ("loss", "fraction = { min = 0.01, max = 0.2 }"),
        ][rng.random_range(0..4)];
        let target = if rng.random_bool(0.5) {
            format!("targets.nodes = [\"n{}\"]", rng.random_range(0..n))
        } else {
            format!(
                "targets.links = [\"{}\"]",
                link_ids[rng.random_range(0..link_ids.len())]
            )
        };
        let _ = writeln!(
            net,
            "[[hazards]]\nid = \"h{h}\"\ncategory = \"{}\"\nprobability = {}\neffect = \"{effect}\"\n{param}\n{target}",
            ["security", "political", "weather"][rng.random_range(0..3)],
            rng.random_range(0.0..1.0),
        );
    }
    let dest = n - 1;
    let mut via = Vec::new();
    for _ in 0..rng.random_range(0..=2) {
        via.push(format!("\"n{}\"", rng.random_range(1..dest)));
    }
    let sc = format!(
        "network = \"net.toml\"\norigin = \"n0\"\ndestination = \"n{dest}\"\n[cargo]\nvalue_usd = {}\nvalue_of_time_usd_per_day = {}\n[risk_weights]\nsecurity = {}\npolitical = {}\n[[corridors]]\nid = \"c\"\nname = \"C\"\nvia = [{}]\n",
        rng.random_range(0..100_000),
        rng.random_range(0..500),
        rng.random_range(0.0..4.0),
        rng.random_range(0.0..4.0),
        via.join(", "),
    );
    (net, sc, link_ids)
}

fn load(net: &str, sc: &str) -> Scenario {
    let mut texts = BTreeMap::new();
    texts.insert(PathBuf::from("dir/net.toml"), net.to_string());
    texts.insert(PathBuf::from("dir/sc.toml"), sc.to_string());
    match load_scenario_from(Path::new("dir/sc.toml"), &texts, &[]) {
        Ok(s) => s,
        Err(e) => panic!("generated case does not load:\n{e}\n{net}\n{sc}"),
    }
}

/// Minimum cost over chains of simple paths: origin → via… → destination,
/// each leg a simple path in the expanded graph, carriers carried over.
fn brute_force(g: &Graph, w: &[f64], origin: NodeId, via: &[NodeId], dest: NodeId) -> Option<f64> {
    fn dfs(
        g: &Graph,
        w: &[f64],
        v: Vertex,
        cost: f64,
        target: NodeId,
        seen: &mut Vec<bool>,
        out: &mut HashMap<Vertex, f64>,
    ) {
        if g.vertices[v as usize].0 == target {
            let e = out.entry(v).or_insert(f64::INFINITY);
            *e = e.min(cost);
        }
        for (h, e) in g.arcs(v) {
            if !seen[h as usize] {
                seen[h as usize] = true;
                dfs(g, w, h, cost + w[e as usize], target, seen, out);
                seen[h as usize] = false;
            }
        }
    }
    let mut cur: HashMap<Vertex, f64> = g.vertices_of(origin).map(|v| (v, 0.0)).collect();
    for &stop in via.iter().chain([&dest]) {
        let mut next = HashMap::new();
        for (&s, &c) in &cur {
            let mut seen = vec![false; g.vertex_count()];
            seen[s as usize] = true;
            dfs(g, w, s, c, stop, &mut seen, &mut next);
        }
        cur = next;
    }
    cur.values().copied().min_by(f64::total_cmp)
}

fn petgraph_cost(g: &Graph, w: &[f64], origin: NodeId, dest: NodeId) -> Option<f64> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut pg = DiGraph::<(), f64>::new();
    let nodes: Vec<NodeIndex> = (0..g.vertex_count()).map(|_| pg.add_node(())).collect();
    let source = pg.add_node(());
    for (i, e) in g.edges.iter().enumerate() {
        pg.add_edge(nodes[e.from as usize], nodes[e.to as usize], w[i]);
    }
    for v in g.vertices_of(origin) {
        pg.add_edge(source, nodes[v as usize], 0.0);
    }
    let dist = petgraph::algo::dijkstra(&pg, source, None, |e| *e.weight());
    g.vertices_of(dest)
        .filter_map(|v| dist.get(&nodes[v as usize]).copied())
        .min_by(f64::total_cmp)
}

fn close_enough(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn path_core_agrees_with_oracles(seed in any::<u64>()) {
        let (net_text, sc_text, link_ids) = random_case(seed);
        let sc = load(&net_text, &sc_text);
        let net = &sc.network;
        let c = &sc.corridors[0];
        let vot = sc.cargo.value_of_time_per_hour;
        let g = Graph::build(net, &sc.cargo);
        let w = g.weights(vot, &sc.risk_weights);
        let mut state = QueryState::new(g.vertex_count());

        let ours = best_path(&g, &w, &mut state, sc.origin, &c.via, sc.destination, None);
        let brute = brute_force(&g, &w, sc.origin, &c.via, sc.destination);
        match (&ours, brute) {
            (None, None) => {}
            (Some((cost, edges)), Some(b)) => {
                prop_assert!(close_enough(*cost, b), "ours {cost} vs brute force {b}");
                // The path is connected, starts at the origin, passes the
                // waypoints in order and ends at the destination.
                let route = Route::describe(net, &g, edges.clone(), vot, &sc.risk_weights);
                prop_assert_eq!(route.nodes.first().copied(), Some(sc.origin));
                prop_assert_eq!(route.nodes.last().copied(), Some(sc.destination));
                // (A waypoint repeated back to back is passed once.)
                let mut via = c.via.clone();
                via.dedup();
                let mut next_via = 0;
                for n in &route.nodes {
                    if next_via < via.len() && *n == via[next_via] {
                        next_via += 1;
                    }
                }
                prop_assert_eq!(next_via, via.len(), "waypoints not passed in order");
                for pair in edges.windows(2) {
                    prop_assert_eq!(g.edges[pair[0] as usize].to, g.edges[pair[1] as usize].from);
                }
                // Totals equal the sum of the steps, and the search's cost.
                let gc: f64 = route.steps.iter().map(|s| s.generalized_cost).sum();
                let km: f64 = route.steps.iter().map(|s| s.km).sum();
                prop_assert!(close_enough(route.generalized_cost, gc));
                prop_assert!(close_enough(route.km, km));
                prop_assert!(close_enough(route.generalized_cost, *cost), "described {} vs searched {cost}", route.generalized_cost);
            }
            (a, b) => prop_assert!(false, "ours {:?} vs brute force {:?}", a.as_ref().map(|x| x.0), b),
        }

        // petgraph agrees on the direct (no waypoint) query.
        let direct = best_path(&g, &w, &mut state, sc.origin, &[], sc.destination, None).map(|x| x.0);
        let pg = petgraph_cost(&g, &w, sc.origin, sc.destination);
        match (direct, pg) {
            (None, None) => {}
            (Some(a), Some(b)) => prop_assert!(close_enough(a, b), "ours {a} vs petgraph {b}"),
            (a, b) => prop_assert!(false, "ours {a:?} vs petgraph {b:?}"),
        }

        // The k best distinct routes start with the best one and never get cheaper.
        let k = kbest::k_best_distinct(net, &g, &w, &mut state, sc.origin, sc.destination, 3);
        if let (Some(first), Some(a)) = (k.first(), direct) {
            prop_assert!(close_enough(first.0, a));
        }
        for pair in k.windows(2) {
            prop_assert!(pair[0].0 <= pair[1].0 + 1e-9);
        }

        // Closing a link never makes the route cheaper.
        let closed_id = &link_ids[(seed % link_ids.len() as u64) as usize];
        let closed_sc = load(&net_text, &format!("{sc_text}[[changes]]\nclose = [\"{closed_id}\"]\n"));
        let g2 = Graph::build(&closed_sc.network, &closed_sc.cargo);
        let w2 = g2.weights(vot, &closed_sc.risk_weights);
        let mut state2 = QueryState::new(g2.vertex_count());
        let after = best_path(&g2, &w2, &mut state2, sc.origin, &c.via, sc.destination, None).map(|x| x.0);
        match (ours.map(|x| x.0), after) {
            (Some(before), Some(after)) => prop_assert!(after >= before - 1e-9 * before.abs().max(1.0), "closing {closed_id}: {before} -> {after}"),
            (None, Some(_)) => prop_assert!(false, "closing a link created a route"),
            _ => {}
        }
    }
}

/// Guards the generator: most random cases must have a route, or the
/// agreement test above would compare "no route" with "no route".
#[test]
fn random_cases_are_mostly_routable() {
    let routable = (0..300u64)
        .filter(|&seed| {
            let (net, sc, _) = random_case(seed);
            let sc = load(&net, &sc);
            let g = Graph::build(&sc.network, &sc.cargo);
            let w = g.weights(sc.cargo.value_of_time_per_hour, &sc.risk_weights);
            let mut state = QueryState::new(g.vertex_count());
            best_path(
                &g,
                &w,
                &mut state,
                sc.origin,
                &sc.corridors[0].via,
                sc.destination,
                None,
            )
            .is_some()
        })
        .count();
    assert!(
        routable >= 120,
        "only {routable} of 300 random cases have a route"
    );
}
