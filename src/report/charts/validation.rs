//! The validation chart: per observed trip, the model's P10–P90 (bar) and
//! P50 (dot) against the values the published figure allows (grey band:
//! its range read to the day, or open on one side for a bound), all as
//! ratios to the published midpoint (or the bound) on a log axis from ¼×
//! to 4×, so trips measured in days, USD and km share one picture; a
//! model wholly beyond an end is marked there with its median's ratio.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::HouseMesh;

use super::{err, font, render_sized, title_font};
use crate::report::error::ReportError;
use crate::validate::{Modelled, Observation, TripOutcome, Validation};

/// Height of one trip's row, pixels.
const ROW: u32 = 26;
/// The axis runs from 2^-LIMIT to 2^LIMIT.
const LIMIT: f64 = 2.0;
const WITHIN: RGBColor = RGBColor(0, 114, 178);
const OUTSIDE: RGBColor = RGBColor(213, 94, 0);
const PUBLISHED: RGBColor = RGBColor(190, 190, 190);

/// The chart, one row per trip in file order.
pub fn validation_chart(v: &Validation) -> Result<Vec<u8>, ReportError> {
    let n = v.trips.len().max(1);
    let height = 170 + ROW * n as u32;
    render_sized(height, |root| {
        let title = format!(
            "Model P10–P90 (bar: blue within, orange outside) and P50 (dot) against what the published figure allows (grey), {} trials per trip",
            v.trials
        );
        // Labels are placed in the backend's pixels, on the whole canvas.
        let canvas = root.clone();
        let root = root.margin(12, 0, 0, 0);
        let root = root.titled(&title, title_font(&title)).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(20)
            .margin_left(460)
            .x_label_area_size(60)
            .build_cartesian_2d(-LIMIT..LIMIT, 0.0..n as f64)
            .map_err(err)?;
        let x_fmt = |x: &f64| ratio_label(*x);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(5)
            .x_label_formatter(&x_fmt)
            .x_desc("model ÷ published midpoint, or ÷ the bound (log scale)")
            .house(18, 20)
            .draw()
            .map_err(err)?;
        for x in [-1.0, 1.0] {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x, 0.0), (x, n as f64)],
                    6,
                    4,
                    RGBColor(120, 120, 120).stroke_width(1),
                ))
                .map_err(err)?;
        }
        for (i, t) in v.trips.iter().enumerate() {
            let y = n as f64 - i as f64 - 0.5;
            let name = format!("{} ({})", t.observation.id, t.observation.metric.name());
            canvas
                .draw_text(
                    &name,
                    &font(15),
                    (12, chart.backend_coord(&(-LIMIT, y)).1 - 8),
                )
                .map_err(err)?;
            match &t.outcome {
                TripOutcome::Modelled(m) => draw_trip(&mut chart, &t.observation, m, y)?,
                TripOutcome::NotBuilt(why) => {
                    let text = format!("not built: {why}");
                    chart
                        .draw_series(std::iter::once(Text::new(
                            text,
                            (-LIMIT + 0.05, y + 0.3),
                            font(14).color(&RGBColor(110, 110, 110)),
                        )))
                        .map_err(err)?;
                }
            }
        }
        Ok(())
    })
}

type Chart<'a> = ChartContext<
    'a,
    BitMapBackend<'a>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// One trip's published band, model bar and median.
fn draw_trip(
    chart: &mut Chart<'_>,
    o: &Observation,
    m: &Modelled,
    y: f64,
) -> Result<(), ReportError> {
    let mid = o.reference();
    let at = |v: f64| (v / mid).log2().clamp(-LIMIT, LIMIT);
    let (lo, hi) = (at(o.allowed().0), at(o.allowed().1));
    let half = 0.02;
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(lo - half, y - 0.38), (hi + half, y + 0.38)],
            PUBLISHED.filled(),
        )))
        .map_err(err)?;
    let colour = if m.within(o) { WITHIN } else { OUTSIDE };
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [
                (at(m.p10), y - 0.16),
                (at(m.p90).max(at(m.p10) + 0.01), y + 0.16),
            ],
            colour.filled(),
        )))
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(Circle::new(
            (at(m.p50), y),
            5,
            BLACK.filled(),
        )))
        .map_err(err)?;
    // A model wholly off the axis says so, with its median's ratio.
    let ratio = |v: f64| (v / mid).log2();
    let off = if ratio(m.p90) < -LIMIT {
        Some((-LIMIT + 0.08, HPos::Left, "◀ P50 ", ""))
    } else if ratio(m.p10) > LIMIT {
        Some((LIMIT - 0.08, HPos::Right, "P50 ", " ▶"))
    } else {
        None
    };
    if let Some((x, side, lead, arrow)) = off {
        let text = format!("{lead}{:.2}×{arrow}", m.p50 / mid);
        let style = font(15).pos(Pos::new(side, VPos::Center)).color(&OUTSIDE);
        chart
            .draw_series(std::iter::once(Text::new(text, (x, y), style)))
            .map_err(err)?;
    }
    Ok(())
}

/// `-1` → `½×`, `0` → `1×`, `2` → `4×`.
fn ratio_label(x: f64) -> String {
    let r = 2f64.powf(x);
    match r {
        r if (r - 0.25).abs() < 1e-9 => "¼×".into(),
        r if (r - 0.5).abs() < 1e-9 => "½×".into(),
        r if r >= 1.0 => format!("{}×", (r * 100.0).round() / 100.0),
        r => format!("{:.2}×", r),
    }
}
