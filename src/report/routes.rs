//! `corridor routes` output: a comparison table and leg-by-leg tables, or
//! the same as stable JSON (documented in docs/routes-json.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use comfy_table::Table;

use super::format::thousands;
use super::table::plain;
use crate::network::{Category, Network};
use crate::path::{Planned, Route, Step, StepKind};
use crate::scenario::Scenario;
use crate::units::{hours_to_days, per_hour_to_per_day};

/// Version of the JSON layout; bumped on any incompatible change.
pub const ROUTES_SCHEMA: u32 = 1;

/// The whole `routes` answer, as serialized to JSON.
#[derive(Debug, Serialize)]
pub struct RoutesReport<'a> {
    /// Layout version ([`ROUTES_SCHEMA`]).
    pub schema: u32,
    /// Scenario id.
    pub scenario: &'a str,
    /// Scenario name.
    pub name: &'a str,
    /// Origin node id.
    pub origin: &'a str,
    /// Destination node id.
    pub destination: &'a str,
    /// What one shipment is (the network's `cargo_unit`).
    pub cargo_unit: &'a str,
    /// Value of the cargo, USD.
    pub cargo_value_usd: f64,
    /// Value of time, USD per day.
    pub value_of_time_usd_per_day: f64,
    /// Deadline in days, if any.
    pub deadline_days: Option<f64>,
    /// Risk weight per hazard category.
    pub risk_weights: BTreeMap<&'static str, f64>,
    /// `--set` overrides applied, as typed.
    pub overrides: &'a [String],
    /// One entry per corridor, in scenario order.
    pub corridors: Vec<CorridorJson<'a>>,
}

/// One corridor in the JSON answer.
#[derive(Debug, Serialize)]
pub struct CorridorJson<'a> {
    /// Corridor id.
    pub id: &'a str,
    /// Corridor name.
    pub name: &'a str,
    /// Group name.
    pub group: &'static str,
    /// False: no route exists (the other fields are absent).
    pub reachable: bool,
    /// Length, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    /// Expected transit time, hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Expected transit time, days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    /// Expected cost, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd: Option<f64>,
    /// Σ weight × expected hazard impact, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_premium_usd: Option<f64>,
    /// Weighted premium per category, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_premium_by_category: Option<BTreeMap<&'static str, f64>>,
    /// Expected (risk-weighted) generalized cost, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generalized_cost: Option<f64>,
    /// Node ids passed, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<&'a str>>,
    /// The route leg by leg.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<&'a [Step]>,
}

/// Builds the JSON form of a plan.
pub fn to_report<'a>(sc: &'a Scenario, planned: &'a [Planned]) -> RoutesReport<'a> {
    let net = &sc.network;
    let weights = sc.risk_weight_map();
    let corridors = planned
        .iter()
        .map(|p| {
            let r = p.route.as_ref();
            CorridorJson {
                id: &p.id,
                name: &p.name,
                group: p.group.name(),
                reachable: r.is_some(),
                km: r.map(|r| r.km),
                hours: r.map(|r| r.hours),
                days: r.map(|r| hours_to_days(r.hours)),
                usd: r.map(|r| r.usd),
                risk_premium_usd: r.map(|r| r.risk_premium),
                risk_premium_by_category: r.map(|r| {
                    Category::ALL
                        .iter()
                        .map(|c| (c.name(), r.premium(*c, &sc.risk_weights)))
                        .collect()
                }),
                generalized_cost: r.map(|r| r.generalized_cost),
                nodes: r.map(|r| r.nodes.iter().map(|&n| net.node(n).id.as_str()).collect()),
                steps: r.map(|r| r.steps.as_slice()),
            }
        })
        .collect();
    RoutesReport {
        schema: ROUTES_SCHEMA,
        scenario: &sc.id,
        name: &sc.name,
        origin: &net.node(sc.origin).id,
        destination: &net.node(sc.destination).id,
        cargo_unit: &sc.cargo.unit,
        cargo_value_usd: sc.cargo.value_usd,
        value_of_time_usd_per_day: per_hour_to_per_day(sc.cargo.value_of_time_per_hour),
        deadline_days: sc.cargo.deadline_hours.map(hours_to_days),
        risk_weights: weights,
        overrides: &sc.overrides,
        corridors,
    }
}

/// The corridors ranked by expected generalized cost; no route last.
fn ranked(planned: &[Planned]) -> Vec<&Planned> {
    let key = |p: &Planned| {
        p.route
            .as_ref()
            .map_or(f64::INFINITY, |r| r.generalized_cost)
    };
    let mut ranked: Vec<&Planned> = planned.iter().collect();
    ranked.sort_by(|a, b| key(a).total_cmp(&key(b)));
    ranked
}

/// The human-readable answer: a comparison table, then each route leg by leg.
pub fn to_table(sc: &Scenario, planned: &[Planned]) -> String {
    let ranked = ranked(planned);
    let mut o = heading(sc);
    let _ = writeln!(o, "\n{}", comparison(&ranked));
    for line in doubled_back(sc, planned) {
        let _ = writeln!(o, "note: {line}");
    }
    let _ = writeln!(o, "\nrisk premium by category (USD, weighted):");
    for p in &ranked {
        if let Some(r) = &p.route {
            let _ = writeln!(o, "  {}: {}", p.name, premiums(sc, r));
        }
    }
    for p in &ranked {
        let Some(r) = &p.route else { continue };
        let _ = writeln!(o, "\n── {} ({}) ──", p.name, p.group.name());
        let _ = writeln!(o, "{}", legs(sc, r));
    }
    o
}

/// Each corridor whose best route passes a place twice, in words: such a
/// route reaches a waypoint and turns back, so the corridor's `via` likely
/// needs a place beyond it (a border post's far side, say).
pub fn doubled_back(sc: &Scenario, planned: &[Planned]) -> Vec<String> {
    planned
        .iter()
        .filter_map(|p| {
            let twice = p.route.as_ref()?.passed_twice();
            (!twice.is_empty()).then(|| {
                let places: Vec<String> = twice
                    .iter()
                    .map(|&n| format!("\"{}\"", sc.network.node(n).id))
                    .collect();
                format!(
                    "corridor \"{}\": its best route passes {} twice; it reaches a waypoint and \
                     turns back, so its via may need a place beyond that waypoint",
                    p.id,
                    places.join(", ")
                )
            })
        })
        .collect()
}

/// The scenario: name, origin and destination, cargo, risk weights and
/// overrides.
fn heading(sc: &Scenario) -> String {
    let net = &sc.network;
    let mut o = String::new();
    let _ = writeln!(o, "{}", sc.name);
    let _ = writeln!(
        o,
        "{} → {} · cargo: 1 {} worth ${} · value of time ${}/day{}",
        net.node(sc.origin).name,
        net.node(sc.destination).name,
        sc.cargo.unit,
        thousands(sc.cargo.value_usd, 0),
        thousands(per_hour_to_per_day(sc.cargo.value_of_time_per_hour), 0),
        sc.cargo.deadline_hours.map_or(String::new(), |h| format!(
            " · deadline {} days",
            hours_to_days(h)
        )),
    );
    let weights: Vec<String> = sc
        .risk_weight_map()
        .iter()
        .map(|(c, w)| format!("{c} {w}"))
        .collect();
    let _ = writeln!(o, "risk weights: {}", weights.join(", "));
    if !sc.overrides.is_empty() {
        let _ = writeln!(o, "overrides: {}", sc.overrides.join(" "));
    }
    o
}

/// One row per corridor, cheapest in generalized cost first.
fn comparison(ranked: &[&Planned]) -> Table {
    let mut t = plain(
        &[
            "corridor",
            "group",
            "km",
            "days",
            "USD",
            "risk prem.",
            "gen. cost",
        ],
        2,
    );
    for p in ranked {
        let row = match &p.route {
            Some(r) => vec![
                p.name.clone(),
                p.group.name().to_string(),
                thousands(r.km, 0),
                format!("{:.1}", hours_to_days(r.hours)),
                thousands(r.usd, 0),
                thousands(r.risk_premium, 0),
                thousands(r.generalized_cost, 0),
            ],
            None => vec![
                p.name.clone(),
                p.group.name().to_string(),
                "no route".into(),
            ],
        };
        t.add_row(row);
    }
    t
}

/// A route's weighted risk premium by category, or "none".
fn premiums(sc: &Scenario, r: &Route) -> String {
    let parts: Vec<String> = Category::ALL
        .iter()
        .filter(|c| r.risk[c.index()] > 0.0)
        .map(|c| {
            format!(
                "{} {}",
                c.name(),
                thousands(r.premium(*c, &sc.risk_weights), 0)
            )
        })
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// The node name of a step's end, or the id as written if unknown.
fn place_name(net: &Network, id: &str) -> String {
    net.node_id(id)
        .map_or(id.to_string(), |n| net.node(n).name.clone())
}

/// A number, or an empty cell where it is zero.
fn unless_zero(x: f64) -> String {
    if x > 0.0 {
        thousands(x, 0)
    } else {
        String::new()
    }
}

/// The name of a kind of step, as serialized in the JSON.
fn step_name(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Link => "link",
        StepKind::Border => "border",
        StepKind::Terminal => "terminal",
        StepKind::Transfer => "transfer",
    }
}

/// A route leg by leg, with a total row.
fn legs(sc: &Scenario, r: &Route) -> Table {
    let net = &sc.network;
    let mut t = plain(
        &["step", "from → to", "mode", "km", "hours", "USD", "E[risk]"],
        3,
    );
    for s in &r.steps {
        let place = if s.from == s.to {
            place_name(net, &s.from)
        } else {
            format!("{} → {}", place_name(net, &s.from), place_name(net, &s.to))
        };
        t.add_row(vec![
            step_name(s.kind).to_string(),
            place,
            s.mode.clone(),
            unless_zero(s.km),
            format!("{:.1}", s.hours),
            thousands(s.usd, 0),
            unless_zero(s.risk_usd),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        format!("{:.1} days", hours_to_days(r.hours)),
        String::new(),
        thousands(r.km, 0),
        format!("{:.1}", r.hours),
        thousands(r.usd, 0),
        thousands(r.risk.iter().sum(), 0),
    ]);
    t
}
