//! The trial's calendar: when the shipment departs, and when each hazard
//! is in effect, as intervals on the shipment's own clock (hours after
//! departure).
//!
//! - A **trial hazard** (written with `probability`, any effect but a
//!   closure) is in effect for the whole trial or not at all: one draw,
//!   shared by every element it targets, in its months only.
//! - A **calendar hazard** (a closure written with `probability`, or any
//!   hazard written with `per_year`) has occurrences that start as a
//!   Poisson process in its months, each lasting a drawn duration. They
//!   are laid from a look-back before departure (so one in effect at
//!   departure is there, partly over) to the model's horizon after it
//!   ([`horizon`]). They are laid as the shipments' clocks get there
//!   ([`Calendar::lay_to`]), a few days ahead at a time: laying resumes
//!   where it stopped, with the same draws in the same order, so when an
//!   occurrence is laid never changes it, and the occurrences after every
//!   shipment has arrived are never drawn.
//! - A **season** is in effect in its window every year; a **window**
//!   (a what-if closure) from its first to its last hour after departure.
//! - A hazard raised by another ([`crate::network::Raise`]) has its rate
//!   (or probability) multiplied while the other is in effect: its
//!   occurrences are drawn at the raised rate and thinned to the rate in
//!   force at each start.
//!
//! Every draw is counter-based on (trial key, hazard, counter), so a
//! hazard's occurrences never depend on another hazard's.

use super::draws::{Sampler, splitmix64, unit};
use crate::network::{HOURS_PER_YEAR, month_of_hour};

/// Shortest horizon: occurrences are laid at least 60 days ahead.
pub const MIN_HORIZON_HOURS: f64 = 60.0 * crate::units::HOURS_PER_DAY;

/// How far after departure occurrences are laid, for routes expected to
/// take up to `longest_route_hours`: three times that, at least
/// [`MIN_HORIZON_HOURS`] and at most a year. A shipment still on its way
/// after that (a long wait) meets no further occurrence.
pub fn horizon(longest_route_hours: f64) -> f64 {
    (3.0 * longest_route_hours).clamp(MIN_HORIZON_HOURS, HOURS_PER_YEAR)
}

/// Longest look-back before departure for an occurrence still in effect:
/// three years (a political regime may last that long).
pub const MAX_LOOKBACK_HOURS: f64 = 3.0 * HOURS_PER_YEAR;

/// How a hazard's occurrences are laid on the calendar.
#[derive(Debug, Clone)]
pub enum TimingSim {
    /// In effect for the whole trial with its probability (in its months).
    Trial {
        /// Chance of being in effect.
        probability: f64,
    },
    /// Poisson starts with a drawn duration each.
    Poisson {
        /// Starts per hour while in its months.
        rate: f64,
        /// How long an occurrence lasts, hours.
        duration: Sampler,
        /// How far before departure an occurrence may start and still be
        /// in effect (its duration's 99.9th percentile, at most three years).
        lookback: f64,
    },
    /// Every year from `from` for `len` hours (hour of the year).
    Season {
        /// First hour in the calendar year.
        from: f64,
        /// Length in hours.
        len: f64,
    },
    /// From `from` to `to` hours after departure.
    Window {
        /// Start, hours after departure.
        from: f64,
        /// End, hours after departure.
        to: f64,
    },
}

/// When a trial departs: uniformly within a span of the calendar year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DepartureSim {
    /// First hour of the span in the calendar year.
    pub from_hour: f64,
    /// Length of the span in hours (0: a fixed instant).
    pub span_hours: f64,
}

impl DepartureSim {
    /// Departure hour of the year for a uniform `u`.
    pub fn at(&self, u: f64) -> f64 {
        (self.from_hour + u * self.span_hours).rem_euclid(HOURS_PER_YEAR)
    }
}

/// A counter-based uniform for hazard `h`'s draw number `n` in a trial.
#[inline]
pub fn hazard_unit(key: u64, h: u32, n: u64) -> f64 {
    unit(splitmix64(
        key ^ splitmix64((u64::from(h) << 40) ^ n ^ 0x5DEE_CE66_D1CE_5EED),
    ))
}

/// The uniform that sets a trial's departure.
#[inline]
pub fn departure_unit(key: u64) -> f64 {
    unit(splitmix64(key ^ 0xA076_1D64_78BD_642F))
}

/// Draw numbers of a hazard: 0 is its trial draw, 1.. its effects' sizes,
/// and [`FIRST_ARRIVAL_DRAW`].. three per candidate occurrence.
pub const FIRST_ARRIVAL_DRAW: u64 = 64;

/// One trial's calendar: every hazard's state, reused across trials.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Departure, hour of the calendar year.
    pub t0: f64,
    /// Per hazard: the trial draw (for trial hazards).
    pub u: Vec<f64>,
    /// Per hazard: occurrences as (start, end), hours after departure,
    /// sorted by start (calendar hazards, seasons and windows).
    pub spans: Vec<Vec<(f64, f64)>>,
    /// Per hazard: whether it has any occurrence laid that had not ended by
    /// departure (a quick test before looking at `spans`).
    pub live: Vec<bool>,
    /// Per hazard: whether it has been drawn in this trial.
    pub drawn: Vec<bool>,
    /// Per effect: its size in this trial, once drawn: the first time a
    /// shipment meets the effect in effect (most never are).
    pub sizes: Vec<Option<f64>>,
    /// Closure bits of the drawn hazards that have an occurrence.
    pub live_bits: u128,
    /// Per hazard: its closure bit (0 for none).
    pub(super) bit: Vec<u128>,
    /// The trial key.
    pub(super) key: u64,
    /// Occurrences starting before this (hours after departure) are laid;
    /// later ones are laid as the shipments' clocks get there.
    pub laid_to: f64,
    /// Per Poisson hazard: the stretches of its months to the horizon.
    pub(super) parts: Vec<Vec<(f64, f64)>>,
    /// Per Poisson hazard: where laying stands.
    pub(super) laying: Vec<Laying>,
    /// Per Poisson hazard: before this nothing is left to lay.
    pub(super) next: Vec<f64>,
    /// The Poisson hazards drawn in this trial, in the order drawn.
    pub(super) poisson: Vec<usize>,
}

impl Calendar {
    /// An empty calendar for `n` hazards with `effects` effects.
    pub fn new(n: usize, effects: usize) -> Calendar {
        Calendar {
            t0: 0.0,
            u: vec![0.0; n],
            spans: vec![Vec::new(); n],
            live: vec![false; n],
            drawn: vec![false; n],
            sizes: vec![None; effects],
            live_bits: 0,
            bit: vec![0; n],
            key: 0,
            laid_to: f64::NEG_INFINITY,
            parts: vec![Vec::new(); n],
            laying: vec![Laying::default(); n],
            next: vec![0.0; n],
            poisson: Vec::new(),
        }
    }

    /// Starts a trial: its departure, and no hazard drawn yet.
    pub fn begin(&mut self, departure: &DepartureSim, key: u64) {
        self.t0 = departure.at(departure_unit(key));
        self.drawn.fill(false);
        self.live.fill(false);
        self.live_bits = 0;
        self.key = key;
        self.laid_to = f64::NEG_INFINITY;
        self.poisson.clear();
    }

    /// Whether one of the closures `bits` may be in effect at `t`: one has
    /// an occurrence laid, or the calendar is not laid as far as `t` yet.
    #[inline]
    pub fn may_close(&self, bits: u128, t: f64) -> bool {
        bits != 0 && (bits & self.live_bits != 0 || t >= self.laid_to)
    }

    /// The trial key.
    #[inline]
    pub fn key(&self) -> u64 {
        self.key
    }

    /// The end of hazard `h`'s occurrence covering `t`, if one does.
    #[inline]
    pub fn covering_end(&self, h: usize, t: f64) -> Option<f64> {
        if !self.live[h] {
            return None;
        }
        self.spans[h]
            .iter()
            .take_while(|(s, _)| *s <= t)
            .filter(|(_, e)| *e > t)
            .map(|(_, e)| *e)
            .fold(None, |m: Option<f64>, e| Some(m.map_or(e, |m| m.max(e))))
    }
}

/// What the calendar needs to know of one hazard.
#[derive(Debug, Clone)]
pub struct HazardClock {
    /// How it is laid on the calendar.
    pub timing: TimingSim,
    /// Months (0-based) in which it may start or be in effect.
    pub months: [bool; 12],
    /// The hazards raising it, with their factors.
    pub raised_by: Vec<(usize, f64)>,
    /// Whether all twelve months are in (no month to look up).
    pub all_year: bool,
}

impl HazardClock {
    /// The factor on this hazard's rate at `t` (hours after departure):
    /// the product of the factors of the raising hazards in effect.
    #[inline]
    pub(super) fn factor(&self, clocks: &[HazardClock], cal: &Calendar, t: f64) -> f64 {
        if self.raised_by.is_empty() {
            return 1.0;
        }
        self.raised_by
            .iter()
            .filter(|(p, _)| in_effect(clocks, cal, *p, t))
            .map(|(_, f)| f)
            .product()
    }

    #[inline]
    pub(super) fn in_months(&self, t0: f64, t: f64) -> bool {
        self.all_year || self.months[month_of_hour(t0 + t)]
    }
}

/// Whether hazard `h` is in effect at `t` hours after departure.
#[inline]
pub fn in_effect(clocks: &[HazardClock], cal: &Calendar, h: usize, t: f64) -> bool {
    let c = &clocks[h];
    match c.timing {
        TimingSim::Trial { probability } => {
            // Not raised and not drawn: never in effect in this trial (the
            // common case, decided before looking up the month).
            if c.raised_by.is_empty() && cal.u[h] >= probability.min(1.0) {
                return false;
            }
            c.in_months(cal.t0, t) && cal.u[h] < (probability * c.factor(clocks, cal, t)).min(1.0)
        }
        _ => cal.covering_end(h, t).is_some(),
    }
}

/// Where laying a Poisson hazard's occurrences stands, so that laying
/// resumes exactly where it stopped: the same draws, in the same order, as
/// laying them all at once.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Laying {
    /// Stretch of its months being laid.
    pub(super) k: usize,
    /// Start of the last candidate drawn (or of the stretch).
    pub(super) t: f64,
    /// Next draw number.
    pub(super) n: u64,
    /// The next candidate's start, drawn but not laid yet.
    pub(super) pending: Option<f64>,
    /// Whether stretch `k` has begun.
    pub(super) begun: bool,
}
