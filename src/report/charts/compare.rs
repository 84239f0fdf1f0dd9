//! The chart of `corridor compare`: per corridor, a line from run A's value
//! (hollow marker) to run B's (filled), in three panels — transit days
//! (P50 circle, P90 triangle), USD (mean circle, CVaR95 triangle) and the
//! free choice's share. A line's length is the change; its direction says
//! which way.

use plotters::prelude::*;

use super::HouseMesh;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Area, WIDTH, Xy, colour, err, font, num, render_sized, titled};
use crate::report::compare::{Comparison, Row, Side, Values};
use crate::report::error::ReportError;

/// Width of the column of corridor names, pixels.
const NAMES: u32 = 420;

/// One panel: its axis label, the formatter of its axis and the (first,
/// second) values it shows per row.
struct Panel {
    label: &'static str,
    percent: bool,
    get: [fn(&Values) -> Option<f64>; 2],
}

const PANELS: [Panel; 3] = [
    Panel {
        label: "transit days (● P50, ▲ P90)",
        percent: false,
        get: [|v| Some(v.p50_days), |v| Some(v.p90_days)],
    },
    Panel {
        label: "USD (● mean, ▲ CVaR95)",
        percent: false,
        get: [|v| Some(v.mean_usd), |v| Some(v.cvar95_usd)],
    },
    Panel {
        label: "free choice: share of trials",
        percent: true,
        get: [|v| v.share, |_| None],
    },
];

fn values(s: &Side) -> Option<&Values> {
    match s {
        Side::Reached(v) => Some(v),
        _ => None,
    }
}

/// The axis range of a panel: every value of both runs, padded.
fn range(c: &Comparison, p: &Panel) -> std::ops::Range<f64> {
    if p.percent {
        return 0.0..1.0;
    }
    let all: Vec<f64> = c
        .rows
        .iter()
        .flat_map(|r| [values(&r.a), values(&r.b)])
        .flatten()
        .flat_map(|v| p.get.iter().filter_map(move |g| g(v)))
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.02).max(0.5);
    (lo - pad).max(0.0)..hi + pad
}

/// A corridor's name for the names column: up to its first " (", at
/// most 38 characters.
fn short(name: &str) -> String {
    let head = name.split(" (").next().unwrap_or(name);
    if head.chars().count() <= 38 {
        head.to_string()
    } else {
        format!("{}…", head.chars().take(37).collect::<String>())
    }
}

/// The comparison chart.
pub fn compare_chart(c: &Comparison) -> Result<Vec<u8>, ReportError> {
    let n = c.rows.len();
    let height = (300 + 80 * n as u32).max(700);
    render_sized(height, |root| {
        let title = format!("Run A → run B: {} → {}", c.a.name(), c.b.name());
        let subtitle = format!("A: {} · B: {}", c.a.label(), c.b.label());
        let changed = !c.a.summary.manifest.overrides.is_empty()
            || !c.b.summary.manifest.overrides.is_empty();
        let body = titled(&root, &title, changed.then_some(subtitle.as_str()))?;
        let (body, footer) = body.split_vertically(body.dim_in_pixel().1 - 50);
        footer
            .draw(&Text::new(
                "hollow: run A · filled: run B · the line runs from A to B",
                (NAMES as i32, 10),
                font(22),
            ))
            .map_err(err)?;
        let (names, panels) = body.split_horizontally(NAMES);
        let widths = (WIDTH - NAMES) / 3;
        let (first, rest) = panels.split_horizontally(widths);
        let (second, third) = rest.split_horizontally(widths);
        for (i, (area, panel)) in [first, second, third].iter().zip(&PANELS).enumerate() {
            draw_panel(area, panel, c, (i == 0).then_some(&names))?;
        }
        Ok(())
    })
}

/// Draws one panel; the first also writes the corridor names into `names`.
fn draw_panel(
    area: &Area<'_>,
    p: &Panel,
    c: &Comparison,
    names: Option<&Area<'_>>,
) -> Result<(), ReportError> {
    let n = c.rows.len() as f64;
    let mut chart = ChartBuilder::on(area)
        .margin(20)
        .margin_right(40)
        .x_label_area_size(70)
        .y_label_area_size(10)
        .build_cartesian_2d(range(c, p), 0.0..n)
        .map_err(err)?;
    let fmt = |v: &f64| {
        if p.percent {
            format!("{:.0}%", v * 100.0)
        } else {
            num(*v)
        }
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(if p.percent { 6 } else { 4 })
        .x_label_formatter(&fmt)
        .x_desc(p.label)
        .house(18, 20)
        .draw()
        .map_err(err)?;
    for (i, row) in c.rows.iter().enumerate() {
        let y = n - i as f64 - 0.5;
        let col = colour(row.colour);
        if let Some(names) = names {
            let (_, py) = chart.backend_coord(&(chart.x_range().start, y));
            let (ox, oy) = names.get_base_pixel();
            let style = font(19)
                .pos(Pos::new(HPos::Right, VPos::Center))
                .color(&col);
            names
                .draw(&Text::new(
                    short(&row.name),
                    (NAMES as i32 - 10 - ox, py - oy),
                    style,
                ))
                .map_err(err)?;
        }
        draw_row(&mut chart, p, row, y, col)?;
    }
    Ok(())
}

/// Draws one row of a panel: per value, A's hollow marker, B's filled one
/// and the line between them.
fn draw_row(
    chart: &mut ChartContext<'_, BitMapBackend<'_>, Xy>,
    p: &Panel,
    row: &Row,
    y: f64,
    col: RGBColor,
) -> Result<(), ReportError> {
    for (k, get) in p.get.iter().enumerate() {
        let at = |s: &Side| values(s).and_then(get);
        // The first value above the row's middle, the second below.
        let y = match (p.percent, k) {
            (true, _) => y,
            (false, 0) => y + 0.15,
            (false, _) => y - 0.15,
        };
        let (a, b) = (at(&row.a), at(&row.b));
        if let (Some(a), Some(b)) = (a, b) {
            chart
                .draw_series([PathElement::new(vec![(a, y), (b, y)], col.stroke_width(3))])
                .map_err(err)?;
        }
        for (x, filled) in [(a, false), (b, true)] {
            let Some(x) = x else { continue };
            let style = if filled {
                col.filled()
            } else {
                col.stroke_width(3)
            };
            if k == 0 {
                chart
                    .draw_series([Circle::new((x, y), 8, style)])
                    .map_err(err)?;
            } else {
                chart
                    .draw_series([TriangleMarker::new((x, y), 9, style)])
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}
