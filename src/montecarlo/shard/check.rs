//! Consistency of shard files: what every genuine shard satisfies, checked
//! before anything is merged, each failure said in one line.
//!
//! The identities come from how a trial records (`run.rs`): every trial
//! counts once in `trials`, at most once in each corridor's `reached`, once
//! in the free policy's `free_share` (a corridor, "other" or "no route"),
//! and at most once in each paired comparison; a corridor's histograms hold
//! one value per trial that reached it; on-time, lost, waited and detoured
//! trials are trials that reached it.

use super::super::acc::{Acc, AccState, CorridorState};
use super::super::run::{MAX_TRIALS, shard_range};
use super::super::stats::Metric;
use super::{MAX_SHARDS, ShardFile};

/// The run-level facts of the first file: trials, the split, corridors.
pub(super) fn run(name: &str, f: &ShardFile) -> Vec<String> {
    let mut errors = Vec::new();
    let (trials, n) = (f.manifest.trials, f.shard.n);
    if trials == 0 || trials > MAX_TRIALS {
        errors.push(format!(
            "{name}: the run has {trials} trials; expected 1 to {MAX_TRIALS}"
        ));
    }
    if n == 0 || n > MAX_SHARDS || n > trials {
        errors.push(format!(
            "{name}: a split into {n} shards; expected 1 to {MAX_SHARDS} shards, at most one per trial"
        ));
    }
    if f.acc.corridors.is_empty() {
        errors.push(format!(
            "{name}: no corridors (expected the compared corridors, then the free policy)"
        ));
    }
    errors
}

/// Checks one file of a split whose first file has `corridors` corridor
/// entries, and rebuilds its accumulator.
pub(super) fn file(f: &ShardFile, corridors: usize) -> Result<Acc, Vec<String>> {
    let mut errors = Vec::new();
    let expected = shard_range(f.manifest.trials, f.shard.k, f.shard.n);
    let (first, end) = (f.first_trial, f.end_trial);
    if first != expected.start || end != expected.end {
        errors.push(format!(
            "holds trials {first}..{end}; shard {}/{} of {} trials is {}..{}",
            f.shard.k, f.shard.n, f.manifest.trials, expected.start, expected.end
        ));
    }
    let s = &f.acc;
    let trials = expected.end - expected.start;
    if s.trials != trials {
        errors.push(format!(
            "counts {} trials; its range holds {trials}",
            s.trials
        ));
    }
    lengths(s, corridors, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    for (c, cs) in s.corridors.iter().enumerate() {
        corridor(cs, trials, &format!("corridor {}", c + 1), &mut errors);
    }
    shares(s, trials, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Acc::from_state(s).map_err(|e| vec![e.to_string()])
}

/// The per-corridor arrays agree with each other and with the first file.
fn lengths(s: &AccState, corridors: usize, errors: &mut Vec<String>) {
    let len = s.corridors.len();
    if len != corridors {
        errors.push(format!(
            "{len} corridor entries; the first file has {corridors}"
        ));
    }
    let compared = len.saturating_sub(1);
    for (what, got, want) in [
        ("cheapest", s.cheapest.len(), compared),
        ("fastest", s.fastest.len(), compared),
        ("lowest_gc", s.lowest_gc.len(), compared),
        ("free_share", s.free_share.len(), compared + 2),
    ] {
        if got != want {
            errors.push(format!(
                "{what} has {got} entries; {len} corridor entries need {want}"
            ));
        }
    }
}

/// One corridor's counts and statistics.
fn corridor(c: &CorridorState, trials: u64, what: &str, errors: &mut Vec<String>) {
    if c.reached > trials {
        errors.push(format!(
            "{what}: reached in {} of {trials} trials",
            c.reached
        ));
    }
    for (field, count) in [
        ("on_time", c.on_time),
        ("lost", c.lost),
        ("waited", c.waited),
        ("detoured", c.detoured),
    ] {
        if count > c.reached {
            errors.push(format!(
                "{what}: {field} {count} exceeds the {} trials that reached it",
                c.reached
            ));
        }
    }
    for (field, m) in [("hours", &c.hours), ("usd", &c.usd), ("gc", &c.gc)] {
        match Metric::from_state(m) {
            Ok(m) if m.count() == c.reached => {}
            Ok(m) => errors.push(format!(
                "{what}: {field} holds {} values for {} trials that reached it",
                m.count(),
                c.reached
            )),
            Err(e) => errors.push(format!("{what}: {field}: {e}")),
        }
    }
}

/// The paired comparisons and the free policy's choice.
fn shares(s: &AccState, trials: u64, errors: &mut Vec<String>) {
    let sum = |v: &[u64]| v.iter().map(|&x| x as u128).sum::<u128>();
    for (what, v) in [
        ("cheapest", &s.cheapest),
        ("fastest", &s.fastest),
        ("lowest_gc", &s.lowest_gc),
    ] {
        if sum(v) > trials as u128 {
            errors.push(format!(
                "{what}: shares add up to {} of {trials} trials (more than 1)",
                sum(v)
            ));
        }
    }
    if sum(&s.free_share) != trials as u128 {
        errors.push(format!(
            "free_share adds up to {} trials, not {trials}",
            sum(&s.free_share)
        ));
    }
    // The free policy is the last corridor: it reached every trial it did
    // not record as "no route".
    if let (Some(free), Some(&no_route)) = (s.corridors.last(), s.free_share.last())
        && free.reached as u128 + no_route as u128 != trials as u128
    {
        errors.push(format!(
            "the free policy reached {} trials and found no route in {no_route}; together not {trials}",
            free.reached
        ));
    }
}
