//! `breakeven.csv`: the answer of `corridor breakeven` as one row, so that
//! a search run in a batch leaves a file to collect, not only a sentence
//! on the terminal.

use serde::Serialize;

use super::error::ReportError;
use crate::analysis::Metric;
use crate::analysis::Pair;
use crate::analysis::sweep::{BreakEven, NoBreakEven};

/// The file's name.
pub const FILE_NAME: &str = "breakeven.csv";

/// What was searched: the parameter, the interval and the compared pair.
pub struct Search<'a> {
    /// The parameter key.
    pub key: &'a str,
    /// One end of the interval.
    pub lo: f64,
    /// The other end.
    pub hi: f64,
    /// The compared corridors (A − B).
    pub pair: &'a Pair,
    /// What was compared.
    pub metric: Metric,
    /// Trials per value.
    pub trials: u64,
    /// Seed of every value's trials.
    pub seed: u64,
}

/// The one row of `breakeven.csv`; the value columns are empty when the
/// interval holds no break-even.
#[derive(Serialize)]
struct Row<'a> {
    param: &'a str,
    lo: f64,
    hi: f64,
    metric: &'a str,
    trials: u64,
    seed: u64,
    corridor_a: &'a str,
    corridor_b: &'a str,
    found: bool,
    value: Option<f64>,
    tolerance: Option<f64>,
    better_below: &'a str,
    better_above: &'a str,
}

/// `breakeven.csv` for a search and its result.
pub fn breakeven_csv(
    s: &Search<'_>,
    result: &Result<BreakEven, NoBreakEven>,
) -> Result<Vec<u8>, ReportError> {
    let (found, value, tolerance, below, above) = match result {
        Ok(b) => (
            true,
            Some(b.value),
            Some(b.tolerance),
            b.better_below.as_str(),
            b.better_above.as_str(),
        ),
        Err(n) => {
            // The corridor better throughout, by id.
            let better = if n.better == n.pair.a.name {
                &n.pair.a.id
            } else {
                &n.pair.b.id
            };
            (false, None, None, better.as_str(), better.as_str())
        }
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(Row {
        param: s.key,
        lo: s.lo,
        hi: s.hi,
        metric: s.metric.name(),
        trials: s.trials,
        seed: s.seed,
        corridor_a: &s.pair.a.id,
        corridor_b: &s.pair.b.id,
        found,
        value,
        tolerance,
        better_below: below,
        better_above: above,
    })?;
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}
