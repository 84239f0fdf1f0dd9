//! One what-if run for the explorer. The scenario and network texts are
//! read once at start; each request's `set` becomes the `key=value`
//! overrides `--set` takes, is loaded from those texts by the loader
//! `corridor run` uses, gets the corridors `corridor run` adds (the
//! routes the free choice takes outside the named ones), and runs in
//! chunks of trials on the pool, checking
//! between chunks whether its request is still wanted. Trials draw only
//! from their own streams and accumulators merge exactly, so the chunks
//! change nothing: a request's summary is byte for byte the `summary.json`
//! of `corridor run SCENARIO --set … --trials N --seed S`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use serde_json::Value;

use corridor::montecarlo::taken::DEFAULT_K;
use corridor::montecarlo::{Acc, Manifest, SimModel, Summary, run_trials, summarize};
use corridor::scenario::{Scenario, load};

use super::super::error::{CmdError, chain_lines};
use super::super::run;

/// Trials of a request that names none.
pub const DEFAULT_TRIALS: u64 = 20_000;
/// Most trials one request may ask for.
pub const MAX_TRIALS: u64 = 1_000_000;
/// Fewest trials between two checks that the request is still wanted,
/// and between two progress reports (a few tens of milliseconds on two
/// cores). Larger runs check [`CHECKS`] times: each chunk starts its
/// workers afresh (query state, detour cache), so fewer, larger chunks
/// run faster.
const MIN_CHUNK: u64 = 10_000;
/// How many times a large run checks and reports.
const CHECKS: u64 = 20;

/// What a client asks to run: the body of `POST /api/run` and its
/// siblings.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    /// Parameter key → value, as `--set key=value` (sorted by key).
    #[serde(default)]
    pub set: BTreeMap<String, Value>,
    /// Trials (default [`DEFAULT_TRIALS`], at most [`MAX_TRIALS`]).
    pub trials: Option<u64>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
}

impl RunRequest {
    /// The `set` as `--set` arguments, in key order. Strings are passed as
    /// typed after `=`; numbers, booleans and arrays as their JSON text
    /// (which TOML reads the same).
    pub fn overrides(&self) -> Result<Vec<String>, Vec<String>> {
        let mut out = Vec::new();
        let mut bad = Vec::new();
        for (key, value) in &self.set {
            if key.contains('=') || key.trim().is_empty() {
                bad.push(format!("set: {key:?} is not a parameter key"));
                continue;
            }
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(_) | Value::Bool(_) | Value::Array(_) => value.to_string(),
                Value::Null | Value::Object(_) => {
                    bad.push(format!(
                        "set.{key}: expected a number, text, true/false or a list"
                    ));
                    continue;
                }
            };
            out.push(format!("{key}={text}"));
        }
        if bad.is_empty() { Ok(out) } else { Err(bad) }
    }

    /// The trials asked for, checked.
    fn trials(&self) -> Result<u64, Vec<String>> {
        match self.trials.unwrap_or(DEFAULT_TRIALS) {
            t @ 1..=MAX_TRIALS => Ok(t),
            t => Err(vec![format!(
                "trials: must be 1 to {MAX_TRIALS} per request, got {t}"
            )]),
        }
    }
}

/// Why a request was not answered with a summary.
#[derive(Debug)]
pub enum RunError {
    /// The request is wrong; the lines say why, as the CLI would.
    Bad(Vec<String>),
    /// The client went away; the work stopped.
    Cancelled,
}

/// A run ready to go: the scenario with the request's overrides, its
/// model and manifest.
pub struct Job {
    /// The scenario, overrides applied, with the request's trials and seed.
    pub sc: Scenario,
    /// Its simulation model.
    pub model: SimModel,
    /// What identifies the run.
    pub manifest: Manifest,
    /// The overrides, as `--set` takes them.
    pub overrides: Vec<String>,
}

/// The served scenario: its input texts as read at start, and the pool
/// the trials run on.
pub struct Explorer {
    /// The scenario file as given on the command line.
    pub path: PathBuf,
    /// Each input file's text, keyed by the path the loader reads it by.
    pub texts: BTreeMap<PathBuf, String>,
    /// The scenario as written.
    pub base: Scenario,
    pool: rayon::ThreadPool,
    /// Runs in progress.
    pub running: AtomicU64,
    /// Runs stopped because their client went away.
    pub cancelled: AtomicU64,
}

impl Explorer {
    /// Reads and checks the scenario and its network (errors as `corridor
    /// run` reports them), keeping their texts.
    pub fn load(path: &Path, pool: rayon::ThreadPool) -> Result<Explorer, CmdError> {
        let first = load::load_scenario(path, &[])?;
        let mut texts = BTreeMap::new();
        for input in &first.inputs {
            let p = PathBuf::from(&input.path);
            let text = corridor::input::read_input(&p)
                .map_err(|e| CmdError::Input(vec![e.to_string()]))?;
            texts.insert(p, text);
        }
        // Loaded again from the texts kept, so that the scenario shown and
        // every run agree even if a file changed in between.
        let base = load::load_scenario_from(path, &texts, &[])?;
        Ok(Explorer {
            path: path.to_path_buf(),
            texts,
            base,
            pool,
            running: AtomicU64::new(0),
            cancelled: AtomicU64::new(0),
        })
    }

    /// The scenario with the request's overrides, trials and seed, its
    /// corridors completed, and its model: what `corridor run` builds
    /// before its first trial ([`run::prepare`], with the default `-k`).
    pub fn prepare(&self, req: &RunRequest) -> Result<Job, RunError> {
        let trials = req.trials().map_err(RunError::Bad)?;
        let overrides = req.overrides().map_err(RunError::Bad)?;
        let bad = |e: CmdError| RunError::Bad(chain_lines(&e));
        let mut sc = load::load_scenario_from(&self.path, &self.texts, &overrides)
            .map_err(|d| bad(d.into()))?;
        sc.montecarlo.trials = trials;
        if let Some(s) = req.seed {
            sc.montecarlo.seed = s;
        }
        let scenario_file = self.path.display().to_string();
        let (model, manifest) = run::prepare(&mut sc, DEFAULT_K, &scenario_file).map_err(bad)?;
        Ok(Job {
            sc,
            model,
            manifest,
            overrides,
        })
    }

    /// Runs the job's trials in chunks, calling `progress` with the trials
    /// done after each; stops with [`RunError::Cancelled`] as soon as
    /// `cancelled` says so.
    pub fn run(
        &self,
        job: &Job,
        cancelled: &dyn Fn() -> bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Acc, RunError> {
        let _running = Running::start(&self.running);
        let (n, seed) = (job.sc.montecarlo.trials, job.sc.montecarlo.seed);
        let mut acc = Acc::new(job.model.compared());
        let chunk = (n / CHECKS).max(MIN_CHUNK);
        let mut start = 0;
        while start < n {
            if cancelled() {
                self.cancelled.fetch_add(1, Ordering::Relaxed);
                return Err(RunError::Cancelled);
            }
            let end = (start + chunk).min(n);
            let part = self
                .pool
                .install(|| run_trials(&job.model, seed, start..end, &|_| {}));
            acc.merge(&part);
            start = end;
            progress(start);
        }
        Ok(acc)
    }

    /// The summary of a finished job, as `corridor run` writes it.
    pub fn summarize(&self, job: &Job, acc: &Acc) -> Summary {
        summarize(&job.sc, &job.model, acc, job.manifest.clone())
    }
}

/// Counts a run as in progress while it lives.
struct Running<'a>(&'a AtomicU64);

impl<'a> Running<'a> {
    fn start(count: &'a AtomicU64) -> Running<'a> {
        count.fetch_add(1, Ordering::Relaxed);
        Running(count)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> RunRequest {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn set_becomes_the_overrides_the_cli_takes() {
        let r = request(
            r#"{"set": {"risk_weights.political": 3, "origin": "astana",
                "hazards.x.probability": 0.25, "corridors.c.via": ["a", "b"]}}"#,
        );
        assert_eq!(
            r.overrides().unwrap(),
            [
                "corridors.c.via=[\"a\",\"b\"]",
                "hazards.x.probability=0.25",
                "origin=astana",
                "risk_weights.political=3",
            ]
        );
        assert!(request(r#"{"set": {"a": null}}"#).overrides().is_err());
        assert!(request(r#"{"set": {"a=b": 1}}"#).overrides().is_err());
        assert!(serde_json::from_str::<RunRequest>(r#"{"sets": {}}"#).is_err());
    }

    #[test]
    fn trials_are_capped() {
        assert_eq!(request("{}").trials().unwrap(), DEFAULT_TRIALS);
        assert!(request(r#"{"trials": 0}"#).trials().is_err());
        assert!(request(r#"{"trials": 1000001}"#).trials().is_err());
        assert_eq!(
            request(r#"{"trials": 1000000}"#).trials().unwrap(),
            MAX_TRIALS
        );
    }
}
