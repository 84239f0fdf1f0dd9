//! What sweep, breakeven and tornado share: load the scenario and the
//! texts of its inputs into an [`Evaluator`], start the thread pool, and
//! write the output files.

use std::path::{Path, PathBuf};

use corridor::analysis::{EvalConfig, Evaluator, Metric, Texts};
use corridor::montecarlo::Manifest;
use corridor::montecarlo::summary::Command;
use corridor::report::files::{Output, Target, attach_manifest, write_to};
use corridor::report::manifest::Stamp;
use corridor::scenario::{Found, Scenario, load};

use super::error::CmdError;
use super::out;

/// Options shared by sweep, breakeven and tornado.
pub struct SensitivityConfig {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Trials per value (default: the scenario's, at most 20,000).
    pub trials: Option<u64>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// `key=value` overrides applied before varying the parameter.
    pub overrides: Vec<String>,
    /// What to compare.
    pub metric: Metric,
    /// Output folder (default: reports/<scenario id>/).
    pub out: Option<PathBuf>,
    /// Whether to draw charts.
    pub charts: bool,
    /// The two corridors to compare (ids; default: the leader and the
    /// runner-up at the base values).
    pub corridors: Option<(String, String)>,
    /// Without corridors in the scenario: how many distinct routes.
    pub k: usize,
}

/// Reads the input files a scenario was loaded from, for what-if rebuilds.
fn read_inputs(sc: &Scenario) -> Result<Texts, CmdError> {
    let mut texts = Texts::new();
    let mut errors = Vec::new();
    for input in &sc.inputs {
        match corridor::input::read_input(Path::new(&input.path)) {
            Ok(text) => {
                texts.insert(PathBuf::from(&input.path), text);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(texts)
    } else {
        Err(CmdError::Input(errors))
    }
}

/// Loads the scenario into an evaluator and starts the worker threads.
pub fn setup(cfg: &SensitivityConfig) -> Result<(Evaluator, rayon::ThreadPool), CmdError> {
    let pool = out::pool(cfg.threads)?;
    let sc = load::load_scenario(&cfg.scenario, &cfg.overrides)?;
    let texts = read_inputs(&sc)?;
    let eval = EvalConfig {
        trials: cfg.trials,
        seed: cfg.seed,
        metric: cfg.metric,
        k: cfg.k,
    };
    let mut ev = Evaluator::new(sc, texts, eval)?;
    if let Some((a, b)) = &cfg.corridors {
        ev = ev.with_corridors(a, b);
    }
    Ok((ev, pool))
}

/// The manifest of a sensitivity command: `sub` with its own `args`
/// (each after a space), on the evaluator's trials and seed.
pub fn manifest_of(cfg: &SensitivityConfig, ev: &Evaluator, sub: &str, args: &str) -> Manifest {
    let mut args = format!("{args} --metric {}", ev.metric.name());
    if let Some((a, b)) = &cfg.corridors {
        args.push_str(&format!(" --corridors {a},{b}"));
    }
    // A scenario without corridors compared its k best routes.
    if ev.base().corridors.iter().any(|c| c.found == Found::KBest) {
        args.push_str(&format!(" -k {}", cfg.k));
    }
    let command = Command {
        sub,
        args,
        trials: ev.trials,
        seed: ev.seed,
    };
    Manifest::of_command(ev.base(), &cfg.scenario.display().to_string(), &command)
}

/// Prints the what-if line of a scenario loaded with `--set` changes,
/// before the command's own output; nothing for the scenario as written.
pub fn print_what_if(ev: &Evaluator) -> Result<(), CmdError> {
    match ev.base().what_if() {
        Some(what_if) => out::print_line(&what_if),
        None => Ok(()),
    }
}

/// The output folder: as given, else the subfolder `sub` of the
/// scenario's report folder (beside the run's report, which keeps it).
pub fn out_dir(cfg: &SensitivityConfig, ev: &Evaluator, sub: &str) -> Target {
    match &cfg.out {
        Some(dir) => Target::Folder(dir.clone()),
        None => Target::Within {
            report: ev.base().report_dir(),
            sub: sub.to_owned(),
        },
    }
}

/// Writes the outputs with their manifest and says where.
pub fn write(target: Target, mut outputs: Vec<Output>, m: &Manifest) -> Result<(), CmdError> {
    let stamp = Stamp::of(m).map_err(CmdError::Report)?;
    attach_manifest(&mut outputs, &stamp).map_err(CmdError::Report)?;
    let names: Vec<String> = outputs.iter().map(|o| o.name.clone()).collect();
    write_to(&target, &outputs).map_err(CmdError::Report)?;
    let dir = target.path();
    out::print_line(&format!(
        "\nwrote {}/ ({})",
        dir.display(),
        names.join(", ")
    ))
}
