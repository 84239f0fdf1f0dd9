//! Checking a scenario's `[[corridors]]` against its (changed) network:
//! names and ids (unique, made from the name when not given), groups,
//! waypoints, what to avoid, modes and colours. Also the two small helpers
//! the rest of the scenario check shares with them: a node named in the
//! scenario, and an id made from a name.

use std::collections::HashSet;

use super::raw::{RawCorridor, RawScenario};
use super::*;
use crate::diag::{Diag, Loc};
use crate::network::raw::Element;
use crate::network::{LinkId, Mode, Network, NodeId, id_problem};

/// A node the scenario names, by id; reported when the network has none such.
pub(super) fn node_ref(
    net: &Network,
    key: &str,
    r: &Loc<String>,
    diags: &mut Vec<Diag>,
) -> Option<NodeId> {
    let id = net.node_id(&r.value);
    if id.is_none() {
        diags.push(Diag::unknown(
            r,
            key,
            "node",
            net.nodes.iter().map(|n| n.id.as_str()),
        ));
    }
    id
}

/// `a, b or c`.
fn or_list(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// An id made from a name: lower-case ASCII letters and digits, other
/// characters as single `-` (`My trip` → `my-trip`).
pub(super) fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// Every `[[corridors]]` entry, with ids unique.
pub(super) fn corridors(raw: &RawScenario, net: &Network, diags: &mut Vec<Diag>) -> Vec<Corridor> {
    let mut corridors = Vec::new();
    let mut seen = HashSet::new();
    for el in &raw.corridors {
        if let Some(c) = corridor(net, el, diags) {
            if !seen.insert(c.id.clone()) {
                diags.push(el.diag(
                    format!("{}.id", el.label),
                    format!("duplicate corridor id \"{}\"", c.id),
                ));
            }
            corridors.push(c);
        }
    }
    corridors
}

/// One `[[corridors]]` entry: name (and id, from the name if not given),
/// group, waypoints, what to avoid and which modes to use.
fn corridor(net: &Network, el: &Element<RawCorridor>, diags: &mut Vec<Diag>) -> Option<Corridor> {
    let r = &el.raw;
    let before = diags.len();
    let Some(name) = &r.name else {
        diags.push(el.diag(format!("{}.name", el.label), "missing required key"));
        return None;
    };
    let name = name.value.clone();
    let id =
        r.id.as_ref()
            .map_or_else(|| slug(&name), |i| i.value.clone());
    if let Some(given) = &r.id
        && let Some(problem) = id_problem(&given.value)
    {
        diags.push(Diag::at(given, format!("{}.id", el.label), problem));
    }
    let p = format!("corridor \"{id}\"");
    let group = group(&p, &r.group, diags);
    let via: Vec<NodeId> = r
        .via
        .iter()
        .flatten()
        .filter_map(|v| node_ref(net, &format!("{p}.via"), v, diags))
        .collect();
    let (avoid_nodes, avoid_links) = avoid(net, &p, r, &via, diags);
    let modes = r.modes.as_ref().map(|ms| {
        ms.iter()
            .filter_map(|m| {
                let parsed = Mode::parse(&m.value);
                if parsed.is_none() {
                    diags.push(Diag::unknown(
                        m,
                        &format!("{p}.modes"),
                        "mode",
                        Mode::NAMES.iter().copied(),
                    ));
                }
                parsed
            })
            .collect::<Vec<_>>()
    });
    let colour = colour(&p, &r.colour, diags);
    if diags.len() > before {
        return None;
    }
    Some(Corridor {
        id,
        name,
        group: group?,
        via,
        avoid_nodes,
        avoid_links,
        modes,
        found: super::Found::Named,
        colour,
    })
}

/// The corridor's `colour` (`"#rrggbb"`), if given.
fn colour(p: &str, c: &Option<Loc<String>>, diags: &mut Vec<Diag>) -> Option<Rgb> {
    let c = c.as_ref()?;
    c.value
        .parse()
        .map_err(|e: crate::colour::NotAColour| {
            diags.push(Diag::at(c, format!("{p}.colour"), e.to_string()))
        })
        .ok()
}

/// The corridor's group (`other` if not given).
fn group(p: &str, g: &Option<Loc<String>>, diags: &mut Vec<Diag>) -> Option<Group> {
    let Some(g) = g else {
        return Some(Group::Other);
    };
    let group = Group::parse(&g.value);
    if group.is_none() {
        diags.push(Diag::at(
            g,
            format!("{p}.group"),
            format!(
                "unknown group \"{}\"; expected {}",
                g.value,
                or_list(Group::NAMES)
            ),
        ));
    }
    group
}

/// `avoid`: ids of nodes (not also waypoints) or links.
fn avoid(
    net: &Network,
    p: &str,
    r: &RawCorridor,
    via: &[NodeId],
    diags: &mut Vec<Diag>,
) -> (Vec<NodeId>, Vec<LinkId>) {
    let mut avoid_nodes = Vec::new();
    let mut avoid_links = Vec::new();
    for a in r.avoid.iter().flatten() {
        if let Some(n) = net.node_id(&a.value) {
            if via.contains(&n) {
                diags.push(Diag::at(
                    a,
                    format!("{p}.avoid"),
                    format!("\"{}\" is also a waypoint (via)", a.value),
                ));
            }
            avoid_nodes.push(n);
        } else if let Some(l) = net.link_id(&a.value) {
            avoid_links.push(l);
        } else {
            let names = net.node_and_link_ids();
            diags.push(Diag::unknown(
                a,
                &format!("{p}.avoid"),
                "node or link",
                names,
            ));
        }
    }
    (avoid_nodes, avoid_links)
}
