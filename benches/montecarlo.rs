//! Monte-Carlo throughput on the shipped Almaty → Karachi scenario.
//! Each iteration runs a block of trials with a fresh seed from a seeded
//! generator, so draws (and closure patterns, and re-plans) vary.

use std::path::Path;

use corridor::montecarlo::{SimModel, run_trials};
use corridor::scenario::load::load_scenario;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

fn trials(c: &mut Criterion) {
    let sc = load_scenario(Path::new("scenarios/almaty-karachi.toml"), &[])
        .expect("shipped scenario loads");
    let model = SimModel::new(&sc).expect("model builds");
    let mut seeds = Xoshiro256PlusPlus::seed_from_u64(2026);
    let mut group = c.benchmark_group("montecarlo");
    for (name, threads) in [("1_thread", 1), ("2_threads", 2)] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let block = 20_000u64;
        group.throughput(Throughput::Elements(block));
        group.bench_function(format!("almaty_karachi_{block}_trials_{name}"), |b| {
            b.iter_batched(
                || seeds.next_u64(),
                |seed| pool.install(|| run_trials(&model, seed, 0..block, &|_| {})),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, trials);
criterion_main!(benches);
