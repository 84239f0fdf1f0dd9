//! Our path core against petgraph, in the same run on the same graphs:
//! seeded 2-D grids (≈250k and ≈1M vertices, random weights) and the
//! shipped corridor network with weights that vary every query.
//!
//! `cargo bench --bench path` (the full criterion run); for a quick look at
//! the ratios: `cargo run --release --example path_ratios`.

use std::hint::black_box;
use std::path::Path;

use corridor::path::synthetic::{Grid, perturbed, petgraph_of};
use corridor::path::{BiState, Graph, QueryState, Stop};
use corridor::scenario::load::load_scenario;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use petgraph::visit::EdgeRef;

fn grids(c: &mut Criterion) {
    for (label, side) in [("grid250k", 500u32), ("grid1m", 1000)] {
        let grid = Grid::new(side, side, side as u64);
        let csr = grid.csr();
        let rev = csr.reverse();
        let (wa, rwa) = (csr.by_arc(&grid.weights), rev.by_arc(&grid.weights));
        let (pg, nodes) = petgraph_of(grid.vertex_count(), &grid.edges, &grid.weights);
        let mut q = QueryState::new(grid.vertex_count());
        let mut bi = BiState::new(grid.vertex_count());
        let mut group = c.benchmark_group(label);
        group.sample_size(10);

        let sources: Vec<u32> = grid.random_pairs(16, 1).iter().map(|p| p.0).collect();
        let mut i = 0;
        group.bench_function(BenchmarkId::new("single_source_all", "ours"), |b| {
            b.iter(|| {
                i = (i + 1) % sources.len();
                q.costs_from(&csr, &wa, sources[i]);
                black_box(q.dist(0))
            })
        });
        group.bench_function(
            BenchmarkId::new("single_source_all", "petgraph_dijkstra"),
            |b| {
                b.iter(|| {
                    i = (i + 1) % sources.len();
                    black_box(
                        petgraph::algo::dijkstra(&pg, nodes[sources[i] as usize], None, |e| {
                            *e.weight()
                        })
                        .len(),
                    )
                })
            },
        );

        let pairs = grid.random_pairs(64, 2);
        group.bench_function(
            BenchmarkId::new("pair_with_path", "ours_bidirectional"),
            |b| {
                b.iter(|| {
                    i = (i + 1) % pairs.len();
                    let (s, t) = pairs[i];
                    black_box(bi.pair(&csr, &wa, &rev, &rwa, s, t).map(|x| x.1.len()))
                })
            },
        );
        group.bench_function(BenchmarkId::new("pair_with_path", "ours_one_sided"), |b| {
            b.iter(|| {
                i = (i + 1) % pairs.len();
                let (s, t) = pairs[i];
                black_box(q.pair(&csr, &wa, s, t).map(|_| q.path_to(&csr, t).len()))
            })
        });
        group.bench_function(
            BenchmarkId::new("pair_with_path", "petgraph_astar_zero"),
            |b| {
                b.iter(|| {
                    i = (i + 1) % pairs.len();
                    let (s, t) = pairs[i];
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
                    )
                })
            },
        );

        if side == 1000 {
            let short = grid.short_pairs(1024, 20, 3);
            group.sample_size(30);
            group.bench_function(
                BenchmarkId::new("short_20_hops", "ours_bidirectional"),
                |b| {
                    b.iter(|| {
                        i = (i + 1) % short.len();
                        let (s, t) = short[i];
                        black_box(bi.pair(&csr, &wa, &rev, &rwa, s, t).map(|x| x.1.len()))
                    })
                },
            );
            group.bench_function(
                BenchmarkId::new("short_20_hops", "petgraph_astar_zero"),
                |b| {
                    b.iter(|| {
                        i = (i + 1) % short.len();
                        let (s, t) = short[i];
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
                        )
                    })
                },
            );
        }
        group.finish();
    }
}

/// The corridor network, weights varying every query (seeded perturbations
/// of the scenario's weights), so branch prediction cannot learn one
/// weighting.
fn corridor_per_trial(c: &mut Criterion) {
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
    let mut group = c.benchmark_group("corridor_per_trial");
    let mut i = 0;
    group.bench_function(BenchmarkId::new("pair_with_path", "ours"), |b| {
        b.iter(|| {
            i = (i + 1) % arc_sets.len();
            q.search(&g.csr, &arc_sets[i], &[(s, 0.0)], None, Stop::AnyOf(&[t]));
            black_box(q.path_to(&g.csr, t).len())
        })
    });
    group.bench_function(
        BenchmarkId::new("pair_with_path", "petgraph_astar_zero"),
        |b| {
            b.iter(|| {
                i = (i + 1) % sets.len();
                let w = &sets[i];
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
                )
            })
        },
    );
    group.finish();
}

criterion_group!(benches, grids, corridor_per_trial);
criterion_main!(benches);
