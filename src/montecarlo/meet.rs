//! What a shipment meets on its way, at the time it gets there: a
//! closure in effect is waited out until its chain of occurrences ends, at
//! holding cost; the delays, costs and losses in effect are charged (a
//! delay is waited at holding cost too). Each hazard's occurrences are laid
//! on the calendar as far as the shipment's clock has got.

use super::calendar::{Calendar, hazard_unit, in_effect};
use super::draws::field;
use super::edges::Holding;
use super::model::{HazardIndex, Kind, SimModel};
use super::outcome::Outcome;
use super::travel::Position;
use crate::units::HOURS_PER_DAY;

impl SimModel {
    /// Waits out a closure among `bits` in effect now, at `holding` cost;
    /// false if it never ends.
    pub(super) fn wait_if_closed(
        &self,
        bits: u128,
        holding: Option<&Holding>,
        at: &mut Position<'_>,
        cal: &mut Calendar,
        o: &mut Outcome,
    ) -> bool {
        // The chain of closures from now, with the calendar laid as far
        // as the chain reaches (laying never changes what is laid).
        cal.lay_to(&self.clocks, at.t);
        let (end, h) = loop {
            let live = bits & cal.live_bits;
            let Some((end, h)) = self.chain_end(live, at.t, |h, x| cal.covering_end(h, x)) else {
                return true;
            };
            if end < cal.laid_to || !end.is_finite() {
                break (end, h);
            }
            cal.lay_to(&self.clocks, end);
        };
        let category = self.hazards[h].category;
        if !end.is_finite() {
            return false;
        }
        let hours = end - at.t;
        o.waited = true;
        o.wait_hours += hours;
        let usd = holding_usd(holding, cal.key(), hours);
        o.risk_event(category, hours, 0.0, self.value_of_time);
        o.hold(category, usd);
        at.t = end;
        self.rest(at, hours);
        true
    }

    /// The delay, cost and loss effects among `effects` in effect now;
    /// a delay is waited at `holding` cost.
    pub(super) fn meet_hazards(
        &self,
        effects: &[HazardIndex],
        holding: Option<&Holding>,
        at: &mut Position<'_>,
        cal: &mut Calendar,
        o: &mut Outcome,
    ) {
        if effects.is_empty() {
            return;
        }
        let vot = self.value_of_time;
        cal.lay_to(&self.clocks, at.t);
        for &x in effects {
            let eff = &self.effects[x as usize];
            if !in_effect(&self.clocks, cal, eff.hazard, at.t) {
                continue;
            }
            let cat = self.hazards[eff.hazard].category;
            let size = self.effect_size(x as usize, cal);
            match eff.kind {
                Kind::Delay => {
                    o.risk_event(cat, size, 0.0, vot);
                    o.wait_hours += size;
                    let usd = holding_usd(holding, cal.key(), size);
                    o.hold(cat, usd);
                    at.t += size;
                    self.rest(at, size);
                    cal.lay_to(&self.clocks, at.t);
                }
                Kind::Cost => o.risk_event(cat, 0.0, size, vot),
                Kind::Loss => {
                    let lost = size.min(1.0) * self.cargo_value;
                    o.lost = o.lost || lost > 0.0;
                    o.risk_event(cat, 0.0, lost, vot);
                }
                Kind::Close => {}
            }
        }
    }

    /// Effect `x`'s size in the trial, drawn when first needed (counter-based:
    /// the same whenever it is drawn).
    #[inline]
    fn effect_size(&self, x: usize, cal: &mut Calendar) -> f64 {
        let key = cal.key();
        *cal.sizes[x].get_or_insert_with(|| {
            let eff = &self.effects[x];
            eff.size.at(hazard_unit(key, eff.hazard as u32, eff.draw))
        })
    }
}

/// Holding cost of waiting `hours` at `holding`'s rate (drawn once per
/// node, mode and trial).
fn holding_usd(holding: Option<&Holding>, key: u64, hours: f64) -> f64 {
    holding.map_or(0.0, |h| {
        hours * h.per_day.draw(key, h.key, field::HOLDING) / HOURS_PER_DAY
    })
}
