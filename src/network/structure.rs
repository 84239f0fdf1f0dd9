//! The structure check of a network: nodes that no route from the main
//! network can reach, and links that no route touching it can use. These
//! are warnings, not errors: the network loads and routes are planned, but
//! an author usually meant something else (a link written one-way, a
//! misspelt mode, a missing transfer).
//!
//! The check works on the same expanded graph the path core searches: one
//! vertex per (node, carrier), a link edge per usable direction (closed
//! links, links at closed nodes, and planned links no scenario enabled are
//! left out, as [`Link::usable`] says), and a transfer edge wherever a node
//! allows a change of carrier. A route starts at any vertex of its origin
//! and ends at any vertex of its destination.
//!
//! - The **main network** is the strongly connected component of that
//!   graph (petgraph's [`tarjan_scc`]) whose vertices lie at the most nodes:
//!   between any two of its nodes there are routes both ways.
//! - A node is **unreachable** when no route from a node of the main
//!   network can arrive at it: none of its vertices is reachable from the
//!   main component. This covers a node without links, a group of nodes
//!   joined only to each other, and a node left only by one-way links.
//! - A link can **never be used** when no route that starts or ends in
//!   the main network can travel it: it has no usable direction at all
//!   (closed, or an end closed), or in every direction it is both
//!   unreachable from the main network and unable to lead back into it.
//!   A planned link that no scenario enabled is not reported: enabling it
//!   is what scenarios are for.
//!
//! Complexity: O(V + E) on the expanded graph (one SCC pass, two searches).

use std::collections::HashMap;
use std::fmt;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, Reversed, Walker};

use super::{Carrier, Link, LinkId, Network, NodeId, Status};

/// A structural problem of a network, named by the element's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// No route from the main network can arrive at this node.
    UnreachableNode {
        /// The node's id.
        id: String,
    },
    /// No route starting or ending in the main network can use this link.
    UnusableLink {
        /// The link's id.
        id: String,
        /// Why, in plain words.
        reason: &'static str,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnreachableNode { id } => {
                write!(f, "node \"{id}\": no link reaches it from the main network")
            }
            Warning::UnusableLink { id, reason } => {
                write!(f, "link \"{id}\": can never be used: {reason}")
            }
        }
    }
}

/// What an edge of the structure graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Travelling a link in one direction.
    Link(LinkId),
    /// Changing carrier at a node.
    Transfer,
}

/// The expanded graph as petgraph holds it, with the vertices of each node.
struct Structure {
    graph: DiGraph<NodeId, Step>,
    vertices_of: Vec<Vec<NodeIndex>>,
}

/// Checks a network's structure; warnings come nodes first, then links,
/// each in file order.
pub fn check(net: &Network) -> Vec<Warning> {
    let s = Structure::build(net);
    let main = s.main_vertices(net.nodes.len());
    let from_main = s.reachable(&main, false);
    let to_main = s.reachable(&main, true);
    let mut warnings = Vec::new();
    for (i, node) in net.nodes.iter().enumerate() {
        let reached = s.vertices_of[i].iter().any(|v| from_main[v.index()]);
        if !node.closed && !reached {
            warnings.push(Warning::UnreachableNode {
                id: node.id.clone(),
            });
        }
    }
    let mut used = vec![false; net.links.len()];
    for e in s.graph.edge_indices() {
        let (u, v) = s.graph.edge_endpoints(e).expect("an edge of this graph");
        if let Step::Link(l) = s.graph[e] {
            used[l.0 as usize] |= from_main[u.index()] || to_main[v.index()];
        }
    }
    for (i, link) in net.links.iter().enumerate() {
        if let Some(reason) = unused_reason(net, link, used[i]) {
            warnings.push(Warning::UnusableLink {
                id: link.id.clone(),
                reason,
            });
        }
    }
    warnings
}

/// Why a link that no route touching the main network travels is never
/// used, or `None` if it is used or merely planned.
fn unused_reason(net: &Network, l: &Link, used: bool) -> Option<&'static str> {
    if used || (l.status == Status::Planned && !l.enabled && !l.closed) {
        return None;
    }
    let end_closed = [l.from, l.to].iter().any(|n| net.node(*n).closed);
    Some(if l.closed {
        "it is closed"
    } else if end_closed {
        "one of its ends is closed"
    } else {
        "it joins nodes cut off from the main network"
    })
}

impl Structure {
    /// Builds the graph: vertices for the carriers of usable links at each
    /// open node, link edges per direction, transfer edges per allowed change.
    fn build(net: &Network) -> Structure {
        let mut graph = DiGraph::new();
        let mut at: HashMap<(NodeId, Carrier), NodeIndex> = HashMap::new();
        let mut vertices_of = vec![Vec::new(); net.nodes.len()];
        let usable = net
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.usable() && !net.node(l.from).closed && !net.node(l.to).closed);
        for (i, l) in usable {
            let mut vertex = |n: NodeId| {
                *at.entry((n, l.carrier())).or_insert_with(|| {
                    let v = graph.add_node(n);
                    vertices_of[n.0 as usize].push(v);
                    v
                })
            };
            let (a, b) = (vertex(l.from), vertex(l.to));
            graph.add_edge(a, b, Step::Link(LinkId(i as u32)));
            if l.bidirectional {
                graph.add_edge(b, a, Step::Link(LinkId(i as u32)));
            }
        }
        let carrier_of: HashMap<NodeIndex, Carrier> =
            at.iter().map(|((_, c), v)| (*v, *c)).collect();
        for (i, node) in net.nodes.iter().enumerate() {
            for &a in &vertices_of[i] {
                for &b in &vertices_of[i] {
                    if a != b && node.transfer(carrier_of[&a], carrier_of[&b]).is_some() {
                        graph.add_edge(a, b, Step::Transfer);
                    }
                }
            }
        }
        Structure { graph, vertices_of }
    }

    /// Every vertex of every node of the main network: the strongly
    /// connected component at the most distinct nodes (the first found on
    /// a tie). A route may start or end at any vertex of such a node.
    fn main_vertices(&self, n_nodes: usize) -> Vec<NodeIndex> {
        let mut best: (usize, Vec<bool>) = (0, Vec::new());
        for component in tarjan_scc(&self.graph) {
            let mut nodes = vec![false; n_nodes];
            for v in &component {
                nodes[self.graph[*v].0 as usize] = true;
            }
            let count = nodes.iter().filter(|b| **b).count();
            if count > best.0 {
                best = (count, nodes);
            }
        }
        let main_nodes = best.1;
        (0..n_nodes)
            .filter(|i| main_nodes.get(*i).copied().unwrap_or(false))
            .flat_map(|i| self.vertices_of[i].iter().copied())
            .collect()
    }

    /// Which vertices can be reached from `starts` (or, `backwards`, can
    /// reach them), by one depth-first search from all of them.
    fn reachable(&self, starts: &[NodeIndex], backwards: bool) -> Vec<bool> {
        let mut seen = vec![false; self.graph.node_count()];
        let visited: Vec<NodeIndex> = if backwards {
            let g = Reversed(&self.graph);
            let mut dfs = Dfs::empty(g);
            dfs.stack.extend(starts);
            dfs.iter(g).collect()
        } else {
            let mut dfs = Dfs::empty(&self.graph);
            dfs.stack.extend(starts);
            dfs.iter(&self.graph).collect()
        };
        for v in visited {
            seen[v.index()] = true;
        }
        seen
    }
}
