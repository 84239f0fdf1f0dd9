//! The [`Evaluator`]: a loaded scenario simulated at other values of one
//! parameter, on common random numbers. Keys the model can change in
//! memory are set on a copy of the scenario; any other key rebuilds the
//! scenario from the texts of its input files with one more override.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::error::AnalysisError;
use super::pair::Pair;
use super::point::{CorridorPoint, Metric, Point};
use crate::montecarlo::{Acc, SimModel, run_trials, taken};
use crate::scenario::load::load_scenario_from;
use crate::scenario::params::ParamKey;
use crate::scenario::{Found, Scenario};
use crate::units::DAYS_PER_HOUR;

/// The texts of a scenario's input files, by path as in
/// [`Scenario::inputs`].
pub type Texts = BTreeMap<PathBuf, String>;

/// How to simulate each value.
#[derive(Debug, Clone, Copy)]
pub struct EvalConfig {
    /// Trials per value (default: the scenario's, at most 20,000).
    pub trials: Option<u64>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// What is compared.
    pub metric: Metric,
    /// Without corridors in the scenario: how many distinct routes.
    pub k: usize,
}

/// Simulates a scenario at parameter values, on common random numbers.
pub struct Evaluator {
    texts: Texts,
    base: Scenario,
    /// Trials per value.
    pub trials: u64,
    /// Seed of every value's trials.
    pub seed: u64,
    /// What is compared.
    pub metric: Metric,
    /// The corridors named by `--corridors`, if any.
    corridors: Option<(String, String)>,
    /// The compared pair, resolved on first use.
    pair: OnceLock<Pair>,
}

impl Evaluator {
    /// An evaluator of `base` (loaded with its overrides). `texts` holds
    /// the contents of `base.inputs`, used to rebuild what-if scenarios;
    /// each must match the SHA-256 recorded when `base` was loaded.
    ///
    /// The scenario's corridors are completed first
    /// ([`taken::complete`]): the `k` best routes if it has none, and the
    /// routes the free choice takes outside them.
    pub fn new(
        mut base: Scenario,
        texts: Texts,
        cfg: EvalConfig,
    ) -> Result<Evaluator, AnalysisError> {
        for input in &base.inputs {
            let path = input.path.clone();
            let text = texts
                .get(Path::new(&input.path))
                .ok_or(AnalysisError::InputMissing { path: path.clone() })?;
            if format!("{:x}", Sha256::digest(text.as_bytes())) != input.sha256 {
                return Err(AnalysisError::InputChanged { path });
            }
        }
        let trials = cfg.trials.unwrap_or(base.montecarlo.trials.min(20_000));
        let seed = cfg.seed.unwrap_or(base.montecarlo.seed);
        taken::complete(&mut base, cfg.k, seed, trials).map_err(AnalysisError::Model)?;
        Ok(Evaluator {
            texts,
            trials,
            seed,
            base,
            metric: cfg.metric,
            corridors: None,
            pair: OnceLock::new(),
        })
    }

    /// Compares corridor `a` with corridor `b` (ids) instead of the leader
    /// with the runner-up.
    pub fn with_corridors(mut self, a: &str, b: &str) -> Evaluator {
        self.corridors = Some((a.to_string(), b.to_string()));
        self.pair = OnceLock::new();
        self
    }

    /// Adds the routes the free choice takes at each of `values` of `key`
    /// (numbers, or texts when `texts`) outside every corridor so far, so
    /// that every value of a sweep compares the same corridors and the
    /// free choice's shares add up. Values in list order; found routes in
    /// the order [`taken::routes_taken`] gives them.
    pub fn discover(
        &mut self,
        key: &str,
        values: &[String],
        texts: bool,
    ) -> Result<(), AnalysisError> {
        let found = values
            .par_iter()
            .map(|v| {
                let sc = match (texts, v.parse::<f64>()) {
                    (false, Ok(x)) => self.scenario_with(key, x)?,
                    _ => self.scenario_with_text(key, v)?,
                };
                taken::routes_taken(&sc, self.seed, self.trials).map_err(AnalysisError::Model)
            })
            .collect::<Result<Vec<_>, _>>()?;
        for c in found.into_iter().flatten() {
            taken::push_new(&mut self.base, c);
        }
        self.pair = OnceLock::new();
        Ok(())
    }

    /// A scenario rebuilt from the input texts with `overrides`, with the
    /// corridors the base scenario found ([`taken::complete`]).
    fn rebuilt(&self, overrides: &[String]) -> Result<Scenario, AnalysisError> {
        let path = PathBuf::from(&self.base.inputs[0].path);
        let mut sc =
            load_scenario_from(&path, &self.texts, overrides).map_err(AnalysisError::WhatIf)?;
        for c in self
            .base
            .corridors
            .iter()
            .filter(|c| c.found != Found::Named)
        {
            taken::push_new(&mut sc, c.clone());
        }
        Ok(sc)
    }

    /// The two compared corridors: those of [`Evaluator::with_corridors`],
    /// else the leader and the runner-up of the scenario as loaded (which
    /// takes one simulation, done once).
    pub fn pair(&self) -> Result<&Pair, AnalysisError> {
        if let Some(p) = self.pair.get() {
            return Ok(p);
        }
        let pair = Pair::resolve(&self.eval_base()?, self.corridors.as_ref())?;
        Ok(self.pair.get_or_init(|| pair))
    }

    /// The scenario as loaded.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The scenario with `key` set to `value`, after checking that the key
    /// names something that exists: in memory where
    /// [`ParamKey::apply`] can, else rebuilt from the input texts with one
    /// more override (any key `--set` takes works).
    pub fn scenario_with(&self, key: &str, value: f64) -> Result<Scenario, AnalysisError> {
        let param = ParamKey::parse(key);
        param.check(&self.base)?;
        let mut sc = self.base.clone();
        if param.apply(&mut sc, value)? {
            return Ok(sc);
        }
        let mut overrides = self.base.overrides.clone();
        overrides.push(format!("{key}={value}"));
        self.rebuilt(&overrides)
    }

    /// The current value of `key`, if it is a number the model can vary in
    /// memory.
    pub fn base_value(&self, key: &str) -> Option<f64> {
        let key = ParamKey::parse(key);
        if key.in_memory() {
            key.value(&self.base)
        } else {
            None
        }
    }

    /// The scenario with `key` set to a value that is not a number
    /// (`destination=gwadar`, `corridors.X.modes=["rail"]`), rebuilt from
    /// the input texts with one more override as `--set` reads it.
    pub fn scenario_with_text(&self, key: &str, text: &str) -> Result<Scenario, AnalysisError> {
        ParamKey::parse(key).check(&self.base)?;
        let mut overrides = self.base.overrides.clone();
        overrides.push(format!("{key}={}", bare_list(text)));
        self.rebuilt(&overrides)
    }

    /// Simulates one value of `key`.
    pub fn eval(&self, key: &str, value: f64) -> Result<Point, AnalysisError> {
        let sc = self.scenario_with(key, value)?;
        self.eval_scenario(&sc, value)
    }

    /// Simulates the text value at position `index` of a list.
    pub fn eval_text(&self, key: &str, index: usize, text: &str) -> Result<Point, AnalysisError> {
        let sc = self.scenario_with_text(key, text)?;
        let mut p = self.eval_scenario(&sc, index as f64)?;
        p.text = Some(text.to_string());
        Ok(p)
    }

    /// Simulates the scenario as loaded.
    pub fn eval_base(&self) -> Result<Point, AnalysisError> {
        self.eval_scenario(&self.base, f64::NAN)
    }

    /// Simulates several values of `key` in parallel.
    pub fn eval_all(&self, key: &str, values: &[f64]) -> Result<Vec<Point>, AnalysisError> {
        values.par_iter().map(|&v| self.eval(key, v)).collect()
    }

    fn eval_scenario(&self, sc: &Scenario, value: f64) -> Result<Point, AnalysisError> {
        let model = SimModel::new(sc).map_err(AnalysisError::Model)?;
        let acc = run_trials(&model, self.seed, 0..self.trials, &|_| {});
        let n = model.compared();
        let corridors = (0..n)
            .map(|i| self.corridor_point(&model, &acc, i))
            .collect();
        let free_shares = acc.free_share[..=n]
            .iter()
            .map(|&k| k as f64 / acc.trials.max(1) as f64)
            .collect();
        Ok(Point {
            value,
            text: None,
            corridors,
            free_shares,
        })
    }

    fn corridor_point(&self, model: &SimModel, acc: &Acc, i: usize) -> CorridorPoint {
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
            colour: self.base.corridors.get(i).and_then(|c| c.colour),
            reached: c.reached as f64 / acc.trials.max(1) as f64,
            mean: m.mean() * scale,
            p10: m.quantile(0.10) * scale,
            p50: m.quantile(0.50) * scale,
            p90: m.quantile(0.90) * scale,
        }
    }
}

/// A list of bare words (`[rail,sea]`) as a TOML array of strings
/// (`["rail","sea"]`), so that a sweep over modes need not quote them;
/// anything else unchanged.
fn bare_list(text: &str) -> String {
    let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
        return text.to_string();
    };
    let words: Vec<&str> = inner
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().all(|w| {
        w.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    }) {
        let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        format!("[{}]", quoted.join(","))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_lists_are_quoted() {
        assert_eq!(super::bare_list("[rail, sea]"), r#"["rail","sea"]"#);
        assert_eq!(super::bare_list(r#"["rail"]"#), r#"["rail"]"#);
        assert_eq!(super::bare_list("gwadar"), "gwadar");
    }
}
