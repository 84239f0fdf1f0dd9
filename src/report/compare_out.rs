//! A [`Comparison`] as the user reads it: the terminal table (each cell
//! "B (change)", within 100 columns), `compare.md` and `compare.csv` (A, B
//! and the change of every value, one row per corridor), and the text
//! chunks that tie the chart to the two summaries it was drawn from.

use std::fmt::Write as _;

use serde::Serialize;

use super::compare::{Comparison, Row, Side, Values};
use super::error::ReportError;
use super::format::thousands;
use super::manifest::{Plain, Stamp};
use super::table::plain;
use crate::scenario::InputFile;

/// The compared values: header, unit, and how to read one from [`Values`].
/// Reads one compared value.
type Get = fn(&Values) -> Option<f64>;

const COLUMNS: [(&str, Unit, Get); 5] = [
    ("P50 days", Unit::Days, |v| Some(v.p50_days)),
    ("P90 days", Unit::Days, |v| Some(v.p90_days)),
    ("mean USD", Unit::Usd, |v| Some(v.mean_usd)),
    ("CVaR95 USD", Unit::Usd, |v| Some(v.cvar95_usd)),
    ("free choice", Unit::Share, |v| v.share),
];

#[derive(Clone, Copy)]
enum Unit {
    Days,
    Usd,
    Share,
}

impl Unit {
    fn value(self, x: f64) -> String {
        match self {
            Unit::Days => format!("{x:.1}"),
            Unit::Usd => thousands(x, 0),
            Unit::Share => format!("{:.1}%", x * 100.0),
        }
    }

    /// A change, signed; shares change in percentage points.
    fn change(self, d: f64) -> String {
        let sign = if d > 0.0 {
            "+"
        } else if d < 0.0 {
            "−"
        } else {
            "±"
        };
        match self {
            Unit::Days => format!("{sign}{:.1}", d.abs()),
            Unit::Usd => format!("{sign}{}", thousands(d.abs(), 0)),
            Unit::Share => format!("{sign}{:.1} pp", d.abs() * 100.0),
        }
    }
}

/// A's value, B's value and the change, for one column of a row.
fn cell(row: &Row, col: usize) -> (Option<f64>, Option<f64>) {
    let get = COLUMNS[col].2;
    let of = |s: &Side| match s {
        Side::Reached(v) => get(v),
        _ => None,
    };
    (of(&row.a), of(&row.b))
}

/// What a side shows when it has no value.
fn missing(s: &Side) -> &'static str {
    match s {
        Side::Absent => "absent",
        Side::NoRoute => "no route",
        Side::Reached(_) => "–",
    }
}

/// The heading lines: which folder is A and which is B, and the notes.
fn heading(c: &Comparison) -> String {
    let mut o = String::new();
    for (tag, run) in [("A", &c.a), ("B", &c.b)] {
        let _ = writeln!(o, "{tag}: {} ({})", run.dir.display(), run.label());
    }
    for note in c.notes() {
        let _ = writeln!(o, "note: {note}");
    }
    o
}

/// The table `corridor compare` prints: B's value and the change from A.
pub fn table(c: &Comparison) -> String {
    let mut header = vec!["corridor"];
    header.extend(COLUMNS.iter().map(|(h, ..)| *h));
    let mut t = plain(&header, 1);
    for row in &c.rows {
        let mut cells = vec![row.id.clone()];
        for (i, (_, unit, _)) in COLUMNS.iter().enumerate() {
            cells.push(match cell(row, i) {
                (Some(a), Some(b)) => format!("{} ({})", unit.value(b), unit.change(b - a)),
                (None, Some(b)) => format!("{} (A: {})", unit.value(b), missing(&row.a)),
                (Some(_), None) => missing(&row.b).to_string(),
                (None, None) => "–".into(),
            });
        }
        t.add_row(cells);
    }
    let mut key = String::new();
    for row in &c.rows {
        let line = format!("  {} = {}", row.id, row.name);
        let _ = writeln!(key, "{}", fit(&line));
    }
    format!(
        "{}\n{t}\n\n{key}each cell: B's value (change from A); free choice: share of trials, change in percentage points.\n",
        heading(c)
    )
}

/// `line` cut to 100 columns.
fn fit(line: &str) -> String {
    if line.chars().count() <= 100 {
        return line.to_string();
    }
    format!("{}…", line.chars().take(99).collect::<String>())
}

/// `compare.md`: the heading, then A, B and the change per value.
pub fn markdown(c: &Comparison) -> String {
    let mut o = format!(
        "# Comparison: {} → {}\n\n",
        c.a.summary.manifest.scenario, c.b.summary.manifest.scenario
    );
    for line in heading(c).lines() {
        let _ = writeln!(o, "- {line}");
    }
    o.push_str("\n| corridor |");
    for (h, ..) in COLUMNS {
        let _ = write!(o, " {h} A | {h} B | change |");
    }
    o.push_str("\n|---|");
    o.push_str(&"---:|".repeat(COLUMNS.len() * 3));
    o.push('\n');
    for row in &c.rows {
        let _ = write!(o, "| {} |", row.name);
        for (i, (_, unit, _)) in COLUMNS.iter().enumerate() {
            let (a, b) = cell(row, i);
            let show =
                |x: Option<f64>, s: &Side| x.map_or(missing(s).to_string(), |x| unit.value(x));
            let change = a.zip(b).map_or("–".into(), |(a, b)| unit.change(b - a));
            let _ = write!(o, " {} | {} | {change} |", show(a, &row.a), show(b, &row.b));
        }
        o.push('\n');
    }
    o.push_str("\nChanges are B − A; free-choice shares change in percentage points (pp).\n");
    o
}

/// One row of `compare.csv`: one corridor and one value.
#[derive(Serialize)]
struct CsvRow<'a> {
    corridor: &'a str,
    name: &'a str,
    value: &'a str,
    a: Option<f64>,
    b: Option<f64>,
    change: Option<f64>,
}

/// `compare.csv`: one row per corridor and value, with A, B and B − A
/// (empty where a run has no value).
pub fn csv(c: &Comparison) -> Result<Vec<u8>, ReportError> {
    const KEYS: [&str; 5] = [
        "p50_days",
        "p90_days",
        "mean_usd",
        "cvar95_usd",
        "free_choice_share",
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &c.rows {
        for (i, key) in KEYS.iter().enumerate() {
            let (a, b) = cell(row, i);
            w.serialize(CsvRow {
                corridor: &row.id,
                name: &row.name,
                value: key,
                a,
                b,
                change: a.zip(b).map(|(a, b)| b - a),
            })?;
        }
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

/// The manifest of a comparison: the command that reproduces it and the
/// hashes of the two summaries it read.
pub fn manifest(c: &Comparison) -> Result<Stamp, ReportError> {
    let input = |r: &super::compare::Run| InputFile {
        path: r.dir.join("summary.json").display().to_string(),
        sha256: r.sha256.clone(),
    };
    let command = format!(
        "corridor compare {} {}",
        c.a.dir.display(),
        c.b.dir.display()
    );
    Stamp::plain(&Plain::hashed(command, vec![input(&c.a), input(&c.b)]))
}
