//! Checking a scenario's own values against its (changed) network: origin
//! and destination, cargo, risk weights, departure, Monte-Carlo settings,
//! and the id; the corridors are checked in [`super::check_corridors`].
//! Runs even when the network has problems, so that the scenario's own
//! problems are reported too.

use std::path::Path;

use super::check_corridors::{corridors, node_ref, slug};
use super::raw::{RawCargo, RawScenario, RawTop};
use super::*;
use crate::diag::{Diag, Files, Loc, Quote, did_you_mean_or_list};
use crate::network::limits::{
    MAX_CARGO_VALUE_USD, MAX_DEADLINE_DAYS, MAX_RISK_WEIGHT, MAX_VALUE_OF_TIME_USD_PER_DAY,
};
use crate::network::{Category, DEFAULT_CARGO_UNIT, Network, NodeId, id_problem, is_valid_id};
use crate::units::{days_to_hours, per_day_to_per_hour};

/// A number ≥ 0 (> 0 if `min_exclusive`) and at most `max`.
fn number(
    key: &str,
    v: &Loc<f64>,
    (min_exclusive, max): (bool, f64),
    diags: &mut Vec<Diag>,
) -> Option<f64> {
    if v.value.is_finite() && v.value > max {
        diags.push(Diag::at(
            v,
            key,
            format!(
                "must be at most {}, got {}",
                crate::diag::number(max),
                crate::diag::number(v.value)
            ),
        ));
        return None;
    }
    let ok = v.value.is_finite()
        && if min_exclusive {
            v.value > 0.0
        } else {
            v.value >= 0.0
        };
    if !ok {
        let bound = if min_exclusive { "> 0" } else { "≥ 0" };
        diags.push(Diag::at(
            v,
            key,
            format!("must be {bound}, got {}", v.value),
        ));
    }
    ok.then_some(v.value)
}

/// Checks the scenario's own values against its (changed) network and
/// builds the [`Scenario`]; `None` if there was any problem, here or in
/// the network.
pub(super) fn build(
    files: &Files,
    raw: &RawScenario,
    network: Option<Network>,
    inputs: Vec<InputFile>,
    overrides: &[String],
    diags: &mut Vec<Diag>,
) -> Option<Scenario> {
    let before = diags.len();
    let top = &raw.top;
    let net = network.as_ref();
    let (origin, destination) = endpoints(raw, net, diags);
    let cargo = match &top.cargo {
        None => {
            missing(raw, "cargo", diags);
            None
        }
        Some(c) => cargo(c, net, diags),
    };
    let risk_weights = risk_weights(top, diags);
    let corridors = net.map_or_else(Vec::new, |net| corridors(raw, net, diags));
    let montecarlo = montecarlo(top, diags);
    let departure = departure(top, diags);
    let id = scenario_id(files, raw, diags);
    if diags.len() > before {
        return None;
    }
    Some(Scenario {
        name: top
            .name
            .clone()
            .unwrap_or_else(|| id.clone().unwrap_or_default()),
        description: top.description.clone().unwrap_or_default(),
        id: id?,
        network: network?,
        origin: origin?,
        destination: destination?,
        cargo: cargo?,
        risk_weights,
        corridors,
        montecarlo: montecarlo?,
        departure: departure?,
        inputs,
        overrides: overrides.to_vec(),
    })
}

/// "missing required key" at the top of the scenario file, unless the key
/// was written but could not be read (that was reported already).
fn missing(raw: &RawScenario, key: &str, diags: &mut Vec<Diag>) {
    if !raw.unreadable(key) {
        diags.push(Diag::in_file(
            raw.file,
            Some(0..0),
            key,
            "missing required key",
        ));
    }
}

/// The scenario's id: as written (`id = ...` or `--set id=...`), which
/// must be a valid id, since it names the report folder; else the file's
/// name made into one (`My trip.toml` → `my-trip`).
fn scenario_id(files: &Files, raw: &RawScenario, diags: &mut Vec<Diag>) -> Option<String> {
    if let Some(id) = &raw.top.id {
        if let Some(problem) = id_problem(&id.value) {
            diags.push(Diag::at(id, "id", problem));
            return None;
        }
        return Some(id.value.clone());
    }
    let stem = Path::new(&files.get(raw.file).name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let id = if is_valid_id(&stem) {
        stem
    } else {
        slug(&stem)
    };
    Some(if id.is_empty() { "scenario".into() } else { id })
}

/// Origin and destination: known nodes, and not the same one. Unknown
/// ids are not reported when the network itself did not load.
fn endpoints(
    raw: &RawScenario,
    net: Option<&Network>,
    diags: &mut Vec<Diag>,
) -> (Option<NodeId>, Option<NodeId>) {
    let end = |key: &str, v: &Option<Loc<String>>, diags: &mut Vec<Diag>| match (v, net) {
        (Some(o), Some(net)) => node_ref(net, key, o, diags),
        (Some(_), None) => None,
        (None, _) => {
            missing(raw, key, diags);
            None
        }
    };
    let origin = end("origin", &raw.top.origin, diags);
    let destination = end("destination", &raw.top.destination, diags);
    if let (Some(o), Some(d)) = (origin, destination)
        && o == d
    {
        diags.push(Diag::at(
            raw.top.destination.as_ref().expect("resolved above"),
            "destination",
            "origin and destination are the same node",
        ));
    }
    (origin, destination)
}

/// `[cargo]`: the unit (the network's unless it says otherwise, and then
/// it must agree), value, value of time and optional deadline.
fn cargo(cargo_loc: &Loc<RawCargo>, net: Option<&Network>, diags: &mut Vec<Diag>) -> Option<Cargo> {
    let c = &cargo_loc.value;
    let missing = |key: &str| Diag::at(cargo_loc, key, "missing required key");
    let net_unit = net.map_or(DEFAULT_CARGO_UNIT, |n| n.cargo_unit.as_str());
    let unit = c
        .unit
        .as_ref()
        .map_or(net_unit.to_string(), |u| u.value.clone());
    if net.is_some() && unit != net_unit {
        let u = c
            .unit
            .as_ref()
            .expect("a unit differing from the default was written");
        diags.push(Diag::at(
            u,
            "cargo.unit",
            format!(
                "the network's costs for {} cargo are per \"{net_unit}\", not \"{unit}\"",
                net.map_or("container", |n| n.class.name())
            ),
        ));
    }
    let required = |key: &str, v: &Option<Loc<f64>>, max: f64, diags: &mut Vec<Diag>| match v {
        Some(v) => number(key, v, (false, max), diags),
        None => {
            diags.push(missing(key));
            None
        }
    };
    let value = required("cargo.value_usd", &c.value_usd, MAX_CARGO_VALUE_USD, diags);
    let vot = required(
        "cargo.value_of_time_usd_per_day",
        &c.value_of_time_usd_per_day,
        MAX_VALUE_OF_TIME_USD_PER_DAY,
        diags,
    );
    let deadline = match &c.deadline_days {
        Some(d) => number("cargo.deadline_days", d, (true, MAX_DEADLINE_DAYS), diags)
            .map(|d| Some(days_to_hours(d))),
        None => Some(None),
    };
    Some(Cargo {
        unit,
        value_usd: value?,
        value_of_time_per_hour: per_day_to_per_hour(vot?),
        deadline_hours: deadline?,
    })
}

/// `[risk_weights]`: one weight ≥ 0 per named category, 1 for the others.
fn risk_weights(top: &RawTop, diags: &mut Vec<Diag>) -> [f64; N_CATEGORIES] {
    let mut risk_weights = [1.0; N_CATEGORIES];
    for (name, w) in top.risk_weights.iter().flatten() {
        let key = format!("risk_weights.{name}");
        match Category::parse(name) {
            Some(c) => {
                if let Some(v) = number(&key, w, (false, MAX_RISK_WEIGHT), diags) {
                    risk_weights[c.index()] = v;
                }
            }
            None => {
                let hint = did_you_mean_or_list(name, Category::NAMES, Quote::Key, None);
                diags.push(Diag::at(w, key, format!("unknown category `{name}`{hint}")));
            }
        }
    }
    risk_weights
}

/// `[departure]`: a month, a date, or a window (`from`, `to`); any day of
/// the year when absent.
fn departure(top: &RawTop, diags: &mut Vec<Diag>) -> Option<Departure> {
    use crate::network::month_day_hour;
    let Some(d) = &top.departure else {
        return Some(Departure::default());
    };
    let r = &d.value;
    let given = [
        r.month.is_some(),
        r.date.is_some(),
        r.from.is_some() || r.to.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        diags.push(Diag::at(
            d,
            "departure",
            "give one of `month = 1..12`, `date = \"YYYY-MM-DD\"`, or a window `from = \"MM-DD\"`, `to = \"MM-DD\"`",
        ));
        return None;
    }
    let day = |i: u32| days_to_hours(f64::from(i));
    if let Some(m) = &r.month {
        if !(1..=12).contains(&m.value) {
            diags.push(Diag::at(
                m,
                "departure.month",
                format!("a month is 1 to 12, got {}", m.value),
            ));
            return None;
        }
        return Some(super::params::month_departure(m.value as usize - 1));
    }
    if let Some(date) = &r.date {
        let hour = date
            .value
            .split_once('-')
            .filter(|(y, _)| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
            .and_then(|(_, md)| month_day_hour(md));
        let Some(from_hour) = hour else {
            diags.push(Diag::at(
                date,
                "departure.date",
                format!(
                    "\"{}\" is not a date as \"YYYY-MM-DD\" (the model's calendar has no 29 February)",
                    date.value
                ),
            ));
            return None;
        };
        return Some(Departure {
            from_hour,
            span_hours: day(1),
            label: date.value.clone(),
        });
    }
    departure_window(d, diags)
}

/// `[departure] from = "MM-DD"`, `to = "MM-DD"`: every day from the first
/// to the last, which may wrap over the new year.
fn departure_window(d: &Loc<super::raw::RawDeparture>, diags: &mut Vec<Diag>) -> Option<Departure> {
    use crate::network::{HOURS_PER_YEAR, month_day_at};
    let r = &d.value;
    let mut ends = [(&r.from, "from"), (&r.to, "to")].map(|(v, key)| {
        let Some(v) = v else {
            diags.push(Diag::at(
                d,
                format!("departure.{key}"),
                "a window needs both `from` and `to` (\"MM-DD\")",
            ));
            return None;
        };
        month_day_at(&format!("departure.{key}"), v)
            .map_err(|e| diags.push(e))
            .ok()
            .map(|h| (h, v.value.clone()))
    });
    let (Some((from, a)), Some((to, b))) = (ends[0].take(), ends[1].take()) else {
        return None;
    };
    Some(Departure {
        from_hour: from,
        span_hours: (to - from).rem_euclid(HOURS_PER_YEAR) + days_to_hours(1.0),
        label: format!("{a} to {b}"),
    })
}

/// `[montecarlo]`: trials ≥ 1 and seed ≥ 0, with their defaults.
fn montecarlo(top: &RawTop, diags: &mut Vec<Diag>) -> Option<MonteCarlo> {
    let mc = top.montecarlo.clone().unwrap_or_default();
    let trials = match &mc.trials {
        Some(t) if t.value < 1 => {
            diags.push(Diag::at(
                t,
                "montecarlo.trials",
                format!("must be ≥ 1, got {}", t.value),
            ));
            None
        }
        Some(t) => Some(t.value as u64),
        None => Some(DEFAULT_TRIALS),
    };
    let seed = match &mc.seed {
        Some(s) if s.value < 0 => {
            diags.push(Diag::at(
                s,
                "montecarlo.seed",
                format!("must be ≥ 0, got {}", s.value),
            ));
            None
        }
        Some(s) => Some(s.value as u64),
        None => Some(DEFAULT_SEED),
    };
    Some(MonteCarlo {
        trials: trials?,
        seed: seed?,
    })
}
