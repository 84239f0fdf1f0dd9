//! The report folder of a run: `summary.json`, `corridors.csv`,
//! `summary.md`, the PNG charts and `manifest.json`. Everything is produced in memory first
//! and written only when all of it succeeded, as a whole folder that
//! replaces the previous one, so a failed or killed run leaves the
//! previous report untouched and a report never mixes two runs.

use std::path::{Path, PathBuf};

use super::charts;
use super::corridors_csv::corridors_csv;
use super::data::ChartData;
use super::error::ReportError;
use super::folder;
use super::manifest::{self, Stamp};
use crate::montecarlo::summary::Summary;

/// One output file, ready to write.
pub struct Output {
    /// File name inside the report folder.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Everything a run writes, in memory.
pub fn outputs(
    s: &Summary,
    name: &str,
    description: &str,
    network: &str,
    chart_data: Option<&ChartData>,
) -> Result<Vec<Output>, ReportError> {
    let mut out = Vec::new();
    let mut json = serde_json::to_string_pretty(s)?;
    json.push('\n');
    out.push(Output {
        name: "summary.json".into(),
        bytes: json.into_bytes(),
    });
    out.push(Output {
        name: "corridors.csv".into(),
        bytes: corridors_csv(s)?,
    });
    let mut names = Vec::new();
    if let Some(data) = chart_data {
        for (file, png) in charts::all(data)? {
            names.push(file);
            out.push(Output {
                name: file.into(),
                bytes: png,
            });
        }
    }
    out.push(Output {
        name: "summary.md".into(),
        bytes: super::briefing::briefing(s, name, description, network, &names).into_bytes(),
    });
    attach_manifest(&mut out, &Stamp::of(&s.manifest)?)?;
    Ok(out)
}

/// Adds the manifest to a set of outputs: every PNG gets its text chunks
/// ([`manifest::stamp_png`]) and `manifest.json` is added beside them.
pub fn attach_manifest(outputs: &mut Vec<Output>, stamp: &Stamp) -> Result<(), ReportError> {
    for o in outputs.iter_mut().filter(|o| o.name.ends_with(".png")) {
        o.bytes = manifest::stamp_png(&o.bytes, &stamp.chunks)?;
    }
    outputs.push(Output {
        name: manifest::FILE_NAME.into(),
        bytes: stamp.json.clone(),
    });
    Ok(())
}

/// Where a report folder goes.
pub enum Target {
    /// A folder of its own (`reports/<id>/`, or `--out DIR`).
    Folder(PathBuf),
    /// A subfolder of another report folder (`reports/<id>/tornado/`):
    /// the outer folder is locked too, so a run replacing it (which
    /// carries such subfolders across) cannot interleave.
    Within {
        /// The outer report folder.
        report: PathBuf,
        /// The subfolder's name.
        sub: String,
    },
}

impl Target {
    /// The folder the files end up in.
    pub fn path(&self) -> PathBuf {
        match self {
            Target::Folder(dir) => dir.clone(),
            Target::Within { report, sub } => report.join(sub),
        }
    }
}

/// Replaces the folder `dir` by one holding exactly `outputs`, all or
/// nothing: the files are written to a temporary folder beside it, synced,
/// and swapped in whole while the folder is locked (see
/// docs/guarantees.md). Subfolders of the previous folder are kept; its
/// files are not. Returns the paths written.
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, ReportError> {
    let files: Vec<folder::File> = outputs
        .iter()
        .map(|o| (o.name.as_str(), o.bytes.as_slice()))
        .collect();
    folder::replace(dir, &files)
}

/// [`write_all`] to a [`Target`].
pub fn write_to(target: &Target, outputs: &[Output]) -> Result<Vec<PathBuf>, ReportError> {
    match target {
        Target::Folder(dir) => write_all(dir, outputs),
        Target::Within { report, sub } => {
            let place = folder::Place::of(report)?;
            let _outer = place.lock()?;
            std::fs::create_dir_all(report).map_err(|error| ReportError::CreateDir {
                path: report.clone(),
                error,
            })?;
            write_all(&report.join(sub), outputs)
        }
    }
}
