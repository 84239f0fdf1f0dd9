//! The samplers on every edge of the expanded graph: a link's length,
//! time and cost, the dwell at its head node, a transfer's time and cost,
//! each with the element key its counter-based draws use.

use std::collections::{BTreeMap, BTreeSet};

use super::draws::{Sampler, element, element_unit, field, inverse_normal_coarse};
use crate::cost::CostPart;
use crate::network::{Carrier, Link, LinkCost, LinkId, LinkTime, Mode, Network, NodeId, NodeKind};
use crate::path::{EdgeKind, Graph};

#[derive(Debug, Clone)]
/// How a link's time is drawn.
pub(super) enum TimeDraw {
    Hours(Sampler),
    Speed(Sampler),
}

#[derive(Debug, Clone)]
/// How a link's cost is drawn.
pub(super) enum CostDraw {
    Usd(Sampler),
    PerKm(Sampler),
}

#[derive(Debug, Clone)]
/// The dwell at a link's head node, by arrival mode.
pub(super) struct Dwell {
    pub(super) key: u32,
    pub(super) hours: Sampler,
    pub(super) usd: Sampler,
    pub(super) part: CostPart,
    /// The σ of the mean-1 lognormal factor on a single crossing's hours
    /// (`[operations] crossing_scatter_cv`; 0 off border nodes).
    pub(super) scatter_sigma: f64,
}

/// A mean-1 lognormal factor with σ `sigma`, drawn for `element` and
/// `field` in trial `key` (1 when σ is 0).
#[inline]
pub(super) fn scatter(key: u64, element: u32, field: u32, sigma: f64) -> f64 {
    if sigma == 0.0 {
        return 1.0;
    }
    let z = inverse_normal_coarse(element_unit(key, element, field));
    (sigma * z - sigma * sigma / 2.0).exp()
}

impl Dwell {
    /// The dwell's hours in trial `key`: its level, times a single
    /// crossing's scatter around it (mean 1, so expectations and plans
    /// stay as they were).
    pub(super) fn hours(&self, key: u64) -> f64 {
        let level = self.hours.draw(key, self.key, field::DWELL_HOURS);
        level * scatter(key, self.key, field::DWELL_SCATTER, self.scatter_sigma)
    }
}

/// The σ of a lognormal with mean 1 and coefficient of variation `cv`.
pub(super) fn lognormal_sigma(cv: f64) -> f64 {
    (1.0 + cv * cv).ln().sqrt()
}

#[derive(Debug, Clone)]
/// Holding cost while waiting before an edge: at its tail node, on its
/// mode (USD per hour), drawn once per (node, mode) and trial.
pub(super) struct Holding {
    pub(super) key: u32,
    pub(super) per_day: Sampler,
    /// Its mean per hour, for decisions.
    pub(super) mean: f64,
}

#[derive(Debug, Clone)]
/// An edge ready to draw. Most edges are links, so the link variant's size
/// is the one that counts.
pub(super) enum EdgeSim {
    Link {
        key: u32,
        /// The key of its speed and tariff draws: its country and mode's
        /// for road and rail ([`element::country_mode`]), else its own.
        figures_key: u32,
        km: Sampler,
        time: TimeDraw,
        cost: CostDraw,
        // Boxed, as the holdings: rarer than the link's own draws, and
        // the edge table stays small enough to stay in cache.
        dwell: Option<Box<Dwell>>,
        /// Hours a day a truck may drive on it (road links; `None`: no limit).
        drive_limit: Option<f64>,
        /// Its mode's index: which of the trial's single-quote factors
        /// (`[operations] quote_scatter_cv`) its cost takes.
        mode: u8,
        holding: Option<Box<Holding>>,
        /// Holding at the node it arrives at (waiting for a closed node).
        arrival_holding: Option<Box<Holding>>,
    },
    Transfer {
        key: u32,
        hours: Sampler,
        usd: Sampler,
        holding: Option<Box<Holding>>,
    },
}

impl EdgeSim {
    /// The holding cost while waiting before this edge.
    pub(super) fn holding(&self) -> Option<&Holding> {
        match self {
            EdgeSim::Link { holding, .. } | EdgeSim::Transfer { holding, .. } => holding.as_deref(),
        }
    }

    /// The holding cost while waiting at the node this edge arrives at.
    pub(super) fn arrival_holding(&self) -> Option<&Holding> {
        match self {
            EdgeSim::Link {
                arrival_holding, ..
            } => arrival_holding.as_deref(),
            EdgeSim::Transfer { holding, .. } => holding.as_deref(),
        }
    }
}

fn mode_index(c: Carrier) -> u32 {
    match c {
        Carrier::Road => 0,
        Carrier::Rail(_) => 1,
        Carrier::Sea => 2,
        Carrier::Ferry => 3,
    }
}

/// Holding at `node` on carrier `c`, per hour.
fn holding(net: &Network, node: NodeId, c: Carrier) -> Option<Box<Holding>> {
    let d = net.holding_at(node, c.mode())?;
    Some(Box::new(Holding {
        key: element::dwell(node.0, mode_index(c)),
        mean: crate::units::per_day_to_per_hour(d.mean()),
        per_day: Sampler::new(&d),
    }))
}

/// The ranks of the network's countries (sorted by code): the index of
/// their shared road and rail draws.
pub(super) fn country_ranks(net: &Network) -> BTreeMap<&str, u32> {
    let countries: BTreeSet<&str> = net.nodes.iter().map(|n| n.country.as_str()).collect();
    countries.into_iter().zip(0..).collect()
}

/// The key of a link's speed and tariff draws: shared by the road (or
/// rail) links of the country it runs in; a sea or ferry link's are its
/// own.
fn figures_key(net: &Network, ranks: &BTreeMap<&str, u32>, link: LinkId) -> u32 {
    let l = net.link(link);
    let mode = mode_index(l.carrier());
    match l.mode {
        Mode::Road | Mode::Rail => element::country_mode(ranks[runs_in(net, l)], mode),
        Mode::Sea | Mode::Ferry => element::link(link.0),
    }
}

/// The country a land link runs in: that of its end that is not a border
/// post (a link from a border post runs on into the country beyond it,
/// e.g. Altynkol → Kashgar in China), else that of its `from` end.
fn runs_in<'a>(net: &'a Network, l: &Link) -> &'a str {
    let (from, to) = (net.node(l.from), net.node(l.to));
    if from.kind == NodeKind::Border && to.kind != NodeKind::Border {
        &to.country
    } else {
        &from.country
    }
}

/// The samplers of edge `i` of the graph; `ranks` from [`country_ranks`].
pub(super) fn edge_sim(
    net: &Network,
    ranks: &BTreeMap<&str, u32>,
    g: &Graph,
    i: usize,
    e: &crate::path::Edge,
) -> EdgeSim {
    match e.kind {
        EdgeKind::Link { link, .. } => {
            let l = net.link(link);
            let (head, carrier) = g.vertices[e.to as usize];
            let (tail, _) = g.vertices[e.from as usize];
            let node = net.node(head);
            let mode = mode_index(carrier);
            let dwell = net.dwell_at(tail, head, l.mode).map(|c| {
                Box::new(Dwell {
                    // Dwell draws are per node and arrival mode.
                    key: element::dwell(head.0, mode),
                    hours: Sampler::new(&c.hours),
                    usd: Sampler::new(&c.usd),
                    part: if node.kind == NodeKind::Border {
                        CostPart::Borders
                    } else {
                        CostPart::TransfersPorts
                    },
                    scatter_sigma: if node.kind == NodeKind::Border {
                        let m = l.mode.index();
                        let cv = node.crossing_scatter_cv[m];
                        lognormal_sigma(cv.unwrap_or(net.operations.crossing_scatter_cv[m]))
                    } else {
                        0.0
                    },
                })
            });
            EdgeSim::Link {
                key: element::link(link.0),
                figures_key: figures_key(net, ranks, link),
                km: Sampler::new(&l.km),
                time: match l.time {
                    LinkTime::Hours(h) => TimeDraw::Hours(Sampler::new(&h)),
                    LinkTime::Speed(v) => TimeDraw::Speed(Sampler::new(&v)),
                },
                cost: match l.cost {
                    LinkCost::Usd(u) => CostDraw::Usd(Sampler::new(&u)),
                    LinkCost::PerKm(r) => CostDraw::PerKm(Sampler::new(&r)),
                },
                dwell,
                mode: l.mode.index() as u8,
                drive_limit: (l.mode == Mode::Road)
                    .then(|| net.driving_hours_on(l, tail))
                    .filter(|h| *h < crate::units::HOURS_PER_DAY),
                holding: holding(net, tail, carrier),
                arrival_holding: holding(net, head, carrier),
            }
        }
        EdgeKind::Transfer { .. } => {
            let c = e.transfer.expect("transfer edges carry their charge");
            let (node, carrier) = g.vertices[e.from as usize];
            EdgeSim::Transfer {
                key: element::transfer(i as u32),
                hours: Sampler::new(&c.hours),
                usd: Sampler::new(&c.usd),
                holding: holding(net, node, carrier),
            }
        }
    }
}

/// One edge's draws in a trial: its time and cost (a link's or a
/// transfer's) and the dwell after it.
#[derive(Debug, Clone, Copy, Default)]
pub struct EdgeDraw {
    pub(super) set: bool,
    /// The trial they belong to.
    pub(super) key: u64,
    pub(super) hours: f64,
    pub(super) usd: f64,
    pub(super) dwell_hours: f64,
    pub(super) dwell_usd: f64,
}

/// Per-thread memo of edge draws, by edge: valid for the trial whose key
/// each entry carries, so nothing needs clearing between trials. It also
/// holds the trial's quote factors, drawn once per mode.
#[derive(Debug, Clone, Default)]
pub struct EdgeDraws(pub(super) Vec<EdgeDraw>, pub(super) Quotes);

/// A trial's single-quote factors by mode ([`scatter`] of
/// [`element::quote`]), drawn when first needed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quotes {
    /// The trial they belong to.
    key: u64,
    /// Which modes' factors are drawn (bit = mode index).
    set: u8,
    factor: [f64; 4],
}

impl Quotes {
    /// The factor of mode `mode` with σ `sigma` in trial `key`.
    #[inline]
    pub(super) fn factor(&mut self, key: u64, mode: u8, sigma: f64) -> f64 {
        if sigma == 0.0 {
            return 1.0;
        }
        if self.key != key {
            self.key = key;
            self.set = 0;
        }
        let m = usize::from(mode);
        if self.set >> m & 1 == 0 {
            let quote = element::quote(u32::from(mode));
            self.factor[m] = scatter(key, quote, field::QUOTE_SCATTER, sigma);
            self.set |= 1 << m;
        }
        self.factor[m]
    }
}
