//! Raw network → checked [`Network`]: ids resolved to indices, numbers and
//! names checked, selectors expanded. Every problem becomes a [`Diag`]; the
//! network is returned only when there are none.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::limits::Quantity;
use super::raw::{Element, LDist, RawCharge, RawNetwork, RawSource};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};

/// Checks a raw network and builds the model. All problems are pushed to
/// `diags`; the result is `None` if there was any.
pub fn build(raw: &RawNetwork, diags: &mut Vec<Diag>) -> Option<Network> {
    let before = diags.len();
    let mut c = Checker::new(raw, diags);
    let mut citations = BTreeMap::new();
    let (nodes, node_ids) = check_all(
        &mut c,
        &raw.nodes,
        "node",
        |n| &n.id,
        NodeId,
        |c, el| c.node(el, &mut citations),
    );
    let (links, link_ids) = check_all(
        &mut c,
        &raw.links,
        "link",
        |l| &l.id,
        LinkId,
        |c, el| c.link(el, &node_ids, &mut citations),
    );
    let (hazards, hazard_ids) = check_all(
        &mut c,
        &raw.hazards,
        "hazard",
        |h| &h.id,
        HazardId,
        |c, el| c.hazard(el, &nodes, &node_ids, &links, &link_ids, &mut citations),
    );
    let operations = c.operations(raw.operations.as_ref(), &mut citations);
    let raised = c.raised_after(&raw.hazards, &hazards, &hazard_ids);
    let tonnes_per_unit = c.tonnes_per_unit(raw.header.tonnes_per_unit.as_ref());
    if diags.len() > before {
        return None;
    }
    let mut hazards = hazards;
    for (h, r) in raised.into_iter().enumerate() {
        hazards[h].raises = r;
    }
    Some(Network {
        operations: operations?,
        name: raw.header.name.clone().unwrap_or_else(|| "network".into()),
        as_of: raw.header.as_of.clone().unwrap_or_default(),
        cargo_unit: raw
            .header
            .cargo_unit
            .as_ref()
            .map_or_else(|| DEFAULT_CARGO_UNIT.to_string(), |u| u.value.clone()),
        class: CargoClass::Container,
        tonnes_per_unit: tonnes_per_unit?,
        nodes,
        links,
        hazards,
        citations,
        node_ids,
        link_ids,
        hazard_ids,
    })
}

/// An element of the model that has an id (node, link, hazard).
pub(super) trait HasId {
    /// The element's id.
    fn id(&self) -> &str;
}

impl HasId for Node {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Link {
    fn id(&self) -> &str {
        &self.id
    }
}

impl HasId for Hazard {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Checks every element of one array with `check`, keeps the valid ones
/// and indexes them by id, reporting an id given twice (`what` names the
/// kind of element in that message, `make_id` turns an index into its id).
fn check_all<E, T: HasId, I>(
    c: &mut Checker<'_>,
    elements: &[Element<E>],
    what: &str,
    raw_id: fn(&E) -> &Option<Loc<String>>,
    make_id: fn(u32) -> I,
    mut check: impl FnMut(&mut Checker<'_>, &Element<E>) -> Option<T>,
) -> (Vec<T>, HashMap<String, I>) {
    let mut items = Vec::new();
    let mut ids = HashMap::new();
    for el in elements {
        let Some(item) = check(c, el) else { continue };
        if ids
            .insert(item.id().to_string(), make_id(items.len() as u32))
            .is_some()
        {
            let at = raw_id(&el.raw)
                .as_ref()
                .expect("a checked element has an id");
            c.push(Diag::at(
                at,
                format!("{what} \"{}\".id", item.id()),
                format!("duplicate {what} id"),
            ));
        }
        items.push(item);
    }
    (items, ids)
}

pub(super) struct Checker<'a> {
    pub(super) diags: &'a mut Vec<Diag>,
    /// Ids written in the file, valid or not: a reference to an element
    /// that failed its own checks is not reported a second time.
    pub(super) declared_nodes: HashSet<String>,
    pub(super) declared_links: HashSet<String>,
}

pub(super) fn cite(source: &Option<Loc<RawSource>>, field: &str) -> Option<String> {
    source
        .as_ref()
        .and_then(|s| s.value.for_field(field).map(str::to_string))
}

impl<'a> Checker<'a> {
    /// A checker that pushes to `diags` and knows every id `raw` declares.
    fn new(raw: &RawNetwork, diags: &'a mut Vec<Diag>) -> Checker<'a> {
        let declared = |ids: Vec<Option<&Loc<String>>>, written: &[String]| {
            ids.into_iter()
                .flatten()
                .map(|i| i.value.clone())
                .chain(written.iter().cloned())
                .collect()
        };
        Checker {
            diags,
            declared_nodes: declared(
                raw.nodes.iter().map(|e| e.raw.id.as_ref()).collect(),
                &raw.node_ids_written,
            ),
            declared_links: declared(
                raw.links.iter().map(|e| e.raw.id.as_ref()).collect(),
                &raw.link_ids_written,
            ),
        }
    }

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
        if let Some(problem) = id_problem(&id.value) {
            self.push(Diag::at(id, format!("{}.id", el.label), problem));
            return None;
        }
        Some(id.value.clone())
    }

    /// Checks a distribution of quantity `q`, within its bounds.
    pub(super) fn dist(&mut self, key: &str, d: &LDist, q: Quantity) -> Option<Dist> {
        let checked = d
            .value
            .check()
            .and_then(|dist| dist.check_max(q.max()).map(|()| dist));
        match checked {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(Diag::at(d, key, e.to_string()));
                None
            }
        }
    }

    pub(super) fn opt_dist(
        &mut self,
        key: &str,
        d: &Option<LDist>,
        q: Quantity,
    ) -> Option<Option<Dist>> {
        match d {
            None => Some(None),
            Some(d) => self.dist(key, d, q).map(Some),
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
        let hours = self.opt_dist(&format!("{key}.hours"), &r.hours, Quantity::Hours)?;
        let usd = self.opt_dist(&format!("{key}.usd"), &r.usd, Quantity::Usd)?;
        Some(Charge {
            hours: hours.unwrap_or(Dist::ZERO),
            usd: usd.unwrap_or(Dist::ZERO),
        })
    }

    /// The mode a table key names (`road`, `rail`, `sea`, `ferry`), or a
    /// located "unknown mode" at `at`.
    pub(super) fn mode_key<T>(&mut self, key: &str, mode: &str, at: &Loc<T>) -> Option<Mode> {
        let m = Mode::parse(mode);
        if m.is_none() {
            let hint = did_you_mean_or_list(mode, Mode::NAMES, Quote::Value, None);
            self.push(Diag::at(at, key, format!("unknown mode \"{mode}\"{hint}")));
        }
        m
    }

    /// A distribution per mode (`{ road = ..., rail = ... }`); `None` if
    /// any mode or value is wrong.
    pub(super) fn mode_dists(
        &mut self,
        key: &str,
        map: Option<&BTreeMap<String, LDist>>,
        q: Quantity,
    ) -> Option<[Option<Dist>; 4]> {
        let mut out = [None; 4];
        let mut ok = true;
        for (mode, d) in map.into_iter().flatten() {
            let k = format!("{key}.{mode}");
            let Some(m) = self.mode_key(&k, mode, d) else {
                ok = false;
                continue;
            };
            match self.dist(&k, d, q) {
                Some(v) => out[m.index()] = Some(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn node_ref(
        &mut self,
        key: &str,
        r: &Loc<String>,
        node_ids: &HashMap<String, NodeId>,
    ) -> Option<NodeId> {
        let id = node_ids.get(&r.value).copied();
        if id.is_none() && !self.declared_nodes.contains(&r.value) {
            let known = node_ids.keys().map(String::as_str);
            self.push(Diag::unknown(r, key, "node", known));
        }
        id
    }
}
