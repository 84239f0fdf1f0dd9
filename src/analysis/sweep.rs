//! Sweeps and break-even points.

use std::fmt::Write as _;

use super::{Evaluator, Point};
use crate::scenario::Group;

/// Parses `--values a,b,c`.
pub fn parse_values(s: &str) -> Result<Vec<f64>, String> {
    let v: Result<Vec<f64>, _> = s.split(',').map(|x| x.trim().parse::<f64>()).collect();
    let v =
        v.map_err(|_| format!("--values {s}: expected numbers separated by commas, e.g. 0,1,2,3"))?;
    if v.is_empty() || v.iter().any(|x| !x.is_finite()) {
        return Err(format!("--values {s}: expected finite numbers"));
    }
    Ok(v)
}

/// Parses `--range lo:hi:steps` into `steps` evenly spaced values.
pub fn parse_range(s: &str) -> Result<Vec<f64>, String> {
    let err = || format!("--range {s}: expected lo:hi:steps, e.g. 0:3:13");
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
        return Err(format!("--range {s}: need lo < hi and at least 2 steps"));
    }
    Ok((0..n)
        .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
        .collect())
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
    /// Names of the best southern and traditional corridors there.
    pub southern: String,
    pub traditional: String,
}

/// The result of a sweep.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub key: String,
    pub points: Vec<Point>,
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
) -> Result<BreakEven, String> {
    let below =
        sign(&lo).ok_or("the scenario needs a southern and a traditional corridor with routes")?;
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
    Ok(BreakEven {
        value,
        tolerance: (hi.value - lo.value).abs() / 2.0,
        better_below: if below {
            Group::Southern
        } else {
            Group::Traditional
        },
        southern: at
            .best_of(Group::Southern)
            .map_or(String::new(), |c| c.name.clone()),
        traditional: at
            .best_of(Group::Traditional)
            .map_or(String::new(), |c| c.name.clone()),
    })
}

/// Runs a sweep and refines every sign change of the southern −
/// traditional difference to `tol` (default: 1/1000 of the swept range).
pub fn sweep(ev: &Evaluator, key: &str, values: &[f64], tol: Option<f64>) -> Result<Sweep, String> {
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
) -> Result<Result<BreakEven, String>, String> {
    let (lo, hi) = (a.min(b), a.max(b));
    let pts = ev.eval_all(key, &[lo, hi])?;
    let (p_lo, p_hi) = (pts[0].clone(), pts[1].clone());
    let (Some(d_lo), Some(d_hi)) = (p_lo.difference(), p_hi.difference()) else {
        return Err("the scenario needs a southern and a traditional corridor with routes".into());
    };
    if (d_lo < 0.0) == (d_hi < 0.0) {
        let who = if d_lo < 0.0 {
            "southern"
        } else {
            "traditional"
        };
        return Ok(Err(format!(
            "no break-even for {key} in [{lo}, {hi}]: the best {who} corridor stays better throughout (southern − traditional: {d_lo:.0} at {lo}, {d_hi:.0} at {hi})"
        )));
    }
    Ok(Ok(bisect(
        ev,
        key,
        p_lo,
        p_hi,
        tol.unwrap_or(((hi - lo) / 1000.0).max(1e-9)),
    )?))
}

/// One sentence about a break-even.
pub fn describe(key: &str, b: &BreakEven) -> String {
    let (better, other, name, other_name) = match b.better_below {
        Group::Southern => ("southern", "traditional", &b.southern, &b.traditional),
        _ => ("traditional", "southern", &b.traditional, &b.southern),
    };
    format!(
        "the best {better} corridor ({name}) stays better until {key} = {:.4} (± {:.1e}); above it the best {other} corridor ({other_name}) is better",
        b.value, b.tolerance
    )
}

/// `sweep_<param>.csv`: one row per value and corridor.
pub fn to_csv(s: &Sweep) -> String {
    let mut o = String::from("value,corridor,group,reached,mean,p10,p50,p90,free_choice_share\n");
    for p in &s.points {
        for (i, c) in p.corridors.iter().enumerate() {
            let _ = writeln!(
                o,
                "{},{},{},{},{},{},{},{},{}",
                p.value,
                c.id,
                c.group.name(),
                c.reached,
                c.mean,
                c.p10,
                c.p50,
                c.p90,
                p.free_shares[i]
            );
        }
        let _ = writeln!(
            o,
            "{},other,other,,,,,,{}",
            p.value,
            p.free_shares[p.corridors.len()]
        );
    }
    o
}

/// A table for the terminal.
pub fn to_table(s: &Sweep, metric: &str) -> String {
    let mut o = String::new();
    let Some(first) = s.points.first() else {
        return o;
    };
    let _ = writeln!(
        o,
        "sweep of {} — mean {metric} per corridor (free-choice share in brackets)",
        s.key
    );
    let _ = write!(o, "{:>10}", s.key.rsplit('.').next().unwrap_or(&s.key));
    for c in &first.corridors {
        let short: String = c.name.chars().take(22).collect();
        let _ = write!(o, "  {short:>28}");
    }
    let _ = writeln!(o);
    for p in &s.points {
        let _ = write!(o, "{:>10.4}", p.value);
        for (i, c) in p.corridors.iter().enumerate() {
            let cell = if c.reached > 0.0 {
                format!("{:.1} [{:.0}%]", c.mean, 100.0 * p.free_shares[i])
            } else {
                "no route".into()
            };
            let _ = write!(o, "  {cell:>28}");
        }
        let _ = writeln!(o);
    }
    if s.break_evens.is_empty() {
        let _ = writeln!(
            o,
            "\nno break-even between the best southern and best traditional corridor in the swept range"
        );
    }
    for b in &s.break_evens {
        let _ = writeln!(o, "\nbreak-even: {}", describe(&s.key, b));
    }
    o
}
