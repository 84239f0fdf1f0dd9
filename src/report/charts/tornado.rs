//! The tornado chart: for each input, the difference between the two
//! compared corridors (A − B) at its low and high value, around the base
//! difference, with the zero line (A and B equal) and each input's flip
//! point marked.

use plotters::prelude::*;

use super::HouseMesh;

use super::{Titles, Xy, err, font, legend, num, render, titled};
use crate::analysis::Metric;
use crate::analysis::tornado::{Bar, Tornado};
use crate::report::error::ReportError;

type Chart<'a> = ChartContext<'a, BitMapBackend<'a>, Xy>;

/// Tornado: for each input, the difference between the two compared
/// corridors (A − B) at its low and high value, around the base
/// difference; largest swing on top.
pub fn tornado_chart(
    t: &Tornado,
    metric: Metric,
    scenario: &Titles,
    top: usize,
) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let scenario_name = &scenario.name;
        let bars: Vec<&Bar> = t.bars.iter().take(top).collect();
        let title = format!(
            "Tornado: {} − {} {}, inputs ±{:.0}% — {scenario_name}",
            t.pair.a.id,
            t.pair.b.id,
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
        // Zero is always on the axis: where A and B are equal.
        let (lo, hi) = (lo.min(0.0), hi.max(0.0));
        let pad = ((hi - lo) * 0.08).max(1.0);
        // Zero at the right end: room right of it for the legend, which
        // then hides neither the zero line nor a bar.
        let right = if hi == 0.0 { (hi - lo) * 0.25 } else { pad };
        let n = bars.len().max(1) as f64;
        let root = titled(&root, &title, scenario.what_if.as_deref())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(20)
            .build_cartesian_2d((lo - pad)..(hi + right), 0.0..n)
            .map_err(err)?;
        let x_fmt = |v: &f64| num(*v);
        let desc = format!(
            "{} − {}, mean {} (negative: {} better)",
            t.pair.a.id,
            t.pair.b.id,
            metric.name(),
            t.pair.a.id
        );
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc(desc.as_str())
            .x_label_formatter(&x_fmt)
            .house(20, 22)
            .draw()
            .map_err(err)?;
        draw_bars(&mut chart, t, &bars, lo - pad * 0.9)?;
        legend(&mut chart, SeriesLabelPosition::LowerRight, 18)?;
        Ok(())
    })
}

/// The tornado's zero line (A and B equal): black, drawn over the bars.
pub const ZERO_LINE: RGBColor = RGBColor(0, 0, 0);
/// The tornado's base line (A − B with every input as written).
const BASE_LINE: RGBColor = RGBColor(110, 110, 110);
/// Flip point markers: where an input's change makes A − B zero.
const FLIP: RGBColor = RGBColor(170, 0, 0);

const LOW_COLOUR: RGBColor = RGBColor(0, 114, 178);
const HIGH_COLOUR: RGBColor = RGBColor(213, 94, 0);

/// Flip points: on each bar whose low or high value makes A − B change
/// sign, a triangle on the zero line and the input value where it does.
fn draw_flips(chart: &mut Chart<'_>, t: &Tornado, bars: &[&Bar]) -> Result<(), ReportError> {
    let n = bars.len().max(1) as f64;
    let mut any = false;
    for (i, b) in bars.iter().enumerate() {
        let Some(at) = b.flip_at(t.base) else {
            continue;
        };
        let y = n - i as f64 - 0.8;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((0.0, y + 0.45))
                    + Polygon::new(vec![(0, 0), (-9, -14), (9, -14)], FLIP.filled())
                    + Text::new(
                        format!("flips at {}", flip_label(at)),
                        (12, -20),
                        font(17).color(&FLIP),
                    ),
            ))
            .map_err(err)?;
        any = true;
    }
    if any {
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(err)?
            .label("flip: the input value where A − B = 0")
            .legend(|(x, y)| {
                Polygon::new(
                    vec![(x + 15, y + 7), (x + 6, y - 7), (x + 24, y - 7)],
                    FLIP.filled(),
                )
            });
    }
    Ok(())
}

/// An input value for a flip label: enough digits to tell it apart.
fn flip_label(v: f64) -> String {
    if v.abs() >= 1000.0 {
        num(v)
    } else {
        format!("{v:.3}")
    }
}

/// The bars, largest swing on top, each labelled at `label_x`; the base
/// and zero lines, the flip points; and the legend entries.
fn draw_bars(
    chart: &mut Chart<'_>,
    t: &Tornado,
    bars: &[&Bar],
    label_x: f64,
) -> Result<(), ReportError> {
    let n = bars.len().max(1) as f64;
    for (i, b) in bars.iter().enumerate() {
        let y = n - i as f64 - 0.8;
        let bar = |at: f64, col: RGBColor| {
            Rectangle::new(
                [(t.base.min(at), y), (t.base.max(at), y + 0.45)],
                col.mix(0.8).filled(),
            )
        };
        chart
            .draw_series([bar(b.at_low, LOW_COLOUR), bar(b.at_high, HIGH_COLOUR)])
            .map_err(err)?;
        let label = format!("{}  (low {:.3} / high {:.3})", b.key, b.low, b.high);
        chart
            .draw_series(std::iter::once(Text::new(
                label,
                (label_x, y + 0.72),
                font(17),
            )))
            .map_err(err)?;
    }
    let base_style = ShapeStyle::from(&BASE_LINE).stroke_width(2);
    chart
        .draw_series(DashedLineSeries::new(
            vec![(t.base, 0.0), (t.base, n)],
            10,
            6,
            base_style,
        ))
        .map_err(err)?
        .label(format!("base: A − B = {}", num(t.base)))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], base_style));
    let zero = ShapeStyle::from(&ZERO_LINE).stroke_width(3);
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n)],
            zero,
        )))
        .map_err(err)?
        .label("zero: A and B equal")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], zero));
    draw_flips(chart, t, bars)?;
    for (name, col) in [("input low", LOW_COLOUR), ("input high", HIGH_COLOUR)] {
        chart
            .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
            .map_err(err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], col.filled()));
    }
    Ok(())
}
