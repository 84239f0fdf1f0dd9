//! `corridor check`: validate network and scenario files, every problem at once.

use std::fmt::Write as _;
use std::path::PathBuf;

use corridor::scenario::load::{self, Checked};

use super::error::CmdError;
use super::out;

/// What `corridor check` was asked to do.
pub struct CheckConfig {
    /// Network or scenario files.
    pub files: Vec<PathBuf>,
    /// Also list every figure in a network that cites no source.
    pub sources: bool,
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
                    let net = load::load_network(f).map_err(|e| CmdError::Input(e.0))?;
                    for u in net.uncited() {
                        let _ = writeln!(report, "{}: no source: {u}", f.display());
                    }
                }
            }
            Ok(Checked::Scenario { corridors, network }) => {
                let _ = writeln!(
                    report,
                    "{}: ok (scenario: {corridors} corridors on \"{network}\")",
                    f.display()
                );
            }
            Err(e) => errors.extend(e.0),
        }
    }
    out::print(&report)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CmdError::Input(errors))
    }
}
