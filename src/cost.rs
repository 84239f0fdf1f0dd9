//! Cost: the parts a trip's money and time are split into, and the
//! generalized-cost formula. Every place that charges, sums, reports or
//! draws a cost part iterates over [`CostPart`]; every place that turns
//! money and time into one number calls [`generalized_cost`].

use strum::{EnumCount, EnumIter, IntoStaticStr};

/// Where the money and time of a trip go. The discriminant is the index
/// into per-part arrays (`[f64; CostPart::COUNT]`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    EnumIter,
    EnumCount,
    IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum CostPart {
    /// Travel along links.
    #[default]
    LineHaul = 0,
    /// Dwell at border crossings.
    Borders = 1,
    /// Transfers and dwell at ports and terminals.
    TransfersPorts = 2,
    /// Hazards that happened: delays, waits, extra costs, losses.
    RiskEvents = 3,
    /// Holding cost while waiting out closures and delays (truck standby,
    /// detention, demurrage, storage). Its hours are the waits themselves,
    /// which are counted under risk events, so this part has none.
    Holding = 4,
}

impl CostPart {
    /// The key in `summary.json` and the column suffix in `corridors.csv`
    /// (`line_haul`, `borders`, `transfers_ports`, `risk_events`, `holding`).
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The label in charts and briefings.
    pub fn label(self) -> &'static str {
        match self {
            CostPart::LineHaul => "line haul",
            CostPart::Borders => "borders",
            CostPart::TransfersPorts => "transfers & ports",
            CostPart::RiskEvents => "risk events",
            CostPart::Holding => "holding",
        }
    }

    /// Index into per-part arrays.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Generalized cost: money, plus time valued at `value_of_time_per_hour`,
/// plus a risk term (expected or realized hazard impact, already weighted
/// by the caller's risk weights).
///
/// ```
/// use corridor::cost::generalized_cost;
/// // $1,000 and 48 hours at $5/hour, with a $40 risk premium.
/// assert_eq!(generalized_cost(1000.0, 48.0, 5.0, 40.0), 1280.0);
/// ```
#[inline]
pub fn generalized_cost(usd: f64, hours: f64, value_of_time_per_hour: f64, risk: f64) -> f64 {
    usd + value_of_time_per_hour * hours + risk
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn parts_index_in_order_and_keys_are_stable() {
        let keys: Vec<&str> = CostPart::iter().map(CostPart::key).collect();
        assert_eq!(
            keys,
            [
                "line_haul",
                "borders",
                "transfers_ports",
                "risk_events",
                "holding"
            ]
        );
        for (i, p) in CostPart::iter().enumerate() {
            assert_eq!(p.index(), i);
        }
        assert_eq!(CostPart::COUNT, 5);
    }
}
