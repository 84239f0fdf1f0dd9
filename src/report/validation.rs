//! What `corridor validate` shows: the terminal table, `validation.csv`,
//! `validation.md` (with the chart) — per observed trip the published
//! range, the model's deterministic value and P10/P50/P90, whether the
//! trip is within range and the ratio model ÷ published.

use serde::Serialize;

use super::charts::validation_chart;
use super::error::ReportError;
use super::files::Output;
use super::format::{percent, thousands};
use super::table::plain;
use crate::validate::{Modelled, Observation, TripOutcome, TripResult, Validation, Verdict};

/// A figure as the table shows it: days with one decimal, USD and km whole.
fn figure(o: &Observation, x: f64) -> String {
    match o.metric {
        crate::validate::TripMetric::Days => format!("{x:.1}"),
        _ => thousands(x, 0),
    }
}

fn published(o: &Observation) -> String {
    use crate::validate::observations::Bound;
    if o.bound == Bound::AtMost {
        format!("≤ {}", figure(o, o.high))
    } else if o.bound == Bound::AtLeast {
        format!("≥ {}", figure(o, o.low))
    } else if o.low == o.high {
        figure(o, o.low)
    } else {
        format!("{}–{}", figure(o, o.low), figure(o, o.high))
    }
}

fn verdict_word(o: &Observation, m: &Modelled) -> &'static str {
    let r = m.ratio(o);
    if m.off_2x(o) {
        "off >2×"
    } else if m.within(o) {
        "within"
    } else if r < 1.0 {
        "low"
    } else {
        "high"
    }
}

/// Where the published figure falls among the trials, as a percentile:
/// "P97" is above 97% of them; "P<1" and "P>99" at the ends.
fn rank(m: &Modelled) -> String {
    let p = m.rank * 100.0;
    if p < 1.0 {
        "P<1".into()
    } else if p > 99.0 {
        "P>99".into()
    } else {
        format!("P{p:.0}")
    }
}

/// One trip's cells: id, metric, published, deterministic, P10, P50, P90,
/// verdict, ratio, rank (or the reason it was not built).
fn cells(t: &TripResult) -> Vec<String> {
    let o = &t.observation;
    let mut row = vec![o.id.clone(), o.metric.name().to_string(), published(o)];
    match &t.outcome {
        TripOutcome::Modelled(m) => row.extend([
            figure(o, m.deterministic),
            figure(o, m.p10),
            figure(o, m.p50),
            figure(o, m.p90),
            verdict_word(o, m).to_string(),
            format!("{:.2}", m.ratio(o)),
            rank(m),
        ]),
        TripOutcome::NotBuilt(_) => {
            row.extend(["–", "–", "–", "–", "not built", "", ""].map(String::from));
        }
    }
    row
}

/// The trips that could not be built, each with its reason.
fn not_built(v: &Validation) -> Vec<String> {
    v.trips
        .iter()
        .filter_map(|t| match &t.outcome {
            TripOutcome::NotBuilt(why) => Some(format!("{}: {why}", t.observation.id)),
            TripOutcome::Modelled(_) => None,
        })
        .collect()
}

const HEADER: [&str; 10] = [
    "trip",
    "metric",
    "published",
    "model",
    "P10",
    "P50",
    "P90",
    "verdict",
    "ratio",
    "rank",
];

/// Which way the misses go: how many published trip times and prices
/// (not bounds, not lengths) lie wholly below the model's P10 — the same
/// trips the verdict calls "high" — and how many wholly above its P90
/// ("low"). A well-calibrated network leaves at most about a tenth on each
/// side (fewer, as a published range or a rounded figure is easier to
/// meet); more on one side is a bias, more on both a spread too narrow
/// for single trips. Lengths are left out: their spread is the sources'
/// disagreement, not one trip's against another.
pub fn calibration_line(v: &Validation) -> String {
    use crate::validate::TripMetric;
    use crate::validate::observations::Bound;
    let trips: Vec<(&Observation, &Modelled)> = v
        .trips
        .iter()
        .filter(|t| t.observation.bound == Bound::Value && t.observation.metric != TripMetric::Km)
        .filter_map(|t| t.modelled().map(|m| (&t.observation, m)))
        .collect();
    let below = trips.iter().filter(|(o, m)| m.p10 > o.allowed().1).count();
    let above = trips.iter().filter(|(o, m)| m.p90 < o.allowed().0).count();
    format!(
        "published times and prices (not bounds, not lengths) below the model's P10: {below} of {n} \
         (model slower or dearer); above its P90: {above} (model faster or cheaper); \
         a well-calibrated network leaves at most about {tenth:.1} on each side",
        n = trips.len(),
        tenth = trips.len() as f64 / 10.0,
    )
}

/// Within range by metric and by kind of source (`days 22 of 34, km 3 of
/// 9, …; pilot 12 of 23, …`), each in file order of first appearance, so
/// a reader sees which figures the network meets and which it does not.
/// Trips not built count as misses, as in the verdict.
pub fn breakdown_line(v: &Validation) -> String {
    let tally = |key: &dyn Fn(&Observation) -> String| {
        let mut seen: Vec<(String, usize, usize)> = Vec::new();
        for t in &v.trips {
            let k = key(&t.observation);
            let within = t.modelled().is_some_and(|m| m.within(&t.observation));
            match seen.iter_mut().find(|(s, ..)| *s == k) {
                Some(e) => {
                    e.1 += usize::from(within);
                    e.2 += 1;
                }
                None => seen.push((k, usize::from(within), 1)),
            }
        }
        seen.iter()
            .map(|(k, w, n)| format!("{k} {w} of {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "within range by metric: {}; by kind: {}",
        tally(&|o| o.metric.name().to_string()),
        tally(&|o| o.kind.clone()),
    )
}

/// What the threshold asks: how many trips a network that were exact
/// would have within range — every trip one of its own trials, every
/// figure published as its source published it — and how often it would
/// meet `min_within` ([`Validation::exact`]). A threshold that an exact
/// network often misses cannot tell a good network from a tuned one.
pub fn exact_line(v: &Validation, min_within: f64) -> String {
    let e = v.exact(min_within);
    format!(
        "an exact network (each trip one of its own trials, each figure published as its source \
         published it) would have {:.1} of {} within range on average, and reach {} in {} of validations",
        e.mean,
        v.trips.len(),
        percent(min_within),
        percent(e.pass_chance),
    )
}

/// One sentence on the verdict.
pub fn summary_line(v: &Validation, verdict: &Verdict, min_within: f64) -> String {
    let n = v.trips.len();
    format!(
        "{} of {n} trips within range ({}; needed {}), {} off by more than 2×, {} not built: {}",
        verdict.within,
        percent(verdict.within as f64 / n.max(1) as f64),
        percent(min_within),
        verdict.off_2x,
        verdict.not_built,
        if verdict.pass { "PASS" } else { "FAIL" }
    )
}

/// The terminal table and the verdict line.
pub fn table(v: &Validation, verdict: &Verdict, min_within: f64) -> String {
    let mut t = plain(&HEADER, 2);
    for trip in &v.trips {
        t.add_row(cells(trip));
    }
    let mut text = format!(
        "{t}\n\nmodel = the deterministic plan; P10–P90 over {} trials; within = P10–P90 overlaps the published range\n\
         (whole days read as ±½ day; ≤ and ≥ mark a stated bound); ratio = P50 ÷ published midpoint (or ÷ the bound);\n\
         rank = where the published midpoint (or bound) falls among the trials (P97: above 97% of them).\n",
        v.trials
    );
    let missing = not_built(v);
    if !missing.is_empty() {
        text.push_str("\nnot built:\n");
        for m in missing {
            text.push_str(&format!("  {m}\n"));
        }
    }
    text.push_str(&format!(
        "\n{}\n{}\n{}\n{}\n",
        breakdown_line(v),
        calibration_line(v),
        exact_line(v, min_within),
        summary_line(v, verdict, min_within)
    ));
    text
}

/// A number cell written as Rust's `Display` writes it, or empty.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// One row of `validation.csv`.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    metric: &'a str,
    origin: &'a str,
    destination: &'a str,
    published_low: Num,
    published_high: Num,
    bound: &'static str,
    allowed_low: Num,
    allowed_high: Option<Num>,
    model: Option<Num>,
    p10: Option<Num>,
    p50: Option<Num>,
    p90: Option<Num>,
    within: Option<bool>,
    ratio: Option<Num>,
    rank: Option<Num>,
    exact_within: Option<Num>,
    not_built: Option<&'a str>,
    date: &'a str,
    kind: &'a str,
    source: &'a str,
}

fn row(t: &TripResult) -> Row<'_> {
    let o = &t.observation;
    let m = t.modelled();
    Row {
        id: &o.id,
        metric: o.metric.name(),
        origin: &o.origin,
        destination: &o.destination,
        published_low: Num(o.low),
        published_high: Num(o.high),
        bound: o.bound.into(),
        allowed_low: Num(o.allowed().0),
        allowed_high: Some(o.allowed().1).filter(|x| x.is_finite()).map(Num),
        model: m.map(|m| Num(m.deterministic)),
        p10: m.map(|m| Num(m.p10)),
        p50: m.map(|m| Num(m.p50)),
        p90: m.map(|m| Num(m.p90)),
        within: m.map(|m| m.within(o)),
        ratio: m.map(|m| Num(m.ratio(o))),
        rank: m.map(|m| Num(m.rank)),
        exact_within: m.map(|m| Num(m.exact_within)),
        not_built: match &t.outcome {
            TripOutcome::NotBuilt(why) => Some(why),
            TripOutcome::Modelled(_) => None,
        },
        date: &o.date,
        kind: &o.kind,
        source: &o.source,
    }
}

/// `validation.csv`: one row per trip.
pub fn csv(v: &Validation) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for t in &v.trips {
        w.serialize(row(t))?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

/// `validation.md`: the verdict, the chart and the table with sources.
pub fn markdown(
    v: &Validation,
    verdict: &Verdict,
    min_within: f64,
    file: &str,
    chart: bool,
) -> String {
    let mut md = format!(
        "# Validation against observed trips\n\n**{}**\n\nObservations: `{file}`; {} trials per trip, seed {}.\n\
         Within range: the model's P10–P90 overlaps the values the published figure allows (whole days read as ±½ day; \
         ≤ and ≥ mark a bound the source states). Ratio: the model's P50 ÷ the published midpoint, or ÷ the bound. \
         Rank: where the published midpoint (or bound) falls among the trials (P97: above 97% of them).\n\
         Observations are tests, never inputs: a miss points at a missing mechanism, not at a factor to tune.\n\n",
        summary_line(v, verdict, min_within),
        v.trials,
        v.seed
    );
    md.push_str(&format!(
        "Calibration: {}.\n\nBy figure: {}.\n\nThe threshold: {}.\n\n",
        calibration_line(v),
        breakdown_line(v),
        exact_line(v, min_within)
    ));
    if chart {
        md.push_str("![model against published](validation.png)\n\n");
    }
    md.push_str(
        "| trip | metric | published | model | P10 | P50 | P90 | verdict | ratio | rank | source |\n",
    );
    md.push_str("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for t in &v.trips {
        let mut c = cells(t);
        c.resize(HEADER.len(), String::new());
        c.push(t.observation.source.replace('|', "/"));
        md.push_str(&format!("| {} |\n", c.join(" | ")));
    }
    md
}

/// Everything `corridor validate` writes, in memory.
pub fn outputs(
    v: &Validation,
    verdict: &Verdict,
    min_within: f64,
    file: &str,
    charts: bool,
) -> Result<Vec<Output>, ReportError> {
    let mut out = vec![Output {
        name: "validation.csv".into(),
        bytes: csv(v)?,
    }];
    if charts {
        out.push(Output {
            name: "validation.png".into(),
            bytes: validation_chart(v)?,
        });
    }
    out.push(Output {
        name: "validation.md".into(),
        bytes: markdown(v, verdict, min_within, file, charts).into_bytes(),
    });
    Ok(out)
}
