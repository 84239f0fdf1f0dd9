//! The real binary, run as a user would, in a fresh temporary directory.

use std::path::{Path, PathBuf};

mod common;
use common::{corridor, stderr, stdout, workspace};

#[test]
fn check_reports_counts() {
    let (_t, dir) = workspace();
    let o = corridor(
        &dir,
        &["check", "networks/example.toml", "scenarios/example.toml"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("networks/example.toml: ok (network: 4 nodes, 5 links, 2 hazards)"),
        "{out}"
    );
    assert!(
        out.contains("scenarios/example.toml: ok (scenario: 2 corridors"),
        "{out}"
    );
}

#[test]
fn routes_table_lists_every_corridor_leg_by_leg() {
    let (_t, dir) = workspace();
    let o = corridor(&dir, &["routes", "scenarios/example.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Over the pass (road)",
        "Rail via the gauge station",
        "border",
        "transfer",
        "rail-1520→rail-1676",
        "Mountain Pass",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

fn json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["routes", "scenarios/example.toml", "--format", "json"];
    args.extend_from_slice(extra);
    let o = corridor(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn corridor_json<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["corridors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

#[test]
fn json_totals_equal_the_sum_of_steps() {
    let (_t, dir) = workspace();
    let v = json(&dir, &[]);
    assert_eq!(v["schema"], 1);
    for c in v["corridors"].as_array().unwrap() {
        assert_eq!(c["reachable"], true);
        let steps = c["steps"].as_array().unwrap();
        for field in ["km", "hours", "usd", "generalized_cost"] {
            let sum: f64 = steps.iter().map(|s| s[field].as_f64().unwrap()).sum();
            let total = c[field].as_f64().unwrap();
            assert!(
                (sum - total).abs() < 1e-6 * total.max(1.0),
                "{field}: {sum} vs {total}"
            );
        }
    }
}

#[test]
fn set_changes_the_answer() {
    let (_t, dir) = workspace();
    let base = json(&dir, &[]);
    let averse = json(&dir, &["--set", "risk_weights.political=5"]);
    let p0 = corridor_json(&base, "pass")["risk_premium_by_category"]["political"]
        .as_f64()
        .unwrap();
    let p1 = corridor_json(&averse, "pass")["risk_premium_by_category"]["political"]
        .as_f64()
        .unwrap();
    assert!(p0 > 0.0);
    assert!((p1 / p0 - 5.0 / 1.5).abs() < 1e-9, "{p0} -> {p1}");
    assert_eq!(averse["overrides"][0], "risk_weights.political=5");

    // A hazard change through --set raises that premium in proportion.
    let likelier = json(&dir, &["--set", "hazards.pass-closure.probability=0.3"]);
    let p2 = corridor_json(&likelier, "pass")["risk_premium_by_category"]["political"]
        .as_f64()
        .unwrap();
    assert!((p2 / p0 - 3.0).abs() < 1e-9, "{p0} -> {p2}");

    // Enabling the planned rail link over the pass makes that corridor use rail.
    let rail = json(&dir, &["--set", "links.pass-port-rail.status=operating"]);
    let steps = corridor_json(&rail, "pass")["steps"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        steps.iter().any(|s| s["link"] == "pass-port-rail"),
        "{steps:?}"
    );
}

#[test]
fn bad_set_key_is_an_error_with_a_suggestion() {
    let (_t, dir) = workspace();
    let o = corridor(
        &dir,
        &[
            "routes",
            "scenarios/example.toml",
            "--set",
            "risk_weights.securty=3",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("corridor: --set risk_weights.securty=3: risk_weights.securty: unknown category `securty`; did you mean `security`?"), "{err}");
    assert!(err.contains("1 error; nothing was run"), "{err}");

    let o = corridor(
        &dir,
        &[
            "routes",
            "scenarios/example.toml",
            "--set",
            "cargo.value_usd=lots",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cargo.value_usd"), "{}", stderr(&o));
}

#[test]
fn bad_file_gives_exit_2_and_every_problem() {
    let (_t, dir) = workspace();
    let net = dir.join("networks/example.toml");
    let text = std::fs::read_to_string(&net).unwrap();
    let broken = text
        .replace("country = \"PK\"", "country = \"pk\"")
        .replace(
            "mode = \"rail\"\ngauge = 1676",
            "mode = \"rial\"\ngauge = 1676",
        );
    std::fs::write(&net, broken).unwrap();
    let o = corridor(&dir, &["routes", "scenarios/example.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("networks/example.toml:45:11: node \"port\".country: \"pk\" is not an ISO 3166-1 alpha-2 code"), "{err}");
    assert!(
        err.contains(
            "link \"gauge-port-rail\".mode: unknown mode \"rial\"; did you mean \"rail\"?"
        ),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn without_corridors_k_distinct_routes() {
    let (_t, dir) = workspace();
    let sc = dir.join("scenarios/example.toml");
    let text = std::fs::read_to_string(&sc).unwrap();
    let cut = text.find("[[corridors]]").unwrap();
    let mc = text.find("[montecarlo]").unwrap();
    std::fs::write(&sc, format!("{}{}", &text[..cut], &text[mc..])).unwrap();
    let o = corridor(
        &dir,
        &[
            "routes",
            "scenarios/example.toml",
            "-k",
            "2",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cs = v["corridors"].as_array().unwrap();
    assert_eq!(cs.len(), 2);
    // Distinct: different border crossings.
    let borders = |c: &serde_json::Value| -> Vec<String> {
        c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["kind"] == "border")
            .map(|s| s["from"].as_str().unwrap().to_string())
            .collect()
    };
    assert_ne!(borders(&cs[0]), borders(&cs[1]));
    assert!(cs[0]["generalized_cost"].as_f64() <= cs[1]["generalized_cost"].as_f64());
}

#[test]
fn missing_file_is_a_clear_error() {
    let (_t, dir) = workspace();
    let o = corridor(&dir, &["check", "nope.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("corridor: nope.toml: cannot read"),
        "{}",
        stderr(&o)
    );
}

/// A temp dir with the fixture network and the fixture observations.
fn validation_workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir(dir.path().join("good")).unwrap();
    std::fs::copy(root.join("good/net.toml"), dir.path().join("good/net.toml")).unwrap();
    std::fs::copy(root.join("observations.toml"), dir.path().join("obs.toml")).unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn validate_reports_every_trip_and_fails_when_the_network_falls_short() {
    let (_t, dir) = validation_workspace();
    let o = corridor(&dir, &["validate", "obs.toml", "--min-within", "0.3"]);
    // One trip is off by more than 2×: the network fails, exit 1 (not 2).
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("2 of 5 trips within range"), "{out}");
    assert!(
        out.contains("unknown-place: destination: unknown node \"nowhere\""),
        "{out}"
    );
    assert!(out.contains("FAIL"), "{out}");
    // The calibration line counts trip times and prices only: the two
    // months the model misses lie wholly above its P90; the length and the
    // bounds are left out.
    assert!(
        out.contains(
            "published times and prices (not bounds, not lengths) below the model's P10: 0 of 1"
        ),
        "{out}"
    );
    assert!(out.contains("above its P90: 1 "), "{out}");
    // By metric and by kind, unbuilt trips counting as misses.
    assert!(
        out.contains("within range by metric: km 1 of 2, days 1 of 3; by kind: report 1 of 2, pilot 0 of 2, schedule 1 of 1"),
        "{out}"
    );
    // What the threshold asks of an exact network: the fixed lengths are
    // always within their own P10–P90, the unbuilt trip never, so at
    // least 2 and at most 4 of 5 on average, and 30% (2 of 5) every time.
    let exact = out
        .lines()
        .find(|l| l.starts_with("an exact network"))
        .unwrap_or_else(|| panic!("{out}"));
    let mean: f64 = exact
        .split("would have ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("{exact}"));
    assert!((2.0..=4.0).contains(&mean), "{exact}");
    assert!(
        exact.ends_with("of 5 within range on average, and reach 30.0% in 100.0% of validations"),
        "{exact}"
    );
    let report = dir.join("reports/validation-obs");
    let csv = std::fs::read_to_string(report.join("validation.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 6, "{csv}");
    assert!(rows[0].starts_with("id,metric,origin,destination,published_low,published_high,bound,allowed_low,allowed_high,model,p10,p50,p90,within,ratio,rank,exact_within,not_built"));
    let starts = |i: usize, prefix: &str| assert!(rows[i].starts_with(prefix), "{}", rows[i]);
    starts(1, "length-right,km,a,c,2200,2400,value,2200,2400,2300,");
    // within, ratio, rank, then exact_within: a fixed length is always
    // within its own P10–P90.
    assert!(rows[1].contains(",true,1,0.5,1,"), "{}", rows[1]);
    // Whole days are read to the day: 60–70 days allows 59.5–70.5.
    starts(2, "far-too-slow,days,a,c,60,70,value,59.5,70.5,");
    assert!(rows[3].contains("unknown node"), "{}", rows[3]);
    // A bound is open on one side: at most 60 days, at least 5,000 km.
    starts(4, "bound-kept,days,a,c,60,60,at_most,0,60.5,");
    starts(5, "bound-missed,km,a,c,5000,5000,at_least,5000,,2300,");
    assert!(out.contains("≤ 60.0") && out.contains("≥ 5,000"), "{out}");
    let md = std::fs::read_to_string(report.join("validation.md")).unwrap();
    assert!(md.contains("![model against published](validation.png)"));
    let png =
        image::load_from_memory(&std::fs::read(report.join("validation.png")).unwrap()).unwrap();
    assert_eq!(png.width(), 1600);
    assert_eq!(png.height(), 170 + 26 * 5);
}

#[test]
fn validate_passes_when_enough_trips_are_within_range() {
    let (_t, dir) = validation_workspace();
    // Only the trip that is within range: 100% within, none off by 2×.
    let text = std::fs::read_to_string(dir.join("obs.toml")).unwrap();
    let first = text
        .split("\n[[trip]]")
        .take(2)
        .collect::<Vec<_>>()
        .join("\n[[trip]]");
    std::fs::write(dir.join("one.toml"), first).unwrap();
    let o = corridor(&dir, &["validate", "one.toml", "--no-charts", "--out", "v"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("PASS"));
    assert!(!dir.join("v/validation.png").exists());
}

#[test]
fn validate_rejects_bad_observations_with_their_place() {
    let (_t, dir) = validation_workspace();
    let text = std::fs::read_to_string(dir.join("obs.toml")).unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        text.replace("metric = \"km\"", "metric = \"miles\"")
            .replace(
                "bound = \"at_least\"",
                "bound = \"at_least\"\nrounded_to = -100.0",
            )
            .replace(
                "bound = \"at_most\"",
                "bound = \"at_most\"\nrounded_to = 7.0",
            ),
    )
    .unwrap();
    let o = corridor(&dir, &["validate", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let mut lines = err.lines();
    assert_eq!(
        lines.next().unwrap(),
        "corridor: bad.toml:19:10: trip \"length-right\".metric: \"miles\" is not one of days, usd, km"
    );
    // Every problem at once: the rounding unit of another trip too.
    assert!(
        err.contains("trip \"bound-missed\".rounded_to: must be a finite number > 0, got -100"),
        "{err}"
    );
    // A figure given to a unit is a whole number of it.
    assert!(
        err.contains("trip \"bound-kept\".low: 60 is not a whole number of rounded_to (7)"),
        "{err}"
    );
}

#[test]
fn validate_one_trip_shows_its_route_leg_by_leg_and_writes_nothing() {
    let (_t, dir) = validation_workspace();
    let o = corridor(&dir, &["validate", "obs.toml", "--trip", "length-right"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("1 of 1 trips within range"), "{out}");
    assert!(!out.contains("far-too-slow"), "{out}");
    assert!(out.contains("── length-right ──"), "{out}");
    // The legs: a → b → c, 800 + 1,500 km.
    assert!(out.contains("A → B") && out.contains("B → C"), "{out}");
    assert!(out.contains("2,300"), "{out}");
    assert!(
        !dir.join("reports").exists(),
        "nothing written without --out"
    );

    let o = corridor(&dir, &["validate", "obs.toml", "--trip", "length-rigth"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("obs.toml: --trip: no trip \"length-rigth\"; did you mean \"length-right\"?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_reads_an_observations_file_and_names_the_places_its_network_lacks() {
    let (_t, dir) = validation_workspace();
    let o = corridor(&dir, &["check", "obs.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("obs.toml: ok (observations: 5 trips on "),
        "{out}"
    );
    assert!(
        out.contains("obs.toml: warning: trip \"unknown-place\".destination: the network has no node \"nowhere\""),
        "{out}"
    );
    assert_eq!(out.matches("warning").count(), 1, "{out}");

    let text = std::fs::read_to_string(dir.join("obs.toml")).unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        text.replace("bound = \"at_most\"", "bound = \"roughly\""),
    )
    .unwrap();
    let o = corridor(&dir, &["check", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml:")
            && stderr(&o).contains(
                "trip \"bound-kept\".bound: \"roughly\" is not one of value, at_most, at_least"
            ),
        "{}",
        stderr(&o)
    );
}

/// Issue 14, item 5: a run with `--set` says what it changed (under the
/// table's header line and the briefing's title), writes to its own folder
/// named by its changes, and leaves the scenario's report as it was.
#[test]
fn issue14_what_if_is_named_and_never_overwrites_the_baseline() {
    let (_t, dir) = workspace();
    let base = [
        "run",
        "scenarios/example.toml",
        "--trials",
        "2000",
        "--no-charts",
    ];
    let o = corridor(&dir, &base);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("what-if"), "{}", stdout(&o));
    let baseline = dir.join("reports/example");
    let before: Vec<Vec<u8>> = ["summary.json", "summary.md", "corridors.csv"]
        .iter()
        .map(|f| std::fs::read(baseline.join(f)).unwrap())
        .collect();
    assert!(!String::from_utf8_lossy(&before[1]).contains("what-if"));

    let mut args = base.to_vec();
    args.extend([
        "--set",
        "risk_weights.political=3",
        "--set",
        "risk_weights.security = 2",
    ]);
    let o = corridor(&dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let want = "what-if: risk_weights.political = 3; risk_weights.security = 2";
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Example: "), "{out}");
    assert_eq!(lines[1], want, "{out}");
    assert!(out.contains("report: reports/example--what-if-"), "{out}");
    assert!(out.contains("reports/example/ is left as it was"), "{out}");

    // The baseline's files are byte for byte what they were.
    for (f, was) in ["summary.json", "summary.md", "corridors.csv"]
        .iter()
        .zip(&before)
    {
        assert_eq!(&std::fs::read(baseline.join(f)).unwrap(), was, "{f}");
    }
    // One what-if folder; the same changes in another order and spacing
    // land in it again.
    let folders = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir.join("reports"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let first = folders();
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first[0], "example");
    assert!(first[1].starts_with("example--what-if-"), "{first:?}");
    let mut again = base.to_vec();
    again.extend([
        "--set",
        "risk_weights.security=2",
        "--set",
        "risk_weights.political=3",
    ]);
    assert!(corridor(&dir, &again).status.success());
    assert_eq!(folders(), first);

    let md =
        std::fs::read_to_string(dir.join("reports").join(&first[1]).join("summary.md")).unwrap();
    let md_lines: Vec<&str> = md.lines().collect();
    assert!(md_lines[0].starts_with("# Example"), "{md}");
    assert!(md_lines[2].contains(want), "{md}");

    // An explicit --out is honoured as given.
    let mut out_args = args.clone();
    out_args.extend(["--out", "mine"]);
    assert!(corridor(&dir, &out_args).status.success());
    assert!(dir.join("mine/summary.json").is_file());
    assert_eq!(folders(), first);
}

/// Issue 14, item 11: `--csv-dialect excel` writes corridors.csv with a
/// UTF-8 byte-order mark, a `sep=,` line and rounded numbers; the default
/// stays plain CSV with the same columns and rows.
#[test]
fn issue14_excel_dialect_has_bom_separator_line_and_rounded_numbers() {
    let (_t, dir) = workspace();
    let base = [
        "run",
        "scenarios/example.toml",
        "--trials",
        "2000",
        "--no-charts",
    ];
    let mut plain_args = base.to_vec();
    plain_args.extend(["--out", "plain"]);
    assert!(corridor(&dir, &plain_args).status.success());
    let mut excel_args = base.to_vec();
    excel_args.extend(["--out", "excel", "--csv-dialect", "excel"]);
    let o = corridor(&dir, &excel_args);
    assert!(o.status.success(), "{}", stderr(&o));

    let plain = std::fs::read(dir.join("plain/corridors.csv")).unwrap();
    let excel = std::fs::read(dir.join("excel/corridors.csv")).unwrap();
    assert!(plain.starts_with(b"id,name,"), "plain CSV changed");
    assert!(
        excel.starts_with(b"\xEF\xBB\xBFsep=,\nid,name,"),
        "{:?}",
        &excel[..20]
    );

    let rows = |bytes: &[u8]| -> Vec<Vec<String>> {
        csv::Reader::from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    };
    let header = |bytes: &[u8]| -> Vec<String> {
        csv::Reader::from_reader(bytes)
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect()
    };
    let body = &excel[b"\xEF\xBB\xBFsep=,\n".len()..];
    let columns = header(&plain);
    assert_eq!(header(body), columns);
    let (p, e) = (rows(&plain), rows(body));
    assert_eq!(p.len(), e.len());
    let usd = columns.iter().position(|c| c == "usd_mean").unwrap();
    let loss = columns.iter().position(|c| c == "p_loss").unwrap();
    for (pr, er) in p.iter().zip(&e) {
        assert_eq!(pr[..3], er[..3], "text columns are kept");
        // Same value, rounded to cents.
        let (a, b): (f64, f64) = (pr[usd].parse().unwrap(), er[usd].parse().unwrap());
        assert!((a - b).abs() <= 0.005 + 1e-9, "{a} vs {b}");
        assert_eq!(
            er[usd].split('.').nth(1).map(str::len),
            Some(2),
            "{}",
            er[usd]
        );
        assert_eq!(
            er[loss].split('.').nth(1).map(str::len),
            Some(4),
            "{}",
            er[loss]
        );
    }
}

#[test]
fn a_network_error_is_reported_once_when_its_scenarios_are_checked_together() {
    let (_t, dir) = workspace();
    let net = dir.join("networks/example.toml");
    let text = std::fs::read_to_string(&net).unwrap();
    let bad = text.replacen("km = ", "km = -5 # ", 1);
    assert_ne!(bad, text);
    std::fs::write(&net, bad).unwrap();
    std::fs::copy(
        dir.join("scenarios/example.toml"),
        dir.join("scenarios/second.toml"),
    )
    .unwrap();
    let o = corridor(
        &dir,
        &[
            "check",
            "networks/example.toml",
            "scenarios/example.toml",
            "scenarios/second.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let km: Vec<&str> = err.lines().filter(|l| l.contains(".km: must be")).collect();
    assert_eq!(km.len(), 1, "{err}");
    assert!(
        err.ends_with("corridor: 1 error; nothing was run\n"),
        "{err}"
    );
}

#[test]
fn a_corridor_that_reaches_a_waypoint_and_turns_back_is_flagged() {
    let (_tmp, dir) = common::workspace_with(&[
        "scenarios/almaty-karachi.toml",
        "networks/central-asia.toml",
    ]);
    let sc = dir.join("scenarios/almaty-karachi.toml");
    // As shipped, CPEC names Ürümqi after the Khorgos post: no warning.
    let o = corridor(&dir, &["check", "scenarios/almaty-karachi.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("warning"), "{}", stdout(&o));
    // Without it, the best route touches the post at Khorgos, goes back to
    // Almaty and on through Kyrgyzstan.
    let text = std::fs::read_to_string(&sc).unwrap();
    let cut = text.replace(
        "[\"altynkol\", \"urumqi\", \"kashgar\"",
        "[\"altynkol\", \"kashgar\"",
    );
    assert_ne!(cut, text, "the shipped CPEC via changed");
    std::fs::write(&sc, cut).unwrap();
    let o = corridor(&dir, &["check", "scenarios/almaty-karachi.toml"]);
    assert!(
        o.status.success(),
        "a warning, not an error: {}",
        stderr(&o)
    );
    let want = "warning: corridor \"cpec\": its best route passes \"almaty\" twice";
    assert!(stdout(&o).contains(want), "{}", stdout(&o));
    let o = corridor(&dir, &["routes", "scenarios/almaty-karachi.toml"]);
    assert!(stdout(&o).contains("note: corridor \"cpec\": its best route passes \"almaty\" twice"));
}
