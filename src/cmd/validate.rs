//! `corridor validate`: run every observed trip of an observations file on
//! its network, print the comparison, write the report files, and exit 1
//! when the network falls short.

use std::path::{Path, PathBuf};

use corridor::montecarlo::summary::normal_path;
use corridor::report::files::{attach_manifest, write_all};
use corridor::report::manifest::{Plain, Stamp};
use corridor::report::validation;
use corridor::validate;

use super::error::CmdError;
use super::{Status, out};

/// What `corridor validate` was asked to do.
pub struct ValidateConfig {
    /// The observations file.
    pub observations: PathBuf,
    /// Trials per trip.
    pub trials: u64,
    /// Seed of every trip's run.
    pub seed: u64,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Share of trips that must be within range to pass.
    pub min_within: f64,
    /// Output folder (default: reports/validation-<file stem>/).
    pub out: Option<PathBuf>,
    /// Whether to draw the chart.
    pub charts: bool,
    /// Only these trips (ids), each with its route leg by leg; empty: all.
    pub trips: Vec<String>,
}

/// `corridor validate`.
pub fn validate(cfg: &ValidateConfig) -> Result<Status, CmdError> {
    let (mut obs, network) = validate::load(&cfg.observations)?;
    if !cfg.trips.is_empty() {
        obs.trips = validate::select(&obs.trips, &cfg.trips).map_err(|e| {
            CmdError::Input(vec![format!("{}: --trip: {e}", cfg.observations.display())])
        })?;
    }
    let pool = out::pool(cfg.threads)?;
    let v = pool.install(|| validate::validate(&obs, &network, cfg.trials, cfg.seed));
    let verdict = v.verdict(cfg.min_within);
    out::print(&validation::table(&v, &verdict, cfg.min_within))?;
    if !cfg.trips.is_empty() {
        for t in &v.trips {
            out::print(&legs(&obs, &network, t, cfg))?;
        }
        if cfg.out.is_none() {
            return Ok(status(&verdict));
        }
    }
    let file = cfg.observations.display().to_string();
    let mut outputs = validation::outputs(&v, &verdict, cfg.min_within, &file, cfg.charts)?;
    let mut command = format!(
        "corridor validate {file} --trials {} --seed {} --min-within {}",
        cfg.trials, cfg.seed, cfg.min_within
    );
    for id in &cfg.trips {
        command.push_str(&format!(" --trip {id}"));
    }
    // The texts that were validated: the observations file as read now
    // (it loaded above) and the network's text as run.
    let observed = std::fs::read(&cfg.observations)
        .map_err(|e| CmdError::Input(vec![format!("{file}: cannot read: {e}")]))?;
    let inputs = [
        (file.clone(), observed.as_slice()),
        (
            normal_path(&obs.network.display().to_string()),
            network.as_bytes(),
        ),
    ];
    let stamp = Stamp::plain(&Plain::new(command, &inputs))?;
    attach_manifest(&mut outputs, &stamp)?;
    let dir = cfg.out.clone().unwrap_or_else(|| {
        let stem = cfg.observations.file_stem().map_or_else(
            || "observations".into(),
            |s| s.to_string_lossy().into_owned(),
        );
        Path::new("reports").join(format!("validation-{stem}"))
    });
    write_all(&dir, &outputs)?;
    let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
    out::print_line(&format!(
        "\nreport: {}/ ({})",
        dir.display(),
        names.join(", ")
    ))?;
    Ok(status(&verdict))
}

fn status(verdict: &validate::Verdict) -> Status {
    if verdict.pass {
        Status::Passed
    } else {
        Status::Failed
    }
}

/// One trip's planned route leg by leg, as `corridor routes` prints it,
/// or why it could not be built.
fn legs(
    obs: &validate::Observations,
    network: &str,
    t: &validate::TripResult,
    cfg: &ValidateConfig,
) -> String {
    let o = &t.observation;
    let built = match &t.outcome {
        validate::TripOutcome::NotBuilt(why) => Err(why.clone()),
        validate::TripOutcome::Modelled(_) => {
            validate::trip_scenario(obs, network, o, cfg.trials, cfg.seed)
                .map_err(|e| e.to_string())
        }
    };
    match built {
        Ok(sc) => format!(
            "\n── {} ──\n{}",
            o.id,
            corridor::report::routes::to_table(&sc, &corridor::path::plan(&sc, 1))
        ),
        Err(why) => format!("\n── {} ──\nnot built: {why}\n", o.id),
    }
}
