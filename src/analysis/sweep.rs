//! Sweeps and break-even points.

use rayon::prelude::*;

use super::error::AnalysisError;
use super::evaluator::Evaluator;
use super::pair::Pair;
use super::point::Point;

/// `steps` evenly spaced values from `lo` to `hi` (both included).
pub fn evenly_spaced(lo: f64, hi: f64, steps: usize) -> Vec<f64> {
    (0..steps)
        .map(|i| lo + (hi - lo) * i as f64 / (steps - 1).max(1) as f64)
        .collect()
}

/// A point where the two compared corridors swap.
#[derive(Debug, Clone)]
pub struct BreakEven {
    /// The parameter value, refined by bisection.
    pub value: f64,
    /// Half-width of the final bisection interval.
    pub tolerance: f64,
    /// Id of the corridor better just below `value`.
    pub better_below: String,
    /// Its name.
    pub below_name: String,
    /// Id of the corridor better just above `value`.
    pub better_above: String,
    /// Its name.
    pub above_name: String,
}

/// Why an interval holds no break-even: one corridor stays better.
#[derive(Debug, Clone)]
pub struct NoBreakEven {
    /// The parameter key.
    pub key: String,
    /// The compared corridors.
    pub pair: Pair,
    /// The interval searched.
    pub lo: f64,
    /// Its upper end.
    pub hi: f64,
    /// Name of the corridor better throughout.
    pub better: String,
    /// A − B at `lo`.
    pub at_lo: f64,
    /// A − B at `hi`.
    pub at_hi: f64,
}

/// The result of a sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The parameter key.
    pub key: String,
    /// The network's cargo unit (what costs are per).
    pub cargo_unit: String,
    /// The compared corridors.
    pub pair: Pair,
    /// One point per value: numbers in increasing order, text values in
    /// the order given.
    pub points: Vec<Point>,
    /// Every sign change of the A − B difference (numbers only: text
    /// values are not bisected).
    pub break_evens: Vec<BreakEven>,
}

impl Sweep {
    /// Whether the values are text (categorical), not numbers.
    pub fn is_text(&self) -> bool {
        self.points.iter().any(|p| p.text.is_some())
    }
}

/// Whether A is better than B at `p`.
fn sign(pair: &Pair, p: &Point) -> Option<bool> {
    pair.difference(p).map(|d| d < 0.0)
}

/// How narrow a bisection's final interval must be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// Half-width at most this.
    Absolute(f64),
    /// Half-width at most this share of the value (of 1 for values below
    /// 1): for intervals that span orders of magnitude.
    Relative(f64),
}

impl Tolerance {
    fn reached(self, lo: f64, hi: f64) -> bool {
        let half = (hi - lo).abs() / 2.0;
        match self {
            Tolerance::Absolute(t) => half <= t,
            Tolerance::Relative(r) => half <= r * hi.abs().max(lo.abs()).max(1.0),
        }
    }
}

/// An interval spans orders of magnitude (both ends ≥ 0, the upper one at
/// least this many times the lower one, or 1): its midpoint is taken in
/// log space, else a break-even at 521 in [0, 1e9] would take 20 halvings
/// to be seen at all.
const LOG_SPAN: f64 = 1e3;

/// Whether `[lo, hi]` is searched in log space.
pub fn spans_orders_of_magnitude(lo: f64, hi: f64) -> bool {
    lo >= 0.0 && hi >= LOG_SPAN * lo.max(1.0)
}

/// The next value to try: the geometric mean (with the lower end taken as
/// at least 1) while the ends are far apart in log space, else the
/// arithmetic mean.
fn midpoint(lo: f64, hi: f64, log: bool) -> f64 {
    if log && hi > 4.0 * lo.max(1.0) {
        (lo.max(1.0) * hi).sqrt()
    } else {
        (lo + hi) / 2.0
    }
}

/// Bisects between `lo` and `hi` (whose differences have opposite signs)
/// until the interval is within `tol`; in log space when the interval
/// spans orders of magnitude ([`spans_orders_of_magnitude`]).
pub fn bisect(
    ev: &Evaluator,
    key: &str,
    mut lo: Point,
    mut hi: Point,
    tol: Tolerance,
) -> Result<BreakEven, AnalysisError> {
    let pair = ev.pair()?;
    let below = sign(pair, &lo).ok_or(AnalysisError::RouteLost)?;
    let log = spans_orders_of_magnitude(lo.value, hi.value);
    for _ in 0..100 {
        if tol.reached(lo.value, hi.value) {
            break;
        }
        let mid = ev.eval(key, midpoint(lo.value, hi.value, log))?;
        if sign(pair, &mid) == Some(below) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (first, second) = if below {
        (&pair.a, &pair.b)
    } else {
        (&pair.b, &pair.a)
    };
    Ok(BreakEven {
        value: (lo.value + hi.value) / 2.0,
        tolerance: (hi.value - lo.value).abs() / 2.0,
        better_below: first.id.clone(),
        below_name: first.name.clone(),
        better_above: second.id.clone(),
        above_name: second.name.clone(),
    })
}

/// Runs a sweep and refines every sign change of the A − B difference to
/// `tol` (default: 1/1000 of the swept range).
pub fn sweep(
    ev: &Evaluator,
    key: &str,
    values: &[f64],
    tol: Option<f64>,
) -> Result<Sweep, AnalysisError> {
    let mut values = values.to_vec();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let points = ev.eval_all(key, &values)?;
    let span = values.last().unwrap_or(&0.0) - values.first().unwrap_or(&0.0);
    let tol = tol.unwrap_or((span / 1000.0).max(1e-9));
    let pair = ev.pair()?;
    let mut break_evens = Vec::new();
    for w in points.windows(2) {
        if let (Some(a), Some(b)) = (sign(pair, &w[0]), sign(pair, &w[1]))
            && a != b
        {
            let tol = Tolerance::Absolute(tol);
            break_evens.push(bisect(ev, key, w[0].clone(), w[1].clone(), tol)?);
        }
    }
    Ok(Sweep {
        key: key.to_string(),
        cargo_unit: ev.base().network.cargo_unit.clone(),
        pair: pair.clone(),
        points,
        break_evens,
    })
}

/// A sweep over values that are not numbers (`destination`, corridor
/// modes), in the order given: each value is simulated, none is bisected.
pub fn sweep_texts(ev: &Evaluator, key: &str, values: &[String]) -> Result<Sweep, AnalysisError> {
    let mut seen = std::collections::HashSet::new();
    let values: Vec<&String> = values.iter().filter(|v| seen.insert(*v)).collect();
    let points = values
        .par_iter()
        .enumerate()
        .map(|(i, v)| ev.eval_text(key, i, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Sweep {
        key: key.to_string(),
        cargo_unit: ev.base().network.cargo_unit.clone(),
        pair: ev.pair()?.clone(),
        points,
        break_evens: Vec::new(),
    })
}

/// `corridor breakeven`: the break-even between `a` and `b`, or why there
/// is none.
pub fn breakeven(
    ev: &Evaluator,
    key: &str,
    a: f64,
    b: f64,
    tol: Option<f64>,
) -> Result<Result<BreakEven, NoBreakEven>, AnalysisError> {
    let (lo, hi) = (a.min(b), a.max(b));
    let pts = ev.eval_all(key, &[lo, hi])?;
    let (p_lo, p_hi) = (pts[0].clone(), pts[1].clone());
    let pair = ev.pair()?;
    let (Some(at_lo), Some(at_hi)) = (pair.difference(&p_lo), pair.difference(&p_hi)) else {
        return Err(AnalysisError::RouteLost);
    };
    if (at_lo < 0.0) == (at_hi < 0.0) {
        let better = if at_lo < 0.0 { &pair.a } else { &pair.b };
        return Ok(Err(NoBreakEven {
            key: key.to_string(),
            pair: pair.clone(),
            lo,
            hi,
            better: better.name.clone(),
            at_lo,
            at_hi,
        }));
    }
    // By default 1/1000 of the interval, or of the value found when the
    // interval spans orders of magnitude.
    let tol = match tol {
        Some(t) => Tolerance::Absolute(t),
        None if spans_orders_of_magnitude(lo, hi) => Tolerance::Relative(1e-3),
        None => Tolerance::Absolute(((hi - lo) / 1000.0).max(1e-9)),
    };
    Ok(Ok(bisect(ev, key, p_lo, p_hi, tol)?))
}
