//! The samplers on every edge of the expanded graph: a link's length,
//! time and cost, the dwell at its head node, a transfer's time and cost,
//! each with the element key its counter-based draws use.

use super::draws::{Sampler, element};
use crate::cost::CostPart;
use crate::network::{Carrier, LinkCost, LinkTime, Network, NodeKind};
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
}

#[derive(Debug, Clone)]
/// An edge ready to draw.
pub(super) enum EdgeSim {
    Link {
        key: u32,
        km: Sampler,
        time: TimeDraw,
        cost: CostDraw,
        dwell: Option<Dwell>,
    },
    Transfer {
        key: u32,
        hours: Sampler,
        usd: Sampler,
    },
}

/// The samplers of edge `i` of the graph.
pub(super) fn edge_sim(net: &Network, g: &Graph, i: usize, e: &crate::path::Edge) -> EdgeSim {
    match e.kind {
        EdgeKind::Link { link, .. } => {
            let l = net.link(link);
            let (head, carrier) = g.vertices[e.to as usize];
            let node = net.node(head);
            let mode: u32 = match carrier {
                Carrier::Road => 0,
                Carrier::Rail(_) => 1,
                Carrier::Sea => 2,
                Carrier::Ferry => 3,
            };
            let dwell = node.dwell[mode as usize].as_ref().map(|c| Dwell {
                // Dwell draws are per node and arrival mode.
                key: element::dwell(head.0, mode),
                hours: Sampler::new(&c.hours),
                usd: Sampler::new(&c.usd),
                part: if node.kind == NodeKind::Border {
                    CostPart::Borders
                } else {
                    CostPart::TransfersPorts
                },
            });
            EdgeSim::Link {
                key: element::link(link.0),
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
            }
        }
        EdgeKind::Transfer { .. } => {
            let c = e.transfer.expect("transfer edges carry their charge");
            EdgeSim::Transfer {
                key: element::transfer(i as u32),
                hours: Sampler::new(&c.hours),
                usd: Sampler::new(&c.usd),
            }
        }
    }
}
