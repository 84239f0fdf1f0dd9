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
    assert_eq!(b.better_below, corridor::scenario::Group::Southern);
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
    assert!(text.contains("break-even: the best southern corridor (X) stays better until risk_weights.political = "), "{text}");
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
