//! The report folder of a run: `summary.json`, `corridors.csv`,
//! `summary.md` and the PNG charts. Everything is produced in memory first
//! and written only when all of it succeeded, each file atomically, so a
//! failed run leaves the previous report untouched.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::charts;
use super::data::ChartData;
use super::routes::thousands;
use crate::montecarlo::summary::{CorridorSummary, Summary};

/// One output file, ready to write.
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Columns of `corridors.csv`, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "name",
    "group",
    "reached",
    "days_mean",
    "days_sd",
    "days_p5",
    "days_p10",
    "days_p50",
    "days_p90",
    "days_p95",
    "days_p99",
    "days_cvar95",
    "usd_mean",
    "usd_sd",
    "usd_p5",
    "usd_p10",
    "usd_p50",
    "usd_p90",
    "usd_p95",
    "usd_p99",
    "usd_cvar95",
    "gc_mean",
    "gc_p50",
    "gc_p90",
    "gc_cvar95",
    "p_on_time",
    "p_loss",
    "p_waited",
    "p_detoured",
    "p_cheapest",
    "p_fastest",
    "p_lowest_gc",
    "free_choice_share",
    "usd_line_haul",
    "usd_borders",
    "usd_transfers_ports",
    "usd_risk_events",
    "planned_km",
    "planned_expected_gc",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `corridors.csv`: one row per corridor (and the free choice), the
/// statistics as columns.
pub fn corridors_csv(s: &Summary) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    let opt = |p: &Option<crate::montecarlo::summary::Probability>| {
        p.as_ref().map_or(String::new(), |p| p.p.to_string())
    };
    for c in s.corridors.iter().chain([&s.free_choice]) {
        let share = s
            .free_choice_shares
            .get(&c.id)
            .map_or(String::new(), |p| p.p.to_string());
        let cells: Vec<String> = vec![
            csv_field(&c.id),
            csv_field(&c.name),
            c.group.clone(),
            c.reached.p.to_string(),
            c.days.mean.to_string(),
            c.days.sd.to_string(),
            c.days.p5.to_string(),
            c.days.p10.to_string(),
            c.days.p50.to_string(),
            c.days.p90.to_string(),
            c.days.p95.to_string(),
            c.days.p99.to_string(),
            c.days.cvar95.to_string(),
            c.usd.mean.to_string(),
            c.usd.sd.to_string(),
            c.usd.p5.to_string(),
            c.usd.p10.to_string(),
            c.usd.p50.to_string(),
            c.usd.p90.to_string(),
            c.usd.p95.to_string(),
            c.usd.p99.to_string(),
            c.usd.cvar95.to_string(),
            c.generalized_cost.mean.to_string(),
            c.generalized_cost.p50.to_string(),
            c.generalized_cost.p90.to_string(),
            c.generalized_cost.cvar95.to_string(),
            opt(&c.on_time),
            c.loss.p.to_string(),
            c.waited_out_closure.p.to_string(),
            c.detoured.p.to_string(),
            opt(&c.cheapest),
            opt(&c.fastest),
            opt(&c.lowest_generalized_cost),
            share,
            c.breakdown_usd["line_haul"].to_string(),
            c.breakdown_usd["borders"].to_string(),
            c.breakdown_usd["transfers_ports"].to_string(),
            c.breakdown_usd["risk_events"].to_string(),
            c.planned
                .as_ref()
                .map_or(String::new(), |p| p.km.to_string()),
            c.planned
                .as_ref()
                .map_or(String::new(), |p| p.expected_generalized_cost.to_string()),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// The corridor a risk-weighted shipper would pick: the lowest expected
/// (risk-weighted) generalized cost of the planned routes.
fn ranked(s: &Summary) -> Vec<&CorridorSummary> {
    let mut v: Vec<&CorridorSummary> = s.corridors.iter().filter(|c| c.planned.is_some()).collect();
    v.sort_by(|a, b| {
        let ka = a
            .planned
            .as_ref()
            .map_or(f64::INFINITY, |p| p.expected_generalized_cost);
        let kb = b
            .planned
            .as_ref()
            .map_or(f64::INFINITY, |p| p.expected_generalized_cost);
        ka.total_cmp(&kb)
    });
    v
}

/// The headline answer, one paragraph.
pub fn headline(s: &Summary) -> String {
    let r = ranked(s);
    let Some(best) = r.first() else {
        return "No corridor has a route between origin and destination.".into();
    };
    let best_gc = best
        .planned
        .as_ref()
        .map_or(0.0, |p| p.expected_generalized_cost);
    let mut text = format!(
        "Under the scenario's risk weights the corridor of choice is **{}** ({}): expected generalized cost ${} per {}",
        best.name,
        best.group,
        thousands(best_gc, 0),
        s.cargo_unit
    );
    if let Some(next) = r.get(1) {
        let next_gc = next
            .planned
            .as_ref()
            .map_or(0.0, |p| p.expected_generalized_cost);
        let _ = write!(
            text,
            ", ${} ({}) less than the runner-up **{}** ({})",
            thousands(next_gc - best_gc, 0),
            pct((next_gc - best_gc) / next_gc.max(1.0)),
            next.name,
            next.group
        );
    }
    text.push('.');
    if let Some(p) = &best.lowest_generalized_cost {
        let _ = write!(
            text,
            " In {} of {} simulated shipments (95% CI {}–{}) it was also the lowest in realized generalized cost,",
            pct(p.p),
            thousands(s.trials as f64, 0),
            pct(p.ci95[0]),
            pct(p.ci95[1])
        );
    }
    if let Some(share) = s.free_choice_shares.get(&best.id) {
        let _ = write!(
            text,
            " and a shipper free to choose took it in {}.",
            pct(share.p)
        );
    }
    let _ = write!(
        text,
        " Its transit time is {:.1} days at P50 and {:.1} at P90; mean cost ${}, CVaR95 ${}.",
        best.days.p50,
        best.days.p90,
        thousands(best.usd.mean, 0),
        thousands(best.usd.cvar95, 0)
    );
    text
}

/// `summary.md`: the briefing.
pub fn briefing(
    s: &Summary,
    name: &str,
    description: &str,
    network: &str,
    charts: &[&str],
) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {name}\n");
    if !description.trim().is_empty() {
        let _ = writeln!(o, "{}\n", description.trim());
    }
    let weights: Vec<String> = s
        .risk_weights
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(
        o,
        "**Question.** Which corridor should one {} worth ${} take from `{}` to `{}`, valuing a day in transit at ${}{}, with risk weights {}?\n",
        s.cargo_unit,
        thousands(s.cargo_value_usd, 0),
        s.origin,
        s.destination,
        thousands(s.value_of_time_usd_per_day, 0),
        s.deadline_days
            .map_or(String::new(), |d| format!(" and a deadline of {d} days")),
        weights.join(", ")
    );
    let _ = writeln!(o, "**Answer.** {}\n", headline(s));
    let _ = writeln!(o, "## Corridors compared\n");
    let _ = writeln!(
        o,
        "| corridor | group | planned km | P50 days | P90 days | mean USD | P90 USD | CVaR95 USD | on time | loss | cheapest | lowest GC | free choice |"
    );
    let _ = writeln!(
        o,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for c in &s.corridors {
        let opt = |p: &Option<crate::montecarlo::summary::Probability>| {
            p.as_ref().map_or("–".to_string(), |p| pct(p.p))
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {:.1} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.name,
            c.group,
            c.planned
                .as_ref()
                .map_or("no route".into(), |p| thousands(p.km, 0)),
            c.days.p50,
            c.days.p90,
            thousands(c.usd.mean, 0),
            thousands(c.usd.p90, 0),
            thousands(c.usd.cvar95, 0),
            opt(&c.on_time),
            pct(c.loss.p),
            opt(&c.cheapest),
            opt(&c.lowest_generalized_cost),
            s.free_choice_shares
                .get(&c.id)
                .map_or("–".into(), |p| pct(p.p)),
        );
    }
    let _ = writeln!(
        o,
        "\n*cheapest / lowest GC*: share of trials in which the corridor was the cheapest, or lowest in realized generalized cost (USD + value of time × hours, each category's hazard impacts weighted by its risk weight), in the same trial — paired draws. *free choice*: share of trials in which a shipper with these risk weights, free to choose any route, took this corridor's route (other routes: {}).\n",
        pct(s.free_choice_shares.get("other").map_or(0.0, |p| p.p))
    );
    if !charts.is_empty() {
        let _ = writeln!(o, "## Charts\n");
        for c in charts {
            let _ = writeln!(
                o,
                "![{}]({c})\n",
                c.trim_end_matches(".png").replace('_', " ")
            );
        }
    }
    let _ = writeln!(o, "## Assumptions\n");
    let _ = writeln!(
        o,
        "- Network: {network}. Every figure cites its source in the network file (see `networks/README.md`)."
    );
    let _ = writeln!(
        o,
        "- Costs are per {} and include the value of cargo lost in risk events.",
        s.cargo_unit
    );
    let _ = writeln!(
        o,
        "- Closures are known at departure: each corridor waits them out or takes the best detour within its waypoints, whichever has the lower expected generalized cost. Delays, extra costs and losses are not known in advance."
    );
    let _ = writeln!(
        o,
        "- Hazards are drawn independently of each other; one hazard hits all its targets together."
    );
    let _ = writeln!(
        o,
        "- Quantiles have ≤ 1% relative error (HdrHistogram); probabilities carry 95% Wilson intervals.\n"
    );
    let _ = writeln!(o, "## Manifest\n");
    let m = &s.manifest;
    let _ = writeln!(o, "- program: {}", m.program);
    let _ = writeln!(o, "- command: `{}`", m.command);
    let _ = writeln!(o, "- trials: {}, seed: {}", m.trials, m.seed);
    for i in &m.inputs {
        let _ = writeln!(o, "- input `{}` sha256 `{}`", i.path, i.sha256);
    }
    let _ = writeln!(o, "- random streams: {}", m.generators);
    o
}

/// Everything a run writes, in memory.
pub fn outputs(
    s: &Summary,
    name: &str,
    description: &str,
    network: &str,
    chart_data: Option<&ChartData>,
) -> Result<Vec<Output>, String> {
    let mut out = Vec::new();
    let mut json =
        serde_json::to_string_pretty(s).map_err(|e| format!("cannot encode summary.json: {e}"))?;
    json.push('\n');
    out.push(Output {
        name: "summary.json".into(),
        bytes: json.into_bytes(),
    });
    out.push(Output {
        name: "corridors.csv".into(),
        bytes: corridors_csv(s).into_bytes(),
    });
    let mut names = Vec::new();
    if let Some(data) = chart_data {
        for (file, png) in charts::all(data)? {
            names.push(file);
            out.push(Output {
                name: file.into(),
                bytes: png,
            });
        }
    }
    out.push(Output {
        name: "summary.md".into(),
        bytes: briefing(s, name, description, network, &names).into_bytes(),
    });
    Ok(out)
}

/// Writes outputs into `dir` all or nothing: every file is first written
/// to a temporary name (and synced); only when all succeeded are they
/// renamed into place. A failure before that removes the temporary files
/// and leaves the previous report untouched. Returns the paths written.
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for o in outputs {
        let target = dir.join(&o.name);
        if target.is_dir() {
            cleanup(&staged);
            return Err(format!(
                "cannot write {}: a folder of that name is in the way",
                target.display()
            ));
        }
        let tmp = dir.join(format!(".{}.tmp-{}", o.name, std::process::id()));
        if let Err(e) = stage(&tmp, &o.bytes) {
            let _ = std::fs::remove_file(&tmp);
            cleanup(&staged);
            return Err(format!("cannot write {}: {e}", target.display()));
        }
        staged.push((tmp, target));
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(staged.into_iter().map(|(_, t)| t).collect())
}

fn stage(tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::File::create(tmp)?;
    f.write_all(bytes)?;
    f.sync_all()
}
