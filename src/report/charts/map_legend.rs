//! Where the map's legend goes: of a grid of candidate boxes over the
//! plot (its four corners first), the one that covers the least route
//! ink, so the legend hides no route where the plot has room for it.
//!
//! Route ink is sampled every [`STEP`] pixels along each drawn route, plus
//! the nodes on routes; a box counts the samples within [`PAD`] pixels of
//! it (routes are drawn several pixels wide). Ties go to the earlier
//! candidate, so the choice is deterministic and prefers a corner.

use std::ops::Range;

use plotters::element::MultiLineText;

use super::{err, font};
use crate::report::error::ReportError;

/// A box in pixels: left, top, right, bottom.
pub type PixelBox = (i32, i32, i32, i32);

/// Pixels between route ink samples.
const STEP: i32 = 3;

/// Pixels round a box in which ink still counts as under it.
const PAD: i32 = 8;

/// Candidate positions along each axis (corners included).
const GRID: i32 = 9;

/// Gap between the legend and the plot's edge, pixels.
const EDGE: i32 = 8;

/// Width of the legend's symbol column and its margin, as
/// [`super::legend`] draws it (plotters: 30 px of symbols, 10 px margin).
const SYMBOLS: i32 = 30;
const MARGIN: i32 = 10;

/// The size in pixels of a legend listing `labels` in font size `size`,
/// computed as plotters lays it out.
pub fn legend_size(labels: &[String], size: u32) -> Result<(i32, i32), ReportError> {
    let style = font(size);
    let mut text = MultiLineText::<(i32, i32), &str>::new((0, 0), &style);
    for l in labels {
        text.push_line(l.as_str());
    }
    let (w, h) = text.estimate_dimension().map_err(err)?;
    Ok((w + SYMBOLS + 2 * MARGIN, h + 2 * MARGIN))
}

/// Points every [`STEP`] pixels along a polyline given in pixels.
pub fn sample(line: &[(i32, i32)], out: &mut Vec<(i32, i32)>) {
    for s in line.windows(2) {
        let (a, z) = (s[0], s[1]);
        let n = ((z.0 - a.0).abs().max((z.1 - a.1).abs()) / STEP).max(1);
        out.extend((0..=n).map(|k| (a.0 + (z.0 - a.0) * k / n, a.1 + (z.1 - a.1) * k / n)));
    }
}

/// How many ink points lie under box `b` (within [`PAD`]).
pub fn covered(b: &PixelBox, ink: &[(i32, i32)]) -> usize {
    ink.iter()
        .filter(|&&(x, y)| x >= b.0 - PAD && x <= b.2 + PAD && y >= b.1 - PAD && y <= b.3 + PAD)
        .count()
}

/// Every candidate box of size `(w, h)` in the plot `area`: the four
/// corners (lower right first), then a [`GRID`] × [`GRID`] grid row by
/// row. A legend larger than the plot gets the upper left corner only.
pub fn candidates(area: &(Range<i32>, Range<i32>), (w, h): (i32, i32)) -> Vec<PixelBox> {
    let (l, t) = (area.0.start + EDGE, area.1.start + EDGE);
    let (r, b) = (area.0.end - EDGE - w, area.1.end - EDGE - h);
    if r < l || b < t {
        return vec![(l, t, l + w, t + h)];
    }
    let corners = [(r, b), (l, b), (r, t), (l, t)];
    let grid = (0..GRID).flat_map(|j| {
        (0..GRID).map(move |i| (l + (r - l) * i / (GRID - 1), t + (b - t) * j / (GRID - 1)))
    });
    corners
        .into_iter()
        .chain(grid)
        .map(|(x, y)| (x, y, x + w, y + h))
        .collect()
}

/// The candidate box that covers the least ink (ties: the earlier one).
pub fn place(area: &(Range<i32>, Range<i32>), size: (i32, i32), ink: &[(i32, i32)]) -> PixelBox {
    candidates(area, size)
        .into_iter()
        .min_by_key(|b| covered(b, ink))
        .expect("at least one candidate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emptiest_box_wins_and_a_corner_wins_ties() {
        let area = (0..1000, 0..600);
        // No ink: the lower right corner.
        assert_eq!(place(&area, (200, 100), &[]), (792, 492, 992, 592));
        // Ink along the whole bottom and the left: the upper right corner.
        let mut ink = Vec::new();
        sample(&[(0, 590), (1000, 590)], &mut ink);
        sample(&[(10, 0), (10, 600)], &mut ink);
        assert_eq!(place(&area, (200, 100), &ink), (792, 8, 992, 108));
        // Ink in every corner: a box in the middle is free.
        let mut ink = Vec::new();
        for (x, y) in [(50, 50), (950, 50), (50, 550), (950, 550)] {
            sample(&[(x - 50, y), (x + 50, y)], &mut ink);
        }
        let b = place(&area, (200, 100), &ink);
        assert_eq!(covered(&b, &ink), 0, "{b:?}");
    }
}
