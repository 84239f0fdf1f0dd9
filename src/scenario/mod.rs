//! A scenario: a question asked of a network — origin, destination, cargo,
//! risk weights, the corridors to compare, and what-if changes. Built only
//! by [`load`], with its network already changed as the scenario says.

mod changes;
mod check;
mod check_corridors;
pub mod load;
pub mod overrides;
pub mod param_list;
pub mod params;
pub mod raw;

use serde::Serialize;
use strum::IntoStaticStr;

use crate::colour::Rgb;
use crate::network::{LinkId, Mode, N_CATEGORIES, Network, NodeId};

/// The cargo being shipped (one unit).
#[derive(Debug, Clone, Serialize)]
pub struct Cargo {
    /// Cargo unit (must match the network's).
    pub unit: String,
    /// Value of one unit in USD (prices losses).
    pub value_usd: f64,
    /// What an hour in transit costs the shipper, USD/h.
    pub value_of_time_per_hour: f64,
    /// Deadline in hours, if any.
    pub deadline_hours: Option<f64>,
}

crate::network::vocabulary! {
    /// How corridors are grouped in comparisons.
    pub enum Group {
        /// The new routes to Pakistan's ports.
        Southern,
        /// The established routes.
        Traditional,
        /// Anything else.
        Other,
    }
}

/// A corridor to compare: waypoints in order, and what it must not use.
#[derive(Debug, Clone)]
pub struct Corridor {
    /// Unique id (the file name unless given).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Which group it is compared in.
    pub group: Group,
    /// Nodes to pass, in order, between origin and destination.
    pub via: Vec<NodeId>,
    /// Nodes never to pass.
    pub avoid_nodes: Vec<NodeId>,
    /// Links never to use.
    pub avoid_links: Vec<LinkId>,
    /// If set, only links of these modes.
    pub modes: Option<Vec<Mode>>,
    /// Where the corridor comes from: the scenario file, or a route found
    /// by the program.
    pub found: Found,
    /// The colour it is drawn in, if the scenario gives one (else the
    /// report picks one from the id: [`crate::report::colours`]).
    pub colour: Option<Rgb>,
}

/// Where a compared corridor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Found {
    /// Written in the scenario.
    #[default]
    Named,
    /// One of the k best distinct routes of a scenario without corridors.
    KBest,
    /// A route a shipper free to choose took often, outside every other
    /// corridor.
    FreeChoice,
}

/// Monte-Carlo settings.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MonteCarlo {
    /// Number of trials (shipments).
    pub trials: u64,
    /// Seed of the per-trial random streams.
    pub seed: u64,
}

/// When shipments depart: uniformly within a span of the calendar year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Departure {
    /// First hour of the span in the model's 365-day year.
    pub from_hour: f64,
    /// Length of the span in hours (a day for a date, a year when absent).
    pub span_hours: f64,
    /// How the scenario put it: `January`, `2026-01-15`, `12-01 to 02-28`,
    /// `any day of the year`.
    pub label: String,
}

impl Default for Departure {
    fn default() -> Departure {
        Departure {
            from_hour: 0.0,
            span_hours: crate::network::HOURS_PER_YEAR,
            label: "any day of the year".into(),
        }
    }
}

/// Default Monte-Carlo seed, printed in every report.
pub const DEFAULT_SEED: u64 = 42;
/// Default number of trials.
pub const DEFAULT_TRIALS: u64 = 100_000;

/// An input file and its SHA-256, for report manifests.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct InputFile {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its content, in hex.
    pub sha256: String,
}

/// A checked scenario with its changed network.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Unique id (the file name unless given).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Free text for reports.
    pub description: String,
    /// The network, with the scenario's changes applied.
    pub network: Network,
    /// Where shipments start.
    pub origin: NodeId,
    /// Where shipments end.
    pub destination: NodeId,
    /// What is shipped.
    pub cargo: Cargo,
    /// Risk weight per hazard category (index [`crate::network::Category::index`]).
    pub risk_weights: [f64; N_CATEGORIES],
    /// Corridors to compare; empty means "the k best distinct routes".
    pub corridors: Vec<Corridor>,
    /// Monte-Carlo settings.
    pub montecarlo: MonteCarlo,
    /// When shipments depart.
    pub departure: Departure,
    /// Scenario and network files with their hashes.
    pub inputs: Vec<InputFile>,
    /// The `--set` overrides applied, as given.
    pub overrides: Vec<String>,
}

/// The folder every default report folder is in.
pub const REPORTS_DIR: &str = "reports";

impl Scenario {
    /// The network as planning sees it at the scenario's departure: when
    /// departures fall within part of the year, each hazard's share of time
    /// in effect is the one of the departure's first month (seasons and
    /// months known in advance). `None`: departures all year, the network
    /// as it is.
    pub fn planning_network(&self) -> Option<Network> {
        if self.departure.span_hours >= crate::network::HOURS_PER_YEAR - 1.0 {
            return None;
        }
        let m = crate::network::month_of_hour(self.departure.from_hour);
        let mut net = self.network.clone();
        for h in &mut net.hazards {
            h.probability = h.share_in_month(m);
        }
        Some(net)
    }

    /// The default report folder, `reports/<id>`. The id was checked at
    /// load ([`crate::network::is_valid_id`]: no `/`, no `..`, not empty),
    /// so the folder is always inside `reports/`.
    ///
    /// A what-if run (one with `--set` overrides) gets its own folder,
    /// `reports/<id>--what-if-<tag>` ([`what_if_tag`]), so that it never
    /// replaces the baseline's report.
    pub fn report_dir(&self) -> std::path::PathBuf {
        debug_assert!(crate::network::is_valid_id(&self.id), "{:?}", self.id);
        let folder = match what_if_tag(&self.overrides) {
            Some(tag) => format!("{}--what-if-{tag}", self.id),
            None => self.id.clone(),
        };
        std::path::Path::new(REPORTS_DIR).join(folder)
    }

    /// What this run changes, for titles: `what-if: destination = gwadar;
    /// risk_weights.political = 3` ([`what_if`]), or `None` for a run of
    /// the scenario as written.
    pub fn what_if(&self) -> Option<String> {
        what_if(&self.overrides)
    }

    /// Risk weight per category name, in a stable order (for reports).
    pub fn risk_weight_map(&self) -> std::collections::BTreeMap<&'static str, f64> {
        crate::network::Category::ALL
            .iter()
            .map(|c| (c.name(), self.risk_weights[c.index()]))
            .collect()
    }
}

/// The overrides that take effect, as `(key, value)` with spaces trimmed:
/// the last value given for each key, sorted by key (overrides are applied
/// in order, so a later one replaces an earlier one of the same key).
/// Entries without `=` are left out (loading refuses them).
pub fn effective_overrides(overrides: &[String]) -> Vec<(&str, &str)> {
    let mut last = std::collections::BTreeMap::new();
    for o in overrides {
        if let Some((key, value)) = o.split_once('=') {
            last.insert(key.trim(), value.trim());
        }
    }
    last.into_iter().collect()
}

/// The one-line description of a run's overrides shown under the titles
/// of its table, briefing and charts: `what-if: key = value; …` in
/// [`effective_overrides`] order, or `None` without overrides.
pub fn what_if(overrides: &[String]) -> Option<String> {
    let effective = effective_overrides(overrides);
    if effective.is_empty() {
        return None;
    }
    let parts: Vec<String> = effective
        .iter()
        .map(|(key, value)| format!("{key} = {value}"))
        .collect();
    Some(format!("what-if: {}", parts.join("; ")))
}

/// A short tag naming a set of overrides: the first 8 hex digits of the
/// SHA-256 of the [`effective_overrides`] as `key=value` lines, so the
/// same changes typed in another order or spacing get the same tag.
/// `None` without overrides.
pub fn what_if_tag(overrides: &[String]) -> Option<String> {
    use sha2::Digest as _;
    let effective = effective_overrides(overrides);
    if effective.is_empty() {
        return None;
    }
    let mut hasher = sha2::Sha256::new();
    for (key, value) in &effective {
        hasher.update(format!("{key}={value}\n").as_bytes());
    }
    let digest = hasher.finalize();
    Some(digest[..4].iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::{what_if, what_if_tag};

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn what_if_names_the_last_value_of_each_key_sorted() {
        let o = v(&[
            "risk_weights.political=5",
            "destination = gwadar",
            "risk_weights.political=3",
        ]);
        assert_eq!(
            what_if(&o).as_deref(),
            Some("what-if: destination = gwadar; risk_weights.political = 3")
        );
        assert_eq!(what_if(&[]), None);
        assert_eq!(what_if_tag(&[]), None);
    }

    #[test]
    fn what_if_tag_ignores_order_and_spacing_but_not_values() {
        let a = what_if_tag(&v(&["destination=gwadar", "risk_weights.political=3"])).unwrap();
        let b = what_if_tag(&v(&["risk_weights.political = 3", "destination= gwadar"])).unwrap();
        let c = what_if_tag(&v(&["destination=gwadar", "risk_weights.political=4"])).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 8);
        assert!(a.chars().all(|ch| ch.is_ascii_hexdigit()));
    }
}
