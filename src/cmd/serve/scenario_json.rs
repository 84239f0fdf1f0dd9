//! `GET /api/scenario`: the served scenario as the page needs it — its
//! corridors in their report colours ([`colours_css`], which the views
//! use too), the network's geometry for the map,
//! every parameter key with its value and range (from
//! [`param_list::list`]), the planned links that can be switched on, and the
//! report's colours for cost parts and the map.

use serde_json::{Value, json};

use corridor::colour::Rgb;
use corridor::network::Network;
use corridor::report::charts::{BORDER, COAST, LAND, SEA, corridor_colours, part_colour};
use corridor::report::geo::EXTENT;
use corridor::scenario::{Scenario, param_list};

use super::engine::{self, Explorer};

/// A report colour as CSS `#rrggbb` (a macro, so that only the report
/// layer names the charting library's colour type).
macro_rules! css {
    ($c:expr) => {{
        let c = $c;
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    }};
}

/// The scenario as the page needs it.
pub fn scenario_info(app: &Explorer) -> Value {
    let sc = &app.base;
    let net = &sc.network;
    let node_id = |n: corridor::network::NodeId| net.node(n).id.clone();
    let colours = colours_css(sc.corridors.iter().map(|c| (c.id.as_str(), c.colour)));
    let corridors: Vec<_> = sc
        .corridors
        .iter()
        .zip(colours)
        .map(|(c, colour)| {
            json!({
                "id": c.id, "name": c.name, "group": c.group.name(), "colour": colour,
                "via": c.via.iter().map(|&n| node_id(n)).collect::<Vec<_>>(),
            })
        })
        .collect();
    use strum::IntoEnumIterator as _;
    let parts: Vec<_> = corridor::cost::CostPart::iter()
        .map(|p| json!({ "key": p.key(), "label": p.label(), "colour": css!(part_colour(p)) }))
        .collect();
    json!({
        "id": sc.id, "name": sc.name, "description": sc.description,
        "file": app.path.display().to_string(),
        "origin": node_id(sc.origin), "destination": node_id(sc.destination),
        "cargo_unit": sc.cargo.unit,
        "seed": sc.montecarlo.seed, "scenario_trials": sc.montecarlo.trials,
        "default_trials": engine::DEFAULT_TRIALS, "max_trials": engine::MAX_TRIALS,
        "corridors": corridors,
        "network": network_info(net),
        "params": params_info(sc),
        "toggles": toggles_info(net),
        "cost_parts": parts,
        "map_colours": { "sea": css!(SEA), "land": css!(LAND), "border": css!(BORDER), "coast": css!(COAST) },
        "map_extent": [EXTENT.lon.start, EXTENT.lat.start, EXTENT.lon.end, EXTENT.lat.end],
    })
}

/// The report colours (CSS) of corridors given as (id, explicit colour),
/// in order ([`corridor_colours`]): a run's corridors, named first, keep
/// the colours the scenario's gave them, and the routes the run found get
/// the colours their report gives them.
pub fn colours_css<'a>(corridors: impl IntoIterator<Item = (&'a str, Option<Rgb>)>) -> Vec<String> {
    corridor_colours(corridors)
        .into_iter()
        .map(|c| c.to_string())
        .collect()
}

/// Every parameter key with its value and range ([`param_list::list`]).
fn params_info(sc: &Scenario) -> Vec<Value> {
    param_list::list(sc)
        .into_iter()
        .map(|p| {
            let key = p.key.name();
            let group = key.split('.').next().unwrap_or("").to_string();
            json!({
                "key": key, "group": group, "value": p.value, "min": p.min,
                "max": p.max.is_finite().then_some(p.max), "min_exclusive": p.min_exclusive,
            })
        })
        .collect()
}

/// Planned links, which `links.<id>.status=operating` switches on; the
/// key language has no key that closes an element.
fn toggles_info(net: &Network) -> Vec<Value> {
    net
        .links
        .iter()
        .filter(|l| l.status == corridor::network::Status::Planned && !l.enabled)
        .map(|l| {
            json!({
                "key": format!("links.{}.status", l.id), "off": "planned", "on": "operating",
                "label": format!("{} → {} ({})", net.node(l.from).name, net.node(l.to).name, l.mode.name()),
                "group": "planned",
            })
        })
        .chain(
            // Every border crossing can be closed for a window of days
            // from departure (`close.<id>.days`).
            net.nodes
                .iter()
                .filter(|n| n.kind == corridor::network::NodeKind::Border && !n.closed)
                .map(|n| {
                    json!({
                        "key": format!("close.{}.days", n.id), "off": null, "on": 30,
                        "label": format!("Close {} ({})", n.name, n.country),
                        "group": "close", "days": true,
                    })
                }),
        )
        .collect()
}

/// The network's nodes, links and hazards, as the map and the controls
/// need them.
fn network_info(net: &Network) -> Value {
    let node_id = |n: corridor::network::NodeId| net.node(n).id.clone();
    let nodes: Vec<_> = net
        .nodes
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "name": n.name, "country": n.country, "lat": n.lat, "lon": n.lon,
                "kind": n.kind.name(), "closed": n.closed,
            })
        })
        .collect();
    let links: Vec<_> = net
        .links
        .iter()
        .map(|l| {
            json!({
                "id": l.id, "from": node_id(l.from), "to": node_id(l.to), "mode": l.mode.name(),
                "status": l.status.name(), "enabled": l.enabled, "closed": l.closed,
            })
        })
        .collect();
    let hazards: Vec<_> = net
        .hazards
        .iter()
        .map(|h| json!({ "id": h.id, "name": h.name, "category": h.category.name() }))
        .collect();
    json!({ "name": net.name, "as_of": net.as_of, "nodes": nodes, "links": links, "hazards": hazards })
}
