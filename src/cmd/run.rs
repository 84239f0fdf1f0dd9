//! `corridor run`: load, simulate on a thread pool with a progress bar on
//! terminals, and write the report folder (or one shard file).

use std::path::{Path, PathBuf};

use corridor::montecarlo::shard::{ShardFile, ShardSpec};
use corridor::montecarlo::{Acc, Manifest, SimModel, run_trials, shard_range, summarize, taken};
use corridor::report::corridors_csv::{self, CsvDialect};
use corridor::report::data::ChartData;
use corridor::report::files;
use corridor::report::write::atomic_write;
use corridor::scenario::{REPORTS_DIR, Scenario, load};

use super::error::CmdError;
use super::out;

/// What `corridor run` was asked to do, checked.
pub struct RunConfig {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Number of trials (default: the scenario's).
    pub trials: Option<u64>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// `key=value` overrides.
    pub overrides: Vec<String>,
    /// Run only this slice of the trials.
    pub shard: Option<ShardSpec>,
    /// Output folder (default: reports/<scenario id>/).
    pub out: Option<PathBuf>,
    /// Whether to draw charts.
    pub charts: bool,
    /// How `corridors.csv` is written.
    pub csv_dialect: CsvDialect,
    /// Without corridors in the scenario: how many distinct routes.
    pub k: usize,
}

/// Writes `value` as pretty JSON, atomically.
fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), CmdError> {
    let shown = path.display().to_string();
    let mut text = serde_json::to_string_pretty(value).map_err(|source| CmdError::Encode {
        path: shown.clone(),
        source,
    })?;
    text.push('\n');
    atomic_write(path, text.as_bytes()).map_err(|source| CmdError::Write {
        path: shown,
        source,
    })
}

/// `corridor run`.
pub fn run(cfg: RunConfig) -> Result<(), CmdError> {
    let mut sc = load::load_scenario(&cfg.scenario, &cfg.overrides)?;
    if let Some(t) = cfg.trials {
        sc.montecarlo.trials = t;
    }
    if let Some(s) = cfg.seed {
        sc.montecarlo.seed = s;
    }
    if let Some(s) = cfg.shard {
        s.check(sc.montecarlo.trials)
            .map_err(|e| CmdError::Input(vec![e.to_string()]))?;
    }
    let (model, manifest) = prepare(&mut sc, cfg.k, &cfg.scenario.display().to_string())?;
    let range = match cfg.shard {
        Some(s) => shard_range(sc.montecarlo.trials, s.k, s.n),
        None => 0..sc.montecarlo.trials,
    };
    let pool = out::pool(cfg.threads)?;
    let progress = out::Progress::new(range.end - range.start);
    let seed = sc.montecarlo.seed;
    let acc = pool.install(|| run_trials(&model, seed, range.clone(), &|n| progress.inc(n)));
    progress.finish();
    let own_folder = cfg.out.is_none() && sc.what_if().is_some();
    let dir = cfg.out.unwrap_or_else(|| sc.report_dir());
    let Some(spec) = cfg.shard else {
        let how = ReportOptions {
            charts: cfg.charts,
            csv_dialect: cfg.csv_dialect,
        };
        report_with(&sc, &model, &acc, manifest, &dir, how)?;
        if own_folder {
            let baseline = Path::new(REPORTS_DIR).join(&sc.id);
            out::print_line(&format!(
                "(a what-if run gets its own folder; the scenario's report in {}/ is left as it was)",
                baseline.display()
            ))?;
        }
        return Ok(());
    };
    let path = dir.join(spec.file_name());
    let file = ShardFile::new(manifest, spec, range.clone(), acc.to_state());
    write_json(&path, &file)?;
    out::print_line(&format!(
        "shard {}/{}: trials {}..{} → {}",
        spec.k,
        spec.n,
        range.start,
        range.end,
        path.display()
    ))
}

/// What a run builds before its first trial, from the scenario with its
/// overrides, trials and seed: `sc` completed with the corridors it lacks
/// ([`taken::complete`]: the `k` best routes if it has none, then the
/// routes the free choice takes outside them), its model, and its
/// manifest (`scenario_file` as given; `-k` recorded for a scenario
/// without corridors). `corridor run` and the explorer's runs both start
/// here, so they compare the same corridors.
pub(super) fn prepare(
    sc: &mut Scenario,
    k: usize,
    scenario_file: &str,
) -> Result<(SimModel, Manifest), CmdError> {
    let without_corridors = sc.corridors.is_empty();
    let mc = sc.montecarlo;
    taken::complete(sc, k, mc.seed, mc.trials)?;
    let model = SimModel::new(sc)?;
    let mut manifest = Manifest::new(sc, scenario_file);
    if without_corridors {
        manifest = manifest.with_k(k);
    }
    Ok((model, manifest))
}

/// How a run's report is written.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReportOptions {
    /// Whether to draw charts.
    pub charts: bool,
    /// How `corridors.csv` is written.
    pub csv_dialect: CsvDialect,
}

/// Summarizes, writes the report folder (charts if `charts`, plain CSV)
/// and prints the table.
pub(super) fn report(
    sc: &Scenario,
    model: &SimModel,
    acc: &Acc,
    manifest: Manifest,
    dir: &Path,
    charts: bool,
) -> Result<(), CmdError> {
    let how = ReportOptions {
        charts,
        csv_dialect: CsvDialect::Plain,
    };
    report_with(sc, model, acc, manifest, dir, how)
}

/// Summarizes, writes the report folder as `how` says and prints the
/// table.
pub(super) fn report_with(
    sc: &Scenario,
    model: &SimModel,
    acc: &Acc,
    manifest: Manifest,
    dir: &Path,
    how: ReportOptions,
) -> Result<(), CmdError> {
    let summary = summarize(sc, model, acc, manifest);
    let data = how.charts.then(|| ChartData::new(sc, model, acc, &summary));
    let network = format!("{} (data as of {})", sc.network.name, sc.network.as_of);
    let mut outputs = files::outputs(&summary, &sc.name, &sc.description, &network, data.as_ref())
        .map_err(CmdError::Report)?;
    if how.csv_dialect == CsvDialect::Excel {
        for o in outputs.iter_mut().filter(|o| o.name == "corridors.csv") {
            o.bytes = corridors_csv::excel(&o.bytes).map_err(CmdError::Report)?;
        }
    }
    files::write_all(dir, &outputs).map_err(CmdError::Report)?;
    out::print(&corridor::report::table::run_table(&summary, &sc.name))?;
    let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    out::print_line(&format!(
        "\nreport: {}/ ({})",
        dir.display(),
        names.join(", ")
    ))
}
