//! Sweeps, break-evens and tornados against closed-form answers.

use std::path::{Path, PathBuf};
use std::process::Command;

use corridor::analysis::sweep::{breakeven, evenly_spaced, sweep};
use corridor::analysis::tornado::tornado;
use corridor::analysis::{EvalConfig, Evaluator, Metric, Texts};
use corridor::scenario::load::load_scenario;

/// An evaluator of the scenario at `path`, its input texts read from disk.
fn evaluator(path: &Path, trials: Option<u64>) -> Evaluator {
    let sc = load_scenario(path, &[]).unwrap();
    let texts: Texts = sc
        .inputs
        .iter()
        .map(|i| {
            (
                PathBuf::from(&i.path),
                std::fs::read_to_string(&i.path).unwrap(),
            )
        })
        .collect();
    let cfg = EvalConfig {
        trials,
        seed: None,
        metric: Metric::Gc,
        k: corridor::montecarlo::taken::DEFAULT_K,
    };
    Evaluator::new(sc, texts, cfg).unwrap()
}

fn node(id: &str, kind: &str) -> String {
    format!(
        "[[nodes]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"KZ\"\nlat = 40\nlon = 70\nkind = \"{kind}\"\n"
    )
}

fn road(id: &str, from: &str, to: &str, usd: f64) -> String {
    format!(
        "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"road\"\nkm = 100\nhours = 10\nusd = {usd}\n"
    )
}

/// Route via x (southern) carries a political delay: probability 0.5, 200
/// hours; at 1 USD/h its expected impact is 100 USD. Route via y
/// (traditional) costs 120 USD more. Break-even weight: 120 / 100 = 1.2.
fn write_case(dir: &Path) -> PathBuf {
    let net = format!(
        "{}{}{}{}{}{}{}{}[[hazards]]\nid = \"dx\"\ncategory = \"political\"\nprobability = 0.5\neffect = \"delay\"\nhours = 200\ntargets.nodes = [\"x\"]\n",
        node("a", "city"),
        node("b", "city"),
        node("x", "border"),
        node("y", "border"),
        road("ax", "a", "x", 500.0),
        road("xb", "x", "b", 500.0),
        road("ay", "a", "y", 620.0),
        road("yb", "y", "b", 500.0),
    );
    let sc = "network = \"net.toml\"\norigin = \"a\"\ndestination = \"b\"\n[cargo]\nvalue_usd = 10000\nvalue_of_time_usd_per_day = 24\n[[corridors]]\nid = \"via-x\"\nname = \"X\"\ngroup = \"southern\"\nvia = [\"x\"]\n[[corridors]]\nid = \"via-y\"\nname = \"Y\"\ngroup = \"traditional\"\nvia = [\"y\"]\n[montecarlo]\ntrials = 20000\n";
    std::fs::write(dir.join("net.toml"), net).unwrap();
    std::fs::write(dir.join("sc.toml"), sc).unwrap();
    dir.join("sc.toml")
}

#[test]
fn break_even_matches_the_closed_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let n = 20_000u64;
    let ev = evaluator(&path, Some(n));
    // Sampling error of the mean impact: 200 h × sqrt(p(1-p)/n) at 1 USD/h,
    // relative to the expected 100 USD; the break-even scales with it.
    let rel_se = 200.0 * (0.25 / n as f64).sqrt() / 100.0;
    let tol = 4.0 * rel_se * 1.2 + 0.01;
    let s = sweep(
        &ev,
        "risk_weights.political",
        &evenly_spaced(0.0, 3.0, 7),
        Some(0.001),
    )
    .unwrap();
    assert_eq!(s.break_evens.len(), 1, "{:?}", s.break_evens);
    let b = &s.break_evens[0];
    assert!(
        (b.value - 1.2).abs() < tol,
        "break-even {} vs 1.2 (tol {tol})",
        b.value
    );
    // The leader at base values (X, cheaper by about 20 USD) is better
    // below the break-even.
    assert_eq!(
        (b.better_below.as_str(), b.better_above.as_str()),
        ("via-x", "via-y")
    );
    // The direct answer agrees.
    let direct = breakeven(&ev, "risk_weights.political", 0.0, 3.0, Some(0.001))
        .unwrap()
        .unwrap();
    assert!(
        (direct.value - b.value).abs() < 0.01,
        "{} vs {}",
        direct.value,
        b.value
    );
    // And there is none where there cannot be one.
    assert!(
        breakeven(&ev, "risk_weights.political", 2.0, 3.0, None)
            .unwrap()
            .is_err()
    );
}

#[test]
fn raising_a_risk_weight_never_raises_use_of_the_risky_corridor() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let ev = evaluator(&path, Some(5_000));
    let s = sweep(
        &ev,
        "risk_weights.political",
        &evenly_spaced(0.0, 3.0, 13),
        None,
    )
    .unwrap();
    let shares: Vec<f64> = s.points.iter().map(|p| p.free_shares[0]).collect();
    assert!(
        shares.windows(2).all(|w| w[1] <= w[0]),
        "free choice via x: {shares:?}"
    );
    assert_eq!(shares[0], 1.0);
    assert_eq!(*shares.last().unwrap(), 0.0);
    // On common random numbers the risky corridor's mean GC rises
    // linearly in the weight (its route cannot change).
    let means: Vec<f64> = s.points.iter().map(|p| p.corridors[0].mean).collect();
    let steps: Vec<f64> = means.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        steps.iter().all(|d| (d - steps[0]).abs() < 1e-6 * means[0]),
        "{steps:?}"
    );
}

#[test]
fn tornado_ranks_the_input_that_matters_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let ev = evaluator(&path, Some(5_000));
    let params: Vec<String> = [
        "risk_weights.political",
        "risk_weights.security",
        "cargo.value_usd",
        "hazards.dx.probability",
    ]
    .map(String::from)
    .to_vec();
    let t = tornado(&ev, &params, 0.25).unwrap();
    // Security has no hazard here, cargo value no loss: no effect.
    let swing = |k: &str| t.bars.iter().find(|b| b.key == k).unwrap().swing();
    assert!(swing("risk_weights.security") < 1e-9 && swing("cargo.value_usd") < 1e-9);
    // Weight and probability both scale the expected impact (±25% of 100 USD).
    assert!(
        (swing("risk_weights.political") - 50.0).abs() < 5.0,
        "{}",
        swing("risk_weights.political")
    );
    assert!(t.bars[0].swing() >= t.bars[1].swing() && t.bars[1].swing() >= t.bars[2].swing());
    // At base values the southern corridor is cheaper by about 20 USD.
    assert!((t.base + 20.0).abs() < 5.0, "{}", t.base);
}

#[test]
fn what_ifs_are_rebuilt_only_from_the_texts_the_scenario_was_loaded_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let sc = load_scenario(&path, &[]).unwrap();
    let mut texts: Texts = sc
        .inputs
        .iter()
        .map(|i| {
            (
                PathBuf::from(&i.path),
                std::fs::read_to_string(&i.path).unwrap(),
            )
        })
        .collect();
    let cfg = EvalConfig {
        trials: Some(100),
        seed: None,
        metric: Metric::Gc,
        k: corridor::montecarlo::taken::DEFAULT_K,
    };
    let net = PathBuf::from(&sc.inputs[1].path);
    texts.get_mut(&net).unwrap().push_str("\n# edited\n");
    let err = Evaluator::new(sc.clone(), texts.clone(), cfg)
        .err()
        .unwrap();
    assert!(err.to_string().contains("changed since"), "{err}");
    texts.remove(&net);
    assert!(Evaluator::new(sc, texts, cfg).is_err());
    // A key the model cannot set in memory is rebuilt from the texts.
    let ev = evaluator(&path, Some(100));
    let sc = ev.scenario_with("links.ay.usd", 10.0).unwrap();
    let link = sc.network.link(sc.network.link_id("ay").unwrap());
    assert_eq!(link.mean_usd(), 10.0);
}

// The `parsing` test of --range, --values and --delta moved with the
// parsers into the binary's command line (src/cli.rs).

#[test]
fn cli_sweep_tornado_and_breakeven() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let out = dir.path().join("out");
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_corridor"))
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let (p, o) = (path.to_str().unwrap(), out.to_str().unwrap());
    let text = run(&[
        "sweep",
        p,
        "--param",
        "risk_weights.political",
        "--values",
        "0,1,2,3",
        "--out",
        o,
    ]);
    assert!(
        text.contains("break-even: via-x stays better until risk_weights.political = "),
        "{text}"
    );
    assert!(
        (value_after(&text, "risk_weights.political = ") - 1.2).abs() < 0.03,
        "{text}"
    );
    let csv = std::fs::read_to_string(out.join("sweep_risk_weights_political.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 4 * 3, "{csv}");
    let png = image::open(out.join("sweep_risk_weights_political.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 1000));
    let text = run(&[
        "breakeven",
        p,
        "--param",
        "risk_weights.political",
        "--between",
        "0,3",
    ]);
    assert!(
        (value_after(&text, "stays better until risk_weights.political = ") - 1.2).abs() < 0.03,
        "{text}"
    );
    let text = run(&["tornado", p, "--out", o, "--trials", "2000"]);
    assert!(text.contains("risk_weights.political"), "{text}");
    assert!(out.join("tornado.csv").exists() && out.join("tornado.png").exists());
    // Unknown keys are reported like --set errors, exit 2.
    let bad = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args([
            "sweep",
            p,
            "--param",
            "risk_weights.politcal",
            "--values",
            "0,1",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("did you mean `political`"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

fn value_after(text: &str, marker: &str) -> f64 {
    let rest = &text[text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in {text}"))
        + marker.len()..];
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

/// The case of [`write_case`] with a third, southern route via w costing
/// 10 USD more than via x and free of hazards: at base values the two
/// southern corridors lead (w ≈ 1,010 + time, x ≈ 1,000 + 100 × weight),
/// the traditional one (y) is third. The contest that matters, w against
/// x, turns at weight 10 / 100 = 0.1.
fn write_three(dir: &Path) -> PathBuf {
    let path = write_case(dir);
    let mut net = std::fs::read_to_string(dir.join("net.toml")).unwrap();
    net.push_str(&node("w", "border"));
    net.push_str(&road("aw", "a", "w", 510.0));
    net.push_str(&road("wb", "w", "b", 500.0));
    std::fs::write(dir.join("net.toml"), net).unwrap();
    let mut sc = std::fs::read_to_string(&path).unwrap();
    sc = sc.replace(
        "[montecarlo]",
        "[[corridors]]\nid = \"via-w\"\nname = \"W\"\ngroup = \"southern\"\nvia = [\"w\"]\n[montecarlo]",
    );
    std::fs::write(&path, sc).unwrap();
    path
}

#[test]
fn the_default_pair_is_the_leader_against_the_runner_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_three(dir.path());
    let ev = evaluator(&path, Some(5_000));
    let pair = ev.pair().unwrap();
    assert_eq!((pair.a.id.as_str(), pair.b.id.as_str()), ("via-w", "via-x"));
    // Both southern: comparing best southern with best traditional would
    // see no break-even here; the leader and the runner-up swap at 0.1.
    let s = sweep(
        &ev,
        "risk_weights.political",
        &evenly_spaced(0.0, 1.0, 5),
        Some(0.001),
    )
    .unwrap();
    assert_eq!(s.break_evens.len(), 1, "{:?}", s.break_evens);
    let b = &s.break_evens[0];
    assert!(
        (b.value - 0.1).abs() < 0.02,
        "break-even {} vs 0.1",
        b.value
    );
    assert_eq!(
        (b.better_below.as_str(), b.better_above.as_str()),
        ("via-x", "via-w")
    );
    // Named corridors replace the default, in the order given.
    let ev = evaluator(&path, Some(5_000)).with_corridors("via-y", "via-x");
    let t = tornado(&ev, &["risk_weights.political".to_string()], 0.25).unwrap();
    assert_eq!(t.pair.a.id, "via-y");
    // y − x at base values: 1,120 − 1,100 = +20.
    assert!((t.base - 20.0).abs() < 5.0, "{}", t.base);
    let none = breakeven(&ev, "risk_weights.political", 2.0, 3.0, None)
        .unwrap()
        .unwrap_err();
    assert_eq!(none.better, "Y");
}

#[test]
fn unknown_or_repeated_corridors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_case(dir.path());
    let err = |a: &str, b: &str| {
        let ev = evaluator(&path, Some(100)).with_corridors(a, b);
        ev.pair().unwrap_err().to_string()
    };
    assert_eq!(
        err("via-x", "via_y"),
        "--corridors: unknown corridor \"via_y\"; did you mean \"via-y\"?"
    );
    assert!(err("via-x", "via-x").contains("given twice"));
}

/// Runs the binary; its stdout, or a panic with its stderr.
fn run_ok(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn cli_corridors_flag_names_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_three(dir.path());
    let (p, o) = (path.to_str().unwrap(), dir.path().join("out"));
    let o = o.to_str().unwrap();
    let trials = ["--trials", "2000", "--out", o, "--no-charts"];
    let text = run_ok(&[&["tornado", p][..], &trials].concat());
    assert!(
        text.starts_with("tornado: via-w − via-x, mean gc = "),
        "{text}"
    );
    let csv = std::fs::read_to_string(dir.path().join("out/tornado.csv")).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",via-w,via-x"),
        "{csv}"
    );
    let text = run_ok(&[&["tornado", p, "--corridors", "via-x,via-y"][..], &trials].concat());
    assert!(
        text.starts_with("tornado: via-x − via-y, mean gc = "),
        "{text}"
    );
    let between = ["breakeven", p, "--param", "risk_weights.political"];
    let text = run_ok(&[&between[..], &["--between", "0,1", "--trials", "2000"]].concat());
    // At weight 0 the hazard costs nothing: x (1,000) beats w (1,010).
    assert!(
        text.starts_with("X (via-x) stays better until risk_weights.political = ")
            && text.contains("; above it W (via-w) is better"),
        "{text}"
    );
    let bad = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(
            [
                &between[..],
                &["--between", "0,1", "--corridors", "via-q,via-x"],
            ]
            .concat(),
        )
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("unknown corridor \"via-q\""),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// Runs the binary in the repository (for the shipped scenarios); its
/// stdout, or a panic with its stderr.
fn run_shipped(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn cli_sweep_over_destinations_and_modes_takes_text_values() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    // Nine corridors, the widest shipped scenario.
    let sc = "scenarios/astana-jebel-ali.toml";
    let text = run_shipped(&[
        "sweep",
        sc,
        "--param",
        "destination",
        "--values",
        "jebel-ali,karachi",
        "--trials",
        "300",
        "--out",
        o,
    ]);
    let widest = text
        .lines()
        .filter(|l| !l.starts_with("wrote "))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 100, "{widest} columns:\n{text}");
    assert!(
        text.contains("mean gc (USD per TEU)"),
        "units in the header: {text}"
    );
    assert!(text.contains("10,"), "thousands separators: {text}");
    assert!(
        text.contains(" cpec-karachi = CPEC"),
        "legend id → name: {text}"
    );
    // Not bisected: the better of the pair at each value.
    assert!(text.contains(" better at jebel-ali\n"), "{text}");
    assert!(text.contains(" better at karachi\n"), "{text}");
    let csv = std::fs::read_to_string(out.join("sweep_destination.csv")).unwrap();
    assert!(
        csv.lines().nth(1).unwrap().starts_with("jebel-ali,"),
        "{csv}"
    );
    // One row per corridor at each value: the nine named ones, the free
    // choice and any route found on the way.
    let ids: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert!(ids.len() >= 10, "{csv}");
    assert_eq!(csv.lines().count(), 1 + 2 * ids.len(), "{csv}");
    let png = image::open(out.join("sweep_destination.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 1000));
    // Corridor modes: a list per value, bare words accepted.
    let text = run_shipped(&[
        "sweep",
        "scenarios/almaty-karachi.toml",
        "--param",
        "corridors.iran-kti.modes",
        "--values",
        "[rail,sea],[rail,sea,road]",
        "--corridors",
        "iran-kti,iran-sarakhs",
        "--trials",
        "300",
        "--out",
        o,
        "--no-charts",
    ]);
    assert!(
        text.contains("compared: A − B (iran-kti − iran-sarakhs)"),
        "{text}"
    );
    assert!(text.contains(" better at [rail,sea,road]\n"), "{text}");
    // A text value a key cannot take is reported as --set would.
    let bad = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args([
            "sweep",
            sc,
            "--param",
            "destination",
            "--values",
            "jebel-ali,nowhere",
            "--out",
            o,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("nowhere"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
