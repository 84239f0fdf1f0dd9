//! Charts that compare corridors side by side: cost against time, the cost
//! distribution, and where the money goes.

use plotters::prelude::*;

use super::HouseMesh;
use strum::IntoEnumIterator as _;

use super::{colour, err, font, heading, label, legend, nice_max, num, render, solid};
use crate::cost::CostPart;
use crate::report::data::{ChartCorridor, ChartData};
use crate::report::error::ReportError;
use crate::scenario::Group;

type Chart<'a, 'b> = ChartContext<'a, BitMapBackend<'b>, super::Xy>;

/// Cost vs time: each corridor's P50 USD against P50 days, with P10–P90
/// whiskers both ways.
pub fn cost_vs_time(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    let y_desc = format!("Cost per {} (USD)", data.cargo_unit);
    render(|root| {
        let x_max = nice_max(data.corridors.iter().map(|c| c.days[2]).fold(1.0, f64::max) * 1.08);
        let y_max = nice_max(data.corridors.iter().map(|c| c.usd[5]).fold(1.0, f64::max) * 1.08);
        let area = heading(&root, "Cost vs transit time (P50, whiskers P10–P90)", data)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("Transit time (days)")
            .y_desc(y_desc.as_str())
            .y_label_formatter(&|v| num(*v))
            .house(22, 26)
            .draw()
            .map_err(err)?;
        for c in &data.corridors {
            let col = colour(c.colour);
            let style = ShapeStyle::from(&col).stroke_width(3);
            let (x, y) = (c.days[1], c.usd[3]);
            chart
                .draw_series(std::iter::once(ErrorBar::new_horizontal(
                    y, c.days[0], x, c.days[2], style, 16,
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(ErrorBar::new_vertical(
                    x, c.usd[1], y, c.usd[5], style, 16,
                )))
                .map_err(err)?;
            let style = marker_style(c.group, col);
            chart
                .draw_series(std::iter::once(Circle::new((x, y), 12, style)))
                .map_err(err)?
                .label(label(c))
                .legend(move |(lx, ly)| Circle::new((lx + 10, ly), 10, style));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, 20)?;
        Ok(())
    })
}

/// Marker style: filled (southern), thick hollow (traditional), thin
/// hollow (other).
fn marker_style(group: Group, col: RGBColor) -> ShapeStyle {
    match group {
        Group::Southern => col.filled(),
        Group::Traditional => ShapeStyle::from(&col).stroke_width(5),
        Group::Other => ShapeStyle::from(&col).stroke_width(2),
    }
}

/// Horizontal rows, one per corridor, with the name above each row.
fn rows<'a>(
    data: &'a ChartData,
    what: &str,
    x_desc: &str,
    x_max: f64,
    draw_row: impl Fn(
        &mut ChartContext<
            '_,
            BitMapBackend<'_>,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        f64,
        &'a ChartCorridor,
    ) -> Result<(), ReportError>,
    parts: &[(&str, RGBColor)],
) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let n = data.corridors.len().max(1) as f64;
        let area = heading(&root, what, data)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(20)
            .build_cartesian_2d(0.0..x_max, 0.0..n)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(x_desc)
            .x_label_formatter(&|v| num(*v))
            .house(22, 26)
            .draw()
            .map_err(err)?;
        for (i, c) in data.corridors.iter().enumerate() {
            // Row i from the top.
            let y = n - i as f64 - 0.62;
            let col = colour(c.colour);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x_max * 0.004, y + 0.30), (x_max * 0.016, y + 0.46)],
                    col.filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label(c),
                    (x_max * 0.022, y + 0.47),
                    font(21),
                )))
                .map_err(err)?;
            draw_row(&mut chart, y, c)?;
        }
        if !parts.is_empty() {
            for (name, col) in parts {
                let col = *col;
                chart
                    .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                    .map_err(err)?
                    .label(*name)
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 8), (x + 20, y + 8)], col.filled())
                    });
            }
            legend(&mut chart, SeriesLabelPosition::LowerRight, 20)?;
        }
        Ok(())
    })
}

/// The tail beyond VaR95 (P95) up to P99, shaded.
const TAIL: RGBColor = RGBColor(246, 196, 190);
/// CVaR95, the mean of the costliest 5% of trials.
const CVAR: RGBColor = RGBColor(170, 0, 0);

/// Cost distribution per corridor: box P25–P75 with the median, whiskers
/// P5–P95, the mean as a diamond, and the tail that CVaR measures: shaded
/// from P95 (VaR95) to P99, with CVaR95 marked and labelled.
pub fn cost_box(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    let x_max = nice_max(
        data.corridors
            .iter()
            .map(|c| c.usd[6].max(c.usd_tail[0]).max(c.usd_tail[1]))
            .fold(1.0, f64::max)
            * 1.08,
    );
    let legend = [
        ("tail beyond VaR95 (P95), to P99", TAIL),
        ("CVaR95: mean of the costliest 5%", CVAR),
    ];
    rows(
        data,
        &format!(
            "Cost per {}: box P25–P75, line median, whiskers P5–P95, ◆ mean, tail to CVaR",
            data.cargo_unit
        ),
        &format!("Cost per {} (USD)", data.cargo_unit),
        x_max,
        |chart, y, c| {
            let col = colour(c.colour);
            let fill = if solid(c) {
                col.mix(0.55).filled()
            } else {
                WHITE.filled()
            };
            let edge = ShapeStyle::from(&col).stroke_width(3);
            let [p5, _, p25, p50, p75, _, p95] = c.usd;
            let p99 = c.usd_tail[0];
            let (lo, hi, mid) = (y - 0.05, y + 0.22, y + 0.085);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(p95, lo + 0.03), (p99.max(p95), hi - 0.03)],
                    TAIL.filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series([
                    PathElement::new(vec![(p5, mid), (p25, mid)], edge),
                    PathElement::new(vec![(p75, mid), (p95, mid)], edge),
                    PathElement::new(vec![(p5, lo + 0.05), (p5, hi - 0.05)], edge),
                    PathElement::new(vec![(p95, lo + 0.05), (p95, hi - 0.05)], edge),
                ])
                .map_err(err)?;
            chart
                .draw_series([
                    Rectangle::new([(p25, lo), (p75, hi)], fill),
                    Rectangle::new([(p25, lo), (p75, hi)], edge),
                ])
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(p50, lo), (p50, hi)],
                    ShapeStyle::from(&BLACK).stroke_width(4),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Polygon::new(
                    vec![
                        (c.usd_mean, mid + 0.07),
                        (c.usd_mean + x_max * 0.006, mid),
                        (c.usd_mean, mid - 0.07),
                        (c.usd_mean - x_max * 0.006, mid),
                    ],
                    BLACK.filled(),
                )))
                .map_err(err)?;
            draw_cvar(chart, c.usd_tail[1], (lo, hi), x_max)?;
            Ok(())
        },
        &legend,
    )
}

/// CVaR95 as a dark red tick across a cost row (spanning `lo`..`hi`),
/// labelled with its value.
fn draw_cvar(
    chart: &mut Chart<'_, '_>,
    cvar: f64,
    (lo, hi): (f64, f64),
    x_max: f64,
) -> Result<(), ReportError> {
    chart
        .draw_series([PathElement::new(
            vec![(cvar, lo - 0.04), (cvar, hi + 0.04)],
            ShapeStyle::from(&CVAR).stroke_width(4),
        )])
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(Text::new(
            format!("CVaR {}", num(cvar)),
            (cvar + x_max * 0.005, hi + 0.02),
            font(17).color(&CVAR),
        )))
        .map_err(err)?;
    Ok(())
}

/// The colour of a cost part: muted tones outside the corridor palette
/// (Okabe–Ito), so a part is never mistaken for a corridor, and apart in
/// lightness so the stack reads in grey scale too.
pub fn part_colour(part: CostPart) -> RGBColor {
    match part {
        CostPart::LineHaul => RGBColor(176, 170, 156),
        CostPart::Borders => RGBColor(228, 208, 150),
        CostPart::TransfersPorts => RGBColor(120, 142, 175),
        CostPart::RiskEvents => RGBColor(140, 35, 45),
        CostPart::Holding => RGBColor(70, 40, 110),
    }
}

/// Where the money goes: mean USD per cargo unit by part, stacked.
pub fn breakdown(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    let x_max = nice_max(
        data.corridors
            .iter()
            .map(|c| c.breakdown.iter().sum::<f64>())
            .fold(1.0, f64::max)
            * 1.25,
    );
    let legend: Vec<(&str, RGBColor)> = CostPart::iter()
        .map(|part| (part.label(), part_colour(part)))
        .collect();
    rows(
        data,
        &format!("Mean cost per {} by part", data.cargo_unit),
        &format!("Mean cost per {} (USD)", data.cargo_unit),
        x_max,
        |chart, y, c| {
            let mut x = 0.0;
            for part in CostPart::iter() {
                let value = c.breakdown[part.index()];
                if value > 0.0 {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x, y - 0.05), (x + value, y + 0.22)],
                            part_colour(part).filled(),
                        )))
                        .map_err(err)?;
                }
                x += value;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    num(x),
                    (x + x_max * 0.006, y + 0.16),
                    font(20),
                )))
                .map_err(err)?;
            Ok(())
        },
        &legend,
    )
}
