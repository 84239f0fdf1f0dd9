//! Command-line interface: clap types, turned into library calls. The only
//! file that knows clap.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use corridor::path;
use corridor::report::routes;
use corridor::scenario::load::{self, Checked};

/// Compare freight corridors from Central Asia to the sea by cost, time and risk.
#[derive(Debug, Parser)]
#[command(name = "corridor", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate network and scenario files; report every problem at once.
    Check {
        /// Network or scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also list every figure in a network that cites no source.
        #[arg(long)]
        sources: bool,
    },
    /// Best route of every corridor of a scenario, leg by leg.
    Routes {
        /// The scenario file.
        scenario: PathBuf,
        /// Without corridors in the scenario: how many distinct routes.
        #[arg(short, long, default_value_t = 3)]
        k: usize,
        /// Override a scenario value, e.g. --set risk_weights.security=3.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// Runs the command line; `Err` holds the message for stderr (exit 2).
pub fn run() -> Result<(), String> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, sources } => check(&files, sources),
        Command::Routes {
            scenario,
            k,
            set,
            format,
        } => {
            let sc = load::load_scenario(&scenario, &set).map_err(|e| finish(e.0))?;
            let planned = path::plan(&sc, k.max(1));
            let text = match format {
                Format::Table => routes::to_table(&sc, &planned),
                Format::Json => {
                    let mut s = serde_json::to_string_pretty(&routes::to_report(&sc, &planned))
                        .map_err(|e| format!("cannot write JSON: {e}"))?;
                    s.push('\n');
                    s
                }
            };
            print(&text)
        }
    }
}

fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn finish(mut lines: Vec<String>) -> String {
    let n = lines.len();
    lines.push(format!(
        "{n} error{}; nothing was run",
        if n == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

fn check(files: &[PathBuf], sources: bool) -> Result<(), String> {
    let mut errors = Vec::new();
    let mut report = String::new();
    for f in files {
        match load::check(f) {
            Ok(Checked::Network {
                nodes,
                links,
                hazards,
            }) => {
                report.push_str(&format!(
                    "{}: ok (network: {nodes} nodes, {links} links, {hazards} hazards)\n",
                    f.display()
                ));
                if sources {
                    let net = load::load_network(f).map_err(|e| e.to_string())?;
                    for u in net.uncited() {
                        report.push_str(&format!("{}: no source: {u}\n", f.display()));
                    }
                }
            }
            Ok(Checked::Scenario { corridors, network }) => report.push_str(&format!(
                "{}: ok (scenario: {corridors} corridors on \"{network}\")\n",
                f.display()
            )),
            Err(e) => errors.extend(e.0),
        }
    }
    print(&report)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(finish(errors))
    }
}
