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
pub use super::travel::Outcome;
use super::travel::{EdgeSim, edge_sim};
use crate::network::N_CATEGORIES;
use crate::path::{EdgeId, EdgeKind, Graph, QueryState, Weights, best_path};
use crate::scenario::{Group, Scenario};

/// At most this many closure hazards (they are tracked in a bit mask).
pub const MAX_CLOSURES: usize = 128;

/// What a hazard does when it occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Close,
    Delay,
    Cost,
    Loss,
}

/// A hazard prepared for drawing.
#[derive(Debug, Clone)]
pub struct HazardSim {
    pub probability: f64,
    pub kind: Kind,
    pub size: Sampler,
    /// Index among closure hazards (bit in the closure mask).
    pub closure_bit: Option<u32>,
    pub category: usize,
}

/// A route chosen for a corridor.
#[derive(Debug, Clone)]
pub struct Plan {
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
    pub id: String,
    pub name: String,
    pub group: Group,
    via: Vec<crate::network::NodeId>,
    mask: Vec<bool>,
    /// The plan with no closure known; `None`: no route at all.
    pub baseline: Option<Plan>,
}

/// Everything a trial needs, built once per run.
#[derive(Debug, Clone)]
pub struct SimModel {
    pub graph: Graph,
    pub weights: Weights,
    pub value_of_time: f64,
    pub cargo_value: f64,
    pub deadline_hours: Option<f64>,
    pub(super) edges: Vec<EdgeSim>,
    pub hazards: Vec<HazardSim>,
    /// Per edge: indices of delay/cost/loss hazards hitting it.
    pub(super) edge_effects: Vec<Vec<u16>>,
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

impl SimModel {
    /// Prepares a scenario for simulation.
    pub fn new(sc: &Scenario) -> Result<SimModel, String> {
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

        let mut hazards = Vec::new();
        let mut edge_effects = vec![Vec::new(); graph.edges.len()];
        let mut edge_closures = vec![0u128; graph.edges.len()];
        let mut closure_edges = Vec::new();
        let mut closure_category = Vec::new();
        for (hi, h) in net.hazards.iter().enumerate() {
            use crate::network::Effect;
            let (kind, size) = match h.effect {
                Effect::Close { duration } => (Kind::Close, duration),
                Effect::Delay { hours } => (Kind::Delay, hours),
                Effect::Cost { usd } => (Kind::Cost, usd),
                Effect::Loss { fraction } => (Kind::Loss, fraction),
            };
            let hit: Vec<EdgeId> = graph
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| match e.kind {
                    EdgeKind::Link { link, .. } => {
                        h.links.contains(&link)
                            || h.nodes.contains(&graph.vertices[e.to as usize].0)
                    }
                    EdgeKind::Transfer { .. } => false,
                })
                .map(|(i, _)| i as EdgeId)
                .collect();
            let closure_bit = if kind == Kind::Close {
                if closure_edges.len() >= MAX_CLOSURES {
                    return Err(format!(
                        "at most {MAX_CLOSURES} closure hazards are supported"
                    ));
                }
                closure_edges.push(hit.clone());
                closure_category.push(h.category.index());
                Some(closure_edges.len() as u32 - 1)
            } else {
                None
            };
            for &e in &hit {
                match closure_bit {
                    Some(b) => edge_closures[e as usize] |= 1u128 << b,
                    None => edge_effects[e as usize].push(hi as u16),
                }
            }
            hazards.push(HazardSim {
                probability: h.probability,
                kind,
                size: Sampler::new(&size),
                closure_bit,
                category: h.category.index(),
            });
        }
        let mut model = SimModel {
            graph,
            weights,
            value_of_time: vot,
            cargo_value: sc.cargo.value_usd,
            deadline_hours: sc.cargo.deadline_hours,
            edges,
            hazards,
            edge_effects,
            edge_closures,
            closure_edges,
            closure_category,
            risk_weights: sc.risk_weights,
            corridors: Vec::new(),
            origin: sc.origin,
            destination: sc.destination,
        };
        let mut corridors: Vec<CorridorSim> = sc
            .corridors
            .iter()
            .map(|c| CorridorSim {
                id: c.id.clone(),
                name: c.name.clone(),
                group: c.group,
                via: c.via.clone(),
                mask: model.graph.corridor_mask(
                    net,
                    &c.avoid_nodes,
                    &c.avoid_links,
                    c.modes.as_deref(),
                ),
                baseline: None,
            })
            .collect();
        corridors.push(CorridorSim {
            id: "free".into(),
            name: "Free choice".into(),
            group: Group::Other,
            via: Vec::new(),
            mask: vec![true; model.graph.edges.len()],
            baseline: None,
        });
        model.corridors = corridors;
        let mut state = QueryState::new(model.graph.vertex_count());
        for i in 0..model.corridors.len() {
            let mask = model.corridors[i].mask.clone();
            model.corridors[i].baseline = model.plan(&mut state, i, &mask);
        }
        Ok(model)
    }

    /// Number of compared corridors (without the free policy).
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
