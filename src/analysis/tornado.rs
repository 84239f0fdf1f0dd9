//! One-at-a-time sensitivity (tornado): each input low and high, its effect
//! on the difference between the two compared corridors ([`Pair`]), ranked
//! by the size of the swing.

use rayon::prelude::*;

use super::error::AnalysisError;
use super::evaluator::Evaluator;
use super::pair::Pair;
use crate::scenario::param_list;
use crate::scenario::params::ParamKey;

/// The default inputs: the risk weight of every category some hazard
/// has, every hazard's probability, the value of time and the cargo value
/// (taken from [`param_list::list`], in its order).
pub fn default_params(ev: &Evaluator) -> Vec<String> {
    let net = &ev.base().network;
    param_list::list(ev.base())
        .into_iter()
        .filter(|p| match &p.key {
            ParamKey::RiskWeight(c) => net.hazards.iter().any(|h| h.category.name() == c),
            ParamKey::Hazard { .. } | ParamKey::ValueOfTime | ParamKey::CargoValue => p.in_memory,
            _ => false,
        })
        .map(|p| p.key.name())
        .collect()
}

/// One input's bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The parameter key.
    pub key: String,
    /// Its value in the scenario.
    pub base: f64,
    /// The low value tried.
    pub low: f64,
    /// The high value tried.
    pub high: f64,
    /// A − B at the low value.
    pub at_low: f64,
    /// A − B at the high value.
    pub at_high: f64,
}

impl Bar {
    /// Size of the effect.
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }

    /// The flip point: the input value at which A − B reaches zero,
    /// interpolated linearly between the base (where A − B is `base`)
    /// and the low or high value that changes its sign; `None` if
    /// neither does.
    pub fn flip_at(&self, base: f64) -> Option<f64> {
        [(self.low, self.at_low), (self.high, self.at_high)]
            .into_iter()
            .find(|&(_, at)| at == 0.0 || at.signum() != base.signum())
            .map(|(input, at)| {
                if at == base {
                    input
                } else {
                    self.base + (input - self.base) * base / (base - at)
                }
            })
    }
}

/// The whole tornado.
#[derive(Debug, Clone)]
pub struct Tornado {
    /// The compared corridors.
    pub pair: Pair,
    /// A − B at the base values.
    pub base: f64,
    /// Relative change of every input.
    pub delta: f64,
    /// Largest swing first.
    pub bars: Vec<Bar>,
}

/// One input low and high.
fn bar(ev: &Evaluator, key: &str, delta: f64) -> Result<Bar, AnalysisError> {
    ParamKey::parse(key).check(ev.base())?;
    let v = ev
        .base_value(key)
        .ok_or_else(|| AnalysisError::NoBaseValue {
            key: key.to_string(),
        })?;
    let (mut low, mut high) = if v == 0.0 {
        (0.0, delta)
    } else {
        (v * (1.0 - delta), v * (1.0 + delta))
    };
    low = low.max(0.0);
    if key.ends_with(".probability") {
        high = high.min(1.0);
    }
    let pair = ev.pair()?;
    let diff = |x: f64| -> Result<f64, AnalysisError> {
        pair.difference(&ev.eval(key, x)?)
            .ok_or(AnalysisError::RouteLost)
    };
    Ok(Bar {
        key: key.to_string(),
        base: v,
        low,
        high,
        at_low: diff(low)?,
        at_high: diff(high)?,
    })
}

/// Runs the tornado. Probabilities stay within [0, 1]; a zero base value
/// moves by `delta` in absolute terms.
pub fn tornado(ev: &Evaluator, params: &[String], delta: f64) -> Result<Tornado, AnalysisError> {
    let pair = ev.pair()?.clone();
    let base = pair
        .difference(&ev.eval_base()?)
        .ok_or(AnalysisError::NoComparison)?;
    let mut bars: Vec<Bar> = params
        .par_iter()
        .map(|key| bar(ev, key, delta))
        .collect::<Result<_, _>>()?;
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()).then(a.key.cmp(&b.key)));
    Ok(Tornado {
        pair,
        base,
        delta,
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::Bar;

    fn bar(at_low: f64, at_high: f64) -> Bar {
        Bar {
            key: "k".into(),
            base: 2.0,
            low: 1.5,
            high: 2.5,
            at_low,
            at_high,
        }
    }

    #[test]
    fn the_flip_point_is_where_the_line_through_base_and_the_far_end_crosses_zero() {
        // Base A − B = −100 at input 2; +100 at input 2.5: zero at 2.25.
        assert_eq!(bar(-300.0, 100.0).flip_at(-100.0), Some(2.25));
        // −100 at 2, +300 at 1.5: zero at 2 − 0.5 × 100/400 = 1.875.
        assert_eq!(bar(300.0, -150.0).flip_at(-100.0), Some(1.875));
        // No sign change: no flip.
        assert_eq!(bar(-300.0, -50.0).flip_at(-100.0), None);
    }
}
