//! What the charts and the briefing show, gathered once from a finished
//! run: per corridor its colour, distributions, cost breakdown, planned
//! route profile (cumulative km, days, USD) and path on the map.

use strum::{EnumCount as _, IntoEnumIterator as _};

use crate::colour::Rgb;
use crate::cost::CostPart;
use crate::montecarlo::acc::Acc;
use crate::montecarlo::model::SimModel;
use crate::montecarlo::summary::{CorridorSummary, Summary};
use crate::network::NodeId;
use crate::network::{Network, NodeKind};
use crate::path::{EdgeKind, Graph, Route, StepKind};
use crate::report::colours::assign as corridor_colours;
use crate::scenario::{Group, Scenario};
use crate::units::hours_to_days;

/// One point of a route's time/cost–distance profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfilePoint {
    /// Cumulative km.
    pub km: f64,
    /// Cumulative days.
    pub days: f64,
    /// Cumulative USD.
    pub usd: f64,
    /// The step that ended here (border and terminal steps are vertical).
    pub kind: StepKind,
}

/// A corridor as the charts need it.
#[derive(Debug, Clone)]
pub struct ChartCorridor {
    /// Corridor id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Corridor group (solid or dashed drawing).
    pub group: Group,
    /// Its colour, the same in every chart ([`super::colours`]).
    pub colour: Rgb,
    /// (days, cumulative probability) points of the transit-time CDF.
    pub cdf: Vec<(f64, f64)>,
    /// Days: P10, P50, P90.
    pub days: [f64; 3],
    /// USD: P5, P10, P25, P50, P75, P90, P95.
    pub usd: [f64; 7],
    /// Mean USD.
    pub usd_mean: f64,
    /// Mean USD by cost part, indexed by [`CostPart::index`].
    pub breakdown: [f64; CostPart::COUNT],
    /// Planned route profile, starting at (0, 0, 0).
    pub profile: Vec<ProfilePoint>,
    /// Planned route as node indices.
    pub path: Vec<usize>,
    /// Planned route as the map draws it: (longitude, latitude) from the
    /// origin, through each link's waypoints (sea lanes), to the end.
    pub line: Vec<(f64, f64)>,
    /// USD: P99 and CVaR95 (the mean of the costliest 5% of trials).
    pub usd_tail: [f64; 2],
    /// Disruption risk: P(lost) + P(waited out a closure).
    pub disruption: f64,
    /// Share of trials in which the free choice took it.
    pub chosen: f64,
}

/// A node for the map.
#[derive(Debug, Clone)]
pub struct MapNode {
    /// Node name.
    pub name: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
    /// A border crossing (drawn as a diamond).
    pub border: bool,
    /// On some corridor's planned route.
    pub used: bool,
}

/// Everything the charts of one run show.
#[derive(Debug, Clone)]
pub struct ChartData {
    /// Scenario name, shown in every title.
    pub title: String,
    /// What the run changed (`what-if: key = value; …`), shown under
    /// every title; `None` for the scenario as written.
    pub what_if: Option<String>,
    /// What one shipment is (the network's `cargo_unit`, e.g. a container).
    pub cargo_unit: String,
    /// Number of trials.
    pub trials: u64,
    /// Deadline in days, if any.
    pub deadline_days: Option<f64>,
    /// Corridors with a route, in scenario order.
    pub corridors: Vec<ChartCorridor>,
    /// Every node of the network, by index.
    pub nodes: Vec<MapNode>,
    /// Origin node index.
    pub origin: usize,
    /// Destination node index.
    pub destination: usize,
}

const CDF_POINTS: usize = 200;

/// A planned route's profile: cumulative km, days and USD after each
/// step, starting at (0, 0, 0).
fn profile(route: &Route) -> Vec<ProfilePoint> {
    let mut profile = vec![ProfilePoint {
        km: 0.0,
        days: 0.0,
        usd: 0.0,
        kind: StepKind::Link,
    }];
    let (mut km, mut hours, mut usd) = (0.0, 0.0, 0.0);
    for s in &route.steps {
        km += s.km;
        hours += s.hours;
        usd += s.usd;
        profile.push(ProfilePoint {
            km,
            days: hours_to_days(hours),
            usd,
            kind: s.kind,
        });
    }
    profile
}

/// A planned route as the map draws it: node coordinates, with each
/// link's waypoints (reversed when travelled to → from) between its ends.
fn map_line(net: &Network, graph: &Graph, route: &Route) -> Vec<(f64, f64)> {
    let at = |n: NodeId| (net.nodes[n.0 as usize].lon, net.nodes[n.0 as usize].lat);
    let mut line: Vec<(f64, f64)> = route.nodes.first().map(|&n| at(n)).into_iter().collect();
    for &e in &route.edges {
        let edge = &graph.edges[e as usize];
        if let EdgeKind::Link { link, forward } = edge.kind {
            let l = net.link(link);
            let (from, to) = if forward {
                (l.from, l.to)
            } else {
                (l.to, l.from)
            };
            let mut way = l.path.clone();
            if !forward {
                way.reverse();
            }
            if line.last() != Some(&at(from)) {
                line.push(at(from));
            }
            line.extend(way);
            line.push(at(to));
        }
    }
    line
}

/// Every node of the network for the map, marked if on a planned route.
fn map_nodes(net: &Network, corridors: &[ChartCorridor]) -> Vec<MapNode> {
    let used: std::collections::BTreeSet<usize> = corridors
        .iter()
        .flat_map(|c| c.path.iter().copied())
        .collect();
    net.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| MapNode {
            name: n.name.clone(),
            lon: n.lon,
            lat: n.lat,
            border: n.kind == NodeKind::Border,
            used: used.contains(&i),
        })
        .collect()
}

/// Mean USD per cost part of a corridor, indexed by [`CostPart::index`].
fn breakdown(cs: &CorridorSummary) -> [f64; CostPart::COUNT] {
    let mut b = [0.0; CostPart::COUNT];
    for part in CostPart::iter() {
        b[part.index()] = cs.part_usd(part);
    }
    b
}

impl ChartData {
    /// Gathers chart data; corridors without any route are left out.
    pub fn new(sc: &Scenario, model: &SimModel, acc: &Acc, summary: &Summary) -> ChartData {
        let net = &sc.network;
        let vot = sc.cargo.value_of_time_per_hour;
        let mut corridors = Vec::new();
        let colours = corridor_colours(summary.corridors.iter().map(|c| (c.id.as_str(), c.colour)));
        for (i, cs) in summary.corridors.iter().enumerate() {
            let c = &acc.corridors[i];
            let Some(plan) = &model.corridors[i].baseline else {
                continue;
            };
            if c.reached == 0 {
                continue;
            }
            let route =
                Route::describe(net, &model.graph, plan.edges.clone(), vot, &sc.risk_weights);
            let cdf = (1..CDF_POINTS)
                .map(|k| {
                    let q = k as f64 / CDF_POINTS as f64;
                    (hours_to_days(c.hours.quantile(q)), q)
                })
                .collect();
            let u = &c.usd;
            corridors.push(ChartCorridor {
                id: cs.id.clone(),
                name: cs.name.clone(),
                group: model.corridors[i].group,
                colour: colours[i],
                cdf,
                days: [
                    hours_to_days(c.hours.quantile(0.1)),
                    hours_to_days(c.hours.quantile(0.5)),
                    hours_to_days(c.hours.quantile(0.9)),
                ],
                usd: [0.05, 0.10, 0.25, 0.5, 0.75, 0.90, 0.95].map(|q| u.quantile(q)),
                usd_mean: u.mean(),
                breakdown: breakdown(cs),
                profile: profile(&route),
                path: route.nodes.iter().map(|n| n.0 as usize).collect(),
                line: map_line(net, &model.graph, &route),
                usd_tail: [cs.usd.p99, cs.usd.cvar95],
                disruption: (cs.loss.p + cs.waited_out_closure.p).min(1.0),
                chosen: summary.free_choice_shares.get(&cs.id).map_or(0.0, |p| p.p),
            });
        }
        let nodes = map_nodes(net, &corridors);
        ChartData {
            title: sc.name.clone(),
            what_if: sc.what_if(),
            cargo_unit: summary.cargo_unit.clone(),
            trials: acc.trials,
            deadline_days: sc.cargo.deadline_hours.map(hours_to_days),
            corridors,
            nodes,
            origin: sc.origin.0 as usize,
            destination: sc.destination.0 as usize,
        }
    }
}
