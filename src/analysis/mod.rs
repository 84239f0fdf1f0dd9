//! Sensitivity analysis: how the comparison changes with one input.
//! Every value of a parameter is simulated with the same seed, so the
//! trials share their random numbers (common random numbers): differences
//! between values come from the parameter, not from noise.
//!
//! - [`sweep`]: the metric of every corridor over a list of values, with
//!   the break-even points between the best southern and the best
//!   traditional corridor refined by bisection;
//! - [`tornado`]: one-at-a-time low/high of many inputs, ranked by their
//!   effect on the southern − traditional difference.

pub mod sweep;
pub mod tornado;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::montecarlo::{SimModel, run_trials};
use crate::network::Category;
use crate::scenario::{Group, Scenario, load};
use crate::units::{DAYS_PER_HOUR, per_day_to_per_hour, per_hour_to_per_day};

/// What is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Risk-weighted generalized cost (USD).
    Gc,
    /// USD.
    Usd,
    /// Days.
    Days,
}

impl Metric {
    /// Parses `gc`, `usd` or `days`.
    pub fn parse(s: &str) -> Option<Metric> {
        match s {
            "gc" => Some(Metric::Gc),
            "usd" => Some(Metric::Usd),
            "days" => Some(Metric::Days),
            _ => None,
        }
    }

    /// Axis label with unit.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Gc => "Generalized cost per TEU, risk-weighted (USD)",
            Metric::Usd => "Cost per TEU (USD)",
            Metric::Days => "Transit time (days)",
        }
    }

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Gc => "gc",
            Metric::Usd => "usd",
            Metric::Days => "days",
        }
    }
}

/// One corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct CorridorPoint {
    pub id: String,
    pub name: String,
    pub group: Group,
    /// Share of trials with a route.
    pub reached: f64,
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// Every corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct Point {
    pub value: f64,
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

/// Simulates a scenario at parameter values, on common random numbers.
pub struct Evaluator {
    path: PathBuf,
    overrides: Vec<String>,
    base: Scenario,
    pub trials: u64,
    pub seed: u64,
    pub metric: Metric,
}

impl Evaluator {
    /// Loads the scenario once (with `overrides`).
    pub fn new(
        path: &Path,
        overrides: &[String],
        trials: Option<u64>,
        seed: Option<u64>,
        metric: Metric,
    ) -> Result<Evaluator, String> {
        let base = load::load_scenario(path, overrides).map_err(|e| e.to_string())?;
        Ok(Evaluator {
            path: path.to_path_buf(),
            overrides: overrides.to_vec(),
            trials: trials.unwrap_or(base.montecarlo.trials.min(20_000)),
            seed: seed.unwrap_or(base.montecarlo.seed),
            base,
            metric,
        })
    }

    /// The scenario as loaded.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The scenario with `key` set to `value`: in memory for risk weights,
    /// cargo values and hazard probabilities, else by reloading the files
    /// with one more `--set` (any key `--set` takes works).
    pub fn scenario_with(&self, key: &str, value: f64) -> Result<Scenario, String> {
        let mut sc = self.base.clone();
        let bad = |what: &str| Err(format!("--param {key}={value}: {what}"));
        if !value.is_finite() {
            return bad("must be a finite number");
        }
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            ["risk_weights", cat] if Category::parse(cat).is_some() => {
                if value < 0.0 {
                    return bad("must be ≥ 0");
                }
                sc.risk_weights[Category::parse(cat).expect("checked").index()] = value;
            }
            ["cargo", "value_usd"] if value >= 0.0 => sc.cargo.value_usd = value,
            ["cargo", "value_of_time_usd_per_day"] if value >= 0.0 => {
                sc.cargo.value_of_time_per_hour = per_day_to_per_hour(value)
            }
            ["hazards", id, "probability"] if sc.network.hazard_id(id).is_some() => {
                if !(0.0..=1.0).contains(&value) {
                    return bad("must be between 0 and 1");
                }
                let h = sc.network.hazard_id(id).expect("checked");
                sc.network.hazards[h.0 as usize].probability = value;
            }
            _ => {
                let mut overrides = self.overrides.clone();
                overrides.push(format!("{key}={value}"));
                sc = load::load_scenario(&self.path, &overrides).map_err(|e| e.to_string())?;
            }
        }
        Ok(sc)
    }

    /// The current value of `key`, if it is a number the evaluator knows.
    pub fn base_value(&self, key: &str) -> Option<f64> {
        let sc = &self.base;
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            ["risk_weights", cat] => Category::parse(cat).map(|c| sc.risk_weights[c.index()]),
            ["cargo", "value_usd"] => Some(sc.cargo.value_usd),
            ["cargo", "value_of_time_usd_per_day"] => {
                Some(per_hour_to_per_day(sc.cargo.value_of_time_per_hour))
            }
            ["hazards", id, "probability"] => sc
                .network
                .hazard_id(id)
                .map(|h| sc.network.hazards[h.0 as usize].probability),
            _ => None,
        }
    }

    /// Simulates one value of `key`.
    pub fn eval(&self, key: &str, value: f64) -> Result<Point, String> {
        let sc = self.scenario_with(key, value)?;
        self.eval_scenario(&sc, value)
    }

    /// Simulates the scenario as loaded.
    pub fn eval_base(&self) -> Result<Point, String> {
        self.eval_scenario(&self.base, f64::NAN)
    }

    /// Simulates several values of `key` in parallel.
    pub fn eval_all(&self, key: &str, values: &[f64]) -> Result<Vec<Point>, String> {
        values.par_iter().map(|&v| self.eval(key, v)).collect()
    }

    fn eval_scenario(&self, sc: &Scenario, value: f64) -> Result<Point, String> {
        let model = SimModel::new(sc).map_err(|e| e.to_string())?;
        let acc = run_trials(&model, self.seed, 0..self.trials, &|_| {});
        let n = model.compared();
        let corridors = (0..n)
            .map(|i| {
                let c = &acc.corridors[i];
                let (m, scale) = match self.metric {
                    Metric::Gc => (&c.gc, 1.0),
                    Metric::Usd => (&c.usd, 1.0),
                    Metric::Days => (&c.hours, DAYS_PER_HOUR),
                };
                CorridorPoint {
                    id: model.corridors[i].id.clone(),
                    name: model.corridors[i].name.clone(),
                    group: model.corridors[i].group,
                    reached: c.reached as f64 / acc.trials.max(1) as f64,
                    mean: m.mean() * scale,
                    p10: m.quantile(0.10) * scale,
                    p50: m.quantile(0.50) * scale,
                    p90: m.quantile(0.90) * scale,
                }
            })
            .collect();
        let free_shares = acc.free_share[..=n]
            .iter()
            .map(|&k| k as f64 / acc.trials.max(1) as f64)
            .collect();
        Ok(Point {
            value,
            corridors,
            free_shares,
        })
    }
}

/// A file-name-safe form of a parameter key.
pub fn file_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
