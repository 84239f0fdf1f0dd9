//! The expanded graph: one vertex per (node, carrier) — carrier being a
//! mode, and for rail a gauge — with link edges inside a carrier layer and
//! transfer edges between the layers of one node (the "virtual network" of
//! NODUS-style freight models). Stored as a compact adjacency array.
//!
//! Each edge carries its expected components (km, hours, USD, and expected
//! hazard impact per category at risk weight 1), so the generalized cost
//! for any risk weights is one dot product per edge ([`Graph::weights`]).

use super::csr::{ArcWeights, Csr};
use crate::cost::generalized_cost;
use crate::network::{Carrier, Charge, LinkId, Mode, N_CATEGORIES, Network, NodeId, NodeKind};
use crate::scenario::Cargo;

/// Index of a vertex of the expanded graph.
pub type Vertex = u32;
/// Index of an edge of the expanded graph.
pub type EdgeId = u32;

/// What an edge of the expanded graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Travelling a link; `forward` is from → to as written.
    Link {
        /// The link.
        link: LinkId,
        /// Whether it is travelled from → to.
        forward: bool,
    },
    /// Changing carrier (mode or gauge) at a node.
    Transfer {
        /// The node.
        node: NodeId,
    },
}

/// Expected hours and USD of one part of an edge.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Part {
    /// Expected hours.
    pub hours: f64,
    /// Expected USD.
    pub usd: f64,
}

impl Part {
    fn of(c: &Charge) -> Part {
        Part {
            hours: c.hours.mean(),
            usd: c.usd.mean(),
        }
    }
}

/// One edge: a link travelled (plus dwell on arrival) or a transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// What the edge stands for.
    pub kind: EdgeKind,
    /// Tail vertex.
    pub from: Vertex,
    /// Head vertex.
    pub to: Vertex,
    /// Expected length, km (0 for transfers).
    pub km: f64,
    /// Line haul (link) or the transfer itself.
    pub main: Part,
    /// Dwell charged on arriving at the head node (links only).
    pub dwell: Part,
    /// Expected impact (USD, risk weight 1) per category of hazards on
    /// the link itself.
    pub link_risk: [f64; N_CATEGORIES],
    /// Same, of hazards on the head node (charged on arrival, links only).
    pub node_risk: [f64; N_CATEGORIES],
    /// For a transfer, its distributions (the simulation draws from them).
    pub transfer: Option<Charge>,
}

impl Edge {
    /// Expected hours (travel + dwell).
    pub fn hours(&self) -> f64 {
        self.main.hours + self.dwell.hours
    }
    /// Expected USD (travel + dwell, without risk).
    pub fn usd(&self) -> f64 {
        self.main.usd + self.dwell.usd
    }
    /// Expected hazard impact per category (link and head node).
    pub fn risk(&self) -> [f64; N_CATEGORIES] {
        std::array::from_fn(|c| self.link_risk[c] + self.node_risk[c])
    }
}

/// The expanded graph of one scenario's network.
#[derive(Debug, Clone)]
pub struct Graph {
    /// (node, carrier) of each vertex; vertices of a node are contiguous.
    pub vertices: Vec<(NodeId, Carrier)>,
    node_first: Vec<u32>,
    /// The adjacency array searches run on.
    pub csr: Csr,
    /// All edges, by id.
    pub edges: Vec<Edge>,
}

/// Edge weights for one cargo and set of risk weights, by edge id (what
/// `Deref` gives) and in the adjacency array's arc order (for searches).
#[derive(Debug, Clone)]
pub struct Weights {
    edge: Vec<f64>,
    /// Weights in arc order.
    pub arc: ArcWeights,
}

impl Weights {
    /// Wraps per-edge weights for a graph.
    pub fn new(g: &Graph, edge: Vec<f64>) -> Weights {
        Weights {
            arc: g.csr.by_arc(&edge),
            edge,
        }
    }
}

impl std::ops::Deref for Weights {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.edge
    }
}

impl Graph {
    /// Expands a network for a cargo. Closed nodes and links, and planned
    /// links that were not enabled, are left out.
    ///
    /// Complexity: O((V + E) · H) where H is the number of hazards.
    pub fn build(net: &Network, cargo: &Cargo) -> Graph {
        let (vertices, node_first) = expand_vertices(net);
        let risk = ExpectedRisk::of(net, cargo);
        let mut edges = link_edges(net, &vertices, &node_first, &risk);
        edges.extend(transfer_edges(net, &vertices, &node_first));
        let pairs: Vec<(u32, u32)> = edges.iter().map(|e| (e.from, e.to)).collect();
        let csr = Csr::new(vertices.len(), &pairs);
        Graph {
            vertices,
            node_first,
            csr,
            edges,
        }
    }

    /// Number of vertices.
    pub fn vertex_count(&self) -> usize {
        self.vertices.len()
    }

    /// The vertices of a node (one per carrier serving it).
    pub fn vertices_of(&self, n: NodeId) -> std::ops::Range<Vertex> {
        self.node_first[n.0 as usize]..self.node_first[n.0 as usize + 1]
    }

    /// The arcs leaving a vertex, as (head vertex, edge id).
    pub fn arcs(&self, v: Vertex) -> impl Iterator<Item = (Vertex, EdgeId)> + '_ {
        self.csr
            .arc_range(v)
            .map(|a| (self.csr.head(a), self.csr.edge(a)))
    }

    /// Generalized cost of every edge for a cargo and risk weights:
    /// USD + value of time × hours + Σ weight[c] × risk[c].
    pub fn weights(&self, value_of_time: f64, risk_weights: &[f64; N_CATEGORIES]) -> Weights {
        let edge = self
            .edges
            .iter()
            .map(|e| {
                let risk: f64 = e.risk().iter().zip(risk_weights).map(|(r, w)| r * w).sum();
                generalized_cost(e.usd(), e.hours(), value_of_time, risk)
            })
            .collect();
        Weights::new(self, edge)
    }

    /// Which edges a corridor may use: not into an avoided node, not an
    /// avoided link, only the allowed modes (transfers always allowed).
    pub fn corridor_mask(
        &self,
        net: &Network,
        avoid_nodes: &[NodeId],
        avoid_links: &[LinkId],
        modes: Option<&[Mode]>,
    ) -> Vec<bool> {
        self.edges
            .iter()
            .map(|e| {
                let (head, _) = self.vertices[e.to as usize];
                let (tail, _) = self.vertices[e.from as usize];
                if avoid_nodes.contains(&head) || avoid_nodes.contains(&tail) {
                    return false;
                }
                match e.kind {
                    EdgeKind::Link { link, .. } => {
                        !avoid_links.contains(&link)
                            && modes.is_none_or(|ms| ms.contains(&net.link(link).mode))
                    }
                    EdgeKind::Transfer { .. } => true,
                }
            })
            .collect()
    }

    /// Whether a node is a border crossing.
    pub fn is_border(net: &Network, n: NodeId) -> bool {
        net.node(n).kind == NodeKind::Border
    }
}

/// One vertex per (node, carrier) for every carrier whose usable links
/// touch the node, in node order and carrier order within a node; closed
/// nodes get none. Returns the vertices and each node's first vertex
/// (with a final sentinel).
fn expand_vertices(net: &Network) -> (Vec<(NodeId, Carrier)>, Vec<u32>) {
    let mut carriers: Vec<Vec<Carrier>> = vec![Vec::new(); net.nodes.len()];
    for l in net.links.iter().filter(|l| l.usable()) {
        for n in [l.from, l.to] {
            let c = &mut carriers[n.0 as usize];
            if !c.contains(&l.carrier()) {
                c.push(l.carrier());
            }
        }
    }
    let mut vertices = Vec::new();
    let mut node_first = Vec::with_capacity(net.nodes.len() + 1);
    for (i, cs) in carriers.iter_mut().enumerate() {
        cs.sort();
        node_first.push(vertices.len() as u32);
        if !net.nodes[i].closed {
            vertices.extend(cs.iter().map(|c| (NodeId(i as u32), *c)));
        }
    }
    node_first.push(vertices.len() as u32);
    (vertices, node_first)
}

/// The vertex of node `n` for carrier `c`, if the node has one.
fn vertex_of(
    vertices: &[(NodeId, Carrier)],
    node_first: &[u32],
    n: NodeId,
    c: Carrier,
) -> Option<Vertex> {
    let range = node_first[n.0 as usize]..node_first[n.0 as usize + 1];
    range.into_iter().find(|&v| vertices[v as usize].1 == c)
}

/// Expected hazard impact (probability × expected USD) per category, on
/// every node and link, without the holding cost of waiting out closures;
/// and the expected hours of such waiting per category, which each edge
/// prices at the holding rate where it waits ([`ExpectedRisk::on`]).
struct ExpectedRisk {
    node: Vec<[f64; N_CATEGORIES]>,
    link: Vec<[f64; N_CATEGORIES]>,
    node_wait: Vec<[f64; N_CATEGORIES]>,
    link_wait: Vec<[f64; N_CATEGORIES]>,
}

impl ExpectedRisk {
    fn of(net: &Network, cargo: &Cargo) -> ExpectedRisk {
        let vot = cargo.value_of_time_per_hour;
        let zero = || vec![[0.0; N_CATEGORIES]; net.nodes.len()];
        let zero_links = || vec![[0.0; N_CATEGORIES]; net.links.len()];
        let mut r = ExpectedRisk {
            node: zero(),
            link: zero_links(),
            node_wait: zero(),
            link_wait: zero_links(),
        };
        for h in &net.hazards {
            let impact = h.expected_usd(vot, cargo.value_usd, 0.0);
            let wait = h.probability * h.waiting_hours();
            let c = h.category.index();
            for n in &h.nodes {
                r.node[n.0 as usize][c] += impact;
                r.node_wait[n.0 as usize][c] += wait;
            }
            for l in &h.links {
                r.link[l.0 as usize][c] += impact;
                r.link_wait[l.0 as usize][c] += wait;
            }
        }
        r
    }

    /// The expected impact of `base` with `wait` hours of waiting at
    /// `holding_per_hour`.
    fn on(
        base: &[f64; N_CATEGORIES],
        wait: &[f64; N_CATEGORIES],
        holding_per_hour: f64,
    ) -> [f64; N_CATEGORIES] {
        std::array::from_fn(|c| base[c] + wait[c] * holding_per_hour)
    }
}

/// The mean holding cost per hour of waiting at `node` on `mode` (0 where
/// the network gives none).
pub fn holding_per_hour(net: &Network, node: NodeId, mode: Mode) -> f64 {
    net.holding_at(node, mode)
        .map_or(0.0, |d| crate::units::per_day_to_per_hour(d.mean()))
}

/// A link edge per usable link and direction, carrying the link's mean
/// time and cost, the head node's dwell for the link's mode, and the
/// expected risk of the link and of the head node.
fn link_edges(
    net: &Network,
    vertices: &[(NodeId, Carrier)],
    node_first: &[u32],
    risk: &ExpectedRisk,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (li, l) in net.links.iter().enumerate().filter(|(_, l)| l.usable()) {
        let dirs: &[bool] = if l.bidirectional {
            &[true, false]
        } else {
            &[true]
        };
        for &forward in dirs {
            let (a, b) = if forward {
                (l.from, l.to)
            } else {
                (l.to, l.from)
            };
            let (Some(va), Some(vb)) = (
                vertex_of(vertices, node_first, a, l.carrier()),
                vertex_of(vertices, node_first, b, l.carrier()),
            ) else {
                continue;
            };
            let dwell = net
                .dwell_at(a, b, l.mode)
                .as_ref()
                .map(Part::of)
                .unwrap_or_default();
            let hours = match l.mode {
                // Planning spreads a driver's daily rest over the driving.
                Mode::Road => {
                    let per_day = net.driving_hours_on(l, a);
                    l.mean_hours() * crate::units::HOURS_PER_DAY / per_day
                }
                _ => l.mean_hours(),
            };
            edges.push(Edge {
                kind: EdgeKind::Link {
                    link: LinkId(li as u32),
                    forward,
                },
                from: va,
                to: vb,
                km: l.mean_km(),
                main: Part {
                    hours,
                    usd: l.mean_usd(),
                },
                dwell,
                // A closed link is waited out before it, at its tail; a
                // closed node on arrival, at the node (as the simulation
                // charges holding).
                link_risk: ExpectedRisk::on(
                    &risk.link[li],
                    &risk.link_wait[li],
                    holding_per_hour(net, a, l.mode),
                ),
                node_risk: ExpectedRisk::on(
                    &risk.node[b.0 as usize],
                    &risk.node_wait[b.0 as usize],
                    holding_per_hour(net, b, l.mode),
                ),
                transfer: None,
            });
        }
    }
    edges
}

/// A transfer edge between every two carriers of a node that the node's
/// `transfers` allow.
fn transfer_edges(net: &Network, vertices: &[(NodeId, Carrier)], node_first: &[u32]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (ni, node) in net.nodes.iter().enumerate() {
        let range = node_first[ni]..node_first[ni + 1];
        for va in range.clone() {
            for vb in range.clone() {
                if va == vb {
                    continue;
                }
                let (ca, cb) = (vertices[va as usize].1, vertices[vb as usize].1);
                if let Some(t) = node.transfer(ca, cb) {
                    edges.push(Edge {
                        kind: EdgeKind::Transfer {
                            node: NodeId(ni as u32),
                        },
                        from: va,
                        to: vb,
                        km: 0.0,
                        main: Part::of(&t.charge),
                        dwell: Part::default(),
                        link_risk: [0.0; N_CATEGORIES],
                        node_risk: [0.0; N_CATEGORIES],
                        transfer: Some(t.charge),
                    });
                }
            }
        }
    }
    edges
}
