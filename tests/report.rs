//! The report folder of `corridor run`, checked as a reader would get it:
//! PNGs decode and show something, summary.json has the documented
//! layout, corridors.csv parses, and a failed run keeps the old report.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::what_if_ink;

const CHARTS: &[&str] = &[
    "cost_vs_time.png",
    "transit_time_cdf.png",
    "cost_distribution.png",
    "cost_breakdown.png",
    "time_cost_distance.png",
    "map.png",
    "pareto.png",
];

fn corridor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn run_example(out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec![
        "run",
        "scenarios/example.toml",
        "--trials",
        "20000",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    corridor(&args)
}

fn report_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let o = run_example(&out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

#[test]
fn charts_decode_and_are_not_blank() {
    let (_t, out) = report_dir();
    for name in CHARTS {
        let img = image::open(out.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .to_rgb8();
        assert_eq!(img.dimensions(), (1600, 1000), "{name}");
        let colours: BTreeSet<[u8; 3]> = img.pixels().map(|p| p.0).collect();
        assert!(colours.len() > 50, "{name}: only {} colours", colours.len());
        // The data area (the middle of the image) holds more than grid lines.
        let (mut ink, mut total) = (0u64, 0u64);
        for y in 250..750 {
            for x in 300..1300 {
                total += 1;
                let p = img.get_pixel(x, y).0;
                if p.iter().map(|&c| c as u32).sum::<u32>() < 600 {
                    ink += 1;
                }
            }
        }
        assert!(
            ink * 200 > total,
            "{name}: data area nearly empty ({ink} of {total} pixels)"
        );
    }
}

/// Every key path of a JSON value, arrays collapsed to `[]`.
fn key_paths(v: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                // Map keys that are data (corridor ids, categories) are
                // collapsed too.
                let k = if prefix.ends_with("free_choice_shares") {
                    "*"
                } else {
                    k.as_str()
                };
                let p = if prefix.is_empty() {
                    k.to_string()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                key_paths(v, &p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for v in a {
                key_paths(v, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn summary_json_has_the_documented_layout() {
    let (_t, out) = report_dir();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mut paths = BTreeSet::new();
    key_paths(&v, "", &mut paths);
    let golden_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/summary-keys.txt");
    let got: String = paths.iter().map(|p| format!("{p}\n")).collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden_path, &got).unwrap();
    }
    let golden =
        std::fs::read_to_string(&golden_path).expect("golden key list (UPDATE_GOLDEN=1 to create)");
    assert_eq!(
        got, golden,
        "summary.json layout changed: update docs/summary-json.md and the golden file"
    );
    // Every documented top-level field is described in docs/summary-json.md.
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/summary-json.md"))
            .unwrap();
    for key in v.as_object().unwrap().keys() {
        assert!(
            doc.contains(&format!("`{key}")),
            "docs/summary-json.md does not describe `{key}`"
        );
    }
    // Values that must hold whatever the draws.
    assert_eq!(v["schema"], 1);
    assert_eq!(v["trials"], 20000);
    for c in v["corridors"].as_array().unwrap() {
        let d = &c["days"];
        let q: Vec<f64> = ["p5", "p10", "p50", "p90", "p95", "p99"]
            .iter()
            .map(|k| d[k].as_f64().unwrap())
            .collect();
        assert!(
            q.windows(2).all(|w| w[0] <= w[1]),
            "quantiles out of order: {q:?}"
        );
        assert!(d["cvar95"].as_f64().unwrap() >= d["p95"].as_f64().unwrap() * 0.99);
    }
}

#[test]
fn corridors_csv_parses_with_the_right_columns() {
    let (_t, out) = report_dir();
    let text = std::fs::read_to_string(out.join("corridors.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, corridor::report::corridors_csv::columns());
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3, "two corridors and the free choice");
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        let days_mean: f64 = row[header.iter().position(|h| *h == "days_mean").unwrap()]
            .parse()
            .unwrap();
        assert!(days_mean > 1.0 && days_mean < 100.0, "{days_mean}");
    }
    assert_eq!(rows[2][0], "free");
}

#[test]
fn summary_md_embeds_every_chart_and_states_the_answer() {
    let (_t, out) = report_dir();
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let answer = md
        .lines()
        .find(|l| l.starts_with("**Answer.** "))
        .unwrap_or_else(|| panic!("no answer in {md}"));
    for part in [
        "most often takes **",
        "Cheapest: **",
        "Fastest: **",
        "Safest: **",
        "safest means the lowest CVaR95",
    ] {
        assert!(answer.contains(part), "{part:?} missing from {answer}");
    }
    assert!(
        md.contains(
            "**As planned.** Under the scenario's risk weights the corridor of choice is **"
        ),
        "{md}"
    );
    for c in CHARTS {
        assert!(md.contains(&format!("]({c})")), "{c} not embedded");
    }
    assert!(md.contains("sha256"));
}

#[test]
fn a_failed_run_leaves_the_previous_report_untouched() {
    let (_t, out) = report_dir();
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    // Something in the way of one file: the run must fail before
    // replacing any other.
    std::fs::remove_file(out.join("map.png")).unwrap();
    std::fs::create_dir(out.join("map.png")).unwrap();
    let o = run_example(&out, &["--seed", "7"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("map.png"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for (name, bytes) in &before {
        if name != "map.png" {
            assert_eq!(
                &std::fs::read(out.join(name)).unwrap(),
                bytes,
                "{name} was changed by a failed run"
            );
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn no_charts_writes_no_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = run_example(&out, &["--no-charts"]);
    assert!(o.status.success());
    assert!(out.join("summary.json").exists() && out.join("summary.md").exists());
    assert!(!out.join("map.png").exists());
}

#[test]
fn run_twice_and_sharded_give_identical_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let s = dir.path().join("s");
    let m = dir.path().join("m");
    assert!(
        run_example(&a, &["--threads", "1", "--no-charts"])
            .status
            .success()
    );
    assert!(
        run_example(&b, &["--threads", "2", "--no-charts"])
            .status
            .success()
    );
    for k in ["1/2", "2/2"] {
        assert!(run_example(&s, &["--shard", k]).status.success());
    }
    let shards: Vec<String> = ["shard-1-of-2.json", "shard-2-of-2.json"]
        .iter()
        .map(|f| s.join(f).to_string_lossy().into_owned())
        .collect();
    let o = corridor(&[
        "merge",
        &shards[0],
        &shards[1],
        "--out",
        m.to_str().unwrap(),
        "--no-charts",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |d: &PathBuf| std::fs::read(d.join("summary.json")).unwrap();
    assert_eq!(read(&a), read(&b), "--threads 1 vs 2");
    assert_eq!(read(&a), read(&m), "shards merged vs one run");
}

/// Issue 14, item 5: every chart of a what-if run carries the subtitle
/// line under its title; the scenario's own charts do not.
#[test]
fn issue14_every_chart_of_a_what_if_run_has_the_subtitle() {
    let (t, baseline) = report_dir();
    let what_if = t.path().join("what-if");
    let out = what_if.to_str().unwrap();
    let o = corridor(&[
        "run",
        "scenarios/example.toml",
        "--trials",
        "2000",
        "--out",
        out,
        "--set",
        "risk_weights.political=3",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in CHARTS {
        let drawn = what_if_ink(&what_if.join(name), 130);
        assert!(drawn > 50, "{name}: no what-if subtitle ({drawn} pixels)");
        assert_eq!(what_if_ink(&baseline.join(name), 130), 0, "{name}");
    }
}

/// The default scenario's chart data, simulated in-process (few trials:
/// the map shows planned routes, which do not depend on the draws).
fn default_chart_data() -> corridor::report::data::ChartData {
    use corridor::montecarlo::{Manifest, SimModel, run_trials, summarize};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/almaty-karachi.toml");
    let sc = corridor::scenario::load::load_scenario(&path, &[]).expect("loads");
    let model = SimModel::new(&sc).expect("model");
    let acc = run_trials(&model, sc.montecarlo.seed, 0..200, &|_| {});
    let summary = summarize(&sc, &model, &acc, Manifest::new(&sc, "almaty-karachi.toml"));
    corridor::report::data::ChartData::new(&sc, &model, &acc, &summary)
}

/// Issue 14 item 7: the map draws Natural Earth land, borders and
/// coastlines under the routes. Without the outline layer no pixel has the
/// land or border colour, so this fails.
#[test]
fn issue14_map_shows_country_outlines_and_sea() {
    use corridor::report::charts::{BORDER, LAND, SEA, map, map_frame};
    let data = default_chart_data();
    let img = image::load_from_memory(&map(&data).unwrap())
        .unwrap()
        .to_rgb8();
    let frame = map_frame(&data).unwrap();
    let (land, sea, border) = (
        [LAND.0, LAND.1, LAND.2],
        [SEA.0, SEA.1, SEA.2],
        [BORDER.0, BORDER.1, BORDER.2],
    );
    // Border vertices inside the plot: a border-grey pixel within 2 px of
    // most of them (routes, nodes, labels and the legend cover the rest).
    let inner = |(x, y): (i32, i32)| {
        frame.x.start + 3 <= x
            && x < frame.x.end - 3
            && frame.y.start + 3 <= y
            && y < frame.y.end - 3
    };
    let (mut tried, mut found) = (0, 0);
    for line in &corridor::report::geo::outlines().borders {
        for &p in line.iter().filter(|&&p| frame.bounds.contains(p)) {
            let (x, y) = frame.pixel(p);
            if !inner((x, y)) {
                continue;
            }
            tried += 1;
            let near = (-2..=2).flat_map(|dx| (-2..=2).map(move |dy| (x + dx, y + dy)));
            if near
                .into_iter()
                .any(|(x, y)| img.get_pixel(x as u32, y as u32).0 == border)
            {
                found += 1;
            }
        }
    }
    assert!(tried > 100, "only {tried} border vertices on the map");
    assert!(
        found * 10 > tried * 7,
        "border grey near {found} of {tried} border vertices"
    );
    // Land and sea both cover a good part of the plot (a third or more is
    // land: the map reaches south over the Indian Ocean to the Strait of
    // Malacca, which the sea leg via Malacca passes).
    let count = |c: [u8; 3]| img.pixels().filter(|p| p.0 == c).count();
    let plot = ((frame.x.end - frame.x.start) * (frame.y.end - frame.y.start)) as usize;
    assert!(
        count(land) * 3 > plot,
        "land covers {} of {plot} px",
        count(land)
    );
    assert!(
        count(sea) * 50 > plot,
        "sea covers {} of {plot} px",
        count(sea)
    );
    // The Arabian Sea south of Karachi, the Caspian (a hole in the land)
    // and the Hindu Kush are where they belong.
    for (lon_lat, want, what) in [
        ((64.0, 23.0), sea, "Arabian Sea"),
        ((51.0, 41.0), sea, "Caspian Sea"),
        ((70.5, 35.5), land, "Hindu Kush"),
    ] {
        if frame.bounds.contains(lon_lat) {
            let (x, y) = frame.pixel(lon_lat);
            assert_eq!(img.get_pixel(x as u32, y as u32).0, want, "{what}");
        }
    }
}

/// The embedded outlines parse, and cutting to the map's bounds keeps
/// what is inside.
#[test]
fn geo_outlines_parse_and_clip_to_the_bounds() {
    use corridor::report::geo::{Bounds, outlines};
    let g = outlines();
    assert!(g.land.len() > 20 && g.borders.len() > 50 && g.coastlines.len() > 20);
    let b = Bounds {
        lon: 60.0..70.0,
        lat: 30.0..40.0,
    };
    // A line through the box, out and back in: two pieces, ends on the edge.
    let parts = b.clip_line(&[
        (55.0, 35.0),
        (65.0, 35.0),
        (65.0, 45.0),
        (66.0, 45.0),
        (66.0, 35.0),
    ]);
    assert_eq!(
        parts,
        vec![
            vec![(60.0, 35.0), (65.0, 35.0), (65.0, 40.0)],
            vec![(66.0, 40.0), (66.0, 35.0)]
        ]
    );
    // A ring around the box becomes the box; a ring outside, nothing.
    let around = b
        .clip_ring(&[(50.0, 20.0), (80.0, 20.0), (80.0, 50.0), (50.0, 50.0)])
        .unwrap();
    let mut corners = around.clone();
    corners.sort_by(|p, q| p.partial_cmp(q).unwrap());
    corners.dedup();
    assert_eq!(
        corners,
        vec![(60.0, 30.0), (60.0, 40.0), (70.0, 30.0), (70.0, 40.0)]
    );
    assert_eq!(b.clip_ring(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]), None);
    // Bounds keep a degree of longitude cos(lat) as long as one of latitude.
    let w = Bounds::around(&[(60.0, 30.0), (80.0, 45.0)], 1.7);
    let k = ((w.lat.start + w.lat.end) / 2.0).to_radians().cos();
    let aspect = (w.lon.end - w.lon.start) * k / (w.lat.end - w.lat.start);
    assert!((aspect - 1.7).abs() < 1e-9, "{aspect}");
}
