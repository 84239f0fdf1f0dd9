//! Command-line interface: clap types, a near-literal record of what the
//! user typed, turned into the checked config structs of `cmd`. The only
//! file that knows clap; every flag value is parsed here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use corridor::analysis::{Metric, sweep::evenly_spaced};
use corridor::montecarlo::run::MAX_TRIALS;
use corridor::montecarlo::shard::{MAX_SHARDS, ShardSpec};
use corridor::report::corridors_csv::CsvDialect;

use crate::cmd::{
    Action, BreakevenConfig, CheckConfig, MergeConfig, RoutesConfig, RoutesFormat, RunConfig,
    SensitivityConfig, SweepConfig, SweepValues, TornadoConfig, ValidateConfig,
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
    /// Validate network and scenario files; report every problem at once.
    Check {
        /// Network or scenario files.
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
    /// Output folder (default: reports/validation-<file name>/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Do not draw the chart.
    #[arg(long)]
    no_charts: bool,
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

/// The values of `--range`.
#[derive(Debug, Clone, PartialEq)]
struct SweepRange(Vec<f64>);

/// The values of `--values`.
#[derive(Debug, Clone, PartialEq)]
enum ValuesArg {
    /// All numbers.
    Numbers(Vec<f64>),
    /// Some value is not a number.
    Texts(Vec<String>),
}

/// Most worker threads (`--threads`): beyond this, starting them costs
/// more than they can do on any machine we know.
const MAX_THREADS: usize = 1024;

/// Most values a sweep evaluates (`--range` steps, `--values`): each is a
/// full Monte-Carlo run.
const MAX_SWEEP_VALUES: usize = 10_000;

/// Why a flag's value is not what it should be (clap adds which flag).
#[derive(Debug, thiserror::Error)]
enum ArgError {
    /// A count below 1.
    #[error("must be at least 1")]
    BelowOne,
    /// Not a whole number.
    #[error("expected a whole number")]
    NotWhole,
    /// Not a number.
    #[error("expected numbers separated by commas, e.g. 0,1,2,3")]
    NotNumbers,
    /// NaN or infinite.
    #[error("expected finite numbers")]
    NotFinite,
    /// `--range` not of the form lo:hi:steps.
    #[error("expected lo:hi:steps, e.g. 0:3:13")]
    RangeSyntax,
    /// `--range` with lo ≥ hi or fewer than 2 steps.
    #[error("need lo < hi and at least 2 steps")]
    RangeEmpty,
    /// `--between` not two numbers.
    #[error("expected two numbers A,B")]
    Pair,
    /// `--delta` not a share.
    #[error("expected a share such as 25% or 0.25")]
    Delta,
    /// `--delta` not above zero.
    #[error("must be > 0")]
    NotPositive,
    /// Not a share between 0 and 1.
    #[error("expected a share between 0 and 1, e.g. 0.8")]
    Share,
    /// `--shard` not K/N with 1 ≤ K ≤ N ≤ [`MAX_SHARDS`].
    #[error("expected K/N with 1 ≤ K ≤ N ≤ {MAX_SHARDS}, e.g. 3/8")]
    Shard,
    /// `--trials` above [`MAX_TRIALS`].
    #[error("must be at most {MAX_TRIALS} (10^12)")]
    TooManyTrials,
    /// `--threads` above [`MAX_THREADS`].
    #[error("must be at most {MAX_THREADS}")]
    TooManyThreads,
    /// An empty value among text `--values`.
    #[error("a value is empty (two commas in a row?)")]
    EmptyValue,
    /// `--corridors` not two ids.
    #[error("expected two corridor ids A,B")]
    Corridors,
    /// `--range` steps or `--values` above [`MAX_SWEEP_VALUES`].
    #[error("at most {MAX_SWEEP_VALUES} values per sweep")]
    TooManyValues,
}

/// A number of at least 1 (`--trials`, `--threads`).
fn at_least_one<T: std::str::FromStr + PartialOrd + From<u8>>(s: &str) -> Result<T, ArgError> {
    match s.trim().parse::<T>() {
        Ok(v) if v >= T::from(1) => Ok(v),
        Ok(_) => Err(ArgError::BelowOne),
        Err(_) => Err(ArgError::NotWhole),
    }
}

/// `--trials`: 1 to [`MAX_TRIALS`].
fn trials(s: &str) -> Result<u64, ArgError> {
    let v = at_least_one::<u64>(s)?;
    if v > MAX_TRIALS {
        return Err(ArgError::TooManyTrials);
    }
    Ok(v)
}

/// `--threads`: 1 to [`MAX_THREADS`].
fn threads(s: &str) -> Result<usize, ArgError> {
    let v = at_least_one::<usize>(s)?;
    if v > MAX_THREADS {
        return Err(ArgError::TooManyThreads);
    }
    Ok(v)
}

/// `--values`: comma-separated (commas inside `[…]` belong to a list
/// value), at most [`MAX_SWEEP_VALUES`]. Finite numbers when every value
/// reads as a number, else text values.
fn parse_values(s: &str) -> Result<ValuesArg, ArgError> {
    let parts = split_values(s);
    if parts.len() > MAX_SWEEP_VALUES {
        return Err(ArgError::TooManyValues);
    }
    if parts.iter().all(|p| p.trim().parse::<f64>().is_ok()) {
        return Ok(ValuesArg::Numbers(
            parts.into_iter().map(finite).collect::<Result<_, _>>()?,
        ));
    }
    if parts.iter().any(|p| p.trim().is_empty()) {
        return Err(ArgError::EmptyValue);
    }
    Ok(ValuesArg::Texts(
        parts.into_iter().map(|p| p.trim().to_string()).collect(),
    ))
}

/// Splits at the commas outside brackets.
fn split_values(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `--corridors A,B`: two corridor ids.
fn parse_corridors(s: &str) -> Result<(String, String), ArgError> {
    match s.split(',').map(str::trim).collect::<Vec<_>>()[..] {
        [a, b] if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(ArgError::Corridors),
    }
}

/// A finite number (one of `--values`).
fn finite(s: &str) -> Result<f64, ArgError> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(ArgError::NotFinite),
        Err(_) => Err(ArgError::NotNumbers),
    }
}

/// `lo:hi:steps` into `steps` evenly spaced values.
fn parse_range(s: &str) -> Result<SweepRange, ArgError> {
    let err = || ArgError::RangeSyntax;
    let parts: Vec<&str> = s.split(':').collect();
    let [lo, hi, n] = parts.as_slice() else {
        return Err(err());
    };
    let (lo, hi): (f64, f64) = (
        lo.trim().parse().map_err(|_| err())?,
        hi.trim().parse().map_err(|_| err())?,
    );
    let n: usize = n.trim().parse().map_err(|_| err())?;
    if n < 2 || !lo.is_finite() || !hi.is_finite() || lo >= hi {
        return Err(ArgError::RangeEmpty);
    }
    if n > MAX_SWEEP_VALUES {
        return Err(ArgError::TooManyValues);
    }
    Ok(SweepRange(evenly_spaced(lo, hi, n)))
}

/// `A,B`: two finite numbers.
fn parse_pair(s: &str) -> Result<(f64, f64), ArgError> {
    let v: Vec<f64> = s
        .split(',')
        .map(finite)
        .collect::<Result<_, _>>()
        .map_err(|_| ArgError::Pair)?;
    match v.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(ArgError::Pair),
    }
}

/// `25%` or `0.25`.
fn parse_delta(s: &str) -> Result<f64, ArgError> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => t.parse::<f64>(),
    }
    .map_err(|_| ArgError::Delta)?;
    if !(v > 0.0 && v.is_finite()) {
        return Err(ArgError::NotPositive);
    }
    Ok(v)
}

/// A share between 0 and 1 (`--min-within`).
fn share(s: &str) -> Result<f64, ArgError> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(ArgError::Share),
    }
}

/// `K/N` with 1 ≤ K ≤ N ≤ [`MAX_SHARDS`].
fn parse_shard(s: &str) -> Result<ShardSpec, ArgError> {
    let err = || ArgError::Shard;
    let (k, n) = s.split_once('/').ok_or_else(err)?;
    let k: u64 = k.trim().parse().map_err(|_| err())?;
    let n: u64 = n.trim().parse().map_err(|_| err())?;
    if k == 0 || n == 0 || k > n || n > MAX_SHARDS {
        return Err(err());
    }
    Ok(ShardSpec { k, n })
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
