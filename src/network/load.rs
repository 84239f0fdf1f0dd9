//! Raw network → checked [`Network`]: ids resolved to indices, numbers and
//! names checked, selectors expanded. Every problem becomes a [`Diag`]; the
//! network is returned only when there are none.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::raw::{Element, LDist, RawCharge, RawLink, RawNetwork, RawSource};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean, did_you_mean_or_list};

/// Checks a raw network and builds the model. All problems are pushed to
/// `diags`; the result is `None` if there was any.
pub fn build(raw: &RawNetwork, diags: &mut Vec<Diag>) -> Option<Network> {
    let before = diags.len();
    let mut c = Checker {
        diags,
        declared_nodes: raw
            .nodes
            .iter()
            .filter_map(|e| e.raw.id.as_ref().map(|i| i.value.clone()))
            .collect(),
        declared_links: raw
            .links
            .iter()
            .filter_map(|e| e.raw.id.as_ref().map(|i| i.value.clone()))
            .collect(),
    };
    let cargo_unit = raw
        .header
        .cargo_unit
        .as_ref()
        .map_or_else(|| "TEU".to_string(), |u| u.value.clone());
    let mut citations = BTreeMap::new();

    let mut node_ids = HashMap::new();
    let mut nodes = Vec::new();
    for el in &raw.nodes {
        if let Some(node) = c.node(el, &mut citations) {
            if let Some(prev) = node_ids.insert(node.id.clone(), NodeId(nodes.len() as u32)) {
                let _ = prev;
                let id = el.raw.id.as_ref().expect("checked");
                c.push(Diag::at(
                    id,
                    format!("node \"{}\".id", node.id),
                    "duplicate node id",
                ));
            }
            nodes.push(node);
        }
    }

    let mut link_ids = HashMap::new();
    let mut links = Vec::new();
    for el in &raw.links {
        if let Some(link) = c.link(el, &node_ids, &mut citations) {
            if link_ids
                .insert(link.id.clone(), LinkId(links.len() as u32))
                .is_some()
            {
                let id = el.raw.id.as_ref().expect("checked");
                c.push(Diag::at(
                    id,
                    format!("link \"{}\".id", link.id),
                    "duplicate link id",
                ));
            }
            links.push(link);
        }
    }

    let mut hazard_ids = HashMap::new();
    let mut hazards = Vec::new();
    for el in &raw.hazards {
        if let Some(h) = c.hazard(el, &nodes, &node_ids, &links, &link_ids, &mut citations) {
            if hazard_ids
                .insert(h.id.clone(), HazardId(hazards.len() as u32))
                .is_some()
            {
                let id = el.raw.id.as_ref().expect("checked");
                c.push(Diag::at(
                    id,
                    format!("hazard \"{}\".id", h.id),
                    "duplicate hazard id",
                ));
            }
            hazards.push(h);
        }
    }

    if diags.len() > before {
        return None;
    }
    Some(Network {
        name: raw.header.name.clone().unwrap_or_else(|| "network".into()),
        as_of: raw.header.as_of.clone().unwrap_or_default(),
        cargo_unit,
        nodes,
        links,
        hazards,
        citations,
        node_ids,
        link_ids,
        hazard_ids,
    })
}

pub(super) struct Checker<'a> {
    pub(super) diags: &'a mut Vec<Diag>,
    /// Ids written in the file, valid or not: a reference to an element
    /// that failed its own checks is not reported a second time.
    pub(super) declared_nodes: HashSet<String>,
    pub(super) declared_links: HashSet<String>,
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub(super) fn cite(source: &Option<Loc<RawSource>>, field: &str) -> Option<String> {
    source
        .as_ref()
        .and_then(|s| s.value.for_field(field).map(str::to_string))
}

impl Checker<'_> {
    pub(super) fn push(&mut self, d: Diag) {
        self.diags.push(d);
    }

    pub(super) fn required<'r, T, E>(
        &mut self,
        el: &Element<E>,
        prefix: &str,
        field: &str,
        v: &'r Option<T>,
    ) -> Option<&'r T> {
        if v.is_none() {
            self.push(el.diag(format!("{prefix}.{field}"), "missing required key"));
        }
        v.as_ref()
    }

    pub(super) fn id<E>(&mut self, el: &Element<E>, id: &Option<Loc<String>>) -> Option<String> {
        let id = self.required(el, &el.label, "id", id)?;
        if !valid_id(&id.value) {
            self.push(Diag::at(
                id,
                format!("{}.id", el.label),
                format!(
                    "\"{}\" is not a valid id (use letters, digits, '-' and '_')",
                    id.value
                ),
            ));
            return None;
        }
        Some(id.value.clone())
    }

    pub(super) fn dist(&mut self, key: &str, d: &LDist) -> Option<Dist> {
        match d.value.check() {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(Diag::at(d, key, e.to_string()));
                None
            }
        }
    }

    pub(super) fn opt_dist(&mut self, key: &str, d: &Option<LDist>) -> Option<Option<Dist>> {
        match d {
            None => Some(None),
            Some(d) => self.dist(key, d).map(Some),
        }
    }

    pub(super) fn enum_value<T: Copy>(
        &mut self,
        key: &str,
        v: &Loc<String>,
        parse: fn(&str) -> Option<T>,
        names: &[&str],
        what: &str,
    ) -> Option<T> {
        let r = parse(&v.value);
        if r.is_none() {
            let hint = did_you_mean_or_list(&v.value, names, Quote::Value, None);
            self.push(Diag::at(
                v,
                key,
                format!("unknown {what} \"{}\"{hint}", v.value),
            ));
        }
        r
    }

    pub(super) fn charge(&mut self, key: &str, raw: &Loc<RawCharge>) -> Option<Charge> {
        let r = &raw.value;
        if r.hours.is_none() && r.usd.is_none() {
            self.push(Diag::at(raw, key, "give `hours`, `usd` or both"));
            return None;
        }
        let hours = self.opt_dist(&format!("{key}.hours"), &r.hours)?;
        let usd = self.opt_dist(&format!("{key}.usd"), &r.usd)?;
        Some(Charge {
            hours: hours.unwrap_or(Dist::ZERO),
            usd: usd.unwrap_or(Dist::ZERO),
        })
    }

    fn link(
        &mut self,
        el: &Element<RawLink>,
        node_ids: &HashMap<String, NodeId>,
        citations: &mut BTreeMap<String, Citations>,
    ) -> Option<Link> {
        let r = &el.raw;
        let id = self.id(el, &r.id);
        let p = id
            .as_ref()
            .map_or(el.label.clone(), |id| format!("link \"{id}\""));
        let from = self
            .required(el, &p, "from", &r.from)
            .and_then(|f| self.node_ref(&format!("{p}.from"), f, node_ids));
        let to = self
            .required(el, &p, "to", &r.to)
            .and_then(|t| self.node_ref(&format!("{p}.to"), t, node_ids));
        if let (Some(f), Some(t)) = (from, to)
            && f == t
        {
            self.push(Diag::at(
                r.to.as_ref().unwrap(),
                format!("{p}.to"),
                "a link must join two different nodes",
            ));
        }
        let mode = self.required(el, &p, "mode", &r.mode).and_then(|m| {
            self.enum_value(&format!("{p}.mode"), m, Mode::parse, Mode::NAMES, "mode")
        });
        let gauge = match (mode, &r.gauge) {
            (Some(Mode::Rail), None) => {
                self.push(el.diag(
                    format!("{p}.gauge"),
                    "a rail link needs its gauge in mm (1520, 1435, 1676, ...)",
                ));
                None
            }
            (Some(Mode::Rail), Some(g)) if !(500..=2000).contains(&g.value) => {
                self.push(Diag::at(
                    g,
                    format!("{p}.gauge"),
                    format!("gauge must be in mm between 500 and 2000, got {}", g.value),
                ));
                None
            }
            (Some(Mode::Rail), Some(g)) => Some(Some(g.value as u16)),
            (Some(_), Some(g)) => {
                self.push(Diag::at(
                    g,
                    format!("{p}.gauge"),
                    "only rail links have a gauge",
                ));
                None
            }
            _ => Some(None),
        };
        let km = self
            .required(el, &p, "km", &r.km)
            .and_then(|k| self.dist(&format!("{p}.km"), k));
        let time = match (&r.hours, &r.kmh) {
            (Some(h), None) => self.dist(&format!("{p}.hours"), h).map(LinkTime::Hours),
            (None, Some(v)) => self.dist(&format!("{p}.kmh"), v).and_then(|d| {
                if d.min() <= 0.0 && !matches!(d, Dist::LogNormal { .. }) {
                    self.push(Diag::at(v, format!("{p}.kmh"), "speed must be > 0"));
                    None
                } else {
                    Some(LinkTime::Speed(d))
                }
            }),
            (Some(_), Some(v)) => {
                self.push(Diag::at(
                    v,
                    format!("{p}.kmh"),
                    "give `hours` or `kmh`, not both",
                ));
                None
            }
            (None, None) => {
                self.push(el.diag(format!("{p}.hours"), "missing required key (or give `kmh`)"));
                None
            }
        };
        let cost = match (&r.usd, &r.usd_per_km) {
            (Some(u), None) => self.dist(&format!("{p}.usd"), u).map(LinkCost::Usd),
            (None, Some(u)) => self
                .dist(&format!("{p}.usd_per_km"), u)
                .map(LinkCost::PerKm),
            (Some(_), Some(u)) => {
                self.push(Diag::at(
                    u,
                    format!("{p}.usd_per_km"),
                    "give `usd` or `usd_per_km`, not both",
                ));
                None
            }
            (None, None) => {
                self.push(el.diag(
                    format!("{p}.usd"),
                    "missing required key (or give `usd_per_km`)",
                ));
                None
            }
        };
        let status = match &r.status {
            None => Some(Status::Operating),
            Some(s) => self.enum_value(
                &format!("{p}.status"),
                s,
                Status::parse,
                Status::NAMES,
                "status",
            ),
        };
        let mut cites = Citations::new();
        for (field, present) in [
            ("km", r.km.is_some()),
            ("hours", r.hours.is_some()),
            ("kmh", r.kmh.is_some()),
            ("usd", r.usd.is_some()),
            ("usd_per_km", r.usd_per_km.is_some()),
        ] {
            if present {
                cites.insert(field.into(), cite(&r.source, field));
            }
        }
        citations.insert(p, cites);
        Some(Link {
            id: id?,
            from: from?,
            to: to?,
            mode: mode?,
            gauge: gauge?,
            km: km?,
            time: time?,
            cost: cost?,
            status: status?,
            bidirectional: r.bidirectional.unwrap_or(true),
            tags: r.tags.iter().flatten().map(|t| t.value.clone()).collect(),
            enabled: false,
            closed: false,
        })
        .filter(|l| l.from != l.to)
    }

    pub(super) fn node_ref(
        &mut self,
        key: &str,
        r: &Loc<String>,
        node_ids: &HashMap<String, NodeId>,
    ) -> Option<NodeId> {
        let id = node_ids.get(&r.value).copied();
        if id.is_none() && !self.declared_nodes.contains(&r.value) {
            let hint = did_you_mean(&r.value, node_ids.keys().map(String::as_str));
            self.push(Diag::at(
                r,
                key,
                format!("unknown node \"{}\"{hint}", r.value),
            ));
        }
        id
    }
}
