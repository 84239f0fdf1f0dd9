//! Sweeps and break-even points.

use super::error::AnalysisError;
use super::evaluator::Evaluator;
use super::point::Point;
use crate::scenario::Group;

/// `steps` evenly spaced values from `lo` to `hi` (both included).
pub fn evenly_spaced(lo: f64, hi: f64, steps: usize) -> Vec<f64> {
    (0..steps)
        .map(|i| lo + (hi - lo) * i as f64 / (steps - 1).max(1) as f64)
        .collect()
}

/// A point where the best southern and best traditional corridors swap.
#[derive(Debug, Clone)]
pub struct BreakEven {
    /// The parameter value, refined by bisection.
    pub value: f64,
    /// Half-width of the final bisection interval.
    pub tolerance: f64,
    /// The group that is better just below `value`.
    pub better_below: Group,
    /// Name of the best southern corridor there.
    pub southern: String,
    /// Name of the best traditional corridor there.
    pub traditional: String,
}

/// Why an interval holds no break-even: one group stays better.
#[derive(Debug, Clone)]
pub struct NoBreakEven {
    /// The parameter key.
    pub key: String,
    /// The interval searched.
    pub lo: f64,
    /// Its upper end.
    pub hi: f64,
    /// The group better throughout.
    pub better: Group,
    /// Southern − traditional at `lo`.
    pub at_lo: f64,
    /// Southern − traditional at `hi`.
    pub at_hi: f64,
}

/// The result of a sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The parameter key.
    pub key: String,
    /// The network's cargo unit (what costs are per).
    pub cargo_unit: String,
    /// One point per value, in increasing order.
    pub points: Vec<Point>,
    /// Every sign change of the southern − traditional difference.
    pub break_evens: Vec<BreakEven>,
}

fn sign(p: &Point) -> Option<bool> {
    p.difference().map(|d| d < 0.0)
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
    let below = sign(&lo).ok_or(AnalysisError::NoComparison)?;
    let log = spans_orders_of_magnitude(lo.value, hi.value);
    for _ in 0..100 {
        if tol.reached(lo.value, hi.value) {
            break;
        }
        let mid = ev.eval(key, midpoint(lo.value, hi.value, log))?;
        if sign(&mid) == Some(below) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let value = (lo.value + hi.value) / 2.0;
    let at = if sign(&hi).is_some() { &hi } else { &lo };
    let best = |g| at.best_of(g).map_or(String::new(), |c| c.name.clone());
    Ok(BreakEven {
        value,
        tolerance: (hi.value - lo.value).abs() / 2.0,
        better_below: if below {
            Group::Southern
        } else {
            Group::Traditional
        },
        southern: best(Group::Southern),
        traditional: best(Group::Traditional),
    })
}

/// Runs a sweep and refines every sign change of the southern −
/// traditional difference to `tol` (default: 1/1000 of the swept range).
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
    let mut break_evens = Vec::new();
    for w in points.windows(2) {
        if let (Some(a), Some(b)) = (sign(&w[0]), sign(&w[1]))
            && a != b
        {
            let tol = Tolerance::Absolute(tol);
            break_evens.push(bisect(ev, key, w[0].clone(), w[1].clone(), tol)?);
        }
    }
    Ok(Sweep {
        key: key.to_string(),
        cargo_unit: ev.base().network.cargo_unit.clone(),
        points,
        break_evens,
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
    let (Some(at_lo), Some(at_hi)) = (p_lo.difference(), p_hi.difference()) else {
        return Err(AnalysisError::NoComparison);
    };
    if (at_lo < 0.0) == (at_hi < 0.0) {
        return Ok(Err(NoBreakEven {
            key: key.to_string(),
            lo,
            hi,
            better: if at_lo < 0.0 {
                Group::Southern
            } else {
                Group::Traditional
            },
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
