//! Trials and the parallel driver. Trials are independent (each draws only
//! from its own streams) and every accumulator merges exactly, so a run's
//! result is the same for any thread count and any split into shards.

use std::ops::Range;

use rayon::prelude::*;

use super::acc::Acc;
use super::calendar::Calendar;
use super::draws::trial_key;
use super::edges::EdgeDraws;
use super::model::{DetourCache, SimModel};
use super::outcome::Outcome;
use super::travel::Scratch;

use crate::network::month_of_hour;
use crate::path::QueryState;

/// Most trials a run may have: at about a microsecond a trial, weeks of
/// work on one core; a chunk index and every count fit in a `u64` with
/// room to spare.
pub const MAX_TRIALS: u64 = 1_000_000_000_000;

/// Fewest trials per unit of parallel work (below this, scheduling costs
/// more than the trials).
const MIN_CHUNK: u64 = 64;
/// Most trials per unit of parallel work.
const MAX_CHUNK: u64 = 2048;
/// Units of work per thread a run aims for, so that every thread has work
/// and a slow unit at the end does not leave the others idle.
const CHUNKS_PER_THREAD: u64 = 8;

/// Per-thread working state: search state, the detour cache and the
/// trial's calendar.
struct Worker<'m> {
    model: &'m SimModel,
    state: QueryState,
    cache: DetourCache,
    calendar: Calendar,
    draws: EdgeDraws,
    /// Per corridor: what the trial's shipment cost, if it had a route.
    outcomes: Vec<Outcome>,
    reached: Vec<bool>,
    /// Per corridor: the trial's risk-weighted generalized cost.
    gcs: Vec<f64>,
    /// Per corridor: whether its journey weighed a known closure.
    weighed: Vec<bool>,
    acc: Acc,
}

impl<'m> Worker<'m> {
    fn new(model: &'m SimModel) -> Worker<'m> {
        Worker {
            model,
            state: QueryState::new(model.graph.vertex_count()),
            cache: DetourCache::new(),
            draws: EdgeDraws::default(),
            calendar: Calendar::new(model.hazards.len(), model.effects.len()),
            outcomes: vec![Outcome::default(); model.corridors.len()],
            reached: vec![false; model.corridors.len()],
            gcs: vec![0.0; model.corridors.len()],
            weighed: vec![false; model.corridors.len()],
            acc: Acc::new(model.compared()),
        }
    }

    /// One shipment: draw its departure and calendar, travel every
    /// corridor from departure, record.
    fn trial(&mut self, seed: u64, i: u64) {
        let m = self.model;
        let key = trial_key(seed, i);
        self.calendar.begin(&m.departure, key);
        let month = month_of_hour(self.calendar.t0);
        let mut scratch = Scratch {
            state: &mut self.state,
            cache: &mut self.cache,
            calendar: &mut self.calendar,
            key,
            month,
            draws: &mut self.draws,
        };
        for c in 0..m.corridors.len() {
            self.reached[c] = false;
            let Some(plan) = m.corridors[c].by_month[month].as_deref() else {
                continue;
            };
            // A corridor with the same plan as one travelled already, which
            // weighed no closure on its way, goes the same way.
            let twin = m.corridors[c].twin[month].filter(|&t| !self.weighed[t] && self.reached[t]);
            let (detoured, attributed) = if let Some(t) = twin {
                self.weighed[c] = false;
                let (done, rest) = self.outcomes.split_at_mut(c);
                rest[0].clone_from(&done[t]);
                (false, plan.attributed)
            } else if let Some(j) = m.journey(c, plan, &mut scratch, &mut self.outcomes[c]) {
                self.weighed[c] = j.weighed;
                (j.detoured, j.attributed)
            } else {
                // Closed for good with no way round: no route this trial.
                if c == m.compared() {
                    self.acc.free_share[m.compared() + 1] += 1;
                }
                continue;
            };
            // The free policy's share goes to the corridor its route matches.
            if c == m.compared() {
                self.acc.free_share[attributed] += 1;
            }
            let o = &self.outcomes[c];
            let gc = m.weighted_gc(o);
            self.acc.corridors[c].record(o, gc, m.deadline_hours, detoured);
            self.gcs[c] = gc;
            self.reached[c] = true;
        }
        if m.corridors[m.compared()].by_month[month].is_none() {
            self.acc.free_share[m.compared() + 1] += 1;
        }
        // Paired comparisons among the compared corridors (first wins ties).
        let n = m.compared();
        let best = |f: &dyn Fn(&Outcome) -> f64| {
            (0..n)
                .filter(|&c| self.reached[c])
                .map(|c| (c, f(&self.outcomes[c])))
                .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
                .map(|(c, _)| c)
        };
        if let Some(c) = best(&|o| o.usd) {
            self.acc.cheapest[c] += 1;
        }
        if let Some(c) = best(&|o| o.hours) {
            self.acc.fastest[c] += 1;
        }
        let lowest_gc = (0..n)
            .filter(|&c| self.reached[c])
            .min_by(|&a, &b| self.gcs[a].total_cmp(&self.gcs[b]).then(a.cmp(&b)));
        if let Some(c) = lowest_gc {
            self.acc.lowest_gc[c] += 1;
        }
        self.acc.trials += 1;
    }
}

/// Trials per unit of parallel work for `trials` trials on `threads`
/// threads: about [`CHUNKS_PER_THREAD`] units per thread, within
/// [`MIN_CHUNK`]..=[`MAX_CHUNK`]. Results do not depend on it: trials draw
/// only from their own streams and accumulators merge exactly.
pub fn chunk_size(trials: u64, threads: usize) -> u64 {
    let units = (threads as u64).max(1).saturating_mul(CHUNKS_PER_THREAD);
    (trials / units).clamp(MIN_CHUNK, MAX_CHUNK)
}

/// Runs trials `range` (of a run with `seed`) on the current rayon pool,
/// calling `progress` with the number of trials done after each chunk.
/// Chunks are made as threads take them, so memory does not grow with the
/// number of trials.
pub fn run_trials(
    model: &SimModel,
    seed: u64,
    range: Range<u64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Acc {
    let len = range.end.saturating_sub(range.start);
    let chunk = chunk_size(len, rayon::current_num_threads());
    (0..len.div_ceil(chunk))
        .into_par_iter()
        .map(|c| {
            let s = range.start + c * chunk;
            s..(s + chunk).min(range.end)
        })
        .fold(
            || Worker::new(model),
            |mut w, r| {
                let n = r.end - r.start;
                for i in r {
                    w.trial(seed, i);
                }
                progress(n);
                w
            },
        )
        .map(|w| w.acc)
        .reduce(
            || Acc::new(model.compared()),
            |mut a, b| {
                a.merge(&b);
                a
            },
        )
}

/// The trials of shard `k` (1-based) of `n`: contiguous, together covering
/// 0..trials exactly once.
pub fn shard_range(trials: u64, k: u64, n: u64) -> Range<u64> {
    let bound = |j: u64| ((trials as u128 * j as u128) / n as u128) as u64;
    bound(k - 1)..bound(k)
}

#[cfg(test)]
mod tests {
    use super::shard_range;

    #[test]
    fn shards_cover_every_trial_once() {
        for trials in [1u64, 7, 1000, 1_000_003] {
            for n in 1..=9u64 {
                let mut next = 0;
                for k in 1..=n {
                    let r = shard_range(trials, k, n);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, trials);
            }
        }
    }
}
