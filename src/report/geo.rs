//! Country outlines and coastlines for the map, and the map's projection.
//!
//! The outlines are Natural Earth 1:50m (public domain), converted once
//! into a small GeoJSON trimmed to the region and embedded in the binary
//! (`assets/geo/central-asia.geojson`; its README says how it was made).
//! The projection is equirectangular: a degree of longitude is drawn
//! cos(middle latitude) as long as a degree of latitude, so shapes look
//! right in the middle of the map.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded GeoJSON.
const GEOJSON: &str = include_str!("../../assets/geo/central-asia.geojson");

/// A line or ring of (longitude, latitude) points, degrees.
pub type Line = Vec<(f64, f64)>;

/// A polygon: its outer ring, then its holes (lakes, inland seas).
pub type Polygon = Vec<Line>;

/// The outline layer of the map.
#[derive(Debug, Default)]
pub struct Outlines {
    /// Land areas.
    pub land: Vec<Polygon>,
    /// Coastlines (the land's rings, lakes included).
    pub coastlines: Vec<Line>,
    /// Borders between countries.
    pub borders: Vec<Line>,
}

/// A GeoJSON feature collection, as far as the embedded file uses it.
#[derive(Deserialize)]
struct Collection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    kind: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
    MultiLineString(Vec<Vec<[f64; 2]>>),
}

/// The embedded outlines, parsed on first use.
pub fn outlines() -> &'static Outlines {
    static CELL: OnceLock<Outlines> = OnceLock::new();
    CELL.get_or_init(|| parse(GEOJSON).expect("the embedded GeoJSON is valid (tests/report.rs)"))
}

/// Parses an outline GeoJSON: a `land` multipolygon, `coastline` and
/// `border` multilinestrings; other features are ignored.
pub fn parse(text: &str) -> Result<Outlines, serde_json::Error> {
    let collection: Collection = serde_json::from_str(text)?;
    let line = |l: Vec<[f64; 2]>| l.into_iter().map(|[x, y]| (x, y)).collect::<Line>();
    let mut out = Outlines::default();
    for f in collection.features {
        match (f.properties.kind.as_str(), f.geometry) {
            ("land", Geometry::MultiPolygon(p)) => {
                out.land = p
                    .into_iter()
                    .map(|rings| rings.into_iter().map(line).collect())
                    .collect();
            }
            ("coastline", Geometry::MultiLineString(l)) => {
                out.coastlines = l.into_iter().map(line).collect();
            }
            ("border", Geometry::MultiLineString(l)) => {
                out.borders = l.into_iter().map(line).collect();
            }
            _ => {}
        }
    }
    Ok(out)
}

/// What the map shows: longitude and latitude ranges, degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    /// Longitude range, degrees east.
    pub lon: Range<f64>,
    /// Latitude range, degrees north.
    pub lat: Range<f64>,
}

/// What the embedded outlines cover (`assets/geo/README.md`): a map
/// beyond it would show sea where there is land.
pub const EXTENT: Bounds = Bounds {
    lon: 15.0..135.0,
    lat: -5.0..68.0,
};

impl Bounds {
    /// These bounds cut to `other` (unchanged where they lie inside it).
    pub fn within(&self, other: &Bounds) -> Bounds {
        let cut = |a: &Range<f64>, b: &Range<f64>| a.start.max(b.start)..a.end.min(b.end);
        Bounds {
            lon: cut(&self.lon, &other.lon),
            lat: cut(&self.lat, &other.lat),
        }
    }

    /// The bounds around `points` (lon, lat) with margins, one axis widened
    /// so that a plot `aspect` times as wide as high shows a degree of
    /// longitude cos(middle latitude) as long as a degree of latitude.
    /// Without points: the region 40–80°E, 20–55°N.
    pub fn around(points: &[(f64, f64)], aspect: f64) -> Bounds {
        let (mut x0, mut x1, mut y0, mut y1) = points.iter().fold(
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
            |(a, b, c, d), &(x, y)| (a.min(x), b.max(x), c.min(y), d.max(y)),
        );
        if points.is_empty() {
            (x0, x1, y0, y1) = (40.0, 80.0, 20.0, 55.0);
        }
        let (mx, my) = ((x1 - x0) * 0.06 + 1.0, (y1 - y0) * 0.08 + 1.0);
        (x0, x1, y0, y1) = (x0 - mx, x1 + mx, y0 - my, y1 + my);
        let k = ((y0 + y1) / 2.0).to_radians().cos();
        let have = (x1 - x0) * k / (y1 - y0);
        if have < aspect {
            let extra = ((y1 - y0) * aspect / k - (x1 - x0)) / 2.0;
            (x0, x1) = (x0 - extra, x1 + extra);
        } else {
            let extra = ((x1 - x0) * k / aspect - (y1 - y0)) / 2.0;
            (y0, y1) = (y0 - extra, y1 + extra);
        }
        Bounds {
            lon: x0..x1,
            lat: y0..y1,
        }
    }

    /// Whether a point lies inside.
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        self.lon.start <= x && x <= self.lon.end && self.lat.start <= y && y <= self.lat.end
    }

    /// The parts of a line inside the bounds (a line leaving and
    /// re-entering becomes several). O(points).
    pub fn clip_line(&self, line: &[(f64, f64)]) -> Vec<Line> {
        let mut runs = Vec::new();
        let mut run: Line = Vec::new();
        for w in line.windows(2) {
            match self.clip_segment(w[0], w[1]) {
                Some((a, b)) => {
                    if run.last() != Some(&a) {
                        if run.len() > 1 {
                            runs.push(std::mem::take(&mut run));
                        }
                        run = vec![a];
                    }
                    run.push(b);
                }
                None if run.len() > 1 => runs.push(std::mem::take(&mut run)),
                None => run.clear(),
            }
        }
        if run.len() > 1 {
            runs.push(run);
        }
        runs
    }

    /// Liang–Barsky: the part of segment a–b inside the bounds.
    fn clip_segment(&self, a: (f64, f64), b: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        let sides = [
            (-dx, a.0 - self.lon.start),
            (dx, self.lon.end - a.0),
            (-dy, a.1 - self.lat.start),
            (dy, self.lat.end - a.1),
        ];
        for (p, q) in sides {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
        (t0 <= t1).then(|| (at(t0), at(t1)))
    }

    /// Sutherland–Hodgman: a ring cut to the bounds (a ring around them
    /// becomes their outline); `None` if nothing is inside. O(points).
    pub fn clip_ring(&self, ring: &[(f64, f64)]) -> Option<Line> {
        // Each edge: the axis (0 lon, 1 lat), its value, and which side is in.
        let edges = [
            (0, self.lon.start, 1.0),
            (0, self.lon.end, -1.0),
            (1, self.lat.start, 1.0),
            (1, self.lat.end, -1.0),
        ];
        let coord = |p: (f64, f64), axis: usize| if axis == 0 { p.0 } else { p.1 };
        let mut out: Line = ring.to_vec();
        for (axis, at, side) in edges {
            let inside = |p: (f64, f64)| (coord(p, axis) - at) * side >= 0.0;
            let cut = |a: (f64, f64), b: (f64, f64)| {
                let t = (at - coord(a, axis)) / (coord(b, axis) - coord(a, axis));
                // The cut coordinate is set exactly, the other interpolated.
                match axis {
                    0 => (at, a.1 + t * (b.1 - a.1)),
                    _ => (a.0 + t * (b.0 - a.0), at),
                }
            };
            let input = std::mem::take(&mut out);
            for (i, &cur) in input.iter().enumerate() {
                let prev = input[(i + input.len() - 1) % input.len()];
                match (inside(prev), inside(cur)) {
                    (true, true) => out.push(cur),
                    (false, true) => out.extend([cut(prev, cur), cur]),
                    (true, false) => out.push(cut(prev, cur)),
                    (false, false) => {}
                }
            }
            if out.is_empty() {
                return None;
            }
        }
        (out.len() >= 3).then_some(out)
    }
}

/// Where the map draws: its bounds and the plot's pixel ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// What the plot shows.
    pub bounds: Bounds,
    /// The plot's columns, left to right.
    pub x: Range<i32>,
    /// The plot's rows, top to bottom.
    pub y: Range<i32>,
}

impl Frame {
    /// The pixel (column, row) at which the map draws (lon, lat), to
    /// within a pixel.
    pub fn pixel(&self, (lon, lat): (f64, f64)) -> (i32, i32) {
        let b = &self.bounds;
        let fx = (lon - b.lon.start) / (b.lon.end - b.lon.start);
        let fy = (b.lat.end - lat) / (b.lat.end - b.lat.start);
        let px = self.x.start as f64 + fx * (self.x.end - self.x.start) as f64;
        let py = self.y.start as f64 + fy * (self.y.end - self.y.start) as f64;
        (px.round() as i32, py.round() as i32)
    }
}
