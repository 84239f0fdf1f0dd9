//! `corridor check`: validate network and scenario files, every problem at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor::network::bibliography::Bibliography;
use corridor::scenario::load::{self, Checked};

use super::error::CmdError;
use super::out;

/// What `corridor check` was asked to do.
pub struct CheckConfig {
    /// Network or scenario files.
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
            Ok(Checked::Scenario { corridors, network }) => {
                let _ = writeln!(
                    report,
                    "{}: ok (scenario: {corridors} corridors on \"{network}\")",
                    f.display()
                );
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
