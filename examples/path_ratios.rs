//! Quick ratios of our path core against petgraph, without criterion's full
//! run: `cargo run --release --example path_ratios` prints one line per
//! case, `name ratio_vs_petgraph=X.XX`, with the time per query of each.
//! Graphs and queries are seeded and the same as `benches/path.rs`'s; each
//! case's query set is timed a few times and the best kept.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../benches/support/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;
use synthetic::{GridCase, TrialCase};

/// The best of `reps` runs of `query` over all `inputs`.
fn best_of<I: Copy, R>(reps: usize, inputs: &[I], mut query: impl FnMut(I) -> R) -> Duration {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            for &i in inputs {
                black_box(query(i));
            }
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

fn grid_cases(label: &str, case: &GridCase, reps: usize) {
    let qs = case.queries();
    let (mut q, mut bi) = case.states();
    let ours = best_of(reps, &qs.sources, |s| case.ours_all(&mut q, s));
    let theirs = best_of(reps, &qs.sources, |s| case.petgraph_all(s));
    report(
        &format!("{label}_single_source_all"),
        qs.sources.len(),
        ours,
        theirs,
    );

    let ours = best_of(reps, &qs.pairs, |(s, t)| case.ours_pair(&mut bi, s, t));
    let theirs = best_of(reps, &qs.pairs, |(s, t)| case.petgraph_pair(s, t));
    report(
        &format!("{label}_pair_with_path"),
        qs.pairs.len(),
        ours,
        theirs,
    );

    if case.grid.vertex_count() >= 1_000_000 {
        // Short queries: a target 20 street segments away.
        let ours = best_of(5, &qs.short, |(s, t)| case.ours_pair(&mut bi, s, t));
        let theirs = best_of(5, &qs.short, |(s, t)| case.petgraph_pair(s, t));
        report(
            &format!("{label}_short_20_hops"),
            qs.short.len(),
            ours,
            theirs,
        );
    }
}

fn main() {
    let started = Instant::now();
    grid_cases("grid250k", &GridCase::new(500, 500), 3);
    grid_cases("grid1m", &GridCase::new(1000, 1000), 2);

    // Per-trial: the shipped corridor network, weights varying every query.
    let case = TrialCase::new(Path::new("scenarios/almaty-karachi.toml"), 256, 4);
    let mut q = case.state();
    let trials: Vec<usize> = (0..case.len()).collect();
    let ours = best_of(5, &trials, |i| case.ours(&mut q, i));
    let theirs = best_of(5, &trials, |i| case.petgraph(i));
    report(
        "corridor_per_trial_varying_weights",
        trials.len(),
        ours,
        theirs,
    );
    eprintln!("(total {:.1} s)", started.elapsed().as_secs_f64());
}
