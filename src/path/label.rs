//! A route's name and id, made from where it goes: its border crossings
//! and the junctions it passes in the countries it crosses
//! ("via Hairatan–Mazar-i-Sharif–Kabul–Kandahar–Spin Boldak").

use std::collections::BTreeSet;

use crate::network::{Network, NodeId, NodeKind};

/// Most places a route's name lists (border crossings are kept first).
const MAX_NAMED: usize = 6;

/// A route's name and stable id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteLabel {
    /// `via-` and the ids of the border crossings the name lists
    /// (`via-hairatan-spin-boldak`), or `direct` for a route that crosses
    /// no border.
    pub id: String,
    /// `via ` and the places' names, joined by dashes.
    pub name: String,
    /// Every border crossing, in route order.
    pub borders: Vec<NodeId>,
}

/// Names the route through `nodes` (origin first, destination last).
///
/// The name lists its border crossings — border posts, and the places it
/// enters a country by where the network has no post (a port across a
/// sea) — (those out of the origin's country only if there are no others) and its junctions (places with links to
/// three or more others) in countries other than the origin's and the
/// destination's, in route order, at most [`MAX_NAMED`] (junctions dropped
/// from the end first). The id lists the same border crossings and
/// depends on nothing else, so the same crossings give the same id in
/// every run.
pub fn route_label(net: &Network, nodes: &[NodeId]) -> RouteLabel {
    let (Some(&first), Some(&last)) = (nodes.first(), nodes.last()) else {
        return RouteLabel {
            id: "direct".into(),
            name: "direct".into(),
            borders: Vec::new(),
        };
    };
    let home = [
        net.node(first).country.as_str(),
        net.node(last).country.as_str(),
    ];
    let inner = &nodes[1..nodes.len().saturating_sub(1).max(1)];
    let mut places: Vec<(NodeId, bool)> = Vec::new();
    for (i, &n) in inner.iter().enumerate() {
        let node = net.node(n);
        // A border post, or the place a route enters a country by where the
        // network has no border post on either side (a port across the
        // Caspian or a sea, a station on a line with no border node).
        let prev = net.node(nodes[i]);
        let entered = prev.country != node.country && prev.kind != NodeKind::Border;
        let border = node.kind == NodeKind::Border || entered;
        let junction = !home.contains(&node.country.as_str()) && neighbours(net, n) >= 3;
        if (border || junction) && places.last().map(|p| p.0) != Some(n) {
            places.push((n, border));
        }
    }
    // A crossing out of the origin's country says little once the route
    // has others.
    let crossings_abroad = places
        .iter()
        .filter(|p| p.1 && net.node(p.0).country != home[0])
        .count();
    let borders: Vec<NodeId> = places.iter().filter(|p| p.1).map(|p| p.0).collect();
    if crossings_abroad > 0 {
        places.retain(|p| !p.1 || net.node(p.0).country != home[0]);
    }
    while places.len() > MAX_NAMED {
        match places.iter().rposition(|p| !p.1) {
            Some(i) => places.remove(i),
            None => break,
        };
    }
    let name_of = |n: &NodeId| net.node(*n).name.clone();
    let id_of = |n: &NodeId| net.node(*n).id.clone();
    let named: Vec<String> = places.iter().filter(|p| p.1).map(|p| id_of(&p.0)).collect();
    let id = if named.is_empty() {
        "direct".to_string()
    } else {
        format!("via-{}", named.join("-"))
    };
    let name = if places.is_empty() {
        "direct (no border crossing)".to_string()
    } else {
        let names: Vec<String> = places.iter().map(|p| name_of(&p.0)).collect();
        format!("via {}", names.join("–"))
    };
    RouteLabel { id, name, borders }
}

/// How many other places `n` has links with.
fn neighbours(net: &Network, n: NodeId) -> usize {
    net.links
        .iter()
        .filter_map(|l| {
            if l.from == n {
                Some(l.to)
            } else if l.to == n {
                Some(l.from)
            } else {
                None
            }
        })
        .collect::<BTreeSet<_>>()
        .len()
}
