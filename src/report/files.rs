//! The report folder of a run: `summary.json`, `corridors.csv`,
//! `summary.md` and the PNG charts. Everything is produced in memory first
//! and written only when all of it succeeded, each file atomically, so a
//! failed run leaves the previous report untouched.

use std::path::{Path, PathBuf};

use super::charts;
use super::corridors_csv::corridors_csv;
use super::data::ChartData;
use super::error::ReportError;
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
    Ok(out)
}

/// Writes outputs into `dir` all or nothing: every file is first written
/// to a temporary name (and synced); only when all succeeded are they
/// renamed into place. A failure before that removes the temporary files
/// and leaves the previous report untouched. Returns the paths written.
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|error| ReportError::CreateDir {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for o in outputs {
        match stage_one(dir, o) {
            Ok(pair) => staged.push(pair),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target).map_err(|error| ReportError::Write {
            path: target.clone(),
            error,
        })?;
    }
    Ok(staged.into_iter().map(|(_, t)| t).collect())
}

/// Writes one output to a temporary name next to its target; returns
/// (temporary, target).
fn stage_one(dir: &Path, o: &Output) -> Result<(PathBuf, PathBuf), ReportError> {
    let target = dir.join(&o.name);
    if target.is_dir() {
        return Err(ReportError::FolderInTheWay { path: target });
    }
    let tmp = dir.join(format!(".{}.tmp-{}", o.name, std::process::id()));
    if let Err(error) = stage(&tmp, &o.bytes) {
        let _ = std::fs::remove_file(&tmp);
        return Err(ReportError::Write {
            path: target,
            error,
        });
    }
    Ok((tmp, target))
}

fn stage(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()
}
