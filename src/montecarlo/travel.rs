//! Travelling in one trial: the shipment carries its own clock from
//! departure. Each edge's time and cost are drawn (counter-based, so
//! corridors sharing a link share the draw); a truck drives at most its
//! country's hours a day; each element is met at the time the shipment
//! gets there: a closure in effect then is waited out until it ends
//! (`meet.rs`), or avoided by re-planning from where the shipment stands
//! (`decide.rs`), and the hazards in effect then add their delays, costs
//! and losses (`meet.rs`). Also where the money and time go (parts).

use std::sync::Arc;

use super::calendar::Calendar;
use super::draws::field;
use super::edges::{CostDraw, EdgeDraw, EdgeDraws, EdgeSim, TimeDraw};
use super::model::{DetourCache, Plan, SimModel};
use super::outcome::Outcome;
use crate::cost::{CostPart, generalized_cost};
use crate::path::{EdgeId, QueryState};
use crate::units::HOURS_PER_DAY;

/// The shortest stop that counts as a driver's daily rest (the reduced
/// daily rest of the AETR rules: 9 hours).
pub const DAILY_REST_HOURS: f64 = 9.0;

/// A view of one trial's draws while a shipment moves.
pub struct TrialDraws<'a> {
    /// The trial key (counter-based element draws).
    pub key: u64,
    /// The hazards' calendar (the hazards drawn so far).
    pub calendar: &'a Calendar,
    /// Month of departure (0-based): which plans and weights apply.
    pub month: usize,
    /// Closure bits with an occurrence in this trial (the others can be
    /// skipped).
    pub live: u128,
}

/// Per-thread working space for journeys, and the trial's calendar, whose
/// hazards are drawn when a route first needs them (the draws are
/// counter-based, so when they are drawn never changes what they are).
pub struct Scratch<'a> {
    /// Search state for re-planning.
    pub state: &'a mut QueryState,
    /// Detours already planned.
    pub cache: &'a mut DetourCache,
    /// The trial's calendar.
    pub calendar: &'a mut Calendar,
    /// The trial key.
    pub key: u64,
    /// Month of departure (0-based).
    pub month: usize,
    /// Edge draws made so far in the trial.
    pub draws: &'a mut EdgeDraws,
}

/// Where a shipment stands on its way.
pub(super) struct Position<'p> {
    /// The plan it left on.
    pub(super) base: &'p Plan,
    /// The detour it took since, if any.
    pub(super) detour: Option<Arc<Plan>>,
    /// Next edge of the plan.
    pub(super) i: usize,
    /// Hours since departure.
    pub(super) t: f64,
    /// Corridor waypoints passed when the plan began.
    pub(super) via_start: usize,
    /// Hours driven since the last rest.
    pub(super) driven: f64,
    /// Closures already weighed.
    pub(super) considered: u128,
    pub(super) replans: u32,
}

/// How a journey went: its outcome, whether it changed route, and the
/// corridor the route it left on belongs to.
pub struct Journey {
    /// Whether it left its planned route for a detour.
    pub detoured: bool,
    /// [`Plan::attributed`] of the route it left the origin on.
    pub attributed: usize,
    /// The detour it left the origin on, if a closure known at departure
    /// made it leave its planned route there.
    pub set_out: Option<Arc<Plan>>,
    /// Whether it ever weighed a known closure against a detour (if not,
    /// it went as its plan and the trial's draws had it go).
    pub weighed: bool,
}

impl<'p> Position<'p> {
    /// At the origin, at departure, on `plan`.
    fn start(plan: &'p Plan) -> Position<'p> {
        Position {
            base: plan,
            detour: None,
            i: 0,
            t: 0.0,
            via_start: 0,
            driven: 0.0,
            considered: 0,
            replans: 0,
        }
    }

    /// The plan being followed.
    #[inline]
    pub(super) fn plan(&self) -> &Plan {
        self.detour.as_deref().unwrap_or(self.base)
    }
}

impl SimModel {
    /// Travels corridor `c` from departure, starting on `plan`; `None` if
    /// it meets a closure that never ends with no way round (a what-if
    /// closure for the whole run). What it cost goes into `o`.
    pub fn journey(
        &self,
        c: usize,
        plan: &Plan,
        scratch: &mut Scratch<'_>,
        o: &mut Outcome,
    ) -> Option<Journey> {
        let Scratch {
            state,
            cache,
            calendar,
            key,
            month,
            draws,
        } = scratch;
        self.ensure_drawn(calendar, &plan.hazards);
        *o = Outcome::default();
        let mut at = Position::start(plan);
        let mut attributed = None;
        let mut set_out = None;
        let mut detoured = false;
        while at.i < at.plan().edges.len() {
            // What a decision here may know has been laid on the calendar.
            calendar.lay_to(&self.clocks, at.t + self.max_notice);
            let d = TrialDraws {
                key: *key,
                calendar,
                month: *month,
                live: calendar.live_bits,
            };
            if at.plan().closures_from[at.i] & d.live & !at.considered != 0
                && self.reconsider(c, &mut at, &d, state, cache)
            {
                detoured = true;
                let hazards = &at.plan().hazards;
                self.ensure_drawn(calendar, hazards);
                continue;
            }
            if attributed.is_none() {
                attributed = Some(at.plan().attributed);
                set_out = at.detour.clone();
            }
            let e = at.plan().edges[at.i] as usize;
            let closing = self.edge_closures[e];
            let at_node = closing & self.edge_node_closures[e];
            let sim = &self.edges[e];
            // A link is met on entering it, a node on arriving there.
            let on_link = closing & !at_node;
            if calendar.may_close(on_link, at.t)
                && !self.wait_if_closed(on_link, sim.holding(), &mut at, calendar, o)
            {
                return None;
            }
            self.meet_hazards(&self.edge_effects[e], sim.holding(), &mut at, calendar, o);
            let draw = self.edge_draw(e as EdgeId, *key, draws);
            self.cross(e as EdgeId, &draw, &mut at, o);
            if calendar.may_close(at_node, at.t)
                && !self.wait_if_closed(at_node, sim.arrival_holding(), &mut at, calendar, o)
            {
                return None;
            }
            let on_arrival = &self.edge_node_effects[e];
            self.meet_hazards(on_arrival, sim.arrival_holding(), &mut at, calendar, o);
            self.dwell(e as EdgeId, &draw, &mut at, o);
            at.i += 1;
        }
        Some(Journey {
            detoured,
            attributed: attributed.unwrap_or(at.plan().attributed),
            set_out,
            weighed: at.considered != 0,
        })
    }

    /// A stop of `hours`: a driver who stops for a daily rest has rested.
    pub(super) fn rest(&self, at: &mut Position<'_>, hours: f64) {
        if hours >= DAILY_REST_HOURS {
            at.driven = 0.0;
        }
    }

    /// Edge `e`'s draws in trial `key`, from `memo` when another route of
    /// the trial has crossed it already (the draws are counter-based, so
    /// they are the same whoever draws them first).
    pub(super) fn edge_draw(&self, e: EdgeId, key: u64, memo: &mut EdgeDraws) -> EdgeDraw {
        if memo.0.is_empty() {
            memo.0 = vec![EdgeDraw::default(); self.edges.len()];
        }
        let m = memo.0[e as usize];
        if m.set && m.key == key {
            return m;
        }
        let (hours, usd, dwell) = match &self.edges[e as usize] {
            EdgeSim::Link {
                key: k,
                figures_key: f,
                km,
                time,
                cost,
                dwell,
                mode,
                ..
            } => {
                let km = km.draw(key, *k, field::KM);
                let hours = match time {
                    TimeDraw::Hours(h) => h.draw(key, *k, field::TIME),
                    TimeDraw::Speed(v) => km / v.draw(key, *f, field::TIME).max(1e-9),
                };
                let usd = match cost {
                    CostDraw::Usd(u) => u.draw(key, *k, field::COST),
                    CostDraw::PerKm(r) => km * r.draw(key, *f, field::COST),
                } * memo
                    .1
                    .factor(key, *mode, self.quote_sigma[usize::from(*mode)]);
                let dwell = dwell.as_deref().map_or((0.0, 0.0), |dw| {
                    (dw.hours(key), dw.usd.draw(key, dw.key, field::DWELL_USD))
                });
                (hours, usd, dwell)
            }
            EdgeSim::Transfer {
                key: k, hours, usd, ..
            } => (
                hours.draw(key, *k, field::TRANSFER_HOURS),
                usd.draw(key, *k, field::TRANSFER_USD),
                (0.0, 0.0),
            ),
        };
        let m = EdgeDraw {
            set: true,
            key,
            hours,
            usd,
            dwell_hours: dwell.0,
            dwell_usd: dwell.1,
        };
        memo.0[e as usize] = m;
        m
    }

    /// The dwell at the node edge `e` arrives at.
    fn dwell(&self, e: EdgeId, draw: &EdgeDraw, at: &mut Position<'_>, o: &mut Outcome) {
        if let EdgeSim::Link {
            dwell: Some(dw), ..
        } = &self.edges[e as usize]
        {
            o.add(dw.part, draw.dwell_hours, draw.dwell_usd);
            at.t += draw.dwell_hours;
            self.rest(at, draw.dwell_hours);
        }
    }

    /// Travels edge `e` with the trial's draws (without the dwell after it).
    fn cross(&self, e: EdgeId, draw: &EdgeDraw, at: &mut Position<'_>, o: &mut Outcome) {
        match &self.edges[e as usize] {
            EdgeSim::Link { drive_limit, .. } => {
                let elapsed = match drive_limit {
                    Some(limit) => drive(draw.hours, *limit, &mut at.driven),
                    None => {
                        at.driven = 0.0;
                        draw.hours
                    }
                };
                o.add(CostPart::LineHaul, elapsed, draw.usd);
                at.t += elapsed;
            }
            EdgeSim::Transfer { .. } => {
                o.add(CostPart::TransfersPorts, draw.hours, draw.usd);
                at.t += draw.hours;
                at.driven = 0.0;
            }
        }
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

/// Elapsed hours to drive `hours` with at most `limit` hours a day, given
/// `driven` hours already driven since the last rest (updated): a driver
/// who reaches the limit rests the rest of the day.
pub fn drive(hours: f64, limit: f64, driven: &mut f64) -> f64 {
    let rest = HOURS_PER_DAY - limit;
    let mut left = hours;
    let mut elapsed = 0.0;
    loop {
        let can = (limit - *driven).max(0.0);
        if left <= can {
            *driven += left;
            return elapsed + left;
        }
        elapsed += can + rest;
        left -= can;
        *driven = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::drive;

    #[test]
    fn a_driver_rests_the_rest_of_the_day_after_the_limit() {
        let mut driven = 0.0;
        // 20 hours at 9 a day: 9 + 15 rest + 9 + 15 rest + 2.
        assert_eq!(drive(20.0, 9.0, &mut driven), 50.0);
        assert_eq!(driven, 2.0);
        // The next leg goes on from 2 hours driven.
        assert_eq!(drive(7.0, 9.0, &mut driven), 7.0);
        assert_eq!(drive(1.0, 9.0, &mut driven), 1.0 + 15.0);
        // No limit: 24 hours a day.
        let mut d = 0.0;
        assert_eq!(drive(30.0, 24.0, &mut d), 30.0);
    }
}
