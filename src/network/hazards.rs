//! Checking hazards: category, probability, the effect and its size, and
//! the targets (ids and selectors expanded into node and link lists).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{Element, LDist, RawEffects, RawHazard, RawSelector, RawTargets};
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
        // A regime that only raises others (`raises`) may have no effect.
        let effects = match (&r.effect, &r.raises) {
            (None, Some(_)) => Some(Vec::new()),
            _ => self
                .required(el, &p, "effect", &r.effect)
                .and_then(|e| self.effect_kinds(&p, e)),
        };
        let timing = effects
            .as_ref()
            .and_then(|kinds| self.timing(el, &p, kinds));
        let sizes = effects
            .as_ref()
            .zip(timing.as_ref())
            .and_then(|(kinds, (t, _))| self.effect_sizes(el, &p, kinds, t));
        let months = self.months(&p, r);
        let notice_hours = self.notice(&p, r);
        let cites = hazard_citations(r);
        citations.insert(p.clone(), cites);
        let caveat = self.caveat(&p, r.caveat.as_ref());
        let (tn, tl) = self.targets(el, &p, nodes, node_ids, links, link_ids)?;
        let (timing, probability) = timing?;
        let mut h = Hazard {
            id: id?,
            name: name?,
            category: category?,
            probability,
            timing,
            months: months?,
            notice_hours: notice_hours?,
            effects: sizes?,
            raises: None,
            nodes: tn,
            links: tl,
            caveat: caveat?,
        };
        if !matches!(h.timing, Timing::Probability) {
            h.probability = h.share_in_effect();
        }
        Some(h)
    }

    /// The effect names (one, or a list of different ones).
    fn effect_kinds(&mut self, p: &str, e: &Loc<RawEffects>) -> Option<Vec<EffectKind>> {
        let at = |s: &String| Loc {
            file: e.file,
            span: e.span.clone(),
            value: s.clone(),
        };
        let names: Vec<Loc<String>> = match &e.value {
            RawEffects::One(s) => vec![at(s)],
            RawEffects::Many(v) => v.iter().map(at).collect(),
        };
        if names.is_empty() {
            self.push(Diag::at(
                e,
                format!("{p}.effect"),
                "give at least one effect",
            ));
            return None;
        }
        let mut kinds = Vec::new();
        for n in &names {
            let k = self.enum_value(
                &format!("{p}.effect"),
                n,
                EffectKind::parse,
                EffectKind::NAMES,
                "effect",
            )?;
            if kinds.contains(&k) {
                self.push(Diag::at(
                    n,
                    format!("{p}.effect"),
                    format!("\"{}\" is listed twice", n.value),
                ));
                return None;
            }
            kinds.push(k);
        }
        Some(kinds)
    }

    /// Each effect with its size. A close effect's size is the occurrence's
    /// `duration` (none for a season); every other effect takes its own key.
    /// A size key no effect uses is an error.
    fn effect_sizes(
        &mut self,
        el: &Element<RawHazard>,
        p: &str,
        kinds: &[EffectKind],
        timing: &Timing,
    ) -> Option<Vec<Effect>> {
        let r = &el.raw;
        let params: [(&str, &Option<LDist>); 4] = [
            ("duration", &r.duration),
            ("hours", &r.hours),
            ("usd", &r.usd),
            ("fraction", &r.fraction),
        ];
        let rate = matches!(timing, Timing::Rate { .. });
        let mut ok = true;
        for (name, v) in params {
            let used = kinds.iter().any(|k| k.parameter() == name) || (name == "duration" && rate);
            if !used && let Some(v) = v {
                let listed: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
                let takes: Vec<String> = kinds
                    .iter()
                    .map(|k| format!("`{}`", k.parameter()))
                    .collect();
                self.push(Diag::at(
                    v,
                    format!("{p}.{name}"),
                    format!(
                        "not used by effect \"{}\" (which takes {})",
                        listed.join("\", \""),
                        takes.join(", ")
                    ),
                ));
                ok = false;
            }
        }
        // A size written under another effect's key instead of this one's:
        // one message (above), not a second "missing" one.
        let misplaced = !ok;
        let mut effects = Vec::new();
        for &kind in kinds {
            let wanted = kind.parameter();
            if kind == EffectKind::Close && !matches!(timing, Timing::Probability) {
                // The occurrence's own length (or its season) is the closure.
                effects.push(kind.with_size(Dist::ZERO));
                continue;
            }
            let (_, v) = params
                .iter()
                .find(|(n, _)| *n == wanted)
                .expect("wanted is a param");
            if misplaced && v.is_none() {
                continue;
            }
            let Some(v) = self.required(el, p, wanted, v) else {
                ok = false;
                continue;
            };
            let q = match kind {
                EffectKind::Close | EffectKind::Delay => Quantity::Hours,
                EffectKind::Cost => Quantity::Usd,
                EffectKind::Loss => Quantity::Fraction,
            };
            let Some(d) = self.dist(&format!("{p}.{wanted}"), v, q) else {
                ok = false;
                continue;
            };
            if kind == EffectKind::Loss && !self.loss_in_range(p, v, &d) {
                ok = false;
                continue;
            }
            effects.push(kind.with_size(d));
        }
        ok.then_some(effects)
    }

    /// A loss fraction must stay within 0..1.
    fn loss_in_range(&mut self, p: &str, v: &LDist, d: &Dist) -> bool {
        let max = match *d {
            Dist::LogNormal { .. } => f64::INFINITY,
            Dist::Fixed { value } => value,
            Dist::Uniform { max, .. } | Dist::Triangular { max, .. } | Dist::Pert { max, .. } => {
                max
            }
        };
        if max > 1.0 {
            self.push(Diag::at(v, format!("{p}.fraction"), "a loss fraction must lie in 0..1 (a lognormal is unbounded: use { min, max } or { min, mode, max })"));
            return false;
        }
        true
    }

    /// Every hazard's `raises`, resolved once all hazards are known: the
    /// raised hazards must exist and come later in the file, and the
    /// factor must be at least 1.
    pub(super) fn raised_after(
        &mut self,
        raw: &[Element<RawHazard>],
        hazards: &[Hazard],
        ids: &HashMap<String, HazardId>,
    ) -> Vec<Option<Raise>> {
        let mut out = vec![None; hazards.len()];
        let by_id: HashMap<&str, usize> = hazards
            .iter()
            .enumerate()
            .map(|(i, h)| (h.id.as_str(), i))
            .collect();
        for el in raw {
            let (Some(id), Some(r)) = (&el.raw.id, &el.raw.raises) else {
                continue;
            };
            let Some(&me) = by_id.get(id.value.as_str()) else {
                continue;
            };
            let p = format!("hazard \"{}\".raises", id.value);
            let factor = match &r.value.factor {
                Some(f) if f.value.is_finite() && f.value >= 1.0 && f.value <= 1000.0 => f.value,
                Some(f) => {
                    self.push(Diag::at(
                        f,
                        format!("{p}.factor"),
                        format!("must be between 1 and 1000, got {}", f.value),
                    ));
                    continue;
                }
                None => {
                    self.push(Diag::at(
                        r,
                        &p,
                        "missing `factor` (how many times the raised hazards' rates go up)",
                    ));
                    continue;
                }
            };
            let mut raised = Vec::new();
            for h in r.value.hazards.iter().flatten() {
                match ids.get(&h.value) {
                    Some(hid) if (hid.0 as usize) > me => raised.push(*hid),
                    Some(_) => self.push(Diag::at(
                        h,
                        format!("{p}.hazards"),
                        format!("\"{}\" must come after \"{}\" in the file (a hazard raises only later ones)", h.value, id.value),
                    )),
                    // Written but wrong: reported where it is written.
                    None if raw.iter().any(|e| e.raw.id.as_ref().is_some_and(|i| i.value == h.value)) => {}
                    None => self.push(Diag::unknown(
                        h,
                        &format!("{p}.hazards"),
                        "hazard",
                        hazards.iter().map(|h| h.id.as_str()),
                    )),
                }
            }
            if raised.is_empty() {
                self.push(Diag::at(r, format!("{p}.hazards"), "raises no hazard"));
                continue;
            }
            out[me] = Some(Raise {
                hazards: raised,
                factor,
            });
        }
        out
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

/// The sources a hazard cites, for each numeric field it gives.
fn hazard_citations(r: &RawHazard) -> Citations {
    let mut cites = Citations::new();
    for (field, present) in [
        ("probability", r.probability.is_some()),
        ("per_year", r.per_year.is_some()),
        ("duration", r.duration.is_some()),
        ("hours", r.hours.is_some()),
        ("usd", r.usd.is_some()),
        ("fraction", r.fraction.is_some()),
        ("season", r.season.is_some()),
        ("notice_days", r.notice_days.is_some()),
        ("raises", r.raises.is_some()),
    ] {
        if present {
            cites.insert(field.into(), cite(&r.source, field));
        }
    }
    cites
}
