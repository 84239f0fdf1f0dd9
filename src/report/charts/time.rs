//! Charts of time: the transit-time CDF with the deadline, and the
//! UNESCAP time/cost–distance profile of each planned route.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::HouseMesh;

use super::{Xy, colour, err, heading, label, legend, line, nice_max, num, render, solid};
use crate::path::StepKind;
use crate::report::data::{ChartCorridor, ChartData, ProfilePoint};
use crate::report::error::ReportError;

fn line_style(c: &ChartCorridor) -> ShapeStyle {
    ShapeStyle::from(&colour(c.colour)).stroke_width(if solid(c) { 4 } else { 3 })
}

/// Cumulative distribution of transit days per corridor, deadline marked.
pub fn transit_cdf(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        // The axis shows the body of every curve: up to each corridor's
        // P95, or three times its median if the tail is heavier (a closure
        // of months, waited out, would otherwise squeeze every curve
        // together). What runs on beyond the axis is marked and said.
        let q = |c: &ChartCorridor, p: f64| c.cdf.iter().find(|x| x.1 >= p).map_or(0.0, |x| x.0);
        let body = |c: &ChartCorridor| q(c, 0.95).min(3.0 * q(c, 0.5));
        let longest = data.corridors.iter().map(body).fold(1.0, f64::max);
        let x_max = nice_max(longest.max(data.deadline_days.unwrap_or(0.0)) * 1.1);
        let area = heading(&root, "Transit time distribution", data)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..x_max, 0.0..1.0)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("Transit time (days; axis shows the body; ▶ and the legend say what runs on beyond it)")
            .y_desc("Share of shipments arrived (cumulative)")
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .house(22, 26)
            .draw()
            .map_err(err)?;
        let n = data.corridors.len();
        for (rank, c) in data.corridors.iter().enumerate() {
            // Earlier corridors wider, so curves that coincide stay visible.
            let style = line_style(c).stroke_width(3 + (4 * (n - rank) / n) as u32);
            // Start at zero so every curve rises from the axis; stop at the
            // first point past the axis.
            let first = c.cdf.first().map_or(0.0, |p| p.0);
            let cut = c
                .cdf
                .iter()
                .position(|p| p.0 > x_max)
                .map_or(c.cdf.len(), |i| i + 1);
            let points: Vec<(f64, f64)> = std::iter::once((first, 0.0))
                .chain(c.cdf[..cut].iter().map(|&(x, y)| (x.min(x_max), y)))
                .collect();
            let dashed = (!solid(c)).then_some(14);
            // What the axis cuts off: the share still under way at its end,
            // said in the legend and marked by an arrowhead on the edge.
            let arrived = points.last().map_or(0.0, |p| p.1);
            let text = match cut_off(c, x_max) {
                Some(tail) => {
                    chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((x_max, arrived))
                                + Polygon::new(
                                    vec![(0, 0), (-16, -9), (-16, 9)],
                                    colour(c.colour).filled(),
                                ),
                        ))
                        .map_err(err)?;
                    format!("{} — {tail}", label(c))
                }
                None => label(c),
            };
            line(&mut chart, points, style, dashed, Some((text, style)))?;
        }
        if let Some(d) = data.deadline_days {
            let red = ShapeStyle::from(&RGBColor(180, 0, 0)).stroke_width(3);
            chart
                .draw_series(DashedLineSeries::new(vec![(d, 0.0), (d, 1.0)], 10, 8, red))
                .map_err(err)?
                .label(format!("deadline: {} days", num(d)))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], red));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, 17)?;
        Ok(())
    })
}

/// The share of a corridor's shipments arrived by `days` (from its CDF).
fn share_by(c: &ChartCorridor, days: f64) -> f64 {
    c.cdf
        .iter()
        .take_while(|p| p.0 <= days)
        .last()
        .map_or(0.0, |p| p.1)
}

/// What an axis ending at `x_max` days cuts off a corridor's CDF: the
/// share arriving later, and its P99 (`None` if under 1% is cut).
fn cut_off(c: &ChartCorridor, x_max: f64) -> Option<String> {
    let later = 1.0 - share_by(c, x_max);
    let p99 = c.cdf.iter().find(|p| p.1 >= 0.99).map_or(0.0, |p| p.0);
    (p99 > x_max).then(|| format!("{:.0}% later, P99 {} days", later * 100.0, num(p99)))
}

/// Time/cost–distance (the UNESCAP method): cumulative days (top) and
/// USD (bottom) against cumulative km along each planned route; vertical
/// steps are time and money spent at borders, ports and transfers.
pub fn distance_profile(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let what = "Time and cost along the route (expected values)";
        let root = heading(&root, what, data)?;
        let (top, bottom) = root.split_vertically(460);
        let km_max = nice_max(profile_max(data, |p| p.km) * 1.02);
        profile_panel(&top, data, km_max, Panel::Time)?;
        profile_panel(&bottom, data, km_max, Panel::Cost)
    })
}

/// The two panels of the distance profile.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    /// Cumulative days.
    Time,
    /// Cumulative USD.
    Cost,
}

impl Panel {
    fn value(self, p: &ProfilePoint) -> f64 {
        match self {
            Panel::Time => p.days,
            Panel::Cost => p.usd,
        }
    }
}

/// The largest end value of any corridor's profile (at least 1).
fn profile_max(data: &ChartData, value: impl Fn(&ProfilePoint) -> f64) -> f64 {
    data.corridors
        .iter()
        .filter_map(|c| c.profile.last().map(&value))
        .fold(1.0, f64::max)
}

/// One panel: each corridor's profile against km, border crossings marked;
/// the cost panel carries the x axis title and the legend.
fn profile_panel(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    data: &ChartData,
    km_max: f64,
    panel: Panel,
) -> Result<(), ReportError> {
    let is_time = panel == Panel::Time;
    let y_max = nice_max(profile_max(data, |p| panel.value(p)) * 1.05);
    let mut chart = ChartBuilder::on(area)
        .margin(20)
        .margin_right(45)
        .x_label_area_size(if is_time { 40 } else { 70 })
        .y_label_area_size(120)
        .build_cartesian_2d(0.0..km_max, 0.0..y_max)
        .map_err(err)?;
    let x_fmt = |v: &f64| num(*v);
    let y_fmt = |v: &f64| if is_time { format!("{v:.0}") } else { num(*v) };
    let y_desc = if is_time {
        "Cumulative time (days)".to_string()
    } else {
        format!("Cumulative cost per {} (USD)", data.cargo_unit)
    };
    let mut mesh = chart.configure_mesh();
    mesh.y_desc(y_desc)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .house(20, 24);
    if !is_time {
        mesh.x_desc("Cumulative distance (km)");
    }
    mesh.draw().map_err(err)?;
    for c in &data.corridors {
        draw_profile(&mut chart, c, panel)?;
    }
    // Costs rise with distance, so the lower right of the cost panel is
    // where the legend hides nothing.
    if !is_time {
        legend(&mut chart, SeriesLabelPosition::LowerRight, 18)?;
    }
    Ok(())
}

/// A corridor's profile line with its border crossings as dots.
fn draw_profile<'a>(
    chart: &mut ChartContext<'a, BitMapBackend<'a>, Xy>,
    c: &ChartCorridor,
    panel: Panel,
) -> Result<(), ReportError> {
    let style = line_style(c);
    let points: Vec<(f64, f64)> = c.profile.iter().map(|p| (p.km, panel.value(p))).collect();
    let dashed = (!solid(c)).then_some(14);
    let entry = (panel == Panel::Cost).then(|| (label(c), style));
    line(chart, points, style, dashed, entry)?;
    let col = colour(c.colour);
    let borders = c
        .profile
        .iter()
        .filter(|p| p.kind == StepKind::Border)
        .map(|p| Circle::new((p.km, panel.value(p)), 7, col.filled()));
    chart.draw_series(borders).map_err(err)?;
    Ok(())
}
