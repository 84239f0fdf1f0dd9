//! What one simulated parameter value yields: the metric compared and
//! every corridor's statistics at that value.

use crate::scenario::Group;

/// What is compared.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "lowercase")]
pub enum Metric {
    /// Risk-weighted generalized cost (USD).
    Gc,
    /// USD.
    Usd,
    /// Days.
    Days,
}

impl Metric {
    /// Axis label with unit; `cargo_unit` is the network's cargo unit.
    pub fn label(self, cargo_unit: &str) -> String {
        match self {
            Metric::Gc => format!("Generalized cost per {cargo_unit}, risk-weighted (USD)"),
            Metric::Usd => format!("Cost per {cargo_unit} (USD)"),
            Metric::Days => "Transit time (days)".into(),
        }
    }

    /// Short name (`gc`, `usd`, `days`).
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// One corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct CorridorPoint {
    /// Corridor id.
    pub id: String,
    /// Corridor name.
    pub name: String,
    /// Its group.
    pub group: Group,
    /// The colour the scenario gives it, if any.
    pub colour: Option<crate::colour::Rgb>,
    /// Share of trials with a route.
    pub reached: f64,
    /// Mean of the metric over trials with a route.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// Every corridor at one parameter value.
#[derive(Debug, Clone)]
pub struct Point {
    /// The parameter value (NaN for the scenario as loaded); for a text
    /// value, its position in the list (0, 1, …).
    pub value: f64,
    /// The value when it is not a number (`gwadar`, `["rail"]`).
    pub text: Option<String>,
    /// The compared corridors, in scenario order.
    pub corridors: Vec<CorridorPoint>,
    /// Free choice's share per corridor, then "other".
    pub free_shares: Vec<f64>,
}

impl Point {
    /// The value as the user wrote it: the text, else the number.
    pub fn label(&self) -> String {
        self.text.clone().unwrap_or_else(|| self.value.to_string())
    }
}
