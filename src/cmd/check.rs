//! `corridor check`: validate network, scenario and observations files,
//! every problem at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor::network::bibliography::Bibliography;
use corridor::scenario::load::{self, Checked};

use super::error::CmdError;
use super::out;

/// What `corridor check` was asked to do.
pub struct CheckConfig {
    /// Network, scenario or observations files.
    pub files: Vec<PathBuf>,
    /// Also list every figure in a network that cites no source, and every
    /// cited source id that the bibliography does not list.
    pub sources: bool,
    /// The bibliography to resolve ids in (None: the nearest
    /// `bibliography.toml` in the network's folder or above).
    pub bibliography: Option<PathBuf>,
}

/// `corridor check`.
pub fn check(cfg: &CheckConfig) -> Result<(), CmdError> {
    let mut errors = Vec::new();
    let mut report = String::new();
    for f in &cfg.files {
        if is_observations(f) {
            match observations(f) {
                Ok(lines) => report.push_str(&lines),
                Err(lines) => {
                    for line in lines {
                        if !errors.contains(&line) {
                            errors.push(line);
                        }
                    }
                }
            }
            continue;
        }
        match load::check(f) {
            Ok(Checked::Network {
                nodes,
                links,
                hazards,
                warnings,
            }) => {
                let _ = writeln!(
                    report,
                    "{}: ok (network: {nodes} nodes, {links} links, {hazards} hazards)",
                    f.display()
                );
                for w in warnings {
                    let _ = writeln!(report, "{}: warning: {w}", f.display());
                }
                if cfg.sources {
                    sources(f, cfg.bibliography.as_deref(), &mut report)?;
                }
            }
            Ok(Checked::Scenario(sc)) => {
                let _ = writeln!(
                    report,
                    "{}: ok (scenario: {} corridors on \"{}\")",
                    f.display(),
                    sc.corridors.len(),
                    sc.network.name
                );
                if !sc.corridors.is_empty() {
                    let planned = corridor::path::plan(&sc, 1);
                    for w in corridor::report::routes::doubled_back(&sc, &planned) {
                        let _ = writeln!(report, "{}: warning: {w}", f.display());
                    }
                }
            }
            // A network shared by several checked files is reported once.
            Err(e) => {
                for line in e.0 {
                    if !errors.contains(&line) {
                        errors.push(line);
                    }
                }
            }
        }
    }
    out::print(&report)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CmdError::Input(errors))
    }
}

/// Whether a file is an observations file (`corridor validate`'s input):
/// it has `[[trip]]` entries.
fn is_observations(f: &Path) -> bool {
    corridor::input::read_input(f)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| t.contains_key("trip"))
}

/// Checks an observations file and its network: every problem in the file
/// at once (errors), then each trip place the network lacks (a warning:
/// `validate` lists such a trip as not built).
fn observations(f: &Path) -> Result<String, Vec<String>> {
    let (obs, _) = corridor::validate::load(f).map_err(|e| e.0)?;
    let net = load::load_network(&obs.network).map_err(|e| e.0)?;
    let mut report = format!(
        "{}: ok (observations: {} trips on \"{}\")\n",
        f.display(),
        obs.trips.len(),
        net.name
    );
    for t in &obs.trips {
        let places = [("origin", &t.origin), ("destination", &t.destination)]
            .into_iter()
            .chain(t.via.iter().map(|v| ("via", v)));
        for (field, id) in places {
            if net.node_id(id).is_none() {
                let _ = writeln!(
                    report,
                    "{}: warning: trip \"{}\".{field}: the network has no node \"{id}\"; validate lists the trip as not built",
                    f.display(),
                    t.id
                );
            }
        }
    }
    Ok(report)
}

/// `--sources` for one network file: the figures that cite nothing, then the
/// cited source ids that the bibliography does not list.
fn sources(f: &Path, bibliography: Option<&Path>, report: &mut String) -> Result<(), CmdError> {
    let net = load::load_network(f).map_err(|e| CmdError::Input(e.0))?;
    for u in net.uncited() {
        let _ = writeln!(report, "{}: no source: {u}", f.display());
    }
    let Some(path) = bibliography
        .map(Path::to_path_buf)
        .or_else(|| Bibliography::find(f))
    else {
        let _ = writeln!(
            report,
            "{}: note: no {} in its folder or above; source ids not checked",
            f.display(),
            corridor::network::bibliography::FILE_NAME
        );
        return Ok(());
    };
    let bib = Bibliography::load(&path).map_err(|e| CmdError::Input(vec![chain(&e)]))?;
    for u in bib.unresolved(&net) {
        let _ = writeln!(
            report,
            "{}: unresolved source: {}.{}: \"{}\"",
            f.display(),
            u.element,
            u.field,
            u.id
        );
    }
    Ok(())
}

/// An error and its causes on one line, `a: b: c`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let _ = write!(s, ": {c}");
        cause = c.source();
    }
    s
}
