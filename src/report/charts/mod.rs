//! PNG comparison charts (plotters, bitmap backend, embedded DejaVu Sans:
//! no system fonts needed, Cyrillic renders). Each chart is drawn into
//! memory and returned as PNG bytes; the caller writes files atomically.
//!
//! Every chart has a title with the scenario name, axis labels with units
//! and a legend, and gives each corridor the same colour
//! ([`super::colours`]); southern corridors are drawn solid, traditional
//! ones hollow or dashed.

mod compare;
mod comparison;
mod map;
mod map_legend;
mod pareto;
mod sensitivity;
mod time;
mod tornado;
mod validation;

use std::sync::Once;

use plotters::prelude::*;

use super::data::{ChartCorridor, ChartData};
use super::error::ReportError;
use crate::colour::Rgb;
use crate::scenario::Group;

pub use super::colours::assign as corridor_colours;
pub use compare::compare_chart;
pub use comparison::{breakdown, cost_box, cost_vs_time, part_colour};
pub use map::{BORDER, COAST, LAND, SEA, map, map_frame, map_legend_box};
pub use pareto::{pareto, pareto_front};
pub use sensitivity::sweep_chart;
pub use time::{distance_profile, transit_cdf};
pub use tornado::{ZERO_LINE, tornado_chart};
pub use validation::validation_chart;

/// Chart width in pixels.
pub const WIDTH: u32 = 1600;
/// Chart height in pixels.
pub const HEIGHT: u32 = 1000;

/// Font family name the embedded font is registered under.
pub const FONT: &str = "sans-serif";

/// The light grid lines of every chart but the map.
pub const LIGHT_GRID: RGBColor = RGBColor(235, 235, 235);

/// The mesh style every chart but the map shares: tick labels and axis
/// descriptions at the given pixel sizes, and light grid lines.
pub trait HouseMesh {
    /// Applies the style; `label` and `desc` are font sizes in pixels.
    fn house(&mut self, label: u32, desc: u32) -> &mut Self;
}

impl<X, Y, DB> HouseMesh for plotters::chart::MeshStyle<'_, '_, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    fn house(&mut self, label: u32, desc: u32) -> &mut Self {
        self.label_style(font(label))
            .axis_desc_style(font(desc))
            .light_line_style(LIGHT_GRID)
    }
}

/// A corridor colour as the charting library takes it.
pub fn colour(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Registers the embedded font (once per process).
pub fn init_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// Draws into an RGB buffer with `draw`, then encodes it as PNG.
pub fn render(
    draw: impl FnOnce(DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> Result<(), ReportError>,
) -> Result<Vec<u8>, ReportError> {
    render_sized(HEIGHT, draw)
}

/// [`render`] with another height (the width is always [`WIDTH`]).
pub fn render_sized(
    height: u32,
    draw: impl FnOnce(DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> Result<(), ReportError>,
) -> Result<Vec<u8>, ReportError> {
    init_fonts();
    let mut buf = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(root.clone())?;
        root.present().map_err(err)?;
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png).write_image(
        &buf,
        WIDTH,
        height,
        image::ColorType::Rgb8,
    )?;
    Ok(png)
}

use image::ImageEncoder as _;

/// Draws a chart's legend box: white, framed, at `position`.
pub fn legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    size: u32,
) -> Result<(), ReportError>
where
    DB: DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.92))
        .border_style(BLACK)
        .label_font(font(size))
        .margin(10)
        .draw()
        .map_err(err)
}

/// The plotting coordinates every chart here uses.
pub type Xy =
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>;

/// Draws a corridor's line, solid or dashed (dash `dash` px), with a
/// legend entry in `legend_style` if a label is given.
pub fn line<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Xy>,
    points: Vec<(f64, f64)>,
    style: ShapeStyle,
    dashed: Option<u32>,
    label: Option<(String, ShapeStyle)>,
) -> Result<(), ReportError> {
    let series = match dashed {
        None => chart
            .draw_series(LineSeries::new(points, style))
            .map_err(err)?,
        Some(dash) => chart
            .draw_series(DashedLineSeries::new(points, dash, dash / 2, style))
            .map_err(err)?,
    };
    if let Some((text, legend_style)) = label {
        series
            .label(text)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 30, y)], legend_style));
    }
    Ok(())
}

/// Turns a plotters error into a report error.
pub fn err<E: std::fmt::Debug>(e: E) -> ReportError {
    ReportError::Draw(format!("{e:?}"))
}

/// Font of a given size.
pub fn font(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().into()
}

/// The caption of a chart: what it shows, then the scenario name.
pub fn caption(what: &str, data: &ChartData) -> String {
    format!("{what} — {}", data.title)
}

/// What the heading of a chart drawn outside a run names: the scenario
/// and, for a run with `--set` changes, the what-if subtitle.
#[derive(Debug, Clone)]
pub struct Titles {
    /// Scenario name.
    pub name: String,
    /// `what-if: key = value; …`, or `None` for the scenario as written.
    pub what_if: Option<String>,
}

impl Titles {
    /// The titles of `sc` as loaded (with its overrides).
    pub fn of(sc: &crate::scenario::Scenario) -> Titles {
        Titles {
            name: sc.name.clone(),
            what_if: sc.what_if(),
        }
    }
}

/// The colour of a what-if subtitle: dark orange, so a changed run is not
/// mistaken for the scenario as written.
pub const WHAT_IF_COLOUR: RGBColor = RGBColor(176, 64, 0);

/// A drawing area of the bitmap backend.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;

/// Draws a chart's heading at the top of `root`: the caption (what it
/// shows — the scenario) and, for a what-if run, a subtitle line naming
/// the changes (`what-if: key = value; …`). Returns the area below.
pub fn heading<'a>(root: &Area<'a>, what: &str, data: &ChartData) -> Result<Area<'a>, ReportError> {
    titled(root, &caption(what, data), data.what_if.as_deref())
}

/// Draws a title at the top of `root` and, under it, the what-if
/// subtitle if there is one (every chart of a run with `--set` changes
/// names them). Returns the area below.
pub fn titled<'a>(
    root: &Area<'a>,
    title: &str,
    what_if: Option<&str>,
) -> Result<Area<'a>, ReportError> {
    let mut area = root
        .margin(16, 0, 0, 0)
        .titled(title, title_font(title))
        .map_err(err)?;
    if let Some(what_if) = what_if {
        let size = title_font(what_if).font.get_size().min(26.0) as u32;
        let style = font(size).color(&WHAT_IF_COLOUR);
        area = area.titled(what_if, style).map_err(err)?;
    }
    Ok(area)
}

/// A title font small enough for `text` to fit the chart's width.
pub fn title_font(text: &str) -> TextStyle<'static> {
    // DejaVu Sans averages about 0.55 em per character.
    let fit = ((WIDTH as f64 - 60.0) / (text.chars().count() as f64 * 0.55)) as u32;
    font(fit.clamp(18, 34))
}

/// A short legend label: the corridor name and its group.
pub fn label(c: &ChartCorridor) -> String {
    format!("{} ({})", c.name, c.group.name())
}

/// Whether a corridor is drawn filled/solid (southern) or hollow/dashed.
pub fn solid(c: &ChartCorridor) -> bool {
    c.group == Group::Southern
}

/// A "nice" upper bound for an axis: 1, 2, 2.5 or 5 × a power of ten.
pub fn nice_max(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

/// Formats a number with thousands separators (axis labels).
pub fn num(x: f64) -> String {
    super::format::thousands(x, 0)
}

/// All charts of a run: (file name, PNG bytes).
pub fn all(data: &ChartData) -> Result<Vec<(&'static str, Vec<u8>)>, ReportError> {
    Ok(vec![
        ("cost_vs_time.png", cost_vs_time(data)?),
        ("transit_time_cdf.png", transit_cdf(data)?),
        ("cost_distribution.png", cost_box(data)?),
        ("cost_breakdown.png", breakdown(data)?),
        ("time_cost_distance.png", distance_profile(data)?),
        ("map.png", map(data)?),
        ("pareto.png", pareto(data)?),
    ])
}
