//! Sensitivity results as the user reads them: the CSV files and terminal
//! tables of sweeps and tornados, and the sentences about break-evens.
//!
//! Numbers in the CSV files are written with Rust's shortest round-trip
//! `Display` (`1`, not `1.0`), as the files have always been.

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use super::format::thousands;
use crate::analysis::Metric;
use crate::analysis::sweep::{BreakEven, NoBreakEven, Sweep};
use crate::analysis::tornado::Tornado;

/// Width of terminal tables, in columns.
const TABLE_WIDTH: u16 = 100;

/// One row of `sweep_<param>.csv`: a corridor (or "other") at one value.
#[derive(Serialize)]
struct SweepRow {
    value: String,
    corridor: String,
    group: String,
    reached: String,
    mean: String,
    p10: String,
    p50: String,
    p90: String,
    free_choice_share: String,
}

/// One row of `tornado.csv`: an input's bar.
#[derive(Serialize)]
struct TornadoRow {
    param: String,
    base: String,
    low: String,
    high: String,
    difference_at_low: String,
    difference_at_high: String,
    swing: String,
    corridor_a: String,
    corridor_b: String,
}

/// CSV text of rows, header from the row struct's field names.
fn csv_text<R: Serialize>(rows: impl IntoIterator<Item = R>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("writing CSV to memory cannot fail");
    }
    String::from_utf8(w.into_inner().expect("in memory")).expect("CSV of UTF-8 text")
}

/// `sweep_<param>.csv`: one row per value and corridor, then "other".
pub fn sweep_csv(s: &Sweep) -> String {
    let rows = s.points.iter().flat_map(|p| {
        let corridors = p.corridors.iter().enumerate().map(|(i, c)| SweepRow {
            value: p.label(),
            corridor: c.id.clone(),
            group: c.group.name().into(),
            reached: c.reached.to_string(),
            mean: c.mean.to_string(),
            p10: c.p10.to_string(),
            p50: c.p50.to_string(),
            p90: c.p90.to_string(),
            free_choice_share: p.free_shares[i].to_string(),
        });
        let other = SweepRow {
            value: p.label(),
            corridor: "other".into(),
            group: "other".into(),
            reached: String::new(),
            mean: String::new(),
            p10: String::new(),
            p50: String::new(),
            p90: String::new(),
            free_choice_share: p.free_shares[p.corridors.len()].to_string(),
        };
        corridors.chain([other])
    });
    csv_text(rows)
}

/// `tornado.csv`: one row per input, largest swing first.
pub fn tornado_csv(t: &Tornado) -> String {
    csv_text(t.bars.iter().map(|b| TornadoRow {
        param: b.key.clone(),
        base: b.base.to_string(),
        low: b.low.to_string(),
        high: b.high.to_string(),
        difference_at_low: b.at_low.to_string(),
        difference_at_high: b.at_high.to_string(),
        swing: b.swing().to_string(),
        corridor_a: t.pair.a.id.clone(),
        corridor_b: t.pair.b.id.clone(),
    }))
}

/// A borderless table: at most [`TABLE_WIDTH`] wide with wrapped headers
/// when the data fits, else as wide as it needs. Data cells never wrap (a
/// key stays one word to copy). Numbers are right-aligned from column
/// `first_number` on.
fn table(header: Vec<String>, rows: Vec<Vec<String>>, first_number: usize) -> Table {
    let widest: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(1)
        })
        .collect();
    let fits = widest.iter().map(|w| w + 2).sum::<usize>() <= usize::from(TABLE_WIDTH);
    let mut t = Table::new();
    t.load_preset(presets::NOTHING).set_header(header);
    if fits {
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(TABLE_WIDTH);
    }
    for (i, w) in widest.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            // The boundary counts the padding of one space on each side.
            let width = u16::try_from(*w + 2).unwrap_or(u16::MAX);
            c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
            if i >= first_number {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    for r in rows {
        t.add_row(r);
    }
    t
}

/// A borderless table whose columns are exactly as wide as their widest
/// line (header lines included) plus one space before: nine corridors fit
/// in [`TABLE_WIDTH`] columns. The first column is left-aligned, the
/// others right-aligned.
fn narrow_table(header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    let width = |cell: &str| cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let widest: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .chain(header.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(1)
        })
        .collect();
    let mut t = Table::new();
    t.load_preset(presets::NOTHING).set_header(header);
    for (i, w) in widest.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            let width = u16::try_from(*w + 1).unwrap_or(u16::MAX);
            c.set_padding((1, 0))
                .set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            if i > 0 {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    for r in rows {
        t.add_row(r);
    }
    t
}

/// A value for a table: the text, else the number with thousands
/// separators from 1,000 on and at most four decimals below.
fn value_cell(p: &crate::analysis::Point) -> String {
    match &p.text {
        Some(t) => t.clone(),
        None if p.value.abs() >= 1000.0 => thousands(p.value, 0),
        None => {
            let s = format!("{:.4}", p.value);
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// A metric value: thousands separators, one decimal below 100.
fn metric_cell(x: f64) -> String {
    thousands(x, if x.abs() < 100.0 { 1 } else { 0 })
}

/// The longest part of a column head left whole (its joining hyphen
/// aside).
const HEAD_LINE: usize = 8;

/// A corridor id as a column head: one line per hyphenated part; a part
/// longer than [`HEAD_LINE`] is broken with a hyphen, never leaving fewer
/// than three letters on a line, so that nine corridors fit in
/// [`TABLE_WIDTH`] columns (ten and "other" when their ids are short).
fn head(id: &str) -> String {
    let parts: Vec<&str> = id.split('-').collect();
    let mut lines = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let chars: Vec<char> = part.chars().collect();
        let mut rest = &chars[..];
        while rest.len() > HEAD_LINE {
            let (line, tail) = rest.split_at((HEAD_LINE - 1).min(rest.len() - 3));
            lines.push(format!("{}-", line.iter().collect::<String>()));
            rest = tail;
        }
        let end = if i + 1 < parts.len() { "-" } else { "" };
        lines.push(format!("{}{end}", rest.iter().collect::<String>()));
    }
    lines.join("\n")
}

/// The unit of the metric in a sweep's table.
fn unit(metric: Metric, cargo_unit: &str) -> String {
    match metric {
        Metric::Days => "days".into(),
        _ => format!("USD per {cargo_unit}"),
    }
}

/// The sweep for the terminal, at most [`TABLE_WIDTH`] columns: the mean
/// metric per corridor and value, the free choice's shares, a legend of
/// the corridor ids, then the break-evens (or, for text values, the
/// better of the compared corridors at each value).
pub fn sweep_table(s: &Sweep, metric: Metric) -> String {
    let Some(first) = s.points.first() else {
        return String::new();
    };
    let short_key = s.key.rsplit('.').next().unwrap_or(&s.key).to_string();
    let heads = |other: bool| -> Vec<String> {
        let ids = first.corridors.iter().map(|c| head(&c.id));
        let other = other.then(|| "other".to_string());
        std::iter::once(short_key.clone())
            .chain(ids)
            .chain(other)
            .collect()
    };
    let means = s.points.iter().map(|p| {
        let cells = p.corridors.iter().map(|c| {
            if c.reached > 0.0 {
                metric_cell(c.mean)
            } else {
                "–".into()
            }
        });
        std::iter::once(value_cell(p)).chain(cells).collect()
    });
    let shares = s.points.iter().map(|p| {
        let cells = p.free_shares.iter().map(|f| format!("{:.0}%", 100.0 * f));
        std::iter::once(value_cell(p)).chain(cells).collect()
    });
    let mut o = format!(
        "sweep of {} — mean {} ({}) per corridor; – = no route\n{}\n\nfree choice: share of trials per corridor\n{}\n\n",
        s.key,
        metric.name(),
        unit(metric, &s.cargo_unit),
        narrow_table(heads(false), means.collect()),
        narrow_table(heads(true), shares.collect()),
    );
    o.push_str(&legend(s));
    o.push_str(&sweep_findings(s));
    o
}

/// One line per corridor: id → name, the compared two marked A and B.
fn legend(s: &Sweep) -> String {
    let mut o = String::new();
    for c in &s.points[0].corridors {
        let mark = if c.id == s.pair.a.id {
            "A"
        } else if c.id == s.pair.b.id {
            "B"
        } else {
            " "
        };
        o.push_str(&fit(&format!("  {mark} {} = {}", c.id, c.name)));
        o.push('\n');
    }
    o.push_str(&format!(
        "compared: A − B ({} − {}); negative: A better\n",
        s.pair.a.id, s.pair.b.id
    ));
    o
}

/// A line cut to [`TABLE_WIDTH`] characters, with "…" when cut.
fn fit(line: &str) -> String {
    let max = usize::from(TABLE_WIDTH);
    if line.chars().count() <= max {
        return line.to_string();
    }
    let cut: String = line.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// The break-evens of a numeric sweep, or who is better at each text value.
fn sweep_findings(s: &Sweep) -> String {
    let mut o = String::new();
    if s.is_text() {
        let at: Vec<String> = s
            .points
            .iter()
            .map(|p| match s.pair.better(p) {
                Some(side) => format!("{} better at {}", side.id, value_cell(p)),
                None => format!(
                    "no comparison at {} (a corridor has no route)",
                    value_cell(p)
                ),
            })
            .collect();
        o.push('\n');
        for line in at {
            o.push_str(&format!("{line}\n"));
        }
        return o;
    }
    if s.break_evens.is_empty() {
        o.push_str(&format!(
            "\nno break-even between {} and {} in the swept range\n",
            s.pair.a.id, s.pair.b.id
        ));
    }
    for b in &s.break_evens {
        o.push_str(&format!(
            "\nbreak-even: {} stays better until {} = {:.4} (± {:.1e});\n  above it {} is better\n",
            b.better_below, s.key, b.value, b.tolerance, b.better_above
        ));
    }
    o
}

/// One sentence about a break-even.
pub fn describe(key: &str, b: &BreakEven) -> String {
    format!(
        "{} ({}) stays better until {key} = {:.4} (± {:.1e}); above it {} ({}) is better",
        b.below_name, b.better_below, b.value, b.tolerance, b.above_name, b.better_above
    )
}

/// One sentence about an interval without a break-even.
pub fn describe_none(n: &NoBreakEven) -> String {
    format!(
        "no break-even for {} in [{}, {}]: {} stays better throughout ({} − {}: {:.0} at {}, {:.0} at {})",
        n.key, n.lo, n.hi, n.better, n.pair.a.id, n.pair.b.id, n.at_lo, n.lo, n.at_hi, n.hi
    )
}

/// The tornado for the terminal, largest swing first.
pub fn tornado_table(t: &Tornado, metric: &str) -> String {
    let header = [
        "input",
        "base",
        "low",
        "high",
        "diff @ low",
        "diff @ high",
        "swing",
    ];
    let rows = t.bars.iter().map(|b| {
        vec![
            b.key.clone(),
            format!("{:.4}", b.base),
            format!("{:.4}", b.low),
            format!("{:.4}", b.high),
            format!("{:.1}", b.at_low),
            format!("{:.1}", b.at_high),
            format!("{:.1}", b.swing()),
        ]
    });
    let table = table(header.map(String::from).to_vec(), rows.collect(), 1);
    format!(
        "tornado: {a} − {b}, mean {metric} = {:.1} at base values; each input ±{:.0}%\n{}\n{}\n\n{table}\n\nnegative difference: {a} is better.\n",
        t.base,
        t.delta * 100.0,
        fit(&format!("  {} = {}", t.pair.a.id, t.pair.a.name)),
        fit(&format!("  {} = {}", t.pair.b.id, t.pair.b.name)),
        a = t.pair.a.id,
        b = t.pair.b.id,
    )
}

/// A file-name-safe form of a parameter key.
pub fn file_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_column_head_has_short_lines() {
        assert_eq!(super::head("cpec"), "cpec");
        assert_eq!(super::head("trans-afghan"), "trans-\nafghan");
        assert_eq!(
            super::head("russia-novorossiysk"),
            "russia-\nnovoros-\nsiysk"
        );
        assert_eq!(super::head("middle-corridor"), "middle-\ncorridor");
        assert_eq!(super::head("western-karachi"), "western-\nkarachi");
        assert_eq!(
            super::head("via-hairatan-torkham"),
            "via-\nhairatan-\ntorkham"
        );
        assert_eq!(super::head("abcdefghij-x"), "abcdefg-\nhij-\nx");
    }
}
