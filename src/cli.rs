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
    /// Monte-Carlo risk analysis of a scenario's corridors.
    Run(RunArgs),
    /// Merge shard files of one run into the report the unsplit run writes.
    Merge {
        /// Shard files (shard-K-of-N.json).
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, required = true)]
        out: PathBuf,
        /// Do not draw charts (batch use).
        #[arg(long)]
        no_charts: bool,
    },
    /// The comparison against one parameter, on common random numbers,
    /// with break-even points between southern and traditional corridors.
    Sweep {
        #[command(flatten)]
        common: SensitivityArgs,
        /// The parameter: any key --set takes (risk_weights.political, hazards.ID.probability, …).
        #[arg(long)]
        param: String,
        /// Values, comma-separated.
        #[arg(long, conflicts_with = "range", required_unless_present = "range")]
        values: Option<String>,
        /// lo:hi:steps, evenly spaced.
        #[arg(long)]
        range: Option<String>,
        /// Break-even tolerance (default: 1/1000 of the swept range).
        #[arg(long)]
        tol: Option<f64>,
    },
    /// Where the best southern and best traditional corridors swap, between two values.
    Breakeven {
        #[command(flatten)]
        common: SensitivityArgs,
        /// The parameter.
        #[arg(long)]
        param: String,
        /// Two values A,B to search between.
        #[arg(long)]
        between: String,
        /// Tolerance (default: 1/1000 of the interval).
        #[arg(long)]
        tol: Option<f64>,
    },
    /// One-at-a-time sensitivity of the southern − traditional difference.
    Tornado {
        #[command(flatten)]
        common: SensitivityArgs,
        /// Inputs, comma-separated (default: every risk weight in use, every
        /// hazard probability, value of time, cargo value).
        #[arg(long)]
        params: Option<String>,
        /// Relative change, e.g. 25% or 0.25.
        #[arg(long, default_value = "25%")]
        delta: String,
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

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Number of trials (default: the scenario's [montecarlo] trials).
    #[arg(long)]
    trials: Option<u64>,
    /// Seed of the random streams (default: the scenario's, else 42).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Override a scenario value, e.g. --set risk_weights.security=3.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Run only shard K of N (e.g. 3/8) and write its mergeable result file.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Output folder (default: reports/<scenario id>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not draw charts (batch use).
    #[arg(long)]
    no_charts: bool,
}

/// Options shared by sweep, breakeven and tornado.
#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Trials per value (default: the scenario's, at most 20,000).
    #[arg(long)]
    pub trials: Option<u64>,
    /// Seed (default: the scenario's). Every value uses the same draws.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Override a scenario value before varying the parameter.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// What to compare: gc (risk-weighted generalized cost), usd or days.
    #[arg(long, default_value = "gc")]
    pub metric: String,
    /// Output folder (default: reports/<scenario id>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not draw charts.
    #[arg(long)]
    pub no_charts: bool,
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
        Command::Run(args) => crate::run::run(args_to_config(args)?),
        Command::Merge {
            shards,
            out,
            no_charts,
        } => crate::run::merge(&shards, &out, !no_charts),
        Command::Sweep {
            common,
            param,
            values,
            range,
            tol,
        } => crate::sensitivity::sweep(common, &param, values.as_deref(), range.as_deref(), tol),
        Command::Breakeven {
            common,
            param,
            between,
            tol,
        } => crate::sensitivity::breakeven(common, &param, &between, tol),
        Command::Tornado {
            common,
            params,
            delta,
        } => crate::sensitivity::tornado(common, params.as_deref(), &delta),
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

/// Prints a line to stdout; a closed pipe is not an error.
pub fn print_line(text: &str) -> Result<(), String> {
    print(&format!("{text}\n"))
}

/// Prints to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<(), String> {
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
                warnings,
            }) => {
                report.push_str(&format!(
                    "{}: ok (network: {nodes} nodes, {links} links, {hazards} hazards)\n",
                    f.display()
                ));
                for w in warnings {
                    report.push_str(&format!("{}: warning: {w}\n", f.display()));
                }
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

fn args_to_config(a: RunArgs) -> Result<crate::run::RunConfig, String> {
    let shard = a.shard.as_deref().map(parse_shard).transpose()?;
    if a.threads == Some(0) {
        return Err("--threads must be at least 1".into());
    }
    if a.trials == Some(0) {
        return Err("--trials must be at least 1".into());
    }
    Ok(crate::run::RunConfig {
        scenario: a.scenario,
        trials: a.trials,
        seed: a.seed,
        threads: a.threads,
        overrides: a.set,
        shard,
        out: a.out,
        charts: !a.no_charts,
    })
}

/// Prints lines of diagnostics followed by the count line.
pub fn diagnostics(lines: Vec<String>) -> String {
    finish(lines)
}

/// Parses `--shard K/N`.
fn parse_shard(s: &str) -> Result<corridor::montecarlo::shard::ShardSpec, String> {
    let err = || format!("--shard {s}: expected K/N with 1 ≤ K ≤ N, e.g. 3/8");
    let (k, n) = s.split_once('/').ok_or_else(err)?;
    let k: u64 = k.trim().parse().map_err(|_| err())?;
    let n: u64 = n.trim().parse().map_err(|_| err())?;
    if k == 0 || n == 0 || k > n {
        return Err(err());
    }
    Ok(corridor::montecarlo::shard::ShardSpec { k, n })
}
