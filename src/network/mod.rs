//! The network model: places, links between them by one mode, and the
//! hazards that threaten them. Built only by [`load`] from a checked file,
//! so every id is resolved and every number is valid.

pub mod bibliography;
pub mod caveats;
pub mod classes;
mod hazards;
mod kinds;
pub use risk::*;
pub use timing::{month_day_at, month_day_hour, season_hours};
mod dwell;
pub mod limits;
mod links;
pub mod load;
mod nodes;
mod operations;
pub mod raw;
mod risk;
mod services;
pub mod structure;
mod timing;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::dist::Dist;
pub use caveats::Caveat;
pub use classes::{CargoClass, ClassCharge, ClassLink};
pub use kinds::{Carrier, CarrierPattern, Category, Mode, N_CATEGORIES, NodeKind};
pub(crate) use kinds::{file_names, vocabulary};

/// The cargo unit a network's costs are per when its header names none
/// (`[network] cargo_unit`): a twenty-foot equivalent container.
pub const DEFAULT_CARGO_UNIT: &str = "TEU";

/// Whether `s` may be an id: not empty, only ASCII letters, digits, `-`
/// and `_`. Ids name report folders and files, so this is also what keeps
/// every output path inside its folder (no `/`, `..` or absolute path).
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What is wrong with an id, in the words every loader uses; `None` when
/// it is valid.
pub fn id_problem(s: &str) -> Option<String> {
    const RULE: &str = "use letters, digits, '-' and '_'";
    if s.is_empty() {
        Some(format!("an id can't be empty ({RULE})"))
    } else if !is_valid_id(s) {
        Some(format!("\"{s}\" is not a valid id ({RULE})"))
    } else {
        None
    }
}

/// Index of a node in [`Network::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NodeId(pub u32);
/// Index of a link in [`Network::links`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LinkId(pub u32);
/// Index of a hazard in [`Network::hazards`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct HazardId(pub u32);

/// Time and money charged at a node.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Charge {
    /// Hours spent.
    pub hours: Dist,
    /// USD paid.
    pub usd: Dist,
}

/// A rail service class's hours at a node: over the rail dwell's own, and
/// over its `into` entries by the country entered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceDwell {
    /// Hours in place of the rail dwell's (None: the dwell's own).
    pub hours: Option<Dist>,
    /// Hours in place of `into.<country>`'s, by country.
    pub into: BTreeMap<String, Dist>,
}

/// A permitted change of carrier at a node.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    /// The two sides (unordered).
    pub between: [CarrierPattern; 2],
    /// What the change costs.
    pub charge: Charge,
    /// What it costs other cargo classes (`by_class`).
    pub by_class: BTreeMap<CargoClass, ClassCharge>,
}

/// A place.
#[derive(Debug, Clone)]
pub struct Node {
    /// Unique id, as written in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// Latitude in degrees (north positive).
    pub lat: f64,
    /// Longitude in degrees (east positive).
    pub lon: f64,
    /// What kind of place it is.
    pub kind: NodeKind,
    /// Free tags that hazard selectors can match.
    pub tags: Vec<String>,
    /// Dwell on arrival, by arrival mode (index [`Mode::index`]).
    pub dwell: [Option<Charge>; 4],
    /// Dwell by the country a route enters here (`dwell.<mode>.into`),
    /// over [`Node::dwell`], by arrival mode.
    pub dwell_into: BTreeMap<String, [Option<Charge>; 4]>,
    /// Dwell for other cargo classes (`dwell.<mode>.by_class`), by class
    /// and arrival mode, over [`Node::dwell`].
    pub dwell_by_class: BTreeMap<CargoClass, [Option<ClassCharge>; 4]>,
    /// A train's dwell by rail service class (`dwell.rail.services`), which
    /// a scenario's `rail_service` puts in place of the rail dwell's hours.
    pub dwell_services: BTreeMap<String, ServiceDwell>,
    /// Holding cost while waiting here, USD per cargo unit per day, by
    /// mode: over the network's country and mode defaults.
    pub holding: [Option<Dist>; 4],
    /// A single crossing's scatter here, by arrival mode, over
    /// `[operations] crossing_scatter_cv` (a border node's only).
    pub crossing_scatter_cv: [Option<f64>; 4],
    /// Changes of carrier allowed here.
    pub transfers: Vec<Transfer>,
    /// What a reader must know about a route through here.
    pub caveat: Option<Caveat>,
    /// Closed for the whole scenario (`[[changes]] close`).
    pub closed: bool,
}

impl Node {
    /// The transfer that applies between two carriers here, if any: the
    /// most specific matching entry.
    pub fn transfer(&self, a: Carrier, b: Carrier) -> Option<&Transfer> {
        self.transfers
            .iter()
            .filter_map(|t| {
                let [p, q] = t.between;
                let direct = p.score(a).zip(q.score(b)).map(|(x, y)| x + y);
                let flipped = p.score(b).zip(q.score(a)).map(|(x, y)| x + y);
                direct.max(flipped).map(|s| (s, t))
            })
            .max_by_key(|(s, _)| *s)
            .map(|(_, t)| t)
    }
}

/// How long a link takes: a time, or a speed over its length.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinkTime {
    /// Hours.
    Hours(Dist),
    /// km/h.
    Speed(Dist),
}

/// What a link costs: a price, or a price per km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinkCost {
    /// USD per unit.
    Usd(Dist),
    /// USD per unit and km.
    PerKm(Dist),
}

vocabulary! {
    /// Whether a link exists today.
    pub enum Status {
        /// In service.
        Operating,
        /// Planned: exists only when a scenario enables it.
        Planned,
    }
}

/// A connection between two nodes by one mode.
#[derive(Debug, Clone)]
pub struct Link {
    /// Unique id, as written in the file.
    pub id: String,
    /// One end (the start when one-way).
    pub from: NodeId,
    /// The other end (the end when one-way).
    pub to: NodeId,
    /// How it is travelled.
    pub mode: Mode,
    /// Rail gauge in mm (rail only).
    pub gauge: Option<u16>,
    /// Length in km.
    pub km: Dist,
    /// Travel time, or speed.
    pub time: LinkTime,
    /// Time by rail service class (`block`, `wagonload`, …); a scenario's
    /// `rail_service` puts one in place of `time`.
    pub services: BTreeMap<String, LinkTime>,
    /// Cost per cargo unit, or per unit and km.
    pub cost: LinkCost,
    /// Cost and time for other cargo classes (`by_class`).
    pub by_class: BTreeMap<CargoClass, ClassLink>,
    /// What a reader must know about a route that uses it.
    pub caveat: Option<Caveat>,
    /// Operating, or planned.
    pub status: Status,
    /// Whether it can be travelled both ways (default true).
    pub bidirectional: bool,
    /// Free tags that hazard selectors can match.
    pub tags: Vec<String>,
    /// Hours a truck may drive a day on this road link, over its country's
    /// (`[operations]`), e.g. where night travel is banned.
    pub driving_hours: Option<f64>,
    /// Where it runs between its ends, for the map: (longitude, latitude)
    /// waypoints in the from → to direction, ends not included; empty for
    /// a straight line.
    pub path: Vec<(f64, f64)>,
    /// A planned link a scenario enabled.
    pub enabled: bool,
    /// Closed for the whole scenario.
    pub closed: bool,
}

impl Link {
    /// The carrier (graph layer) it runs on.
    pub fn carrier(&self) -> Carrier {
        match self.mode {
            Mode::Road => Carrier::Road,
            Mode::Rail => Carrier::Rail(self.gauge.unwrap_or(0)),
            Mode::Sea => Carrier::Sea,
            Mode::Ferry => Carrier::Ferry,
        }
    }

    /// Whether routes may use it in this scenario.
    pub fn usable(&self) -> bool {
        !self.closed && (self.status == Status::Operating || self.enabled)
    }

    /// Expected length in km.
    pub fn mean_km(&self) -> f64 {
        self.km.mean()
    }

    /// Expected travel time in hours (km and speed taken as independent).
    pub fn mean_hours(&self) -> f64 {
        match self.time {
            LinkTime::Hours(h) => h.mean(),
            LinkTime::Speed(v) => self.km.mean() * v.mean_reciprocal(),
        }
    }

    /// Expected cost in USD.
    pub fn mean_usd(&self) -> f64 {
        match self.cost {
            LinkCost::Usd(u) => u.mean(),
            LinkCost::PerKm(r) => self.km.mean() * r.mean(),
        }
    }
}

/// The sources cited for one element, by numeric field (`km`, `dwell.road.hours`).
pub type Citations = BTreeMap<String, Option<String>>;

/// A checked network.
#[derive(Debug, Clone)]
pub struct Network {
    /// Display name.
    pub name: String,
    /// Date the figures describe.
    pub as_of: String,
    /// Unit the costs are per: the class's ([`CargoClass::unit`]); for
    /// containers [`DEFAULT_CARGO_UNIT`] unless the file says.
    pub cargo_unit: String,
    /// The cargo class the figures are for ([`Network::use_class`]).
    pub class: CargoClass,
    /// Tonnes of bulk one container unit carries where an element gives
    /// no bulk figure.
    pub tonnes_per_unit: f64,
    /// Places, indexed by [`NodeId`].
    pub nodes: Vec<Node>,
    /// Links, indexed by [`LinkId`].
    pub links: Vec<Link>,
    /// Hazards, indexed by [`HazardId`].
    pub hazards: Vec<Hazard>,
    /// Driving hours and holding costs.
    pub operations: Operations,
    /// For every element (`node "x"`, `link "y"`, `hazard "z"`), the source
    /// cited for each numeric field it has (None: nothing cited).
    pub citations: BTreeMap<String, Citations>,
    node_ids: HashMap<String, NodeId>,
    link_ids: HashMap<String, LinkId>,
    hazard_ids: HashMap<String, HazardId>,
}

impl Network {
    /// Adds a hazard (a scenario's what-if closure window).
    pub fn add_hazard(&mut self, h: Hazard) {
        self.hazard_ids
            .insert(h.id.clone(), HazardId(self.hazards.len() as u32));
        self.hazards.push(h);
    }

    /// Every node id, then every link id: what a "node or link" may name.
    pub fn node_and_link_ids(&self) -> impl Iterator<Item = &str> {
        self.nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(self.links.iter().map(|l| l.id.as_str()))
    }

    /// A node by id.
    pub fn node_id(&self, id: &str) -> Option<NodeId> {
        self.node_ids.get(id).copied()
    }
    /// A link by id.
    pub fn link_id(&self, id: &str) -> Option<LinkId> {
        self.link_ids.get(id).copied()
    }
    /// A hazard by id.
    pub fn hazard_id(&self, id: &str) -> Option<HazardId> {
        self.hazard_ids.get(id).copied()
    }
    /// The node behind an id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }
    /// The link behind an id.
    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.0 as usize]
    }
    /// Hours a day a truck may drive on `link` travelled from `from`: the
    /// link's own driving day, else that of `from`'s country.
    pub fn driving_hours_on(&self, link: &Link, from: NodeId) -> f64 {
        link.driving_hours
            .unwrap_or_else(|| self.operations.driving_hours_in(&self.node(from).country))
    }

    /// The dwell charged on arriving at `at` by `mode` from `from`: by the
    /// country the route enters there when the node gives one, else the
    /// node's dwell for the mode. A route entering from another country
    /// enters `at`'s; one arriving from `at`'s own country is leaving it,
    /// into the one other country `at` has links to (when there is one).
    pub fn dwell_at(&self, from: NodeId, at: NodeId, mode: Mode) -> Option<Charge> {
        let node = self.node(at);
        if !node.dwell_into.is_empty()
            && let Some(entered) = self.entered_country(from, at)
            && let Some(c) = node.dwell_into.get(entered).and_then(|d| d[mode.index()])
        {
            return Some(c);
        }
        node.dwell[mode.index()]
    }

    /// The country a route from `from` enters at `at` (see [`Network::dwell_at`]).
    pub fn entered_country(&self, from: NodeId, at: NodeId) -> Option<&str> {
        let here = self.node(at).country.as_str();
        if self.node(from).country != here {
            return Some(here);
        }
        let mut others = self
            .links
            .iter()
            .filter_map(|l| match (l.from == at, l.to == at) {
                (true, _) => Some(l.to),
                (_, true) => Some(l.from),
                _ => None,
            })
            .map(|n| self.node(n).country.as_str())
            .filter(|c| *c != here);
        let first = others.next()?;
        others.all(|c| c == first).then_some(first)
    }

    /// Holding cost while waiting at `node` on `mode`, USD per cargo unit
    /// per day: the node's, else its country's, else the mode default.
    pub fn holding_at(&self, node: NodeId, mode: Mode) -> Option<Dist> {
        let n = self.node(node);
        let m = mode.index();
        n.holding[m]
            .or_else(|| {
                self.operations
                    .holding_by_country
                    .get(&n.country)
                    .and_then(|h| h[m])
            })
            .or(self.operations.holding[m])
    }

    /// Every numeric field that cites no source, as `element: field`.
    pub fn uncited(&self) -> Vec<String> {
        self.citations
            .iter()
            .flat_map(|(element, fields)| {
                fields
                    .iter()
                    .filter(|(_, s)| s.as_deref().is_none_or(|s| s.trim().is_empty()))
                    .map(move |(f, _)| format!("{element}: {f}"))
            })
            .collect()
    }
}
