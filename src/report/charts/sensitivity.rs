//! Charts of sensitivity: a sweep (metric against a parameter, with P10–P90
//! bands, break-evens marked, and the free choice's shares) and a tornado.

use plotters::prelude::*;

use super::{colour, err, font, legend, line, num, render, title_font};
use crate::analysis::Metric;
use crate::analysis::sweep::Sweep;
use crate::analysis::tornado::Tornado;
use crate::scenario::Group;

/// The metric per corridor against the swept parameter (top) and the free
/// choice's corridor shares (bottom).
pub fn sweep_chart(s: &Sweep, metric: Metric, scenario: &str) -> Result<Vec<u8>, String> {
    render(|root| {
        let title = format!(
            "{} against {} — {scenario}",
            metric.name().to_uppercase(),
            s.key
        );
        let root = root.margin(12, 0, 0, 0);
        let root = root.titled(&title, title_font(&title)).map_err(err)?;
        // Plots on the left, the legend in its own column on the right.
        let (plots, legend) = root.split_horizontally(1120);
        let (top, bottom) = plots.split_vertically(560);
        let (x0, x1) = (
            s.points.first().map_or(0.0, |p| p.value),
            s.points.last().map_or(1.0, |p| p.value),
        );
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
        let mut chart = ChartBuilder::on(&top)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(40)
            .y_label_area_size(120)
            .build_cartesian_2d(x0..x1, y_min..y_max)
            .map_err(err)?;
        let y_fmt = |v: &f64| num(*v);
        chart
            .configure_mesh()
            .y_desc(metric.label(&s.cargo_unit))
            .y_label_formatter(&y_fmt)
            .label_style(font(20))
            .axis_desc_style(font(22))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        let n = s.points.first().map_or(0, |p| p.corridors.len());
        for i in 0..n {
            let c0 = &s.points[0].corridors[i];
            let col = colour(i);
            let band: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|p| (p.value, p.corridors[i].p90))
                .chain(s.points.iter().rev().map(|p| (p.value, p.corridors[i].p10)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, col.mix(0.12).filled())))
                .map_err(err)?;
            let style = ShapeStyle::from(&col).stroke_width(if c0.group == Group::Southern {
                4
            } else {
                3
            });
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|p| (p.value, p.corridors[i].mean))
                .collect();
            let dashed = (c0.group != Group::Southern).then_some(14);
            line(&mut chart, points, style, dashed, None)?;
            let y = 40 + 30 * i as i32;
            legend
                .draw(&PathElement::new(vec![(10, y), (50, y)], style))
                .map_err(err)?;
            let name: String = c0.name.chars().take(42).collect();
            let text = format!(
                "{name}{} ({})",
                if c0.name.chars().count() > 42 {
                    "…"
                } else {
                    ""
                },
                c0.group.name()
            );
            legend
                .draw(&Text::new(text, (58, y - 9), font(15)))
                .map_err(err)?;
        }
        let red = ShapeStyle::from(&RGBColor(180, 0, 0)).stroke_width(3);
        for b in &s.break_evens {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(b.value, y_min), (b.value, y_max)],
                    10,
                    8,
                    red,
                ))
                .map_err(err)?;
            let at = (b.value + (x1 - x0) * 0.01, y_max - (y_max - y_min) * 0.04);
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("break-even {:.3}", b.value),
                    at,
                    font(20),
                )))
                .map_err(err)?;
        }
        let note_y = 60 + 30 * n as i32;
        legend
            .draw(&Text::new(
                "lines: mean; bands: P10–P90",
                (10, note_y),
                font(15),
            ))
            .map_err(err)?;
        legend
            .draw(&Text::new(
                "dashed red: break-even, best",
                (10, note_y + 24),
                font(15),
            ))
            .map_err(err)?;
        legend
            .draw(&Text::new(
                "southern vs best traditional",
                (10, note_y + 44),
                font(15),
            ))
            .map_err(err)?;

        let mut shares = ChartBuilder::on(&bottom)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(60)
            .y_label_area_size(120)
            .build_cartesian_2d(x0..x1, 0.0..1.0)
            .map_err(err)?;
        let pct = |v: &f64| format!("{:.0}%", v * 100.0);
        shares
            .configure_mesh()
            .x_desc(s.key.as_str())
            .y_desc("Free choice: share of trials")
            .y_label_formatter(&pct)
            .label_style(font(20))
            .axis_desc_style(font(22))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        for i in 0..n {
            let style = ShapeStyle::from(&colour(i)).stroke_width(3);
            let points: Vec<(f64, f64)> = s
                .points
                .iter()
                .map(|p| (p.value, p.free_shares[i]))
                .collect();
            line(&mut shares, points, style, None, None)?;
            shares
                .draw_series(
                    s.points
                        .iter()
                        .map(|p| Circle::new((p.value, p.free_shares[i]), 5, colour(i).filled())),
                )
                .map_err(err)?;
        }
        Ok(())
    })
}

/// Tornado: for each input, the southern − traditional difference at its
/// low and high value, around the base difference; largest swing on top.
pub fn tornado_chart(
    t: &Tornado,
    metric: Metric,
    scenario: &str,
    top: usize,
) -> Result<Vec<u8>, String> {
    render(|root| {
        let bars: Vec<_> = t.bars.iter().take(top).collect();
        let title = format!(
            "Tornado: best southern − best traditional {}, inputs ±{:.0}% — {scenario}",
            metric.name(),
            t.delta * 100.0
        );
        let lo = bars
            .iter()
            .map(|b| b.at_low.min(b.at_high))
            .fold(t.base, f64::min);
        let hi = bars
            .iter()
            .map(|b| b.at_low.max(b.at_high))
            .fold(t.base, f64::max);
        let pad = ((hi - lo) * 0.08).max(1.0);
        let n = bars.len().max(1) as f64;
        let mut chart = ChartBuilder::on(&root)
            .caption(&title, title_font(&title))
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(20)
            .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..n)
            .map_err(err)?;
        let x_fmt = |v: &f64| num(*v);
        let desc = format!(
            "Best southern − best traditional, mean {} (negative: southern better)",
            metric.name()
        );
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(desc.as_str())
            .x_label_formatter(&x_fmt)
            .label_style(font(20))
            .axis_desc_style(font(22))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        let low_col = RGBColor(0, 114, 178);
        let high_col = RGBColor(213, 94, 0);
        for (i, b) in bars.iter().enumerate() {
            let y = n - i as f64 - 0.8;
            chart
                .draw_series([
                    Rectangle::new(
                        [(t.base.min(b.at_low), y), (t.base.max(b.at_low), y + 0.45)],
                        low_col.mix(0.8).filled(),
                    ),
                    Rectangle::new(
                        [
                            (t.base.min(b.at_high), y),
                            (t.base.max(b.at_high), y + 0.45),
                        ],
                        high_col.mix(0.8).filled(),
                    ),
                ])
                .map_err(err)?;
            let label = format!("{}  (low {:.3} / high {:.3})", b.key, b.low, b.high);
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (lo - pad * 0.9, y + 0.72),
                    font(17),
                )))
                .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(t.base, 0.0), (t.base, n)],
                ShapeStyle::from(&BLACK).stroke_width(2),
            )))
            .map_err(err)?;
        for (name, col) in [("input low", low_col), ("input high", high_col)] {
            chart
                .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .map_err(err)?
                .label(name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], col.filled()));
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight, 18)?;
        Ok(())
    })
}
