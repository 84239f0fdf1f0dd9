//! `corridor routes` output: a comparison table and leg-by-leg tables, or
//! the same as stable JSON (documented in docs/routes-json.md).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::network::Category;
use crate::path::{Planned, Step};
use crate::scenario::Scenario;
use crate::units::{hours_to_days, per_hour_to_per_day};

/// Version of the JSON layout; bumped on any incompatible change.
pub const ROUTES_SCHEMA: u32 = 1;

/// The whole `routes` answer, as serialized to JSON.
#[derive(Debug, Serialize)]
pub struct RoutesReport<'a> {
    pub schema: u32,
    pub scenario: &'a str,
    pub name: &'a str,
    pub origin: &'a str,
    pub destination: &'a str,
    pub cargo_unit: &'a str,
    pub cargo_value_usd: f64,
    pub value_of_time_usd_per_day: f64,
    pub deadline_days: Option<f64>,
    pub risk_weights: BTreeMap<&'static str, f64>,
    pub overrides: &'a [String],
    pub corridors: Vec<CorridorJson<'a>>,
}

/// One corridor in the JSON answer.
#[derive(Debug, Serialize)]
pub struct CorridorJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub group: &'static str,
    /// False: no route exists (the other fields are absent).
    pub reachable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usd: Option<f64>,
    /// Σ weight × expected hazard impact, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_premium_usd: Option<f64>,
    /// Weighted premium per category, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_premium_by_category: Option<BTreeMap<&'static str, f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generalized_cost: Option<f64>,
    /// Node ids passed, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<&'a str>>,
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

/// Formats a number with thousands separators and `decimals` decimals.
pub fn thousands(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && x.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.insert(0, '-');
    }
    out
}

/// The human-readable answer: a comparison table, then each route leg by leg.
pub fn to_table(sc: &Scenario, planned: &[Planned]) -> String {
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
    let _ = writeln!(o);
    let name_w = planned
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let _ = writeln!(
        o,
        "{:<name_w$}  {:<11}  {:>7}  {:>6}  {:>8}  {:>9}  {:>10}",
        "corridor", "group", "km", "days", "USD", "risk prem.", "gen. cost"
    );
    let mut ranked: Vec<&Planned> = planned.iter().collect();
    ranked.sort_by(|a, b| {
        let ka = a
            .route
            .as_ref()
            .map_or(f64::INFINITY, |r| r.generalized_cost);
        let kb = b
            .route
            .as_ref()
            .map_or(f64::INFINITY, |r| r.generalized_cost);
        ka.total_cmp(&kb)
    });
    for p in &ranked {
        let name = pad(&p.name, name_w);
        match &p.route {
            Some(r) => {
                let _ = writeln!(
                    o,
                    "{name}  {:<11}  {:>7}  {:>6.1}  {:>8}  {:>9}  {:>10}",
                    p.group.name(),
                    thousands(r.km, 0),
                    hours_to_days(r.hours),
                    thousands(r.usd, 0),
                    thousands(r.risk_premium, 0),
                    thousands(r.generalized_cost, 0),
                );
            }
            None => {
                let _ = writeln!(o, "{name}  {:<11}  no route", p.group.name());
            }
        }
    }
    let _ = writeln!(o, "\nrisk premium by category (USD, weighted):");
    for p in &ranked {
        if let Some(r) = &p.route {
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
            let parts = if parts.is_empty() {
                "none".to_string()
            } else {
                parts.join(", ")
            };
            let _ = writeln!(o, "  {}: {parts}", p.name);
        }
    }
    for p in &ranked {
        let Some(r) = &p.route else { continue };
        let _ = writeln!(o, "\n── {} ({}) ──", p.name, p.group.name());
        let _ = writeln!(
            o,
            "  {:<9}  {:<40}  {:<21}  {:>7}  {:>7}  {:>7}  {:>7}",
            "step", "from → to", "mode", "km", "hours", "USD", "E[risk]"
        );
        for s in &r.steps {
            let what = match s.kind {
                crate::path::StepKind::Link => "link",
                crate::path::StepKind::Border => "border",
                crate::path::StepKind::Terminal => "terminal",
                crate::path::StepKind::Transfer => "transfer",
            };
            let place = if s.from == s.to {
                net.node_id(&s.from)
                    .map_or(s.from.clone(), |n| net.node(n).name.clone())
            } else {
                let f = net
                    .node_id(&s.from)
                    .map_or(s.from.clone(), |n| net.node(n).name.clone());
                let t = net
                    .node_id(&s.to)
                    .map_or(s.to.clone(), |n| net.node(n).name.clone());
                format!("{f} → {t}")
            };
            let _ = writeln!(
                o,
                "  {:<9}  {}  {}  {:>7}  {:>7.1}  {:>7}  {:>7}",
                what,
                pad(&place, 40),
                pad(&s.mode, 21),
                if s.km > 0.0 {
                    thousands(s.km, 0)
                } else {
                    String::new()
                },
                s.hours,
                thousands(s.usd, 0),
                if s.risk_usd > 0.0 {
                    thousands(s.risk_usd, 0)
                } else {
                    String::new()
                },
            );
        }
        let _ = writeln!(
            o,
            "  {:<9}  {:<40}  {:<21}  {:>7}  {:>7.1}  {:>7}  {:>7}",
            "total",
            format!("{:.1} days", hours_to_days(r.hours)),
            "",
            thousands(r.km, 0),
            r.hours,
            thousands(r.usd, 0),
            thousands(r.risk.iter().sum(), 0),
        );
    }
    o
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(1234567.0, 0), "1,234,567");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1234.5, 1), "1,234.5");
        assert_eq!(thousands(-1234.0, 0), "-1,234");
        assert_eq!(thousands(0.0, 0), "0");
    }
}
