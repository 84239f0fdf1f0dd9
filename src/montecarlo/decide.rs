//! What a shipment decides on its way: which closures it knows of at a
//! node, how long they would keep it waiting on its route, and whether the
//! best detour from where it stands is cheaper than waiting (the rule is
//! in `model.rs`'s header). Also the chain of closures that keeps an
//! element closed, which waiting uses too.

use super::calendar::Calendar;
use super::model::{DetourCache, MAX_REPLANS, Plan, SimModel, bits_of};
use super::travel::{Position, TrialDraws};
use crate::path::QueryState;

/// What the closures a shipment knows of would cost it on the rest of its
/// route ([`SimModel::expected_wait`]).
#[derive(Debug, Default, Clone, Copy)]
struct KnownWait {
    /// Hours of waiting.
    hours: f64,
    /// Their holding cost, each wait at the rate where it is waited out.
    holding_usd: f64,
    /// What planning expected of those closures.
    planned: f64,
}

impl SimModel {
    /// The corridor waypoints a shipment at `at` has passed.
    fn via_done(&self, c: usize, at: &Position<'_>) -> usize {
        let via = &self.corridors[c].via;
        let mut done = at.via_start;
        for &e in &at.plan().edges[..at.i] {
            let head = self.graph.vertices[self.graph.edges[e as usize].to as usize].0;
            if done < via.len() && head == via[done] {
                done += 1;
            }
        }
        done
    }

    /// At a node: if closures now known lie on the rest of the route and
    /// were not weighed yet, compares waiting them out with the best detour
    /// from here; switches to the detour (and returns true) when cheaper.
    pub(super) fn reconsider(
        &self,
        c: usize,
        at: &mut Position<'_>,
        d: &TrialDraws<'_>,
        state: &mut QueryState,
        cache: &mut DetourCache,
    ) -> bool {
        let ahead = at.plan().closures_from[at.i] & d.live;
        if ahead == 0 || at.replans >= MAX_REPLANS {
            return false;
        }
        let known = self.known_closures(d.calendar, ahead, at.t);
        if known & !at.considered == 0 {
            return false;
        }
        at.considered |= known;
        let w = self.expected_wait(at.plan(), at.i, at.t, d, known);
        if w.hours <= 0.0 {
            return false;
        }
        let e = at.plan().edges[at.i];
        let n = at.plan().edges.len();
        // What planning expected of these closures gives way to what is
        // known: each wait at the value of time and the holding rate where
        // it is waited out.
        let stay = at.plan().gc_at[n] - at.plan().gc_at[at.i] - w.planned
            + w.hours * self.value_of_time
            + w.holding_usd;
        let from = self.graph.edges[e as usize].from;
        let via_done = self.via_done(c, at);
        let detour = self.detour(state, cache, c, from, via_done, d.month, known);
        match detour {
            Some(p) if p.expected < stay && !p.edges.is_empty() => {
                at.detour = Some(p);
                at.via_start = via_done;
                at.i = 0;
                at.replans += 1;
                true
            }
            _ => false,
        }
    }

    /// The closures among `bits` that a shipment knows of at `t`: in
    /// effect then, announced by then, or seasonal.
    fn known_closures(&self, cal: &Calendar, bits: u128, t: f64) -> u128 {
        bits_of(bits)
            .filter(|&b| self.knows(cal, self.closure_hazard[b], t))
            .fold(0u128, |known, b| known | 1u128 << b)
    }

    /// Whether an occurrence of hazard `h` still to end is known at `t`.
    #[inline]
    fn knows(&self, cal: &Calendar, h: usize, t: f64) -> bool {
        let hz = &self.hazards[h];
        cal.spans[h]
            .iter()
            .any(|&(s, e)| e > t && (hz.known_ahead || s - hz.notice <= t))
    }

    /// The end of the known occurrences of `h` covering `tau`, as known at `t`.
    fn known_end(&self, cal: &Calendar, h: usize, tau: f64, t: f64) -> Option<f64> {
        let hz = &self.hazards[h];
        cal.spans[h]
            .iter()
            .filter(|&&(s, e)| s <= tau && e > tau && (hz.known_ahead || s - hz.notice <= t))
            .map(|&(_, e)| e)
            .reduce(f64::max)
    }

    /// Expected waiting on the rest of `plan` from edge `i` at `t` for the
    /// closures `known`, arriving at each element at its expected time
    /// (later by the waits before it): its hours, their holding cost where
    /// each is waited out, and what planning expected those closures to
    /// cost on the way.
    fn expected_wait(
        &self,
        plan: &Plan,
        i: usize,
        t: f64,
        d: &TrialDraws<'_>,
        known: u128,
    ) -> KnownWait {
        let mut w = KnownWait::default();
        for j in i..plan.edges.len() {
            let e = plan.edges[j] as usize;
            let bits = self.edge_closures[e] & known;
            if bits == 0 {
                continue;
            }
            // A link is met on entering it, a node on arriving there.
            let node_bits = bits & self.edge_node_closures[e];
            let edge = &self.edges[e];
            let rate = |h: Option<&super::edges::Holding>| h.map_or(0.0, |h| h.mean);
            let (at_tail, at_head) = (rate(edge.holding()), rate(edge.arrival_holding()));
            for b in bits_of(bits) {
                let hold = if node_bits >> b & 1 == 1 {
                    at_head
                } else {
                    at_tail
                };
                w.planned +=
                    self.closure_planned[b][d.month] + self.closure_planned_wait[b][d.month] * hold;
            }
            for (part, at, hold) in [(bits & !node_bits, j, at_tail), (node_bits, j + 1, at_head)] {
                if part != 0 {
                    let tau = t + plan.hours_at[at] - plan.hours_at[i] + w.hours;
                    let known_end = |h, at| self.known_end(d.calendar, h, at, t);
                    let hours = self
                        .chain_end(part, tau, known_end)
                        .map_or(0.0, |(e, _)| e - tau);
                    w.hours += hours;
                    w.holding_usd += hours * hold;
                }
            }
        }
        w
    }

    /// From `t`, the end of the chain of occurrences of the closures
    /// `bits` that keep an element closed (each occurrence's end found by
    /// `end_of(hazard, at)`), with the first hazard met; `None` if none
    /// covers `t`.
    pub(super) fn chain_end(
        &self,
        bits: u128,
        t: f64,
        end_of: impl Fn(usize, f64) -> Option<f64>,
    ) -> Option<(f64, usize)> {
        let mut end = t;
        let mut first = None;
        loop {
            let mut later = end;
            for b in bits_of(bits) {
                let h = self.closure_hazard[b];
                if let Some(x) = end_of(h, later)
                    && x > later
                {
                    later = x;
                    first.get_or_insert(h);
                }
            }
            if later <= end {
                return first.map(|h| (end, h));
            }
            end = later;
        }
    }
}
