//! Issue 14, item 6, with the real binary: `corridor compare A B` reads two
//! report folders and reports, per corridor, B's values and their change
//! from A, checked here against the two summary.json files themselves;
//! folders that are not reports and runs that cannot be compared are
//! refused with exit code 2.

mod common;

use std::path::{Path, PathBuf};

use common::{corridor, stderr, stdout, workspace};

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A baseline and a what-if run of the example scenario (no charts).
fn two_runs() -> (tempfile::TempDir, PathBuf, String) {
    let (t, dir) = workspace();
    let run = [
        "run",
        "scenarios/example.toml",
        "--trials",
        "1000",
        "--no-charts",
    ];
    ok(&corridor(&dir, &run));
    let set = ["--set", "cargo.value_of_time_usd_per_day=600"];
    ok(&corridor(&dir, &[&run[..], &set[..]].concat()));
    let what_if = std::fs::read_dir(dir.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("example--what-if-"))
        .expect("the what-if folder");
    (t, dir, format!("reports/{what_if}"))
}

/// The value of `key` in a corridor entry (or the free choice) of a
/// summary, as compare.csv names it.
fn value(summary: &serde_json::Value, id: &str, key: &str) -> f64 {
    let entry = if id == "free" {
        &summary["free_choice"]
    } else {
        summary["corridors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
    };
    let v = match key {
        "p50_days" => &entry["days"]["p50"],
        "p90_days" => &entry["days"]["p90"],
        "mean_usd" => &entry["usd"]["mean"],
        "cvar95_usd" => &entry["usd"]["cvar95"],
        "free_choice_share" => &summary["free_choice_shares"][id]["p"],
        _ => panic!("{key}"),
    };
    v.as_f64().unwrap()
}

#[test]
fn issue14_compare_reports_the_change_of_every_corridor_between_two_runs() {
    let (_t, dir, what_if) = two_runs();
    let o = corridor(&dir, &["compare", "reports/example", &what_if]);
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains("what-if: cargo.value_of_time_usd_per_day = 600"),
        "{out}"
    );
    // The table and its key (the folder paths are the user's).
    for line in out.lines().filter(|l| !l.starts_with("wrote ")) {
        assert!(
            line.chars().count() <= 100,
            "wider than 100 columns: {line}"
        );
    }
    let folder = dir.join(format!("reports/compare--example--{}", &what_if[8..]));
    let (a, b) = (
        json(&dir.join("reports/example/summary.json")),
        json(&dir.join(&what_if).join("summary.json")),
    );
    let mut csv = csv::Reader::from_path(folder.join("compare.csv")).unwrap();
    let mut rows = 0;
    let mut changed = 0;
    for r in csv.records() {
        let r = r.unwrap();
        let (id, key) = (&r[0], &r[2]);
        if id == "free" && key == "free_choice_share" {
            assert_eq!((&r[3], &r[4], &r[5]), ("", "", ""));
            continue;
        }
        let (va, vb) = (value(&a, id, key), value(&b, id, key));
        let parse = |s: &str| s.parse::<f64>().unwrap();
        assert_eq!(parse(&r[3]), va, "{id} {key} in A");
        assert_eq!(parse(&r[4]), vb, "{id} {key} in B");
        assert!((parse(&r[5]) - (vb - va)).abs() < 1e-9, "{id} {key} change");
        rows += 1;
        changed += usize::from(vb != va);
    }
    // Two corridors and the free choice, five values each but one.
    assert_eq!(rows, 14);
    assert!(changed >= 4, "the what-if changed {changed} values");
    // The chart names the what-if under its title and says what it read.
    let png = folder.join("compare.png");
    let img = image::open(&png).unwrap().to_rgb8();
    let ink = (0..130)
        .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0 == [176, 64, 0])
        .count();
    assert!(ink > 50, "no what-if subtitle ({ink} pixels)");
    let m = json(&folder.join("manifest.json"));
    assert_eq!(
        m["command"],
        format!("corridor compare reports/example {what_if}")
    );
    let md = std::fs::read_to_string(folder.join("compare.md")).unwrap();
    assert!(md.contains("| Rail via the gauge station |"), "{md}");
}

#[test]
fn issue14_compare_refuses_what_is_not_a_report_or_not_comparable() {
    let (_t, dir, what_if) = two_runs();
    let refused = |args: &[&str], needle: &str| {
        let o = corridor(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(needle), "{}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    };
    refused(
        &["compare", "scenarios", &what_if],
        "scenarios: not a corridor report: cannot read summary.json",
    );
    refused(
        &["compare", "reports/nowhere", &what_if],
        "reports/nowhere: not a corridor report: no such folder",
    );
    std::fs::create_dir(dir.join("junk")).unwrap();
    std::fs::write(dir.join("junk/summary.json"), "{\"corridors\": 3}").unwrap();
    refused(
        &["compare", "junk", &what_if],
        "junk: not a corridor report: summary.json is not a corridor summary",
    );
    // Another cargo unit; then no corridor in common.
    let edit = |name: &str, f: &dyn Fn(&mut serde_json::Value)| {
        let to = dir.join("reports").join(name);
        std::fs::create_dir(&to).unwrap();
        let mut s = json(&dir.join("reports/example/summary.json"));
        f(&mut s);
        std::fs::write(to.join("summary.json"), s.to_string()).unwrap();
    };
    edit("tonnes", &|s| s["cargo_unit"] = "tonne".into());
    refused(
        &["compare", "reports/example", "reports/tonnes"],
        "costs are per TEU in one and per tonne in the other",
    );
    edit("renamed", &|s| {
        for c in s["corridors"].as_array_mut().unwrap() {
            c["id"] = format!("x-{}", c["id"].as_str().unwrap()).into();
        }
    });
    refused(
        &["compare", "reports/example", "reports/renamed"],
        "cannot compare reports/example with reports/renamed: they have no corridor in common",
    );
}
