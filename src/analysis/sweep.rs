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

/// Bisects between `lo` and `hi` (whose differences have opposite signs)
/// until the interval is narrower than `2 × tol`.
pub fn bisect(
    ev: &Evaluator,
    key: &str,
    mut lo: Point,
    mut hi: Point,
    tol: f64,
) -> Result<BreakEven, AnalysisError> {
    let below = sign(&lo).ok_or(AnalysisError::NoComparison)?;
    for _ in 0..60 {
        if (hi.value - lo.value).abs() <= 2.0 * tol {
            break;
        }
        let mid = ev.eval(key, (lo.value + hi.value) / 2.0)?;
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
    let tol = tol.unwrap_or(((hi - lo) / 1000.0).max(1e-9));
    Ok(Ok(bisect(ev, key, p_lo, p_hi, tol)?))
}
