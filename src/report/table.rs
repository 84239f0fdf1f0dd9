//! Terminal tables (comfy-table): the common look, and the table `corridor
//! run` prints — each corridor's transit days, cost, punctuality and how
//! often it won in the paired draws.

use comfy_table::{CellAlignment, Table, TableComponent, presets};

use super::format::{percent, thousands};
use crate::montecarlo::summary::{CorridorSummary, Probability, Summary};
use crate::scenario::what_if;

/// An empty table with `header` in the common look (a rule under the
/// header, no borders); columns from `first_right` on are right-aligned.
pub fn plain(header: &[&str], first_right: usize) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_style(TableComponent::HeaderLines, '─')
        .set_style(TableComponent::MiddleHeaderIntersections, '─')
        .set_header(header.to_vec());
    for (i, column) in t.column_iter_mut().enumerate() {
        if i >= first_right {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn pct(p: &Probability) -> String {
    percent(p.p)
}

fn or_dash(p: Option<&Probability>) -> String {
    p.map_or("–".into(), pct)
}

/// The run table's header; money columns in USD per `unit`.
fn run_header(unit: &str) -> Vec<String> {
    let usd = |what: &str| format!("{what} USD/{unit}");
    vec![
        "corridor".into(),
        "P50 days".into(),
        "P90 days".into(),
        usd("mean"),
        usd("P90"),
        usd("CVaR95"),
        "on time".into(),
        "loss".into(),
        "cheap.".into(),
        "best GC".into(),
        "chosen".into(),
    ]
}

/// One corridor's row; `chosen` is its share of the free choice.
fn run_row(c: &CorridorSummary, chosen: Option<&Probability>) -> Vec<String> {
    if c.reached.p == 0.0 {
        return vec![c.name.clone(), "no route".into()];
    }
    vec![
        c.name.clone(),
        format!("{:.1}", c.days.p50),
        format!("{:.1}", c.days.p90),
        thousands(c.usd.mean, 0),
        thousands(c.usd.p90, 0),
        thousands(c.usd.cvar95, 0),
        or_dash(c.on_time.as_ref()),
        pct(&c.loss),
        or_dash(c.cheapest.as_ref()),
        or_dash(c.lowest_generalized_cost.as_ref()),
        or_dash(chosen),
    ]
}

/// The compact table `corridor run` prints.
pub fn run_table(s: &Summary, scenario_name: &str) -> String {
    let header = run_header(&s.cargo_unit);
    let mut t = plain(&header.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    for c in &s.corridors {
        t.add_row(run_row(c, s.free_choice_shares.get(&c.id)));
    }
    t.add_row(run_row(&s.free_choice, None));
    let mut o = format!(
        "{scenario_name}: {} trials, seed {} · {} → {}\n",
        thousands(s.trials as f64, 0),
        s.manifest.seed,
        s.origin,
        s.destination
    );
    if let Some(what_if) = what_if(&s.manifest.overrides) {
        o.push_str(&what_if);
        o.push('\n');
    }
    o.push_str(&format!("\n{t}\n"));
    if let Some(other) = s.free_choice_shares.get("other").filter(|p| p.p > 0.0) {
        o.push_str(&format!(
            "(free choice used a route outside every corridor in {} of trials)\n",
            pct(other)
        ));
    }
    o.push_str(
        "\ncheap. = cheapest in the same trial (paired draws); best GC = lowest risk-weighted generalized cost;\nchosen = how often a shipper free to choose (risk weights as set) took that corridor.\n",
    );
    o.push('\n');
    for line in super::briefing::verdict_sentences(s)
        .into_iter()
        .chain(super::briefing::caveat_sentences(s))
    {
        o.push_str(&line.replace("**", ""));
        o.push('\n');
    }
    o
}
