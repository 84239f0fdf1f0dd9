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
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<ShardSpec, String> {
        let err = || format!("--shard {s}: expected K/N with 1 ≤ K ≤ N, e.g. 3/8");
        let (k, n) = s.split_once('/').ok_or_else(err)?;
        let k: u64 = k.trim().parse().map_err(|_| err())?;
        let n: u64 = n.trim().parse().map_err(|_| err())?;
        if k == 0 || n == 0 || k > n {
            return Err(err());
        }
        Ok(ShardSpec { k, n })
    }

    /// The file name a shard is written to.
    pub fn file_name(&self) -> String {
        format!("shard-{}-of-{}.json", self.k, self.n)
    }
}

/// Contents of a shard file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardFile {
    pub schema: u32,
    pub manifest: Manifest,
    pub shard: ShardSpec,
    pub first_trial: u64,
    pub end_trial: u64,
    pub acc: AccState,
}

/// Merges shard files of one run: same manifest, every shard exactly once.
/// Returns the manifest and the merged accumulator.
pub fn merge(files: &[(String, ShardFile)]) -> Result<(Manifest, Acc), Vec<String>> {
    let mut errors = Vec::new();
    let Some((first_name, first)) = files.first() else {
        return Err(vec!["no shard files given".into()]);
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
        return Err(errors);
    }
    let mut acc: Option<Acc> = None;
    for (name, f) in files {
        let a = Acc::from_state(&f.acc).map_err(|e| vec![format!("{name}: {e}")])?;
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
        )]);
    }
    Ok((first.manifest.clone(), acc))
}
