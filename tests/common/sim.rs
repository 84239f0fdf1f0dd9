//! In-memory runs for the Monte-Carlo tests: a scenario from texts, its
//! simulation on a thread pool, and the tolerance of a proportion.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use corridor::montecarlo::{Manifest, SimModel, Summary, run_trials, summarize};
use corridor::scenario::Scenario;
use corridor::scenario::load::load_scenario_from;

/// A scenario (`sc`, without its `network` line) of the network text
/// `net`, with `--set` overrides, or the text of its load errors.
pub fn try_scenario(net: &str, sc: &str, overrides: &[&str]) -> Result<Scenario, String> {
    let mut texts = BTreeMap::new();
    texts.insert(PathBuf::from("t/net.toml"), net.to_string());
    texts.insert(
        PathBuf::from("t/sc.toml"),
        format!("network = \"net.toml\"\n{sc}"),
    );
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    load_scenario_from(Path::new("t/sc.toml"), &texts, &overrides).map_err(|e| e.to_string())
}

/// [`try_scenario`], which must load.
pub fn scenario(net: &str, sc: &str, overrides: &[&str]) -> Scenario {
    try_scenario(net, sc, overrides).unwrap_or_else(|e| panic!("{e}"))
}

/// [`try_scenario`]'s errors, which there must be.
pub fn scenario_errors(net: &str, sc: &str, overrides: &[&str]) -> String {
    match try_scenario(net, sc, overrides) {
        Ok(_) => panic!("the scenario loads"),
        Err(e) => e,
    }
}

/// `trials` trials of `sc` on `threads` threads, summarized.
pub fn simulate_with(sc: &Scenario, trials: u64, threads: usize) -> Summary {
    let model = SimModel::new(sc).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let acc = pool.install(|| run_trials(&model, sc.montecarlo.seed, 0..trials, &|_| {}));
    summarize(sc, &model, &acc, Manifest::new(sc, "t/sc.toml"))
}

/// `trials` trials of `sc` on two threads.
pub fn simulate(sc: &Scenario, trials: u64) -> Summary {
    simulate_with(sc, trials, 2)
}

/// Four standard errors of a proportion, plus a hair.
pub fn prop_tol(p: f64, n: u64) -> f64 {
    4.0 * (p * (1.0 - p) / n as f64).sqrt() + 1e-9
}
