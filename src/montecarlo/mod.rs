//! Monte-Carlo risk analysis: one trial is one shipment. It departs at a
//! drawn time, hazards are laid on its calendar when a route needs them,
//! and each corridor's route is travelled with its own clock: closures met
//! on the way are waited out or avoided by re-planning from where the
//! shipment stands. Statistics merge exactly, so thread count and sharding never
//! change a result.
//!
//! ```text
//!   Scenario ─► SimModel (graph, samplers, baseline plans)
//!            ─► run_trials(seed, range) in parallel ─► Acc (mergeable)
//!            ─► summarize ─► Summary (summary.json, table)
//! ```

pub mod acc;
pub mod answer;
pub mod calendar;
mod decide;
pub mod draws;
pub mod edges;
pub mod laying;
mod meet;
pub mod model;
pub mod outcome;
mod plans;
pub mod run;
pub mod shard;
pub mod stats;
pub mod summary;
mod tables;
pub mod taken;
pub mod travel;

pub use acc::Acc;
pub use model::SimModel;
pub use run::{run_trials, shard_range};
pub use summary::{Manifest, Summary, summarize};

/// The answer of a run ([`answer::Answer`]) from its corridor summaries and
/// the free choice's shares by id.
fn answer_of(
    corridors: &[summary::CorridorSummary],
    shares: &std::collections::BTreeMap<String, summary::Probability>,
) -> answer::Answer {
    let candidates: Vec<answer::Candidate> = corridors
        .iter()
        .map(|c| answer::Candidate {
            id: c.id.clone(),
            name: c.name.clone(),
            reached: c.reached.p > 0.0,
            usd_mean: c.usd.mean,
            usd_cvar95: c.usd.cvar95,
            days_p50: c.days.p50,
            days_p90: c.days.p90,
            loss: c.loss.p,
            share: shares.get(&c.id).map(|p| answer::Share {
                p: p.p,
                ci95: p.ci95,
            }),
            caveats: c
                .planned
                .as_ref()
                .map_or_else(Vec::new, |p| p.caveats.clone()),
        })
        .collect();
    answer::Answer::new(&candidates)
}
