//! Every numeric parameter key a scenario has, with its current value and
//! valid range: what the tornado varies and the explorer shows as sliders
//! (the keys themselves are the language of `params.rs`).

use super::Scenario;
use super::params::{ParamKey, link_fields};
use crate::network::{Category, Timing};

/// One key that exists in a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamInfo {
    /// The key.
    pub key: ParamKey,
    /// Its current value (`None`: not set, e.g. no deadline).
    pub value: Option<f64>,
    /// Smallest valid value.
    pub min: f64,
    /// Largest valid value (`f64::INFINITY`: unbounded).
    pub max: f64,
    /// Whether the minimum itself is excluded (a deadline must be > 0).
    pub min_exclusive: bool,
    /// Whether [`ParamKey::apply`] sets it without re-loading.
    pub in_memory: bool,
}

fn key_is_speed(key: &ParamKey) -> bool {
    matches!(key, ParamKey::Link { field, .. } if field == "kmh")
}

/// Every numeric key of `sc`, in a stable order: the risk weight of every
/// category, every hazard's probability, the cargo's value of time, value
/// and deadline, then each link's length, time and cost.
pub fn list(sc: &Scenario) -> Vec<ParamInfo> {
    let info = |key: ParamKey, min: f64, max: f64| ParamInfo {
        value: key.value(sc),
        in_memory: key.in_memory(),
        key,
        min,
        max,
        min_exclusive: false,
    };
    let bound = |key: &ParamKey| key.max().unwrap_or(f64::INFINITY);
    let mut out: Vec<ParamInfo> = Category::ALL
        .iter()
        .map(|c| ParamKey::RiskWeight(c.name().into()))
        .map(|k| info(k.clone(), 0.0, bound(&k)))
        .collect();
    out.push(info(ParamKey::DepartureMonth, 1.0, 12.0));
    // A hazard's knob is how it is written: its probability, or its rate
    // a year (a season has none).
    out.extend(sc.network.hazards.iter().filter_map(|h| {
        let (field, max) = match h.timing {
            Timing::Probability => ("probability", 1.0),
            Timing::Rate { .. } => ("per_year", 8760.0),
            _ => return None,
        };
        let key = ParamKey::Hazard {
            id: h.id.clone(),
            field: field.into(),
        };
        Some(info(key, 0.0, max))
    }));
    out.push(info(
        ParamKey::ValueOfTime,
        0.0,
        bound(&ParamKey::ValueOfTime),
    ));
    out.push(info(
        ParamKey::CargoValue,
        0.0,
        bound(&ParamKey::CargoValue),
    ));
    out.push(ParamInfo {
        min_exclusive: true,
        ..info(ParamKey::Deadline, 0.0, bound(&ParamKey::Deadline))
    });
    for link in &sc.network.links {
        for (field, _) in link_fields(link) {
            use crate::network::limits::Quantity;
            let q = match field.as_str() {
                "km" => Quantity::Km,
                "hours" => Quantity::Hours,
                "kmh" => Quantity::Kmh,
                "usd" => Quantity::Usd,
                _ => Quantity::UsdPerKm,
            };
            let key = ParamKey::Link {
                id: link.id.clone(),
                field,
            };
            // A speed must be > 0 (the network loader's rule); lengths,
            // times and prices may be 0.
            out.push(ParamInfo {
                min_exclusive: key_is_speed(&key),
                ..info(key, 0.0, q.max())
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::params::tests::example;

    #[test]
    fn list_names_every_weight_hazard_and_cargo_key_and_each_checks() {
        let sc = example(&[]);
        let keys: Vec<String> = list(&sc).iter().map(|p| p.key.name()).collect();
        for c in Category::NAMES {
            assert!(keys.contains(&format!("risk_weights.{c}")), "{c}");
        }
        for h in &sc.network.hazards {
            assert!(keys.contains(&format!("hazards.{}.probability", h.id)));
        }
        for p in list(&sc) {
            assert!(p.key.check(&sc).is_ok(), "{}", p.key.name());
            // Departures all year round: no month to show.
            let unset = p.key == ParamKey::DepartureMonth;
            assert_eq!(p.value.is_some(), !unset, "{}", p.key.name());
        }
        let july = example(&["departure.month=7".into()]);
        assert_eq!(ParamKey::DepartureMonth.value(&july), Some(7.0));
    }
}
