//! `corridor merge`: shard files of one run into the report the unsplit
//! run writes.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use corridor::montecarlo::shard::{self, ReadError, ShardFile};
use corridor::montecarlo::{Manifest, SimModel, taken};
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

/// Largest shard file read (a genuine one is a few hundred kilobytes).
const MAX_SHARD_BYTES: u64 = 256 << 20;

/// Why one shard file cannot be read.
#[derive(Debug, thiserror::Error)]
enum FileError {
    /// The file system refused.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A FIFO, a device or a folder (they would be read forever, or not at all).
    #[error("not a regular file")]
    NotRegular,
    /// Larger than any shard file.
    #[error("{0} bytes; a shard file has at most {MAX_SHARD_BYTES}")]
    TooLarge(u64),
    /// Not a valid shard file.
    #[error(transparent)]
    Shard(#[from] ReadError),
}

/// Reads and checks one shard file: a regular file of at most
/// [`MAX_SHARD_BYTES`], of this layout version, with its checksum.
fn read_shard(p: &Path) -> Result<ShardFile, FileError> {
    let meta = std::fs::metadata(p)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular);
    }
    if meta.len() > MAX_SHARD_BYTES {
        return Err(FileError::TooLarge(meta.len()));
    }
    let mut text = String::new();
    std::fs::File::open(p)?
        .take(MAX_SHARD_BYTES + 1)
        .read_to_string(&mut text)?;
    Ok(ShardFile::parse(&text)?)
}

/// Reads every shard file, or reports every one that cannot be read.
fn read_shards(paths: &[PathBuf]) -> Result<Vec<(String, ShardFile)>, CmdError> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let name = p.display().to_string();
        match read_shard(p) {
            Ok(f) => files.push((name, f)),
            Err(e) => errors.push(format!("{name}: {e}")),
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
    if Manifest::new(&sc, &manifest.scenario_file).inputs != manifest.inputs {
        return Err(CmdError::Input(vec![format!(
            "{}: the scenario or network changed since the shards ran (file hashes differ); rerun the shards",
            manifest.scenario_file
        )]));
    }
    let k = manifest.k.unwrap_or(taken::DEFAULT_K);
    let mc = sc.montecarlo;
    taken::complete(&mut sc, k, mc.seed, mc.trials)?;
    let model = SimModel::new(&sc)?;
    if acc.corridors.len() != model.compared() + 1 {
        return Err(CmdError::Input(vec![format!(
            "{}: the shards hold {} compared corridor(s), the scenario has {}; rerun the shards",
            manifest.scenario_file,
            acc.corridors.len() - 1,
            model.compared()
        )]));
    }
    run::report(&sc, &model, &acc, manifest, &cfg.out, cfg.charts)
}
