//! Charts checked as pictures (issue 14, item 7): the PNG is decoded and
//! what can be checked is: the tornado's zero line and flip points, the
//! map's sea legs along their lanes, the tail the cost distribution
//! shades, the Pareto chart's markers; and, on the shipped network, that
//! the sea lanes stay off land.

use std::path::Path;

use corridor::analysis::tornado::{Bar, Tornado};
use corridor::analysis::{Metric, Pair, Side};
use corridor::report::charts::{self, ZERO_LINE};
use corridor::report::data::ChartData;
use corridor::report::geo::{Frame, outlines};
use image::RgbImage;

fn decode(png: &[u8]) -> RgbImage {
    image::load_from_memory(png).expect("a PNG").to_rgb8()
}

fn rgb(c: plotters::style::RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

/// A scenario's chart data, simulated in-process with few trials.
fn chart_data(scenario: &str, trials: u64) -> ChartData {
    use corridor::montecarlo::{Manifest, SimModel, run_trials, summarize};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(scenario);
    let sc = corridor::scenario::load::load_scenario(&path, &[]).expect("loads");
    let model = SimModel::new(&sc).expect("model");
    let acc = run_trials(&model, sc.montecarlo.seed, 0..trials, &|_| {});
    let summary = summarize(&sc, &model, &acc, Manifest::new(&sc, scenario));
    ChartData::new(&sc, &model, &acc, &summary)
}

fn tornado(base: f64, bars: &[(f64, f64)]) -> Tornado {
    let side = |id: &str| Side {
        id: id.into(),
        name: id.into(),
    };
    Tornado {
        pair: Pair {
            a: side("a"),
            b: side("b"),
        },
        base,
        delta: 0.25,
        bars: bars
            .iter()
            .enumerate()
            .map(|(i, &(at_low, at_high))| Bar {
                key: format!("risk_weights.k{i}"),
                base: 1.0,
                low: 0.75,
                high: 1.25,
                at_low,
                at_high,
            })
            .collect(),
    }
}

/// Columns (x > 100, right of the y axis) in which at least 70% of the
/// rows between 100 and 850 have `colour`.
fn full_columns(img: &RgbImage, colour: [u8; 3]) -> Vec<u32> {
    (100..img.width())
        .filter(|&x| {
            let hits = (100..850)
                .filter(|&y| img.get_pixel(x, y).0 == colour)
                .count();
            hits * 10 >= 750 * 7
        })
        .collect()
}

/// Every bar negative (A better whatever the input): the axis still
/// reaches zero and draws the zero line, right of the base line.
#[test]
fn issue14_tornado_shows_the_zero_line() {
    let t = tornado(-800.0, &[(-1200.0, -500.0), (-900.0, -700.0)]);
    let img = decode(&charts::tornado_chart(&t, Metric::Gc, &titles("test"), 20).unwrap());
    assert_eq!(img.dimensions(), (charts::WIDTH, charts::HEIGHT));
    let zero = full_columns(&img, rgb(ZERO_LINE));
    assert!(!zero.is_empty(), "no column of the zero line's colour");
    // The base line (grey, dashed) is left of zero: the bars' middle.
    let bar_pixels: Vec<u32> = (100..img.width())
        .filter(|&x| {
            (100..850).any(|y| {
                // The low bars: Okabe–Ito blue at 80% over white (the
                // legend's swatch is the pure colour).
                let [r, g, b] = img.get_pixel(x, y).0;
                (45..60).contains(&r) && (135..150).contains(&g) && (185..200).contains(&b)
            })
        })
        .collect();
    assert!(!bar_pixels.is_empty(), "no bars drawn");
    assert!(
        zero.iter().all(|&x| x > *bar_pixels.last().unwrap()),
        "the zero line is not right of every bar (all bars are negative)"
    );
}

/// Flip points: a red marker where an input makes A − B change sign,
/// none when no input does.
#[test]
fn issue14_tornado_marks_the_flip_point_only_when_there_is_one() {
    let flip_red = |img: &RgbImage| img.pixels().filter(|p| p.0 == [170, 0, 0]).count();
    let none = decode(
        &charts::tornado_chart(
            &tornado(-800.0, &[(-1200.0, -500.0)]),
            Metric::Gc,
            &titles("t"),
            20,
        )
        .unwrap(),
    );
    let one = decode(
        &charts::tornado_chart(
            &tornado(-800.0, &[(-1200.0, 400.0)]),
            Metric::Gc,
            &titles("t"),
            20,
        )
        .unwrap(),
    );
    assert_eq!(flip_red(&none), 0, "a flip marked where nothing flips");
    assert!(
        flip_red(&one) > 100,
        "no flip marker ({} px)",
        flip_red(&one)
    );
    // 1 + 0.25 × 800 / 1200: the input value where A − B reaches zero.
    assert_eq!(
        tornado(-800.0, &[(-1200.0, 400.0)]).bars[0].flip_at(-800.0),
        Some(1.0 + 0.25 * 800.0 / 1200.0)
    );
}

/// The map draws the outline layer (land colour), and a sea leg along its
/// lane: the Almaty → Karachi "China east coast" corridor's colour near
/// the Strait of Malacca, far from any straight line between its nodes.
#[test]
fn issue14_map_draws_land_and_sea_legs_along_their_lanes() {
    let data = chart_data("scenarios/almaty-karachi.toml", 200);
    let img = decode(&charts::map(&data).unwrap());
    assert_eq!(img.dimensions(), (charts::WIDTH, charts::HEIGHT));
    let land = img.pixels().filter(|p| p.0 == rgb(charts::LAND)).count();
    assert!(land > 100_000, "only {land} land pixels");
    let frame: Frame = charts::map_frame(&data).unwrap();
    let malacca = data
        .corridors
        .iter()
        .find(|c| {
            c.line
                .iter()
                .any(|&(lon, lat)| (95.0..105.0).contains(&lon) && lat < 8.0)
        })
        .expect("a corridor through the Strait of Malacca");
    let colour = rgb(charts::colour(malacca.colour));
    let (x, y) = frame.pixel((100.5, 3.0));
    let near = (-25i32..=25)
        .flat_map(|dx| (-25i32..=25).map(move |dy| (x + dx, y + dy)))
        .filter(|&(x, y)| img.get_pixel(x as u32, y as u32).0 == colour)
        .count();
    assert!(
        near > 20,
        "{}: {near} px of its colour near Malacca",
        malacca.id
    );
}

/// Even-odd point-in-polygon (tests only).
fn inside(p: (f64, f64), ring: &[(f64, f64)]) -> bool {
    let mut c = false;
    for i in 0..ring.len() {
        let (a, b) = (ring[i], ring[(i + ring.len() - 1) % ring.len()]);
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
    }
    c
}

fn on_land(p: (f64, f64)) -> bool {
    outlines()
        .land
        .iter()
        .any(|poly| inside(p, &poly[0]) && !poly[1..].iter().any(|hole| inside(p, hole)))
}

/// The shipped network's sea and ferry legs, drawn through their
/// waypoints, stay off land: at most 5% of points sampled every ~4 km
/// fall on it (canals and straits narrower than the 1:50m outlines: Suez,
/// the Dardanelles), apart from the first and last 30 km at the ports.
/// As straight lines (waypoints dropped) many legs cross land, so the
/// check has teeth; the count of such legs guards it.
#[test]
fn issue14_sea_lanes_stay_off_land() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/almaty-karachi.toml");
    let sc = corridor::scenario::load::load_scenario(&path, &[]).expect("loads");
    let net = &sc.network;
    let land_share = |pts: &[(f64, f64)]| {
        let (start, end) = (pts[0], *pts.last().unwrap());
        let (mut n, mut wet) = (0usize, 0usize);
        for w in pts.windows(2) {
            let steps = (((w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)) / 0.04)
                .ceil()
                .max(1.0) as usize;
            for k in 0..steps {
                let t = k as f64 / steps as f64;
                let p = (
                    w[0].0 + t * (w[1].0 - w[0].0),
                    w[0].1 + t * (w[1].1 - w[0].1),
                );
                let near_port = |q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1) < 0.3;
                // West of 15°E the outlines have no land to test against.
                if near_port(start) || near_port(end) || p.0 < 15.0 {
                    continue;
                }
                n += 1;
                wet += usize::from(!on_land(p));
            }
        }
        if n == 0 {
            0.0
        } else {
            1.0 - wet as f64 / n as f64
        }
    };
    let (mut checked, mut straight_cross) = (0, 0);
    for l in net.links.iter().filter(|l| {
        matches!(
            l.mode,
            corridor::network::Mode::Sea | corridor::network::Mode::Ferry
        )
    }) {
        let at = |n: corridor::network::NodeId| {
            (net.nodes[n.0 as usize].lon, net.nodes[n.0 as usize].lat)
        };
        let drawn: Vec<(f64, f64)> = std::iter::once(at(l.from))
            .chain(l.path.iter().copied())
            .chain([at(l.to)])
            .collect();
        let share = land_share(&drawn);
        assert!(
            share <= 0.05,
            "{}: {:.1}% of its lane on land",
            l.id,
            share * 100.0
        );
        if land_share(&[at(l.from), at(l.to)]) > 0.05 {
            straight_cross += 1;
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} sea and ferry links");
    assert!(
        straight_cross >= 10,
        "only {straight_cross} legs would cross land straight"
    );
}

/// The cost distribution shades the tail beyond VaR95 and marks CVaR95
/// (in their own colours) for every corridor with a tail.
#[test]
fn issue14_cost_distribution_shows_the_cvar_tail() {
    let data = chart_data("scenarios/almaty-karachi.toml", 4000);
    let img = decode(&charts::cost_box(&data).unwrap());
    let count = |c: [u8; 3]| img.pixels().filter(|p| p.0 == c).count();
    assert!(
        count([170, 0, 0]) > 50 * data.corridors.len(),
        "CVaR marks: {} px",
        count([170, 0, 0])
    );
    assert!(
        count([246, 196, 190]) > 1000,
        "tail shading: {} px",
        count([246, 196, 190])
    );
}

/// The Pareto chart: the right size, each corridor's colour drawn, and
/// the frontier as defined: nothing on it is dominated, everything off it
/// is dominated by something on it.
#[test]
fn issue14_pareto_chart_marks_the_non_dominated_corridors() {
    let data = chart_data("scenarios/astana-jebel-ali.toml", 2000);
    let img = decode(&charts::pareto(&data).unwrap());
    assert_eq!(img.dimensions(), (charts::WIDTH, charts::HEIGHT));
    for c in &data.corridors {
        let col = rgb(charts::colour(c.colour));
        let n = img.pixels().filter(|p| p.0 == col).count();
        assert!(n > 30, "{}: {n} px of its colour", c.id);
    }
    let front = charts::pareto_front(&data);
    let pt = |i: usize| (data.corridors[i].days[2], data.corridors[i].usd_mean);
    let dominates = |a: (f64, f64), b: (f64, f64)| a.0 <= b.0 && a.1 <= b.1 && a != b;
    assert!(front.iter().any(|&f| f), "an empty frontier");
    for i in 0..front.len() {
        let by_front = (0..front.len()).any(|j| front[j] && dominates(pt(j), pt(i)));
        assert_eq!(front[i], !by_front, "{}", data.corridors[i].id);
    }
}

fn titles(name: &str) -> charts::Titles {
    charts::Titles {
        name: name.into(),
        what_if: None,
    }
}

/// Issue 14: the map's legend hides no route. For every shipped scenario,
/// the legend box covers no point of any drawn route (sampled every pixel
/// in the map's own projection, [`Frame::pixel`]) whenever a box of its
/// size fits in some corner of the plot without covering one; and it never
/// covers more route than the emptiest corner would.
#[test]
fn issue14_the_map_legend_covers_the_least_route() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut free = 0;
    for name in &names {
        let data = chart_data(&format!("scenarios/{name}"), 200);
        if data.corridors.is_empty() {
            continue;
        }
        let frame: Frame = charts::map_frame(&data).unwrap();
        let mut ink: Vec<(i32, i32)> = Vec::new();
        for c in &data.corridors {
            for part in frame.bounds.clip_line(&c.line) {
                for s in part.windows(2) {
                    let (a, z) = (frame.pixel(s[0]), frame.pixel(s[1]));
                    let n = (z.0 - a.0).abs().max((z.1 - a.1).abs()).max(1);
                    ink.extend(
                        (0..=n).map(|k| (a.0 + (z.0 - a.0) * k / n, a.1 + (z.1 - a.1) * k / n)),
                    );
                }
            }
        }
        let under = |b: (i32, i32, i32, i32)| {
            ink.iter()
                .filter(|&&(x, y)| x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3)
                .count()
        };
        let (legend, _) = charts::map_legend_box(&data).unwrap();
        let (w, h) = (legend.2 - legend.0, legend.3 - legend.1);
        assert!(
            legend.0 >= frame.x.start && legend.2 <= frame.x.end,
            "{name}: legend {legend:?} outside the plot {frame:?}"
        );
        let corners = [
            (frame.x.start, frame.y.start),
            (frame.x.end - w, frame.y.start),
            (frame.x.start, frame.y.end - h),
            (frame.x.end - w, frame.y.end - h),
        ]
        .map(|(x, y)| under((x, y, x + w, y + h)));
        let got = under(legend);
        let least = *corners.iter().min().unwrap();
        assert!(
            got <= least,
            "{name}: legend over {got} route px, a corner over {least}"
        );
        if least == 0 {
            assert_eq!(got, 0, "{name}");
        }
        free += usize::from(got == 0);
    }
    // Not vacuous: the shipped maps all have room for a legend off the routes.
    assert_eq!(
        free,
        names.len() - 1,
        "maps with the legend off every route"
    );
}

/// The route a free shipper takes in most trials reads on the map even
/// when the run found it and it comes last: drawn wider than its rank
/// alone would draw it.
#[test]
fn the_map_draws_the_free_choices_route_wide_enough_to_read() {
    use corridor::montecarlo::{Manifest, SimModel, run_trials, summarize, taken};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/almaty-karachi.toml");
    let mut sc = corridor::scenario::load::load_scenario(&path, &[]).expect("loads");
    // As `run` does: add the routes the free choice takes outside every
    // corridor.
    let seed = sc.montecarlo.seed;
    taken::complete(&mut sc, 3, seed, 2_000).expect("pilot");
    let model = SimModel::new(&sc).expect("model");
    let acc = run_trials(&model, sc.montecarlo.seed, 0..2_000, &|_| {});
    let summary = summarize(&sc, &model, &acc, Manifest::new(&sc, "almaty-karachi"));
    let mut data = ChartData::new(&sc, &model, &acc, &summary);
    let i = data
        .corridors
        .iter()
        .position(|c| c.chosen > 0.5)
        .expect("the free choice takes one route in most trials");
    assert_eq!(i, data.corridors.len() - 1, "a found route, drawn last");
    let colour = rgb(charts::colour(data.corridors[i].colour));
    let ink = |d: &ChartData| {
        decode(&charts::map(d).unwrap())
            .pixels()
            .filter(|p| p.0 == colour)
            .count()
    };
    let chosen = ink(&data);
    data.corridors[i].chosen = 0.0;
    let by_rank = ink(&data);
    assert!(
        chosen as f64 > 1.25 * by_rank as f64,
        "{chosen} px of its colour when chosen, {by_rank} by rank alone"
    );
}
