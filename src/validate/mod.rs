//! Validation: a network against published whole-route trips. Each
//! observed trip becomes a one-corridor scenario on the network (its
//! origin, destination, waypoints and modes), which is planned and
//! simulated like any other; the model's P10–P90 is then held against the
//! published value or range.
//!
//! Observations are tests, never inputs: nothing here feeds back into the
//! network. A trip the network cannot express (an unknown place, no route)
//! is a result with its reason, never dropped.
//!
//! **Within range** means the model's P10–P90 interval overlaps the values
//! the published figure allows: its range, read to the unit it is given in
//! (trip times are published in whole days, so "20 days" allows 19.5 to
//! 20.5; costs and lengths are taken as written), and open on one side
//! when the source states a bound ("within 7 days": `bound = "at_most"`;
//! "more than 3,500 km": `bound = "at_least"`). **Ratio** is the model's
//! P50 over the published midpoint (or over the bound); a trip is **off by
//! more than 2×** when the ratio is above 2 or below ½ and the figure does
//! not allow the P50. For `km`, the quantiles are sums of each link's length
//! quantile along the planned route (the spread of the links' published
//! length ranges, taken as if all were long together).
//!
//! A trip departs on its date when the observation gives a day
//! (`"2024-04-27"`), within its month when it gives a month (`"2024-05"`),
//! and over the whole year otherwise (a year alone, or `"n.d."`), so
//! seasonal closures and monthly hazards apply as they did.

mod chance;
pub mod observations;
mod trip;

use std::path::Path;

use rayon::prelude::*;

use chance::{chance_of_at_least, exact_within, needed, rank};
pub use observations::{Observation, Observations, TripMetric};
pub use trip::{NotAScenario, trip_scenario};

use crate::diag::{Diag, Diagnostics, Files};
use crate::montecarlo::draws::Sampler;
use crate::montecarlo::{SimModel, run_trials};
use crate::scenario::Scenario;
use crate::units::hours_to_days;

/// The model's figures for one trip.
#[derive(Debug, Clone, PartialEq)]
pub struct Modelled {
    /// The deterministic (expected-value) plan's figure.
    pub deterministic: f64,
    /// 10th percentile over the trials.
    pub p10: f64,
    /// Median over the trials.
    pub p50: f64,
    /// 90th percentile over the trials.
    pub p90: f64,
    /// Where the published figure falls among the trials: the share below
    /// its midpoint (or its bound), plus half the share equal to it. Near 0
    /// when the model is slower, dearer or longer than published, near 1
    /// when it is faster, cheaper or shorter; for a well-calibrated network
    /// the ranks of published trip times and prices spread evenly.
    pub rank: f64,
    /// The chance the trip would be within range were the network exact:
    /// had the trip been one of the model's own trials and its figure
    /// published the way the source published it (a range as wide,
    /// whole days rounded to the day, a bound as a bound;
    /// [`Observation::allowed_had_it_been`]). 0.8 for a length or price
    /// taken as written when the model's values vary, more for a rounded
    /// figure, a range or a bound, 1 when every trial gives the same value.
    pub exact_within: f64,
    /// The planned route's nodes, as ids.
    pub nodes: Vec<String>,
}

impl Modelled {
    /// Whether P10–P90 overlaps the values the published figure allows
    /// ([`Observation::allowed`]).
    pub fn within(&self, o: &Observation) -> bool {
        let (lo, hi) = o.allowed();
        self.p10 <= hi && self.p90 >= lo
    }

    /// Model P50 ÷ the published midpoint, or ÷ the bound.
    pub fn ratio(&self, o: &Observation) -> f64 {
        self.p50 / o.reference()
    }

    /// Whether P50 is more than 2× away from the published figure, on the
    /// wrong side of it: a P50 the figure allows is never off (a trip
    /// "within 7 days" is not missed by a model of 3).
    pub fn off_2x(&self, o: &Observation) -> bool {
        let (lo, hi) = o.allowed();
        !(lo..=hi).contains(&self.p50) && !(0.5..=2.0).contains(&self.ratio(o))
    }
}

/// What became of one trip.
#[derive(Debug, Clone, PartialEq)]
pub enum TripOutcome {
    /// Built and simulated.
    Modelled(Modelled),
    /// Could not be built: why (unknown place, no route, unit mismatch).
    NotBuilt(String),
}

/// One trip's result.
#[derive(Debug, Clone, PartialEq)]
pub struct TripResult {
    /// The observation.
    pub observation: Observation,
    /// The model's answer, or why there is none.
    pub outcome: TripOutcome,
}

impl TripResult {
    /// The model's figures when the trip was built.
    pub fn modelled(&self) -> Option<&Modelled> {
        match &self.outcome {
            TripOutcome::Modelled(m) => Some(m),
            TripOutcome::NotBuilt(_) => None,
        }
    }
}

/// What a network that were exact would score on these trips: every trip
/// one of its own trials, every figure published as its source published
/// it ([`Modelled::exact_within`]; a trip not built counts as a miss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exact {
    /// Trips within range, on average.
    pub mean: f64,
    /// The chance that the share within range meets the threshold.
    pub pass_chance: f64,
}

/// The whole validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Per trip, in file order.
    pub trips: Vec<TripResult>,
    /// Trials per trip.
    pub trials: u64,
    /// Seed of every trip's run.
    pub seed: u64,
}

/// The verdict on a validation against a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Trips built and simulated.
    pub built: usize,
    /// Of those, trips within range.
    pub within: usize,
    /// Trips off by more than 2×.
    pub off_2x: usize,
    /// Trips that could not be built.
    pub not_built: usize,
    /// Whether the share within range (of all trips, unbuilt ones count as
    /// misses) is at least the threshold and no trip is off by more than 2×.
    pub pass: bool,
}

impl Validation {
    /// What an exact network would score ([`Exact`]) against `min_within`:
    /// the count within range is a sum of independent trips, each within
    /// with its own chance (a Poisson-binomial distribution).
    pub fn exact(&self, min_within: f64) -> Exact {
        let chances: Vec<f64> = self
            .trips
            .iter()
            .map(|t| t.modelled().map_or(0.0, |m| m.exact_within))
            .collect();
        Exact {
            mean: chances.iter().sum(),
            pass_chance: chance_of_at_least(&chances, needed(min_within, chances.len())),
        }
    }

    /// Counts and the pass/fail verdict for `min_within` (a share, 0–1).
    pub fn verdict(&self, min_within: f64) -> Verdict {
        let built: Vec<(&Observation, &Modelled)> = self
            .trips
            .iter()
            .filter_map(|t| t.modelled().map(|m| (&t.observation, m)))
            .collect();
        let within = built.iter().filter(|(o, m)| m.within(o)).count();
        let off_2x = built.iter().filter(|(o, m)| m.off_2x(o)).count();
        let total = self.trips.len().max(1);
        Verdict {
            built: built.len(),
            within,
            off_2x,
            not_built: self.trips.len() - built.len(),
            pass: within >= needed(min_within, total) && off_2x == 0,
        }
    }
}

/// Reads an observations file and the text of the network it names;
/// every problem in the file is reported at once.
pub fn load(path: &Path) -> Result<(Observations, String), Diagnostics> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let obs = match crate::input::read_input(path) {
        Ok(text) => {
            let file = files.add(path.display().to_string(), text);
            observations::parse(&files, file, path, &mut diags)
        }
        Err(e) => {
            diags.push(Diag::bare("", e.to_string()));
            None
        }
    };
    let lines = files.render_all(&diags);
    let obs = match obs {
        Some(o) if lines.is_empty() => o,
        _ => return Err(Diagnostics(lines)),
    };
    match crate::input::read_input(&obs.network) {
        Ok(text) => Ok((obs, text)),
        Err(e) if e.is_located() => Err(Diagnostics(vec![e.to_string()])),
        Err(e) => Err(Diagnostics(vec![format!(
            "{}: network: cannot read {}: {}",
            path.display(),
            obs.network.display(),
            e.reason()
        )])),
    }
}

/// Runs every trip of `obs` on the network whose text is `network_text`,
/// with `trials` trials each (trip i uses `seed`, so results do not depend
/// on the order of trips or the thread count).
pub fn validate(obs: &Observations, network_text: &str, trials: u64, seed: u64) -> Validation {
    let trips = obs
        .trips
        .par_iter()
        .map(|o| TripResult {
            observation: o.clone(),
            outcome: run_trip(obs, network_text, o, trials, seed),
        })
        .collect();
    Validation {
        trips,
        trials,
        seed,
    }
}

/// Builds, plans and simulates one trip.
fn run_trip(
    obs: &Observations,
    network_text: &str,
    o: &Observation,
    trials: u64,
    seed: u64,
) -> TripOutcome {
    if o.cargo == "bulk" && obs.bulk.is_none() {
        return TripOutcome::NotBuilt(
            "a bulk trip needs the cargo's value per tonne: give [cargo.bulk] in the observations file"
                .into(),
        );
    }
    let sc = match trip_scenario(obs, network_text, o, trials, seed) {
        Ok(sc) => sc,
        Err(why) => return TripOutcome::NotBuilt(why.to_string()),
    };
    let model = match SimModel::new(&sc) {
        Ok(m) => m,
        Err(e) => return TripOutcome::NotBuilt(e.to_string()),
    };
    let planned = crate::path::plan(&sc, 1);
    let Some(route) = planned.first().and_then(|p| p.route.as_ref()) else {
        return TripOutcome::NotBuilt(
            "no route on the network through the trip's places and modes".into(),
        );
    };
    let acc = run_trials(&model, seed, 0..trials, &|_| {});
    let c = &acc.corridors[0];
    let reference = o.reference();
    let km = route_km_samplers(&sc, &model, route);
    let (deterministic, q, rank): (f64, Box<dyn Fn(f64) -> f64>, f64) = match o.metric {
        TripMetric::Days => (
            hours_to_days(route.hours),
            Box::new(|p| hours_to_days(c.hours.quantile(p))),
            c.hours.rank(reference * 24.0),
        ),
        TripMetric::Usd => (
            route.usd,
            Box::new(|p| c.usd.quantile(p)),
            c.usd.rank(reference),
        ),
        TripMetric::Km => (
            route.km,
            Box::new(|p| km.iter().map(|s| s.at(p)).sum()),
            rank(|p| km.iter().map(|s| s.at(p)).sum(), reference),
        ),
    };
    let (p10, p90) = (q(0.10), q(0.90));
    TripOutcome::Modelled(Modelled {
        deterministic,
        p10,
        p50: q(0.50),
        p90,
        rank,
        exact_within: exact_within(o, &q, p10, p90),
        nodes: route
            .nodes
            .iter()
            .map(|&n| sc.network.node(n).id.clone())
            .collect(),
    })
}

/// The length distributions of the route's links. A quantile of the
/// route's length is the sum of their quantiles (as if all links were long
/// together), which bounds the spread from the links' published length
/// ranges.
fn route_km_samplers(sc: &Scenario, model: &SimModel, route: &crate::path::Route) -> Vec<Sampler> {
    route
        .edges
        .iter()
        .filter_map(|&e| match model.graph.edges[e as usize].kind {
            crate::path::EdgeKind::Link { link, .. } => Some(link),
            crate::path::EdgeKind::Transfer { .. } => None,
        })
        .map(|l| Sampler::new(&sc.network.link(l).km))
        .collect()
}

/// The trips with the given ids, in file order; an id that names no trip
/// is an error (with the nearest id when one is close).
pub fn select(trips: &[Observation], ids: &[String]) -> Result<Vec<Observation>, String> {
    let known: Vec<&str> = trips.iter().map(|t| t.id.as_str()).collect();
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| !known.contains(&id.as_str()))
        .map(|id| {
            format!(
                "no trip \"{id}\"{}",
                crate::diag::did_you_mean(id, known.iter().copied())
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown.join("; "));
    }
    Ok(trips
        .iter()
        .filter(|t| ids.contains(&t.id))
        .cloned()
        .collect())
}
