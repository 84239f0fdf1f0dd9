//! `summary.md`: the briefing an analyst can put into a report — the
//! question, the headline answer, the table, the charts, the assumptions
//! and the manifest.

use std::fmt::Write as _;

use super::format::{percent as pct, thousands};
use crate::montecarlo::summary::{CorridorSummary, Probability, Summary};
use crate::scenario::what_if;

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

/// The corridor with id `id`.
fn by_id<'a>(s: &'a Summary, id: &str) -> Option<&'a CorridorSummary> {
    s.corridors.iter().find(|c| c.id == id)
}

/// The whole answer, one paragraph (Markdown: names in bold).
pub fn verdict(s: &Summary) -> String {
    verdict_sentences(s).join(" ")
}

/// The whole answer, a sentence each (Markdown: names in bold): the route
/// a free shipper takes most, then the cheapest, fastest and safest
/// corridor, each with its uncertainty, and what "safest" means.
pub fn verdict_sentences(s: &Summary) -> Vec<String> {
    let a = &s.answer;
    let mut out = Vec::new();
    let mut text = String::new();
    let unit = &s.cargo_unit;
    if let (Some(p), Some(share)) = (&a.most_taken, &a.most_taken_share) {
        let _ = write!(
            text,
            "A shipper free to choose (risk weights as set) most often takes **{}** ({} of {} shipments, 95% CI {}–{}).",
            p.name,
            pct(share.p),
            thousands(s.trials as f64, 0),
            pct(share.ci95[0]),
            pct(share.ci95[1])
        );
        out.push(std::mem::take(&mut text));
    }
    if let Some(c) = a.cheapest.as_ref().and_then(|p| by_id(s, &p.id)) {
        let _ = write!(
            text,
            "Cheapest: **{}**, mean ${} per {unit} (P10–P90 ${}–${}",
            c.name,
            thousands(c.usd.mean, 0),
            thousands(c.usd.p10, 0),
            thousands(c.usd.p90, 0)
        );
        if let Some(p) = &c.cheapest {
            let _ = write!(text, "; cheapest in {} of paired shipments", pct(p.p));
        }
        text.push_str(").");
        out.push(std::mem::take(&mut text));
    }
    if let Some(c) = a.fastest.as_ref().and_then(|p| by_id(s, &p.id)) {
        let _ = write!(
            text,
            "Fastest: **{}**, {:.1} days at P50 (P10–P90 {:.1}–{:.1}).",
            c.name, c.days.p50, c.days.p10, c.days.p90
        );
        out.push(std::mem::take(&mut text));
    }
    if let Some(c) = a.safest.as_ref().and_then(|p| by_id(s, &p.id)) {
        let _ = write!(
            text,
            "Safest: **{}**, CVaR95 ${} per {unit} (cargo lost in {} of shipments, 95% CI {}–{}; {:.1} days at P90); safest means the {}.",
            c.name,
            thousands(c.usd.cvar95, 0),
            pct(c.loss.p),
            pct(c.loss.ci95[0]),
            pct(c.loss.ci95[1]),
            c.days.p90,
            a.safest_rule
        );
        out.push(text);
    }
    out
}

/// The caveats of the routes the answer names, a sentence each
/// (Markdown: names in bold): what the reader must know about an element
/// those routes use, its source, and which of them use it.
pub fn caveat_sentences(s: &Summary) -> Vec<String> {
    s.answer
        .caveats
        .iter()
        .map(|c| {
            let names: Vec<String> = c
                .corridors
                .iter()
                .map(|id| by_id(s, id).map_or(id.clone(), |k| format!("**{}**", k.name)))
                .collect();
            format!(
                "Caveat ({}, on the route of {}): {} (source: {})",
                c.element,
                names.join(", "),
                c.caveat.text.trim_end_matches('.').to_owned() + ".",
                c.caveat.source
            )
        })
        .collect()
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
    if let Some(what_if) = what_if(&s.manifest.overrides) {
        let _ = writeln!(
            o,
            "**{what_if}** (a run with `--set` changes, not the scenario as written)\n"
        );
    }
    if !description.trim().is_empty() {
        let _ = writeln!(o, "{}\n", description.trim());
    }
    let _ = writeln!(o, "{}\n", question(s));
    let _ = writeln!(o, "**Answer.** {}\n", verdict(s));
    for c in caveat_sentences(s) {
        let _ = writeln!(o, "- {c}");
    }
    if !s.answer.caveats.is_empty() {
        o.push('\n');
    }
    let _ = writeln!(o, "**As planned.** {}\n", headline(s));
    o.push_str(&corridors_compared(s));
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
    o.push_str(&assumptions(s, network));
    o.push_str(&manifest(s));
    o
}

/// The question the run answers, in the scenario's terms.
fn question(s: &Summary) -> String {
    let weights: Vec<String> = s
        .risk_weights
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    format!(
        "**Question.** Which corridor should one {} worth ${} take from `{}` to `{}`, valuing a day in transit at ${}{}, with risk weights {}?",
        s.cargo_unit,
        thousands(s.cargo_value_usd, 0),
        s.origin,
        s.destination,
        thousands(s.value_of_time_usd_per_day, 0),
        s.deadline_days
            .map_or(String::new(), |d| format!(" and a deadline of {d} days")),
        weights.join(", ")
    )
}

/// A probability as a percentage, or a dash where it does not apply.
fn opt(p: Option<&Probability>) -> String {
    p.map_or("–".to_string(), |p| pct(p.p))
}

/// One corridor's row of the comparison table.
fn corridor_row(s: &Summary, c: &CorridorSummary) -> String {
    format!(
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
        opt(c.on_time.as_ref()),
        pct(c.loss.p),
        opt(c.cheapest.as_ref()),
        opt(c.lowest_generalized_cost.as_ref()),
        opt(s.free_choice_shares.get(&c.id)),
    )
}

/// "Corridors compared": the table and what its columns mean.
fn corridors_compared(s: &Summary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## Corridors compared\n");
    let _ = writeln!(
        o,
        "| corridor | group | planned km | P50 days | P90 days | mean USD/{u} | P90 USD/{u} | CVaR95 USD/{u} | on time | loss | cheapest | lowest GC | free choice |",
        u = s.cargo_unit
    );
    let _ = writeln!(
        o,
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for c in &s.corridors {
        let _ = writeln!(o, "{}", corridor_row(s, c));
    }
    let _ = writeln!(
        o,
        "\n*cheapest / lowest GC*: share of trials in which the corridor was the cheapest, or lowest in realized generalized cost (USD + value of time × hours, each category's hazard impacts weighted by its risk weight), in the same trial — paired draws. *free choice*: share of trials in which a shipper with these risk weights, free to choose any route, took this corridor's route (other routes: {}).\n",
        pct(s.free_choice_shares.get("other").map_or(0.0, |p| p.p))
    );
    o
}

/// "Assumptions": what the model takes for granted.
fn assumptions(s: &Summary, network: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "## Assumptions\n");
    let _ = writeln!(
        o,
        "- Network: {network}. Every figure cites its source in the network file (see `networks/README.md`)."
    );
    let _ = writeln!(
        o,
        "- Cargo class: {}. Costs are in USD per {} and include the value of cargo lost in risk events.{}",
        s.cargo_class,
        s.cargo_unit,
        if s.cargo_class == "container" {
            ""
        } else {
            " Where the network gives no figure for this class, a container figure stands for the cargo carried in containers (money divided by the tonnes one container unit carries); holding is charged only where the network gives it for this class."
        }
    );
    let _ = writeln!(
        o,
        "- Each shipment departs at a drawn time and meets every element when it gets there. Closures in effect at departure and seasonal closures are known and planned around; a closure that starts later is learned at the node before the closed element (earlier by its notice, where one is given). The shipment then waits it out, paying holding cost, or re-plans from where it stands within its corridor's waypoints, whichever has the lower expected generalized cost. Delays, extra costs and losses are not known in advance."
    );
    let _ = writeln!(
        o,
        "- Hazards are drawn independently of each other, except where one raises another's rate while it is in effect; one hazard hits all its targets together."
    );
    let _ = writeln!(
        o,
        "- Quantiles have ≤ 1% relative error (HdrHistogram); probabilities carry 95% Wilson intervals.\n"
    );
    o
}

/// "Manifest": how to reproduce the run.
fn manifest(s: &Summary) -> String {
    let mut o = String::new();
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
