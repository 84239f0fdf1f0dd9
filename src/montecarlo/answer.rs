//! The answer to the whole question, from a run's corridor summaries:
//! which corridor a free shipper takes most, which is cheapest, fastest
//! and safest, each with its uncertainty.
//!
//! **Safest** is the corridor with the lowest CVaR95 of cost: the mean
//! cost of its worst 5% of shipments, which counts cargo lost, closures
//! waited out and their holding cost. Ties go to the lower loss
//! probability, then to the earlier corridor.

use serde::Serialize;

use super::summary::{CorridorSummary, Probability};

/// How "safest" is decided, as summary.json and the briefing state it.
pub const SAFEST_RULE: &str = "lowest CVaR95 of cost: the mean cost of the worst 5% of shipments, counting cargo lost, closures waited out and holding cost (ties: lower loss probability)";

/// One superlative: the corridor and the figures that back it.
#[derive(Debug, Clone, Serialize)]
pub struct Pick {
    /// Corridor id.
    pub id: String,
    /// Its display name.
    pub name: String,
}

/// The answer: ids of the corridors that are best on each count.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The corridor a shipper free to choose took most often, and how
    /// often (absent if the free choice took no compared corridor).
    pub most_taken: Option<Pick>,
    /// Its share of trials.
    pub most_taken_share: Option<Probability>,
    /// Lowest mean cost (USD).
    pub cheapest: Option<Pick>,
    /// Lowest median transit time (days).
    pub fastest: Option<Pick>,
    /// Lowest CVaR95 of cost ([`SAFEST_RULE`]).
    pub safest: Option<Pick>,
    /// How "safest" is decided.
    pub safest_rule: &'static str,
}

/// Whether a corridor had a route in any trial.
fn reached(c: &CorridorSummary) -> bool {
    c.reached.p > 0.0
}

/// The first corridor with the lowest `key` among those with a route.
fn lowest<'a>(
    corridors: &'a [CorridorSummary],
    key: impl Fn(&CorridorSummary) -> (f64, f64),
) -> Option<&'a CorridorSummary> {
    corridors.iter().filter(|c| reached(c)).fold(None, |best, c| match best {
        Some(b) => {
            let (kb, kc) = (key(b), key(c));
            if kc.0.total_cmp(&kb.0).then(kc.1.total_cmp(&kb.1)).is_lt() {
                Some(c)
            } else {
                Some(b)
            }
        }
        None => Some(c),
    })
}

fn pick(c: &CorridorSummary) -> Pick {
    Pick {
        id: c.id.clone(),
        name: c.name.clone(),
    }
}

impl Answer {
    /// The answer over `corridors`, with the free choice's shares by id.
    pub fn new(
        corridors: &[CorridorSummary],
        share: impl Fn(&str) -> Option<Probability>,
    ) -> Answer {
        let taken = corridors
            .iter()
            .filter_map(|c| share(&c.id).map(|p| (c, p)))
            .filter(|(_, p)| p.p > 0.0)
            .fold(None::<(&CorridorSummary, Probability)>, |best, (c, p)| {
                match best {
                    Some((b, bp)) if bp.p >= p.p => Some((b, bp)),
                    _ => Some((c, p)),
                }
            });
        Answer {
            most_taken: taken.as_ref().map(|(c, _)| pick(c)),
            most_taken_share: taken.map(|(_, p)| p),
            cheapest: lowest(corridors, |c| (c.usd.mean, c.days.p50)).map(pick),
            fastest: lowest(corridors, |c| (c.days.p50, c.days.p90)).map(pick),
            safest: lowest(corridors, |c| (c.usd.cvar95, c.loss.p)).map(pick),
            safest_rule: SAFEST_RULE,
        }
    }
}
