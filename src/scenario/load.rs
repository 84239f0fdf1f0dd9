//! Loading: read the scenario and its network, apply `--set` overrides and
//! `[[changes]]` (in [`super::changes`]), check everything, and build the
//! [`Scenario`]. Every problem in every file is reported at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::changes::{apply_patches, apply_switches};
use super::*;
use crate::diag::{Diag, Diagnostics, FileId, Files, Loc, Quote, did_you_mean_or_list};
use crate::input::InputError;
use crate::network::{CargoClass, Network, load as netload, raw as netraw, structure};

/// What `corridor check` found in one file.
#[derive(Debug, Clone)]
pub enum Checked {
    /// A network: node, link and hazard counts, and the warnings of its
    /// structure check ([`crate::network::structure`]).
    Network {
        /// Number of nodes.
        nodes: usize,
        /// Number of links.
        links: usize,
        /// Number of hazards.
        hazards: usize,
        /// Structure warnings, rendered (`node "x": ...`), in file order.
        warnings: Vec<String>,
    },
    /// A scenario, loaded with its network.
    Scenario(Box<Scenario>),
}

/// Reads a file into the registry, or reports why it cannot be read.
type Reader<'a> = &'a dyn Fn(&Path) -> Result<String, InputError>;

fn fs_read(p: &Path) -> Result<String, InputError> {
    crate::input::read_input(p)
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
            diags.push(Diag::bare("", e.to_string()));
            None
        }
    }
}

/// Loads and checks a network file on its own.
pub fn load_network(path: &Path) -> Result<Network, Diagnostics> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let net = read(&mut files, path, &mut diags, &fs_read)
        .and_then(|f| netraw::parse(&files, f, &mut diags))
        .and_then(|raw| netload::build(&raw, &mut diags));
    finish(&files, diags, net)
}

/// Loads a scenario with its network, applying `overrides` (`key=value`).
pub fn load_scenario(path: &Path, overrides: &[String]) -> Result<Scenario, Diagnostics> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let sc = load_into(&mut files, path, overrides, &mut diags, &fs_read);
    finish(&files, diags, sc)
}

/// Checks one file of either kind.
pub fn check(path: &Path) -> Result<Checked, Diagnostics> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    let Some(file) = read(&mut files, path, &mut diags, &fs_read) else {
        return finish(&files, diags, None);
    };
    if raw::looks_like_scenario(&files, file) {
        let mut files = Files::default();
        let sc = load_into(&mut files, path, &[], &mut diags, &fs_read);
        let checked = sc.map(|s| Checked::Scenario(Box::new(s)));
        return finish(&files, diags, checked);
    }
    let net = netraw::parse(&files, file, &mut diags).and_then(|raw| {
        crate::network::caveats::check_sources(&raw, path, &mut diags);
        netload::build(&raw, &mut diags)
    });
    let checked = net.map(|n| Checked::Network {
        nodes: n.nodes.len(),
        links: n.links.len(),
        hazards: n.hazards.len(),
        warnings: structure::check(&n)
            .iter()
            .map(ToString::to_string)
            .collect(),
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
) -> Result<Scenario, Diagnostics> {
    let reader = |p: &Path| {
        texts.get(p).cloned().ok_or_else(|| InputError::Io {
            path: p.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        })
    };
    let mut files = Files::default();
    let mut diags = Vec::new();
    let sc = load_into(&mut files, path, overrides, &mut diags, &reader);
    finish(&files, diags, sc)
}

fn finish<T>(files: &Files, diags: Vec<Diag>, value: Option<T>) -> Result<T, Diagnostics> {
    match value {
        Some(v) if diags.is_empty() => Ok(v),
        _ => {
            let mut lines = files.render_all(&diags);
            if lines.is_empty() {
                lines.push("could not load the input".into());
            }
            Err(Diagnostics(lines))
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
    if raw::looks_like_network(files, file) {
        diags.push(Diag::in_file(
            file,
            None,
            "",
            "this is a network, not a scenario (a scenario names its network with `network = \"...\"`)",
        ));
        return None;
    }
    let mut raw = raw::parse(files, file, diags)?;
    overrides::apply(files, &mut raw, overrides, diags);
    // Whatever goes wrong with the network, the scenario's own values are
    // still checked, so every problem comes out in one run.
    let class = cargo_class(&raw.top, diags);
    let net_file = network_file(files, path, &raw, diags, reader);
    let network = net_file
        .and_then(|f| {
            let before = diags.len();
            netraw::parse(files, f, diags).map(|n| (n, before))
        })
        .and_then(|(mut raw_net, before)| {
            apply_patches(&mut raw_net, &raw.changes, diags);
            let mut network = netload::build(&raw_net, diags)?;
            // A network with errors of its own is not checked against: an
            // element dropped while parsing (a typo in its keys) would make
            // the scenario's use of it a second, false error.
            if diags.len() > before {
                return None;
            }
            apply_switches(&mut network, &raw.changes, diags);
            if let Some(class) = &raw.top.rail_service {
                rail_service(&mut network, class, diags);
            }
            network.use_class(class?);
            Some(network)
        });
    let inputs = [Some(file), net_file]
        .into_iter()
        .flatten()
        .map(|f| {
            let sf = files.get(f);
            InputFile {
                path: sf.name.clone(),
                sha256: format!("{:x}", Sha256::digest(sf.text.as_bytes())),
            }
        })
        .collect();
    super::check::build(files, &raw, network, inputs, overrides, diags)
}

/// Reads the network the scenario names; `None` (with the reason in
/// `diags`) when it names none or it cannot be read.
fn network_file(
    files: &mut Files,
    path: &Path,
    raw: &raw::RawScenario,
    diags: &mut Vec<Diag>,
    reader: Reader<'_>,
) -> Option<FileId> {
    let Some(net_ref) = &raw.top.network else {
        if raw.unreadable("network") {
            return None;
        }
        diags.push(Diag::in_file(
            raw.file,
            Some(0..0),
            "network",
            "missing required key (path of the network file, relative to this file)",
        ));
        return None;
    };
    let net_path = resolve(path, &net_ref.value);
    match reader(&net_path) {
        Ok(text) => Some(files.add(net_path.display().to_string(), text)),
        Err(e) if e.is_located() => {
            diags.push(Diag::bare("", e.to_string()));
            None
        }
        Err(e) => {
            diags.push(Diag::at(
                net_ref,
                "network",
                format!("cannot read {}: {}", net_path.display(), e.reason()),
            ));
            None
        }
    }
}

/// The network path, relative to the scenario file's folder, with `dir/..`
/// pairs removed so messages show the path a user would type.
fn resolve(scenario: &Path, network: &str) -> PathBuf {
    let p = Path::new(network);
    if p.is_absolute() {
        normal_path(p)
    } else {
        normal_path(&scenario.parent().unwrap_or(Path::new(".")).join(p))
    }
}

/// A path in normal form, lexically: `.` parts dropped, `dir/..` folded,
/// `/..` is `/`; leading `..` stay (they leave the folder); empty is `.`.
/// `./scenarios/x.toml` and `scenarios/../scenarios/x.toml` both become
/// `scenarios/x.toml`, so one input has one name in messages, manifests
/// and shard files.
pub fn normal_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match (c, out.last()) {
            (Component::CurDir, _) => {}
            (Component::ParentDir, Some(Component::Normal(_))) => {
                out.pop();
            }
            (Component::ParentDir, Some(Component::RootDir)) => {}
            _ => out.push(c),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// `[cargo] class`: the cargo class the network is priced for (default
/// container); `None` (with the problem in `diags`) when it is unknown.
fn cargo_class(top: &raw::RawTop, diags: &mut Vec<Diag>) -> Option<CargoClass> {
    let Some(c) = top.cargo.as_ref().and_then(|c| c.value.class.as_ref()) else {
        return Some(CargoClass::Container);
    };
    let class = CargoClass::parse(&c.value);
    if class.is_none() {
        let hint = did_you_mean_or_list(&c.value, CargoClass::NAMES, Quote::Value, None);
        diags.push(Diag::at(
            c,
            "cargo.class",
            format!("unknown cargo class \"{}\"{hint}", c.value),
        ));
    }
    class
}

/// `rail_service = "<class>"` ([`Network::use_rail_service`]): a class
/// no link or node declares is an error naming the classes there are.
fn rail_service(net: &mut Network, class: &Loc<String>, diags: &mut Vec<Diag>) {
    let Err(declared) = net.use_rail_service(&class.value) else {
        return;
    };
    let known = if declared.is_empty() {
        "no link or node declares service classes".to_string()
    } else {
        let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
        let hint = did_you_mean_or_list(&class.value, &declared, Quote::Value, None);
        format!("no link or node declares it{hint}")
    };
    diags.push(Diag::at(
        class,
        "rail_service",
        format!("unknown service class \"{}\": {known}", class.value),
    ));
}
