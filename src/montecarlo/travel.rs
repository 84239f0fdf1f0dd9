//! Travelling a chosen route in one trial: each edge's time and cost are
//! drawn (counter-based, so corridors sharing a link share the draw), the
//! hazards that occurred add their delays, costs and losses, and closures
//! on the route are waited out. Also where the money and time go (parts).

use strum::EnumCount as _;

use super::draws::{element_unit, field};
use super::edges::{CostDraw, EdgeSim, TimeDraw};
use super::model::{Kind, Plan, SimModel};
use crate::cost::{CostPart, generalized_cost};
use crate::network::N_CATEGORIES;

impl SimModel {
    /// Travels a route with the trial's draws.
    pub fn travel(
        &self,
        plan: &Plan,
        key: u64,
        occurred: &[bool],
        sizes: &[f64],
        waiting: Option<(u128, &[f64])>,
    ) -> Outcome {
        let mut o = Outcome::default();
        for &e in &plan.edges {
            match &self.edges[e as usize] {
                EdgeSim::Link {
                    key: k,
                    km,
                    time,
                    cost,
                    dwell,
                } => {
                    let km = km.at(element_unit(key, *k, field::KM));
                    let hours = match time {
                        TimeDraw::Hours(h) => h.at(element_unit(key, *k, field::TIME)),
                        TimeDraw::Speed(v) => {
                            km / v.at(element_unit(key, *k, field::TIME)).max(1e-9)
                        }
                    };
                    let usd = match cost {
                        CostDraw::Usd(u) => u.at(element_unit(key, *k, field::COST)),
                        CostDraw::PerKm(r) => km * r.at(element_unit(key, *k, field::COST)),
                    };
                    o.add(CostPart::LineHaul, hours, usd);
                    if let Some(d) = dwell {
                        o.add(
                            d.part,
                            d.hours.at(element_unit(key, d.key, field::DWELL_HOURS)),
                            d.usd.at(element_unit(key, d.key, field::DWELL_USD)),
                        );
                    }
                }
                EdgeSim::Transfer { key: k, hours, usd } => {
                    o.add(
                        CostPart::TransfersPorts,
                        hours.at(element_unit(key, *k, field::TRANSFER_HOURS)),
                        usd.at(element_unit(key, *k, field::TRANSFER_USD)),
                    );
                }
            }
            let vot = self.value_of_time;
            for &h in &self.edge_effects[e as usize] {
                let h = h as usize;
                if !occurred[h] {
                    continue;
                }
                let cat = self.hazards[h].category;
                match self.hazards[h].kind {
                    Kind::Delay => o.risk_event(cat, sizes[h], 0.0, vot),
                    Kind::Cost => o.risk_event(cat, 0.0, sizes[h], vot),
                    Kind::Loss => {
                        let lost = sizes[h].min(1.0) * self.cargo_value;
                        o.lost = o.lost || lost > 0.0;
                        o.risk_event(cat, 0.0, lost, vot);
                    }
                    Kind::Close => {}
                }
            }
            if let Some((occurring, durations)) = waiting {
                let closed = self.edge_closures[e as usize] & occurring;
                if closed != 0 {
                    for (b, &d) in durations.iter().enumerate() {
                        if closed >> b & 1 == 1 && d > 0.0 {
                            o.waited = true;
                            o.risk_event(self.closure_category[b], d, 0.0, vot);
                        }
                    }
                }
            }
        }
        o
    }

    /// Risk-weighted realized generalized cost of an outcome: USD + value
    /// of time × hours, with each category's realized hazard impact
    /// weighted by its risk weight (weight 1 counts it as it is).
    #[inline]
    pub fn weighted_gc(&self, o: &Outcome) -> f64 {
        let extra: f64 = o
            .risk_usd
            .iter()
            .zip(&self.risk_weights)
            .map(|(r, w)| (w - 1.0) * r)
            .sum();
        generalized_cost(o.usd, o.hours, self.value_of_time, extra)
    }
}

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
    /// Realized hazard impact per category, USD (hours at the value of time).
    pub risk_usd: [f64; N_CATEGORIES],
}

impl Outcome {
    #[inline]
    fn risk_event(&mut self, category: usize, hours: f64, usd: f64, vot: f64) {
        self.add(CostPart::RiskEvents, hours, usd);
        self.risk_usd[category] += generalized_cost(usd, hours, vot, 0.0);
    }

    #[inline]
    fn add(&mut self, part: CostPart, hours: f64, usd: f64) {
        self.hours += hours;
        self.usd += usd;
        self.part_hours[part.index()] += hours;
        self.part_usd[part.index()] += usd;
    }
}
