//! Checking hazards: category, probability, the effect and its size, and
//! the targets (ids and selectors expanded into node and link lists).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{Element, LDist, RawHazard, RawSelector, RawTargets};
use super::*;
use crate::diag::{Diag, Loc};

impl Checker<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hazard(
        &mut self,
        el: &Element<RawHazard>,
        nodes: &[Node],
        node_ids: &HashMap<String, NodeId>,
        links: &[Link],
        link_ids: &HashMap<String, LinkId>,
        citations: &mut BTreeMap<String, Citations>,
    ) -> Option<Hazard> {
        let r = &el.raw;
        let id = self.id(el, &r.id);
        let p = id
            .as_ref()
            .map_or(el.label.clone(), |id| format!("hazard \"{id}\""));
        let name = r
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .or_else(|| id.clone());
        let category = self
            .required(el, &p, "category", &r.category)
            .and_then(|c| {
                self.enum_value(
                    &format!("{p}.category"),
                    c,
                    Category::parse,
                    Category::NAMES,
                    "category",
                )
            });
        let probability = self
            .required(el, &p, "probability", &r.probability)
            .and_then(|pr| {
                let ok = pr.value.is_finite() && (0.0..=1.0).contains(&pr.value);
                if !ok {
                    self.push(Diag::at(
                        pr,
                        format!("{p}.probability"),
                        format!("must be between 0 and 1, got {}", pr.value),
                    ));
                }
                ok.then_some(pr.value)
            });
        let effect = self
            .required(el, &p, "effect", &r.effect)
            .and_then(|e| self.effect(el, &p, e));
        let mut cites = Citations::new();
        for (field, present) in [
            ("probability", r.probability.is_some()),
            ("duration", r.duration.is_some()),
            ("hours", r.hours.is_some()),
            ("usd", r.usd.is_some()),
            ("fraction", r.fraction.is_some()),
        ] {
            if present {
                cites.insert(field.into(), cite(&r.source, field));
            }
        }
        citations.insert(p.clone(), cites);
        let (tn, tl) = self.targets(el, &p, nodes, node_ids, links, link_ids)?;
        Some(Hazard {
            id: id?,
            name: name?,
            category: category?,
            probability: probability?,
            effect: effect?,
            nodes: tn,
            links: tl,
        })
    }

    fn effect(&mut self, el: &Element<RawHazard>, p: &str, e: &Loc<String>) -> Option<Effect> {
        let r = &el.raw;
        let params: [(&str, &Option<LDist>); 4] = [
            ("duration", &r.duration),
            ("hours", &r.hours),
            ("usd", &r.usd),
            ("fraction", &r.fraction),
        ];
        let kind = self.enum_value(
            &format!("{p}.effect"),
            e,
            EffectKind::parse,
            EffectKind::NAMES,
            "effect",
        )?;
        let wanted = kind.parameter();
        let mut ok = true;
        for (name, v) in params {
            if name != wanted
                && let Some(v) = v
            {
                self.push(Diag::at(
                    v,
                    format!("{p}.{name}"),
                    format!(
                        "not used by effect \"{}\" (which takes `{wanted}`)",
                        e.value
                    ),
                ));
                ok = false;
            }
        }
        let (_, v) = params
            .iter()
            .find(|(n, _)| *n == wanted)
            .expect("wanted is a param");
        if !ok && v.is_none() {
            // The other parameter was written instead of this one: one message.
            return None;
        }
        let v = self.required(el, p, wanted, v)?;
        let q = match kind {
            EffectKind::Close | EffectKind::Delay => Quantity::Hours,
            EffectKind::Cost => Quantity::Usd,
            EffectKind::Loss => Quantity::Fraction,
        };
        let d = self.dist(&format!("{p}.{wanted}"), v, q)?;
        if kind == EffectKind::Loss {
            let max = match d {
                Dist::LogNormal { .. } => f64::INFINITY,
                Dist::Fixed { value } => value,
                Dist::Uniform { max, .. }
                | Dist::Triangular { max, .. }
                | Dist::Pert { max, .. } => max,
            };
            if max > 1.0 {
                self.push(Diag::at(v, format!("{p}.fraction"), "a loss fraction must lie in 0..1 (a lognormal is unbounded: use { min, max } or { min, mode, max })"));
                return None;
            }
        }
        if !ok {
            return None;
        }
        Some(kind.with_size(d))
    }

    /// The hazard's targets: explicit node and link ids plus every element
    /// a selector picks; `None` if any is wrong or nothing is targeted.
    fn targets(
        &mut self,
        el: &Element<RawHazard>,
        p: &str,
        nodes: &[Node],
        node_ids: &HashMap<String, NodeId>,
        links: &[Link],
        link_ids: &HashMap<String, LinkId>,
    ) -> Option<(Vec<NodeId>, Vec<LinkId>)> {
        let t = self.required(el, p, "targets", &el.raw.targets)?;
        let mut tn = BTreeSet::new();
        let mut tl = BTreeSet::new();
        let mut ok = self.target_nodes(p, &t.value, node_ids, &mut tn);
        ok &= self.target_links(p, &t.value, link_ids, &mut tl);
        for (i, s) in t.value.select.iter().flatten().enumerate() {
            let key = format!("{p}.targets.select[{i}]");
            match self.selector(&key, s) {
                Some(sel) => sel.pick(nodes, links, &mut tn, &mut tl),
                None => ok = false,
            }
        }
        // A node or link that failed its own checks may be what the
        // selectors were meant to pick: no second, misleading message.
        let some_failed = self.declared_nodes.len() > node_ids.len()
            || self.declared_links.len() > link_ids.len();
        if ok && !some_failed && tn.is_empty() && tl.is_empty() {
            self.push(Diag::at(
                t,
                format!("{p}.targets"),
                "selects no node and no link",
            ));
            ok = false;
        }
        ok.then(|| (tn.into_iter().collect(), tl.into_iter().collect()))
    }

    /// The nodes named in `targets.nodes`; false if one is unknown.
    fn target_nodes(
        &mut self,
        p: &str,
        t: &RawTargets,
        node_ids: &HashMap<String, NodeId>,
        tn: &mut BTreeSet<NodeId>,
    ) -> bool {
        let mut ok = true;
        for n in t.nodes.iter().flatten() {
            match self.node_ref(&format!("{p}.targets.nodes"), n, node_ids) {
                Some(id) => {
                    tn.insert(id);
                }
                None => ok = false,
            }
        }
        ok
    }

    /// The links named in `targets.links`; false if one is unknown.
    fn target_links(
        &mut self,
        p: &str,
        t: &RawTargets,
        link_ids: &HashMap<String, LinkId>,
        tl: &mut BTreeSet<LinkId>,
    ) -> bool {
        let mut ok = true;
        for l in t.links.iter().flatten() {
            match link_ids.get(&l.value) {
                Some(id) => {
                    tl.insert(*id);
                }
                None if self.declared_links.contains(&l.value) => ok = false,
                None => {
                    let known = link_ids.keys().map(String::as_str);
                    self.push(Diag::unknown(
                        l,
                        &format!("{p}.targets.links"),
                        "link",
                        known,
                    ));
                    ok = false;
                }
            }
        }
        ok
    }

    /// Checks one `select` entry: its mode and kind names, and that it
    /// restricts something.
    fn selector(&mut self, key: &str, s: &Loc<RawSelector>) -> Option<Selector> {
        let sel = &s.value;
        let modes: Option<Vec<Mode>> = sel.modes.as_ref().map(|ms| {
            ms.iter()
                .filter_map(|m| {
                    self.enum_value(&format!("{key}.modes"), m, Mode::parse, Mode::NAMES, "mode")
                })
                .collect()
        });
        let kinds: Option<Vec<NodeKind>> = sel.kinds.as_ref().map(|ks| {
            ks.iter()
                .filter_map(|k| {
                    self.enum_value(
                        &format!("{key}.kinds"),
                        k,
                        NodeKind::parse,
                        NodeKind::NAMES,
                        "node kind",
                    )
                })
                .collect()
        });
        let strings = |v: &Option<Vec<Loc<String>>>| {
            v.as_ref()
                .map(|v| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>())
        };
        let selector = Selector {
            countries: strings(&sel.countries),
            tags: strings(&sel.tags),
            modes,
            kinds,
        };
        if selector.is_empty() {
            self.push(Diag::at(
                s,
                key,
                "an empty selector would select everything; give countries, modes, tags or kinds",
            ));
            return None;
        }
        Some(selector)
    }
}

/// A checked `select` entry: each given list restricts what it picks.
struct Selector {
    countries: Option<Vec<String>>,
    tags: Option<Vec<String>>,
    modes: Option<Vec<Mode>>,
    kinds: Option<Vec<NodeKind>>,
}

impl Selector {
    /// Whether it gives no restriction at all.
    fn is_empty(&self) -> bool {
        self.modes.is_none()
            && self.kinds.is_none()
            && self.countries.is_none()
            && self.tags.is_none()
    }

    /// Whether an element with these tags passes the tag restriction.
    fn has_tag(&self, tagged: &[String]) -> bool {
        self.tags
            .as_ref()
            .is_none_or(|ts| ts.iter().any(|t| tagged.contains(t)))
    }

    /// Adds what it picks: nodes unless it restricts modes, links (both
    /// ends in the countries) unless it restricts node kinds.
    fn pick(
        &self,
        nodes: &[Node],
        links: &[Link],
        tn: &mut BTreeSet<NodeId>,
        tl: &mut BTreeSet<LinkId>,
    ) {
        let in_countries = |c: &String| self.countries.as_ref().is_none_or(|cs| cs.contains(c));
        if self.modes.is_none() {
            for (i, n) in nodes.iter().enumerate() {
                let kind_ok = self.kinds.as_ref().is_none_or(|ks| ks.contains(&n.kind));
                if in_countries(&n.country) && kind_ok && self.has_tag(&n.tags) {
                    tn.insert(NodeId(i as u32));
                }
            }
        }
        if self.kinds.is_none() {
            for (i, l) in links.iter().enumerate() {
                let ends_in = in_countries(&nodes[l.from.0 as usize].country)
                    && in_countries(&nodes[l.to.0 as usize].country);
                let mode_ok = self.modes.as_ref().is_none_or(|ms| ms.contains(&l.mode));
                if ends_in && mode_ok && self.has_tag(&l.tags) {
                    tl.insert(LinkId(i as u32));
                }
            }
        }
    }
}
