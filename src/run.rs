//! `corridor run` and `corridor merge`: load, simulate on a thread pool
//! with a progress bar on terminals, write the report files atomically.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use corridor::montecarlo::shard::{self, SHARD_SCHEMA, ShardFile, ShardSpec};
use corridor::montecarlo::{Acc, Manifest, SimModel, run_trials, shard_range, summarize};
use corridor::report::data::ChartData;
use corridor::report::files;
use corridor::report::write::atomic_write;
use corridor::scenario::Scenario;
use corridor::scenario::load;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What `corridor run` was asked to do, checked.
pub struct RunConfig {
    pub scenario: PathBuf,
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    pub overrides: Vec<String>,
    pub shard: Option<ShardSpec>,
    pub out: Option<PathBuf>,
    pub charts: bool,
}

/// A progress bar that appears only on a terminal and only once a run has
/// taken more than a second.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: Mutex<bool>,
    enabled: bool,
}

impl Progress {
    fn new(total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} trials · {per_sec} · eta {eta}",
            )
            .expect("valid template"),
        );
        Progress {
            bar,
            started: Instant::now(),
            shown: Mutex::new(false),
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn inc(&self, n: u64) {
        self.bar.inc(n);
        if self.enabled && self.started.elapsed() > Duration::from_secs(1) {
            let mut shown = self.shown.lock().expect("not poisoned");
            if !*shown {
                *shown = true;
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| format!("cannot encode {}: {e}", path.display()))?;
    text.push('\n');
    atomic_write(path, text.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `corridor run`.
pub fn run(cfg: RunConfig) -> Result<(), String> {
    let mut sc = load::load_scenario(&cfg.scenario, &cfg.overrides)
        .map_err(|e| crate::cli::diagnostics(e.0))?;
    if let Some(t) = cfg.trials {
        sc.montecarlo.trials = t;
    }
    if let Some(s) = cfg.seed {
        sc.montecarlo.seed = s;
    }
    let model = SimModel::new(&sc).map_err(|e| e.to_string())?;
    let manifest = Manifest::new(&sc, &cfg.scenario.display().to_string());
    let range = match cfg.shard {
        Some(s) => shard_range(sc.montecarlo.trials, s.k, s.n),
        None => 0..sc.montecarlo.trials,
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = cfg.threads {
        pool = pool.num_threads(t);
    }
    let pool = pool
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let progress = Progress::new(range.end - range.start);
    let seed = sc.montecarlo.seed;
    let acc = pool.install(|| run_trials(&model, seed, range.clone(), &|n| progress.inc(n)));
    progress.finish();
    let out = cfg.out.unwrap_or_else(|| Path::new("reports").join(&sc.id));
    if let Some(spec) = cfg.shard {
        let path = out.join(spec.file_name());
        let file = ShardFile {
            schema: SHARD_SCHEMA,
            manifest,
            shard: spec,
            first_trial: range.start,
            end_trial: range.end,
            acc: acc.to_state(),
        };
        write_json(&path, &file)?;
        crate::cli::print_line(&format!(
            "shard {}/{}: trials {}..{} → {}",
            spec.k,
            spec.n,
            range.start,
            range.end,
            path.display()
        ))?;
        return Ok(());
    }
    report(&sc, &model, &acc, manifest, &out, cfg.charts)
}

/// Summarizes, writes the report folder and prints the table.
fn report(
    sc: &Scenario,
    model: &SimModel,
    acc: &Acc,
    manifest: Manifest,
    out: &Path,
    charts: bool,
) -> Result<(), String> {
    let summary = summarize(sc, model, acc, manifest);
    let data = charts.then(|| ChartData::new(sc, model, acc, &summary));
    let network = format!("{} (data as of {})", sc.network.name, sc.network.as_of);
    let outputs = files::outputs(&summary, &sc.name, &sc.description, &network, data.as_ref())?;
    files::write_all(out, &outputs)?;
    crate::cli::print(&corridor::report::table::run_table(&summary, &sc.name).to_string())?;
    let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    crate::cli::print_line(&format!(
        "\nreport: {}/ ({})",
        out.display(),
        names.join(", ")
    ))?;
    Ok(())
}

/// `corridor merge`.
pub fn merge(paths: &[PathBuf], out: &Path, charts: bool) -> Result<(), String> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        match std::fs::read_to_string(p) {
            Ok(text) => match serde_json::from_str::<ShardFile>(&text) {
                Ok(f) => files.push((name, f)),
                Err(e) => errors.push(format!("{name}: not a shard file: {e}")),
            },
            Err(e) => errors.push(format!("{name}: cannot read: {e}")),
        }
    }
    if !errors.is_empty() {
        return Err(crate::cli::diagnostics(errors));
    }
    let (manifest, acc) = shard::merge(&files).map_err(|e| crate::cli::diagnostics(e.problems))?;
    // Rebuild the model from the same inputs, and make sure they have not
    // changed since the shards ran.
    let mut sc = load::load_scenario(Path::new(&manifest.scenario_file), &manifest.overrides)
        .map_err(|e| crate::cli::diagnostics(e.0))?;
    sc.montecarlo.trials = manifest.trials;
    sc.montecarlo.seed = manifest.seed;
    if sc.inputs != manifest.inputs {
        return Err(crate::cli::diagnostics(vec![format!(
            "{}: the scenario or network changed since the shards ran (file hashes differ); rerun the shards",
            manifest.scenario_file
        )]));
    }
    let model = SimModel::new(&sc).map_err(|e| e.to_string())?;
    report(&sc, &model, &acc, manifest, out, charts)
}
