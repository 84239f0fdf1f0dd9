//! Checking links: the two ends, mode and rail gauge, length, time (hours
//! or speed), cost (USD or USD per km), status, and the sources cited.

use std::collections::{BTreeMap, HashMap};

use super::limits::{MIN_KMH, Quantity};
use super::load::{Checker, cite};
use super::raw::{Element, LDist, RawLink};
use super::*;
use crate::diag::Diag;

impl Checker<'_> {
    /// Checks one link; `None` if anything about it is wrong.
    pub(super) fn link(
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
        let ends = self.link_ends(el, &p, node_ids);
        let mode = self.required(el, &p, "mode", &r.mode).and_then(|m| {
            self.enum_value(&format!("{p}.mode"), m, Mode::parse, Mode::NAMES, "mode")
        });
        let gauge = self.gauge(el, &p, mode);
        let km = self
            .required(el, &p, "km", &r.km)
            .and_then(|k| self.dist(&format!("{p}.km"), k, Quantity::Km));
        let time = self.link_time(el, &p);
        let services = self.services(el, &p, mode);
        let driving_hours = self.link_driving_hours(el, &p, mode);
        let cost = self.link_cost(el, &p);
        let path = self.link_path(el, &p);
        let by_class = self.link_classes(&p, &r.by_class);
        let caveat = self.caveat(&p, r.caveat.as_ref());
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
        citations.insert(p, link_citations(r));
        let (from, to) = ends?;
        Some(Link {
            id: id?,
            from,
            to,
            mode: mode?,
            gauge: gauge?,
            km: km?,
            time: time?,
            services: services?,
            cost: cost?,
            by_class: by_class?,
            caveat: caveat?,
            status: status?,
            bidirectional: r.bidirectional.unwrap_or(true),
            tags: r.tags.iter().flatten().map(|t| t.value.clone()).collect(),
            driving_hours: driving_hours?,
            path: path?,
            enabled: false,
            closed: false,
        })
    }

    /// `services = { block = { kmh = ... }, wagonload = { kmh = ... } }`:
    /// a rail link's time by service class, which a scenario picks.
    fn services(
        &mut self,
        el: &Element<RawLink>,
        p: &str,
        mode: Option<Mode>,
    ) -> Option<BTreeMap<String, LinkTime>> {
        let mut out = BTreeMap::new();
        let Some(services) = &el.raw.services else {
            return Some(out);
        };
        if mode.is_some_and(|m| m != Mode::Rail) {
            self.push(Diag::at(
                services,
                format!("{p}.services"),
                "service classes are for rail links",
            ));
            return None;
        }
        let mut ok = true;
        for (class, s) in &services.value {
            let key = format!("{p}.services.{class}");
            if let Some(problem) = super::id_problem(class) {
                self.push(Diag::at(s, &key, problem));
                ok = false;
                continue;
            }
            let missing = Diag::at(s, format!("{key}.kmh"), "give `kmh` or `hours`");
            match self.time_of(&key, &s.value.hours, &s.value.kmh, missing) {
                Some(t) => {
                    out.insert(class.clone(), t);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// `driving_hours = h`: a road link's own driving day, in 0 < h ≤ 24.
    fn link_driving_hours(
        &mut self,
        el: &Element<RawLink>,
        p: &str,
        mode: Option<Mode>,
    ) -> Option<Option<f64>> {
        let Some(h) = &el.raw.driving_hours else {
            return Some(None);
        };
        let key = format!("{p}.driving_hours");
        if mode.is_some_and(|m| m != Mode::Road) {
            self.push(Diag::at(h, key, "a driving day is for road links"));
            return None;
        }
        if !(h.value.is_finite() && h.value > 0.0 && h.value <= 24.0) {
            let got = h.value;
            let message = format!("must be more than 0 and at most 24 hours a day, got {got}");
            self.push(Diag::at(h, key, message));
            return None;
        }
        Some(Some(h.value))
    }

    /// `path = [[lon, lat], ...]`: waypoints for the map, each a real
    /// longitude (−180..180) and latitude (−90..90).
    fn link_path(&mut self, el: &Element<RawLink>, p: &str) -> Option<Vec<(f64, f64)>> {
        let Some(path) = &el.raw.path else {
            return Some(Vec::new());
        };
        let mut ok = true;
        for (i, &[lon, lat]) in path.value.iter().enumerate() {
            for (what, v, limit) in [("longitude", lon, 180.0), ("latitude", lat, 90.0)] {
                if !v.is_finite() || v.abs() > limit {
                    self.push(Diag::at(
                        path,
                        format!("{p}.path[{i}]"),
                        format!("{what} must be between -{limit} and {limit}, got {v}"),
                    ));
                    ok = false;
                }
            }
        }
        ok.then(|| path.value.iter().map(|&[lon, lat]| (lon, lat)).collect())
    }

    /// `from` and `to`: known nodes, and two different ones.
    fn link_ends(
        &mut self,
        el: &Element<RawLink>,
        p: &str,
        node_ids: &HashMap<String, NodeId>,
    ) -> Option<(NodeId, NodeId)> {
        let r = &el.raw;
        let from = self
            .required(el, p, "from", &r.from)
            .and_then(|f| self.node_ref(&format!("{p}.from"), f, node_ids));
        let to = self
            .required(el, p, "to", &r.to)
            .and_then(|t| self.node_ref(&format!("{p}.to"), t, node_ids));
        let (from, to) = (from?, to?);
        if from == to {
            self.push(Diag::at(
                r.to.as_ref().expect("resolved above"),
                format!("{p}.to"),
                "a link must join two different nodes",
            ));
            return None;
        }
        Some((from, to))
    }

    /// The gauge: required for rail (in mm, 500–2000), refused otherwise.
    /// `Some(None)` is a valid link without a gauge.
    fn gauge(&mut self, el: &Element<RawLink>, p: &str, mode: Option<Mode>) -> Option<Option<u16>> {
        match (mode, &el.raw.gauge) {
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
        }
    }

    /// The travel time: `hours`, or a speed `kmh` over the length.
    fn link_time(&mut self, el: &Element<RawLink>, p: &str) -> Option<LinkTime> {
        let missing = el.diag(format!("{p}.hours"), "missing required key (or give `kmh`)");
        self.time_of(p, &el.raw.hours, &el.raw.kmh, missing)
    }

    /// A time (`hours`) or a speed (`kmh`, > 0), exactly one of them.
    pub(super) fn time_of(
        &mut self,
        p: &str,
        hours: &Option<LDist>,
        kmh: &Option<LDist>,
        missing: Diag,
    ) -> Option<LinkTime> {
        match (hours, kmh) {
            (Some(h), None) => self
                .dist(&format!("{p}.hours"), h, Quantity::Hours)
                .map(LinkTime::Hours),
            (None, Some(v)) => self
                .dist(&format!("{p}.kmh"), v, Quantity::Kmh)
                .and_then(|d| {
                    // A lognormal's smallest value is 0; its median bounds it.
                    let slowest = match d {
                        Dist::LogNormal { p50, .. } => p50,
                        _ => d.min(),
                    };
                    if d.min() <= 0.0 && !matches!(d, Dist::LogNormal { .. }) {
                        self.push(Diag::at(v, format!("{p}.kmh"), "speed must be > 0"));
                        None
                    } else if slowest < MIN_KMH {
                        self.push(Diag::at(
                            v,
                            format!("{p}.kmh"),
                            format!("speed must be at least {MIN_KMH} km/h, got {slowest}"),
                        ));
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
                self.push(missing);
                None
            }
        }
    }

    /// The cost: `usd`, or `usd_per_km` times the length.
    fn link_cost(&mut self, el: &Element<RawLink>, p: &str) -> Option<LinkCost> {
        let missing = el.diag(
            format!("{p}.usd"),
            "missing required key (or give `usd_per_km`)",
        );
        self.cost_of(p, &el.raw.usd, &el.raw.usd_per_km, missing)
    }

    /// A cost (`usd`) or a price per km (`usd_per_km`), exactly one of them.
    pub(super) fn cost_of(
        &mut self,
        p: &str,
        usd: &Option<LDist>,
        usd_per_km: &Option<LDist>,
        missing: Diag,
    ) -> Option<LinkCost> {
        match (usd, usd_per_km) {
            (Some(u), None) => self
                .dist(&format!("{p}.usd"), u, Quantity::Usd)
                .map(LinkCost::Usd),
            (None, Some(u)) => self
                .dist(&format!("{p}.usd_per_km"), u, Quantity::UsdPerKm)
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
                self.push(missing);
                None
            }
        }
    }
}

/// The source cited for each numeric field the link gives.
fn link_citations(r: &RawLink) -> Citations {
    let services = r
        .services
        .iter()
        .flat_map(|s| &s.value)
        .flat_map(|(class, s)| {
            [
                ("hours", s.value.hours.is_some()),
                ("kmh", s.value.kmh.is_some()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(move |(f, _)| {
                let own = s.value.source.as_ref().and_then(|src| src.for_field(f));
                let source = own
                    .map(str::to_string)
                    .or_else(|| cite(&r.source, "services"));
                (format!("services.{class}.{f}"), source)
            })
        });
    let mut cites: Citations = services.collect();
    cites.extend(super::classes::class_citations(
        "",
        r.by_class.iter().flatten().map(|(c, e)| {
            (
                c,
                e.value.source.as_ref(),
                super::classes::link_class_fields(&e.value),
            )
        }),
        cite(&r.source, "by_class"),
    ));
    cites.extend(
        [
            ("km", r.km.is_some()),
            ("hours", r.hours.is_some()),
            ("kmh", r.kmh.is_some()),
            ("usd", r.usd.is_some()),
            ("usd_per_km", r.usd_per_km.is_some()),
            ("driving_hours", r.driving_hours.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| (field.to_string(), cite(&r.source, field))),
    );
    cites
}
