//! The `corridor` command: parse arguments, run the subcommand, and print
//! an error's chain once (`corridor: ` before every line), exit code 2.

mod cli;
mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cmd::dispatch(cli::parse()) {
        Ok(cmd::Status::Passed) => ExitCode::SUCCESS,
        Ok(cmd::Status::Failed) => ExitCode::from(1),
        Err(e) => {
            eprint_chain(&e);
            ExitCode::from(2)
        }
    }
}

/// Prints an error and its sources as `a: b: c`, each line prefixed.
fn eprint_chain(e: &dyn std::error::Error) {
    for line in cmd::chain_lines(e) {
        eprintln!("corridor: {line}");
    }
}
