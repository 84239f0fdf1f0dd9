//! What a run accumulates, per corridor and across them, merged exactly
//! (so any thread count and shard split give the same totals), and its
//! serializable state for shard files.

use serde::{Deserialize, Serialize};
use strum::EnumCount as _;

use super::outcome::Outcome;
use super::stats::{FixedSum, Metric, MetricState, StateError};
use crate::cost::CostPart;

/// Statistics of one corridor (or the free policy) over trials.
#[derive(Debug, Clone, Default)]
pub struct CorridorAcc {
    /// Trials in which it had a route.
    pub reached: u64,
    /// Transit hours per trial.
    pub hours: Metric,
    /// USD per trial.
    pub usd: Metric,
    /// Realized generalized cost, risk-weighted ([`SimModel::weighted_gc`]).
    pub gc: Metric,
    /// Trials that arrived by the deadline.
    pub on_time: u64,
    /// Trials with a cargo loss.
    pub lost: u64,
    /// Trials in which it waited out a closure.
    pub waited: u64,
    /// Trials in which it took a detour around a closure.
    pub detoured: u64,
    /// Sum of hours spent waiting.
    pub wait_hours: FixedSum,
    /// Sum of hours per cost part.
    pub part_hours: [FixedSum; CostPart::COUNT],
    /// Sum of USD per cost part.
    pub part_usd: [FixedSum; CostPart::COUNT],
}

impl CorridorAcc {
    pub(super) fn record(&mut self, o: &Outcome, gc: f64, deadline: Option<f64>, detoured: bool) {
        self.reached += 1;
        self.hours.record(o.hours);
        self.usd.record(o.usd);
        self.gc.record(gc);
        if deadline.is_some_and(|d| o.hours <= d) {
            self.on_time += 1;
        }
        self.lost += o.lost as u64;
        self.waited += o.waited as u64;
        self.detoured += detoured as u64;
        self.wait_hours.add(o.wait_hours);
        for p in 0..CostPart::COUNT {
            self.part_hours[p].add(o.part_hours[p]);
            self.part_usd[p].add(o.part_usd[p]);
        }
    }

    fn merge(&mut self, o: &CorridorAcc) {
        self.reached += o.reached;
        self.hours.merge(&o.hours);
        self.usd.merge(&o.usd);
        self.gc.merge(&o.gc);
        self.on_time += o.on_time;
        self.lost += o.lost;
        self.waited += o.waited;
        self.detoured += o.detoured;
        self.wait_hours.merge(o.wait_hours);
        for p in 0..CostPart::COUNT {
            self.part_hours[p].merge(o.part_hours[p]);
            self.part_usd[p].merge(o.part_usd[p]);
        }
    }
}

/// Everything a run accumulates.
#[derive(Debug, Clone)]
pub struct Acc {
    /// Trials accumulated.
    pub trials: u64,
    /// Compared corridors, then the free policy.
    pub corridors: Vec<CorridorAcc>,
    /// Per compared corridor: trials in which it was the cheapest (USD),
    /// the fastest, the lowest in generalized cost (paired draws).
    pub cheapest: Vec<u64>,
    /// Per compared corridor: trials in which it was the fastest.
    pub fastest: Vec<u64>,
    /// Per compared corridor: trials in which it was lowest in generalized cost.
    pub lowest_gc: Vec<u64>,
    /// The free policy's choice: per corridor, then "other", then "no route".
    pub free_share: Vec<u64>,
}

impl Acc {
    /// An empty accumulator for `n` compared corridors.
    pub fn new(n: usize) -> Acc {
        Acc {
            trials: 0,
            corridors: vec![CorridorAcc::default(); n + 1],
            cheapest: vec![0; n],
            fastest: vec![0; n],
            lowest_gc: vec![0; n],
            free_share: vec![0; n + 2],
        }
    }

    /// Adds another accumulator (exact; order does not matter).
    pub fn merge(&mut self, o: &Acc) {
        self.trials += o.trials;
        for (a, b) in self.corridors.iter_mut().zip(&o.corridors) {
            a.merge(b);
        }
        for (dst, src) in [
            (&mut self.cheapest, &o.cheapest),
            (&mut self.fastest, &o.fastest),
            (&mut self.lowest_gc, &o.lowest_gc),
            (&mut self.free_share, &o.free_share),
        ] {
            for (a, b) in dst.iter_mut().zip(src) {
                *a += b;
            }
        }
    }
}

/// Serializable accumulator (shard files).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccState {
    /// Trials accumulated.
    pub trials: u64,
    /// Per corridor, then the free policy.
    pub corridors: Vec<CorridorState>,
    /// See [`Acc::cheapest`].
    pub cheapest: Vec<u64>,
    /// See [`Acc::fastest`].
    pub fastest: Vec<u64>,
    /// See [`Acc::lowest_gc`].
    pub lowest_gc: Vec<u64>,
    /// See [`Acc::free_share`].
    pub free_share: Vec<u64>,
}

/// Serializable [`CorridorAcc`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CorridorState {
    /// Trials with a route.
    pub reached: u64,
    /// Transit hours.
    pub hours: MetricState,
    /// USD.
    pub usd: MetricState,
    /// Risk-weighted generalized cost.
    pub gc: MetricState,
    /// Trials on time.
    pub on_time: u64,
    /// Trials with a loss.
    pub lost: u64,
    /// Trials that waited out a closure.
    pub waited: u64,
    /// Trials that detoured.
    pub detoured: u64,
    /// Hours spent waiting.
    pub wait_hours: FixedSum,
    /// Hours per cost part.
    pub part_hours: [FixedSum; CostPart::COUNT],
    /// USD per cost part.
    pub part_usd: [FixedSum; CostPart::COUNT],
}

impl Acc {
    /// The mergeable state.
    pub fn to_state(&self) -> AccState {
        AccState {
            trials: self.trials,
            corridors: self
                .corridors
                .iter()
                .map(|c| CorridorState {
                    reached: c.reached,
                    hours: c.hours.to_state(),
                    usd: c.usd.to_state(),
                    gc: c.gc.to_state(),
                    on_time: c.on_time,
                    lost: c.lost,
                    waited: c.waited,
                    detoured: c.detoured,
                    wait_hours: c.wait_hours,
                    part_hours: c.part_hours,
                    part_usd: c.part_usd,
                })
                .collect(),
            cheapest: self.cheapest.clone(),
            fastest: self.fastest.clone(),
            lowest_gc: self.lowest_gc.clone(),
            free_share: self.free_share.clone(),
        }
    }

    /// Rebuilds an accumulator from its state.
    pub fn from_state(s: &AccState) -> Result<Acc, StateError> {
        let corridors = s
            .corridors
            .iter()
            .map(|c| {
                Ok(CorridorAcc {
                    reached: c.reached,
                    hours: Metric::from_state(&c.hours)?,
                    usd: Metric::from_state(&c.usd)?,
                    gc: Metric::from_state(&c.gc)?,
                    on_time: c.on_time,
                    lost: c.lost,
                    waited: c.waited,
                    detoured: c.detoured,
                    wait_hours: c.wait_hours,
                    part_hours: c.part_hours,
                    part_usd: c.part_usd,
                })
            })
            .collect::<Result<Vec<_>, StateError>>()?;
        let n = corridors.len().saturating_sub(1);
        if s.cheapest.len() != n
            || s.fastest.len() != n
            || s.lowest_gc.len() != n
            || s.free_share.len() != n + 2
        {
            return Err(StateError::InconsistentCounts);
        }
        Ok(Acc {
            trials: s.trials,
            corridors,
            cheapest: s.cheapest.clone(),
            fastest: s.fastest.clone(),
            lowest_gc: s.lowest_gc.clone(),
            free_share: s.free_share.clone(),
        })
    }
}
