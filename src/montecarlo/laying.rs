//! Laying hazards' occurrences on a trial's calendar: each hazard when a
//! route first needs it, and a Poisson hazard's occurrences as the
//! shipments' clocks get there ([`Calendar::lay_to`]), a few days ahead at
//! a time. Laying resumes where it stopped, with the same draws in the
//! same order, so what is laid never depends on when.

use super::calendar::{Calendar, FIRST_ARRIVAL_DRAW, HazardClock, Laying, TimingSim, hazard_unit};
use crate::network::{HOURS_PER_YEAR, month_of_hour};

/// Hours laid ahead at a time when the calendar is extended: a few days,
/// so a journey extends it a few times.
pub const LAY_AHEAD_HOURS: f64 = 240.0;

/// The stretches of `[from, to)` (hours after departure `t0`) in the
/// hazard's months, in order, into `out`.
fn stretches(c: &HazardClock, t0: f64, from: f64, to: f64, out: &mut Vec<(f64, f64)>) {
    if c.all_year {
        out.push((from, to));
        return;
    }
    let mut x = t0 + from;
    let end = t0 + to;
    while x < end {
        let year = (x / HOURS_PER_YEAR).floor();
        let m = month_of_hour(x);
        let month_end = year * HOURS_PER_YEAR
            + f64::from(crate::network::MONTH_START_DAY[m + 1]) * crate::units::HOURS_PER_DAY;
        let next = month_end.min(end).max(x + 1e-9);
        if c.months[m] {
            match out.last_mut() {
                Some(last) if last.1 == x - t0 => last.1 = next - t0,
                _ => out.push((x - t0, next - t0)),
            }
        }
        x = next;
    }
}

/// Lays hazard `h` on the trial's calendar, as far as the calendar is laid
/// ([`Calendar::laid_to`]); `bit` is its closure bit (0 for none). The
/// hazards raising it must be laid already.
pub fn draw_one(clocks: &[HazardClock], h: usize, horizon: f64, bit: u128, cal: &mut Calendar) {
    let c = &clocks[h];
    let key = cal.key;
    cal.spans[h].clear();
    cal.u[h] = hazard_unit(key, h as u32, 0);
    cal.bit[h] = bit;
    match &c.timing {
        TimingSim::Trial { .. } => {}
        TimingSim::Poisson { lookback, .. } => {
            // Starts only in its months: a Poisson process restarted in
            // each stretch of them is still one.
            let mut parts = std::mem::take(&mut cal.parts[h]);
            parts.clear();
            if peak_rate(c) > 0.0 {
                stretches(c, cal.t0, -lookback, horizon, &mut parts);
            }
            cal.parts[h] = parts;
            cal.laying[h] = Laying {
                n: FIRST_ARRIVAL_DRAW,
                ..Laying::default()
            };
            cal.poisson.push(h);
            lay(clocks, h, cal.laid_to, cal);
        }
        TimingSim::Season { from, len } => {
            let first = from - cal.t0;
            for y in [-1.0, 0.0, 1.0] {
                let s = first + y * HOURS_PER_YEAR;
                if s + len > 0.0 && s < horizon {
                    cal.spans[h].push((s, s + len));
                }
            }
        }
        TimingSim::Window { from, to } => cal.spans[h].push((*from, *to)),
    }
    cal.drawn[h] = true;
    mark_live(h, cal);
}

/// A hazard's highest rate: its own, times every raising factor.
fn peak_rate(c: &HazardClock) -> f64 {
    match c.timing {
        TimingSim::Poisson { rate, .. } => {
            rate * c.raised_by.iter().map(|(_, f)| f).product::<f64>()
        }
        _ => 0.0,
    }
}

/// Records that hazard `h` has an occurrence, once it has one.
fn mark_live(h: usize, cal: &mut Calendar) {
    if !cal.live[h] && !cal.spans[h].is_empty() {
        cal.live[h] = true;
        cal.live_bits |= cal.bit[h];
    }
}

/// Lays Poisson hazard `h`'s occurrences that start before `until`.
fn lay(clocks: &[HazardClock], h: usize, until: f64, cal: &mut Calendar) {
    let c = &clocks[h];
    let TimingSim::Poisson { duration, .. } = &c.timing else {
        return;
    };
    let max_factor: f64 = c.raised_by.iter().map(|(_, f)| f).product();
    let peak = peak_rate(c);
    let key = cal.key;
    let mut st = cal.laying[h];
    while let Some(&(a, b)) = cal.parts[h].get(st.k) {
        if !st.begun {
            if a >= until {
                break;
            }
            st.t = a;
            st.begun = true;
        }
        let t = *st
            .pending
            .get_or_insert_with(|| st.t - hazard_unit(key, h as u32, st.n).ln() / peak);
        if t >= b {
            // The draw that overshot starts the next stretch.
            st = Laying {
                k: st.k + 1,
                n: st.n,
                ..Laying::default()
            };
            continue;
        }
        if t >= until {
            break;
        }
        let accept = hazard_unit(key, h as u32, st.n + 1);
        let u_d = hazard_unit(key, h as u32, st.n + 2);
        st.n += 3;
        st.t = t;
        st.pending = None;
        if max_factor > 1.0 && accept * max_factor >= c.factor(clocks, cal, t) {
            continue;
        }
        let d = duration.at(u_d);
        if t + d > 0.0 {
            cal.spans[h].push((t, t + d));
        }
    }
    // Nothing more to lay before the pending start, the next stretch, or
    // ever.
    cal.next[h] = match (st.pending, cal.parts[h].get(st.k)) {
        (Some(t), _) => t,
        (None, Some(&(a, _))) if !st.begun => a,
        (None, Some(_)) => st.t,
        (None, None) => f64::INFINITY,
    };
    cal.laying[h] = st;
    mark_live(h, cal);
}

impl Calendar {
    /// Lays every drawn hazard's occurrences that start before `need`, and
    /// [`LAY_AHEAD_HOURS`] beyond when it lays any (in the order drawn, so a
    /// raising hazard before those it raises).
    #[inline]
    pub fn lay_to(&mut self, clocks: &[HazardClock], need: f64) {
        if need < self.laid_to {
            return;
        }
        let until = need + LAY_AHEAD_HOURS;
        self.laid_to = until;
        let poisson = std::mem::take(&mut self.poisson);
        for &h in &poisson {
            if self.next[h] < until {
                lay(clocks, h, until, self);
            }
        }
        self.poisson = poisson;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Dist;
    use crate::montecarlo::calendar::DepartureSim;
    use crate::montecarlo::draws::Sampler;

    fn poisson(per_year: f64, p50: f64, p90: f64, months: &[usize]) -> HazardClock {
        let duration = Sampler::new(&Dist::LogNormal { p50, p90 });
        let mut m = [months.is_empty(); 12];
        for &x in months {
            m[x] = true;
        }
        HazardClock {
            timing: TimingSim::Poisson {
                rate: per_year / HOURS_PER_YEAR,
                lookback: duration.at(0.999),
                duration,
            },
            months: m,
            raised_by: Vec::new(),
            all_year: months.is_empty(),
        }
    }

    /// Every hazard laid for a trial: all at once, or step by step.
    fn laid(clocks: &[HazardClock], key: u64, step: Option<f64>) -> Vec<Vec<(f64, f64)>> {
        const HORIZON: f64 = 2000.0;
        let departure = DepartureSim {
            from_hour: 0.0,
            span_hours: HOURS_PER_YEAR,
        };
        let mut cal = Calendar::new(clocks.len(), 0);
        cal.begin(&departure, key);
        for h in 0..clocks.len() {
            draw_one(clocks, h, HORIZON, 1 << h, &mut cal);
        }
        match step {
            None => cal.lay_to(clocks, HORIZON),
            Some(dt) => {
                let mut t = -1.0;
                while t <= HORIZON {
                    cal.lay_to(clocks, t);
                    t += dt;
                }
            }
        }
        cal.spans
    }

    #[test]
    fn laying_step_by_step_lays_what_laying_at_once_does() {
        let mut clocks = vec![
            // A long regime that raises the next two.
            poisson(2.0, 600.0, 2000.0, &[]),
            poisson(6.0, 48.0, 200.0, &[]),
            // Winter only: stretches of months.
            poisson(20.0, 24.0, 72.0, &[11, 0, 1, 2]),
        ];
        clocks[1].raised_by = vec![(0, 4.0)];
        clocks[2].raised_by = vec![(0, 3.0)];
        let mut occurrences = 0;
        for key in 0..300u64 {
            let at_once = laid(&clocks, key, None);
            for step in [5.0, 37.0, 400.0] {
                assert_eq!(
                    laid(&clocks, key, Some(step)),
                    at_once,
                    "key {key}, step {step}"
                );
            }
            occurrences += at_once.iter().map(Vec::len).sum::<usize>();
        }
        // Enough occurrences that the comparison means something.
        assert!(occurrences > 1000, "{occurrences} occurrences");
    }

    #[test]
    fn nothing_is_laid_beyond_what_is_needed() {
        let clocks = vec![poisson(50.0, 24.0, 48.0, &[])];
        let mut cal = Calendar::new(1, 0);
        let departure = DepartureSim {
            from_hour: 0.0,
            span_hours: 0.0,
        };
        cal.begin(&departure, 7);
        draw_one(&clocks, 0, 5000.0, 1, &mut cal);
        cal.lay_to(&clocks, 100.0);
        let last = cal.spans[0].last().map_or(f64::NEG_INFINITY, |s| s.0);
        assert!(last < 100.0 + LAY_AHEAD_HOURS, "laid to {last}");
        assert!(cal.laid_to >= 100.0);
    }
}
