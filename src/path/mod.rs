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
pub mod label;
mod queue;
mod radix;
pub mod route;

use serde::Serialize;

pub use bidirectional::BiState;
pub use csr::{ArcWeights, Csr};
pub use dijkstra::{QueryState, Stop};
pub use graph::{Edge, EdgeId, EdgeKind, Graph, Vertex, Weights};
pub use label::{RouteLabel, route_label};
pub use route::{Route, Step, StepKind, best_path, best_path_from};

use crate::scenario::{Group, Scenario};

/// One corridor's (or one alternative's) best route.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Corridor id, or for the k best routes the id of
    /// [`label::route_label`] (`via-…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Southern, traditional or other.
    pub group: Group,
    /// `None`: no route (a result, not an error).
    pub route: Option<Route>,
}

/// Deterministic plan of a scenario: the least generalized cost route of
/// every corridor, or, without corridors, the `k` best distinct routes.
///
/// ```
/// use std::collections::BTreeMap;
/// use std::path::PathBuf;
/// use corridor::path::plan;
/// use corridor::scenario::load::load_scenario_from;
///
/// //   a ──road 100 km──► b ──road 100 km──► c
/// //   └──────────── road 400 km ───────────┘
/// let net = r#"
/// [network]
/// name = "tiny"
/// [[nodes]]
/// id = "a"
/// name = "A"
/// country = "KZ"
/// lat = 43.0
/// lon = 76.0
/// [[nodes]]
/// id = "b"
/// name = "B"
/// country = "KZ"
/// lat = 42.0
/// lon = 75.0
/// [[nodes]]
/// id = "c"
/// name = "C"
/// country = "KZ"
/// lat = 41.0
/// lon = 74.0
/// [[links]]
/// id = "a-b"
/// from = "a"
/// to = "b"
/// mode = "road"
/// km = 100
/// kmh = 50
/// usd_per_km = 1
/// [[links]]
/// id = "b-c"
/// from = "b"
/// to = "c"
/// mode = "road"
/// km = 100
/// kmh = 50
/// usd_per_km = 1
/// [[links]]
/// id = "a-c"
/// from = "a"
/// to = "c"
/// mode = "road"
/// km = 400
/// kmh = 50
/// usd_per_km = 1
/// "#;
/// let scenario = r#"
/// name = "tiny"
/// network = "net.toml"
/// origin = "a"
/// destination = "c"
/// [cargo]
/// value_usd = 10000
/// value_of_time_usd_per_day = 24
/// [[corridors]]
/// id = "via-b"
/// name = "Via B"
/// group = "southern"
/// via = ["b"]
/// [[corridors]]
/// id = "direct"
/// name = "Direct"
/// group = "traditional"
/// avoid = ["b"]
/// "#;
/// let texts = BTreeMap::from([
///     (PathBuf::from("sc.toml"), scenario.to_string()),
///     (PathBuf::from("net.toml"), net.to_string()),
/// ]);
/// let sc = load_scenario_from("sc.toml".as_ref(), &texts, &[]).unwrap();
/// let planned = plan(&sc, 1);
/// let km = |i: usize| planned[i].route.as_ref().unwrap().km;
/// assert_eq!((planned[0].id.as_str(), km(0)), ("via-b", 200.0));
/// assert_eq!((planned[1].id.as_str(), km(1)), ("direct", 400.0));
/// // Via B: 200 km at $1/km plus 4 hours at $1/hour.
/// assert_eq!(planned[0].route.as_ref().unwrap().generalized_cost, 204.0);
/// ```
pub fn plan(sc: &Scenario, k: usize) -> Vec<Planned> {
    let seasonal = sc.planning_network();
    let net = seasonal.as_ref().unwrap_or(&sc.network);
    let g = Graph::build(net, &sc.cargo);
    let vot = sc.cargo.value_of_time_per_hour;
    let weights = g.weights(vot, &sc.risk_weights);
    let mut state = QueryState::new(g.vertex_count());
    let describe = |edges| Route::describe(net, &g, edges, vot, &sc.risk_weights);
    if sc.corridors.is_empty() {
        let mut seen: Vec<String> = Vec::new();
        return kbest::k_best_distinct(net, &g, &weights, &mut state, sc.origin, sc.destination, k)
            .into_iter()
            .map(|(_, edges)| {
                let route = describe(edges);
                let label = label::route_label(net, &route.nodes);
                let same = seen.iter().filter(|s| **s == label.id).count();
                seen.push(label.id.clone());
                let id = match same {
                    0 => label.id,
                    n => format!("{}-{}", label.id, n + 1),
                };
                Planned {
                    id,
                    name: label.name,
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
    /// Risk category name.
    pub category: &'static str,
    /// Weighted expected premium, USD.
    pub usd: f64,
}
