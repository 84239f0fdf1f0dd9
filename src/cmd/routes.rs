//! `corridor routes`: the best route of every corridor, leg by leg.

use std::path::PathBuf;

use corridor::path;
use corridor::report::routes;
use corridor::scenario::load;

use super::error::CmdError;
use super::out;

/// How `corridor routes` prints.
#[derive(Debug, Clone, Copy)]
pub enum RoutesFormat {
    /// A table for the terminal.
    Table,
    /// The JSON report.
    Json,
}

/// What `corridor routes` was asked to do.
pub struct RoutesConfig {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Without corridors in the scenario: how many distinct routes.
    pub k: usize,
    /// `key=value` overrides.
    pub overrides: Vec<String>,
    /// Output format.
    pub format: RoutesFormat,
}

/// `corridor routes`.
pub fn routes(cfg: &RoutesConfig) -> Result<(), CmdError> {
    let sc = load::load_scenario(&cfg.scenario, &cfg.overrides)?;
    let planned = path::plan(&sc, cfg.k.max(1));
    let text = match cfg.format {
        RoutesFormat::Table => routes::to_table(&sc, &planned),
        RoutesFormat::Json => {
            let mut s = serde_json::to_string_pretty(&routes::to_report(&sc, &planned)).map_err(
                |source| CmdError::Encode {
                    path: "JSON".into(),
                    source,
                },
            )?;
            s.push('\n');
            s
        }
    };
    out::print(&text)
}
