//! Checking `[operations]`: how trucks drive (hours a day, by country),
//! what waiting costs (holding, by mode, country and cargo class), and how
//! far a single border crossing scatters around its dwell
//! (`crossing_scatter_cv`, also a border node's own) and a single
//! shipment's freight price around the tariff (`quote_scatter_cv`).

use std::collections::BTreeMap;

use super::limits::Quantity;
use super::load::{Checker, cite};
use super::raw::{RawOperations, RawSource};
use super::*;
use crate::diag::{Diag, Loc};

/// The largest `crossing_scatter_cv` (or `quote_scatter_cv`) a network may
/// give: a single crossing five times as variable as its mean is already
/// extreme.
const MAX_SCATTER_CV: f64 = 5.0;

impl Checker<'_> {
    /// `[operations]`: driving hours a day (default and by country),
    /// holding costs (by mode, by country and mode, by cargo class) and a
    /// single crossing's scatter by mode.
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
        for (field, raw_cv, out) in [
            (
                "crossing_scatter_cv",
                r.crossing_scatter_cv.as_ref(),
                &mut ops.crossing_scatter_cv,
            ),
            (
                "quote_scatter_cv",
                r.quote_scatter_cv.as_ref(),
                &mut ops.quote_scatter_cv,
            ),
        ] {
            let key = format!("operations.{field}");
            match self.scatter_cvs(&key, field, raw_cv, &r.source, &mut cites) {
                Some(cv) => *out = cv.map(|v| v.unwrap_or(0.0)),
                None => ok = false,
            }
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

    /// A `crossing_scatter_cv` or `quote_scatter_cv` table (`field`; in
    /// `[operations]` or a node's, at `key`): by mode, each from 0 to
    /// [`MAX_SCATTER_CV`], cited as `<field>.<mode>`.
    pub(super) fn scatter_cvs(
        &mut self,
        key: &str,
        field: &str,
        map: Option<&BTreeMap<String, Loc<f64>>>,
        source: &Option<Loc<RawSource>>,
        cites: &mut Citations,
    ) -> Option<[Option<f64>; 4]> {
        let mut out = [None; 4];
        let mut ok = true;
        for (mode, cv) in map.into_iter().flatten() {
            let key = format!("{key}.{mode}");
            let Some(m) = self.mode_key(&key, mode, cv) else {
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
            cites.insert(format!("{field}.{mode}"), cite(source, field));
        }
        ok.then_some(out)
    }
}
