//! Checking nodes: id, name, country, coordinates, kind, dwell by arrival
//! mode, and the transfers (changes of mode or gauge) a node allows.

use std::collections::BTreeMap;

use super::load::{Checker, cite};
use super::raw::{Element, RawCharge, RawNode};
use super::*;
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};

impl Checker<'_> {
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
        let country = self.required(el, &p, "country", &r.country).and_then(|c| {
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
        });
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
        let mut dwell: [Option<Charge>; 4] = [None; 4];
        let mut ok = true;
        for (mode, charge) in r.dwell.iter().flatten() {
            let key = format!("{p}.dwell.{mode}");
            let modes: Vec<Mode> = if mode == "any" {
                Mode::ALL.to_vec()
            } else if let Some(m) = Mode::parse(mode) {
                vec![m]
            } else {
                let mut names = Mode::NAMES.to_vec();
                names.push("any");
                let hint = did_you_mean_or_list(mode, &names, Quote::Value, None);
                self.push(Diag::at(
                    charge,
                    key,
                    format!("unknown mode \"{mode}\"{hint}"),
                ));
                ok = false;
                continue;
            };
            let Some(c) = self.charge(&key, charge) else {
                ok = false;
                continue;
            };
            let given = [
                ("hours", charge.value.hours.is_some()),
                ("usd", charge.value.usd.is_some()),
            ];
            for (f, _) in given.iter().filter(|(_, present)| *present) {
                let own = charge.value.source.as_ref().and_then(|s| s.for_field(f));
                let source = own.map(str::to_string).or_else(|| cite(&r.source, "dwell"));
                cites.insert(format!("dwell.{mode}.{f}"), source);
            }
            for m in modes {
                // An explicit mode entry wins over "any".
                if mode != "any" || dwell[m.index()].is_none() {
                    dwell[m.index()] = Some(c);
                }
            }
        }
        let mut transfers = Vec::new();
        for (i, t) in r.transfers.iter().flatten().enumerate() {
            let key = format!("{p}.transfers[{i}]");
            let between: Vec<Option<CarrierPattern>> = t
                .value
                .between
                .value
                .iter()
                .map(|s| CarrierPattern::parse(s))
                .collect();
            if between.len() != 2 || between.iter().any(Option::is_none) {
                self.push(Diag::at(&t.value.between, format!("{key}.between"),
                    "expected two carriers such as [\"rail\", \"road\"] (road, rail, rail-<gauge mm>, sea, ferry or *)"));
                ok = false;
                continue;
            }
            let charge = Loc {
                file: t.file,
                span: t.span.clone(),
                value: RawCharge {
                    hours: t.value.hours.clone(),
                    usd: t.value.usd.clone(),
                    source: None,
                },
            };
            let Some(c) = self.charge(&key, &charge) else {
                ok = false;
                continue;
            };
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
            transfers.push(Transfer {
                between: [between[0].unwrap(), between[1].unwrap()],
                charge: c,
            });
        }
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
            dwell,
            transfers,
            closed: false,
        })
        .filter(|_| ok)
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
