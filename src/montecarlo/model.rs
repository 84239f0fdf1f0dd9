//! The simulation model: the scenario's expanded graph with samplers on
//! every edge, hazards by index, and each corridor's baseline plan.
//!
//! **Decisions.** Closures in effect are known at departure. For each
//! corridor the shipper compares two options: keep the planned route and
//! wait out every closure on it, or take the best detour (within the
//! corridor's waypoints) that avoids every closed element; the one with the
//! lower expected generalized cost wins. Detours depend only on *which*
//! closures occur, so they are computed once per set of closures and
//! cached; waiting depends on the drawn durations and is priced per trial.

use std::collections::HashMap;
use std::sync::Arc;

use super::draws::Sampler;
use super::edges::{EdgeSim, edge_sim};
use crate::network::N_CATEGORIES;
use crate::path::{EdgeId, EdgeKind, Graph, QueryState, Weights, best_path};
use crate::scenario::{Group, Scenario};

/// At most this many closure hazards (they are tracked in a bit mask).
pub const MAX_CLOSURES: usize = 128;

/// What a hazard does when it occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The element is closed for the drawn duration (hours).
    Close,
    /// The shipment is delayed by the drawn hours.
    Delay,
    /// The shipment pays the drawn USD.
    Cost,
    /// The drawn fraction of the cargo value is lost.
    Loss,
}

/// A hazard prepared for drawing.
#[derive(Debug, Clone)]
pub struct HazardSim {
    /// Chance of occurring in a trial.
    pub probability: f64,
    /// What it does.
    pub kind: Kind,
    /// Its size when it occurs (hours, USD or fraction, by kind).
    pub size: Sampler,
    /// Index among closure hazards (bit in the closure mask).
    pub closure_bit: Option<u32>,
    /// Its risk category, as an index.
    pub category: usize,
}

/// A route chosen for a corridor.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The route, as edges of the expanded graph.
    pub edges: Vec<EdgeId>,
    /// Expected generalized cost under the scenario's risk weights.
    pub expected: f64,
    /// The corridor this route belongs to (for the free policy), or the
    /// number of corridors for "other".
    pub attributed: usize,
    /// Closure hazards that hit an edge of this route.
    pub closures: u128,
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
    via: Vec<crate::network::NodeId>,
    mask: Vec<bool>,
    /// The plan with no closure known; `None`: no route at all.
    pub baseline: Option<Plan>,
}

/// Everything a trial needs, built once per run.
#[derive(Debug, Clone)]
pub struct SimModel {
    /// The expanded graph.
    pub graph: Graph,
    /// Expected generalized cost per edge, under the scenario's risk weights.
    pub weights: Weights,
    /// Value of time, USD per hour.
    pub value_of_time: f64,
    /// Cargo value, USD per cargo unit.
    pub cargo_value: f64,
    /// Deadline in hours, if the scenario has one.
    pub deadline_hours: Option<f64>,
    pub(super) edges: Vec<EdgeSim>,
    /// Every hazard of the network, in network order (the order of draws).
    pub hazards: Vec<HazardSim>,
    /// Per edge: indices of delay/cost/loss hazards hitting it.
    pub(super) edge_effects: Vec<Vec<HazardIndex>>,
    /// Per edge: closure hazards hitting it, as a mask.
    pub(super) edge_closures: Vec<u128>,
    /// Per closure bit: the edges it closes.
    closure_edges: Vec<Vec<EdgeId>>,
    /// Per closure bit: the hazard category.
    pub(super) closure_category: Vec<usize>,
    /// Risk weight per category.
    pub risk_weights: [f64; N_CATEGORIES],
    /// The compared corridors, then the free policy (last).
    pub corridors: Vec<CorridorSim>,
    origin: crate::network::NodeId,
    destination: crate::network::NodeId,
}

/// Why a scenario cannot be simulated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    /// More closure hazards than the closure bit mask holds.
    #[error("at most {MAX_CLOSURES} closure hazards are supported")]
    TooManyClosures,
    /// More hazards than a per-edge hazard index ([`HazardIndex`]) holds.
    #[error("at most {} hazards are supported", HazardIndex::MAX as usize + 1)]
    TooManyHazards,
}

/// Index of a hazard in [`SimModel::hazards`], as stored per edge. Kept
/// small because every edge lists the hazards that hit it; [`SimModel::new`]
/// refuses networks with more hazards than it can index.
pub type HazardIndex = u16;

/// The id of the free-choice policy: the shipper free to take any route.
/// It always occupies the last slot of [`SimModel::corridors`], after the
/// compared corridors (so `corridors[..compared()]` are the scenario's own).
pub const FREE_CHOICE_ID: &str = "free";

/// The hazard tables of a model, built once from the network.
struct HazardTables {
    hazards: Vec<HazardSim>,
    edge_effects: Vec<Vec<HazardIndex>>,
    edge_closures: Vec<u128>,
    closure_edges: Vec<Vec<EdgeId>>,
    closure_category: Vec<usize>,
}

impl HazardTables {
    /// Prepares every hazard of the network for drawing and records which
    /// edges it hits: closures as bits of a mask, other effects by index.
    fn build(net: &crate::network::Network, graph: &Graph) -> Result<HazardTables, SimError> {
        if net.hazards.len() > HazardIndex::MAX as usize + 1 {
            return Err(SimError::TooManyHazards);
        }
        let mut t = HazardTables {
            hazards: Vec::new(),
            edge_effects: vec![Vec::new(); graph.edges.len()],
            edge_closures: vec![0u128; graph.edges.len()],
            closure_edges: Vec::new(),
            closure_category: Vec::new(),
        };
        for (hi, h) in net.hazards.iter().enumerate() {
            use crate::network::Effect;
            let (kind, size) = match h.effect {
                Effect::Close { duration } => (Kind::Close, duration),
                Effect::Delay { hours } => (Kind::Delay, hours),
                Effect::Cost { usd } => (Kind::Cost, usd),
                Effect::Loss { fraction } => (Kind::Loss, fraction),
            };
            let hit = hit_edges(graph, h);
            let closure_bit = if kind == Kind::Close {
                if t.closure_edges.len() >= MAX_CLOSURES {
                    return Err(SimError::TooManyClosures);
                }
                t.closure_edges.push(hit.clone());
                t.closure_category.push(h.category.index());
                Some(t.closure_edges.len() as u32 - 1)
            } else {
                None
            };
            // Checked above: every hazard index fits a HazardIndex.
            let index = hi as HazardIndex;
            for &e in &hit {
                match closure_bit {
                    Some(b) => t.edge_closures[e as usize] |= 1u128 << b,
                    None => t.edge_effects[e as usize].push(index),
                }
            }
            t.hazards.push(HazardSim {
                probability: h.probability,
                kind,
                size: Sampler::new(&size),
                closure_bit,
                category: h.category.index(),
            });
        }
        Ok(t)
    }
}

/// The link edges a hazard hits: its links, and the links arriving at its
/// nodes (a node's hazard is met on arrival, like its dwell).
fn hit_edges(graph: &Graph, h: &crate::network::Hazard) -> Vec<EdgeId> {
    graph
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| match e.kind {
            EdgeKind::Link { link, .. } => {
                h.links.contains(&link) || h.nodes.contains(&graph.vertices[e.to as usize].0)
            }
            EdgeKind::Transfer { .. } => false,
        })
        .map(|(i, _)| i as EdgeId)
        .collect()
}

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
        })
        .collect();
    corridors.push(CorridorSim {
        id: FREE_CHOICE_ID.into(),
        name: "Free choice".into(),
        group: Group::Other,
        via: Vec::new(),
        mask: vec![true; graph.edges.len()],
        baseline: None,
    });
    corridors
}

impl SimModel {
    /// Prepares a scenario for simulation: samplers on every edge, hazard
    /// tables, and every corridor's baseline plan.
    pub fn new(sc: &Scenario) -> Result<SimModel, SimError> {
        let net = &sc.network;
        let graph = Graph::build(net, &sc.cargo);
        let vot = sc.cargo.value_of_time_per_hour;
        let weights = graph.weights(vot, &sc.risk_weights);
        let edges = graph
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| edge_sim(net, &graph, i, e))
            .collect();
        let t = HazardTables::build(net, &graph)?;
        let corridors = corridor_sims(sc, &graph);
        let mut model = SimModel {
            graph,
            weights,
            value_of_time: vot,
            cargo_value: sc.cargo.value_usd,
            deadline_hours: sc.cargo.deadline_hours,
            edges,
            hazards: t.hazards,
            edge_effects: t.edge_effects,
            edge_closures: t.edge_closures,
            closure_edges: t.closure_edges,
            closure_category: t.closure_category,
            risk_weights: sc.risk_weights,
            corridors,
            origin: sc.origin,
            destination: sc.destination,
        };
        let mut state = QueryState::new(model.graph.vertex_count());
        for i in 0..model.corridors.len() {
            let mask = model.corridors[i].mask.clone();
            model.corridors[i].baseline = model.plan(&mut state, i, &mask);
        }
        Ok(model)
    }

    /// Number of compared corridors (without the free policy). It is also
    /// the index of the free-choice slot in [`SimModel::corridors`], and
    /// the "other" slot of [`Plan::attributed`].
    pub fn compared(&self) -> usize {
        self.corridors.len() - 1
    }

    fn plan(&self, state: &mut QueryState, corridor: usize, mask: &[bool]) -> Option<Plan> {
        let c = &self.corridors[corridor];
        let (expected, edges) = best_path(
            &self.graph,
            &self.weights,
            state,
            self.origin,
            &c.via,
            self.destination,
            Some(mask),
        )?;
        let closures = edges
            .iter()
            .fold(0u128, |m, &e| m | self.edge_closures[e as usize]);
        let attributed = if corridor == self.compared() {
            self.attribute(&edges)
        } else {
            corridor
        };
        Some(Plan {
            edges,
            expected,
            attributed,
            closures,
        })
    }

    /// The first corridor whose waypoints the route passes in order and
    /// whose exclusions it respects; `compared()` for none.
    fn attribute(&self, edges: &[EdgeId]) -> usize {
        let nodes: Vec<_> = std::iter::once(self.origin)
            .chain(
                edges
                    .iter()
                    .map(|&e| self.graph.vertices[self.graph.edges[e as usize].to as usize].0),
            )
            .collect();
        self.corridors[..self.compared()]
            .iter()
            .position(|c| {
                let mut next = 0;
                for n in &nodes {
                    if next < c.via.len() && *n == c.via[next] {
                        next += 1;
                    }
                }
                next == c.via.len() && edges.iter().all(|&e| c.mask[e as usize])
            })
            .unwrap_or(self.compared())
    }

    /// The detour for `corridor` avoiding every element closed by the
    /// closures in `mask`, from `cache` or computed.
    pub fn detour(
        &self,
        state: &mut QueryState,
        cache: &mut HashMap<(usize, u128), Option<Arc<Plan>>>,
        corridor: usize,
        closures: u128,
    ) -> Option<Arc<Plan>> {
        cache
            .entry((corridor, closures))
            .or_insert_with(|| {
                let mut mask = self.corridors[corridor].mask.clone();
                for bit in 0..self.closure_edges.len() {
                    if closures >> bit & 1 == 1 {
                        for &e in &self.closure_edges[bit] {
                            mask[e as usize] = false;
                        }
                    }
                }
                self.plan(state, corridor, &mask).map(Arc::new)
            })
            .clone()
    }

    /// Hours of waiting on a route for the closures that occurred
    /// (`durations` by closure bit, 0 if not in effect).
    pub fn wait_hours(&self, plan: &Plan, occurring: u128, durations: &[f64]) -> f64 {
        if plan.closures & occurring == 0 {
            return 0.0;
        }
        plan.edges
            .iter()
            .map(|&e| {
                let m = self.edge_closures[e as usize] & occurring;
                (0..durations.len())
                    .filter(|b| m >> b & 1 == 1)
                    .map(|b| durations[b])
                    .sum::<f64>()
            })
            .sum()
    }
}
