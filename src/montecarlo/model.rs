//! The simulation model: the scenario's expanded graph with samplers on
//! every edge, hazards by index with their calendars, and each corridor's
//! plan for every month of departure.
//!
//! **Decisions** (made on the way, see `journey.rs`). At departure and at
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

use super::calendar::{self, Calendar, DepartureSim, HazardClock, MAX_LOOKBACK_HOURS, TimingSim};
use super::draws::Sampler;
use super::edges::{EdgeSim, edge_sim};
use crate::network::{N_CATEGORIES, Timing, month_of_hour};
use crate::path::{EdgeId, EdgeKind, Graph, QueryState, Vertex, Weights, best_path_from};
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

/// One effect of a hazard, prepared for drawing.
#[derive(Debug, Clone)]
pub struct EffectSim {
    /// The hazard it belongs to.
    pub hazard: usize,
    /// What it does.
    pub kind: Kind,
    /// Its size (hours, USD or fraction, by kind).
    pub size: Sampler,
    /// Its draw number among the hazard's draws.
    pub draw: u64,
}

/// A hazard prepared for drawing.
#[derive(Debug, Clone)]
pub struct HazardSim {
    /// Index among closure hazards (bit in the closure mask).
    pub closure_bit: Option<u32>,
    /// Its risk category, as an index.
    pub category: usize,
    /// Hours before an occurrence that it is known.
    pub notice: f64,
    /// Whether its occurrences are known in advance (a season).
    pub known_ahead: bool,
}

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
    mask: Vec<bool>,
    /// The plan with no closure known, for the scenario's departure (the
    /// plan of its first month, or of the year's average for departures
    /// all year); `None`: no route at all.
    pub baseline: Option<Plan>,
    /// The plan with no closure known, by month of departure.
    pub(super) by_month: Vec<Option<Arc<Plan>>>,
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
    pub(super) edges: Vec<EdgeSim>,
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
    closure_edges: Vec<Vec<EdgeId>>,
    /// Per closure bit: the hazard.
    pub(super) closure_hazard: Vec<usize>,
    /// Per closure bit and month of departure: the expected cost of the
    /// closure on one element that planning put in the edge weights; a
    /// shipment that knows of the closure replaces it by the known wait.
    pub(super) closure_planned: Vec<[f64; 12]>,
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
    clocks: Vec<HazardClock>,
    effects: Vec<EffectSim>,
    edge_effects: Vec<Vec<HazardIndex>>,
    edge_node_effects: Vec<Vec<HazardIndex>>,
    edge_closures: Vec<u128>,
    edge_node_closures: Vec<u128>,
    closure_edges: Vec<Vec<EdgeId>>,
    closure_hazard: Vec<usize>,
    /// Per hazard: the edges it hits.
    hits: Vec<Vec<EdgeId>>,
}

impl HazardTables {
    /// Prepares every hazard of the network for drawing and records which
    /// edges it hits: closures as bits of a mask, other effects by index.
    fn build(net: &crate::network::Network, graph: &Graph) -> Result<HazardTables, SimError> {
        let mut t = HazardTables {
            hazards: Vec::new(),
            clocks: Vec::new(),
            effects: Vec::new(),
            edge_effects: vec![Vec::new(); graph.edges.len()],
            edge_node_effects: vec![Vec::new(); graph.edges.len()],
            edge_closures: vec![0u128; graph.edges.len()],
            edge_node_closures: vec![0u128; graph.edges.len()],
            closure_edges: Vec::new(),
            closure_hazard: Vec::new(),
            hits: Vec::new(),
        };
        for (hi, h) in net.hazards.iter().enumerate() {
            use crate::network::Effect;
            let hit = hit_edges(graph, h);
            let closure_bit = if h.closes() {
                if t.closure_edges.len() >= MAX_CLOSURES {
                    return Err(SimError::TooManyClosures);
                }
                t.closure_edges.push(hit.clone());
                t.closure_hazard.push(hi);
                Some(t.closure_edges.len() as u32 - 1)
            } else {
                None
            };
            for (k, e) in h.effects.iter().enumerate() {
                let (kind, size) = match *e {
                    Effect::Close { .. } => continue,
                    Effect::Delay { hours } => (Kind::Delay, hours),
                    Effect::Cost { usd } => (Kind::Cost, usd),
                    Effect::Loss { fraction } => (Kind::Loss, fraction),
                };
                if t.effects.len() > HazardIndex::MAX as usize {
                    return Err(SimError::TooManyHazards);
                }
                let index = t.effects.len() as HazardIndex;
                for &e in &hit {
                    if hits_head(graph, h, e) {
                        t.edge_node_effects[e as usize].push(index);
                    } else {
                        t.edge_effects[e as usize].push(index);
                    }
                }
                t.effects.push(EffectSim {
                    hazard: hi,
                    kind,
                    size: Sampler::new(&size),
                    draw: 1 + k as u64,
                });
            }
            if let Some(b) = closure_bit {
                for &e in &hit {
                    t.edge_closures[e as usize] |= 1u128 << b;
                    if hits_head(graph, h, e) {
                        t.edge_node_closures[e as usize] |= 1u128 << b;
                    }
                }
            }
            t.hazards.push(HazardSim {
                closure_bit,
                category: h.category.index(),
                notice: h.notice_hours,
                known_ahead: matches!(h.timing, Timing::Season { .. }),
            });
            t.clocks.push(clock(h));
            t.hits.push(hit);
        }
        for (hi, h) in net.hazards.iter().enumerate() {
            for r in h.raises.iter() {
                for c in &r.hazards {
                    t.clocks[c.0 as usize].raised_by.push((hi, r.factor));
                }
            }
        }
        Ok(t)
    }
}

/// How a hazard is laid on each trial's calendar.
fn clock(h: &crate::network::Hazard) -> HazardClock {
    let timing = match h.timing {
        Timing::Probability if !h.closes() => TimingSim::Trial {
            probability: h.probability,
        },
        Timing::Probability | Timing::Rate { .. } => {
            let d = Sampler::new(&h.duration().unwrap_or(crate::dist::Dist::ZERO));
            TimingSim::Poisson {
                rate: h.rate_per_hour(),
                lookback: d.at(0.999).min(MAX_LOOKBACK_HOURS),
                duration: d,
            }
        }
        Timing::Season { from_hour, to_hour } => TimingSim::Season {
            from: from_hour,
            len: (to_hour - from_hour).rem_euclid(crate::network::HOURS_PER_YEAR),
        },
        Timing::Window { from_hour, to_hour } => TimingSim::Window {
            from: from_hour,
            to: to_hour,
        },
    };
    HazardClock {
        timing,
        months: h.months,
        raised_by: Vec::new(),
        all_year: !h.months.contains(&false),
    }
}

/// Per hazard, the indices of its effects in `effects`.
fn effects_by_hazard(effects: &[EffectSim], hazards: usize) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); hazards];
    for (x, e) in effects.iter().enumerate() {
        by[e.hazard].push(x);
    }
    by
}

/// Per closure bit and month: the risk-weighted expected cost of the
/// closure on one element, as in the month's edge weights.
fn closure_planned(sc: &Scenario, closure_hazard: &[usize]) -> Vec<[f64; 12]> {
    closure_hazard
        .iter()
        .map(|&h| {
            let h = &sc.network.hazards[h];
            let impact = h.impact_usd(sc.cargo.value_of_time_per_hour, sc.cargo.value_usd)
                * sc.risk_weights[h.category.index()];
            std::array::from_fn(|m| h.share_in_month(m) * impact)
        })
        .collect()
}

/// Per month of departure, the edge weights with each hazard's expected
/// impact at its share of time in effect in that month instead of the
/// year's.
fn weights_by_month(
    sc: &Scenario,
    graph: &Graph,
    base: &Weights,
    hits: &[Vec<EdgeId>],
) -> Vec<Weights> {
    let net = &sc.network;
    let seasonal = net
        .hazards
        .iter()
        .any(|h| h.months.contains(&false) || matches!(h.timing, Timing::Season { .. }));
    (0..12)
        .map(|m| {
            if !seasonal {
                return base.clone();
            }
            let mut w: Vec<f64> = base.to_vec();
            for (h, edges) in net.hazards.iter().zip(hits) {
                let impact = h.impact_usd(sc.cargo.value_of_time_per_hour, sc.cargo.value_usd)
                    * sc.risk_weights[h.category.index()];
                let delta = (h.share_in_month(m) - h.probability) * impact;
                if delta != 0.0 {
                    for &e in edges {
                        w[e as usize] = (w[e as usize] + delta).max(0.0);
                    }
                }
            }
            Weights::new(graph, w)
        })
        .collect()
}

/// Whether a hazard hits edge `e` through the node it arrives at (met on
/// arrival) rather than through its link (met on entering).
fn hits_head(graph: &Graph, h: &crate::network::Hazard, e: EdgeId) -> bool {
    let edge = &graph.edges[e as usize];
    match edge.kind {
        EdgeKind::Link { link, .. } => {
            !h.links.contains(&link) && h.nodes.contains(&graph.vertices[edge.to as usize].0)
        }
        EdgeKind::Transfer { .. } => false,
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
            by_month: Vec::new(),
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
        let edges = graph
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| edge_sim(net, &graph, i, e))
            .collect();
        let t = HazardTables::build(net, &graph)?;
        let weights_by_month = weights_by_month(sc, &graph, &weights, &t.hits);
        let corridors = corridor_sims(sc, &graph);
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
            edges,
            hazards: t.hazards,
            clocks: t.clocks,
            hazard_effects: effects_by_hazard(&t.effects, net.hazards.len()),
            effects: t.effects,
            edge_effects: t.edge_effects,
            edge_node_effects: t.edge_node_effects,
            edge_closures: t.edge_closures,
            edge_node_closures: t.edge_node_closures,
            closure_planned: closure_planned(sc, &t.closure_hazard),
            closure_edges: t.closure_edges,
            closure_hazard: t.closure_hazard,
            risk_weights: sc.risk_weights,
            corridors,
            origin: sc.origin,
            destination: sc.destination,
        };
        let mut state = QueryState::new(model.graph.vertex_count());
        let all_year = sc.departure.span_hours >= crate::network::HOURS_PER_YEAR - 1.0;
        let first_month = month_of_hour(sc.departure.from_hour);
        for i in 0..model.corridors.len() {
            let mask = model.corridors[i].mask.clone();
            let sources = model.origin_sources();
            let by_month: Vec<Option<Arc<Plan>>> = (0..12)
                .map(|m| {
                    let w = &model.weights_by_month[m];
                    model
                        .plan(&mut state, i, w, &mask, sources.clone(), 0)
                        .map(Arc::new)
                })
                .collect();
            let reference = if all_year {
                let w = &model.weights;
                model.plan(&mut state, i, w, &mask, sources, 0)
            } else {
                by_month[first_month].as_deref().cloned()
            };
            model.corridors[i].by_month = by_month;
            model.corridors[i].baseline = reference;
        }
        model.horizon = calendar::horizon(model.longest_plan_hours());
        Ok(model)
    }

    /// Expected hours of the longest plan of any corridor and month.
    fn longest_plan_hours(&self) -> f64 {
        self.corridors
            .iter()
            .flat_map(|c| c.by_month.iter().flatten())
            .map(|p| p.hours_at.last().copied().unwrap_or(0.0))
            .fold(0.0, f64::max)
    }

    /// Number of compared corridors (without the free policy). It is also
    /// the index of the free-choice slot in [`SimModel::corridors`], and
    /// the "other" slot of [`Plan::attributed`].
    pub fn compared(&self) -> usize {
        self.corridors.len() - 1
    }

    fn origin_sources(&self) -> Vec<(Vertex, f64)> {
        self.graph
            .vertices_of(self.origin)
            .map(|v| (v, 0.0))
            .collect()
    }

    /// The least-cost plan for `corridor` from `sources` through its
    /// waypoints from number `via_done` on, within `mask`.
    fn plan(
        &self,
        state: &mut QueryState,
        corridor: usize,
        weights: &Weights,
        mask: &[bool],
        sources: Vec<(Vertex, f64)>,
        via_done: usize,
    ) -> Option<Plan> {
        let c = &self.corridors[corridor];
        let (expected, edges) = best_path_from(
            &self.graph,
            weights,
            state,
            sources,
            &c.via[via_done.min(c.via.len())..],
            self.destination,
            Some(mask),
        )?;
        let attributed = if corridor == self.compared() {
            self.attribute(&edges)
        } else {
            corridor
        };
        let mut hours_at = Vec::with_capacity(edges.len() + 1);
        let mut gc_at = Vec::with_capacity(edges.len() + 1);
        let (mut h, mut g) = (0.0, 0.0);
        for &e in &edges {
            hours_at.push(h);
            gc_at.push(g);
            h += self.graph.edges[e as usize].hours();
            g += weights[e as usize];
        }
        hours_at.push(h);
        gc_at.push(g);
        let mut closures_from = vec![0u128; edges.len() + 1];
        for (i, &e) in edges.iter().enumerate().rev() {
            closures_from[i] = closures_from[i + 1] | self.edge_closures[e as usize];
        }
        let hazards = self.hazards_of(&edges);
        Some(Plan {
            hazards,
            edges,
            expected,
            attributed,
            hours_at,
            gc_at,
            closures_from,
        })
    }

    /// The hazards hitting `edges` and those raising them, parents first.
    fn hazards_of(&self, edges: &[EdgeId]) -> Vec<usize> {
        let mut hit = vec![false; self.hazards.len()];
        for &e in edges {
            let e = e as usize;
            for &x in self.edge_effects[e]
                .iter()
                .chain(&self.edge_node_effects[e])
            {
                hit[self.effects[x as usize].hazard] = true;
            }
            for b in bits_of(self.edge_closures[e]) {
                hit[self.closure_hazard[b]] = true;
            }
        }
        // Parents come earlier in the file: one pass from the end adds them.
        for h in (0..hit.len()).rev() {
            if hit[h] {
                for &(p, _) in &self.clocks[h].raised_by {
                    hit[p] = true;
                }
            }
        }
        (0..hit.len()).filter(|&h| hit[h]).collect()
    }

    /// Draws, on the trial's calendar, those of `hazards` not drawn yet
    /// (in file order, so a raising hazard before those it raises), with
    /// their effects' sizes.
    pub(super) fn ensure_drawn(&self, cal: &mut Calendar, key: u64, hazards: &[usize]) {
        for &h in hazards {
            if cal.drawn[h] {
                continue;
            }
            calendar::draw_one(&self.clocks, h, key, self.horizon, cal);
            for &x in &self.hazard_effects[h] {
                let eff = &self.effects[x];
                cal.sizes[x] = eff.size.at(calendar::hazard_unit(key, h as u32, eff.draw));
            }
            if let Some(b) = self.hazards[h].closure_bit
                && cal.live[h]
            {
                cal.live_bits |= 1u128 << b;
            }
        }
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

    /// The detour for `corridor` from vertex `from` (having passed
    /// `via_done` of its waypoints), avoiding every element closed by the
    /// closures in `closures`, planned with month `month`'s weights; from
    /// `cache` or computed.
    #[allow(clippy::too_many_arguments)]
    pub fn detour(
        &self,
        state: &mut QueryState,
        cache: &mut DetourCache,
        corridor: usize,
        from: Vertex,
        via_done: usize,
        month: usize,
        closures: u128,
    ) -> Option<Arc<Plan>> {
        cache
            .entry((corridor, from, via_done, month, closures))
            .or_insert_with(|| {
                let mut mask = self.corridors[corridor].mask.clone();
                for bit in bits_of(closures) {
                    for &e in &self.closure_edges[bit] {
                        mask[e as usize] = false;
                    }
                }
                let w = &self.weights_by_month[month];
                self.plan(state, corridor, w, &mask, vec![(from, 0.0)], via_done)
                    .map(Arc::new)
            })
            .clone()
    }
}
