//! Quick ratios of our path core against petgraph, without criterion's full
//! run: `cargo run --release --example path_ratios` prints one line per
//! case, `name ratio_vs_petgraph=X.XX`, with the time per query of each.
//! Inputs are seeded; each case is timed a few times and the best kept.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use corridor::path::synthetic::{Grid, perturbed, petgraph_of};
use corridor::path::{BiState, Graph, QueryState, Stop};
use corridor::scenario::load::load_scenario;
use petgraph::visit::EdgeRef;

fn best_of(reps: usize, mut f: impl FnMut()) -> Duration {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("reps > 0")
}

fn report(name: &str, queries: usize, ours: Duration, theirs: Duration) {
    let per = |d: Duration| d.as_secs_f64() * 1e6 / queries as f64;
    println!(
        "{name} ratio_vs_petgraph={:.2} (ours {:.1} µs/query, petgraph {:.1} µs/query)",
        theirs.as_secs_f64() / ours.as_secs_f64(),
        per(ours),
        per(theirs)
    );
}

fn grid_cases(label: &str, grid: &Grid, sources: usize, pairs: usize, reps: usize) {
    let csr = grid.csr();
    let rev = csr.reverse();
    let (wa, rwa) = (csr.by_arc(&grid.weights), rev.by_arc(&grid.weights));
    let (pg, nodes) = petgraph_of(grid.vertex_count(), &grid.edges, &grid.weights);
    let mut q = QueryState::new(grid.vertex_count());
    let mut bi = BiState::new(grid.vertex_count());

    let srcs: Vec<u32> = grid.random_pairs(sources, 1).iter().map(|p| p.0).collect();
    let ours = best_of(reps, || {
        for &s in &srcs {
            q.costs_from(&csr, &wa, s);
            black_box(q.dist(0));
        }
    });
    let theirs = best_of(reps, || {
        for &s in &srcs {
            black_box(
                petgraph::algo::dijkstra(&pg, nodes[s as usize], None, |e| *e.weight()).len(),
            );
        }
    });
    report(
        &format!("{label}_single_source_all"),
        srcs.len(),
        ours,
        theirs,
    );

    let ps = grid.random_pairs(pairs, 2);
    let ours = best_of(reps, || {
        for &(s, t) in &ps {
            black_box(bi.pair(&csr, &wa, &rev, &rwa, s, t).map(|x| x.1.len()));
        }
    });
    let theirs = best_of(reps, || {
        for &(s, t) in &ps {
            let goal = nodes[t as usize];
            black_box(
                petgraph::algo::astar(
                    &pg,
                    nodes[s as usize],
                    |n| n == goal,
                    |e| *e.weight(),
                    |_| 0.0,
                )
                .map(|x| x.1.len()),
            );
        }
    });
    report(&format!("{label}_pair_with_path"), ps.len(), ours, theirs);
}

fn main() {
    let started = Instant::now();
    let g250 = Grid::new(500, 500, 250);
    grid_cases("grid250k", &g250, 5, 40, 3);
    drop(g250);

    let g1m = Grid::new(1000, 1000, 1000);
    grid_cases("grid1m", &g1m, 2, 10, 2);
    // Short queries: a target 20 street segments away on the 1M grid.
    let csr = g1m.csr();
    let rev = csr.reverse();
    let (wa, rwa) = (csr.by_arc(&g1m.weights), rev.by_arc(&g1m.weights));
    let (pg, nodes) = petgraph_of(g1m.vertex_count(), &g1m.edges, &g1m.weights);
    let mut bi = BiState::new(g1m.vertex_count());
    let short = g1m.short_pairs(2000, 20, 3);
    let ours = best_of(5, || {
        for &(s, t) in &short {
            black_box(bi.pair(&csr, &wa, &rev, &rwa, s, t).map(|x| x.1.len()));
        }
    });
    let theirs = best_of(5, || {
        for &(s, t) in &short {
            let goal = nodes[t as usize];
            black_box(
                petgraph::algo::astar(
                    &pg,
                    nodes[s as usize],
                    |n| n == goal,
                    |e| *e.weight(),
                    |_| 0.0,
                )
                .map(|x| x.1.len()),
            );
        }
    });
    report("grid1m_short_20_hops", short.len(), ours, theirs);
    drop((pg, csr, rev));

    // Per-trial: the shipped corridor network, weights varying every query.
    let sc =
        load_scenario(Path::new("scenarios/almaty-karachi.toml"), &[]).expect("shipped scenario");
    let g = Graph::build(&sc.network, &sc.cargo);
    let base = g.weights(sc.cargo.value_of_time_per_hour, &sc.risk_weights);
    let sets = perturbed(&base, 256, 4);
    let arc_sets: Vec<_> = sets.iter().map(|w| g.csr.by_arc(w)).collect();
    let pairs: Vec<(u32, u32)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
    let (pg, nodes) = petgraph_of(g.vertex_count(), &pairs, &sets[0]);
    let s = g.vertices_of(sc.origin).start;
    let t = g.vertices_of(sc.destination).start;
    let mut q = QueryState::new(g.vertex_count());
    let ours = best_of(5, || {
        for w in &arc_sets {
            q.search(&g.csr, w, &[(s, 0.0)], None, Stop::AnyOf(&[t]));
            black_box(q.path_to(&g.csr, t).len());
        }
    });
    let theirs = best_of(5, || {
        for w in &sets {
            let goal = nodes[t as usize];
            black_box(
                petgraph::algo::astar(
                    &pg,
                    nodes[s as usize],
                    |n| n == goal,
                    |e| w[e.id().index()],
                    |_| 0.0,
                )
                .map(|x| x.1.len()),
            );
        }
    });
    report(
        "corridor_per_trial_varying_weights",
        sets.len(),
        ours,
        theirs,
    );
    eprintln!("(total {:.1} s)", started.elapsed().as_secs_f64());
}
