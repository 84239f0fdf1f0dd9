//! The simulation model: the scenario's expanded graph with samplers on
//! every edge, hazards by index with their calendars, and each corridor's
//! plan for every month of departure (planned in `plans.rs`).
//!
//! **Decisions** (made on the way, see `decide.rs`). At departure and at
//! every node, the shipment knows the closures in effect then, those
//! announced (`notice_days`) and every seasonal closure. When one of them
//! lies on the rest of its route, it compares keeping the route and waiting
//! (each known closure until it ends, at the value of time plus holding
//! cost) with the best detour from where it stands through its corridor's
//! remaining waypoints, avoiding the known closed elements; the lower
//! expected generalized cost wins. Detours are cached per (start, remaining
//! waypoints, month, closures).

use std::collections::HashMap;
use std::sync::Arc;

use super::calendar::{self, Calendar, DepartureSim, HazardClock};
use super::edges::{EdgeSim, country_ranks, edge_sim, lognormal_sigma};
pub use super::tables::{EffectSim, HazardIndex, HazardSim, Kind, MAX_CLOSURES, SimError};
use super::tables::{HazardTables, closure_planned, effects_by_hazard, weights_by_month};
use crate::network::N_CATEGORIES;
use crate::path::{EdgeId, Graph, Vertex, Weights};
use crate::scenario::{Group, Scenario};

/// A route chosen for a corridor, with what the shipment expects along it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The route, as edges of the expanded graph.
    pub edges: Vec<EdgeId>,
    /// Expected generalized cost under the scenario's risk weights.
    pub expected: f64,
    /// The corridor this route belongs to (for the free policy), or the
    /// number of corridors for "other".
    pub attributed: usize,
    /// Expected hours from the route's start to the start of each edge
    /// (one more entry: the end).
    pub hours_at: Vec<f64>,
    /// Expected generalized cost likewise.
    pub gc_at: Vec<f64>,
    /// Closure hazards hitting the route from each edge on.
    pub closures_from: Vec<u128>,
    /// Every hazard that hits the route, and the hazards raising them
    /// (what a trial must draw to travel it).
    pub hazards: Vec<usize>,
}

/// One corridor (or the free policy) ready to simulate.
#[derive(Debug, Clone)]
pub struct CorridorSim {
    /// Corridor id (`free` for the free policy).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Southern, traditional or other.
    pub group: Group,
    pub(super) via: Vec<crate::network::NodeId>,
    pub(super) mask: Vec<bool>,
    /// The plan with no closure known, for the scenario's departure (the
    /// plan of its first month, or of the year's average for departures
    /// all year); `None`: no route at all.
    pub baseline: Option<Plan>,
    /// The plan with no closure known, by month of departure.
    pub(super) by_month: Vec<Option<Arc<Plan>>>,
    /// By month of departure: an earlier corridor with the same plan. A
    /// journey that never weighs a closure depends only on its plan and
    /// the trial's draws, so it can be that corridor's.
    pub(super) twin: Vec<Option<usize>>,
}

/// Everything a trial needs, built once per run.
#[derive(Debug, Clone)]
pub struct SimModel {
    /// The expanded graph.
    pub graph: Graph,
    /// Expected generalized cost per edge, under the scenario's risk
    /// weights, averaged over the year.
    pub weights: Weights,
    /// The same by month of departure (season-aware planning).
    pub(super) weights_by_month: Vec<Weights>,
    /// Value of time, USD per hour.
    pub value_of_time: f64,
    /// Cargo value, USD per cargo unit.
    pub cargo_value: f64,
    /// Deadline in hours, if the scenario has one.
    pub deadline_hours: Option<f64>,
    /// When shipments depart.
    pub departure: DepartureSim,
    /// How far after departure hazard occurrences are laid, hours
    /// ([`calendar::horizon`] of the longest planned route).
    pub horizon: f64,
    /// The longest notice of any hazard, hours: a shipment's calendar is
    /// laid that far ahead of its clock whenever it decides.
    pub(super) max_notice: f64,
    pub(super) edges: Vec<EdgeSim>,
    /// The σ of each mode's single-quote factor, by mode index
    /// (`[operations] quote_scatter_cv`; 0: none).
    pub(super) quote_sigma: [f64; 4],
    /// Every hazard of the network, in network order (the order of draws).
    pub hazards: Vec<HazardSim>,
    /// Every hazard's calendar, in the same order.
    pub clocks: Vec<HazardClock>,
    /// Every effect other than closing, of every hazard.
    pub effects: Vec<EffectSim>,
    /// Per hazard: its effects' indices in `effects`.
    pub(super) hazard_effects: Vec<Vec<usize>>,
    /// Per edge: indices of the effects (delay/cost/loss) hitting its
    /// link, met on entering it.
    pub(super) edge_effects: Vec<Vec<HazardIndex>>,
    /// Per edge: those hitting the node it arrives at, met on arrival.
    pub(super) edge_node_effects: Vec<Vec<HazardIndex>>,
    /// Per edge: closure hazards hitting it, as a mask.
    pub(super) edge_closures: Vec<u128>,
    /// Per edge: those of them that close its head node (met on arrival,
    /// after the link is travelled); the others close the link itself
    /// (met on entering it).
    pub(super) edge_node_closures: Vec<u128>,
    /// Per closure bit: the edges it closes.
    pub(super) closure_edges: Vec<Vec<EdgeId>>,
    /// Per closure bit: the hazard.
    pub(super) closure_hazard: Vec<usize>,
    /// Per closure bit and month of departure: the expected cost of the
    /// closure on one element that planning put in the edge weights,
    /// without holding; a shipment that knows of the closure replaces it
    /// (and its holding) by the known wait.
    pub(super) closure_planned: Vec<[f64; 12]>,
    /// Per closure bit and month: the risk-weighted hours of waiting
    /// planning expected of it on one element (priced at the element's
    /// holding rate).
    pub(super) closure_planned_wait: Vec<[f64; 12]>,
    /// Risk weight per category.
    pub risk_weights: [f64; N_CATEGORIES],
    /// The compared corridors, then the free policy (last).
    pub corridors: Vec<CorridorSim>,
    pub(super) origin: crate::network::NodeId,
    pub(super) destination: crate::network::NodeId,
}

/// The id of the free-choice policy: the shipper free to take any route.
/// It always occupies the last slot of [`SimModel::corridors`], after the
/// compared corridors (so `corridors[..compared()]` are the scenario's own).
pub const FREE_CHOICE_ID: &str = "free";

/// The scenario's corridors, then the free-choice policy in the last slot,
/// each with its edge mask and no plan yet.
fn corridor_sims(sc: &Scenario, graph: &Graph) -> Vec<CorridorSim> {
    let net = &sc.network;
    let mut corridors: Vec<CorridorSim> = sc
        .corridors
        .iter()
        .map(|c| CorridorSim {
            id: c.id.clone(),
            name: c.name.clone(),
            group: c.group,
            via: c.via.clone(),
            mask: graph.corridor_mask(net, &c.avoid_nodes, &c.avoid_links, c.modes.as_deref()),
            baseline: None,
            by_month: Vec::new(),
            twin: Vec::new(),
        })
        .collect();
    corridors.push(CorridorSim {
        id: FREE_CHOICE_ID.into(),
        name: "Free choice".into(),
        group: Group::Other,
        via: Vec::new(),
        mask: vec![true; graph.edges.len()],
        baseline: None,
        by_month: Vec::new(),
        twin: Vec::new(),
    });
    corridors
}

/// The set bits of a closure mask, lowest first.
#[inline]
pub fn bits_of(mut mask: u128) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let b = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            b
        })
    })
}

/// Most re-plans a shipment makes on its way (after that it waits).
pub const MAX_REPLANS: u32 = 8;

/// The cache of detours: by (corridor, start vertex, waypoints passed,
/// month of departure, closures avoided).
pub type DetourCache = HashMap<(usize, Vertex, usize, usize, u128), Option<Arc<Plan>>>;

impl SimModel {
    /// Prepares a scenario for simulation: samplers on every edge, hazard
    /// tables and calendars, and every corridor's plan by month.
    pub fn new(sc: &Scenario) -> Result<SimModel, SimError> {
        let net = &sc.network;
        let graph = Graph::build(net, &sc.cargo);
        let vot = sc.cargo.value_of_time_per_hour;
        let weights = graph.weights(vot, &sc.risk_weights);
        let ranks = country_ranks(net);
        let edges = graph
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| edge_sim(net, &ranks, &graph, i, e))
            .collect();
        let t = HazardTables::build(net, &graph)?;
        let weights_by_month = weights_by_month(sc, &graph, &weights, &t.hits);
        let corridors = corridor_sims(sc, &graph);
        let (closure_planned, closure_planned_wait) = closure_planned(sc, &t.closure_hazard);
        let mut model = SimModel {
            graph,
            weights,
            weights_by_month,
            value_of_time: vot,
            cargo_value: sc.cargo.value_usd,
            deadline_hours: sc.cargo.deadline_hours,
            departure: DepartureSim {
                from_hour: sc.departure.from_hour,
                span_hours: sc.departure.span_hours,
            },
            horizon: calendar::MIN_HORIZON_HOURS,
            max_notice: t.hazards.iter().map(|h| h.notice).fold(0.0, f64::max),
            edges,
            quote_sigma: net.operations.quote_scatter_cv.map(lognormal_sigma),
            hazards: t.hazards,
            clocks: t.clocks,
            hazard_effects: effects_by_hazard(&t.effects, net.hazards.len()),
            effects: t.effects,
            edge_effects: t.edge_effects,
            edge_node_effects: t.edge_node_effects,
            edge_closures: t.edge_closures,
            edge_node_closures: t.edge_node_closures,
            closure_planned,
            closure_planned_wait,
            closure_edges: t.closure_edges,
            closure_hazard: t.closure_hazard,
            risk_weights: sc.risk_weights,
            corridors,
            origin: sc.origin,
            destination: sc.destination,
        };
        model.plan_corridors(sc);
        Ok(model)
    }

    /// Number of compared corridors (without the free policy). It is also
    /// the index of the free-choice slot in [`SimModel::corridors`], and
    /// the "other" slot of [`Plan::attributed`].
    pub fn compared(&self) -> usize {
        self.corridors.len() - 1
    }

    /// Draws, on the trial's calendar, those of `hazards` not drawn yet
    /// (in file order, so a raising hazard before those it raises);
    /// their effects' sizes are drawn when a shipment first meets them.
    pub(super) fn ensure_drawn(&self, cal: &mut Calendar, hazards: &[usize]) {
        for &h in hazards {
            if cal.drawn[h] {
                continue;
            }
            let bit = self.hazards[h].closure_bit.map_or(0, |b| 1u128 << b);
            super::laying::draw_one(&self.clocks, h, self.horizon, bit, cal);
            for &x in &self.hazard_effects[h] {
                cal.sizes[x] = None;
            }
        }
    }
}
