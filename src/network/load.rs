//! Raw network → checked [`Network`]: ids resolved to indices, numbers and
//! names checked, selectors expanded. Every problem becomes a [`Diag`]; the
//! network is returned only when there are none.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::limits::Quantity;
use super::raw::{Element, LDist, RawCharge, RawNetwork, RawOperations, RawSource};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};

/// The largest `crossing_scatter_cv` a network may give: a single
/// crossing five times as variable as its mean is already extreme.
const MAX_SCATTER_CV: f64 = 5.0;

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
            let Some(m) = Mode::parse(mode) else {
                let hint = did_you_mean_or_list(mode, Mode::NAMES, Quote::Value, None);
                self.push(Diag::at(d, &k, format!("unknown mode \"{mode}\"{hint}")));
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

    /// `[operations]`: driving hours a day (default and by country) and
    /// holding costs (by mode, by country and mode).
    pub(super) fn operations(
        &mut self,
        raw: Option<&Loc<RawOperations>>,
        citations: &mut BTreeMap<String, Citations>,
    ) -> Option<Operations> {
        let mut ops = Operations::default();
        let Some(raw) = raw else { return Some(ops) };
        let r = &raw.value;
        let mut ok = true;
        let mut cites = Citations::new();
        if let Some(h) = &r.driving_hours {
            match self.day_hours("operations.driving_hours", h) {
                Some(v) => ops.driving_hours = v,
                None => ok = false,
            }
            cites.insert("driving_hours".into(), cite(&r.source, "driving_hours"));
        }
        for (country, h) in r.driving_hours_by_country.iter().flatten() {
            match self.day_hours(&format!("operations.driving_hours_by_country.{country}"), h) {
                Some(v) => {
                    ops.driving_hours_by_country.insert(country.clone(), v);
                }
                None => ok = false,
            }
            cites.insert(
                format!("driving_hours_by_country.{country}"),
                cite(&r.source, "driving_hours_by_country"),
            );
        }
        match self.mode_dists(
            "operations.holding_usd_per_day",
            r.holding_usd_per_day.as_ref(),
            Quantity::Usd,
        ) {
            Some(h) => ops.holding = h,
            None => ok = false,
        }
        for mode in r.holding_usd_per_day.iter().flatten().map(|(m, _)| m) {
            cites.insert(
                format!("holding_usd_per_day.{mode}"),
                cite(&r.source, "holding_usd_per_day"),
            );
        }
        for (country, map) in r.holding_by_country.iter().flatten() {
            let key = format!("operations.holding_by_country.{country}");
            match self.mode_dists(&key, Some(map), Quantity::Usd) {
                Some(h) => {
                    ops.holding_by_country.insert(country.clone(), h);
                }
                None => ok = false,
            }
            for mode in map.keys() {
                cites.insert(
                    format!("holding_by_country.{country}.{mode}"),
                    cite(&r.source, "holding_by_country"),
                );
            }
        }
        let key = "operations.crossing_scatter_cv";
        match self.scatter_cvs(key, r.crossing_scatter_cv.as_ref(), &r.source, &mut cites) {
            Some(cv) => ops.crossing_scatter_cv = cv.map(|v| v.unwrap_or(0.0)),
            None => ok = false,
        }
        ops.holding_by_class = self.holding_classes(r, &mut cites)?;
        citations.insert("operations".into(), cites);
        ok.then_some(ops)
    }

    /// A driving day's hours: more than 0, at most 24.
    fn day_hours(&mut self, key: &str, v: &Loc<f64>) -> Option<f64> {
        let good = v.value.is_finite() && v.value > 0.0 && v.value <= 24.0;
        if !good {
            let got = v.value;
            let msg = format!("must be more than 0 and at most 24 hours a day, got {got}");
            self.push(Diag::at(v, key, msg));
        }
        good.then_some(v.value)
    }

    /// A `crossing_scatter_cv` table (`[operations]` or a node's): by mode,
    /// each from 0 to [`MAX_SCATTER_CV`], cited as `crossing_scatter_cv.<mode>`.
    pub(super) fn scatter_cvs(
        &mut self,
        key: &str,
        map: Option<&BTreeMap<String, Loc<f64>>>,
        source: &Option<Loc<RawSource>>,
        cites: &mut Citations,
    ) -> Option<[Option<f64>; 4]> {
        let mut out = [None; 4];
        let mut ok = true;
        for (mode, cv) in map.into_iter().flatten() {
            let key = format!("{key}.{mode}");
            let Some(m) = Mode::parse(mode) else {
                let hint = did_you_mean_or_list(mode, Mode::NAMES, Quote::Value, None);
                self.push(Diag::at(cv, &key, format!("unknown mode \"{mode}\"{hint}")));
                ok = false;
                continue;
            };
            if !(cv.value.is_finite() && (0.0..=MAX_SCATTER_CV).contains(&cv.value)) {
                let got = cv.value;
                let msg = format!(
                    "must be a coefficient of variation from 0 to {MAX_SCATTER_CV}, got {got}"
                );
                self.push(Diag::at(cv, &key, msg));
                ok = false;
                continue;
            }
            out[m.index()] = Some(cv.value);
            cites.insert(
                format!("crossing_scatter_cv.{mode}"),
                cite(source, "crossing_scatter_cv"),
            );
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
