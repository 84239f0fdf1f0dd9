//! The path core: the expanded graph, Dijkstra with reusable query state,
//! routes through waypoints, and the k best distinct routes.
//!
//! ```text
//!   Network + Cargo ──► Graph (vertices = node × carrier, adjacency array)
//!   risk weights    ──► edge weights (one dot product per edge)
//!   QueryState      ──► best_path(origin, via…, destination) ──► Route
//! ```

pub mod bidirectional;
mod buckets;
pub mod csr;
pub mod dijkstra;
pub mod graph;
pub mod kbest;
mod queue;
mod radix;
pub mod route;

use serde::Serialize;

pub use bidirectional::BiState;
pub use csr::{ArcWeights, Csr};
pub use dijkstra::{QueryState, Stop};
pub use graph::{Edge, EdgeId, EdgeKind, Graph, Vertex, Weights};
pub use route::{Route, Step, StepKind, best_path};

use crate::scenario::{Group, Scenario};

/// One corridor's (or one alternative's) best route.
#[derive(Debug, Clone)]
pub struct Planned {
    pub id: String,
    pub name: String,
    pub group: Group,
    /// `None`: no route (a result, not an error).
    pub route: Option<Route>,
}

/// Deterministic plan of a scenario: the least generalized cost route of
/// every corridor, or, without corridors, the `k` best distinct routes.
pub fn plan(sc: &Scenario, k: usize) -> Vec<Planned> {
    let net = &sc.network;
    let g = Graph::build(net, &sc.cargo);
    let vot = sc.cargo.value_of_time_per_hour;
    let weights = g.weights(vot, &sc.risk_weights);
    let mut state = QueryState::new(g.vertex_count());
    let describe = |edges| Route::describe(net, &g, edges, vot, &sc.risk_weights);
    if sc.corridors.is_empty() {
        return kbest::k_best_distinct(net, &g, &weights, &mut state, sc.origin, sc.destination, k)
            .into_iter()
            .enumerate()
            .map(|(i, (_, edges))| {
                let route = describe(edges);
                let borders: Vec<&str> = route
                    .borders(net)
                    .iter()
                    .map(|&b| net.node(b).name.as_str())
                    .collect();
                let via = if borders.is_empty() {
                    "no border crossing".to_string()
                } else {
                    format!("via {}", borders.join(", "))
                };
                Planned {
                    id: format!("route-{}", i + 1),
                    name: format!("Route {} ({via})", i + 1),
                    group: Group::Other,
                    route: Some(route),
                }
            })
            .collect();
    }
    sc.corridors
        .iter()
        .map(|c| {
            let mask = g.corridor_mask(net, &c.avoid_nodes, &c.avoid_links, c.modes.as_deref());
            let route = best_path(
                &g,
                &weights,
                &mut state,
                sc.origin,
                &c.via,
                sc.destination,
                Some(&mask),
            )
            .map(|(_, edges)| describe(edges));
            Planned {
                id: c.id.clone(),
                name: c.name.clone(),
                group: c.group,
                route,
            }
        })
        .collect()
}

/// A route's risk premium by category, for reports.
#[derive(Debug, Clone, Serialize)]
pub struct Premium {
    pub category: &'static str,
    pub usd: f64,
}
