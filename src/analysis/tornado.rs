//! One-at-a-time sensitivity (tornado): each input low and high, its effect
//! on the difference between the best southern and best traditional
//! corridor, ranked by the size of the swing.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::Evaluator;
use crate::network::Category;

/// Parses `25%` or `0.25`.
pub fn parse_delta(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| format!("--delta {s}: expected a share such as 25% or 0.25"))?;
    if !(v > 0.0 && v.is_finite()) {
        return Err(format!("--delta {s}: must be > 0"));
    }
    Ok(v)
}

/// The default inputs: the risk weight of every category some hazard
/// has, every hazard's probability, the value of time and the cargo value.
pub fn default_params(ev: &Evaluator) -> Vec<String> {
    let net = &ev.base().network;
    let mut out = Vec::new();
    for c in Category::ALL {
        if net.hazards.iter().any(|h| h.category == *c) {
            out.push(format!("risk_weights.{}", c.name()));
        }
    }
    out.extend(
        net.hazards
            .iter()
            .map(|h| format!("hazards.{}.probability", h.id)),
    );
    out.push("cargo.value_of_time_usd_per_day".into());
    out.push("cargo.value_usd".into());
    out
}

/// One input's bar.
#[derive(Debug, Clone)]
pub struct Bar {
    pub key: String,
    pub base: f64,
    pub low: f64,
    pub high: f64,
    /// Southern − traditional at the low and high value.
    pub at_low: f64,
    pub at_high: f64,
}

impl Bar {
    /// Size of the effect.
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// The whole tornado.
#[derive(Debug, Clone)]
pub struct Tornado {
    /// Southern − traditional at the base values.
    pub base: f64,
    pub delta: f64,
    /// Largest swing first.
    pub bars: Vec<Bar>,
}

/// Runs the tornado. Probabilities stay within [0, 1]; a zero base value
/// moves by `delta` in absolute terms.
pub fn tornado(ev: &Evaluator, params: &[String], delta: f64) -> Result<Tornado, String> {
    let base = ev
        .eval_base()?
        .difference()
        .ok_or("the scenario needs a southern and a traditional corridor with routes")?;
    let mut bars: Vec<Bar> = params
        .par_iter()
        .map(|key| {
            let v = ev.base_value(key).ok_or_else(|| {
                format!("--params {key}: no base value to vary (tornado takes risk_weights.*, hazards.*.probability, cargo.value_usd, cargo.value_of_time_usd_per_day; use sweep for other keys)")
            })?;
            let (mut low, mut high) = if v == 0.0 { (0.0, delta) } else { (v * (1.0 - delta), v * (1.0 + delta)) };
            low = low.max(0.0);
            if key.ends_with(".probability") {
                high = high.min(1.0);
            }
            let diff = |x: f64| -> Result<f64, String> {
                ev.eval(key, x)?.difference().ok_or_else(|| "a group lost its route".to_string())
            };
            Ok(Bar { key: key.clone(), base: v, low, high, at_low: diff(low)?, at_high: diff(high)? })
        })
        .collect::<Result<_, String>>()?;
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()).then(a.key.cmp(&b.key)));
    Ok(Tornado { base, delta, bars })
}

/// `tornado.csv`.
pub fn to_csv(t: &Tornado) -> String {
    let mut o = String::from("param,base,low,high,difference_at_low,difference_at_high,swing\n");
    for b in &t.bars {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{}",
            b.key,
            b.base,
            b.low,
            b.high,
            b.at_low,
            b.at_high,
            b.swing()
        );
    }
    o
}

/// A table for the terminal.
pub fn to_table(t: &Tornado, metric: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "tornado: best southern − best traditional mean {metric} = {:.1} at base values; each input ±{:.0}%\n",
        t.base,
        t.delta * 100.0
    );
    let _ = writeln!(
        o,
        "{:<45} {:>10} {:>10} {:>10} {:>12} {:>12} {:>10}",
        "input", "base", "low", "high", "diff @ low", "diff @ high", "swing"
    );
    for b in &t.bars {
        let _ = writeln!(
            o,
            "{:<45} {:>10.4} {:>10.4} {:>10.4} {:>12.1} {:>12.1} {:>10.1}",
            b.key,
            b.base,
            b.low,
            b.high,
            b.at_low,
            b.at_high,
            b.swing()
        );
    }
    let _ = writeln!(o, "\nnegative difference: the southern corridor is better.");
    o
}
