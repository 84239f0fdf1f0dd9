//! Checking a node's dwell: by arrival mode (or `any`), by the country a
//! route enters (`into`), by cargo class (`by_class`, in `classes.rs`) and
//! by rail service class (`services`), with each figure's source.

use std::collections::BTreeMap;

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{RawCharge, RawNode};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};

/// The source of field `f` of the first charge in `chain` (an entry, then
/// the entries it sits in) that cites one, or else the node's `dwell`.
fn cited_in(r: &RawNode, chain: &[&RawCharge], f: &str) -> Option<String> {
    chain
        .iter()
        .find_map(|c| c.source.as_ref().and_then(|s| s.for_field(f)))
        .map(str::to_string)
        .or_else(|| cite(&r.source, "dwell"))
}

/// A node's dwell: by arrival mode, by country entered, by cargo class,
/// and a train's by rail service class.
pub(super) type Dwell = (
    [Option<Charge>; 4],
    BTreeMap<String, [Option<Charge>; 4]>,
    BTreeMap<CargoClass, [Option<ClassCharge>; 4]>,
    BTreeMap<String, ServiceDwell>,
);

impl Checker<'_> {
    /// Dwell on arrival by mode (`any` for every mode an explicit entry
    /// does not give), and by the country entered (`into`); `None` if any
    /// entry is wrong.
    pub(super) fn dwell(&mut self, r: &RawNode, p: &str, cites: &mut Citations) -> Option<Dwell> {
        let mut dwell: [Option<Charge>; 4] = [None; 4];
        let mut into: BTreeMap<String, [Option<Charge>; 4]> = BTreeMap::new();
        let mut by_class: BTreeMap<CargoClass, [Option<ClassCharge>; 4]> = BTreeMap::new();
        let mut services = BTreeMap::new();
        let mut ok = true;
        for (mode, charge) in r.dwell.iter().flatten() {
            let key = format!("{p}.dwell.{mode}");
            let Some(modes) = self.dwell_modes(&key, mode, charge) else {
                ok = false;
                continue;
            };
            let Some(c) = self.charge(&key, charge) else {
                ok = false;
                continue;
            };
            self.cite_charge(r, charge, &format!("dwell.{mode}"), cites);
            if !self.dwell_classes(
                &key,
                (mode, &modes),
                &charge.value,
                cite(&r.source, "dwell"),
                &mut by_class,
                cites,
            ) {
                ok = false;
                continue;
            }
            if let Some(s) = &charge.value.services {
                match self.dwell_services(r, &key, mode, &charge.value, s, cites) {
                    Some(s) => services = s,
                    None => ok = false,
                }
            }
            for (country, entry) in charge.value.into.iter().flatten() {
                let Some(ci) = self.dwell_into_entry(r, (&key, mode), country, entry, cites) else {
                    ok = false;
                    continue;
                };
                let slot = into.entry(country.clone()).or_default();
                for m in &modes {
                    if mode != "any" || slot[m.index()].is_none() {
                        slot[m.index()] = Some(ci);
                    }
                }
            }
            for m in modes {
                // An explicit mode entry wins over "any".
                if mode != "any" || dwell[m.index()].is_none() {
                    dwell[m.index()] = Some(c);
                }
            }
        }
        ok.then_some((dwell, into, by_class, services))
    }

    /// One `dwell.<mode>.into.<CC>` entry (`key` is the dwell's): a charge
    /// for an ISO country, without classes or services of its own.
    fn dwell_into_entry(
        &mut self,
        r: &RawNode,
        (key, mode): (&str, &str),
        country: &str,
        entry: &Loc<RawCharge>,
        cites: &mut Citations,
    ) -> Option<Charge> {
        let key = format!("{key}.into.{country}");
        if let Some(s) = &entry.value.services {
            let msg = "give `services` on the dwell entry, with its own `into`";
            let at = s.values().next().unwrap_or(entry);
            self.push(Diag::at(at, format!("{key}.services"), msg));
            return None;
        }
        if entry.value.by_class.is_some() {
            self.push(Diag::at(
                entry,
                format!("{key}.by_class"),
                "give `by_class` on the dwell entry, not inside `into` (an `into` entry's money is converted like the other container figures)",
            ));
            return None;
        }
        let valid = country.len() == 2 && country.chars().all(|ch| ch.is_ascii_uppercase());
        if !valid {
            self.push(Diag::at(
                entry,
                &key,
                "the country entered must be an ISO 3166-1 alpha-2 code (two upper-case letters)",
            ));
            return None;
        }
        let c = self.charge(&key, entry)?;
        self.cite_charge(r, entry, &format!("dwell.{mode}.into.{country}"), cites);
        Some(c)
    }

    /// `dwell.rail.services = { wagonload = { hours = ..., into = { KZ =
    /// { hours = ... } } } }`: a train's hours by service class, in place
    /// of the rail dwell's own and of its `into` entries'. Time only (the
    /// charge is the crossing's, whatever the train), and only where the
    /// dwell has the entry it replaces; `None` if anything is wrong.
    fn dwell_services(
        &mut self,
        r: &RawNode,
        key: &str,
        mode: &str,
        dwell: &RawCharge,
        services: &BTreeMap<String, Loc<RawCharge>>,
        cites: &mut Citations,
    ) -> Option<BTreeMap<String, ServiceDwell>> {
        let Some(first) = services.values().next() else {
            return Some(BTreeMap::new());
        };
        if mode != "rail" {
            let msg = "service classes are for a rail dwell (dwell.rail)";
            self.push(Diag::at(first, format!("{key}.services"), msg));
            return None;
        }
        let mut out = BTreeMap::new();
        let mut ok = true;
        for (class, s) in services {
            match self.service_dwell(r, key, class, dwell, s, cites) {
                Some(d) => {
                    out.insert(class.clone(), d);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// One service class of a rail dwell (`key` is the dwell's).
    fn service_dwell(
        &mut self,
        r: &RawNode,
        key: &str,
        class: &str,
        dwell: &RawCharge,
        s: &Loc<RawCharge>,
        cites: &mut Citations,
    ) -> Option<ServiceDwell> {
        let key = format!("{key}.services.{class}");
        let prefix = format!("dwell.rail.services.{class}");
        if let Some(problem) = super::id_problem(class) {
            self.push(Diag::at(s, &key, problem));
            return None;
        }
        let extra = [
            ("usd", s.value.usd.is_some()),
            ("by_class", s.value.by_class.is_some()),
            ("services", s.value.services.is_some()),
        ];
        if let Some((f, _)) = extra.iter().find(|(_, given)| *given) {
            let msg = "a service class gives hours only (and `into` hours)";
            self.push(Diag::at(s, format!("{key}.{f}"), msg));
            return None;
        }
        let hours = self.opt_dist(&format!("{key}.hours"), &s.value.hours, Quantity::Hours)?;
        if hours.is_some() {
            cites.insert(
                format!("{prefix}.hours"),
                cited_in(r, &[&s.value, dwell], "hours"),
            );
        }
        let mut into = BTreeMap::new();
        let mut ok = true;
        for (country, entry) in s.value.into.iter().flatten() {
            let k = format!("{key}.into.{country}");
            let e = &entry.value;
            let extra = [
                ("usd", e.usd.is_some()),
                ("by_class", e.by_class.is_some()),
                ("services", e.services.is_some()),
                ("into", e.into.is_some()),
            ];
            if let Some((f, _)) = extra.iter().find(|(_, given)| *given) {
                let msg = "a service class's `into` entry gives hours only";
                self.push(Diag::at(entry, format!("{k}.{f}"), msg));
                ok = false;
                continue;
            }
            if !dwell.into.as_ref().is_some_and(|i| i.contains_key(country)) {
                let msg = format!("the dwell has no `into.{country}` for this class to replace");
                self.push(Diag::at(entry, &k, msg));
                ok = false;
                continue;
            }
            match self.opt_dist(&format!("{k}.hours"), &entry.value.hours, Quantity::Hours) {
                Some(Some(h)) => {
                    let cited = cited_in(r, &[e, &s.value, dwell], "hours");
                    cites.insert(format!("{prefix}.into.{country}.hours"), cited);
                    into.insert(country.clone(), h);
                }
                Some(None) => {
                    self.push(Diag::at(entry, &k, "give `hours`"));
                    ok = false;
                }
                None => ok = false,
            }
        }
        if ok && hours.is_none() && into.is_empty() {
            self.push(Diag::at(s, &key, "give `hours`, `into` hours or both"));
            ok = false;
        }
        ok.then_some(ServiceDwell { hours, into })
    }

    /// Records the sources of a charge's `hours` and `usd` under `prefix`.
    fn cite_charge(
        &mut self,
        r: &RawNode,
        charge: &Loc<RawCharge>,
        prefix: &str,
        cites: &mut Citations,
    ) {
        let given = [
            ("hours", charge.value.hours.is_some()),
            ("usd", charge.value.usd.is_some()),
        ];
        for (f, _) in given.iter().filter(|(_, present)| *present) {
            let own = charge.value.source.as_ref().and_then(|s| s.for_field(f));
            let source = own.map(str::to_string).or_else(|| cite(&r.source, "dwell"));
            cites.insert(format!("{prefix}.{f}"), source);
        }
    }

    /// The modes a dwell entry's key stands for: one mode, or all of them
    /// for `any`.
    fn dwell_modes(&mut self, key: &str, mode: &str, at: &Loc<RawCharge>) -> Option<Vec<Mode>> {
        if mode == "any" {
            return Some(Mode::ALL.to_vec());
        }
        if let Some(m) = Mode::parse(mode) {
            return Some(vec![m]);
        }
        let mut names = Mode::NAMES.to_vec();
        names.push("any");
        let hint = did_you_mean_or_list(mode, &names, Quote::Value, None);
        self.push(Diag::at(at, key, format!("unknown mode \"{mode}\"{hint}")));
        None
    }
}
