//! Loading: read the scenario and its network, apply `--set` overrides and
//! `[[changes]]`, check everything, and build the [`Scenario`]. Every
//! problem in every file is reported at once.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::raw::{RawChange, RawScenario};
use super::*;
use crate::diag::{Diag, FileId, Files, Loc, Rendered, suggest};
use crate::network::raw::{Element, RawNetwork};
use crate::network::{Category, LinkId, Mode, Network, NodeId, load as netload, raw as netraw};

/// What `corridor check` found in one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// A network: node, link and hazard counts.
    Network {
        nodes: usize,
        links: usize,
        hazards: usize,
    },
    /// A scenario: corridor count and the network it uses.
    Scenario { corridors: usize, network: String },
}

/// Reads a file into the registry, or reports why it cannot be read.
type Reader<'a> = &'a dyn Fn(&Path) -> std::io::Result<String>;

fn fs_read(p: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(p)
}

fn read(
    files: &mut Files,
    path: &Path,
    diags: &mut Vec<Diag>,
    reader: Reader<'_>,
) -> Option<FileId> {
    match reader(path) {
        Ok(text) => Some(files.add(path.display().to_string(), text)),
        Err(e) => {
            diags.push(Diag::bare(
                path.display().to_string(),
                format!("cannot read: {e}"),
            ));
            None
        }
    }
}

/// Loads and checks a network file on its own.
pub fn load_network(path: &Path) -> Result<Network, Rendered> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let net = read(&mut files, path, &mut diags, &fs_read)
        .and_then(|f| netraw::parse(&files, f, &mut diags))
        .and_then(|raw| netload::build(&raw, &mut diags));
    finish(&files, diags, net)
}

/// Loads a scenario with its network, applying `overrides` (`key=value`).
pub fn load_scenario(path: &Path, overrides: &[String]) -> Result<Scenario, Rendered> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let sc = load_into(&mut files, path, overrides, &mut diags, &fs_read);
    finish(&files, diags, sc)
}

/// Checks one file of either kind.
pub fn check(path: &Path) -> Result<Checked, Rendered> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let Some(file) = read(&mut files, path, &mut diags, &fs_read) else {
        return finish(&files, diags, None);
    };
    if raw::looks_like_scenario(&files, file) {
        let mut files = Files::default();
        let sc = load_into(&mut files, path, &[], &mut diags, &fs_read);
        let checked = sc.map(|s| Checked::Scenario {
            corridors: s.corridors.len(),
            network: s.network.name.clone(),
        });
        return finish(&files, diags, checked);
    }
    let net =
        netraw::parse(&files, file, &mut diags).and_then(|raw| netload::build(&raw, &mut diags));
    let checked = net.map(|n| Checked::Network {
        nodes: n.nodes.len(),
        links: n.links.len(),
        hazards: n.hazards.len(),
    });
    finish(&files, diags, checked)
}

/// Loads a scenario from texts instead of files: `texts` maps each path
/// (the scenario's, and the network path as the scenario resolves it) to
/// its content. For tests and tools that generate scenarios.
pub fn load_scenario_from(
    path: &Path,
    texts: &BTreeMap<PathBuf, String>,
    overrides: &[String],
) -> Result<Scenario, Rendered> {
    let reader = |p: &Path| {
        texts
            .get(p)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    };
    let mut files = Files::default();
    let mut diags = Vec::new();
    let sc = load_into(&mut files, path, overrides, &mut diags, &reader);
    finish(&files, diags, sc)
}

fn finish<T>(files: &Files, diags: Vec<Diag>, value: Option<T>) -> Result<T, Rendered> {
    match value {
        Some(v) if diags.is_empty() => Ok(v),
        _ => {
            let mut lines = files.render_all(&diags);
            if lines.is_empty() {
                lines.push("could not load the input".into());
            }
            Err(Rendered(lines))
        }
    }
}

fn load_into(
    files: &mut Files,
    path: &Path,
    overrides: &[String],
    diags: &mut Vec<Diag>,
    reader: Reader<'_>,
) -> Option<Scenario> {
    let file = read(files, path, diags, reader)?;
    let mut raw = raw::parse(files, file, diags)?;
    overrides::apply(files, &mut raw, overrides, diags);
    let top = &raw.top;

    let Some(net_ref) = &top.network else {
        diags.push(Diag::in_file(
            file,
            Some(0..0),
            "network",
            "missing required key (path of the network file, relative to this file)",
        ));
        return None;
    };
    let net_path = resolve(path, &net_ref.value);
    let net_file = match reader(&net_path) {
        Ok(text) => files.add(net_path.display().to_string(), text),
        Err(e) => {
            diags.push(Diag::at(
                net_ref,
                "network",
                format!("cannot read {}: {e}", net_path.display()),
            ));
            return None;
        }
    };
    let network = netraw::parse(files, net_file, diags).and_then(|mut raw_net| {
        apply_patches(&mut raw_net, &raw.changes, diags);
        let mut network = netload::build(&raw_net, diags)?;
        apply_switches(&mut network, &raw.changes, diags);
        Some(network)
    });
    let inputs = [file, net_file]
        .iter()
        .map(|f| {
            let sf = files.get(*f);
            InputFile {
                path: sf.name.clone(),
                sha256: format!("{:x}", Sha256::digest(sf.text.as_bytes())),
            }
        })
        .collect();
    // Checked even when the network has problems, so the user sees the
    // scenario's own problems too.
    build(files, &raw, network, inputs, overrides, diags)
}

/// The network path, relative to the scenario file's folder, with `dir/..`
/// pairs removed so messages show the path a user would type.
fn resolve(scenario: &Path, network: &str) -> PathBuf {
    use std::path::Component;
    let p = Path::new(network);
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        scenario.parent().unwrap_or(Path::new(".")).join(p)
    };
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in joined.components() {
        match (c, out.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// Applies `node`/`link`/`hazard` patches to the raw network.
fn apply_patches(net: &mut RawNetwork, changes: &[Element<RawChange>], diags: &mut Vec<Diag>) {
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
            diags.push(unknown(
                id,
                &format!("{}.{what}", ch.label),
                what,
                known.iter().map(String::as_str),
            ));
        }
    }
}

fn unknown<'a>(
    at: &Loc<String>,
    key: &str,
    what: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Diag {
    let hint =
        suggest(&at.value, known).map_or(String::new(), |s| format!("; did you mean \"{s}\"?"));
    Diag::at(at, key, format!("unknown {what} \"{}\"{hint}", at.value))
}

/// Applies `enable` and `close` changes to the built network.
fn apply_switches(net: &mut Network, changes: &[Element<RawChange>], diags: &mut Vec<Diag>) {
    for ch in changes {
        match &ch.raw {
            RawChange::Enable(ids) => {
                for id in ids {
                    match net.link_id(&id.value) {
                        Some(l) => net.links[l.0 as usize].enabled = true,
                        None => diags.push(unknown(
                            id,
                            &format!("{}.enable", ch.label),
                            "link",
                            net.links.iter().map(|l| l.id.as_str()),
                        )),
                    }
                }
            }
            RawChange::Close(ids) => {
                for id in ids {
                    if let Some(l) = net.link_id(&id.value) {
                        net.links[l.0 as usize].closed = true;
                    } else if let Some(n) = net.node_id(&id.value) {
                        net.nodes[n.0 as usize].closed = true;
                    } else {
                        let names = net
                            .nodes
                            .iter()
                            .map(|n| n.id.as_str())
                            .chain(net.links.iter().map(|l| l.id.as_str()));
                        diags.push(unknown(
                            id,
                            &format!("{}.close", ch.label),
                            "node or link",
                            names,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

fn node_ref(net: &Network, key: &str, r: &Loc<String>, diags: &mut Vec<Diag>) -> Option<NodeId> {
    let id = net.node_id(&r.value);
    if id.is_none() {
        diags.push(unknown(
            r,
            key,
            "node",
            net.nodes.iter().map(|n| n.id.as_str()),
        ));
    }
    id
}

fn number(key: &str, v: &Loc<f64>, min_exclusive: bool, diags: &mut Vec<Diag>) -> Option<f64> {
    let ok = v.value.is_finite()
        && if min_exclusive {
            v.value > 0.0
        } else {
            v.value >= 0.0
        };
    if !ok {
        let bound = if min_exclusive { "> 0" } else { "≥ 0" };
        diags.push(Diag::at(
            v,
            key,
            format!("must be {bound}, got {}", v.value),
        ));
    }
    ok.then_some(v.value)
}

fn slug(name: &str) -> String {
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

fn build(
    files: &Files,
    raw: &RawScenario,
    network: Option<Network>,
    inputs: Vec<InputFile>,
    overrides: &[String],
    diags: &mut Vec<Diag>,
) -> Option<Scenario> {
    let before = diags.len();
    let top = &raw.top;
    let file = raw.file;
    let missing = |key: &str| Diag::in_file(file, Some(0..0), key, "missing required key");

    let net = network.as_ref();
    let origin = match (&top.origin, net) {
        (Some(o), Some(net)) => node_ref(net, "origin", o, diags),
        (Some(_), None) => None,
        (None, _) => {
            diags.push(missing("origin"));
            None
        }
    };
    let destination = match (&top.destination, net) {
        (Some(d), Some(net)) => node_ref(net, "destination", d, diags),
        (Some(_), None) => None,
        (None, _) => {
            diags.push(missing("destination"));
            None
        }
    };
    if let (Some(o), Some(d)) = (origin, destination)
        && o == d
    {
        diags.push(Diag::at(
            top.destination.as_ref().unwrap(),
            "destination",
            "origin and destination are the same node",
        ));
    }

    let cargo = match &top.cargo {
        None => {
            diags.push(missing("cargo"));
            None
        }
        Some(cargo_loc) => {
            let c = &cargo_loc.value;
            let missing = |key: &str| Diag::at(cargo_loc, key, "missing required key");
            let net_unit = net.map_or("TEU", |n| n.cargo_unit.as_str());
            let unit = c
                .unit
                .as_ref()
                .map_or(net_unit.to_string(), |u| u.value.clone());
            if net.is_some() && unit != net_unit {
                let u = c
                    .unit
                    .as_ref()
                    .expect("a unit differing from the default was written");
                diags.push(Diag::at(
                    u,
                    "cargo.unit",
                    format!("the network's costs are per \"{net_unit}\", not \"{unit}\""),
                ));
            }
            let value = match &c.value_usd {
                Some(v) => number("cargo.value_usd", v, false, diags),
                None => {
                    diags.push(missing("cargo.value_usd"));
                    None
                }
            };
            let vot = match &c.value_of_time_usd_per_day {
                Some(v) => number("cargo.value_of_time_usd_per_day", v, false, diags),
                None => {
                    diags.push(missing("cargo.value_of_time_usd_per_day"));
                    None
                }
            };
            let deadline = match &c.deadline_days {
                Some(d) => number("cargo.deadline_days", d, true, diags).map(|d| Some(d * 24.0)),
                None => Some(None),
            };
            match (value, vot, deadline) {
                (Some(value_usd), Some(vot), Some(deadline_hours)) => Some(Cargo {
                    unit,
                    value_usd,
                    value_of_time_per_hour: vot / 24.0,
                    deadline_hours,
                }),
                _ => None,
            }
        }
    };

    let mut risk_weights = [1.0; N_CATEGORIES];
    for (name, w) in top.risk_weights.iter().flatten() {
        let key = format!("risk_weights.{name}");
        match Category::parse(name) {
            Some(c) => {
                if let Some(v) = number(&key, w, false, diags) {
                    risk_weights[c.index()] = v;
                }
            }
            None => {
                let hint = suggest(name, Category::NAMES.iter().copied()).map_or_else(
                    || format!("expected one of {}", Category::NAMES.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                diags.push(Diag::at(
                    w,
                    key,
                    format!("unknown category `{name}`; {hint}"),
                ));
            }
        }
    }

    let mut corridors = Vec::new();
    let mut seen = HashSet::new();
    for el in raw.corridors.iter().filter(|_| net.is_some()) {
        if let Some(c) = corridor(net.expect("filtered"), el, diags) {
            if !seen.insert(c.id.clone()) {
                diags.push(el.diag(
                    format!("{}.id", el.label),
                    format!("duplicate corridor id \"{}\"", c.id),
                ));
            }
            corridors.push(c);
        }
    }

    let mc = top.montecarlo.clone().unwrap_or_default();
    let trials = match &mc.trials {
        Some(t) if t.value < 1 => {
            diags.push(Diag::at(
                t,
                "montecarlo.trials",
                format!("must be ≥ 1, got {}", t.value),
            ));
            None
        }
        Some(t) => Some(t.value as u64),
        None => Some(DEFAULT_TRIALS),
    };
    let seed = match &mc.seed {
        Some(s) if s.value < 0 => {
            diags.push(Diag::at(
                s,
                "montecarlo.seed",
                format!("must be ≥ 0, got {}", s.value),
            ));
            None
        }
        Some(s) => Some(s.value as u64),
        None => Some(DEFAULT_SEED),
    };

    if diags.len() > before {
        return None;
    }
    let network = network?;
    let name_of_file = Path::new(&files.get(file).name)
        .file_stem()
        .map_or("scenario".to_string(), |s| s.to_string_lossy().into_owned());
    let id = top.id.as_ref().map_or(name_of_file, |i| i.value.clone());
    Some(Scenario {
        name: top.name.clone().unwrap_or_else(|| id.clone()),
        id,
        description: top.description.clone().unwrap_or_default(),
        network,
        origin: origin?,
        destination: destination?,
        cargo: cargo?,
        risk_weights,
        corridors,
        montecarlo: MonteCarlo {
            trials: trials?,
            seed: seed?,
        },
        inputs,
        overrides: overrides.to_vec(),
    })
}

fn corridor(
    net: &Network,
    el: &Element<super::raw::RawCorridor>,
    diags: &mut Vec<Diag>,
) -> Option<Corridor> {
    let r = &el.raw;
    let before = diags.len();
    let name = match &r.name {
        Some(n) => n.value.clone(),
        None => {
            diags.push(el.diag(format!("{}.name", el.label), "missing required key"));
            return None;
        }
    };
    let id =
        r.id.as_ref()
            .map_or_else(|| slug(&name), |i| i.value.clone());
    let p = format!("corridor \"{id}\"");
    let group = match &r.group {
        None => Some(Group::Other),
        Some(g) => match g.value.as_str() {
            "southern" => Some(Group::Southern),
            "traditional" => Some(Group::Traditional),
            "other" => Some(Group::Other),
            other => {
                diags.push(Diag::at(
                    g,
                    format!("{p}.group"),
                    format!("unknown group \"{other}\"; expected southern, traditional or other"),
                ));
                None
            }
        },
    };
    let via: Vec<NodeId> = r
        .via
        .iter()
        .flatten()
        .filter_map(|v| node_ref(net, &format!("{p}.via"), v, diags))
        .collect();
    let mut avoid_nodes = Vec::new();
    let mut avoid_links: Vec<LinkId> = Vec::new();
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
            let names = net
                .nodes
                .iter()
                .map(|n| n.id.as_str())
                .chain(net.links.iter().map(|l| l.id.as_str()));
            diags.push(unknown(a, &format!("{p}.avoid"), "node or link", names));
        }
    }
    let modes = r.modes.as_ref().map(|ms| {
        ms.iter()
            .filter_map(|m| {
                let parsed = Mode::parse(&m.value);
                if parsed.is_none() {
                    diags.push(unknown(
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
    })
}
