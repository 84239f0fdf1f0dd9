//! What one shipment on one route cost: hours and USD, by cost part, and
//! the realized hazard impact by risk category.

use strum::EnumCount as _;

use crate::cost::{CostPart, generalized_cost};
use crate::network::N_CATEGORIES;

/// What one shipment on one route cost.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Transit hours.
    pub hours: f64,
    /// USD.
    pub usd: f64,
    /// Hours per cost part.
    pub part_hours: [f64; CostPart::COUNT],
    /// USD per cost part.
    pub part_usd: [f64; CostPart::COUNT],
    /// Whether some of the cargo was lost.
    pub lost: bool,
    /// Whether the shipment waited out a closure.
    pub waited: bool,
    /// Hours spent waiting (closures and delays).
    pub wait_hours: f64,
    /// Realized hazard impact per category, USD (hours at the value of time).
    pub risk_usd: [f64; N_CATEGORIES],
}

impl Outcome {
    #[inline]
    pub(super) fn risk_event(&mut self, category: usize, hours: f64, usd: f64, vot: f64) {
        self.add(CostPart::RiskEvents, hours, usd);
        self.risk_usd[category] += generalized_cost(usd, hours, vot, 0.0);
    }

    /// Holding cost while waiting for a hazard of `category`.
    #[inline]
    pub(super) fn hold(&mut self, category: usize, usd: f64) {
        self.add(CostPart::Holding, 0.0, usd);
        self.risk_usd[category] += usd;
    }

    #[inline]
    pub(super) fn add(&mut self, part: CostPart, hours: f64, usd: f64) {
        self.hours += hours;
        self.usd += usd;
        self.part_hours[part.index()] += hours;
        self.part_usd[part.index()] += usd;
    }
}
