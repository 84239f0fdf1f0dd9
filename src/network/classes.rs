//! Cargo classes: what one shipment is, and the figures that depend on it.
//!
//! A network's own figures are for **containers**, per its `cargo_unit`
//! (a TEU). A scenario may ship another class instead (`[cargo] class =
//! "bulk"`: grain in hopper wagons, per tonne). Links, dwells, transfers
//! and `[operations]` may give figures for that class in `by_class.<class>`;
//! [`Network::use_class`] puts them in place of the container figures when
//! the scenario is loaded, so planning, the simulation and every report see
//! one network priced per the class's unit and nothing downstream branches
//! on the class.
//!
//! Where an element gives no figure for the class, its container figure
//! stands for bulk carried in containers: times stay, and money is divided
//! by the tonnes one cargo unit carries (`[network] tonnes_per_unit`,
//! default [`DEFAULT_TONNES_PER_UNIT`]). Holding costs are the exception:
//! a container's are truck standby, detention and demurrage, which bulk
//! does not pay, so bulk is charged only the holding its own
//! `[operations] by_class.bulk` gives.

use std::collections::BTreeMap;

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{ByClass, RawCharge, RawClassCharge, RawClassLink, RawOperations, RawSource};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};

/// Tonnes of bulk one cargo unit carries where an element gives no bulk
/// figure: a TEU as one 20-t truck load, the equivalence the network's
/// per-unit costs already rest on (docs/format.md).
pub const DEFAULT_TONNES_PER_UNIT: f64 = 20.0;

/// The unit bulk cargo is costed per.
pub const BULK_UNIT: &str = "tonne";

vocabulary! {
    /// What one shipment is.
    #[derive(Default)]
    pub enum CargoClass {
        /// Containers, per the network's `cargo_unit` (a TEU): the network's
        /// own figures.
        #[default]
        Container,
        /// Dry bulk (grain in hopper wagons, bulk trucks, bulk carriers), per
        /// tonne.
        Bulk,
    }
}

impl CargoClass {
    /// The unit costs are per for this class, given the network's
    /// container unit.
    pub fn unit(self, container_unit: &str) -> &str {
        match self {
            CargoClass::Container => container_unit,
            CargoClass::Bulk => BULK_UNIT,
        }
    }
}

/// A dwell's or transfer's figures for one class; `None` keeps the
/// container figure (time as is, money converted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassCharge {
    /// Hours.
    pub hours: Option<Dist>,
    /// USD per the class's unit.
    pub usd: Option<Dist>,
}

impl ClassCharge {
    /// The charge for the class: its own figures over `base`, whose money
    /// is scaled by `k` (cargo units per class unit).
    fn over(this: Option<&ClassCharge>, base: Charge, k: f64) -> Charge {
        Charge {
            hours: this.and_then(|c| c.hours).unwrap_or(base.hours),
            usd: this.and_then(|c| c.usd).unwrap_or(base.usd.scale(k)),
        }
    }
}

/// A link's figures for one class; `None` keeps the container figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassLink {
    /// Travel time or speed.
    pub time: Option<LinkTime>,
    /// Cost per the class's unit, or per unit and km.
    pub cost: Option<LinkCost>,
}

fn scale_cost(c: LinkCost, k: f64) -> LinkCost {
    match c {
        LinkCost::Usd(d) => LinkCost::Usd(d.scale(k)),
        LinkCost::PerKm(d) => LinkCost::PerKm(d.scale(k)),
    }
}

impl Network {
    /// Prices the network for `class` (see the module docs); the network's
    /// own figures are for containers, so that class changes nothing.
    pub fn use_class(&mut self, class: CargoClass) {
        self.class = class;
        if class == CargoClass::Container {
            return;
        }
        let k = 1.0 / self.tonnes_per_unit;
        for l in &mut self.links {
            let own = l.by_class.get(&class);
            if let Some(t) = own.and_then(|c| c.time) {
                l.time = t;
            }
            l.cost = own
                .and_then(|c| c.cost)
                .unwrap_or_else(|| scale_cost(l.cost, k));
        }
        for n in &mut self.nodes {
            let own = n.dwell_by_class.get(&class);
            for (i, d) in n.dwell.iter_mut().enumerate() {
                *d = d.map(|c| ClassCharge::over(own.and_then(|o| o[i].as_ref()), c, k));
            }
            for c in n.dwell_into.values_mut().flatten().flatten() {
                c.usd = c.usd.scale(k);
            }
            for t in &mut n.transfers {
                t.charge = ClassCharge::over(t.by_class.get(&class), t.charge, k);
            }
            n.holding = [None; 4];
        }
        let ops = &mut self.operations;
        ops.holding = ops
            .holding_by_class
            .get(&class)
            .copied()
            .unwrap_or([None; 4]);
        ops.holding_by_country.clear();
        for h in &mut self.hazards {
            for e in &mut h.effects {
                if let Effect::Cost { usd } = e {
                    *usd = usd.scale(k);
                }
            }
        }
        self.cargo_unit = class.unit(&self.cargo_unit).to_string();
    }
}

impl Checker<'_> {
    /// A `by_class` key: a known class other than `container` (whose
    /// figures are the element's own).
    pub(super) fn class_name<T>(
        &mut self,
        key: &str,
        name: &str,
        at: &Loc<T>,
    ) -> Option<CargoClass> {
        match CargoClass::parse(name) {
            Some(CargoClass::Container) => {
                self.push(Diag::at(
                    at,
                    key,
                    "the element's own figures are for containers; give them there",
                ));
                None
            }
            Some(c) => Some(c),
            None => {
                let hint = did_you_mean_or_list(name, CargoClass::NAMES, Quote::Value, None);
                self.push(Diag::at(
                    at,
                    key,
                    format!("unknown cargo class \"{name}\"{hint}"),
                ));
                None
            }
        }
    }

    /// A link's `by_class`: time (`hours` or `kmh`) and cost (`usd` or
    /// `usd_per_km`) by class, each optional, at least one given.
    pub(super) fn link_classes(
        &mut self,
        p: &str,
        raw: &ByClass<RawClassLink>,
    ) -> Option<BTreeMap<CargoClass, ClassLink>> {
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (name, e) in raw.iter().flatten() {
            let key = format!("{p}.by_class.{name}");
            let Some(class) = self.class_name(&key, name, e) else {
                ok = false;
                continue;
            };
            let r = &e.value;
            let given_time = r.hours.is_some() || r.kmh.is_some();
            let given_cost = r.usd.is_some() || r.usd_per_km.is_some();
            if !given_time && !given_cost {
                self.push(Diag::at(
                    e,
                    &key,
                    "give a cost (`usd` or `usd_per_km`), a time (`hours` or `kmh`) or both",
                ));
                ok = false;
                continue;
            }
            let unused = Diag::at(e, &key, "");
            let time = match given_time {
                true => self
                    .time_of(&key, &r.hours, &r.kmh, unused.clone())
                    .map(Some),
                false => Some(None),
            };
            let cost = match given_cost {
                true => self.cost_of(&key, &r.usd, &r.usd_per_km, unused).map(Some),
                false => Some(None),
            };
            match (time, cost) {
                (Some(time), Some(cost)) => {
                    out.insert(class, ClassLink { time, cost });
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A dwell's or transfer's `by_class`: `hours` and `usd` by class.
    pub(super) fn charge_classes(
        &mut self,
        key: &str,
        raw: &ByClass<RawClassCharge>,
    ) -> Option<BTreeMap<CargoClass, ClassCharge>> {
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (name, e) in raw.iter().flatten() {
            let key = format!("{key}.by_class.{name}");
            let Some(class) = self.class_name(&key, name, e) else {
                ok = false;
                continue;
            };
            let r = &e.value;
            if r.hours.is_none() && r.usd.is_none() {
                self.push(Diag::at(e, &key, "give `hours`, `usd` or both"));
                ok = false;
                continue;
            }
            let hours = self.opt_dist(&format!("{key}.hours"), &r.hours, Quantity::Hours);
            let usd = self.opt_dist(&format!("{key}.usd"), &r.usd, Quantity::Usd);
            match (hours, usd) {
                (Some(hours), Some(usd)) => {
                    out.insert(class, ClassCharge { hours, usd });
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `[operations] by_class.<class>.holding_usd_per_day`, citing each
    /// mode as `by_class.<class>.holding_usd_per_day.<mode>`.
    pub(super) fn holding_classes(
        &mut self,
        r: &RawOperations,
        cites: &mut Citations,
    ) -> Option<BTreeMap<CargoClass, [Option<Dist>; 4]>> {
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (name, e) in r.by_class.iter().flatten() {
            let key = format!("operations.by_class.{name}");
            let Some(class) = self.class_name(&key, name, e) else {
                ok = false;
                continue;
            };
            let key = format!("{key}.holding_usd_per_day");
            let h = &e.value.holding_usd_per_day;
            match self.mode_dists(&key, h.as_ref(), Quantity::Usd) {
                Some(h) => {
                    out.insert(class, h);
                }
                None => ok = false,
            }
            let field = "holding_usd_per_day";
            let source = e
                .value
                .source
                .as_ref()
                .and_then(|s| s.for_field(field))
                .map(str::to_string)
                .or_else(|| cite(&r.source, "by_class"));
            for mode in h.iter().flatten().map(|(m, _)| m) {
                cites.insert(format!("by_class.{name}.{field}.{mode}"), source.clone());
            }
        }
        ok.then_some(out)
    }

    /// A dwell entry's `by_class`, put in `slots` for the entry's `modes`
    /// (an explicit mode wins over `any`) and cited under
    /// `dwell.<mode>.by_class`; `false` if any of it is wrong.
    pub(super) fn dwell_classes(
        &mut self,
        key: &str,
        (mode, modes): (&str, &[Mode]),
        charge: &RawCharge,
        fallback: Option<String>,
        slots: &mut BTreeMap<CargoClass, [Option<ClassCharge>; 4]>,
        cites: &mut Citations,
    ) -> bool {
        let Some(classes) = self.charge_classes(key, &charge.by_class) else {
            return false;
        };
        let prefix = format!("dwell.{mode}.");
        let own = charge.source.as_ref().and_then(|s| s.for_field("by_class"));
        cites.extend(class_citations(
            &prefix,
            charge
                .by_class
                .iter()
                .flatten()
                .map(|(c, e)| (c, e.value.source.as_ref(), charge_class_fields(&e.value))),
            own.map(str::to_string).or(fallback),
        ));
        for (class, c) in classes {
            let slot = slots.entry(class).or_default();
            for m in modes {
                if mode != "any" || slot[m.index()].is_none() {
                    slot[m.index()] = Some(c);
                }
            }
        }
        true
    }

    /// `[network] tonnes_per_unit`: more than 0 and at most 1,000.
    pub(super) fn tonnes_per_unit(&mut self, v: Option<&Loc<f64>>) -> Option<f64> {
        let Some(v) = v else {
            return Some(DEFAULT_TONNES_PER_UNIT);
        };
        let good = v.value.is_finite() && v.value > 0.0 && v.value <= 1000.0;
        if !good {
            self.push(Diag::at(
                v,
                "network.tonnes_per_unit",
                format!(
                    "must be more than 0 and at most 1000 tonnes, got {}",
                    v.value
                ),
            ));
        }
        good.then_some(v.value)
    }
}

/// The sources of the figures in `by_class` entries, cited as
/// `<prefix>by_class.<class>.<field>`: the entry's own source for the
/// field, else `fallback` (the element's source for `by_class`).
pub(super) fn class_citations<'a>(
    prefix: &'a str,
    entries: impl Iterator<Item = (&'a String, Option<&'a RawSource>, Vec<&'static str>)> + 'a,
    fallback: Option<String>,
) -> impl Iterator<Item = (String, Option<String>)> + 'a {
    entries.flat_map(move |(class, own, fields)| {
        let fallback = fallback.clone();
        fields.into_iter().map(move |f| {
            let source = own
                .and_then(|s| s.for_field(f))
                .map(str::to_string)
                .or_else(|| fallback.clone());
            (format!("{prefix}by_class.{class}.{f}"), source)
        })
    })
}

/// The fields a link's class entry gives.
pub(super) fn link_class_fields(r: &RawClassLink) -> Vec<&'static str> {
    present(&[
        ("hours", r.hours.is_some()),
        ("kmh", r.kmh.is_some()),
        ("usd", r.usd.is_some()),
        ("usd_per_km", r.usd_per_km.is_some()),
    ])
}

/// The fields a dwell's or transfer's class entry gives.
pub(super) fn charge_class_fields(r: &RawClassCharge) -> Vec<&'static str> {
    present(&[("hours", r.hours.is_some()), ("usd", r.usd.is_some())])
}

fn present(fields: &[(&'static str, bool)]) -> Vec<&'static str> {
    fields.iter().filter(|(_, p)| *p).map(|(f, _)| *f).collect()
}
