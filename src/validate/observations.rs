//! Observation files: published whole-route trips (pilot shipments,
//! operator schedules, surveys) that a network is tested against. Read in
//! the same two layers as networks and scenarios: a serde mirror of the
//! file with locations, then checked values; every problem is reported at
//! once as `file:line:col: key: message`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use strum::{EnumString, IntoStaticStr};

use crate::diag::{Diag, FileId, Files, Loc};
use crate::network::raw::{Element, elements};
use crate::toml_in;

/// What a trip's published figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum TripMetric {
    /// Transit time in days.
    Days,
    /// Cost in USD per cargo unit.
    Usd,
    /// Route length in km.
    Km,
}

impl TripMetric {
    /// The metric's name as written in files (`days`, `usd`, `km`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Half the unit a whole figure of this metric is published to: trip
    /// times are reported in whole days, so "20 days" stands for 19.5 to
    /// 20.5. Costs and lengths are compared as written.
    fn half_unit(self) -> f64 {
        match self {
            TripMetric::Days => 0.5,
            TripMetric::Usd | TripMetric::Km => 0.0,
        }
    }
}

/// Whether a published figure is a value (or range) or a bound the trip
/// stayed within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, EnumString, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Bound {
    /// The trip took this value, or a value in this range.
    #[default]
    Value,
    /// "within 7 days", "up to": the trip took at most the figure.
    AtMost,
    /// "more than 3,500 km": the trip took at least the figure.
    AtLeast,
}

/// One published trip, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Unique id.
    pub id: String,
    /// What the trip was.
    pub title: String,
    /// Origin node id.
    pub origin: String,
    /// Destination node id.
    pub destination: String,
    /// Node ids the trip passed, in order.
    pub via: Vec<String>,
    /// Modes it used (empty: any).
    pub modes: Vec<String>,
    /// Cargo class (`container` or `bulk`).
    pub cargo: String,
    /// What the figure measures.
    pub metric: TripMetric,
    /// The published value or range.
    pub low: f64,
    /// Upper end of the published range (equal to `low` for one value).
    pub high: f64,
    /// Whether the figure is a value or a bound.
    pub bound: Bound,
    /// The unit the source gives its figure to, when its words show one
    /// coarser than the figure's own digits: "9 thousand km" is given to
    /// 1,000 km, "about US$2,000" to US$1,000 (an approximate figure read
    /// to its last significant digit). None: whole days to the day, other
    /// figures as written.
    pub rounded_to: Option<f64>,
    /// When it ran (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    /// pilot, schedule, survey or report.
    pub kind: String,
    /// The publication, its date and URL.
    pub source: String,
    /// The source's own words.
    pub quote: String,
}

impl Observation {
    /// The values the published figure allows: its range, widened by half
    /// the unit a whole figure is published to (whole days), and open on
    /// one side when the figure is a bound.
    pub fn allowed(&self) -> (f64, f64) {
        self.allowed_for(self.low, self.high)
    }

    /// What [`Self::allowed`] would be had the source published `low`–`high`.
    fn allowed_for(&self, low: f64, high: f64) -> (f64, f64) {
        let half = |x: f64| match self.rounded_to {
            Some(unit) => unit / 2.0,
            None if x.fract() == 0.0 => self.metric.half_unit(),
            None => 0.0,
        };
        let (lo, hi) = (low - half(low), high + half(high));
        match self.bound {
            Bound::Value => (lo, hi),
            Bound::AtMost => (0.0, hi),
            Bound::AtLeast => (lo, f64::INFINITY),
        }
    }

    /// The values allowed had the trip taken `x` and the source published
    /// it the way it published its own figure: a range as wide, centred on
    /// `x`; a bound at `x`; rounded to the unit the source rounds to
    /// (`rounded_to`, or whole days when the published figure is whole).
    /// What an exact network is held to.
    pub fn allowed_had_it_been(&self, x: f64) -> (f64, f64) {
        let whole =
            self.metric.half_unit() > 0.0 && self.low.fract() == 0.0 && self.high.fract() == 0.0;
        let round = |y: f64| match self.rounded_to {
            Some(unit) => (y / unit).round() * unit,
            None if whole => y.round(),
            None => y,
        };
        let width = self.high - self.low;
        let low = match self.bound {
            Bound::Value => round(x - width / 2.0),
            Bound::AtMost => round(x) - width,
            Bound::AtLeast => round(x),
        };
        self.allowed_for(low, low + width)
    }

    /// The figure a model value is set against for its ratio: the
    /// midpoint of a range, or the bound itself.
    pub fn reference(&self) -> f64 {
        match self.bound {
            Bound::Value => (self.low + self.high) / 2.0,
            Bound::AtMost => self.high,
            Bound::AtLeast => self.low,
        }
    }
}

/// A checked observation file.
#[derive(Debug, Clone)]
pub struct Observations {
    /// The network the trips are run on (resolved against the file's folder).
    pub network: PathBuf,
    /// Value of a cargo unit, USD (for loss and time valuation).
    pub cargo_value_usd: f64,
    /// Value of time, USD per cargo unit and day (for route choice).
    pub value_of_time_usd_per_day: f64,
    /// `[cargo.bulk]`: value and value of time per tonne for bulk trips
    /// (None: bulk trips cannot be built).
    pub bulk: Option<(f64, f64)>,
    /// The trips, in file order.
    pub trips: Vec<Observation>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTop {
    network: Option<Loc<String>>,
    cargo: Option<RawCargo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCargo {
    value_usd: Option<Loc<f64>>,
    value_of_time_usd_per_day: Option<Loc<f64>>,
    bulk: Option<RawBulk>,
}

/// `[cargo.bulk]`: the same values per tonne.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBulk {
    value_usd: Option<Loc<f64>>,
    value_of_time_usd_per_day: Option<Loc<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrip {
    id: Loc<String>,
    title: Loc<String>,
    origin: Loc<String>,
    destination: Loc<String>,
    #[serde(default)]
    via: Vec<Loc<String>>,
    #[serde(default)]
    modes: Vec<Loc<String>>,
    cargo: Loc<String>,
    metric: Loc<String>,
    low: Loc<f64>,
    high: Loc<f64>,
    #[serde(default)]
    bound: Option<Loc<String>>,
    #[serde(default)]
    rounded_to: Option<Loc<f64>>,
    date: Loc<String>,
    kind: Loc<String>,
    source: Loc<String>,
    quote: Loc<String>,
    #[serde(default)]
    note: Option<Loc<String>>,
    #[serde(default)]
    missing: Vec<Loc<String>>,
}

const TOP_KEYS: &[&str] = &["network", "cargo", "trip"];
const MODES: &[&str] = &["road", "rail", "sea", "ferry"];
const CARGO_CLASSES: &[&str] = &["container", "bulk"];
const KINDS: &[&str] = &["pilot", "schedule", "survey", "report"];

/// Parses and checks an observation file already registered in `files`.
pub fn parse(
    files: &Files,
    file: FileId,
    path: &Path,
    diags: &mut Vec<Diag>,
) -> Option<Observations> {
    let mut doc = toml_in::parse_document(files, file, diags)?;
    let trips: Vec<Element<RawTrip>> = match toml_in::take(&mut doc, "trip") {
        Some(v) => elements("trip", v, file, "trip", diags),
        None => Vec::new(),
    };
    let (top, _): (RawTop, _) = toml_in::deserialize_rest(doc, file, TOP_KEYS, diags);
    let Some(network) = &top.network else {
        diags.push(Diag::in_file(
            file,
            Some(0..0),
            "network",
            "missing required key (path of the network file, relative to this file)",
        ));
        return None;
    };
    let cargo = top.cargo.unwrap_or_default();
    let value = |v: &Option<Loc<f64>>, key: &str, diags: &mut Vec<Diag>| match v {
        Some(x) if x.value.is_finite() && x.value >= 0.0 => x.value,
        Some(x) => {
            diags.push(Diag::at(
                x,
                key,
                format!("must be a finite number ≥ 0, got {}", x.value),
            ));
            0.0
        }
        None => {
            diags.push(Diag::in_file(file, Some(0..0), key, "missing required key"));
            0.0
        }
    };
    let cargo_value_usd = value(&cargo.value_usd, "cargo.value_usd", diags);
    let vot = value(
        &cargo.value_of_time_usd_per_day,
        "cargo.value_of_time_usd_per_day",
        diags,
    );
    let bulk = cargo.bulk.as_ref().map(|b| {
        (
            value(&b.value_usd, "cargo.bulk.value_usd", diags),
            value(
                &b.value_of_time_usd_per_day,
                "cargo.bulk.value_of_time_usd_per_day",
                diags,
            ),
        )
    });
    let mut seen = std::collections::BTreeSet::new();
    let trips = trips
        .into_iter()
        .filter_map(|t| check_trip(t.raw, &mut seen, diags))
        .collect();
    Some(Observations {
        network: path.parent().unwrap_or(Path::new(".")).join(&network.value),
        cargo_value_usd,
        value_of_time_usd_per_day: vot,
        bulk,
        trips,
    })
}

/// A trip's `bound`: a known word, and one figure (low = high) when it is
/// a bound. None when it is wrong (reported).
fn check_bound(r: &RawTrip, key: &dyn Fn(&str) -> String, diags: &mut Vec<Diag>) -> Option<Bound> {
    let Some(b) = &r.bound else {
        return Some(Bound::Value);
    };
    let parsed = b.value.parse::<Bound>().ok();
    if parsed.is_none() {
        diags.push(Diag::at(
            b,
            key("bound"),
            format!("\"{}\" is not one of value, at_most, at_least", b.value),
        ));
    } else if parsed != Some(Bound::Value) && r.low.value != r.high.value {
        diags.push(Diag::at(
            b,
            key("bound"),
            format!(
                "a bound is one figure: give it as both low and high (got {} and {})",
                r.low.value, r.high.value
            ),
        ));
    }
    parsed
}

/// A trip's `rounded_to`: a positive unit of which the figure is a whole
/// number. Reported when wrong.
fn check_rounded_to(r: &RawTrip, key: &dyn Fn(&str) -> String, diags: &mut Vec<Diag>) {
    if let Some(u) = &r.rounded_to {
        if !(u.value.is_finite() && u.value > 0.0) {
            diags.push(Diag::at(
                u,
                key("rounded_to"),
                format!("must be a finite number > 0, got {}", u.value),
            ));
        } else {
            // The figure is given to that unit, so it is a whole number of
            // them (to the digits a day written from hours keeps).
            let whole = |x: f64| ((x / u.value) - (x / u.value).round()).abs() <= 1e-3;
            for (v, field) in [(&r.low, "low"), (&r.high, "high")] {
                if !whole(v.value) {
                    diags.push(Diag::at(
                        v,
                        key(field),
                        format!(
                            "{} is not a whole number of rounded_to ({})",
                            v.value, u.value
                        ),
                    ));
                }
            }
        }
    }
}

/// Checks one trip: a unique id, known words, a sensible range.
fn check_trip(
    r: RawTrip,
    seen: &mut std::collections::BTreeSet<String>,
    diags: &mut Vec<Diag>,
) -> Option<Observation> {
    let before = diags.len();
    let key = |field: &str| format!("trip \"{}\".{field}", r.id.value);
    if !seen.insert(r.id.value.clone()) {
        diags.push(Diag::at(&r.id, key("id"), "given twice"));
    }
    let one_of = |v: &Loc<String>, field: &str, allowed: &[&str], diags: &mut Vec<Diag>| {
        if !allowed.contains(&v.value.as_str()) {
            diags.push(Diag::at(
                v,
                key(field),
                format!("\"{}\" is not one of {}", v.value, allowed.join(", ")),
            ));
        }
    };
    for m in &r.modes {
        one_of(m, "modes", MODES, diags);
    }
    one_of(&r.cargo, "cargo", CARGO_CLASSES, diags);
    one_of(&r.kind, "kind", KINDS, diags);
    let metric = r.metric.value.parse::<TripMetric>().ok();
    if metric.is_none() {
        diags.push(Diag::at(
            &r.metric,
            key("metric"),
            format!("\"{}\" is not one of days, usd, km", r.metric.value),
        ));
    }
    for (v, field) in [(&r.low, "low"), (&r.high, "high")] {
        if !(v.value.is_finite() && v.value > 0.0) {
            diags.push(Diag::at(
                v,
                key(field),
                format!("must be a finite number > 0, got {}", v.value),
            ));
        }
    }
    if r.high.value < r.low.value {
        diags.push(Diag::at(
            &r.high,
            key("high"),
            format!("must be ≥ low ({})", r.low.value),
        ));
    }
    let bound = check_bound(&r, &key, diags);
    check_rounded_to(&r, &key, diags);
    let _ = (&r.note, &r.missing);
    (diags.len() == before).then(|| Observation {
        id: r.id.value,
        title: r.title.value,
        origin: r.origin.value,
        destination: r.destination.value,
        via: r.via.into_iter().map(|v| v.value).collect(),
        modes: r.modes.into_iter().map(|v| v.value).collect(),
        cargo: r.cargo.value,
        metric: metric.expect("checked"),
        low: r.low.value,
        high: r.high.value,
        bound: bound.expect("checked"),
        rounded_to: r.rounded_to.map(|u| u.value),
        date: r.date.value,
        kind: r.kind.value,
        source: r.source.value,
        quote: r.quote.value,
    })
}

/// A trip with the given figure and placeholders for the rest, for tests.
#[cfg(test)]
pub(crate) fn sample(metric: TripMetric, low: f64, high: f64, bound: Bound) -> Observation {
    Observation {
        id: "t".into(),
        title: String::new(),
        origin: "a".into(),
        destination: "b".into(),
        via: Vec::new(),
        modes: Vec::new(),
        cargo: "container".into(),
        metric,
        low,
        high,
        bound,
        rounded_to: None,
        date: "2024".into(),
        kind: "pilot".into(),
        source: String::new(),
        quote: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::sample as obs;
    use super::{Bound, Observation, TripMetric};

    #[test]
    fn whole_days_are_read_to_the_day_and_other_figures_as_written() {
        let days = obs(TripMetric::Days, 20.0, 20.0, Bound::Value);
        assert_eq!(days.allowed(), (19.5, 20.5));
        assert_eq!(days.reference(), 20.0);
        let range = obs(TripMetric::Days, 12.0, 15.0, Bound::Value);
        assert_eq!(range.allowed(), (11.5, 15.5));
        assert_eq!(range.reference(), 13.5);
        let fraction = obs(TripMetric::Days, 4.5, 4.5, Bound::Value);
        assert_eq!(fraction.allowed(), (4.5, 4.5));
        let km = obs(TripMetric::Km, 3800.0, 3800.0, Bound::Value);
        assert_eq!(km.allowed(), (3800.0, 3800.0));
        let usd = obs(TripMetric::Usd, 3500.0, 4000.0, Bound::Value);
        assert_eq!(usd.allowed(), (3500.0, 4000.0));
    }

    #[test]
    fn a_bound_is_open_on_one_side() {
        let at_most = obs(TripMetric::Days, 7.0, 7.0, Bound::AtMost);
        assert_eq!(at_most.allowed(), (0.0, 7.5));
        assert_eq!(at_most.reference(), 7.0);
        let at_least = obs(TripMetric::Km, 3500.0, 3500.0, Bound::AtLeast);
        assert_eq!(at_least.allowed(), (3500.0, f64::INFINITY));
        assert_eq!(at_least.reference(), 3500.0);
    }

    #[test]
    fn an_exact_figure_is_published_the_way_the_source_published_its_own() {
        // Whole days: rounded to the day, then read to the day.
        let days = obs(TripMetric::Days, 20.0, 20.0, Bound::Value);
        assert_eq!(days.allowed_had_it_been(17.3), (16.5, 17.5));
        // A range as wide as the published one, centred on the trip.
        let range = obs(TripMetric::Days, 12.0, 15.0, Bound::Value);
        assert_eq!(range.allowed_had_it_been(10.2), (8.5, 12.5));
        // Lengths and prices as written, a bound at the trip.
        let km = obs(TripMetric::Km, 3800.0, 3800.0, Bound::Value);
        assert_eq!(km.allowed_had_it_been(3912.5), (3912.5, 3912.5));
        let at_most = obs(TripMetric::Days, 7.0, 7.0, Bound::AtMost);
        assert_eq!(at_most.allowed_had_it_been(5.4), (0.0, 5.5));
        let usd = obs(TripMetric::Usd, 3500.0, 4000.0, Bound::Value);
        assert_eq!(usd.allowed_had_it_been(5000.0), (4750.0, 5250.0));
    }

    #[test]
    fn a_figure_given_to_a_coarser_unit_is_read_to_that_unit() {
        // "9 thousand km": 8,500 to 9,500.
        let km = Observation {
            rounded_to: Some(1000.0),
            ..obs(TripMetric::Km, 9000.0, 9000.0, Bound::Value)
        };
        assert_eq!(km.allowed(), (8500.0, 9500.0));
        assert_eq!(km.allowed_had_it_been(8949.0), (8500.0, 9500.0));
        assert_eq!(km.allowed_had_it_been(9600.0), (9500.0, 10500.0));
        // A range's ends both; a bound's one.
        let usd = Observation {
            rounded_to: Some(100.0),
            ..obs(TripMetric::Usd, 3500.0, 4000.0, Bound::Value)
        };
        assert_eq!(usd.allowed(), (3450.0, 4050.0));
        let at_most = Observation {
            rounded_to: Some(10.0),
            ..obs(TripMetric::Days, 30.0, 30.0, Bound::AtMost)
        };
        assert_eq!(at_most.allowed(), (0.0, 35.0));
    }
}
