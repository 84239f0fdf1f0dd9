//! Shard files: the mergeable result of a slice of a run, and their merge.

use serde::{Deserialize, Serialize};

use super::run::{Acc, AccState};
use super::summary::Manifest;

/// Version of the shard file layout.
pub const SHARD_SCHEMA: u32 = 1;

/// Which slice of a run a shard file holds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShardSpec {
    /// 1-based index.
    pub k: u64,
    /// Number of shards.
    pub n: u64,
}

impl ShardSpec {
    /// The file name a shard is written to.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.k, self.n)
    }
}

/// Contents of a shard file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardFile {
    /// Layout version ([`SHARD_SCHEMA`]).
    pub schema: u32,
    /// The run the shard belongs to.
    pub manifest: Manifest,
    /// Which slice it is.
    pub shard: ShardSpec,
    /// First trial index of the slice.
    pub first_trial: u64,
    /// One past the last trial index.
    pub end_trial: u64,
    /// The slice's accumulated statistics.
    pub acc: AccState,
}

/// Why shard files cannot be merged: every problem found, one per line,
/// each naming the file it is in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.join("\n"))]
pub struct MergeError {
    /// The problems, one line each.
    pub problems: Vec<String>,
}

impl From<Vec<String>> for MergeError {
    fn from(problems: Vec<String>) -> MergeError {
        MergeError { problems }
    }
}

/// Merges shard files of one run: same manifest, every shard exactly once.
/// Returns the manifest and the merged accumulator.
pub fn merge(files: &[(String, ShardFile)]) -> Result<(Manifest, Acc), MergeError> {
    let mut errors = Vec::new();
    let Some((first_name, first)) = files.first() else {
        return Err(vec!["no shard files given".to_string()].into());
    };
    let n = first.shard.n;
    let mut seen = vec![None::<&str>; n as usize];
    for (name, f) in files {
        if f.schema != SHARD_SCHEMA {
            errors.push(format!(
                "{name}: shard layout {} is not {SHARD_SCHEMA}",
                f.schema
            ));
        }
        if f.manifest != first.manifest {
            errors.push(format!("{name}: not from the same run as {first_name} (scenario, inputs, seed, trials or --set differ)"));
            continue;
        }
        if f.shard.n != n || f.shard.k == 0 || f.shard.k > n {
            errors.push(format!(
                "{name}: shard {}/{} does not belong to a split into {n}",
                f.shard.k, f.shard.n
            ));
            continue;
        }
        match seen[f.shard.k as usize - 1] {
            Some(other) => errors.push(format!(
                "{name}: shard {}/{n} given twice (also {other})",
                f.shard.k
            )),
            None => seen[f.shard.k as usize - 1] = Some(name),
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(k, _)| format!("{}/{n}", k + 1))
        .collect();
    if !missing.is_empty() && errors.is_empty() {
        errors.push(format!("missing shard(s): {}", missing.join(", ")));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut acc: Option<Acc> = None;
    for (name, f) in files {
        let a =
            Acc::from_state(&f.acc).map_err(|e| MergeError::from(vec![format!("{name}: {e}")]))?;
        match &mut acc {
            None => acc = Some(a),
            Some(total) => total.merge(&a),
        }
    }
    let acc = acc.expect("at least one file");
    if acc.trials != first.manifest.trials {
        return Err(vec![format!(
            "shards hold {} trials, the run has {}",
            acc.trials, first.manifest.trials
        )]
        .into());
    }
    Ok((first.manifest.clone(), acc))
}
