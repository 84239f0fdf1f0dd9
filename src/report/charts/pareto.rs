//! The trade-off chart: mean cost against P90 days, one marker per
//! corridor sized by its disruption risk, the non-dominated corridors
//! (no other is both cheaper on average and faster at P90) highlighted,
//! joined by their frontier and labelled in bold.

use plotters::prelude::*;

use super::HouseMesh;

use super::{colour, err, font, heading, num, render};
use crate::report::data::{ChartCorridor, ChartData};
use crate::report::error::ReportError;

/// Width of the key column on the right, pixels.
const SIDE: u32 = 400;

/// Marker radius in pixels at zero disruption risk.
const R0: f64 = 9.0;
/// Extra radius at a disruption risk of 1 (area grows with the risk).
const R1: f64 = 34.0;

/// Marker radius for a disruption risk `p`: the area grows linearly in p.
fn radius(p: f64) -> i32 {
    (R0 * R0 + (R1 * R1 - R0 * R0) * p.clamp(0.0, 1.0))
        .sqrt()
        .round() as i32
}

/// The corridor's point: (P90 days, mean USD).
fn point(c: &ChartCorridor) -> (f64, f64) {
    (c.days[2], c.usd_mean)
}

/// Whether each corridor is non-dominated: no other corridor has both a
/// P90 days and a mean cost at most its own, one of them strictly lower.
/// O(n²).
pub fn pareto_front(data: &ChartData) -> Vec<bool> {
    let pts: Vec<(f64, f64)> = data.corridors.iter().map(point).collect();
    pts.iter()
        .map(|&(x, y)| {
            !pts.iter()
                .any(|&(ox, oy)| ox <= x && oy <= y && (ox < x || oy < y))
        })
        .collect()
}

/// An axis range around `values` with room for markers and labels.
fn range(values: impl Iterator<Item = f64> + Clone, room: f64) -> std::ops::Range<f64> {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    let pad = ((hi - lo) * room).max(hi.abs() * 0.05).max(1.0);
    (lo - pad).max(0.0)..(hi + pad)
}

/// Mean cost against P90 days per corridor, marker area the disruption
/// risk, the frontier of non-dominated corridors drawn and labelled.
pub fn pareto(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    let front = pareto_front(data);
    render(|root| {
        let what = "Trade-off: mean cost against P90 transit time (bold: not beaten on both)";
        let area = heading(&root, what, data)?;
        // The plot on the left; the key (corridors, frontier, sizes) in
        // its own column on the right, so it never hides a marker.
        let (area, side) = area.split_horizontally(super::WIDTH - SIDE);
        let x = range(data.corridors.iter().map(|c| c.days[2]), 0.15);
        let y = range(data.corridors.iter().map(|c| c.usd_mean), 0.18);
        let mut chart = ChartBuilder::on(&area)
            .margin(30)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(x, y)
            .map_err(err)?;
        let y_desc = format!("Mean cost per {} (USD)", data.cargo_unit);
        chart
            .configure_mesh()
            .x_desc("P90 transit time (days): 9 in 10 shipments arrive by then")
            .y_desc(y_desc.as_str())
            .y_label_formatter(&|v| num(*v))
            .house(22, 26)
            .draw()
            .map_err(err)?;
        draw_frontier(&mut chart, data, &front)?;
        draw_markers(&mut chart, data, &front)?;
        draw_labels(&root, &chart, data, &front)?;
        let y = draw_key(&side, data, &front)?;
        draw_size_key(&side, y + 30)
    })
}

type Chart<'a> = ChartContext<'a, BitMapBackend<'a>, super::Xy>;

/// The frontier: a staircase through the non-dominated corridors, by
/// P90 days (between two of them nothing is better on both).
fn draw_frontier(
    chart: &mut Chart<'_>,
    data: &ChartData,
    front: &[bool],
) -> Result<(), ReportError> {
    let mut pts: Vec<(f64, f64)> = data
        .corridors
        .iter()
        .zip(front)
        .filter(|(_, f)| **f)
        .map(|(c, _)| point(c))
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let stairs: Vec<(f64, f64)> = pts
        .windows(2)
        .flat_map(|w| [w[0], (w[1].0, w[0].1)])
        .chain(pts.last().copied())
        .collect();
    let style = ShapeStyle::from(&RGBColor(90, 90, 90)).stroke_width(2);
    chart
        .draw_series(DashedLineSeries::new(stairs, 12, 8, style))
        .map_err(err)?;
    Ok(())
}

/// Markers, largest first so small ones stay visible: frontier corridors
/// filled with a black ring, the others hollow.
fn draw_markers(
    chart: &mut Chart<'_>,
    data: &ChartData,
    front: &[bool],
) -> Result<(), ReportError> {
    let mut order: Vec<usize> = (0..data.corridors.len()).collect();
    order.sort_by(|&a, &b| {
        data.corridors[b]
            .disruption
            .total_cmp(&data.corridors[a].disruption)
    });
    for i in order {
        let c = &data.corridors[i];
        let col = colour(c.colour);
        let r = radius(c.disruption);
        let at = point(c);
        let shapes = if front[i] {
            vec![
                Circle::new(at, r, col.mix(0.85).filled()),
                Circle::new(at, r, BLACK.stroke_width(3)),
            ]
        } else {
            vec![
                Circle::new(at, r, col.mix(0.15).filled()),
                Circle::new(at, r, col.stroke_width(4)),
            ]
        };
        chart.draw_series(shapes).map_err(err)?;
    }
    Ok(())
}

/// A box in pixels: left, top, right, bottom.
type PixelBox = (i32, i32, i32, i32);

fn apart(a: &PixelBox, b: &PixelBox) -> bool {
    a.2 < b.0 || a.0 > b.2 || a.3 < b.1 || a.1 > b.3
}

/// Each corridor's short name beside its marker (bold on the frontier),
/// on the first side where it overlaps no label placed before; frontier
/// corridors are placed first.
fn draw_labels(
    root: &super::Area<'_>,
    chart: &Chart<'_>,
    data: &ChartData,
    front: &[bool],
) -> Result<(), ReportError> {
    let mut order: Vec<usize> = (0..data.corridors.len()).collect();
    order.sort_by_key(|&i| !front[i]);
    let area = chart.plotting_area().get_pixel_range();
    let mut placed: Vec<PixelBox> = Vec::new();
    for i in order {
        let c = &data.corridors[i];
        let style = if front[i] {
            TextStyle::from((super::FONT, 22, FontStyle::Bold).into_font())
        } else {
            font(20).color(&RGBColor(70, 70, 70))
        };
        let text = short(&c.name);
        let (w, h) = root.estimate_text_size(&text, &style).map_err(err)?;
        let (w, h) = (w as i32, h as i32);
        let (px, py) = chart.backend_coord(&point(c));
        let r = radius(c.disruption) + 6;
        let candidates = [
            (px + r, py - h / 2),
            (px - r - w, py - h / 2),
            (px - w / 2, py - r - h),
            (px - w / 2, py + r),
            (px + r, py - r - h / 2),
            (px - r - w, py + r - h / 2),
        ];
        let inside = |b: &PixelBox| {
            b.0 >= area.0.start && b.2 <= area.0.end && b.1 >= area.1.start && b.3 <= area.1.end
        };
        let boxes = candidates.iter().map(|&(x, y)| (x, y, x + w, y + h));
        let chosen = boxes
            .clone()
            .find(|b| inside(b) && placed.iter().all(|p| apart(b, p)))
            .or_else(|| boxes.clone().find(inside));
        if let Some(b) = chosen {
            root.draw(&Rectangle::new(
                [(b.0 - 3, b.1 - 1), (b.2 + 3, b.3 + 1)],
                WHITE.mix(0.75).filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new(text, (b.0, b.1), style))
                .map_err(err)?;
            placed.push(b);
        }
    }
    Ok(())
}

/// A corridor name without its parenthetical details, at most 34 chars:
/// `Western road (Herat–Kandahar–Chaman) → Gwadar` → `Western road → Gwadar`.
fn short(name: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in name.chars() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() <= 34 {
        out
    } else {
        format!("{}…", out.chars().take(33).collect::<String>())
    }
}

/// The key column: the frontier's line style, then each corridor's marker
/// style and short name with its group. Returns the row below it.
fn draw_key(side: &super::Area<'_>, data: &ChartData, front: &[bool]) -> Result<i32, ReportError> {
    let mut y = 40;
    let grey = ShapeStyle::from(&RGBColor(90, 90, 90)).stroke_width(2);
    side.draw(&PathElement::new(vec![(0, y), (36, y)], grey))
        .map_err(err)?;
    side.draw(&Text::new(
        "frontier (bold, filled): no other",
        (46, y - 10),
        font(16),
    ))
    .map_err(err)?;
    y += 22;
    side.draw(&Text::new(
        "corridor is both cheaper and faster",
        (46, y - 10),
        font(16),
    ))
    .map_err(err)?;
    y += 36;
    for (c, &f) in data.corridors.iter().zip(front) {
        let col = colour(c.colour);
        let style = if f { col.filled() } else { col.stroke_width(3) };
        side.draw(&Circle::new((18, y), 9, style)).map_err(err)?;
        if f {
            side.draw(&Circle::new((18, y), 9, BLACK.stroke_width(2)))
                .map_err(err)?;
        }
        side.draw(&Text::new(short(&c.name), (46, y - 19), font(16)))
            .map_err(err)?;
        side.draw(&Text::new(
            c.group.name().to_string(),
            (46, y + 1),
            font(14).color(&RGBColor(90, 90, 90)),
        ))
        .map_err(err)?;
        y += 44;
    }
    Ok(y)
}

/// The key to marker sizes, from row `top` of the side column: circles
/// for a disruption risk of 0%, 10% and 50%.
fn draw_size_key(side: &super::Area<'_>, top: i32) -> Result<(), ReportError> {
    for (k, line) in [
        "Marker area: disruption risk,",
        "P(lost) + P(waited out a closure)",
    ]
    .iter()
    .enumerate()
    {
        side.draw(&Text::new(*line, (0, top + 22 * k as i32), font(16)))
            .map_err(err)?;
    }
    let cy = top + 56 + R1 as i32;
    let mut x = 4;
    for p in [0.0, 0.1, 0.5] {
        let r = radius(p);
        x += r;
        side.draw(&Circle::new(
            (x, cy),
            r,
            RGBColor(120, 120, 120).stroke_width(2),
        ))
        .map_err(err)?;
        side.draw(&Text::new(
            format!("{:.0}%", p * 100.0),
            (x - 14, cy + R1 as i32 + 8),
            font(16),
        ))
        .map_err(err)?;
        x += r + 40;
    }
    Ok(())
}
