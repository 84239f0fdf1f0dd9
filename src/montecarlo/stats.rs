//! Mergeable statistics. Every accumulator is integer-valued — counts,
//! HdrHistogram buckets (2 significant digits: ≤ 1% relative error on
//! quantiles), and sums in fixed point — so merging is exactly associative
//! and commutative: any thread count or shard split gives bit-identical
//! results. Memory does not grow with the number of trials.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Fixed-point scale of sums: 2^-16 resolution.
const SCALE: f64 = 65536.0;
/// Histogram resolution: values are recorded in hundredths.
const HIST_SCALE: f64 = 100.0;

/// Distribution of one metric (hours, USD, …) over trials.
#[derive(Debug, Clone)]
pub struct Metric {
    hist: Histogram<u64>,
    /// Σ x, fixed point.
    sum: i128,
    /// Σ x², fixed point.
    sum_sq: i128,
}

impl Default for Metric {
    fn default() -> Self {
        Metric {
            hist: Histogram::new(2).expect("2 significant digits is valid"),
            sum: 0,
            sum_sq: 0,
        }
    }
}

fn fixed(x: f64) -> i128 {
    round_half_away(x * SCALE)
}

/// `y.round() as i128` (halves away from zero) without the library calls
/// that `round` and a float-to-`i128` cast compile to: exact through the
/// `i64` range, where every fraction is representable.
#[inline]
fn round_half_away(y: f64) -> i128 {
    // 2^62: y and its integer part are both exact as f64 and as i64.
    if y.abs() < 4.611_686_018_427_388e18 {
        let t = y as i64;
        let frac = y - t as f64;
        i128::from(t + i64::from(frac >= 0.5) - i64::from(frac <= -0.5))
    } else {
        y.round() as i128
    }
}

impl Metric {
    /// Records one value (≥ 0).
    #[inline]
    pub fn record(&mut self, x: f64) {
        let x = x.max(0.0);
        self.sum += fixed(x);
        self.sum_sq += fixed(x * x);
        let v = (round_half_away(x * HIST_SCALE).clamp(1, i128::from(u64::MAX))) as u64;
        self.hist.record(v).expect("auto-resizing histogram");
    }

    /// Adds another metric's observations. Sums saturate rather than wrap
    /// (they never reach the limit in a run of finite values).
    pub fn merge(&mut self, other: &Metric) {
        self.sum = self.sum.saturating_add(other.sum);
        self.sum_sq = self.sum_sq.saturating_add(other.sum_sq);
        self.hist.add(&other.hist).expect("auto-resizing histogram");
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.hist.len()
    }

    /// Mean (0 if empty).
    pub fn mean(&self) -> f64 {
        let n = self.count();
        if n == 0 {
            0.0
        } else {
            self.sum as f64 / SCALE / n as f64
        }
    }

    /// Sample standard deviation (0 if fewer than two observations).
    pub fn sd(&self) -> f64 {
        let n = self.count() as f64;
        if n < 2.0 {
            return 0.0;
        }
        let mean = self.sum as f64 / SCALE / n;
        let var = (self.sum_sq as f64 / SCALE - n * mean * mean) / (n - 1.0);
        var.max(0.0).sqrt()
    }

    /// Quantile `q` in [0, 1].
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count() == 0 {
            return 0.0;
        }
        self.hist.value_at_quantile(q) as f64 / HIST_SCALE
    }

    /// Where `x` falls in the distribution: the share of observations
    /// below it plus half the share equal to it (to the histogram's
    /// resolution), so a value every trial equals ranks ½. 0 if empty.
    pub fn rank(&self, x: f64) -> f64 {
        if self.count() == 0 || x < 0.0 {
            return 0.0;
        }
        let v = round_half_away(x * HIST_SCALE).clamp(0, i128::from(u64::MAX)) as u64;
        let at_most = self.hist.quantile_below(v);
        let low = self.hist.lowest_equivalent(v);
        let below = if low == 0 {
            0.0
        } else {
            self.hist.quantile_below(low - 1)
        };
        0.5 * (below + at_most)
    }

    /// Conditional value at risk: the mean of the worst `1 - q` share
    /// (from the histogram's buckets).
    pub fn cvar(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return 0.0;
        }
        let tail = ((1.0 - q) * n as f64).max(1.0);
        let mut need = tail;
        let mut total = 0.0;
        let buckets: Vec<(f64, f64)> = self
            .hist
            .iter_recorded()
            .map(|v| {
                (
                    self.hist.median_equivalent(v.value_iterated_to()) as f64 / HIST_SCALE,
                    v.count_at_value() as f64,
                )
            })
            .collect();
        for (value, count) in buckets.into_iter().rev() {
            let take = count.min(need);
            total += take * value;
            need -= take;
            if need <= 0.0 {
                break;
            }
        }
        total / tail
    }

    /// The mergeable state, for shard files.
    pub fn to_state(&self) -> MetricState {
        MetricState {
            sum: self.sum.to_string(),
            sum_sq: self.sum_sq.to_string(),
            buckets: self
                .hist
                .iter_recorded()
                .map(|v| (v.value_iterated_to(), v.count_at_value()))
                .collect(),
        }
    }

    /// Rebuilds a metric from its state, checking that the sums are what
    /// its histogram's values can add up to.
    pub fn from_state(s: &MetricState) -> Result<Metric, StateError> {
        let bad_sum = |field: &'static str| move |e| StateError::BadSum { field, source: e };
        let mut m = Metric {
            sum: s.sum.parse().map_err(bad_sum("sum"))?,
            sum_sq: s.sum_sq.parse().map_err(bad_sum("sum_sq"))?,
            ..Metric::default()
        };
        for &(v, c) in &s.buckets {
            m.hist
                .record_n(v, c)
                .map_err(|e| StateError::BadBucket(format!("{e:?}")))?;
        }
        m.check_sums()?;
        Ok(m)
    }

    /// Every recorded x is ≥ 0 and at most (v + ½) / [`HIST_SCALE`] for
    /// the largest bucket value v, and each fixed-point term rounds by at
    /// most ½; so 0 ≤ Σx ≤ n·max and 0 ≤ Σx² ≤ n·max² (with a hair of
    /// slack for the float arithmetic of the bound itself).
    fn check_sums(&self) -> Result<(), StateError> {
        let n = self.count() as f64;
        let top = if self.count() == 0 {
            0.0
        } else {
            (self.hist.highest_equivalent(self.hist.max()) as f64 + 0.5) / HIST_SCALE
        };
        let bound = |per_value: f64| n * (per_value * SCALE + 0.5) * (1.0 + 1e-9) + 1.0;
        for (field, sum, per_value) in [("sum", self.sum, top), ("sum_sq", self.sum_sq, top * top)]
        {
            if sum < 0 || sum as f64 > bound(per_value) {
                return Err(StateError::SumOutOfRange { field });
            }
        }
        Ok(())
    }
}

/// Why a saved accumulator state (a shard file's payload) cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// A fixed-point sum is not a decimal integer.
    #[error("bad {field}: {source}")]
    BadSum {
        /// Which sum.
        field: &'static str,
        /// Why it does not parse.
        source: std::num::ParseIntError,
    },
    /// A histogram bucket cannot be recorded.
    #[error("bad bucket: {0}")]
    BadBucket(String),
    /// A sum is negative, or larger than its histogram's values allow.
    #[error("{field} does not match the histogram (edited or damaged)")]
    SumOutOfRange {
        /// Which sum.
        field: &'static str,
    },
    /// The per-corridor arrays disagree in length.
    #[error("inconsistent corridor counts")]
    InconsistentCounts,
}

/// Serialized [`Metric`]: fixed-point sums as decimal strings (they exceed
/// JSON's safe integers) and (bucket value, count) pairs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MetricState {
    /// Fixed-point sum, as a decimal integer.
    pub sum: String,
    /// Fixed-point sum of squares, as a decimal integer.
    pub sum_sq: String,
    /// Histogram buckets: (value, count).
    pub buckets: Vec<(u64, u64)>,
}

/// Sum of a quantity over trials, in fixed point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FixedSum(#[serde(with = "i128_str")] pub i128);

impl FixedSum {
    /// Adds a value.
    #[inline]
    pub fn add(&mut self, x: f64) {
        // Most parts of most trials are 0: skip the conversion.
        if x != 0.0 {
            self.0 += fixed(x);
        }
    }
    /// Adds another sum (saturating, like [`Metric::merge`]).
    #[inline]
    pub fn merge(&mut self, other: FixedSum) {
        self.0 = self.0.saturating_add(other.0);
    }
    /// The sum as a float.
    pub fn value(&self) -> f64 {
        self.0 as f64 / SCALE
    }
}

mod i128_str {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// 95% Wilson score interval of a proportion.
pub fn wilson(successes: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let n = n as f64;
    let p = successes as f64 / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_ranks_at_the_quantile_it_sits_at() {
        let mut m = Metric::default();
        for i in 1..=100 {
            m.record(f64::from(i));
        }
        assert_eq!(m.rank(0.5), 0.0);
        // 10 is one of 100: 9 below it, half of itself.
        assert!((m.rank(10.0) - 0.095).abs() < 1e-12, "{}", m.rank(10.0));
        assert!((m.rank(90.0) - 0.895).abs() < 1e-12, "{}", m.rank(90.0));
        assert_eq!(m.rank(1e6), 1.0);
        assert_eq!(Metric::default().rank(5.0), 0.0);
        let mut one = Metric::default();
        for _ in 0..10 {
            one.record(7.0);
        }
        assert_eq!(one.rank(7.0), 0.5);
    }

    #[test]
    fn fast_rounding_is_round_half_away_from_zero() {
        let mut xs = vec![
            0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.499_999_999_999_999_94,
            4503599627370495.5,
            9.2e18,
            -9.3e18,
            1e30,
            f64::MAX,
            f64::MIN_POSITIVE,
        ];
        xs.extend((0..10_000).map(|i| (i as f64 * 0.731).sin() * 10f64.powi(i % 19)));
        for x in xs {
            assert_eq!(round_half_away(x), x.round() as i128, "{x}");
        }
    }

    #[test]
    fn merge_is_order_independent() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| (i as f64 * 0.37).sin().abs() * 1e4 + 0.1)
            .collect();
        let mut whole = Metric::default();
        xs.iter().for_each(|&x| whole.record(x));
        let mut a = Metric::default();
        let mut b = Metric::default();
        xs[..333].iter().for_each(|&x| a.record(x));
        xs[333..].iter().for_each(|&x| b.record(x));
        b.merge(&a);
        assert_eq!(whole.to_state(), b.to_state());
        assert_eq!(whole.mean().to_bits(), b.mean().to_bits());
        let round = Metric::from_state(&whole.to_state()).unwrap();
        assert_eq!(round.to_state(), whole.to_state());
    }

    #[test]
    fn moments_and_quantiles() {
        let mut m = Metric::default();
        for i in 1..=10_000 {
            m.record(i as f64);
        }
        assert!((m.mean() - 5000.5).abs() < 1e-6);
        assert!((m.sd() - 2886.896).abs() < 0.01);
        assert!((m.quantile(0.5) / 5000.0 - 1.0).abs() < 0.01);
        assert!((m.quantile(0.9) / 9000.0 - 1.0).abs() < 0.01);
        // Mean of the top 5%: 9500.5..10000 → ≈ 9750.
        assert!(
            (m.cvar(0.95) / 9750.5 - 1.0).abs() < 0.01,
            "{}",
            m.cvar(0.95)
        );
    }

    #[test]
    fn wilson_contains_p() {
        let (lo, hi) = wilson(50, 100);
        assert!(lo < 0.5 && hi > 0.5 && hi - lo < 0.2);
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }
}
