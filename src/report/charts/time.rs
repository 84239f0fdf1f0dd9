//! Charts of time: the transit-time CDF with the deadline, and the
//! UNESCAP time/cost–distance profile of each planned route.

use plotters::prelude::*;

use super::{
    caption, colour, err, font, label, legend, line, nice_max, num, render, solid, title_font,
};
use crate::report::error::ReportError;
use crate::path::StepKind;
use crate::report::data::ChartData;

fn line_style(c: &crate::report::data::ChartCorridor) -> ShapeStyle {
    ShapeStyle::from(&colour(c.colour)).stroke_width(if solid(c) { 4 } else { 3 })
}

/// Cumulative distribution of transit days per corridor, deadline marked.
pub fn transit_cdf(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        // The axis ends past the longest 98th percentile: heavy tails (a
        // closure of months) would otherwise squeeze every curve together.
        let p98 = |c: &crate::report::data::ChartCorridor| {
            c.cdf.iter().find(|p| p.1 >= 0.98).map_or(0.0, |p| p.0)
        };
        let longest = data.corridors.iter().map(p98).fold(1.0, f64::max);
        let x_max = nice_max(longest.max(data.deadline_days.unwrap_or(0.0)) * 1.1);
        let mut chart = ChartBuilder::on(&root)
            .caption(
                caption("Transit time distribution", data),
                title_font(&caption("Transit time distribution", data)),
            )
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(0.0..x_max, 0.0..1.0)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("Transit time (days; curves run on past the axis where tails are long)")
            .y_desc("Share of shipments arrived (cumulative)")
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .label_style(font(22))
            .axis_desc_style(font(26))
            .light_line_style(RGBColor(235, 235, 235))
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
            line(&mut chart, points, style, dashed, Some((label(c), style)))?;
        }
        if let Some(d) = data.deadline_days {
            let red = ShapeStyle::from(&RGBColor(180, 0, 0)).stroke_width(3);
            chart
                .draw_series(DashedLineSeries::new(vec![(d, 0.0), (d, 1.0)], 10, 8, red))
                .map_err(err)?
                .label(format!("deadline: {} days", num(d)))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], red));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, 20)?;
        Ok(())
    })
}

/// Time/cost–distance (the UNESCAP method): cumulative days (top) and
/// USD (bottom) against cumulative km along each planned route; vertical
/// steps are time and money spent at borders, ports and transfers.
pub fn distance_profile(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let root = root.margin(12, 0, 0, 0);
        let root = root
            .titled(
                &caption("Time and cost along the route (expected values)", data),
                title_font(&caption(
                    "Time and cost along the route (expected values)",
                    data,
                )),
            )
            .map_err(err)?;
        let (top, bottom) = root.split_vertically(460);
        let km_max = nice_max(
            data.corridors
                .iter()
                .filter_map(|c| c.profile.last().map(|p| p.km))
                .fold(1.0, f64::max)
                * 1.02,
        );
        let day_max = nice_max(
            data.corridors
                .iter()
                .filter_map(|c| c.profile.last().map(|p| p.days))
                .fold(1.0, f64::max)
                * 1.05,
        );
        let usd_max = nice_max(
            data.corridors
                .iter()
                .filter_map(|c| c.profile.last().map(|p| p.usd))
                .fold(1.0, f64::max)
                * 1.05,
        );
        for (area, is_time) in [(top, true), (bottom, false)] {
            let y_max = if is_time { day_max } else { usd_max };
            let mut chart = ChartBuilder::on(&area)
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
            .label_style(font(20))
            .axis_desc_style(font(24))
            .light_line_style(RGBColor(235, 235, 235));
            if !is_time {
                mesh.x_desc("Cumulative distance (km)");
            }
            mesh.draw().map_err(err)?;
            for c in &data.corridors {
                let style = line_style(c);
                let points: Vec<(f64, f64)> = c
                    .profile
                    .iter()
                    .map(|p| (p.km, if is_time { p.days } else { p.usd }))
                    .collect();
                let dashed = (!solid(c)).then_some(14);
                let entry = (!is_time).then(|| (label(c), style));
                line(&mut chart, points, style, dashed, entry)?;
                // Mark the border crossings.
                let col = colour(c.colour);
                let borders = c
                    .profile
                    .iter()
                    .filter(|p| p.kind == StepKind::Border)
                    .map(|p| {
                        Circle::new(
                            (p.km, if is_time { p.days } else { p.usd }),
                            7,
                            col.filled(),
                        )
                    });
                chart.draw_series(borders).map_err(err)?;
            }
            // Costs rise with distance, so the lower right of the cost
            // panel is where the legend hides nothing.
            if !is_time {
                legend(&mut chart, SeriesLabelPosition::LowerRight, 18)?;
            }
        }
        Ok(())
    })
}
