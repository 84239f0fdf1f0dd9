//! What a trip's published figure says against its trials: where it
//! falls among them (its rank), the chance a network that were exact would
//! meet it as published, and the chance of enough such trips to pass.

use super::Observation;

/// The fewest trips within range of `total` that meet `min_within`.
pub(super) fn needed(min_within: f64, total: usize) -> usize {
    (0..=total)
        .find(|&k| k as f64 / total.max(1) as f64 >= min_within)
        .unwrap_or(total + 1)
}

/// The chance that at least `k` of independent events with the given
/// chances happen (the Poisson-binomial tail, by its recurrence).
pub(super) fn chance_of_at_least(chances: &[f64], k: usize) -> f64 {
    // dist[j]: the chance that exactly j of the events so far happened.
    let mut dist = vec![1.0];
    for &p in chances {
        let mut next = vec![0.0; dist.len() + 1];
        for (j, &d) in dist.iter().enumerate() {
            next[j] += d * (1.0 - p);
            next[j + 1] += d * p;
        }
        dist = next;
    }
    dist.iter().skip(k).sum()
}

/// Where `x` falls under a nondecreasing quantile function: the share
/// below it plus half the share equal to it (found by bisection), so a
/// fixed value ranks ½ against itself. The function is read on
/// [ε, 1 − ε], where an unbounded distribution's quantile is finite.
pub(super) fn rank(quantile: impl Fn(f64) -> f64, x: f64) -> f64 {
    const EPS: f64 = 1e-9;
    // sup { p : pred(quantile(p)) }, for a predicate true at the low end.
    let sup = |pred: &dyn Fn(f64) -> bool| {
        if !pred(quantile(EPS)) {
            return 0.0;
        }
        if pred(quantile(1.0 - EPS)) {
            return 1.0;
        }
        let (mut lo, mut hi) = (EPS, 1.0 - EPS);
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if pred(quantile(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    };
    0.5 * (sup(&|q| q < x) + sup(&|q| q <= x))
}

/// [`Modelled::exact_within`]: over a grid of the model's own quantiles,
/// the share whose published form ([`Observation::allowed_had_it_been`])
/// P10–P90 overlaps.
pub(super) fn exact_within(
    o: &Observation,
    quantile: &dyn Fn(f64) -> f64,
    p10: f64,
    p90: f64,
) -> f64 {
    const CELLS: usize = 1000;
    let within = (0..CELLS)
        .filter(|&i| {
            let (lo, hi) = o.allowed_had_it_been(quantile((i as f64 + 0.5) / CELLS as f64));
            p10 <= hi && p90 >= lo
        })
        .count();
    within as f64 / CELLS as f64
}

#[cfg(test)]
mod tests {
    use super::{chance_of_at_least, needed, rank};

    #[test]
    fn the_chance_of_enough_trips_is_a_poisson_binomial_tail() {
        // Five trips each within with chance 0.8: at least 4 of them with
        // 5 × 0.8⁴ × 0.2 + 0.8⁵.
        let p = chance_of_at_least(&[0.8; 5], needed(0.8, 5));
        assert!((p - 0.73728).abs() < 1e-12, "{p}");
        // Chances that differ: at least one of 0.5 and 0.2 is 1 − 0.5 × 0.8.
        assert!((chance_of_at_least(&[0.5, 0.2], 1) - 0.6).abs() < 1e-12);
        assert_eq!(chance_of_at_least(&[0.9, 0.0], 2), 0.0);
        assert_eq!(chance_of_at_least(&[], 0), 1.0);
        // 80% of 50 is 40; of 49, 40 (39 is 79.6%).
        assert_eq!(needed(0.8, 50), 40);
        assert_eq!(needed(0.8, 49), 40);
        assert_eq!(needed(0.0, 3), 0);
    }

    #[test]
    fn an_exact_length_is_within_its_own_p10_p90_eight_times_in_ten() {
        use super::exact_within;
        use crate::validate::{Observation, TripMetric};
        let o = crate::validate::observations::sample(
            TripMetric::Km,
            3800.0,
            3800.0,
            crate::validate::observations::Bound::Value,
        );
        let uniform = |p: f64| 3000.0 + 1000.0 * p;
        assert!((exact_within(&o, &uniform, 3100.0, 3900.0) - 0.8).abs() < 1e-9);
        // Read to the day, a time is met more often: of trips spread
        // evenly over 0–20 days (P10 2, P90 18), those rounding to 2–18
        // days are within, 1.5 to 18.5 days: 85 in 100.
        let days = Observation {
            metric: TripMetric::Days,
            low: 12.0,
            high: 12.0,
            ..o
        };
        let e = exact_within(&days, &|p: f64| 20.0 * p, 2.0, 18.0);
        assert!((e - 0.85).abs() < 1e-9, "{e}");
    }

    #[test]
    fn a_rank_is_found_by_bisection() {
        let uniform = |p: f64| 100.0 + 50.0 * p;
        assert_eq!(rank(uniform, 90.0), 0.0);
        assert_eq!(rank(uniform, 151.0), 1.0);
        assert!((rank(uniform, 110.0) - 0.2).abs() < 1e-9);
        // An unbounded quantile function (a lognormal length) ranks its
        // own median ½.
        let lognormal = |p: f64| 2300.0 * (0.1 * crate::montecarlo::draws::inverse_normal(p)).exp();
        assert!((rank(lognormal, 2300.0) - 0.5).abs() < 1e-6);
        // A fixed length ranks ½ against itself, 0 or 1 against others.
        assert_eq!(rank(|_| 2300.0, 2300.0), 0.5);
        assert_eq!(rank(|_| 2300.0, 2299.0), 0.0);
        assert_eq!(rank(|_| 2300.0, 2301.0), 1.0);
    }
}
