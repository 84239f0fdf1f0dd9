//! Monte-Carlo statistics against closed-form answers, with tolerances
//! derived from the number of trials; and determinism.

mod common;

use std::path::Path;

use common::sim::{prop_tol, scenario, simulate, simulate_with};
use corridor::montecarlo::shard::{self, ShardFile, ShardSpec};
use corridor::montecarlo::{Manifest, SimModel, Summary, run_trials, shard_range, summarize};
use corridor::scenario::Scenario;

fn node(id: &str, kind: &str) -> String {
    format!(
        "[[nodes]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"KZ\"\nlat = 40\nlon = 70\nkind = \"{kind}\"\n"
    )
}

fn road(id: &str, from: &str, to: &str, hours: &str, usd: f64) -> String {
    format!(
        "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"road\"\nkm = 100\nhours = {hours}\nusd = {usd}\n"
    )
}

const HEAD: &str = "origin = \"a\"\ndestination = \"b\"\n[cargo]\nvalue_usd = 10000\nvalue_of_time_usd_per_day = 24\n";

#[test]
fn lognormal_link_time_reproduces_its_p50_and_p90() {
    let net = format!(
        "{}{}{}",
        node("a", "city"),
        node("b", "city"),
        road("ab", "a", "b", "{ p50 = 30, p90 = 72 }", 500.0)
    );
    let sc = scenario(&net, HEAD, &[]);
    let n = 200_000;
    let s = simulate(&sc, n);
    let d = &s.free_choice.days;
    // Quantile standard error: sqrt(q(1-q)/n) / f(x_q), lognormal density.
    let sigma = (72.0f64 / 30.0).ln() / 1.281_551_565_544_600_4;
    let pdf =
        |x: f64, z: f64| (-(z * z) / 2.0).exp() / (x * sigma * (2.0 * std::f64::consts::PI).sqrt());
    for (q, z, expected, got) in [
        (0.5, 0.0, 30.0, d.p50 * 24.0),
        (0.9, 1.281_551_565_544_600_4, 72.0, d.p90 * 24.0),
    ] {
        let se = (q * (1.0 - q) / n as f64).sqrt() / pdf(expected, z);
        let tol = 4.0 * se + 0.01 * expected; // sampling + sketch (≤ 1%)
        assert!(
            (got - expected).abs() < tol,
            "P{}: {got} vs {expected} (tol {tol})",
            q * 100.0
        );
    }
    // The mean too: exp(mu + sigma²/2).
    let mean = 30.0 * (sigma * sigma / 2.0).exp();
    let sd = mean * ((sigma * sigma).exp() - 1.0).sqrt();
    assert!(
        (d.mean * 24.0 - mean).abs() < 4.0 * sd / (n as f64).sqrt() + 1e-6,
        "mean {} vs {mean}",
        d.mean * 24.0
    );
}

#[test]
fn hazard_rate_is_within_the_binomial_interval() {
    let p = 0.2;
    let net = format!(
        "{}{}{}[[hazards]]\nid = \"theft\"\ncategory = \"security\"\nprobability = {p}\neffect = \"loss\"\nfraction = 0.1\ntargets.links = [\"ab\"]\n",
        node("a", "city"),
        node("b", "city"),
        road("ab", "a", "b", "10", 500.0)
    );
    let n = 100_000;
    let s = simulate(&scenario(&net, HEAD, &[]), n);
    let rate = s.free_choice.loss.p;
    assert!((rate - p).abs() < prop_tol(p, n), "loss rate {rate} vs {p}");
    // Each loss is 10% of 10,000 USD.
    let risk = s.free_choice.breakdown_usd["risk_events"];
    assert!((risk - 1000.0 * rate).abs() < 1e-3, "{risk}");
}

/// Two parallel routes a → x → b and a → y → b through border crossings.
fn two_borders(hazards: &str, extra_on_y: f64) -> String {
    format!(
        "{}{}{}{}{}{}{}{}{hazards}",
        node("a", "city"),
        node("b", "city"),
        node("x", "border"),
        node("y", "border"),
        road("ax", "a", "x", "10", 500.0),
        road("xb", "x", "b", "10", 500.0),
        road("ay", "a", "y", "10", 500.0 + extra_on_y),
        road("yb", "y", "b", "10", 500.0),
    )
}

fn closure(id: &str, p: f64, hours: f64, nodes: &str) -> String {
    format!(
        "[[hazards]]\nid = \"{id}\"\ncategory = \"political\"\nprobability = {p}\neffect = \"close\"\nduration = {hours}\ntargets.nodes = [{nodes}]\n"
    )
}

/// a → x → y → b: two crossings in a row, nothing to detour to.
fn two_in_a_row(hazards: &str) -> String {
    format!(
        "{}{}{}{}{}{}{}{hazards}",
        node("a", "city"),
        node("b", "city"),
        node("x", "border"),
        node("y", "border"),
        road("ax", "a", "x", "10", 500.0),
        road("xy", "x", "y", "10", 500.0),
        road("yb", "y", "b", "10", 500.0),
    )
}

#[test]
fn one_hazard_on_two_crossings_closes_both_together() {
    // A closure's probability is the share of time it is in effect; the
    // shipment meets each crossing at a time of its own.
    let p = 0.3;
    let n = 100_000;
    // Common cause: one occurrence closes x and y together; the shipment
    // waits at x until it ends, and then y is open too.
    let joint = simulate(
        &scenario(
            &two_in_a_row(&closure("both", p, 500.0, "\"x\", \"y\"")),
            HEAD,
            &[],
        ),
        n,
    );
    let waited = joint.free_choice.waited_out_closure.p;
    assert!(
        (waited - p).abs() < prop_tol(p, n),
        "joint closure rate {waited}, expected {p}"
    );
    assert_eq!(joint.free_choice.detoured.p, 0.0);
    // Independent hazards: each crossing is closed when met with p.
    let two = format!(
        "{}{}",
        closure("cx", p, 500.0, "\"x\""),
        closure("cy", p, 500.0, "\"y\"")
    );
    let indep = simulate(&scenario(&two_in_a_row(&two), HEAD, &[]), n);
    let either = indep.free_choice.waited_out_closure.p;
    let expected = 1.0 - (1.0 - p) * (1.0 - p);
    assert!(
        (either - expected).abs() < prop_tol(expected, n),
        "{either} vs {expected}"
    );
}

#[test]
fn long_closures_detour_and_short_ones_wait() {
    let n = 5_000;
    // Value of time 24 USD/day = 1 USD/h. The detour via y costs 300 USD
    // more. x is closed from departure (so known there) for 1,000 hours:
    // reached after 10 hours, that is 990 hours (990 USD) to wait: detour.
    // For 100 hours, 90 USD of waiting: wait.
    for (hours, expect_detour) in [(1000.0, true), (100.0, false)] {
        let net = two_borders("", 300.0);
        let change = format!("[[changes]]\nclose = [\"x\"]\ndays = {}\n", hours / 24.0);
        let sc = scenario(&net, &format!("{HEAD}{change}"), &[]);
        let f = simulate(&sc, n).free_choice;
        let (detoured, waited) = (f.detoured.p, f.waited_out_closure.p);
        if expect_detour {
            assert!(
                detoured == 1.0 && waited == 0.0,
                "{hours} h: detoured {detoured}, waited {waited}"
            );
        } else {
            assert!(
                waited == 1.0 && detoured == 0.0,
                "{hours} h: detoured {detoured}, waited {waited}"
            );
            // It waits from arrival (hour 10) to the end (hour 100).
            let days = f.days.mean;
            assert!((days - (100.0 + 10.0) / 24.0).abs() < 1e-9, "{days}");
        }
    }
}

#[test]
fn raising_a_risk_weight_moves_the_free_choice_away_from_the_risky_corridor() {
    // Route via x is cheaper but carries a political delay risk.
    let hazard = "[[hazards]]\nid = \"dx\"\ncategory = \"political\"\nprobability = 0.5\neffect = \"delay\"\nhours = 200\ntargets.nodes = [\"x\"]\n";
    let net = two_borders(hazard, 120.0);
    let sc_text = format!(
        "{HEAD}[[corridors]]\nid = \"via-x\"\nname = \"X\"\ngroup = \"southern\"\nvia = [\"x\"]\n[[corridors]]\nid = \"via-y\"\nname = \"Y\"\ngroup = \"traditional\"\nvia = [\"y\"]\n"
    );
    let mut last = f64::INFINITY;
    for w in ["0", "1", "1.5", "3"] {
        let setting = format!("risk_weights.political={w}");
        let s = simulate(&scenario(&net, &sc_text, &[&setting]), 20_000);
        let share = s.free_choice_shares["via-x"].p;
        assert!(
            share <= last,
            "weight {w}: share via x rose to {share} from {last}"
        );
        last = share;
    }
    // Expected delay cost at weight 1 is 0.5 × 200 h × 1 USD/h = 100 < 120:
    // x at weight ≤ 1, y at weight ≥ 1.5.
    assert_eq!(last, 0.0);
    let s = simulate(
        &scenario(&net, &sc_text, &["risk_weights.political=1"]),
        20_000,
    );
    assert_eq!(s.free_choice_shares["via-x"].p, 1.0);
}

fn example() -> Scenario {
    corridor::scenario::load::load_scenario(Path::new("scenarios/example.toml"), &[]).unwrap()
}

fn json(s: &Summary) -> String {
    serde_json::to_string_pretty(s).unwrap()
}

#[test]
fn threads_do_not_change_the_result() {
    let sc = example();
    assert_eq!(
        json(&simulate_with(&sc, 30_001, 1)),
        json(&simulate_with(&sc, 30_001, 2))
    );
}

/// Issue 15: the size of a unit of work follows the run (5,000 trials on
/// 16 threads are 79 chunks of 64, on one thread 8 chunks of 625),
/// and the answer does not.
#[test]
fn chunking_follows_the_threads_and_the_answer_does_not() {
    use corridor::montecarlo::run::chunk_size;
    assert_eq!(chunk_size(5_000, 1), 625);
    assert_eq!(chunk_size(5_000, 16), 64);
    assert_eq!(chunk_size(1_000_000, 4), 2048);
    let sc = example();
    let one = json(&simulate_with(&sc, 5_000, 1));
    assert_eq!(one, json(&simulate_with(&sc, 5_000, 3)));
    assert_eq!(one, json(&simulate_with(&sc, 5_000, 16)));
}

#[test]
fn same_seed_same_result_other_seed_other_result() {
    let sc = example();
    let a = json(&simulate(&sc, 20_000));
    assert_eq!(a, json(&simulate(&sc, 20_000)));
    let other = scenario_with_seed(7);
    assert_ne!(a, json(&simulate(&other, 20_000)));
}

fn scenario_with_seed(seed: u64) -> Scenario {
    let mut sc = example();
    sc.montecarlo.seed = seed;
    sc
}

#[test]
fn shards_merged_equal_the_whole_run() {
    let sc = example();
    let trials = 25_003;
    let mut sc_n = sc.clone();
    sc_n.montecarlo.trials = trials;
    let model = SimModel::new(&sc_n).unwrap();
    let manifest = Manifest::new(&sc_n, "t/sc.toml");
    let whole = run_trials(&model, sc.montecarlo.seed, 0..trials, &|_| {});
    let n = 3;
    let files: Vec<(String, ShardFile)> = [2u64, 1, 3]
        .iter()
        .map(|&k| {
            let r = shard_range(trials, k, n);
            let acc = run_trials(&model, sc.montecarlo.seed, r.clone(), &|_| {});
            // Round-trip through JSON as the shard file does.
            let file = ShardFile::new(manifest.clone(), ShardSpec { k, n }, r, acc.to_state());
            let text = serde_json::to_string(&file).unwrap();
            (format!("shard{k}"), ShardFile::parse(&text).unwrap())
        })
        .collect();
    let (m, merged) = shard::merge(&files).unwrap();
    assert_eq!(
        json(&summarize(&sc_n, &model, &whole, manifest)),
        json(&summarize(&sc_n, &model, &merged, m))
    );
    // A missing shard is an error, not a smaller answer.
    let err = shard::merge(&files[..2]).unwrap_err();
    assert!(err.problems[0].contains("missing shard(s): 3/3"), "{err:?}");
}

/// A network a → m → b of two 500-km rail links at 30–60 km/h, with m in
/// `country_m` and the links starting in a's and m's countries.
fn two_rail_links(country_m: &str) -> String {
    let node = |id: &str, country: &str| {
        format!(
            "[[nodes]]\nid = \"{id}\"\nname = \"{id}\"\ncountry = \"{country}\"\nlat = 40\nlon = 70\nkind = \"city\"\n"
        )
    };
    let rail = |id: &str, from: &str, to: &str| {
        format!(
            "[[links]]\nid = \"{id}\"\nfrom = \"{from}\"\nto = \"{to}\"\nmode = \"rail\"\ngauge = 1520\nkm = 500\nkmh = {{ min = 30, max = 60 }}\nusd = 100\n"
        )
    };
    format!(
        "{}{}{}{}{}",
        node("a", "KZ"),
        node("m", country_m),
        node("b", country_m),
        rail("am", "a", "m"),
        rail("mb", "m", "b"),
    )
}

/// A trial is one train: the rail links of one country sit at the same
/// quantile of their speed range, so two of them spread like one link of
/// twice the length; links of two countries are drawn apart.
#[test]
fn links_of_one_country_and_mode_share_their_speed_draw() {
    let n = 100_000;
    let spread = |country_m: &str| {
        let sc = scenario(&two_rail_links(country_m), HEAD, &[]);
        let d = simulate(&sc, n).free_choice.days;
        d.p90 / d.p10
    };
    // One speed v for both: hours = 1000 / v, so P90/P10 of the hours is
    // v's P90/P10 on the uniform 30–60: 57 / 33.
    let shared = spread("KZ");
    assert!((shared / (57.0 / 33.0) - 1.0).abs() < 0.02, "{shared}");
    // Two independent speeds average out: a narrower spread.
    let apart = spread("UZ");
    assert!(apart < 1.6, "{apart}");
    // A link from a border post runs in the country beyond it: from a
    // Kazakh post into Uzbekistan, then on in Uzbekistan, is one draw.
    let from_post = two_rail_links("UZ").replacen("kind = \"city\"", "kind = \"border\"", 1);
    let d = simulate(&scenario(&from_post, HEAD, &[]), n)
        .free_choice
        .days;
    let beyond = d.p90 / d.p10;
    assert!((beyond / (57.0 / 33.0) - 1.0).abs() < 0.02, "{beyond}");
}
