//! Shard files: the mergeable result of a slice of a run, sealed with a
//! checksum, and their merge.
//!
//! A shard file is untrusted input: it may be damaged, hand-edited or from
//! another version. Reading it checks its layout version and its SHA-256
//! checksum (over the run's identity and the payload); merging checks that
//! the shards belong to one run, cover its trials exactly once, and that
//! every count and sum is consistent ([`check`]). Nothing is ever allocated
//! by a number read from a file, so no file makes the merge panic or abort.

mod check;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::acc::{Acc, AccState};
use super::summary::Manifest;

/// Version of the shard file layout (2: sealed with a checksum).
pub const SHARD_SCHEMA: u32 = 3;

/// Most shards a run may be split into.
pub const MAX_SHARDS: u64 = 1_000_000;

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

    /// Whether this split suits a run of `trials` trials: 1 ≤ k ≤ n,
    /// n ≤ [`MAX_SHARDS`] and n ≤ trials (every shard runs a trial).
    pub fn check(&self, trials: u64) -> Result<(), ShardSpecError> {
        if self.k == 0 || self.k > self.n || self.n > MAX_SHARDS {
            return Err(ShardSpecError::OutOfRange {
                k: self.k,
                n: self.n,
            });
        }
        if self.n > trials {
            return Err(ShardSpecError::MoreShardsThanTrials { n: self.n, trials });
        }
        Ok(())
    }
}

/// Why a split into shards does not suit a run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardSpecError {
    /// Not 1 ≤ k ≤ n ≤ [`MAX_SHARDS`].
    #[error("shard {k}/{n}: expected 1 ≤ K ≤ N ≤ {MAX_SHARDS}")]
    OutOfRange {
        /// The index.
        k: u64,
        /// The number of shards.
        n: u64,
    },
    /// More shards than trials.
    #[error("{n} shards for {trials} trials: a run splits into at most as many shards as trials")]
    MoreShardsThanTrials {
        /// The number of shards.
        n: u64,
        /// The run's trials.
        trials: u64,
    },
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
    /// SHA-256 (hex) of everything above ([`ShardFile::digest`]).
    pub checksum: String,
}

/// What the checksum covers: every field but the checksum itself.
#[derive(Serialize)]
struct Sealed<'a> {
    schema: u32,
    manifest: &'a Manifest,
    shard: &'a ShardSpec,
    first_trial: u64,
    end_trial: u64,
    acc: &'a AccState,
}

/// The part of a file read before anything else: its layout version.
#[derive(Deserialize)]
struct Layout {
    schema: Option<u64>,
}

/// Why a file is not a readable shard file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not the shard layout.
    #[error("not a shard file: {0}")]
    NotShard(#[source] serde_json::Error),
    /// Another layout version.
    #[error(
        "shard layout {found} is not {SHARD_SCHEMA} (written by another version of corridor; rerun the shard)"
    )]
    Layout {
        /// The version found (`none` if missing).
        found: String,
    },
    /// The checksum does not match the contents.
    #[error("checksum does not match its contents (edited or damaged)")]
    Checksum,
}

impl ShardFile {
    /// A sealed shard file: trials `trials` of the run `manifest`.
    pub fn new(manifest: Manifest, shard: ShardSpec, trials: Range<u64>, acc: AccState) -> Self {
        let mut f = ShardFile {
            schema: SHARD_SCHEMA,
            manifest,
            shard,
            first_trial: trials.start,
            end_trial: trials.end,
            acc,
            checksum: String::new(),
        };
        f.checksum = f.digest();
        f
    }

    /// SHA-256, in hex, of the file's fields other than the checksum,
    /// encoded as compact JSON (every field is an integer or a string, so
    /// the encoding of parsed values is the encoding that was written).
    pub fn digest(&self) -> String {
        let sealed = Sealed {
            schema: self.schema,
            manifest: &self.manifest,
            shard: &self.shard,
            first_trial: self.first_trial,
            end_trial: self.end_trial,
            acc: &self.acc,
        };
        let bytes = serde_json::to_vec(&sealed).expect("strings and integers encode");
        let mut h = Sha256::new();
        h.update(b"corridor shard\n");
        h.update(&bytes);
        format!("{:x}", h.finalize())
    }

    /// Reads a shard file's text: layout version first, then the fields,
    /// then the checksum.
    pub fn parse(text: &str) -> Result<ShardFile, ReadError> {
        let layout: Layout = serde_json::from_str(text).map_err(ReadError::NotShard)?;
        if layout.schema != Some(SHARD_SCHEMA.into()) {
            let found = layout.schema.map_or("none".into(), |s| s.to_string());
            return Err(ReadError::Layout { found });
        }
        let f: ShardFile = serde_json::from_str(text).map_err(ReadError::NotShard)?;
        if f.checksum != f.digest() {
            return Err(ReadError::Checksum);
        }
        Ok(f)
    }
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

/// Merges shard files of one run: same manifest, every shard exactly once,
/// every file consistent with itself and the run. Returns the manifest and
/// the merged accumulator.
///
/// Complexity: O(total size of the files + number of shards).
pub fn merge(files: &[(String, ShardFile)]) -> Result<(Manifest, Acc), MergeError> {
    let Some((first_name, first)) = files.first() else {
        return Err(vec!["no shard files given".to_string()].into());
    };
    let mut errors = check::run(first_name, first);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let n = first.shard.n;
    let corridors = first.acc.corridors.len();
    let mut seen = BTreeMap::<u64, &str>::new();
    let mut accs = Vec::new();
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
        if let Some(other) = seen.insert(f.shard.k, name) {
            errors.push(format!(
                "{name}: shard {}/{n} given twice (also {other})",
                f.shard.k
            ));
            continue;
        }
        match check::file(f, corridors) {
            Ok(acc) => accs.push(acc),
            Err(problems) => errors.extend(problems.into_iter().map(|p| format!("{name}: {p}"))),
        }
    }
    if errors.is_empty() && seen.len() as u64 != n {
        errors.push(format!("missing shard(s): {}", missing(&seen, n)));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut total = Acc::new(corridors.saturating_sub(1));
    for a in &accs {
        total.merge(a);
    }
    Ok((first.manifest.clone(), total))
}

/// The shards of 1..=n not in `seen`: the first ten, then how many more.
fn missing(seen: &BTreeMap<u64, &str>, n: u64) -> String {
    let absent = (1..=n).filter(|k| !seen.contains_key(k));
    let mut shown: Vec<String> = absent
        .clone()
        .take(10)
        .map(|k| format!("{k}/{n}"))
        .collect();
    let more = n - seen.len() as u64 - shown.len() as u64;
    if more > 0 {
        shown.push(format!("and {more} more"));
    }
    shown.join(", ")
}
