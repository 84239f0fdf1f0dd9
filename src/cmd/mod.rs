//! The subcommands of the `corridor` binary, one file each, taking plain
//! config structs (built from the command line by `cli.rs`) and printing
//! through [`out`]. Library errors are wrapped in [`CmdError`].

mod breakeven;
mod check;
mod error;
mod merge;
mod out;
mod routes;
mod run;
mod sensitivity;
mod sweep;
mod tornado;

pub use breakeven::BreakevenConfig;
pub use check::CheckConfig;
pub use error::CmdError;
pub use merge::MergeConfig;
pub use routes::{RoutesConfig, RoutesFormat};
pub use run::RunConfig;
pub use sensitivity::SensitivityConfig;
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
