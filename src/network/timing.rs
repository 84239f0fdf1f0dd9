//! Checking when a hazard is in effect: exactly one timing (`probability`,
//! `per_year` with `duration`, or a `season`), its months and its notice;
//! and the `"MM-DD"` dates and seasons that scenarios read too.

use super::limits::Quantity;
use super::load::Checker;
use super::raw::{Element, RawHazard};
use super::*;
use crate::diag::{Diag, Loc};

impl Checker<'_> {
    /// How the hazard is laid on the calendar: exactly one of
    /// `probability`, `per_year` (with `duration`) and `season`; with the
    /// written probability (0 until derived for the other timings).
    pub(super) fn timing(
        &mut self,
        el: &Element<RawHazard>,
        p: &str,
        kinds: &[EffectKind],
    ) -> Option<(Timing, f64)> {
        let r = &el.raw;
        let given = [
            r.probability.is_some(),
            r.per_year.is_some(),
            r.season.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            self.push(Diag::in_file(
                el.file,
                Some(el.span.clone()),
                p.to_string(),
                "give exactly one of `probability` (share of time in effect), `per_year` \
                 (with `duration`) or `season = [\"MM-DD\", \"MM-DD\"]`",
            ));
            return None;
        }
        if let Some(pr) = &r.probability {
            let ok = pr.value.is_finite() && (0.0..=1.0).contains(&pr.value);
            if !ok {
                self.push(Diag::at(
                    pr,
                    format!("{p}.probability"),
                    format!("must be between 0 and 1, got {}", pr.value),
                ));
            }
            return ok.then_some((Timing::Probability, pr.value));
        }
        if let Some(py) = &r.per_year {
            let ok = py.value.is_finite() && py.value >= 0.0 && py.value <= 365.0 * 24.0;
            if !ok {
                self.push(Diag::at(
                    py,
                    format!("{p}.per_year"),
                    format!("must be a rate between 0 and 8760 a year, got {}", py.value),
                ));
            }
            let d = self.required(el, p, "duration", &r.duration)?;
            let duration = self.dist(&format!("{p}.duration"), d, Quantity::Hours)?;
            return ok.then_some((
                Timing::Rate {
                    per_year: py.value,
                    duration,
                },
                0.0,
            ));
        }
        self.season(p, r, kinds)
    }

    /// `season = ["MM-DD", "MM-DD"]`: in effect every year in that window.
    pub(super) fn season(
        &mut self,
        p: &str,
        r: &RawHazard,
        kinds: &[EffectKind],
    ) -> Option<(Timing, f64)> {
        let season = r.season.as_ref().expect("one was given");
        if kinds.contains(&EffectKind::Close)
            && let Some(d) = &r.duration
        {
            self.push(Diag::at(
                d,
                format!("{p}.duration"),
                "a seasonal closure lasts its season: drop `duration`",
            ));
            return None;
        }
        let (from_hour, to_hour) = season_hours(&format!("{p}.season"), season, self.diags)?;
        Some((Timing::Season { from_hour, to_hour }, 0.0))
    }

    /// `months = [12, 1, 2]`: the months in which occurrences may start.
    pub(super) fn months(&mut self, p: &str, r: &RawHazard) -> Option<[bool; 12]> {
        let Some(ms) = &r.months else {
            return Some([true; 12]);
        };
        if r.season.is_some() {
            self.push(Diag::at(
                ms,
                format!("{p}.months"),
                "a seasonal hazard's months are its season: drop `months`",
            ));
            return None;
        }
        let mut out = [false; 12];
        let mut ok = true;
        for m in &ms.value {
            if (1..=12).contains(&m.value) {
                out[m.value as usize - 1] = true;
            } else {
                self.push(Diag::at(
                    m,
                    format!("{p}.months"),
                    format!("a month is 1 to 12, got {}", m.value),
                ));
                ok = false;
            }
        }
        if ok && !out.contains(&true) {
            self.push(Diag::at(
                ms,
                format!("{p}.months"),
                "give at least one month",
            ));
            ok = false;
        }
        ok.then_some(out)
    }

    /// `notice_days`: how long before it begins an occurrence is known.
    pub(super) fn notice(&mut self, p: &str, r: &RawHazard) -> Option<f64> {
        let Some(n) = &r.notice_days else {
            return Some(0.0);
        };
        let ok = n.value.is_finite() && (0.0..=365.0).contains(&n.value);
        if !ok {
            self.push(Diag::at(
                n,
                format!("{p}.notice_days"),
                format!("must be between 0 and 365 days, got {}", n.value),
            ));
        }
        ok.then_some(n.value * crate::units::HOURS_PER_DAY)
    }
}

/// A `"MM-DD"` date as its first hour in the model's 365-day calendar.
pub fn month_day_hour(s: &str) -> Option<f64> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let m: usize = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let len = MONTH_START_DAY[m] - MONTH_START_DAY[m - 1];
    (d <= len).then(|| f64::from(MONTH_START_DAY[m - 1] + d - 1) * crate::units::HOURS_PER_DAY)
}

/// A `"MM-DD"` date as its first hour in the model's calendar year, or the
/// located message saying what is wrong.
pub fn month_day_at(key: &str, d: &Loc<String>) -> Result<f64, Diag> {
    month_day_hour(&d.value).ok_or_else(|| {
        Diag::at(
            d,
            key,
            format!(
                "\"{}\" is not a date as \"MM-DD\" (e.g. \"12-01\"; no 29 February)",
                d.value
            ),
        )
    })
}

/// `season = ["MM-DD", "MM-DD"]` (a hazard's or a `close` change's): the
/// first hour in and the first hour out of the yearly window; problems go
/// to `diags`.
pub fn season_hours(
    key: &str,
    season: &Loc<Vec<Loc<String>>>,
    diags: &mut Vec<Diag>,
) -> Option<(f64, f64)> {
    let [from, to] = &season.value[..] else {
        diags.push(Diag::at(
            season,
            key,
            "expected two dates, [\"MM-DD\", \"MM-DD\"] (first day in, first day out)",
        ));
        return None;
    };
    let (from, to) = (month_day_at(key, from), month_day_at(key, to));
    let (from, to) = match (from, to) {
        (Ok(f), Ok(t)) => (f, t),
        (f, t) => {
            diags.extend(f.err().into_iter().chain(t.err()));
            return None;
        }
    };
    if from == to {
        diags.push(Diag::at(season, key, "the two dates are the same"));
        return None;
    }
    Some((from, to))
}
