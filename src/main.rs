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
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    for line in text.lines() {
        eprintln!("corridor: {line}");
    }
}
