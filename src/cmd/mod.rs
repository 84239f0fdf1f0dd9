//! The subcommands of the `corridor` binary, one file each, taking plain
//! config structs (built from the command line by `cli.rs`) and printing
//! through [`out`]. Library errors are wrapped in [`CmdError`].

mod breakeven;
mod check;
mod merge;
pub mod out;
mod routes;
mod run;
mod sensitivity;
mod sweep;
mod tornado;

use std::path::PathBuf;

use corridor::analysis::{AnalysisError, Metric};
use corridor::diag::Rendered;

pub use breakeven::BreakevenConfig;
pub use check::CheckConfig;
pub use merge::MergeConfig;
pub use routes::{RoutesConfig, RoutesFormat};
pub use run::RunConfig;
pub use sweep::SweepConfig;
pub use tornado::TornadoConfig;

/// What the user asked for, checked.
pub enum Action {
    /// `corridor check`.
    Check(CheckConfig),
    /// `corridor run`.
    Run(RunConfig),
    /// `corridor merge`.
    Merge(MergeConfig),
    /// `corridor routes`.
    Routes(RoutesConfig),
    /// `corridor sweep`.
    Sweep(SweepConfig),
    /// `corridor breakeven`.
    Breakeven(BreakevenConfig),
    /// `corridor tornado`.
    Tornado(TornadoConfig),
}

/// Options shared by sweep, breakeven and tornado.
pub struct SensitivityConfig {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Trials per value (default: the scenario's, at most 20,000).
    pub trials: Option<u64>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// `key=value` overrides applied before varying the parameter.
    pub overrides: Vec<String>,
    /// What to compare.
    pub metric: Metric,
    /// Output folder (default: reports/<scenario id>/).
    pub out: Option<PathBuf>,
    /// Whether to draw charts.
    pub charts: bool,
}

/// Why a command failed; the binary prints it with its chain and exits 2.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    /// Problems in the inputs, one per line, followed by the count line.
    #[error("{}", out::diagnostics(.0))]
    Input(Vec<String>),
    /// Standard output could not be written.
    #[error("cannot write output")]
    Stdout(#[source] std::io::Error),
    /// The worker threads could not start.
    #[error("cannot start worker threads")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// A result could not be encoded as JSON.
    #[error("cannot encode {path}")]
    Encode {
        /// What was being encoded.
        path: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The simulation model could not be built.
    #[error("{0}")]
    Model(String),
    /// A report file or chart could not be produced or written.
    #[error("{0}")]
    Report(String),
    /// A sensitivity analysis failed.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

impl From<Rendered> for CmdError {
    fn from(r: Rendered) -> CmdError {
        CmdError::Input(r.0)
    }
}

/// Runs one action.
pub fn dispatch(action: Action) -> Result<(), CmdError> {
    match action {
        Action::Check(c) => check::check(&c),
        Action::Run(c) => run::run(c),
        Action::Merge(c) => merge::merge(&c),
        Action::Routes(c) => routes::routes(&c),
        Action::Sweep(c) => sweep::sweep(&c),
        Action::Breakeven(c) => breakeven::breakeven(&c),
        Action::Tornado(c) => tornado::tornado(&c),
    }
}
