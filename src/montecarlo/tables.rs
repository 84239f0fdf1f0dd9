//! The tables a model builds once from its network: every hazard prepared
//! for drawing with the edges it hits (closures as bits of a mask, other
//! effects by index), each hazard's calendar, and the month-by-month edge
//! weights and closure prices that season-aware planning uses.

use super::calendar::{HazardClock, MAX_LOOKBACK_HOURS, TimingSim};
use super::draws::Sampler;
use crate::network::Timing;
use crate::path::{EdgeId, EdgeKind, Graph, Weights};
use crate::scenario::Scenario;

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

/// Index of a hazard in [`SimModel::hazards`](super::SimModel::hazards), as stored per edge. Kept
/// small because every edge lists the hazards that hit it; [`SimModel::new`](super::SimModel::new)
/// refuses networks with more hazards than it can index.
pub type HazardIndex = u16;

/// The hazard tables of a model, built once from the network.
pub(super) struct HazardTables {
    pub(super) hazards: Vec<HazardSim>,
    pub(super) clocks: Vec<HazardClock>,
    pub(super) effects: Vec<EffectSim>,
    pub(super) edge_effects: Vec<Vec<HazardIndex>>,
    pub(super) edge_node_effects: Vec<Vec<HazardIndex>>,
    pub(super) edge_closures: Vec<u128>,
    pub(super) edge_node_closures: Vec<u128>,
    pub(super) closure_edges: Vec<Vec<EdgeId>>,
    pub(super) closure_hazard: Vec<usize>,
    /// Per hazard: the edges it hits.
    pub(super) hits: Vec<Vec<EdgeId>>,
}

impl HazardTables {
    /// Prepares every hazard of the network for drawing and records which
    /// edges it hits: closures as bits of a mask, other effects by index.
    pub(super) fn build(
        net: &crate::network::Network,
        graph: &Graph,
    ) -> Result<HazardTables, SimError> {
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
pub(super) fn effects_by_hazard(effects: &[EffectSim], hazards: usize) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); hazards];
    for (x, e) in effects.iter().enumerate() {
        by[e.hazard].push(x);
    }
    by
}

/// Per closure bit and month: the risk-weighted expected cost of the
/// closure on one element, as in the month's edge weights, without its
/// holding cost; and the risk-weighted expected hours of waiting it
/// costs, which the element's holding rate prices.
pub(super) fn closure_planned(
    sc: &Scenario,
    closure_hazard: &[usize],
) -> (Vec<[f64; 12]>, Vec<[f64; 12]>) {
    closure_hazard
        .iter()
        .map(|&h| {
            let h = &sc.network.hazards[h];
            let w = sc.risk_weights[h.category.index()];
            let impact = h.impact_usd(sc.cargo.value_of_time_per_hour, sc.cargo.value_usd, 0.0) * w;
            let wait = h.waiting_hours() * w;
            (
                std::array::from_fn(|m| h.share_in_month(m) * impact),
                std::array::from_fn(|m| h.share_in_month(m) * wait),
            )
        })
        .unzip()
}

/// The holding rate (USD per hour) a hazard's closure on edge `e` is
/// waited out at: the head node's where the hazard is met on arrival
/// there, else the tail's.
fn holding_on(
    net: &crate::network::Network,
    graph: &Graph,
    h: &crate::network::Hazard,
    e: EdgeId,
) -> f64 {
    let edge = &graph.edges[e as usize];
    let at = if hits_head(graph, h, e) {
        edge.to
    } else {
        edge.from
    };
    let (node, carrier) = graph.vertices[at as usize];
    crate::path::graph::holding_per_hour(net, node, carrier.mode())
}

/// Per month of departure, the edge weights with each hazard's expected
/// impact at its share of time in effect in that month instead of the
/// year's.
pub(super) fn weights_by_month(
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
    if !seasonal {
        return vec![base.clone(); 12];
    }
    // Per hazard, its risk-weighted impact on each edge it hits (the
    // holding rate depends on where the edge waits it out).
    let impacts: Vec<Vec<f64>> = net
        .hazards
        .iter()
        .zip(hits)
        .map(|(h, edges)| {
            let weight = sc.risk_weights[h.category.index()];
            edges
                .iter()
                .map(|&e| {
                    h.impact_usd(
                        sc.cargo.value_of_time_per_hour,
                        sc.cargo.value_usd,
                        holding_on(net, graph, h, e),
                    ) * weight
                })
                .collect()
        })
        .collect();
    (0..12)
        .map(|m| {
            let mut w: Vec<f64> = base.to_vec();
            for ((h, edges), impact) in net.hazards.iter().zip(hits).zip(&impacts) {
                let share = h.share_in_month(m) - h.probability;
                if share == 0.0 {
                    continue;
                }
                for (&e, impact) in edges.iter().zip(impact) {
                    w[e as usize] = (w[e as usize] + share * impact).max(0.0);
                }
            }
            Weights::new(graph, w)
        })
        .collect()
}

/// Whether a hazard hits edge `e` through the node it arrives at (met on
/// arrival) rather than through its link (met on entering).
pub(super) fn hits_head(graph: &Graph, h: &crate::network::Hazard, e: EdgeId) -> bool {
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
pub(super) fn hit_edges(graph: &Graph, h: &crate::network::Hazard) -> Vec<EdgeId> {
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
