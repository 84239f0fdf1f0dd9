//! The parameter-key language: the dotted keys that name one number of a
//! scenario or its network (`risk_weights.security`, `cargo.value_usd`,
//! `hazards.<id>.probability`, `links.<id>.usd`, …).
//!
//! One home for what `--set`, sweeps, break-evens and tornados accept:
//! [`ParamKey::parse`] sorts a key into its namespace, [`ParamKey::check`]
//! resolves its ids against a loaded scenario (with a "did you mean" for a
//! typo), [`ParamKey::apply`] sets a value in memory where the model allows
//! it (everything else is re-loaded through the `--set` mechanism of
//! [`super::overrides`]), and [`super::param_list::list`] names every key
//! that exists with its current value and valid range.

use crate::diag::suggest;
use crate::network::{Category, LinkCost, LinkTime, Timing};
use crate::units::{days_to_hours, hours_to_days, per_day_to_per_hour, per_hour_to_per_day};

use super::Scenario;

/// A parameter key, sorted into its namespace. Ids are kept as written;
/// [`ParamKey::check`] resolves them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKey {
    /// `risk_weights.<category>`.
    RiskWeight(String),
    /// `cargo.value_usd`.
    CargoValue,
    /// `cargo.value_of_time_usd_per_day`.
    ValueOfTime,
    /// `cargo.deadline_days`.
    Deadline,
    /// `departure.month` (1-12: trials depart within that month).
    DepartureMonth,
    /// `hazards.<id>.<field>` (a `[[changes]]` patch of that hazard).
    Hazard {
        /// Hazard id.
        id: String,
        /// Field path below the hazard (`probability`, `hours.mean`, …).
        field: String,
    },
    /// `links.<id>.<field>` (a `[[changes]]` patch of that link).
    Link {
        /// Link id.
        id: String,
        /// Field path below the link.
        field: String,
    },
    /// `nodes.<id>.<field>` (a `[[changes]]` patch of that node).
    Node {
        /// Node id.
        id: String,
        /// Field path below the node.
        field: String,
    },
    /// `close.<id>` (= true: closed for the whole run) or
    /// `close.<id>.days` / `close.<id>.from_day` (a closure window after
    /// each departure): a `[[changes]] close` of that node or link.
    Close {
        /// Node or link id.
        id: String,
        /// `""`, `days` or `from_day`.
        field: String,
    },
    /// `corridors.<id>.<field>` (patches that corridor).
    Corridor {
        /// Corridor id.
        id: String,
        /// Field path below the corridor.
        field: String,
    },
    /// Any other key of the scenario file (`origin`, `montecarlo.trials`, …).
    Top(Vec<String>),
}

/// A value a key cannot take, or a key that names nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// The value is NaN or infinite.
    #[error("{key}={value}: must be a finite number")]
    NotFinite {
        /// The key.
        key: String,
        /// The value given.
        value: f64,
    },
    /// The value is outside the key's valid range.
    #[error("{key}={value}: must be {range}")]
    OutOfRange {
        /// The key.
        key: String,
        /// The value given.
        value: f64,
        /// The valid range in words (`≥ 0`, `between 0 and 1`).
        range: &'static str,
    },
    /// The value is above the largest the key may take
    /// ([`crate::network::limits`]).
    #[error("{key}={}: must be at most {}", crate::diag::number(*value), crate::diag::number(*max))]
    TooLarge {
        /// The key.
        key: String,
        /// The value given.
        value: f64,
        /// The bound.
        max: f64,
    },
    /// The key names an element or category that does not exist.
    #[error("{key}: {message}")]
    Unknown {
        /// The key.
        key: String,
        /// What is unknown, with a "did you mean" where one is close, in
        /// the words the loader uses for the same mistake.
        message: String,
    },
}

impl ParamKey {
    /// Sorts a dotted key into its namespace. Any key parses: keys this
    /// module does not know are [`ParamKey::Top`], checked by the loader.
    pub fn parse(key: &str) -> ParamKey {
        let seg: Vec<&str> = key.trim().split('.').collect();
        let owned = |id: &str| id.to_string();
        match seg.as_slice() {
            ["risk_weights", cat] => ParamKey::RiskWeight(owned(cat)),
            ["cargo", "value_usd"] => ParamKey::CargoValue,
            ["cargo", "value_of_time_usd_per_day"] => ParamKey::ValueOfTime,
            ["cargo", "deadline_days"] => ParamKey::Deadline,
            ["departure", "month"] => ParamKey::DepartureMonth,
            ["close", id] => ParamKey::Close {
                id: owned(id),
                field: String::new(),
            },
            ["close", id, field @ ..] => ParamKey::Close {
                id: owned(id),
                field: field.join("."),
            },
            [
                kind @ ("hazards" | "links" | "nodes" | "corridors"),
                id,
                _,
                ..,
            ] => {
                let (id, field) = (owned(id), seg[2..].join("."));
                match *kind {
                    "hazards" => ParamKey::Hazard { id, field },
                    "links" => ParamKey::Link { id, field },
                    "nodes" => ParamKey::Node { id, field },
                    _ => ParamKey::Corridor { id, field },
                }
            }
            _ => ParamKey::Top(seg.iter().map(|s| s.to_string()).collect()),
        }
    }

    /// The largest value of a key [`ParamKey::apply`] sets in memory, as
    /// the loader bounds it (other keys are bounded by the loader itself).
    pub fn max(&self) -> Option<f64> {
        use crate::network::limits::*;
        match self {
            ParamKey::RiskWeight(_) => Some(MAX_RISK_WEIGHT),
            ParamKey::CargoValue => Some(MAX_CARGO_VALUE_USD),
            ParamKey::ValueOfTime => Some(MAX_VALUE_OF_TIME_USD_PER_DAY),
            ParamKey::Deadline => Some(MAX_DEADLINE_DAYS),
            ParamKey::DepartureMonth => Some(12.0),
            _ => None,
        }
    }

    /// The key as written in files and on the command line.
    pub fn name(&self) -> String {
        match self {
            ParamKey::RiskWeight(c) => format!("risk_weights.{c}"),
            ParamKey::CargoValue => "cargo.value_usd".into(),
            ParamKey::ValueOfTime => "cargo.value_of_time_usd_per_day".into(),
            ParamKey::Deadline => "cargo.deadline_days".into(),
            ParamKey::DepartureMonth => "departure.month".into(),
            ParamKey::Hazard { id, field } => format!("hazards.{id}.{field}"),
            ParamKey::Link { id, field } => format!("links.{id}.{field}"),
            ParamKey::Node { id, field } => format!("nodes.{id}.{field}"),
            ParamKey::Close { id, field } if field.is_empty() => format!("close.{id}"),
            ParamKey::Close { id, field } => format!("close.{id}.{field}"),
            ParamKey::Corridor { id, field } => format!("corridors.{id}.{field}"),
            ParamKey::Top(seg) => seg.join("."),
        }
    }

    /// Checks that the category or element the key names exists in `sc`.
    /// Fields and top-level keys are left to the loader, which knows the
    /// file layout.
    pub fn check(&self, sc: &Scenario) -> Result<(), ParamError> {
        let net = &sc.network;
        let unknown = |message| {
            Err(ParamError::Unknown {
                key: self.name(),
                message,
            })
        };
        let (what, id, known): (&str, &str, Vec<&str>) = match self {
            ParamKey::RiskWeight(c) if Category::parse(c).is_some() => return Ok(()),
            ParamKey::RiskWeight(c) => return unknown(unknown_category(c)),
            ParamKey::Hazard { id, .. } => (
                "hazard",
                id,
                net.hazards.iter().map(|h| h.id.as_str()).collect(),
            ),
            ParamKey::Link { id, .. } => (
                "link",
                id,
                net.links.iter().map(|l| l.id.as_str()).collect(),
            ),
            ParamKey::Node { id, .. } => (
                "node",
                id,
                net.nodes.iter().map(|n| n.id.as_str()).collect(),
            ),
            ParamKey::Close { id, .. } => ("node or link", id, net.node_and_link_ids().collect()),
            ParamKey::Corridor { id, .. } => (
                "corridor",
                id,
                sc.corridors.iter().map(|c| c.id.as_str()).collect(),
            ),
            _ => return Ok(()),
        };
        if known.contains(&id) {
            return Ok(());
        }
        let hint = suggest(id, known.iter().copied())
            .map_or(String::new(), |s| format!("; did you mean \"{s}\"?"));
        unknown(format!("unknown {what} \"{id}\"{hint}"))
    }

    /// Whether [`ParamKey::apply`] can set this key without re-loading
    /// (for a valid value and an existing id).
    pub fn in_memory(&self) -> bool {
        match self {
            ParamKey::RiskWeight(_)
            | ParamKey::CargoValue
            | ParamKey::ValueOfTime
            | ParamKey::Deadline
            | ParamKey::DepartureMonth => true,
            ParamKey::Hazard { field, .. } => field == "probability" || field == "per_year",
            _ => false,
        }
    }

    /// The key's current value in `sc`, if it names one number this module
    /// knows (see [`list`]).
    pub fn value(&self, sc: &Scenario) -> Option<f64> {
        let net = &sc.network;
        match self {
            ParamKey::RiskWeight(c) => Category::parse(c).map(|c| sc.risk_weights[c.index()]),
            ParamKey::CargoValue => Some(sc.cargo.value_usd),
            ParamKey::ValueOfTime => Some(per_hour_to_per_day(sc.cargo.value_of_time_per_hour)),
            ParamKey::Deadline => sc.cargo.deadline_hours.map(hours_to_days),
            ParamKey::DepartureMonth => departure_month(&sc.departure).map(|m| m as f64 + 1.0),
            ParamKey::Hazard { id, field } => {
                let h = &net.hazards[net.hazard_id(id)?.0 as usize];
                match (field.as_str(), h.timing) {
                    ("probability", Timing::Probability) => Some(h.probability),
                    ("per_year", Timing::Rate { per_year, .. }) => Some(per_year),
                    _ => None,
                }
            }
            ParamKey::Link { id, field } => {
                let link = net.link(net.link_id(id)?);
                link_fields(link)
                    .into_iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// Sets the key to `value` in `sc` where the model allows it without
    /// re-loading: risk weights, cargo value, value of time, deadline and
    /// hazard probabilities. `Ok(false)`: not applicable in memory (another
    /// key, an unknown id, or a value only the loader can judge); re-load
    /// with the override instead.
    pub fn apply(&self, sc: &mut Scenario, value: f64) -> Result<bool, ParamError> {
        let out_of = |range| ParamError::OutOfRange {
            key: self.name(),
            value,
            range,
        };
        if !value.is_finite() {
            return Err(ParamError::NotFinite {
                key: self.name(),
                value,
            });
        }
        if let Some(max) = self.max()
            && value > max
        {
            return Err(ParamError::TooLarge {
                key: self.name(),
                value,
                max,
            });
        }
        match self {
            ParamKey::RiskWeight(c) => {
                let Some(c) = Category::parse(c) else {
                    return Ok(false);
                };
                if value < 0.0 {
                    return Err(out_of("≥ 0"));
                }
                sc.risk_weights[c.index()] = value;
            }
            ParamKey::CargoValue if value >= 0.0 => sc.cargo.value_usd = value,
            ParamKey::ValueOfTime if value >= 0.0 => {
                sc.cargo.value_of_time_per_hour = per_day_to_per_hour(value);
            }
            ParamKey::Deadline if value > 0.0 => {
                sc.cargo.deadline_hours = Some(days_to_hours(value));
            }
            ParamKey::DepartureMonth => {
                if value.fract() != 0.0 || !(1.0..=12.0).contains(&value) {
                    return Err(out_of("a month, 1 to 12"));
                }
                sc.departure = month_departure(value as usize - 1);
            }
            ParamKey::Hazard { id, field } => {
                let Some(h) = sc.network.hazard_id(id) else {
                    return Ok(false);
                };
                let h = &mut sc.network.hazards[h.0 as usize];
                match (field.as_str(), &mut h.timing) {
                    ("probability", Timing::Probability) => {
                        if !(0.0..=1.0).contains(&value) {
                            return Err(out_of("between 0 and 1"));
                        }
                        h.probability = value;
                    }
                    ("per_year", Timing::Rate { per_year, .. }) => {
                        if !(0.0..=8760.0).contains(&value) {
                            return Err(out_of("between 0 and 8760 a year"));
                        }
                        *per_year = value;
                        h.probability = h.share_in_effect();
                    }
                    // The loader says what is wrong (another timing).
                    _ => return Ok(false),
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// "unknown category", as the scenario loader words it for `--set`.
fn unknown_category(name: &str) -> String {
    let hint = suggest(name, Category::NAMES.iter().copied()).map_or_else(
        || format!("expected one of {}", Category::NAMES.join(", ")),
        |s| format!("did you mean `{s}`?"),
    );
    format!("unknown category `{name}`; {hint}")
}

/// The numeric fields a link has as written (`km`, `hours` or `kmh`,
/// `usd` or `usd_per_km`), with their expected values.
pub(super) fn link_fields(link: &crate::network::Link) -> Vec<(String, f64)> {
    let time = match link.time {
        LinkTime::Hours(h) => ("hours", h.mean()),
        LinkTime::Speed(v) => ("kmh", v.mean()),
    };
    let cost = match link.cost {
        LinkCost::Usd(u) => ("usd", u.mean()),
        LinkCost::PerKm(r) => ("usd_per_km", r.mean()),
    };
    [("km", link.km.mean()), time, cost]
        .into_iter()
        .map(|(f, v)| (f.to_string(), v))
        .collect()
}

/// The month (0-based) a departure covers exactly, if it is one month.
pub fn departure_month(d: &super::Departure) -> Option<usize> {
    (0..12).find(|&m| month_departure(m) == *d)
}

/// The departure spread over month `m` (0-based), as `[departure] month`.
pub fn month_departure(m: usize) -> super::Departure {
    use crate::network::MONTH_START_DAY;
    let day = |d: u32| days_to_hours(f64::from(d));
    super::Departure {
        from_hour: day(MONTH_START_DAY[m]),
        span_hours: day(MONTH_START_DAY[m + 1] - MONTH_START_DAY[m]),
        label: MONTH_NAMES[m].into(),
    }
}

/// Month names, for departure labels.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::scenario::load::load_scenario_from;

    /// The shipped example, loaded from its texts with `overrides`.
    pub(in crate::scenario) fn example(overrides: &[String]) -> Scenario {
        let texts: BTreeMap<PathBuf, String> = [
            (
                "scenarios/example.toml",
                include_str!("../../scenarios/example.toml"),
            ),
            (
                "networks/example.toml",
                include_str!("../../networks/example.toml"),
            ),
        ]
        .into_iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
        load_scenario_from(Path::new("scenarios/example.toml"), &texts, overrides).unwrap()
    }

    /// What a parameter can change in a scenario.
    fn numbers(sc: &Scenario) -> (Vec<f64>, [f64; 2], Option<f64>) {
        let probs = sc.network.hazards.iter().map(|h| h.probability).collect();
        let mut all = sc.risk_weights.to_vec();
        all.extend::<Vec<f64>>(probs);
        let c = &sc.cargo;
        (
            all,
            [c.value_usd, c.value_of_time_per_hour],
            c.deadline_hours,
        )
    }

    #[test]
    fn applying_in_memory_equals_loading_with_the_override() {
        let base = example(&[]);
        for (key, value) in [
            ("risk_weights.political", 2.5),
            ("cargo.value_usd", 12_345.0),
            ("cargo.value_of_time_usd_per_day", 37.0),
            ("cargo.deadline_days", 9.5),
            ("hazards.pass-closure.probability", 0.3),
        ] {
            let mut sc = base.clone();
            assert!(ParamKey::parse(key).apply(&mut sc, value).unwrap(), "{key}");
            let loaded = example(&[format!("{key}={value}")]);
            assert_eq!(numbers(&sc), numbers(&loaded), "{key}");
            assert_eq!(ParamKey::parse(key).value(&sc), Some(value), "{key}");
        }
    }

    #[test]
    fn unknown_ids_get_a_suggestion_and_bad_values_an_error() {
        let sc = example(&[]);
        let err = ParamKey::parse("risk_weights.politcal")
            .check(&sc)
            .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `political`"),
            "{err}"
        );
        let err = ParamKey::parse("hazards.pass-closur.probability")
            .check(&sc)
            .unwrap_err();
        assert!(
            err.to_string().contains("did you mean \"pass-closure\""),
            "{err}"
        );
        let mut copy = sc.clone();
        let key = ParamKey::parse("hazards.pass-closure.probability");
        assert!(key.apply(&mut copy, 1.5).is_err());
        assert!(
            ParamKey::parse("risk_weights.security")
                .apply(&mut copy, -1.0)
                .is_err()
        );
        assert!(
            !ParamKey::parse("links.x.usd")
                .apply(&mut copy, 1.0)
                .unwrap()
        );
    }

    #[test]
    fn keys_parse_into_their_namespace_and_back() {
        for key in [
            "risk_weights.security",
            "cargo.value_usd",
            "cargo.value_of_time_usd_per_day",
            "cargo.deadline_days",
            "hazards.x.probability",
            "links.a-b.usd",
            "nodes.n.dwell.road.hours",
            "corridors.c.via",
            "montecarlo.trials",
        ] {
            assert_eq!(ParamKey::parse(key).name(), key);
        }
        assert_eq!(
            ParamKey::parse("hazards.x.probability"),
            ParamKey::Hazard {
                id: "x".into(),
                field: "probability".into()
            }
        );
        assert_eq!(
            ParamKey::parse("hazards.x"),
            ParamKey::Top(vec!["hazards".into(), "x".into()])
        );
    }
}
