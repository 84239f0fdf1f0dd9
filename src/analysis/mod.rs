//! Sensitivity analysis: how the comparison changes with one input.
//! Every value of a parameter is simulated with the same seed, so the
//! trials share their random numbers (common random numbers): differences
//! between values come from the parameter, not from noise.
//!
//! - [`Evaluator`]: a loaded scenario simulated at other values of one
//!   parameter key (the language of [`crate::scenario::params`]);
//! - [`sweep`]: the metric of every corridor over a list of values, with
//!   the break-even points between the best southern and the best
//!   traditional corridor refined by bisection;
//! - [`tornado`]: one-at-a-time low/high of many inputs, ranked by their
//!   effect on the southern − traditional difference.
//!
//! Analysis returns data; `report::sensitivity` renders it.

mod evaluator;
pub mod sweep;
pub mod tornado;

use crate::diag::Rendered;
use crate::scenario::Group;
use crate::scenario::params::ParamError;

pub use evaluator::{EvalConfig, Evaluator, Texts};

/// What is compared.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
pub enum Metric {
    /// Risk-weighted generalized cost (USD).
    Gc,
    /// USD.
    Usd,
    /// Days.
    Days,
}

impl Metric {
    /// Axis label with unit; `cargo_unit` is the network's (e.g. TEU).
    pub fn label(self, cargo_unit: &str) -> String {
        match self {
            Metric::Gc => format!("Generalized cost per {cargo_unit}, risk-weighted (USD)"),
            Metric::Usd => format!("Cost per {cargo_unit} (USD)"),
            Metric::Days => "Transit time (days)".into(),
        }
    }

    /// Short name (`gc`, `usd`, `days`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// Why an analysis could not be done.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// There is no southern or no traditional corridor with a route.
    #[error("the scenario needs a southern and a traditional corridor with routes")]
    NoComparison,
    /// At some value a group has no corridor with a route left.
    #[error("a group lost its route")]
    RouteLost,
    /// A tornado input has no current value to vary around.
    #[error(
        "{key}: no base value to vary (tornado takes risk_weights.*, hazards.*.probability, cargo.value_usd, cargo.value_of_time_usd_per_day, cargo.deadline_days; use sweep for other keys)"
    )]
    NoBaseValue {
        /// The key.
        key: String,
    },
    /// A value the parameter cannot take, or a key that names nothing.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The text of an input file was not given.
    #[error("{path}: the text of this input was not given")]
    InputMissing {
        /// The input's path.
        path: String,
    },
    /// An input file differs from the one the scenario was loaded from.
    #[error("{path}: the file changed since the scenario was loaded (SHA-256 differs); run again")]
    InputChanged {
        /// The input's path.
        path: String,
    },
    /// The scenario with the parameter changed does not load.
    #[error("{0}")]
    WhatIf(Rendered),
    /// The simulation model could not be built.
    #[error("{0}")]
    Model(String),
}

/// One corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct CorridorPoint {
    /// Corridor id.
    pub id: String,
    /// Corridor name.
    pub name: String,
    /// Its group.
    pub group: Group,
    /// Share of trials with a route.
    pub reached: f64,
    /// Mean of the metric over trials with a route.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// Every corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct Point {
    /// The parameter value (NaN for the scenario as loaded).
    pub value: f64,
    /// The compared corridors, in scenario order.
    pub corridors: Vec<CorridorPoint>,
    /// Free choice's share per corridor, then "other".
    pub free_shares: Vec<f64>,
}

impl Point {
    /// The best (lowest mean) reachable corridor of a group.
    pub fn best_of(&self, group: Group) -> Option<&CorridorPoint> {
        self.corridors
            .iter()
            .filter(|c| c.group == group && c.reached > 0.0)
            .min_by(|a, b| a.mean.total_cmp(&b.mean))
    }

    /// Best southern minus best traditional (negative: southern better).
    pub fn difference(&self) -> Option<f64> {
        Some(self.best_of(Group::Southern)?.mean - self.best_of(Group::Traditional)?.mean)
    }
}
