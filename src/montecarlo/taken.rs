//! The routes the shipper takes: a scenario's compared corridors made
//! complete before a run.
//!
//! - A scenario without corridors compares the k best distinct routes
//!   ([`crate::path::plan`]), each as a corridor through its border
//!   crossings.
//! - A route that a shipper free to choose sets out on in at least
//!   [`MIN_SHARE`] of the pilot trials, and that lies outside every
//!   compared corridor, becomes a corridor of its own, named by its border
//!   crossings and junctions ([`crate::path::route_label`]).
//!
//! The pilot is the run's own first [`PILOT_TRIALS`] trials (same seed,
//! same streams) travelled by the free policy alone, sequentially, so the
//! corridors found depend only on the inputs, the seed and the number of
//! trials: never on threads or shards. [`pilot`] tells what it saw: every
//! route outside the corridors, with the trials it was taken in.

use std::collections::BTreeMap;

use super::calendar::Calendar;
use super::draws::trial_key;
use super::edges::EdgeDraws;
use super::model::{DetourCache, SimError, SimModel};
use super::travel::Scratch;
use crate::network::{NodeId, NodeKind, month_of_hour};
use crate::path::{self, QueryState, route_label};
use crate::scenario::{Corridor, Found, Group, Scenario};

/// Share of the pilot trials from which a route outside every corridor
/// gets its own row.
pub const MIN_SHARE: f64 = 0.05;

/// Trials of the pilot (fewer if the run has fewer).
pub const PILOT_TRIALS: u64 = 2000;

/// How many distinct routes a scenario without corridors compares unless
/// told (`-k`).
pub const DEFAULT_K: usize = 3;

/// A corridor that keeps to the border crossings of the route through
/// `nodes`: it passes them in order and no other crossing.
pub fn route_corridor(sc: &Scenario, nodes: &[NodeId], found: Found) -> Corridor {
    let net = &sc.network;
    let label = route_label(net, nodes);
    let avoid_nodes = (0..net.nodes.len() as u32)
        .map(NodeId)
        .filter(|&n| net.node(n).kind == NodeKind::Border && !label.borders.contains(&n))
        .collect();
    Corridor {
        id: label.id,
        name: label.name,
        group: Group::Other,
        via: label.borders,
        avoid_nodes,
        avoid_links: Vec::new(),
        modes: None,
        found,
        colour: None,
    }
}

/// Adds to `sc` the corridors it lacks: the `k` best distinct routes if it
/// has none, then every route the free choice takes often outside them
/// (pilot of the first trials of a run with `seed` and `trials` trials).
pub fn complete(sc: &mut Scenario, k: usize, seed: u64, trials: u64) -> Result<(), SimError> {
    if sc.corridors.is_empty() {
        for planned in path::plan(sc, k.max(1)) {
            let Some(route) = planned.route else { continue };
            let c = route_corridor(sc, &route.nodes, Found::KBest);
            push_new(sc, c);
        }
    }
    for c in routes_taken(sc, seed, trials)? {
        push_new(sc, c);
    }
    Ok(())
}

/// Adds `c` unless a corridor keeps to the same crossings already; an id
/// taken by another corridor gets a number.
pub fn push_new(sc: &mut Scenario, mut c: Corridor) {
    let same_route =
        |o: &Corridor| o.found != Found::Named && o.via == c.via && o.avoid_nodes == c.avoid_nodes;
    if sc.corridors.iter().any(same_route) {
        return;
    }
    let base = c.id.clone();
    let mut n = 1;
    while sc.corridors.iter().any(|o| o.id == c.id) {
        n += 1;
        c.id = format!("{base}-{n}");
    }
    sc.corridors.push(c);
}

/// The routes outside every corridor of `sc` that the free choice set out
/// on in at least [`MIN_SHARE`] of the pilot, most taken first (ties by
/// id), each as a corridor through its crossings.
pub fn routes_taken(sc: &Scenario, seed: u64, trials: u64) -> Result<Vec<Corridor>, SimError> {
    let pilot = pilot(sc, seed, trials)?;
    Ok(pilot
        .routes
        .into_iter()
        .filter(|(n, _)| *n as f64 >= MIN_SHARE * pilot.trials as f64)
        .map(|(_, c)| c)
        .collect())
}

/// What the free choice did in the pilot, outside every corridor.
#[derive(Debug, Clone)]
pub struct Pilot {
    /// Trials of the pilot.
    pub trials: u64,
    /// Every route outside every corridor that the free choice set out
    /// on, one per set of border crossings, as a corridor through them,
    /// with the pilot trials it was taken in: most taken first (ties by
    /// id).
    pub routes: Vec<(u64, Corridor)>,
}

impl Pilot {
    /// The largest share of the pilot trials that one route outside every
    /// corridor took (0 if none): under [`MIN_SHARE`] once
    /// [`complete`] has given each route taken more often a corridor.
    pub fn largest_other_share(&self) -> f64 {
        match (self.routes.first(), self.trials) {
            (Some((n, _)), t) if t > 0 => *n as f64 / t as f64,
            _ => 0.0,
        }
    }
}

/// Runs the pilot of a run of `sc` with `seed` and `trials` trials (its
/// first [`PILOT_TRIALS`], by the free policy alone) and gathers the
/// routes it set out on outside every corridor of `sc`.
pub fn pilot(sc: &Scenario, seed: u64, trials: u64) -> Result<Pilot, SimError> {
    let model = SimModel::new(sc)?;
    let pilot = trials.min(PILOT_TRIALS);
    if pilot == 0 {
        return Ok(Pilot {
            trials: 0,
            routes: Vec::new(),
        });
    }
    // Trials per route (as nodes) the free choice set out on, outside
    // every corridor.
    let mut counts: BTreeMap<Vec<NodeId>, u64> = BTreeMap::new();
    let free = model.compared();
    let mut state = QueryState::new(model.graph.vertex_count());
    let mut cache = DetourCache::new();
    let mut draws = EdgeDraws::default();
    let mut outcome = super::outcome::Outcome::default();
    let mut calendar = Calendar::new(model.hazards.len(), model.effects.len());
    for i in 0..pilot {
        let key = trial_key(seed, i);
        calendar.begin(&model.departure, key);
        let month = month_of_hour(calendar.t0);
        let Some(plan) = model.corridors[free].by_month[month].clone() else {
            continue;
        };
        let mut scratch = Scratch {
            state: &mut state,
            cache: &mut cache,
            calendar: &mut calendar,
            key,
            month,
            draws: &mut draws,
        };
        let Some(j) = model.journey(free, &plan, &mut scratch, &mut outcome) else {
            continue;
        };
        if j.attributed != free {
            continue;
        }
        let set_out = j.set_out.as_deref().unwrap_or(&plan);
        *counts.entry(model.nodes_of(&set_out.edges)).or_default() += 1;
    }
    // Group by border crossings: the count of each, and its most taken
    // route (ties: the first in node order).
    let mut by_crossings: BTreeMap<Vec<NodeId>, (u64, u64, Vec<NodeId>)> = BTreeMap::new();
    for (nodes, n) in counts {
        let key: Vec<NodeId> = route_label(&sc.network, &nodes).borders;
        let e = by_crossings.entry(key).or_insert((0, 0, Vec::new()));
        e.0 += n;
        if n > e.1 {
            e.1 = n;
            e.2 = nodes;
        }
    }
    let mut routes: Vec<(u64, Corridor)> = by_crossings
        .into_values()
        .map(|(n, _, nodes)| (n, route_corridor(sc, &nodes, Found::FreeChoice)))
        .collect();
    routes.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    Ok(Pilot {
        trials: pilot,
        routes,
    })
}
