//! The run's answer as data: the [`Summary`] that becomes `summary.json`
//! (documented in docs/summary-json.md) and the [`Manifest`] that
//! identifies a run. Everything here is a pure function of the merged
//! accumulator and the manifest, so equal accumulators give byte-identical
//! files; rendering it (tables, CSV, Markdown, charts) is `report`'s job.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use strum::{EnumCount as _, IntoEnumIterator as _};

use super::acc::{Acc, CorridorAcc};
use super::model::SimModel;
use super::stats::{Metric, wilson};
use crate::cost::CostPart;
use crate::network::{LinkId, NodeId, caveats::ElementCaveat};
use crate::scenario::{InputFile, Scenario};
use crate::units::{DAYS_PER_HOUR, hours_to_days, per_hour_to_per_day};

/// Version of the summary layout.
pub const SUMMARY_SCHEMA: u32 = 1;

/// What identifies a run: the same manifest and seed give the same result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Program name and version that produced the run.
    pub program: String,
    /// Scenario id.
    pub scenario: String,
    /// Path of the scenario file as given.
    pub scenario_file: String,
    /// Every input file read, with its SHA-256.
    pub inputs: Vec<InputFile>,
    /// Master seed of the random streams.
    pub seed: u64,
    /// Number of trials.
    pub trials: u64,
    /// `--set` overrides applied, as typed.
    pub overrides: Vec<String>,
    /// The command that reproduces the run (thread count and output folder
    /// do not change results and are left out).
    pub command: String,
    /// How the random streams are generated.
    pub generators: String,
    /// How quantiles are estimated, and their error.
    pub quantiles: String,
    /// For a scenario without corridors: how many distinct routes were
    /// asked for (`-k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
}

impl Manifest {
    /// The manifest of a run of `sc` read from `scenario_file` (paths
    /// written in normal form, [`normal_path`], so that one run has one
    /// manifest however its file was named).
    pub fn new(sc: &Scenario, scenario_file: &str) -> Manifest {
        let run = Command {
            sub: "run",
            args: String::new(),
            trials: sc.montecarlo.trials,
            seed: sc.montecarlo.seed,
        };
        Manifest::of_command(sc, scenario_file, &run)
    }

    /// The manifest of another command on `sc` (a sweep, tornado or
    /// break-even search), whose trials and seed may differ from the
    /// scenario's.
    pub fn of_command(sc: &Scenario, scenario_file: &str, cmd: &Command<'_>) -> Manifest {
        let scenario_file = &normal_path(scenario_file);
        let mut command = format!(
            "corridor {} {scenario_file}{} --trials {} --seed {}",
            cmd.sub, cmd.args, cmd.trials, cmd.seed
        );
        for o in &sc.overrides {
            let _ = write!(command, " --set {}", shell_quote(o));
        }
        Manifest {
            program: format!("corridor {}", env!("CARGO_PKG_VERSION")),
            scenario: sc.id.clone(),
            scenario_file: scenario_file.to_string(),
            inputs: sc
                .inputs
                .iter()
                .map(|i| InputFile {
                    path: normal_path(&i.path),
                    sha256: i.sha256.clone(),
                })
                .collect(),
            seed: cmd.seed,
            trials: cmd.trials,
            overrides: sc.overrides.clone(),
            command,
            generators: "trial key k = SplitMix64(SplitMix64(seed) ^ i); departure, hazard occurrences and element draws: SplitMix64 counter hashes of k".into(),
            quantiles: "HdrHistogram, 2 significant digits (≤ 1% relative error)".into(),
            k: None,
        }
    }

    /// The manifest of a run of a scenario without corridors that compared
    /// the `k` best routes: `k` recorded, and in the command.
    pub fn with_k(mut self, k: usize) -> Manifest {
        self.k = Some(k);
        let _ = write!(self.command, " -k {k}");
        self
    }
}

/// The command line a [`Manifest`] records: `corridor <sub> <scenario
/// file><args> --trials <trials> --seed <seed>`, then the `--set`
/// overrides.
#[derive(Debug, Clone)]
pub struct Command<'a> {
    /// The subcommand (`run`, `sweep`, …).
    pub sub: &'a str,
    /// Its own arguments, each after a space (` --param x --values 1,2`).
    pub args: String,
    /// Number of trials.
    pub trials: u64,
    /// Master seed.
    pub seed: u64,
}

/// A path as text in normal form ([`crate::scenario::load::normal_path`]).
pub fn normal_path(path: &str) -> String {
    crate::scenario::load::normal_path(std::path::Path::new(path))
        .display()
        .to_string()
}

/// `s` as a shell word: bare when it is safe, else in single quotes.
pub fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.=/:,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Summary statistics of one metric.
#[derive(Debug, Clone, Serialize)]
pub struct MetricSummary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// Standard error of the mean.
    pub se: f64,
    /// 95% confidence interval, low and high.
    pub ci95: [f64; 2],
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Mean of the worst 5%.
    pub cvar95: f64,
}

fn metric(m: &Metric, scale: f64) -> MetricSummary {
    let n = m.count().max(1) as f64;
    let se = m.sd() / n.sqrt() * scale;
    let mean = m.mean() * scale;
    MetricSummary {
        mean,
        sd: m.sd() * scale,
        se,
        ci95: [mean - 1.96 * se, mean + 1.96 * se],
        p5: m.quantile(0.05) * scale,
        p10: m.quantile(0.10) * scale,
        p50: m.quantile(0.50) * scale,
        p90: m.quantile(0.90) * scale,
        p95: m.quantile(0.95) * scale,
        p99: m.quantile(0.99) * scale,
        cvar95: m.cvar(0.95) * scale,
    }
}

/// A probability with its 95% (Wilson) interval.
#[derive(Debug, Clone, Serialize)]
pub struct Probability {
    /// Point estimate.
    pub p: f64,
    /// 95% confidence interval, low and high.
    pub ci95: [f64; 2],
}

fn probability(k: u64, n: u64) -> Probability {
    let (lo, hi) = wilson(k, n);
    Probability {
        p: if n == 0 { 0.0 } else { k as f64 / n as f64 },
        ci95: [lo, hi],
    }
}

/// The planned (expected-value) route of a corridor.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedSummary {
    /// Length in km.
    pub km: f64,
    /// Node ids passed, in order.
    pub nodes: Vec<String>,
    /// Expected (risk-weighted) generalized cost, USD.
    pub expected_generalized_cost: f64,
    /// The caveats of the elements the route uses (nodes, links, and the
    /// hazards that target them), in route order.
    pub caveats: Vec<ElementCaveat>,
}

/// One corridor's results.
#[derive(Debug, Clone, Serialize)]
pub struct CorridorSummary {
    /// Corridor id (`free` for the free choice).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Group name (southern, traditional, other).
    pub group: String,
    /// Where the corridor comes from: `named` (the scenario), `k_best` (one
    /// of the k best routes of a scenario without corridors) or
    /// `free_choice` (a route the free choice took often outside every
    /// other corridor); absent for the free choice itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<&'static str>,
    /// The colour the scenario gives it (`"#rrggbb"`); absent when the
    /// report picks one from the id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<crate::colour::Rgb>,
    /// Share of trials in which it had a route at all.
    pub reached: Probability,
    /// The planned route without closures (absent where there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<PlannedSummary>,
    /// Transit time, days.
    pub days: MetricSummary,
    /// Cost, USD per cargo unit.
    pub usd: MetricSummary,
    /// Realized generalized cost, USD.
    pub generalized_cost: MetricSummary,
    /// Probability of arriving by the deadline (null without a deadline).
    pub on_time: Option<Probability>,
    /// Probability that the cargo was lost.
    pub loss: Probability,
    /// Probability of waiting out a closure.
    pub waited_out_closure: Probability,
    /// Mean days spent waiting (closures waited out and hazard delays),
    /// per trial that reached the destination; each waited hour is
    /// charged holding cost (`breakdown_usd.holding`).
    pub waiting_days: f64,
    /// Probability of detouring round a closure.
    pub detoured: Probability,
    /// Mean USD per trial by part.
    pub breakdown_usd: BTreeMap<&'static str, f64>,
    /// Mean days per trial by part.
    pub breakdown_days: BTreeMap<&'static str, f64>,
    /// Paired: share of trials in which this corridor was the cheapest /
    /// fastest / lowest in generalized cost (absent for the free policy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cheapest: Option<Probability>,
    /// Paired: share of trials in which this corridor was the fastest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fastest: Option<Probability>,
    /// Paired: share of trials in which it was lowest in generalized cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lowest_generalized_cost: Option<Probability>,
}

impl CorridorSummary {
    /// Mean USD per trial spent on `part`.
    pub fn part_usd(&self, part: CostPart) -> f64 {
        self.breakdown_usd.get(part.key()).copied().unwrap_or(0.0)
    }

    /// Mean days per trial spent on `part`.
    pub fn part_days(&self, part: CostPart) -> f64 {
        self.breakdown_days.get(part.key()).copied().unwrap_or(0.0)
    }
}

/// When the trials depart (`[departure]`), in the model's 365-day year.
#[derive(Debug, Clone, Serialize)]
pub struct DepartureSummary {
    /// As the scenario put it (`January`, `2026-01-15`, `any day of the year`).
    pub label: String,
    /// First day of the departure span (0 = 1 January).
    pub from_day: f64,
    /// Days in the span (departures uniform within it).
    pub span_days: f64,
}

/// The whole `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Layout version ([`SUMMARY_SCHEMA`]).
    pub schema: u32,
    /// What identifies the run.
    pub manifest: Manifest,
    /// Origin node id.
    pub origin: String,
    /// Destination node id.
    pub destination: String,
    /// What one shipment is: `container` or `bulk`.
    pub cargo_class: &'static str,
    /// The unit costs are per: the network's `cargo_unit` (a TEU) for
    /// containers, a tonne for bulk.
    pub cargo_unit: String,
    /// Value of the cargo, USD.
    pub cargo_value_usd: f64,
    /// Value of time, USD per day.
    pub value_of_time_usd_per_day: f64,
    /// Deadline in days, if any.
    pub deadline_days: Option<f64>,
    /// Risk weight per hazard category.
    pub risk_weights: BTreeMap<&'static str, f64>,
    /// Number of trials.
    pub trials: u64,
    /// When the trials depart.
    pub departure: DepartureSummary,
    /// The compared corridors, in scenario order.
    pub corridors: Vec<CorridorSummary>,
    /// The shipper choosing freely (no waypoints), attributed to corridors.
    pub free_choice: CorridorSummary,
    /// Share of trials in which the free choice used each corridor's route
    /// (keys: corridor ids, "other", "no_route").
    pub free_choice_shares: BTreeMap<String, Probability>,
    /// Which corridor is taken most, cheapest, fastest and safest.
    pub answer: super::answer::Answer,
}

fn corridor_summary(sc: &Scenario, model: &SimModel, acc: &Acc, i: usize) -> CorridorSummary {
    let c: &CorridorAcc = &acc.corridors[i];
    let sim = &model.corridors[i];
    let n = acc.trials;
    let reached = c.reached.max(1) as f64;
    let per_part = |sums: &[super::stats::FixedSum; CostPart::COUNT],
                    scale: f64|
     -> BTreeMap<&'static str, f64> {
        CostPart::iter()
            .map(|part| (part.key(), sums[part.index()].value() / reached * scale))
            .collect()
    };
    let compared = i < model.compared();
    let net = &sc.network;
    CorridorSummary {
        id: sim.id.clone(),
        name: sim.name.clone(),
        group: sim.group.name().to_string(),
        found: sc.corridors.get(i).map(|c| c.found.into()),
        colour: sc.corridors.get(i).and_then(|c| c.colour),
        reached: probability(c.reached, n),
        planned: sim.baseline.as_ref().map(|p| {
            let links: Vec<LinkId> = p
                .edges
                .iter()
                .filter_map(|&e| match model.graph.edges[e as usize].kind {
                    crate::path::EdgeKind::Link { link, .. } => Some(link),
                    crate::path::EdgeKind::Transfer { .. } => None,
                })
                .collect();
            let nodes: Vec<NodeId> = std::iter::once(sc.origin)
                .chain(p.edges.iter().filter_map(|&e| {
                    let ed = &model.graph.edges[e as usize];
                    matches!(ed.kind, crate::path::EdgeKind::Link { .. })
                        .then(|| model.graph.vertices[ed.to as usize].0)
                }))
                .collect();
            PlannedSummary {
                km: p
                    .edges
                    .iter()
                    .map(|&e| model.graph.edges[e as usize].km)
                    .sum(),
                caveats: net.caveats_on(&nodes, &links),
                nodes: nodes.iter().map(|&n| net.node(n).id.clone()).collect(),
                expected_generalized_cost: p.expected,
            }
        }),
        days: metric(&c.hours, DAYS_PER_HOUR),
        usd: metric(&c.usd, 1.0),
        generalized_cost: metric(&c.gc, 1.0),
        on_time: sc
            .cargo
            .deadline_hours
            .map(|_| probability(c.on_time, c.reached)),
        loss: probability(c.lost, c.reached),
        waited_out_closure: probability(c.waited, c.reached),
        waiting_days: c.wait_hours.value() / reached * DAYS_PER_HOUR,
        detoured: probability(c.detoured, c.reached),
        breakdown_usd: per_part(&c.part_usd, 1.0),
        breakdown_days: per_part(&c.part_hours, DAYS_PER_HOUR),
        cheapest: compared.then(|| probability(acc.cheapest[i], n)),
        fastest: compared.then(|| probability(acc.fastest[i], n)),
        lowest_generalized_cost: compared.then(|| probability(acc.lowest_gc[i], n)),
    }
}

/// Builds the summary of a finished (or merged) run.
pub fn summarize(sc: &Scenario, model: &SimModel, acc: &Acc, manifest: Manifest) -> Summary {
    let net = &sc.network;
    let n = model.compared();
    let mut shares = BTreeMap::new();
    for (i, c) in model.corridors[..n].iter().enumerate() {
        shares.insert(c.id.clone(), probability(acc.free_share[i], acc.trials));
    }
    shares.insert("other".into(), probability(acc.free_share[n], acc.trials));
    shares.insert(
        "no_route".into(),
        probability(acc.free_share[n + 1], acc.trials),
    );
    let corridors: Vec<CorridorSummary> = (0..n)
        .map(|i| corridor_summary(sc, model, acc, i))
        .collect();
    Summary {
        schema: SUMMARY_SCHEMA,
        manifest,
        origin: net.node(sc.origin).id.clone(),
        destination: net.node(sc.destination).id.clone(),
        cargo_class: net.class.name(),
        cargo_unit: sc.cargo.unit.clone(),
        cargo_value_usd: sc.cargo.value_usd,
        value_of_time_usd_per_day: per_hour_to_per_day(sc.cargo.value_of_time_per_hour),
        deadline_days: sc.cargo.deadline_hours.map(hours_to_days),
        risk_weights: sc.risk_weight_map(),
        trials: acc.trials,
        departure: DepartureSummary {
            label: sc.departure.label.clone(),
            from_day: hours_to_days(sc.departure.from_hour),
            span_days: hours_to_days(sc.departure.span_hours),
        },
        answer: super::answer_of(&corridors, &shares),
        corridors,
        free_choice: corridor_summary(sc, model, acc, n),
        free_choice_shares: shares,
    }
}
