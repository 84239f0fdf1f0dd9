//! `corridor merge`: shard files of one run into the report the unsplit
//! run writes.

use std::path::{Path, PathBuf};

use corridor::montecarlo::SimModel;
use corridor::montecarlo::shard::{self, ShardFile};
use corridor::scenario::load;

use super::error::CmdError;
use super::run;

/// What `corridor merge` was asked to do.
pub struct MergeConfig {
    /// Shard files (shard-K-of-N.json).
    pub shards: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Whether to draw charts.
    pub charts: bool,
}

/// Reads every shard file, or reports every one that cannot be read.
fn read_shards(paths: &[PathBuf]) -> Result<Vec<(String, ShardFile)>, CmdError> {
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
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(CmdError::Input(errors))
    }
}

/// `corridor merge`.
pub fn merge(cfg: &MergeConfig) -> Result<(), CmdError> {
    let files = read_shards(&cfg.shards)?;
    let (manifest, acc) = shard::merge(&files)?;
    // Rebuild the model from the same inputs, and make sure they have not
    // changed since the shards ran.
    let mut sc = load::load_scenario(Path::new(&manifest.scenario_file), &manifest.overrides)?;
    sc.montecarlo.trials = manifest.trials;
    sc.montecarlo.seed = manifest.seed;
    if sc.inputs != manifest.inputs {
        return Err(CmdError::Input(vec![format!(
            "{}: the scenario or network changed since the shards ran (file hashes differ); rerun the shards",
            manifest.scenario_file
        )]));
    }
    let model = SimModel::new(&sc)?;
    run::report(&sc, &model, &acc, manifest, &cfg.out, cfg.charts)
}
