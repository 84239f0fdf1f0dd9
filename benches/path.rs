//! Our path core against petgraph, in the same run on the same graphs:
//! seeded 2-D grids (≈250k and ≈1M vertices, random weights) and the
//! shipped corridor network with weights that vary every query.
//!
//! Every iteration runs a case's whole query set (seeded, the same for us
//! and for petgraph), and times are reported per query, so both sides are
//! timed on exactly the same work.
//!
//! `cargo bench --bench path` (the full criterion run); for a quick look at
//! the ratios: `cargo run --release --example path_ratios`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "support/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use synthetic::{GridCase, TrialCase};

/// Benchmarks `query` over all `inputs` per iteration, as `case/who`,
/// reporting the time per query.
fn per_query<I: Copy, R>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    case: &str,
    who: &str,
    inputs: &[I],
    mut query: impl FnMut(I) -> R,
) {
    group.bench_function(BenchmarkId::new(case, who), |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                for &i in inputs {
                    black_box(query(i));
                }
            }
            start.elapsed() / inputs.len() as u32
        })
    });
}

fn grids(c: &mut Criterion) {
    for (label, side) in [("grid250k", 500u32), ("grid1m", 1000)] {
        let case = GridCase::new(side, side as u64);
        let qs = case.queries();
        let (mut q, mut bi) = case.states();
        let mut group = c.benchmark_group(label);
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));

        let all = "single_source_all";
        per_query(&mut group, all, "ours", &qs.sources, |s| {
            case.ours_all(&mut q, s)
        });
        per_query(&mut group, all, "petgraph_dijkstra", &qs.sources, |s| {
            case.petgraph_all(s)
        });

        let pair = "pair_with_path";
        per_query(
            &mut group,
            pair,
            "ours_bidirectional",
            &qs.pairs,
            |(s, t)| case.ours_pair(&mut bi, s, t),
        );
        per_query(&mut group, pair, "ours_one_sided", &qs.pairs, |(s, t)| {
            case.ours_pair_one_sided(&mut q, s, t)
        });
        per_query(
            &mut group,
            pair,
            "petgraph_astar_zero",
            &qs.pairs,
            |(s, t)| case.petgraph_pair(s, t),
        );

        if side == 1000 {
            let short = "short_20_hops";
            per_query(
                &mut group,
                short,
                "ours_bidirectional",
                &qs.short,
                |(s, t)| case.ours_pair(&mut bi, s, t),
            );
            per_query(
                &mut group,
                short,
                "petgraph_astar_zero",
                &qs.short,
                |(s, t)| case.petgraph_pair(s, t),
            );
        }
        group.finish();
    }
}

/// The corridor network, weights varying every query (seeded perturbations
/// of the scenario's weights), so branch prediction cannot learn one
/// weighting.
fn corridor_per_trial(c: &mut Criterion) {
    let case = TrialCase::new(Path::new("scenarios/almaty-karachi.toml"), 256, 4);
    let mut q = case.state();
    let trials: Vec<usize> = (0..case.len()).collect();
    let mut group = c.benchmark_group("corridor_per_trial");
    let pair = "pair_with_path";
    per_query(&mut group, pair, "ours", &trials, |i| case.ours(&mut q, i));
    per_query(&mut group, pair, "petgraph_astar_zero", &trials, |i| {
        case.petgraph(i)
    });
    group.finish();
}

criterion_group!(benches, grids, corridor_per_trial);
criterion_main!(benches);
