//! The `corridor` command: parse arguments, call the library, print, and
//! map errors to exit code 2.

mod cli;
mod run;
mod sensitivity;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            for line in message.lines() {
                eprintln!("corridor: {line}");
            }
            ExitCode::from(2)
        }
    }
}
