//! What a hazard is and when it is in effect: its effects, its timing on
//! the model's 365-day calendar, the hazards it raises; and the network's
//! operating rules for waiting and driving (`[operations]`).

use std::collections::BTreeMap;

use serde::Serialize;
use strum::{EnumDiscriminants, EnumString, IntoStaticStr, VariantArray, VariantNames};

use super::{Category, HazardId, LinkId, NodeId, file_names};
use crate::dist::Dist;

/// What a hazard does to what it hits. [`EffectKind`] names the variants
/// as written in files.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, EnumDiscriminants)]
#[serde(tag = "effect", rename_all = "snake_case")]
#[strum_discriminants(
    name(EffectKind),
    doc = "The kind of an [`Effect`], as written in a hazard's `effect`.",
    derive(EnumString, IntoStaticStr, VariantNames, VariantArray),
    strum(serialize_all = "snake_case")
)]
pub enum Effect {
    /// Targets closed for this many hours.
    Close {
        /// Hours closed.
        duration: Dist,
    },
    /// Extra hours.
    Delay {
        /// Hours of delay.
        hours: Dist,
    },
    /// Extra USD.
    Cost {
        /// USD per cargo unit.
        usd: Dist,
    },
    /// Fraction of cargo value lost.
    Loss {
        /// Fraction of the cargo value, in 0..1.
        fraction: Dist,
    },
}

impl Effect {
    /// Expected impact in USD on one targeted element, given the value of
    /// time (USD/h) and the cargo value.
    pub fn expected_usd(&self, value_of_time: f64, cargo_value: f64) -> f64 {
        match self {
            Effect::Close { duration } => duration.mean() * value_of_time,
            Effect::Delay { hours } => hours.mean() * value_of_time,
            Effect::Cost { usd } => usd.mean(),
            Effect::Loss { fraction } => fraction.mean() * cargo_value,
        }
    }

    /// The effect's name as written in files.
    pub fn name(&self) -> &'static str {
        EffectKind::from(self).name()
    }
}

file_names!(EffectKind);

impl EffectKind {
    /// The one size key an effect of this kind takes in a hazard.
    pub fn parameter(self) -> &'static str {
        match self {
            EffectKind::Close => "duration",
            EffectKind::Delay => "hours",
            EffectKind::Cost => "usd",
            EffectKind::Loss => "fraction",
        }
    }

    /// The effect of this kind with size `d`.
    pub fn with_size(self, d: Dist) -> Effect {
        match self {
            EffectKind::Close => Effect::Close { duration: d },
            EffectKind::Delay => Effect::Delay { hours: d },
            EffectKind::Cost => Effect::Cost { usd: d },
            EffectKind::Loss => Effect::Loss { fraction: d },
        }
    }
}

/// Hours in the model's calendar year (365 days; the calendar has no
/// leap days).
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// The first day of each month in the model's calendar (day of the year,
/// 0-based; January 1 is day 0), with the year's end as a sentinel.
pub const MONTH_START_DAY: [u32; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/// The month (0-based) of an hour of the calendar year.
pub fn month_of_hour(hour: f64) -> usize {
    // Most hours are within the year already: skip the library `fmod`.
    let hour = if (0.0..HOURS_PER_YEAR).contains(&hour) {
        hour
    } else {
        hour.rem_euclid(HOURS_PER_YEAR)
    };
    let day = (hour / 24.0) as u32;
    MONTH_START_DAY[1..]
        .iter()
        .position(|&d| day < d)
        .unwrap_or(11)
}

/// When a hazard is in effect: how its occurrences are laid on the
/// calendar. Every hazard has a long-run share of time in effect
/// ([`Hazard::probability`]), which planning uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Timing {
    /// Written as `probability`. A closure is laid on the calendar as
    /// occurrences starting at random (a Poisson process) with its drawn
    /// duration, at the rate that makes `probability` the share of time
    /// it is in effect. Any other effect is in effect, for a whole trial,
    /// with that probability (one draw per trial, shared by every element
    /// it targets).
    Probability,
    /// Written as `per_year` and `duration`: occurrences start at random
    /// (Poisson) at this many a year, each lasting a drawn duration.
    Rate {
        /// Expected starts per year (spread over the hazard's months).
        per_year: f64,
        /// How long each occurrence lasts, hours.
        duration: Dist,
    },
    /// Written as `season = ["MM-DD", "MM-DD"]`: in effect every year from
    /// the first day (inclusive) to the second (exclusive), which may wrap
    /// over the new year.
    Season {
        /// First hour of the window in the calendar year.
        from_hour: f64,
        /// First hour after the window (may be less than `from_hour`).
        to_hour: f64,
    },
    /// A what-if closure window relative to each shipment's departure
    /// (`[[changes]] close` with `from_day`/`days`): always occurs.
    Window {
        /// Hours after departure it begins.
        from_hour: f64,
        /// Hours after departure it ends (infinite: the whole run).
        to_hour: f64,
    },
}

/// A hazard that raises others while it is in effect (`raises`).
#[derive(Debug, Clone, PartialEq)]
pub struct Raise {
    /// The raised hazards (all come after this one in the file).
    pub hazards: Vec<HazardId>,
    /// Factor on their rates (or probabilities) while this one is in effect.
    pub factor: f64,
}

/// A risk: occurrences on the calendar, with one or more effects on every
/// element it targets.
#[derive(Debug, Clone)]
pub struct Hazard {
    /// Unique id, as written in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its kind of risk (which risk weight applies).
    pub category: Category,
    /// Long-run share of time in effect, in 0..1: as written for
    /// [`Timing::Probability`], derived for the other timings.
    pub probability: f64,
    /// How its occurrences are laid on the calendar.
    pub timing: Timing,
    /// The months (0-based) in which occurrences may start (rate and
    /// probability timings); all twelve unless `months` is given.
    pub months: [bool; 12],
    /// Hours before an occurrence begins that shippers learn of it
    /// (`notice_days`); 0: learned on reaching it.
    pub notice_hours: f64,
    /// What it does to its targets, all from the same occurrence.
    pub effects: Vec<Effect>,
    /// Other hazards it raises while in effect.
    pub raises: Option<Raise>,
    /// Targeted nodes (explicit and selected), sorted, unique.
    pub nodes: Vec<NodeId>,
    /// Targeted links (explicit and selected), sorted, unique.
    pub links: Vec<LinkId>,
    /// What a reader must know about a route it targets.
    pub caveat: Option<super::Caveat>,
}

impl Hazard {
    /// Whether one of its effects closes what it targets.
    pub fn closes(&self) -> bool {
        self.effects
            .iter()
            .any(|e| matches!(e, Effect::Close { .. }))
    }

    /// How long an occurrence lasts: the `duration` of a rate timing or of
    /// a close effect.
    pub fn duration(&self) -> Option<Dist> {
        if let Timing::Rate { duration, .. } = self.timing {
            return Some(duration);
        }
        self.effects.iter().find_map(|e| match e {
            Effect::Close { duration } => Some(*duration),
            _ => None,
        })
    }

    /// Expected impact in USD on one targeted element a shipment meets, at
    /// the long-run share of time in effect: a closure's whole duration at
    /// the value of time plus the holding cost of waiting there
    /// (`holding_per_hour`, USD per cargo unit), every other effect's mean.
    pub fn expected_usd(&self, value_of_time: f64, cargo_value: f64, holding_per_hour: f64) -> f64 {
        self.probability * self.impact_usd(value_of_time, cargo_value, holding_per_hour)
    }

    /// Expected impact in USD of one occurrence on one targeted element,
    /// waiting out its closures at `holding_per_hour` on top of the value
    /// of time.
    pub fn impact_usd(&self, value_of_time: f64, cargo_value: f64, holding_per_hour: f64) -> f64 {
        let closure_hours = self.closure_hours();
        self.effects
            .iter()
            .map(|e| match e {
                Effect::Close { .. } => closure_hours * (value_of_time + holding_per_hour),
                other => other.expected_usd(value_of_time, cargo_value),
            })
            .sum::<f64>()
    }

    /// Hours of waiting one occurrence costs a shipment that meets it: the
    /// closure hours of each of its close effects (what holding is paid
    /// on).
    pub fn waiting_hours(&self) -> f64 {
        let closes = self
            .effects
            .iter()
            .filter(|e| matches!(e, Effect::Close { .. }))
            .count();
        closes as f64 * self.closure_hours()
    }

    /// Hours a shipment meeting a closure of this hazard waits on average
    /// (planning's estimate): the mean duration, or half a season.
    pub fn closure_hours(&self) -> f64 {
        match self.timing {
            Timing::Season { from_hour, to_hour } => {
                (to_hour - from_hour).rem_euclid(HOURS_PER_YEAR) / 2.0
            }
            _ => self.duration().map_or(0.0, |d| d.mean()),
        }
    }

    /// Share of month `m` (0-based) it is in effect, in the long run.
    pub fn share_in_month(&self, m: usize) -> f64 {
        match self.timing {
            Timing::Probability => {
                if self.months[m] {
                    self.probability
                } else {
                    0.0
                }
            }
            Timing::Rate { duration, .. } => {
                if self.months[m] {
                    1.0 - (-self.rate_per_hour() * duration.mean()).exp()
                } else {
                    0.0
                }
            }
            Timing::Season { from_hour, to_hour } => {
                let day = |d: u32| f64::from(d) * crate::units::HOURS_PER_DAY;
                let (ms, me) = (day(MONTH_START_DAY[m]), day(MONTH_START_DAY[m + 1]));
                let len = (to_hour - from_hour).rem_euclid(HOURS_PER_YEAR);
                let overlap = |s: f64, e: f64| (e.min(me) - s.max(ms)).max(0.0);
                let covered = overlap(from_hour, from_hour + len)
                    + overlap(from_hour - HOURS_PER_YEAR, from_hour - HOURS_PER_YEAR + len);
                covered / (me - ms)
            }
            Timing::Window { .. } => 0.0,
        }
    }

    /// Share of the months in which it may start.
    pub fn month_share(&self) -> f64 {
        let days: u32 = (0..12)
            .filter(|&m| self.months[m])
            .map(|m| MONTH_START_DAY[m + 1] - MONTH_START_DAY[m])
            .sum();
        days as f64 / 365.0
    }

    /// The long-run share of time in effect implied by the timing (the
    /// closed form of an M/G/∞ process: 1 − exp(−rate × mean duration)).
    pub fn share_in_effect(&self) -> f64 {
        match self.timing {
            Timing::Probability => self.probability,
            Timing::Rate { per_year, duration } => {
                1.0 - (-per_year / HOURS_PER_YEAR * duration.mean()).exp()
            }
            Timing::Season { from_hour, to_hour } => {
                (to_hour - from_hour).rem_euclid(HOURS_PER_YEAR) / HOURS_PER_YEAR
            }
            Timing::Window { .. } => 0.0,
        }
    }

    /// Starts per hour, while its months are in season, of the calendar
    /// occurrences of a probability-written closure or a rate hazard (0
    /// for other timings).
    pub fn rate_per_hour(&self) -> f64 {
        let in_season = self.month_share().max(1e-9);
        match self.timing {
            Timing::Rate { per_year, .. } => per_year / HOURS_PER_YEAR / in_season,
            Timing::Probability if self.closes() => {
                let mean = self.duration().map_or(0.0, |d| d.mean()).max(1e-9);
                let p = self.probability.min(1.0 - 1e-12);
                -(1.0 - p).ln() / mean
            }
            _ => 0.0,
        }
    }
}

/// How trucks and waiting are charged across the network (`[operations]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Operations {
    /// Hours a truck drives a day, unless its country says otherwise
    /// (24: no limit).
    pub driving_hours: f64,
    /// Hours a truck drives a day, by country (ISO code).
    pub driving_hours_by_country: BTreeMap<String, f64>,
    /// Holding cost while waiting, USD per cargo unit per day, by mode
    /// ([`super::Mode::index`]); `None`: nothing charged.
    pub holding: [Option<Dist>; 4],
    /// Holding cost by country and mode, over the mode default.
    pub holding_by_country: BTreeMap<String, [Option<Dist>; 4]>,
    /// Holding cost of other cargo classes, by class and mode
    /// ([`super::Network::use_class`] puts it in place of the others).
    pub holding_by_class: BTreeMap<super::CargoClass, [Option<Dist>; 4]>,
    /// How far one crossing's time scatters around the crossing's level, by
    /// arrival mode: the coefficient of variation of a mean-1 lognormal
    /// factor on a border node's dwell hours (0: none). A dwell's own range
    /// is the spread of the level (annual means); this is the spread of
    /// single shipments around it.
    pub crossing_scatter_cv: [f64; 4],
    /// How far a single shipment's freight price scatters around the
    /// tariff, by mode: the coefficient of variation of a mean-1 lognormal
    /// factor on the cost of every link of that mode in a trial (0: none).
    /// A tariff's own range is the spread of published averages (between
    /// years); this is the spread of one carrier's quote around them.
    pub quote_scatter_cv: [f64; 4],
}

impl Default for Operations {
    fn default() -> Operations {
        Operations {
            driving_hours: 24.0,
            driving_hours_by_country: BTreeMap::new(),
            holding: [None; 4],
            holding_by_country: BTreeMap::new(),
            holding_by_class: BTreeMap::new(),
            crossing_scatter_cv: [0.0; 4],
            quote_scatter_cv: [0.0; 4],
        }
    }
}

impl Operations {
    /// Hours a day a truck may drive in `country`.
    pub fn driving_hours_in(&self, country: &str) -> f64 {
        self.driving_hours_by_country
            .get(country)
            .copied()
            .unwrap_or(self.driving_hours)
    }
}
