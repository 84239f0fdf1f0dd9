//! Applying a scenario's `[[changes]]` to its network: `node`, `link` and
//! `hazard` patches to the raw network before it is built, then `enable`
//! and `close` to the built one (a timed or seasonal `close` becomes a
//! what-if hazard).

use super::raw::{RawChange, RawClose};
use crate::diag::{Diag, Loc, Quote, did_you_mean_or_list};
use crate::network::raw::{Element, RawNetwork};
use crate::network::{Category, Effect, Hazard, Network, Timing};
use crate::units::days_to_hours;

/// Applies `node`/`link`/`hazard` patches to the raw network.
pub(super) fn apply_patches(
    net: &mut RawNetwork,
    changes: &[Element<RawChange>],
    diags: &mut Vec<Diag>,
) {
    fn find<'a, T>(
        els: &'a mut [Element<T>],
        id: &str,
        get: fn(&T) -> Option<&Loc<String>>,
    ) -> Option<&'a mut T> {
        els.iter_mut()
            .find(|e| get(&e.raw).is_some_and(|i| i.value == id))
            .map(|e| &mut e.raw)
    }
    fn ids<T>(els: &[Element<T>], get: fn(&T) -> Option<&Loc<String>>) -> Vec<String> {
        els.iter()
            .filter_map(|e| get(&e.raw).map(|i| i.value.clone()))
            .collect()
    }
    for ch in changes {
        let (id, what, found) = match &ch.raw {
            RawChange::Node(id, p) => (
                id,
                "node",
                find(&mut net.nodes, &id.value, |n| n.id.as_ref())
                    .map(|n| n.patch(p.clone()))
                    .is_some(),
            ),
            RawChange::Link(id, p) => (
                id,
                "link",
                find(&mut net.links, &id.value, |l| l.id.as_ref())
                    .map(|l| l.patch(p.clone()))
                    .is_some(),
            ),
            RawChange::Hazard(id, p) => (
                id,
                "hazard",
                find(&mut net.hazards, &id.value, |h| h.id.as_ref())
                    .map(|h| h.patch(p.clone()))
                    .is_some(),
            ),
            _ => continue,
        };
        if !found {
            let known = match what {
                "node" => ids(&net.nodes, |n| n.id.as_ref()),
                "link" => ids(&net.links, |l| l.id.as_ref()),
                _ => ids(&net.hazards, |h| h.id.as_ref()),
            };
            diags.push(Diag::unknown(
                id,
                &format!("{}.{what}", ch.label),
                what,
                known.iter().map(String::as_str),
            ));
        }
    }
}

/// Applies `enable` and `close` changes to the built network.
pub(super) fn apply_switches(
    net: &mut Network,
    changes: &[Element<RawChange>],
    diags: &mut Vec<Diag>,
) {
    for ch in changes {
        match &ch.raw {
            RawChange::Enable(ids) => {
                for id in ids {
                    match net.link_id(&id.value) {
                        Some(l) => net.links[l.0 as usize].enabled = true,
                        None => diags.push(Diag::unknown(
                            id,
                            &format!("{}.enable", ch.label),
                            "link",
                            net.links.iter().map(|l| l.id.as_str()),
                        )),
                    }
                }
            }
            RawChange::Close(c) => close(net, &ch.label, c, diags),
            _ => {}
        }
    }
}

/// A `close` change: the elements are removed from the network for the
/// whole scenario, or, with `from_day`/`days`, closed by a what-if hazard
/// in effect in that window after each shipment's departure.
fn close(net: &mut Network, label: &str, c: &RawClose, diags: &mut Vec<Diag>) {
    let mut nodes = Vec::new();
    let mut links = Vec::new();
    for id in &c.ids {
        if let Some(l) = net.link_id(&id.value) {
            links.push(l);
        } else if let Some(n) = net.node_id(&id.value) {
            nodes.push(n);
        } else {
            let names = net.node_and_link_ids();
            diags.push(Diag::unknown(
                id,
                &format!("{label}.close"),
                "node or link",
                names,
            ));
        }
    }
    if c.from_day.is_none() && c.days.is_none() && c.category.is_none() && c.season.is_none() {
        for l in links {
            net.links[l.0 as usize].closed = true;
        }
        for n in nodes {
            net.nodes[n.0 as usize].closed = true;
        }
        return;
    }
    let Some((window, category)) = close_window(label, c, diags) else {
        return;
    };
    let names: Vec<String> = c.ids.iter().map(|i| i.value.clone()).collect();
    let mut hazard = Hazard {
        id: format!("what-if-close-{}", net.hazards.len()),
        name: format!("What-if closure of {}", names.join(", ")),
        category,
        probability: 0.0,
        timing: window,
        months: [true; 12],
        notice_hours: 0.0,
        effects: vec![Effect::Close {
            duration: crate::dist::Dist::ZERO,
        }],
        raises: None,
        nodes,
        links,
        caveat: None,
    };
    // A season is known in advance: planning counts it at its share.
    hazard.probability = hazard.share_in_effect();
    net.add_hazard(hazard);
}

/// A timed `close`: its window after departure and its category.
fn close_window(label: &str, c: &RawClose, diags: &mut Vec<Diag>) -> Option<(Timing, Category)> {
    let day = |key: &str, v: &Option<Loc<f64>>, diags: &mut Vec<Diag>| -> Option<f64> {
        let Some(v) = v else { return Some(0.0) };
        let ok = v.value.is_finite() && (0.0..=3650.0).contains(&v.value);
        if !ok {
            diags.push(Diag::at(
                v,
                format!("{label}.{key}"),
                format!("must be between 0 and 3650 days, got {}", v.value),
            ));
        }
        ok.then_some(v.value)
    };
    let from = day("from_day", &c.from_day, diags);
    let days = match &c.days {
        None => Some(f64::INFINITY),
        Some(d) if d.value > 0.0 => day("days", &c.days, diags),
        Some(d) => {
            diags.push(Diag::at(
                d,
                format!("{label}.days"),
                format!("must be more than 0, got {}", d.value),
            ));
            None
        }
    };
    let category = match &c.category {
        None => Some(Category::Political),
        Some(v) => {
            let got = Category::parse(&v.value);
            if got.is_none() {
                let hint = did_you_mean_or_list(&v.value, Category::NAMES, Quote::Value, None);
                diags.push(Diag::at(
                    v,
                    format!("{label}.category"),
                    format!("unknown category \"{}\"{hint}", v.value),
                ));
            }
            got
        }
    };
    if let Some(season) = &c.season {
        return close_season(label, c, season, diags).zip(category);
    }
    let (from, days, category) = (from?, days?, category?);
    let from_hour = days_to_hours(from);
    Some((
        Timing::Window {
            from_hour,
            to_hour: from_hour + days_to_hours(days),
        },
        category,
    ))
}

/// A `close` with `season = ["MM-DD", "MM-DD"]`: closed every year then.
fn close_season(
    label: &str,
    c: &RawClose,
    season: &Loc<Vec<Loc<String>>>,
    diags: &mut Vec<Diag>,
) -> Option<Timing> {
    if let Some(v) = c.from_day.as_ref().or(c.days.as_ref()) {
        diags.push(Diag::at(
            v,
            label,
            "a seasonal closure (`season`) takes no `from_day` or `days`",
        ));
        return None;
    }
    let (from_hour, to_hour) =
        crate::network::season_hours(&format!("{label}.season"), season, diags)?;
    Some(Timing::Season { from_hour, to_hour })
}
