//! A map of the corridors' planned routes on longitude/latitude
//! (equirectangular, scaled by the cosine of the middle latitude, see
//! [`crate::report::geo`]) over Natural Earth land, borders and
//! coastlines, with labels placed so that none overlaps another.

use plotters::prelude::*;

use plotters::coord::Shift;

use super::map_legend::{self, PixelBox};
use super::{HEIGHT, WIDTH, Xy, colour, err, font, heading, label, legend, line, render, solid};
use crate::report::data::ChartData;
use crate::report::error::ReportError;
use crate::report::geo::{Bounds, EXTENT, Frame, outlines};

/// The legend entries of the node symbols ([`symbol_legend`]).
const SYMBOL_LABELS: [&str; 2] = ["border crossing", "origin, destination (large); other node"];

/// Legend font sizes on the map, the preferred first: a smaller one only
/// where the larger legend would hide part of a route.
const LEGEND_SIZES: [u32; 3] = [18, 16, 14];

/// Label font size on the map.
const LABEL: u32 = 18;

/// Nodes closer than this (pixels) to a labelled node may be covered by
/// its label; farther ones may not.
const NEAR: i32 = 20;

/// The map's drawing area and chart.
type Root<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Chart<'a> = ChartContext<'a, BitMapBackend<'a>, Xy>;

/// Sea: the plot's background.
pub const SEA: RGBColor = RGBColor(228, 239, 247);
/// Land: a very light grey, so routes and labels stay the strongest ink.
pub const LAND: RGBColor = RGBColor(240, 239, 235);
/// Borders between countries: thin, mid grey.
pub const BORDER: RGBColor = RGBColor(168, 168, 168);
/// Coastlines: slightly darker than borders, bluish.
pub const COAST: RGBColor = RGBColor(128, 150, 170);

/// The corridors' planned routes on a map over country outlines and
/// coastlines, nodes labelled.
pub fn map(data: &ChartData) -> Result<Vec<u8>, ReportError> {
    render(|root| {
        let bounds = bounds(data);
        let mut chart = build(&root, data, &bounds)?;
        draw_outlines(&mut chart, &bounds)?;
        chart
            .configure_mesh()
            .x_desc("Longitude (°E)")
            .y_desc("Latitude (°N)")
            .label_style(font(18))
            .axis_desc_style(font(22))
            .bold_line_style(RGBColor(205, 212, 220).mix(0.6))
            .light_line_style(TRANSPARENT)
            .draw()
            .map_err(err)?;
        draw_unused_nodes(&mut chart, data)?;
        draw_routes(&mut chart, data, &bounds)?;
        let (b, size) = legend_box(&chart, data, &bounds)?;
        draw_labels(&root, &chart, data, (b.0 - 4, b.1 - 4, b.2 + 4, b.3 + 4))?;
        draw_route_nodes(&mut chart, data)?;
        symbol_legend(&mut chart)?;
        let (x, y) = chart.plotting_area().get_base_pixel();
        legend(
            &mut chart,
            SeriesLabelPosition::Coordinate(b.0 - x, b.1 - y),
            size,
        )?;
        Ok(())
    })
}

/// Where [`map`] draws `data`: its bounds and the plot's pixels.
pub fn map_frame(data: &ChartData) -> Result<Frame, ReportError> {
    let bounds = bounds(data);
    let mut buf = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    let root = BitMapBackend::with_buffer(&mut buf, (WIDTH, HEIGHT)).into_drawing_area();
    let chart = build(&root, data, &bounds)?;
    let (x, y) = chart.plotting_area().get_pixel_range();
    Ok(Frame { bounds, x, y })
}

/// The chart with its caption, axes' room and coordinates.
fn build<'a>(root: &Root<'a>, data: &ChartData, bounds: &Bounds) -> Result<Chart<'a>, ReportError> {
    let what =
        "Planned routes (land legs straight between nodes; sea legs along approximate lanes)";
    ChartBuilder::on(&heading(root, what, data)?)
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d(bounds.lon.clone(), bounds.lat.clone())
        .map_err(err)
}

/// The bounds around the routes as drawn (sea lanes included), shaped
/// for the plot and kept within what the outlines cover: a lane that
/// leaves it (round Europe) runs off the edge.
fn bounds(data: &ChartData) -> Bounds {
    let pts: Vec<(f64, f64)> = data
        .corridors
        .iter()
        .flat_map(|c| c.line.iter().copied())
        .map(|(x, y)| {
            (
                x.clamp(EXTENT.lon.start, EXTENT.lon.end),
                y.clamp(EXTENT.lat.start, EXTENT.lat.end),
            )
        })
        .collect();
    let plot_w = (WIDTH - 180) as f64;
    let plot_h = (HEIGHT - 160) as f64;
    Bounds::around(&pts, plot_w / plot_h).within(&EXTENT)
}

/// Sea, land (lakes cut out), borders, then coastlines: under everything
/// else, cut to the bounds.
fn draw_outlines(chart: &mut Chart<'_>, bounds: &Bounds) -> Result<(), ReportError> {
    let geo = outlines();
    chart.plotting_area().fill(&SEA).map_err(err)?;
    for poly in &geo.land {
        for (i, ring) in poly.iter().enumerate() {
            let fill = if i == 0 { LAND } else { SEA };
            if let Some(r) = bounds.clip_ring(ring) {
                chart
                    .draw_series(std::iter::once(Polygon::new(r, fill.filled())))
                    .map_err(err)?;
            }
        }
    }
    for (lines, colour) in [(&geo.borders, BORDER), (&geo.coastlines, COAST)] {
        let parts = lines.iter().flat_map(|l| bounds.clip_line(l));
        chart
            .draw_series(parts.map(|p| PathElement::new(p, colour.stroke_width(1))))
            .map_err(err)?;
    }
    Ok(())
}

/// The least width of the route a free shipper takes most.
const CHOSEN_WIDTH: u32 = 7;

/// Routes along their drawn lines (sea lanes included), cut to the map:
/// the first corridor widest, so shared stretches show every colour side
/// by side; a route the free choice takes in most trials is drawn at
/// least [`CHOSEN_WIDTH`] wide, so the answer reads even when it comes
/// last (a route the run found).
fn draw_routes<'a>(
    chart: &mut Chart<'a>,
    data: &ChartData,
    bounds: &Bounds,
) -> Result<(), ReportError> {
    let n = data.corridors.len();
    for (rank, c) in data.corridors.iter().enumerate() {
        let mut width = 3 + (9 * (n - rank) / n) as u32;
        if c.chosen > 0.5 {
            width = width.max(CHOSEN_WIDTH);
        }
        let style = ShapeStyle::from(&colour(c.colour)).stroke_width(width);
        let dashed = (!solid(c)).then_some(16);
        let mut entry = Some((label(c), style.stroke_width(5)));
        for part in bounds.clip_line(&c.line) {
            line(chart, part, style, dashed, entry.take())?;
        }
    }
    Ok(())
}

/// Legend entries for the node symbols (drawn nowhere else).
fn symbol_legend(chart: &mut Chart<'_>) -> Result<(), ReportError> {
    chart
        .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
        .map_err(err)?
        .label(SYMBOL_LABELS[0])
        .legend(|(x, y)| {
            Polygon::new(
                vec![(x + 12, y - 8), (x + 20, y), (x + 12, y + 8), (x + 4, y)],
                BLACK.filled(),
            )
        });
    chart
        .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
        .map_err(err)?
        .label(SYMBOL_LABELS[1])
        .legend(|(x, y)| {
            EmptyElement::at((x, y))
                + Circle::new((6, 0), 8, BLACK.filled())
                + Circle::new((24, 0), 5, BLACK.filled())
        });
    Ok(())
}

/// A node's label on the map: its name without the parenthetical detail
/// (`Bandar Abbas (Shahid Rajaee)` → `Bandar Abbas`).
fn map_label(name: &str) -> String {
    name.split(" (").next().unwrap_or(name).trim().to_string()
}

/// Nodes on no route, faintly, for orientation (drawn under the routes).
fn draw_unused_nodes(chart: &mut Chart<'_>, data: &ChartData) -> Result<(), ReportError> {
    chart
        .draw_series(
            data.nodes
                .iter()
                .filter(|n| !n.used)
                .map(|n| Circle::new((n.lon, n.lat), 3, RGBColor(190, 190, 190).filled())),
        )
        .map_err(err)?;
    Ok(())
}

/// Nodes on routes in black, borders as diamonds, origin and destination
/// larger.
fn draw_route_nodes(chart: &mut Chart<'_>, data: &ChartData) -> Result<(), ReportError> {
    for (i, node) in data.nodes.iter().enumerate().filter(|(_, n)| n.used) {
        let at = (node.lon, node.lat);
        let end = i == data.origin || i == data.destination;
        let size = if end { 9 } else { 6 };
        if node.border {
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(at)
                        + Polygon::new(
                            vec![(0, -size - 2), (size + 2, 0), (0, size + 2), (-size - 2, 0)],
                            BLACK.filled(),
                        ),
                ))
                .map_err(err)?;
        } else {
            chart
                .draw_series(std::iter::once(Circle::new(at, size, BLACK.filled())))
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Route ink in pixels: points along each drawn route, and the nodes on
/// routes.
fn route_ink(chart: &Chart<'_>, data: &ChartData, bounds: &Bounds) -> Vec<(i32, i32)> {
    let mut ink = Vec::new();
    for c in &data.corridors {
        for part in bounds.clip_line(&c.line) {
            let px: Vec<(i32, i32)> = part.iter().map(|p| chart.backend_coord(p)).collect();
            map_legend::sample(&px, &mut ink);
        }
    }
    ink.extend(
        data.nodes
            .iter()
            .filter(|n| n.used)
            .map(|n| chart.backend_coord(&(n.lon, n.lat))),
    );
    ink
}

/// Where the legend goes and its font size: the largest of
/// [`LEGEND_SIZES`] at which some place covers no route
/// ([`map_legend::place`]), else the largest size at its emptiest place.
fn legend_box(
    chart: &Chart<'_>,
    data: &ChartData,
    bounds: &Bounds,
) -> Result<(PixelBox, u32), ReportError> {
    let labels: Vec<String> = data
        .corridors
        .iter()
        .map(label)
        .chain(SYMBOL_LABELS.map(String::from))
        .collect();
    let area = chart.plotting_area().get_pixel_range();
    let ink = route_ink(chart, data, bounds);
    let mut best = None;
    for size in LEGEND_SIZES {
        let b = map_legend::place(&area, map_legend::legend_size(&labels, size)?, &ink);
        if map_legend::covered(&b, &ink) == 0 {
            return Ok((b, size));
        }
        best.get_or_insert((b, size));
    }
    Ok(best.expect("a legend size"))
}

/// The box [`map`] draws its legend in, in pixels of the PNG, and the
/// legend's font size.
pub fn map_legend_box(data: &ChartData) -> Result<(PixelBox, u32), ReportError> {
    super::init_fonts();
    let bounds = bounds(data);
    let mut buf = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    let root = BitMapBackend::with_buffer(&mut buf, (WIDTH, HEIGHT)).into_drawing_area();
    let chart = build(&root, data, &bounds)?;
    legend_box(&chart, data, &bounds)
}

/// Whether two pixel boxes do not overlap.
fn apart(a: &PixelBox, b: &PixelBox) -> bool {
    a.2 < b.0 || a.0 > b.2 || a.3 < b.1 || a.1 > b.3
}

/// Labels on a pale halo: origin and destination first, then borders,
/// then the rest; a label that would overlap one already placed, the
/// legend or a node not [`NEAR`] its own is tried on the other side, then
/// left out.
fn draw_labels(
    root: &Root<'_>,
    chart: &Chart<'_>,
    data: &ChartData,
    legend_box: PixelBox,
) -> Result<(), ReportError> {
    let mut order: Vec<usize> = (0..data.nodes.len())
        .filter(|&i| data.nodes[i].used)
        .collect();
    order.sort_by_key(|&i| {
        (
            !(i == data.origin || i == data.destination),
            !data.nodes[i].border,
            i,
        )
    });
    let area = chart.plotting_area().get_pixel_range();
    let mut placed: Vec<PixelBox> = vec![legend_box];
    let nodes: Vec<(i32, i32)> = order
        .iter()
        .map(|&i| chart.backend_coord(&(data.nodes[i].lon, data.nodes[i].lat)))
        .collect();
    for i in order {
        let node = &data.nodes[i];
        let (px, py) = chart.backend_coord(&(node.lon, node.lat));
        let (w, _) = root
            .estimate_text_size(&map_label(&node.name), &font(LABEL))
            .map_err(err)?;
        let (w, h) = (w as i32, LABEL as i32 + 2);
        let candidates = [
            (px + 10, py - h - 4),
            (px - w - 10, py - h - 4),
            (px + 10, py + 6),
            (px - w - 10, py + 6),
            (px + 12, py - h / 2),
            (px - w - 12, py - h / 2),
            (px - w / 2, py - h - 12),
            (px - w / 2, py + 12),
        ];
        let fits = |b: &PixelBox| {
            b.0 >= area.0.start
                && b.2 <= area.0.end
                && b.1 >= area.1.start
                && b.3 <= area.1.end
                && placed.iter().all(|p| apart(b, p))
                && nodes.iter().all(|&(x, y)| {
                    // Nodes right next to this one are its cluster: a label
                    // may touch them rather than be left out.
                    (x - px).abs().max((y - py).abs()) < NEAR
                        || apart(b, &(x - 8, y - 8, x + 8, y + 8))
                })
        };
        if let Some(b) = candidates
            .iter()
            .map(|&(x, y)| (x, y, x + w, y + h))
            .find(fits)
        {
            // A pale halo keeps the label readable over outlines and routes.
            let halo = [(b.0 - 2, b.1 - 1), (b.2 + 2, b.3 + 1)];
            root.draw(&Rectangle::new(halo, WHITE.mix(0.6).filled()))
                .map_err(err)?;
            root.draw(&Text::new(map_label(&node.name), (b.0, b.1), font(LABEL)))
                .map_err(err)?;
            placed.push(b);
        }
    }
    Ok(())
}
