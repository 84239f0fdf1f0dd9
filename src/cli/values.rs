//! Flag values: the parsers clap calls for `--range`, `--values`,
//! `--between`, `--delta`, `--shard`, `--corridors`, counts and shares, the
//! caps they enforce, and [`ArgError`], what they say when a value is wrong
//! (clap adds which flag).

use corridor::analysis::sweep::evenly_spaced;
use corridor::montecarlo::run::MAX_TRIALS;
use corridor::montecarlo::shard::{MAX_SHARDS, ShardSpec};

/// The values of `--range`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SweepRange(pub(super) Vec<f64>);

/// The values of `--values`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ValuesArg {
    /// All numbers.
    Numbers(Vec<f64>),
    /// Some value is not a number.
    Texts(Vec<String>),
}

/// Most worker threads (`--threads`): beyond this, starting them costs
/// more than they can do on any machine we know.
pub(super) const MAX_THREADS: usize = 1024;

/// Most values a sweep evaluates (`--range` steps, `--values`): each is a
/// full Monte-Carlo run.
pub(super) const MAX_SWEEP_VALUES: usize = 10_000;

/// Why a flag's value is not what it should be (clap adds which flag).
#[derive(Debug, thiserror::Error)]
pub(super) enum ArgError {
    /// A count below 1.
    #[error("must be at least 1")]
    BelowOne,
    /// Not a whole number.
    #[error("expected a whole number")]
    NotWhole,
    /// Not a number.
    #[error("expected numbers separated by commas, e.g. 0,1,2,3")]
    NotNumbers,
    /// NaN or infinite.
    #[error("expected finite numbers")]
    NotFinite,
    /// `--range` not of the form lo:hi:steps.
    #[error("expected lo:hi:steps, e.g. 0:3:13")]
    RangeSyntax,
    /// `--range` with lo ≥ hi or fewer than 2 steps.
    #[error("need lo < hi and at least 2 steps")]
    RangeEmpty,
    /// `--between` not two numbers.
    #[error("expected two numbers A,B")]
    Pair,
    /// `--delta` not a share.
    #[error("expected a share such as 25% or 0.25")]
    Delta,
    /// `--delta` not above zero.
    #[error("must be > 0")]
    NotPositive,
    /// Not a share between 0 and 1.
    #[error("expected a share between 0 and 1, e.g. 0.8")]
    Share,
    /// `--shard` not K/N with 1 ≤ K ≤ N ≤ [`MAX_SHARDS`].
    #[error("expected K/N with 1 ≤ K ≤ N ≤ {MAX_SHARDS}, e.g. 3/8")]
    Shard,
    /// `--trials` above [`MAX_TRIALS`].
    #[error("must be at most {MAX_TRIALS} (10^12)")]
    TooManyTrials,
    /// `--threads` above [`MAX_THREADS`].
    #[error("must be at most {MAX_THREADS}")]
    TooManyThreads,
    /// An empty value among text `--values`.
    #[error("a value is empty (two commas in a row?)")]
    EmptyValue,
    /// `--corridors` not two ids.
    #[error("expected two corridor ids A,B")]
    Corridors,
    /// `--range` steps or `--values` above [`MAX_SWEEP_VALUES`].
    #[error("at most {MAX_SWEEP_VALUES} values per sweep")]
    TooManyValues,
}

/// A number of at least 1 (`--trials`, `--threads`).
pub(super) fn at_least_one<T: std::str::FromStr + PartialOrd + From<u8>>(
    s: &str,
) -> Result<T, ArgError> {
    match s.trim().parse::<T>() {
        Ok(v) if v >= T::from(1) => Ok(v),
        Ok(_) => Err(ArgError::BelowOne),
        Err(_) => Err(ArgError::NotWhole),
    }
}

/// `--trials`: 1 to [`MAX_TRIALS`].
pub(super) fn trials(s: &str) -> Result<u64, ArgError> {
    let v = at_least_one::<u64>(s)?;
    if v > MAX_TRIALS {
        return Err(ArgError::TooManyTrials);
    }
    Ok(v)
}

/// `--threads`: 1 to [`MAX_THREADS`].
pub(super) fn threads(s: &str) -> Result<usize, ArgError> {
    let v = at_least_one::<usize>(s)?;
    if v > MAX_THREADS {
        return Err(ArgError::TooManyThreads);
    }
    Ok(v)
}

/// `--values`: comma-separated (commas inside `[…]` belong to a list
/// value), at most [`MAX_SWEEP_VALUES`]. Finite numbers when every value
/// reads as a number, else text values.
pub(super) fn parse_values(s: &str) -> Result<ValuesArg, ArgError> {
    let parts = split_values(s);
    if parts.len() > MAX_SWEEP_VALUES {
        return Err(ArgError::TooManyValues);
    }
    if parts.iter().all(|p| p.trim().parse::<f64>().is_ok()) {
        return Ok(ValuesArg::Numbers(
            parts.into_iter().map(finite).collect::<Result<_, _>>()?,
        ));
    }
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(ArgError::EmptyValue);
    }
    Ok(ValuesArg::Texts(
        parts.into_iter().map(|p| p.trim().to_string()).collect(),
    ))
}

/// Splits at the commas outside brackets.
pub(super) fn split_values(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `--corridors A,B`: two corridor ids.
pub(super) fn parse_corridors(s: &str) -> Result<(String, String), ArgError> {
    match s.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(ArgError::Corridors),
    }
}

/// A finite number (one of `--values`).
pub(super) fn finite(s: &str) -> Result<f64, ArgError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(ArgError::NotFinite),
        Err(_) => Err(ArgError::NotNumbers),
    }
}

/// `lo:hi:steps` into `steps` evenly spaced values.
pub(super) fn parse_range(s: &str) -> Result<SweepRange, ArgError> {
    let err = || ArgError::RangeSyntax;
    let parts: Vec<&str> = s.split(':').collect();
    let [lo, hi, n] = parts.as_slice() else {
        return Err(err());
    };
    let (lo, hi): (f64, f64) = (
        lo.trim().parse().map_err(|_| err())?,
        hi.trim().parse().map_err(|_| err())?,
    );
    let n: usize = n.trim().parse().map_err(|_| err())?;
    if n < 2 || !lo.is_finite() || !hi.is_finite() || lo >= hi {
        return Err(ArgError::RangeEmpty);
    }
    if n > MAX_SWEEP_VALUES {
        return Err(ArgError::TooManyValues);
    }
    Ok(SweepRange(evenly_spaced(lo, hi, n)))
}

/// `A,B`: two finite numbers.
pub(super) fn parse_pair(s: &str) -> Result<(f64, f64), ArgError> {
    let v: Vec<f64> = s
        .split(',')
        .map(finite)
        .collect::<Result<_, _>>()
        .map_err(|_| ArgError::Pair)?;
    match v.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(ArgError::Pair),
    }
}

/// `25%` or `0.25`.
pub(super) fn parse_delta(s: &str) -> Result<f64, ArgError> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| ArgError::Delta)?;
    if !(v > 0.0 && v.is_finite()) {
        return Err(ArgError::NotPositive);
    }
    Ok(v)
}

/// A share between 0 and 1 (`--min-within`).
pub(super) fn share(s: &str) -> Result<f64, ArgError> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(ArgError::Share),
    }
}

/// `K/N` with 1 ≤ K ≤ N ≤ [`MAX_SHARDS`].
pub(super) fn parse_shard(s: &str) -> Result<ShardSpec, ArgError> {
    let err = || ArgError::Shard;
    let (k, n) = s.split_once('/').ok_or_else(err)?;
    let k: u64 = k.trim().parse().map_err(|_| err())?;
    let n: u64 = n.trim().parse().map_err(|_| err())?;
    if k == 0 || n == 0 || k > n || n > MAX_SHARDS {
        return Err(err());
    }
    Ok(ShardSpec { k, n })
}
