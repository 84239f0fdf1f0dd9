//! Two report folders side by side (`corridor compare A B`): per corridor,
//! how P50 and P90 days, mean and CVaR95 USD and the free choice's share
//! changed from run A to run B. Reads the `summary.json` each run wrote
//! (only the fields compared here, so later additions to the summary do
//! not break it) and refuses folders that are not reports, and runs that
//! cannot be compared (another summary layout, another cargo unit, no
//! corridor in common).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest as _, Sha256};

use super::colours::assign;
use super::error::ReportError;
use crate::colour::Rgb;
use crate::montecarlo::summary::{Manifest, SUMMARY_SCHEMA};
use crate::scenario::what_if;

/// One run, as read from its folder.
#[derive(Debug, Clone)]
pub struct Run {
    /// The report folder.
    pub dir: PathBuf,
    /// SHA-256 of its `summary.json`.
    pub sha256: String,
    /// What was read.
    pub summary: RunSummary,
}

/// The fields of `summary.json` a comparison reads.
#[derive(Debug, Clone, Deserialize)]
pub struct RunSummary {
    /// Layout version.
    pub schema: u32,
    /// What identifies the run.
    pub manifest: Manifest,
    /// Origin node id.
    pub origin: String,
    /// Destination node id.
    pub destination: String,
    /// What one shipment is.
    pub cargo_unit: String,
    /// The compared corridors.
    pub corridors: Vec<CorridorRead>,
    /// A shipper free to choose any route.
    pub free_choice: CorridorRead,
    /// The free choice's share per corridor id (and `other`, `no_route`).
    pub free_choice_shares: BTreeMap<String, Share>,
}

/// A corridor's entry, the fields compared.
#[derive(Debug, Clone, Deserialize)]
pub struct CorridorRead {
    /// Corridor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The colour the scenario gives it, if any.
    #[serde(default)]
    pub colour: Option<Rgb>,
    /// Share of trials with a route at all.
    pub reached: Share,
    /// Transit days.
    pub days: Quantiles,
    /// USD.
    pub usd: Quantiles,
}

/// A probability's point estimate.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Share {
    /// Point estimate.
    pub p: f64,
}

/// The statistics of a metric that are compared.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Quantiles {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean of the worst 5%.
    pub cvar95: f64,
}

/// One side of a row: a corridor's compared values in one run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Values {
    /// P50 days.
    pub p50_days: f64,
    /// P90 days.
    pub p90_days: f64,
    /// Mean USD.
    pub mean_usd: f64,
    /// CVaR95 USD.
    pub cvar95_usd: f64,
    /// Share of the free choice (`None` for the free choice itself).
    pub share: Option<f64>,
}

/// What a run says about one corridor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side {
    /// The corridor is not in that run's scenario.
    Absent,
    /// It is, but no trial had a route.
    NoRoute,
    /// Its values.
    Reached(Values),
}

/// One row of the comparison: a corridor (or the free choice) in A and B.
#[derive(Debug, Clone)]
pub struct Row {
    /// Corridor id (`free` for the free choice).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The colour its charts draw it in ([`super::colours`]).
    pub colour: Rgb,
    /// In run A.
    pub a: Side,
    /// In run B.
    pub b: Side,
}

/// The comparison of two runs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Run A (the baseline).
    pub a: Run,
    /// Run B.
    pub b: Run,
    /// Corridors of A in order, then those only in B, then the free choice.
    pub rows: Vec<Row>,
}

impl Run {
    /// Reads the report in `dir`.
    pub fn read(dir: &Path) -> Result<Run, ReportError> {
        let not = |why: String| ReportError::NotAReport {
            path: dir.to_path_buf(),
            why,
        };
        if !dir.is_dir() {
            return Err(not("no such folder".into()));
        }
        let file = dir.join("summary.json");
        let bytes = std::fs::read(&file).map_err(|e| {
            not(format!(
                "cannot read summary.json ({e}); run `corridor run` first"
            ))
        })?;
        let summary: RunSummary = serde_json::from_slice(&bytes)
            .map_err(|e| not(format!("summary.json is not a corridor summary ({e})")))?;
        Ok(Run {
            dir: dir.to_path_buf(),
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            summary,
        })
    }

    /// `what-if: …` for a run with `--set` changes, else `as written`.
    pub fn label(&self) -> String {
        what_if(&self.summary.manifest.overrides).unwrap_or_else(|| "as written".into())
    }

    /// The folder's name.
    pub fn name(&self) -> String {
        self.dir.file_name().map_or_else(
            || self.dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    fn side(&self, id: &str) -> Side {
        let s = &self.summary;
        let corridor = if id == FREE {
            Some(&s.free_choice)
        } else {
            s.corridors.iter().find(|c| c.id == id)
        };
        match corridor {
            None => Side::Absent,
            Some(c) if c.reached.p == 0.0 => Side::NoRoute,
            Some(c) => Side::Reached(Values {
                p50_days: c.days.p50,
                p90_days: c.days.p90,
                mean_usd: c.usd.mean,
                cvar95_usd: c.usd.cvar95,
                share: (id != FREE).then(|| s.free_choice_shares.get(id).map_or(0.0, |p| p.p)),
            }),
        }
    }
}

/// The id of the free choice's row.
pub const FREE: &str = "free";

/// The free choice's colour: a neutral grey, so that it looks like no
/// corridor (those alike it step aside, [`assign`]).
const FREE_COLOUR: Rgb = Rgb(110, 110, 110);

/// Compares run `a` with run `b`, or says why they cannot be compared.
pub fn compare(a: Run, b: Run) -> Result<Comparison, ReportError> {
    let (sa, sb) = (&a.summary, &b.summary);
    let incompatible = |why: String| ReportError::Incompatible {
        a: a.dir.clone(),
        b: b.dir.clone(),
        why,
    };
    for run in [&a, &b] {
        if run.summary.schema != SUMMARY_SCHEMA {
            return Err(ReportError::NotAReport {
                path: run.dir.clone(),
                why: format!(
                    "summary.json has layout {}, this corridor reads layout {SUMMARY_SCHEMA}",
                    run.summary.schema
                ),
            });
        }
    }
    if sa.cargo_unit != sb.cargo_unit {
        return Err(incompatible(format!(
            "costs are per {} in one and per {} in the other",
            sa.cargo_unit, sb.cargo_unit
        )));
    }
    if !sa
        .corridors
        .iter()
        .any(|c| sb.corridors.iter().any(|d| d.id == c.id))
    {
        return Err(incompatible("they have no corridor in common".into()));
    }
    let mut ids: Vec<&CorridorRead> = sa.corridors.iter().collect();
    for c in &sb.corridors {
        if !ids.iter().any(|d| d.id == c.id) {
            ids.push(c);
        }
    }
    let colours = assign(
        ids.iter()
            .map(|c| (c.id.as_str(), c.colour))
            .chain([(FREE, Some(FREE_COLOUR))]),
    );
    let rows = ids
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .chain([(FREE, "Free choice")])
        .zip(colours)
        .map(|((id, name), colour)| Row {
            id: id.to_string(),
            name: name.to_string(),
            colour,
            a: a.side(id),
            b: b.side(id),
        })
        .collect();
    Ok(Comparison { a, b, rows })
}

impl Comparison {
    /// Notes a reader needs: runs with different trials, seeds, origins or
    /// destinations.
    pub fn notes(&self) -> Vec<String> {
        let (a, b) = (&self.a.summary, &self.b.summary);
        let mut notes = Vec::new();
        if (a.origin.as_str(), a.destination.as_str())
            != (b.origin.as_str(), b.destination.as_str())
        {
            notes.push(format!(
                "A ships {} → {}, B ships {} → {}",
                a.origin, a.destination, b.origin, b.destination
            ));
        }
        if a.manifest.seed != b.manifest.seed || a.manifest.trials != b.manifest.trials {
            notes.push(format!(
                "A ran {} trials with seed {}, B {} with seed {}: part of each change is sampling noise",
                a.manifest.trials, a.manifest.seed, b.manifest.trials, b.manifest.seed
            ));
        }
        notes
    }
}
