//! The subcommands of the `corridor` binary, one file each, taking plain
//! config structs (built from the command line by `cli.rs`) and printing
//! through [`out`]. Library errors are wrapped in [`CmdError`].

mod breakeven;
mod check;
mod compare;
mod error;
mod merge;
mod out;
mod routes;
mod run;
mod sensitivity;
mod serve;
mod sweep;
mod tornado;
mod validate;

pub use breakeven::BreakevenConfig;
pub use check::CheckConfig;
pub use compare::CompareConfig;
pub use error::{CmdError, chain_lines};
pub use merge::MergeConfig;
pub use routes::{RoutesConfig, RoutesFormat};
pub use run::RunConfig;
pub use sensitivity::SensitivityConfig;
pub use serve::ServeConfig;
pub use sweep::{SweepConfig, SweepValues};
pub use tornado::TornadoConfig;
pub use validate::ValidateConfig;

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
    /// `corridor validate`.
    Validate(ValidateConfig),
    /// `corridor serve`.
    Serve(ServeConfig),
    /// `corridor compare`.
    Compare(CompareConfig),
}

/// How a command that ran to the end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done (exit code 0).
    Passed,
    /// Done, but what was checked falls short (exit code 1).
    Failed,
}

/// Runs one action.
pub fn dispatch(action: Action) -> Result<Status, CmdError> {
    out::clean_up_on_interrupt();
    let done = match action {
        Action::Check(c) => check::check(&c),
        Action::Run(c) => run::run(c),
        Action::Merge(c) => merge::merge(&c),
        Action::Routes(c) => routes::routes(&c),
        Action::Sweep(c) => sweep::sweep(&c),
        Action::Breakeven(c) => breakeven::breakeven(&c),
        Action::Tornado(c) => tornado::tornado(&c),
        Action::Validate(c) => return validate::validate(&c),
        Action::Serve(c) => serve::serve(&c),
        Action::Compare(c) => compare::compare(&c),
    };
    done.map(|()| Status::Passed)
}
