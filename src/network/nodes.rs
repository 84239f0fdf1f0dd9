//! Checking nodes: id, name, country, coordinates, kind and the transfers
//! (changes of mode or gauge) a node allows; its dwell is `dwell.rs`.

use std::collections::BTreeMap;

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{Element, RawCharge, RawNode, RawTransfer};
use super::*;
use crate::diag::{Diag, Loc};

impl Checker<'_> {
    /// Checks one node; `None` if anything about it is wrong.
    pub(super) fn node(
        &mut self,
        el: &Element<RawNode>,
        citations: &mut BTreeMap<String, Citations>,
    ) -> Option<Node> {
        let r = &el.raw;
        let id = self.id(el, &r.id);
        let p = id
            .as_ref()
            .map_or(el.label.clone(), |id| format!("node \"{id}\""));
        let name = self
            .required(el, &p, "name", &r.name)
            .map(|n| n.value.clone());
        let country = self.country(el, &p);
        let lat = self.coordinate(el, &p, "lat", &r.lat, 90.0);
        let lon = self.coordinate(el, &p, "lon", &r.lon, 180.0);
        let kind = match &r.kind {
            None => Some(NodeKind::City),
            Some(k) => self.enum_value(
                &format!("{p}.kind"),
                k,
                NodeKind::parse,
                NodeKind::NAMES,
                "node kind",
            ),
        };
        let mut cites = Citations::new();
        cites.insert("lat".into(), cite(&r.source, "lat"));
        cites.insert("lon".into(), cite(&r.source, "lon"));
        let dwell = self.dwell(r, &p, &mut cites);
        let transfers = self.transfers(r, &p, &mut cites);
        let holding = self.mode_dists(
            &format!("{p}.holding_usd_per_day"),
            r.holding_usd_per_day.as_ref(),
            Quantity::Usd,
        );
        if let Some(h) = &r.holding_usd_per_day {
            for mode in h.keys() {
                cites.insert(
                    format!("holding_usd_per_day.{mode}"),
                    cite(&r.source, "holding_usd_per_day"),
                );
            }
        }
        let scatter = self.scatter_cvs(
            &format!("{p}.crossing_scatter_cv"),
            "crossing_scatter_cv",
            r.crossing_scatter_cv.as_ref(),
            &r.source,
            &mut cites,
        );
        if let Some(cv) = &r.crossing_scatter_cv
            && kind.is_some_and(|k| k != NodeKind::Border)
            && let Some(first) = cv.values().next()
        {
            let msg = "only a border node's crossings scatter (kind = \"border\")";
            self.push(Diag::at(first, format!("{p}.crossing_scatter_cv"), msg));
        }
        let caveat = self.caveat(&p, r.caveat.as_ref());
        citations.insert(p, cites);
        let tags = r.tags.iter().flatten().map(|t| t.value.clone()).collect();
        Some(Node {
            id: id?,
            name: name?,
            country: country?,
            lat: lat?,
            lon: lon?,
            kind: kind?,
            tags,
            dwell: dwell.clone()?.0,
            dwell_into: dwell.clone()?.1,
            dwell_by_class: dwell.clone()?.2,
            dwell_services: dwell?.3,
            caveat: caveat?,
            holding: holding?,
            crossing_scatter_cv: scatter?,
            transfers: transfers?,
            closed: false,
        })
    }

    /// The country: an ISO 3166-1 alpha-2 code.
    fn country(&mut self, el: &Element<RawNode>, p: &str) -> Option<String> {
        let c = self.required(el, p, "country", &el.raw.country)?;
        let ok = c.value.len() == 2 && c.value.chars().all(|ch| ch.is_ascii_uppercase());
        if !ok {
            self.push(Diag::at(
                c,
                format!("{p}.country"),
                format!(
                    "\"{}\" is not an ISO 3166-1 alpha-2 code (two upper-case letters)",
                    c.value
                ),
            ));
        }
        ok.then(|| c.value.clone())
    }

    /// The changes of carrier the node allows; `None` if any entry is wrong.
    fn transfers(&mut self, r: &RawNode, p: &str, cites: &mut Citations) -> Option<Vec<Transfer>> {
        let mut transfers = Vec::new();
        let mut ok = true;
        for (i, t) in r.transfers.iter().flatten().enumerate() {
            match self.transfer(r, p, i, t, cites) {
                Some(t) => transfers.push(t),
                None => ok = false,
            }
        }
        ok.then_some(transfers)
    }

    /// Transfer `i` of node `p`: two carrier patterns and a charge.
    fn transfer(
        &mut self,
        r: &RawNode,
        p: &str,
        i: usize,
        t: &Loc<RawTransfer>,
        cites: &mut Citations,
    ) -> Option<Transfer> {
        let key = &format!("{p}.transfers[{i}]");
        let between: Vec<Option<CarrierPattern>> = t
            .value
            .between
            .value
            .iter()
            .map(|s| CarrierPattern::parse(s))
            .collect();
        let [Some(a), Some(b)] = between[..] else {
            self.push(Diag::at(&t.value.between, format!("{key}.between"),
                "expected two carriers such as [\"rail\", \"road\"] (road, rail, rail-<gauge mm>, sea, ferry or *)"));
            return None;
        };
        let charge = Loc {
            file: t.file,
            span: t.span.clone(),
            value: RawCharge {
                hours: t.value.hours.clone(),
                usd: t.value.usd.clone(),
                into: None,
                by_class: None,
                services: None,
                source: None,
            },
        };
        let c = self.charge(key, &charge);
        let by_class = self.charge_classes(key, &t.value.by_class);
        let prefix = format!("transfers[{i}].");
        cites.extend(super::classes::class_citations(
            &prefix,
            t.value.by_class.iter().flatten().map(|(c, e)| {
                (
                    c,
                    e.value.source.as_ref(),
                    super::classes::charge_class_fields(&e.value),
                )
            }),
            t.value
                .source
                .as_ref()
                .and_then(|s| s.for_field("by_class"))
                .map(str::to_string)
                .or_else(|| cite(&r.source, "transfers")),
        ));
        let (c, by_class) = (c?, by_class?);
        let given = [
            ("hours", t.value.hours.is_some()),
            ("usd", t.value.usd.is_some()),
        ];
        for (f, _) in given.iter().filter(|(_, present)| *present) {
            let own = t.value.source.as_ref().and_then(|s| s.for_field(f));
            let source = own
                .map(str::to_string)
                .or_else(|| cite(&r.source, "transfers"));
            cites.insert(format!("transfers[{i}].{f}"), source);
        }
        Some(Transfer {
            between: [a, b],
            charge: c,
            by_class,
        })
    }

    fn coordinate(
        &mut self,
        el: &Element<RawNode>,
        p: &str,
        field: &str,
        v: &Option<Loc<f64>>,
        limit: f64,
    ) -> Option<f64> {
        let v = self.required(el, p, field, v)?;
        if !v.value.is_finite() || v.value.abs() > limit {
            self.push(Diag::at(
                v,
                format!("{p}.{field}"),
                format!("must be between -{limit} and {limit}, got {}", v.value),
            ));
            return None;
        }
        Some(v.value)
    }
}
