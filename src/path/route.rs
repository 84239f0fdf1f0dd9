//! Routes: least generalized cost paths through waypoints, and their
//! description leg by leg (link, border/terminal dwell, transfer).

use serde::Serialize;

use super::dijkstra::{QueryState, Stop};
use super::graph::{EdgeId, EdgeKind, Graph, Vertex, Weights};
use crate::cost::generalized_cost;
use crate::network::{Carrier, Category, N_CATEGORIES, Network, NodeId, NodeKind};

/// Least generalized cost path from `origin` through `via` (in order) to
/// `destination`, as edges of `g`. Each leg is a multi-source search
/// starting from the previous waypoint's vertices at their costs so far, so
/// the carrier a leg arrives by carries over (with its transfer cost) into
/// the next leg. Returns `None` if some leg is unreachable.
///
/// Complexity: (legs) × one Dijkstra search each.
pub fn best_path(
    g: &Graph,
    weights: &Weights,
    state: &mut QueryState,
    origin: NodeId,
    via: &[NodeId],
    destination: NodeId,
    allowed: Option<&[bool]>,
) -> Option<(f64, Vec<EdgeId>)> {
    let sources: Vec<(Vertex, f64)> = g.vertices_of(origin).map(|v| (v, 0.0)).collect();
    best_path_from(g, weights, state, sources, via, destination, allowed)
}

/// [`best_path`] from given start vertices at given costs (a shipment
/// standing at one vertex re-planning the rest of its way).
pub fn best_path_from(
    g: &Graph,
    weights: &Weights,
    state: &mut QueryState,
    mut sources: Vec<(Vertex, f64)>,
    via: &[NodeId],
    destination: NodeId,
    allowed: Option<&[bool]>,
) -> Option<(f64, Vec<EdgeId>)> {
    if sources.is_empty() {
        return None;
    }
    // For each leg, the path (edges) to each reached vertex of its end node.
    let mut legs: Vec<Vec<(Vertex, Vec<EdgeId>)>> = Vec::with_capacity(via.len() + 1);
    let stops: Vec<NodeId> = via.iter().copied().chain([destination]).collect();
    for (i, &node) in stops.iter().enumerate() {
        let targets: Vec<Vertex> = g.vertices_of(node).collect();
        let last = i + 1 == stops.len();
        let stop = if last {
            Stop::AnyOf(&targets)
        } else {
            Stop::AllOf(&targets)
        };
        state.search(&g.csr, &weights.arc, &sources, allowed, stop);
        let reached: Vec<(Vertex, Vec<EdgeId>)> = targets
            .iter()
            .filter(|&&v| state.settled(v))
            .map(|&v| (v, state.path_to(&g.csr, v)))
            .collect();
        if reached.is_empty() {
            return None;
        }
        sources = reached.iter().map(|(v, _)| (*v, state.dist(*v))).collect();
        legs.push(reached);
    }
    // The cheapest arrival, then walk the legs backwards.
    let (mut at, cost) = sources
        .iter()
        .copied()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))?;
    let mut pieces = Vec::with_capacity(legs.len());
    for leg in legs.iter().rev() {
        let (_, edges) = leg.iter().find(|(v, _)| *v == at)?;
        at = edges.first().map_or(at, |&e| g.edges[e as usize].from);
        pieces.push(edges.clone());
    }
    pieces.reverse();
    Some((cost, pieces.concat()))
}

/// What one step of a route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Travel along a link.
    Link,
    /// Time and money at a border crossing.
    Border,
    /// Time and money at a port, terminal or other node.
    Terminal,
    /// Change of mode or rail gauge.
    Transfer,
}

/// One line of a route's leg-by-leg table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Link, border, terminal or transfer.
    pub kind: StepKind,
    /// Node ids (for dwell and transfer, `from == to`).
    pub from: String,
    /// Node id where the step ends.
    pub to: String,
    /// `road`, `rail-1520`, …; for a transfer `rail-1520→rail-1676`.
    pub mode: String,
    /// Link id, if a link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Expected km.
    pub km: f64,
    /// Expected hours.
    pub hours: f64,
    /// Expected USD.
    pub usd: f64,
    /// Expected hazard impact (USD, at risk weight 1), all categories.
    pub risk_usd: f64,
    /// Generalized cost of the step under the scenario's risk weights.
    pub generalized_cost: f64,
}

/// A route with totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The edges of the expanded graph, in order.
    pub edges: Vec<EdgeId>,
    /// The nodes passed, in order (origin first).
    pub nodes: Vec<NodeId>,
    /// The steps, in travel order.
    pub steps: Vec<Step>,
    /// Total km.
    pub km: f64,
    /// Total hours.
    pub hours: f64,
    /// Total USD.
    pub usd: f64,
    /// Expected hazard impact per category (USD, at risk weight 1).
    pub risk: [f64; N_CATEGORIES],
    /// Risk premium: Σ weight × risk.
    pub risk_premium: f64,
    /// USD + value of time × hours + risk premium.
    pub generalized_cost: f64,
}

impl Route {
    /// The places the route passes more than once, in order of their second
    /// passing: a waypoint it reaches and leaves the way it came, usually.
    pub fn passed_twice(&self) -> Vec<NodeId> {
        let mut seen = std::collections::HashSet::new();
        let mut twice = Vec::new();
        for &n in &self.nodes {
            if !seen.insert(n) && !twice.contains(&n) {
                twice.push(n);
            }
        }
        twice
    }

    /// Describes a path. Totals are sums over its steps.
    pub fn describe(
        net: &Network,
        g: &Graph,
        edges: Vec<EdgeId>,
        value_of_time: f64,
        risk_weights: &[f64; N_CATEGORIES],
    ) -> Route {
        let pricing = Pricing {
            net,
            g,
            value_of_time,
            risk_weights,
        };
        let mut steps = Vec::new();
        let mut nodes = Vec::new();
        let mut risk = [0.0; N_CATEGORIES];
        for &eid in &edges {
            let e = &g.edges[eid as usize];
            if nodes.is_empty() {
                nodes.push(g.vertices[e.from as usize].0);
            }
            for (acc, r) in risk.iter_mut().zip(e.risk()) {
                *acc += r;
            }
            if let EdgeKind::Link { .. } = e.kind {
                nodes.push(g.vertices[e.to as usize].0);
            }
            pricing.steps_of(e, &mut steps);
        }
        let km = steps.iter().map(|s| s.km).sum();
        let hours = steps.iter().map(|s| s.hours).sum();
        let usd = steps.iter().map(|s| s.usd).sum();
        let risk_premium = pricing.weighted(&risk);
        Route {
            edges,
            nodes,
            km,
            hours,
            usd,
            risk,
            risk_premium,
            generalized_cost: steps.iter().map(|s| s.generalized_cost).sum(),
            steps,
        }
    }

    /// The border crossings passed, in order.
    pub fn borders(&self, net: &Network) -> Vec<NodeId> {
        self.nodes
            .iter()
            .copied()
            .filter(|&n| net.node(n).kind == NodeKind::Border)
            .collect()
    }

    /// Expected risk premium of one category (weighted).
    pub fn premium(&self, c: Category, risk_weights: &[f64; N_CATEGORIES]) -> f64 {
        self.risk[c.index()] * risk_weights[c.index()]
    }
}

/// What a route's steps are priced with: the network for names, the graph,
/// the value of time and the risk weights.
struct Pricing<'a> {
    net: &'a Network,
    g: &'a Graph,
    value_of_time: f64,
    risk_weights: &'a [f64; N_CATEGORIES],
}

impl Pricing<'_> {
    /// Expected risk weighted by the risk weights.
    fn weighted(&self, r: &[f64; N_CATEGORIES]) -> f64 {
        r.iter().zip(self.risk_weights).map(|(a, b)| a * b).sum()
    }

    fn carrier(&self, v: Vertex) -> Carrier {
        self.g.vertices[v as usize].1
    }

    /// The steps of one edge: a link and, if the head node charges
    /// anything or carries risk, its border or terminal dwell; or a
    /// transfer.
    fn steps_of(&self, e: &super::graph::Edge, steps: &mut Vec<Step>) {
        let (net, g) = (self.net, self.g);
        let tail = g.vertices[e.from as usize].0;
        let head = g.vertices[e.to as usize].0;
        match e.kind {
            EdgeKind::Link { link, .. } => {
                steps.push(Step {
                    kind: StepKind::Link,
                    from: net.node(tail).id.clone(),
                    to: net.node(head).id.clone(),
                    mode: self.carrier(e.to).to_string(),
                    link: Some(net.link(link).id.clone()),
                    km: e.km,
                    hours: e.main.hours,
                    usd: e.main.usd,
                    risk_usd: e.link_risk.iter().sum(),
                    generalized_cost: generalized_cost(
                        e.main.usd,
                        e.main.hours,
                        self.value_of_time,
                        self.weighted(&e.link_risk),
                    ),
                });
                let node_risk: f64 = e.node_risk.iter().sum();
                if e.dwell.hours > 0.0 || e.dwell.usd > 0.0 || node_risk > 0.0 {
                    steps.push(self.dwell_step(e, head, node_risk));
                }
            }
            EdgeKind::Transfer { node } => steps.push(Step {
                kind: StepKind::Transfer,
                from: net.node(node).id.clone(),
                to: net.node(node).id.clone(),
                mode: format!("{}→{}", self.carrier(e.from), self.carrier(e.to)),
                link: None,
                km: 0.0,
                hours: e.main.hours,
                usd: e.main.usd,
                risk_usd: 0.0,
                generalized_cost: generalized_cost(
                    e.main.usd,
                    e.main.hours,
                    self.value_of_time,
                    0.0,
                ),
            }),
        }
    }

    /// The dwell step on arriving at `head` by edge `e`.
    fn dwell_step(&self, e: &super::graph::Edge, head: NodeId, node_risk: f64) -> Step {
        let net = self.net;
        let kind = if net.node(head).kind == NodeKind::Border {
            StepKind::Border
        } else {
            StepKind::Terminal
        };
        Step {
            kind,
            from: net.node(head).id.clone(),
            to: net.node(head).id.clone(),
            mode: self.carrier(e.to).to_string(),
            link: None,
            km: 0.0,
            hours: e.dwell.hours,
            usd: e.dwell.usd,
            risk_usd: node_risk,
            generalized_cost: generalized_cost(
                e.dwell.usd,
                e.dwell.hours,
                self.value_of_time,
                self.weighted(&e.node_risk),
            ),
        }
    }
}
