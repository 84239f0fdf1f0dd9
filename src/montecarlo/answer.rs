//! The answer to the whole question, from a run's corridor summaries:
//! which corridor a free shipper takes most, which is cheapest, fastest
//! and safest, each with its uncertainty.
//!
//! **Safest** is the corridor with the lowest CVaR95 of cost: the mean
//! cost of its worst 5% of shipments, which counts cargo lost, closures
//! waited out and their holding cost. Ties go to the lower loss
//! probability, then to the earlier corridor.

use serde::Serialize;

use crate::network::caveats::{Caveat, ElementCaveat};

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

/// What the answer weighs of one corridor (from its summary).
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Corridor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Whether it had a route in any trial.
    pub reached: bool,
    /// Mean USD.
    pub usd_mean: f64,
    /// CVaR95 of USD.
    pub usd_cvar95: f64,
    /// Median days.
    pub days_p50: f64,
    /// 90th percentile of days.
    pub days_p90: f64,
    /// Probability of a loss.
    pub loss: f64,
    /// The free choice's share, `{ p, ci95 }`.
    pub share: Option<Share>,
    /// The caveats of the elements its planned route uses.
    pub caveats: Vec<ElementCaveat>,
}

/// A caveat the answer must carry: one of an element that a route the
/// answer names (most taken, cheapest, fastest or safest) uses.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerCaveat {
    /// The element (`link "x"`, `node "y"`, `hazard "z"`).
    pub element: String,
    /// The caveat.
    #[serde(flatten)]
    pub caveat: Caveat,
    /// The ids of the named corridors whose route uses the element.
    pub corridors: Vec<String>,
}

/// A share with its 95% interval.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// Point estimate.
    pub p: f64,
    /// 95% confidence interval, low and high.
    pub ci95: [f64; 2],
}

/// The answer: ids of the corridors that are best on each count.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The corridor a shipper free to choose took most often, and how
    /// often (absent if the free choice took no compared corridor).
    pub most_taken: Option<Pick>,
    /// Its share of trials.
    pub most_taken_share: Option<Share>,
    /// Lowest mean cost (USD).
    pub cheapest: Option<Pick>,
    /// Lowest median transit time (days).
    pub fastest: Option<Pick>,
    /// Lowest CVaR95 of cost ([`SAFEST_RULE`]).
    pub safest: Option<Pick>,
    /// How "safest" is decided.
    pub safest_rule: &'static str,
    /// The caveats of the routes named above, each element once.
    pub caveats: Vec<AnswerCaveat>,
}

/// The first corridor with the lowest `key` among those with a route.
fn lowest(corridors: &[Candidate], key: impl Fn(&Candidate) -> (f64, f64)) -> Option<&Candidate> {
    corridors
        .iter()
        .filter(|c| c.reached)
        .fold(None, |best, c| match best {
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

fn pick(c: &Candidate) -> Pick {
    Pick {
        id: c.id.clone(),
        name: c.name.clone(),
    }
}

impl Answer {
    /// The answer over `corridors`.
    pub fn new(corridors: &[Candidate]) -> Answer {
        let taken = corridors
            .iter()
            .filter_map(|c| c.share.clone().map(|p| (c, p)))
            .filter(|(_, p)| p.p > 0.0)
            .fold(None::<(&Candidate, Share)>, |best, (c, p)| match best {
                Some((b, bp)) if bp.p >= p.p => Some((b, bp)),
                _ => Some((c, p)),
            });
        let cheapest = lowest(corridors, |c| (c.usd_mean, c.days_p50));
        let fastest = lowest(corridors, |c| (c.days_p50, c.days_p90));
        let safest = lowest(corridors, |c| (c.usd_cvar95, c.loss));
        let named = [taken.as_ref().map(|(c, _)| *c), cheapest, fastest, safest];
        Answer {
            caveats: caveats_of(named.into_iter().flatten()),
            most_taken: taken.as_ref().map(|(c, _)| pick(c)),
            most_taken_share: taken.map(|(_, p)| p),
            cheapest: cheapest.map(pick),
            fastest: fastest.map(pick),
            safest: safest.map(pick),
            safest_rule: SAFEST_RULE,
        }
    }
}

/// The caveats of `named` corridors' routes, each element once, with the
/// corridors that meet it (each once, in the order named).
fn caveats_of<'a>(named: impl Iterator<Item = &'a Candidate>) -> Vec<AnswerCaveat> {
    let mut out: Vec<AnswerCaveat> = Vec::new();
    for c in named {
        for e in &c.caveats {
            match out.iter_mut().find(|a| a.element == e.element) {
                Some(a) if !a.corridors.contains(&c.id) => a.corridors.push(c.id.clone()),
                Some(_) => {}
                None => out.push(AnswerCaveat {
                    element: e.element.clone(),
                    caveat: e.caveat.clone(),
                    corridors: vec![c.id.clone()],
                }),
            }
        }
    }
    out
}
