//! Sensitivity results as the user reads them: the CSV files and terminal
//! tables of sweeps and tornados, and the sentences about break-evens.
//!
//! Numbers in the CSV files are written with Rust's shortest round-trip
//! `Display` (`1`, not `1.0`), as the files have always been.

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use crate::analysis::sweep::{BreakEven, NoBreakEven, Sweep};
use crate::analysis::tornado::Tornado;
use crate::scenario::Group;

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
            value: p.value.to_string(),
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
            value: p.value.to_string(),
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

/// The sweep for the terminal: mean metric per corridor and value, the
/// free choice's share in brackets, then the break-evens.
pub fn sweep_table(s: &Sweep, metric: &str) -> String {
    let Some(first) = s.points.first() else {
        return String::new();
    };
    let short_key = s.key.rsplit('.').next().unwrap_or(&s.key).to_string();
    let header = std::iter::once(short_key)
        .chain(
            first
                .corridors
                .iter()
                .map(|c| c.name.chars().take(22).collect()),
        )
        .collect();
    let rows = s.points.iter().map(|p| {
        let cells = p.corridors.iter().enumerate().map(|(i, c)| {
            if c.reached > 0.0 {
                format!("{:.1} [{:.0}%]", c.mean, 100.0 * p.free_shares[i])
            } else {
                "no route".into()
            }
        });
        std::iter::once(format!("{:.4}", p.value))
            .chain(cells)
            .collect()
    });
    let t = table(header, rows.collect(), 0);
    let mut o = format!(
        "sweep of {} — mean {metric} per corridor (free-choice share in brackets)\n{t}\n",
        s.key
    );
    if s.break_evens.is_empty() {
        o.push_str("\nno break-even between the best southern and best traditional corridor in the swept range\n");
    }
    for b in &s.break_evens {
        o.push_str(&format!("\nbreak-even: {}\n", describe(&s.key, b)));
    }
    o
}

/// One sentence about a break-even.
pub fn describe(key: &str, b: &BreakEven) -> String {
    let (better, other, name, other_name) = match b.better_below {
        Group::Southern => ("southern", "traditional", &b.southern, &b.traditional),
        _ => ("traditional", "southern", &b.traditional, &b.southern),
    };
    format!(
        "the best {better} corridor ({name}) stays better until {key} = {:.4} (± {:.1e}); above it the best {other} corridor ({other_name}) is better",
        b.value, b.tolerance
    )
}

/// One sentence about an interval without a break-even.
pub fn describe_none(n: &NoBreakEven) -> String {
    format!(
        "no break-even for {} in [{}, {}]: the best {} corridor stays better throughout (southern − traditional: {:.0} at {}, {:.0} at {})",
        n.key, n.lo, n.hi, n.better, n.at_lo, n.lo, n.at_hi, n.hi
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
        "tornado: best southern − best traditional mean {metric} = {:.1} at base values; each input ±{:.0}%\n\n{table}\n\nnegative difference: the southern corridor is better.\n",
        t.base,
        t.delta * 100.0
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
