//! The sweep chart: a metric against a parameter, with P10–P90 bands,
//! break-evens marked, and the free choice's shares.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::HouseMesh;

use super::{Titles, Xy, colour, corridor_colours, err, font, line, num, render, titled};
use crate::analysis::Metric;
use crate::analysis::sweep::Sweep;
use crate::report::error::ReportError;
use crate::scenario::Group;

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Chart<'a> = ChartContext<'a, BitMapBackend<'a>, Xy>;

/// The metric per corridor against the swept parameter (top) and the free
/// choice's corridor shares (bottom).
pub fn sweep_chart(s: &Sweep, metric: Metric, scenario: &Titles) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let title = format!(
            "{} against {} — {}",
            metric.name().to_uppercase(),
            s.key,
            scenario.name
        );
        let root = titled(&root, &title, scenario.what_if.as_deref())?;
        // Plots on the left, the legend in its own column on the right.
        let (plots, legend) = root.split_horizontally(1120);
        let (top, bottom) = plots.split_vertically(560);
        let x = x_range(s);
        let y = metric_range(s);
        let mut chart = ChartBuilder::on(&top)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(40)
            .y_label_area_size(120)
            .build_cartesian_2d(x.clone(), y.clone())
            .map_err(err)?;
        let y_fmt = |v: &f64| num(*v);
        let x_fmt = |v: &f64| x_label(s, *v);
        let mut mesh = chart.configure_mesh();
        mesh.y_desc(metric.label(&s.cargo_unit))
            .y_label_formatter(&y_fmt)
            .house(20, 22);
        if s.is_text() {
            mesh.x_labels(s.points.len()).x_label_formatter(&x_fmt);
        }
        mesh.draw().map_err(err)?;
        draw_corridors(&mut chart, s)?;
        draw_break_evens(&mut chart, s, &x, &y)?;
        draw_sweep_legend(&legend, s)?;
        draw_shares(&bottom, s, x)
    })
}

/// The x axis: the swept values, or for text values their positions with
/// half a step of margin on each side (categorical).
fn x_range(s: &Sweep) -> Range<f64> {
    if s.is_text() {
        return -0.5..(s.points.len() as f64 - 0.5);
    }
    s.points.first().map_or(0.0, |p| p.value)..s.points.last().map_or(1.0, |p| p.value)
}

/// An x label of a text sweep: the text value at a whole position, none
/// between.
fn x_label(s: &Sweep, v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    s.points
        .get(i as usize)
        .and_then(|p| p.text.clone())
        .unwrap_or_default()
}

/// The metric axis: from below the lowest P10 to above the highest P90 of
/// corridors that had a route.
fn metric_range(s: &Sweep) -> Range<f64> {
    let all = || {
        s.points
            .iter()
            .flat_map(|p| p.corridors.iter().filter(|c| c.reached > 0.0))
    };
    let y_max = all().map(|c| c.p90).fold(1.0, f64::max) * 1.03;
    let y_min = all()
        .map(|c| c.p10)
        .fold(f64::INFINITY, f64::min)
        .min(y_max)
        * 0.97;
    let y_min = if y_min.is_finite() {
        y_min.max(0.0)
    } else {
        0.0
    };
    y_min..y_max
}

/// The number of corridors in a sweep.
fn corridor_count(s: &Sweep) -> usize {
    s.points.first().map_or(0, |p| p.corridors.len())
}

/// Whether corridor `i` of a sweep is drawn solid (southern).
fn sweep_solid(s: &Sweep, i: usize) -> bool {
    s.points[0].corridors[i].group == Group::Southern
}

/// The colour of corridor `i` of a sweep: the one it has in every chart.
fn sweep_colour(s: &Sweep, i: usize) -> RGBColor {
    let ids = s
        .points
        .first()
        .into_iter()
        .flat_map(|p| p.corridors.iter().map(|c| (c.id.as_str(), c.colour)));
    colour(corridor_colours(ids)[i])
}

/// The line style of corridor `i` of a sweep.
fn sweep_style(s: &Sweep, i: usize) -> ShapeStyle {
    ShapeStyle::from(&sweep_colour(s, i)).stroke_width(if sweep_solid(s, i) { 4 } else { 3 })
}

/// Each corridor's P10–P90 band and its mean line; for text values (no
/// order between them) a whisker and a dot per value instead.
fn draw_corridors<'a>(chart: &mut Chart<'a>, s: &Sweep) -> Result<(), ReportError> {
    if s.is_text() {
        return draw_categories(chart, s);
    }
    for i in 0..corridor_count(s) {
        let col = sweep_colour(s, i);
        let band: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|p| (p.value, p.corridors[i].p90))
            .chain(s.points.iter().rev().map(|p| (p.value, p.corridors[i].p10)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, col.mix(0.12).filled())))
            .map_err(err)?;
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|p| (p.value, p.corridors[i].mean))
            .collect();
        let dashed = (!sweep_solid(s, i)).then_some(14);
        line(chart, points, sweep_style(s, i), dashed, None)?;
    }
    Ok(())
}

/// Per text value and corridor: the P10–P90 whisker and the mean as a dot,
/// the corridors side by side around the value's position.
fn draw_categories<'a>(chart: &mut Chart<'a>, s: &Sweep) -> Result<(), ReportError> {
    let n = corridor_count(s);
    for i in 0..n {
        let offset = (i as f64 - (n as f64 - 1.0) / 2.0) * 0.6 / n.max(1) as f64;
        let col = sweep_colour(s, i);
        for p in s.points.iter() {
            let c = &p.corridors[i];
            if c.reached <= 0.0 {
                continue;
            }
            let x = p.value + offset;
            chart
                .draw_series([PathElement::new(
                    vec![(x, c.p10), (x, c.p90)],
                    col.stroke_width(3),
                )])
                .map_err(err)?;
            chart
                .draw_series([Circle::new((x, c.mean), 7, col.filled())])
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Break-evens as dashed red verticals, each with its value.
fn draw_break_evens(
    chart: &mut Chart<'_>,
    s: &Sweep,
    x: &Range<f64>,
    y: &Range<f64>,
) -> Result<(), ReportError> {
    let red = ShapeStyle::from(&RGBColor(180, 0, 0)).stroke_width(3);
    for b in &s.break_evens {
        chart
            .draw_series(DashedLineSeries::new(
                vec![(b.value, y.start), (b.value, y.end)],
                10,
                8,
                red,
            ))
            .map_err(err)?;
        let at = (
            b.value + (x.end - x.start) * 0.01,
            y.end - (y.end - y.start) * 0.04,
        );
        chart
            .draw_series(std::iter::once(Text::new(
                format!("break-even {:.3}", b.value),
                at,
                font(20),
            )))
            .map_err(err)?;
    }
    Ok(())
}

/// The legend column: one entry per corridor, then notes on reading it.
fn draw_sweep_legend(legend: &Area<'_>, s: &Sweep) -> Result<(), ReportError> {
    let n = corridor_count(s);
    for i in 0..n {
        let c0 = &s.points[0].corridors[i];
        let y = 40 + 30 * i as i32;
        legend
            .draw(&PathElement::new(vec![(10, y), (50, y)], sweep_style(s, i)))
            .map_err(err)?;
        let name: String = c0.name.chars().take(42).collect();
        let more = if c0.name.chars().count() > 42 {
            "…"
        } else {
            ""
        };
        let text = format!("{name}{more} ({})", c0.group.name());
        legend
            .draw(&Text::new(text, (58, y - 9), font(15)))
            .map_err(err)?;
    }
    let note_y = 60 + 30 * n as i32;
    let short = |n: &str| n.chars().take(34).collect::<String>();
    let notes = [
        if s.is_text() {
            "dots: mean; whiskers: P10–P90"
        } else {
            "lines: mean; bands: P10–P90"
        }
        .to_string(),
        if s.is_text() {
            "compared (A − B):"
        } else {
            "dashed red: break-even of A − B"
        }
        .to_string(),
        format!("A: {}", short(&s.pair.a.name)),
        format!("B: {}", short(&s.pair.b.name)),
    ];
    for (k, text) in notes.iter().enumerate() {
        legend
            .draw(&Text::new(
                text.as_str(),
                (10, note_y + 22 * k as i32),
                font(15),
            ))
            .map_err(err)?;
    }
    Ok(())
}

/// The free choice's share of each corridor against the swept parameter.
fn draw_shares(area: &Area<'_>, s: &Sweep, x: Range<f64>) -> Result<(), ReportError> {
    let mut shares = ChartBuilder::on(area)
        .margin(20)
        .margin_right(40)
        .x_label_area_size(60)
        .y_label_area_size(120)
        .build_cartesian_2d(x, 0.0..1.0)
        .map_err(err)?;
    let pct = |v: &f64| format!("{:.0}%", v * 100.0);
    let x_fmt = |v: &f64| x_label(s, *v);
    let mut mesh = shares.configure_mesh();
    mesh.x_desc(s.key.as_str())
        .y_desc("Free choice: share of trials")
        .y_label_formatter(&pct)
        .house(20, 22);
    if s.is_text() {
        mesh.x_labels(s.points.len()).x_label_formatter(&x_fmt);
    }
    mesh.draw().map_err(err)?;
    for i in 0..corridor_count(s) {
        let style = ShapeStyle::from(&sweep_colour(s, i)).stroke_width(3);
        let points: Vec<(f64, f64)> = s
            .points
            .iter()
            .map(|p| (p.value, p.free_shares[i]))
            .collect();
        // Text values have no order between them: dots only.
        if !s.is_text() {
            line(&mut shares, points, style, None, None)?;
        }
        shares
            .draw_series(
                s.points.iter().map(|p| {
                    Circle::new((p.value, p.free_shares[i]), 5, sweep_colour(s, i).filled())
                }),
            )
            .map_err(err)?;
    }
    Ok(())
}
