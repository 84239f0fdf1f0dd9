//! Command-line interface: clap types, a near-literal record of what the
//! user typed, turned into the checked config structs of `cmd`. The only
//! file that knows clap; every flag value is parsed here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use corridor::analysis::Metric;
use corridor::montecarlo::shard::ShardSpec;
use corridor::montecarlo::taken::DEFAULT_K;
use corridor::report::corridors_csv::CsvDialect;

mod values;

use values::*;

use crate::cmd::{
    Action, BreakevenConfig, CheckConfig, CompareConfig, MergeConfig, RoutesConfig, RoutesFormat,
    RunConfig, SensitivityConfig, ServeConfig, SweepConfig, SweepValues, TornadoConfig,
    ValidateConfig,
};

/// Compare freight corridors from Central Asia to the sea by cost, time and risk.
#[derive(Debug, Parser)]
#[command(name = "corridor", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate network, scenario and observations files; report every problem at once.
    Check {
        /// Network, scenario or observations files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also list every figure in a network that cites no source, and
        /// every source id it cites that the bibliography does not list.
        #[arg(long)]
        sources: bool,
        /// The bibliography for --sources (default: the nearest
        /// bibliography.toml in the network's folder or above).
        #[arg(long, value_name = "FILE", requires = "sources")]
        bibliography: Option<PathBuf>,
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
    /// with break-even points between two corridors (--corridors, default
    /// the leader and the runner-up).
    Sweep(SweepArgs),
    /// Where two corridors swap (--corridors, default the leader and the runner-up), between two values.
    Breakeven {
        #[command(flatten)]
        common: SensitivityArgs,
        /// The parameter.
        #[arg(long)]
        param: String,
        /// Two values A,B to search between.
        #[arg(long, value_name = "A,B", value_parser = parse_pair)]
        between: (f64, f64),
        /// Tolerance (default: 1/1000 of the interval).
        #[arg(long)]
        tol: Option<f64>,
    },
    /// One-at-a-time sensitivity of the difference between two corridors
    /// (--corridors, default the leader and the runner-up).
    Tornado {
        #[command(flatten)]
        common: SensitivityArgs,
        /// Inputs, comma-separated (default: every risk weight in use, every
        /// hazard probability, value of time, cargo value).
        #[arg(long, value_delimiter = ',')]
        params: Option<Vec<String>>,
        /// Relative change, e.g. 25% or 0.25.
        #[arg(long, default_value = "25%", value_parser = parse_delta)]
        delta: f64,
    },
    /// Run published whole-route trips on their network and compare the
    /// model with what was observed; exit 1 if the network falls short.
    Validate(ValidateArgs),
    /// A live what-if explorer in the browser: a local web server with
    /// sliders for risk weights, cargo and hazards, re-running the Monte
    /// Carlo on every change.
    Serve(ServeArgs),
    /// Best route of every corridor of a scenario, leg by leg.
    Routes {
        /// The scenario file.
        scenario: PathBuf,
        /// Without corridors in the scenario: how many distinct routes.
        #[arg(short, long, default_value_t = DEFAULT_K)]
        k: usize,
        /// Override a scenario value, e.g. --set risk_weights.security=3.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Two report folders side by side (a baseline and a what-if): per
    /// corridor, the change in P50/P90 days, mean/CVaR95 USD and the free
    /// choice's share.
    Compare {
        /// Run A's report folder (the baseline), e.g. reports/almaty-karachi.
        a: PathBuf,
        /// Run B's report folder, e.g. reports/almaty-karachi--what-if-1a2b3c4d.
        b: PathBuf,
        /// Output folder (default: compare--<A>--<B>/ beside B's folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Do not draw the chart.
        #[arg(long)]
        no_charts: bool,
    },
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// The observations file (e.g. observations/central-asia.toml).
    observations: PathBuf,
    /// Trials per trip.
    #[arg(long, default_value_t = 2000, value_parser = trials)]
    trials: u64,
    /// Seed of every trip's run.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = threads)]
    threads: Option<usize>,
    /// Share of trips that must be within range (0–1).
    #[arg(long, default_value_t = 0.8, value_parser = share)]
    min_within: f64,
    /// Output folder (default: reports/validation-<file name>/; with
    /// --trip, nothing is written unless --out is given).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not draw the chart.
    #[arg(long)]
    no_charts: bool,
    /// Only this trip (by id; repeat for more), with its planned route leg
    /// by leg: where the model's time and cost come from.
    #[arg(long = "trip", value_name = "ID")]
    trips: Vec<String>,
}

impl From<ValidateArgs> for ValidateConfig {
    fn from(a: ValidateArgs) -> ValidateConfig {
        ValidateConfig {
            observations: a.observations,
            trials: a.trials,
            seed: a.seed,
            threads: a.threads,
            min_within: a.min_within,
            out: a.out,
            charts: !a.no_charts,
            trips: a.trips,
        }
    }
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// TCP port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8470)]
    port: u16,
    /// Address to listen on. Anything but loopback makes the explorer
    /// reachable from other machines, without authentication.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Worker threads for the trials (default: all cores).
    #[arg(long, value_parser = threads)]
    threads: Option<usize>,
}

impl From<ServeArgs> for ServeConfig {
    fn from(a: ServeArgs) -> ServeConfig {
        ServeConfig {
            scenario: a.scenario,
            host: a.host,
            port: a.port,
            open: a.open,
            threads: a.threads,
        }
    }
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Number of trials (default: the scenario's [montecarlo] trials).
    #[arg(long, value_parser = trials)]
    trials: Option<u64>,
    /// Seed of the random streams (default: the scenario's, else 42).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = threads)]
    threads: Option<usize>,
    /// Override a scenario value, e.g. --set risk_weights.security=3.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Run only shard K of N (e.g. 3/8) and write its mergeable result file.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<ShardSpec>,
    /// Output folder (default: reports/<scenario id>/; with --set, reports/<scenario id>--what-if-<hash>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not draw charts (batch use).
    #[arg(long)]
    no_charts: bool,
    /// How corridors.csv is written: plain (full precision, for scripts)
    /// or excel (UTF-8 byte-order mark, a first line `sep=,`, numbers
    /// rounded), which Excel opens in columns whatever the locale's list
    /// separator.
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Plain)]
    csv_dialect: CsvDialectArg,
    /// Without corridors in the scenario: how many distinct routes to
    /// compare (the k best, as `routes -k` lists them).
    #[arg(short, long, default_value_t = DEFAULT_K)]
    k: usize,
}

/// `--csv-dialect`, mirroring [`CsvDialect`] so that the library needs no
/// clap.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum CsvDialectArg {
    /// Plain CSV, numbers in full precision.
    Plain,
    /// For spreadsheets: byte-order mark, `sep=,`, rounded numbers.
    Excel,
}

impl From<CsvDialectArg> for CsvDialect {
    fn from(d: CsvDialectArg) -> CsvDialect {
        match d {
            CsvDialectArg::Plain => CsvDialect::Plain,
            CsvDialectArg::Excel => CsvDialect::Excel,
        }
    }
}

#[derive(Debug, clap::Args)]
struct SweepArgs {
    #[command(flatten)]
    common: SensitivityArgs,
    /// The parameter: any key --set takes (risk_weights.political, hazards.ID.probability, …).
    #[arg(long)]
    param: String,
    /// Values, comma-separated (at most 10,000): numbers, or text for keys
    /// that take it (destination, origin, corridors.ID.modes as [rail,sea]).
    #[arg(
        long,
        value_parser = parse_values,
        conflicts_with = "range",
        required_unless_present = "range"
    )]
    values: Option<ValuesArg>,
    /// lo:hi:steps, evenly spaced (at most 10,000 steps).
    #[arg(long, value_name = "LO:HI:STEPS", value_parser = parse_range)]
    range: Option<SweepRange>,
    /// Break-even tolerance (default: 1/1000 of the swept range).
    #[arg(long)]
    tol: Option<f64>,
}

/// Options shared by sweep, breakeven and tornado.
#[derive(Debug, clap::Args)]
struct SensitivityArgs {
    /// The scenario file.
    scenario: PathBuf,
    /// Trials per value (default: the scenario's, at most 20,000).
    #[arg(long, value_parser = trials)]
    trials: Option<u64>,
    /// Seed (default: the scenario's). Every value uses the same draws.
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = threads)]
    threads: Option<usize>,
    /// Override a scenario value before varying the parameter.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// What to compare: gc (risk-weighted generalized cost), usd or days.
    #[arg(long, value_enum, default_value_t = MetricArg::Gc)]
    metric: MetricArg,
    /// Output folder (default: reports/<scenario id>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not draw charts.
    #[arg(long)]
    no_charts: bool,
    /// The two corridors to compare, as ids A,B (default: the leader and
    /// the runner-up at the base values).
    #[arg(long, value_name = "A,B", value_parser = parse_corridors)]
    corridors: Option<(String, String)>,
    /// Without corridors in the scenario: how many distinct routes to
    /// compare (the k best, as `routes -k` lists them).
    #[arg(short, long, default_value_t = DEFAULT_K)]
    k: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// `--metric`, mirroring [`Metric`] so that the library needs no clap.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum MetricArg {
    /// Risk-weighted generalized cost.
    Gc,
    /// USD.
    Usd,
    /// Days.
    Days,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Metric {
        match m {
            MetricArg::Gc => Metric::Gc,
            MetricArg::Usd => Metric::Usd,
            MetricArg::Days => Metric::Days,
        }
    }
}

impl From<SensitivityArgs> for SensitivityConfig {
    fn from(a: SensitivityArgs) -> SensitivityConfig {
        SensitivityConfig {
            scenario: a.scenario,
            trials: a.trials,
            seed: a.seed,
            threads: a.threads,
            overrides: a.set,
            metric: a.metric.into(),
            out: a.out,
            charts: !a.no_charts,
            corridors: a.corridors,
            k: a.k,
        }
    }
}

impl From<RunArgs> for RunConfig {
    fn from(a: RunArgs) -> RunConfig {
        RunConfig {
            scenario: a.scenario,
            trials: a.trials,
            seed: a.seed,
            threads: a.threads,
            overrides: a.set,
            shard: a.shard,
            out: a.out,
            charts: !a.no_charts,
            csv_dialect: a.csv_dialect.into(),
            k: a.k,
        }
    }
}

impl From<SweepArgs> for SweepConfig {
    fn from(a: SweepArgs) -> SweepConfig {
        let values = match (a.values, a.range) {
            (Some(ValuesArg::Numbers(v)), _) => SweepValues::Numbers(v),
            (Some(ValuesArg::Texts(v)), _) => SweepValues::Texts(v),
            (None, Some(SweepRange(r))) => SweepValues::Numbers(r),
            // clap requires one of them.
            (None, None) => SweepValues::Numbers(Vec::new()),
        };
        SweepConfig {
            common: a.common.into(),
            param: a.param,
            values,
            tol: a.tol,
        }
    }
}

/// Parses the command line (exits 2 with clap's message if it is wrong).
pub fn parse() -> Action {
    action(Cli::parse().command)
}

fn action(command: Command) -> Action {
    match command {
        Command::Check {
            files,
            sources,
            bibliography,
        } => Action::Check(CheckConfig {
            files,
            sources,
            bibliography,
        }),
        Command::Run(a) => Action::Run(a.into()),
        Command::Validate(a) => Action::Validate(a.into()),
        Command::Serve(a) => Action::Serve(a.into()),
        Command::Merge {
            shards,
            out,
            no_charts,
        } => Action::Merge(MergeConfig {
            shards,
            out,
            charts: !no_charts,
        }),
        Command::Sweep(a) => Action::Sweep(a.into()),
        Command::Breakeven {
            common,
            param,
            between: (a, b),
            tol,
        } => Action::Breakeven(BreakevenConfig {
            common: common.into(),
            param,
            a,
            b,
            tol,
        }),
        Command::Tornado {
            common,
            params,
            delta,
        } => Action::Tornado(TornadoConfig {
            common: common.into(),
            params: params.map(|p| {
                p.iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            }),
            delta,
        }),
        Command::Routes {
            scenario,
            k,
            set,
            format,
        } => Action::Routes(RoutesConfig {
            scenario,
            k,
            overrides: set,
            format: match format {
                Format::Table => RoutesFormat::Table,
                Format::Json => RoutesFormat::Json,
            },
        }),
        Command::Compare {
            a,
            b,
            out,
            no_charts,
        } => Action::Compare(CompareConfig {
            a,
            b,
            out,
            charts: !no_charts,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `--values` of a sweep command line.
    fn parse_values(s: &str) -> Result<ValuesArg, clap::Error> {
        let cli =
            Cli::try_parse_from(["corridor", "sweep", "x.toml", "--param", "p", "--values", s])?;
        match cli.command {
            Command::Sweep(a) => Ok(a.values.expect("given")),
            _ => unreachable!("a sweep"),
        }
    }

    #[test]
    fn parsing() {
        let parse_range = |s| parse_range(s).map(|r| r.0);
        assert_eq!(parse_range("0:3:4").unwrap(), vec![0.0, 1.0, 2.0, 3.0]);
        assert!(parse_range("3:0:4").is_err());
        assert!(parse_range("0:3").is_err());
        assert_eq!(
            parse_values("1, 2.5,4").unwrap(),
            ValuesArg::Numbers(vec![1.0, 2.5, 4.0])
        );
        // Not numbers: text values, which the scenario's loader checks.
        assert_eq!(
            parse_values("karachi, gwadar").unwrap(),
            ValuesArg::Texts(vec!["karachi".into(), "gwadar".into()])
        );
        assert_eq!(
            parse_values("[rail],[rail,sea]").unwrap(),
            ValuesArg::Texts(vec!["[rail]".into(), "[rail,sea]".into()])
        );
        assert!(parse_values("1,inf").is_err() && parse_values("a,,b").is_err());
        assert_eq!(
            parse_corridors("cpec, afghan-road").unwrap(),
            ("cpec".into(), "afghan-road".into())
        );
        assert!(parse_corridors("cpec").is_err() && parse_corridors("a,b,c").is_err());
        assert_eq!(parse_delta("25%").unwrap(), 0.25);
        assert_eq!(parse_delta("0.1").unwrap(), 0.1);
        assert!(parse_delta("-5%").is_err());
    }

    #[test]
    fn shard_and_pair() {
        assert_eq!(parse_shard("3/8").unwrap(), ShardSpec { k: 3, n: 8 });
        assert!(parse_shard("0/8").is_err() && parse_shard("9/8").is_err());
        assert_eq!(parse_pair("0, 3").unwrap(), (0.0, 3.0));
        assert!(parse_pair("0").is_err() && parse_pair("0,1,2").is_err());
    }
}
