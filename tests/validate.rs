//! `corridor validate`'s engine on a fixture: a trip the network
//! reproduces, one it misses by more than 2×, one it cannot build, and a
//! bound kept and one missed.

use std::path::Path;

use corridor::diag::Files;
use corridor::validate::{self, TripOutcome};

fn fixture() -> validate::Validation {
    run("tests/fixtures/observations.toml", 2000)
}

fn run(path: &str, trials: u64) -> validate::Validation {
    let path = Path::new(path);
    let mut files = Files::default();
    let file = files.add(
        path.display().to_string(),
        std::fs::read_to_string(path).unwrap(),
    );
    let mut diags = Vec::new();
    let obs = validate::observations::parse(&files, file, path, &mut diags).expect("parses");
    assert!(diags.is_empty(), "{:?}", files.render_all(&diags));
    let net = std::fs::read_to_string(&obs.network).expect("network beside the fixture");
    validate::validate(&obs, &net, trials, 7)
}

/// How far the shipped network is calibrated today (issue 13's target is
/// 80% within range, not met yet, and no trip off by more than 2×, met). A
/// network or model change that loses ground fails here; raise the floor
/// when calibration improves. (25 since round 12: the railways' tariff
/// guide gave Kazakh lines their published lengths and two trips left the
/// range; 26 in round 13, approximate figures read to their last
/// significant digit, then 25: block trains' border dwell entering
/// Kazakhstan from China, which two trips from China leave faster than
/// published; 36 of 65 with fifteen trips of regular services, collected
/// without looking at the model; 37 with the Lanzhou–Chongqing railway;
/// 39 of 70 with five more from a second such search, 41 of 73 with a
/// third; networks/README.md.)
const FLOOR_WITHIN: usize = 41;
const CEILING_NOT_BUILT: usize = 1;
/// Issue 13 allows none. Two trips of the second blind search are off by
/// more than 2×: a few containers by rail Poti–Alat (6 days) and on to
/// Turkmenbashi (12), where the network's Georgian and Azerbaijani rail is
/// a block train's and an observation cannot say which service it used
/// (networks/README.md, known gaps). No other may join them.
const ALLOWED_OFF_2X: [&str; 2] = [
    "turkmenline-poti-alat-2022",
    "turkmenline-poti-turkmenbashi-2022",
];

#[test]
fn the_shipped_network_keeps_its_calibration() {
    let v = run("observations/central-asia.toml", 2000);
    let verdict = v.verdict(0.8);
    let total = v.trips.len();
    assert!(total >= 73, "{total} observations");
    assert!(
        verdict.within >= FLOOR_WITHIN,
        "{} of {total} trips within range, fewer than the {FLOOR_WITHIN} of the last calibration",
        verdict.within
    );
    let off: Vec<&str> = v
        .trips
        .iter()
        .filter(|t| t.modelled().is_some_and(|m| m.off_2x(&t.observation)))
        .map(|t| t.observation.id.as_str())
        .filter(|id| !ALLOWED_OFF_2X.contains(id))
        .collect();
    assert!(
        off.is_empty(),
        "off by more than 2× (issue 13 allows none; only {ALLOWED_OFF_2X:?} are known): {off:?}"
    );
    assert!(verdict.off_2x <= ALLOWED_OFF_2X.len());
    assert!(
        total - verdict.built <= CEILING_NOT_BUILT,
        "{} trips cannot be built (was {CEILING_NOT_BUILT})",
        total - verdict.built
    );
}

#[test]
fn each_trip_gets_its_verdict() {
    let v = fixture();
    let by_id = |id: &str| v.trips.iter().find(|t| t.observation.id == id).unwrap();

    // 800 + 1,500 km: the published 2,200–2,400 km holds the model's length.
    let right = by_id("length-right");
    let m = right.modelled().expect("built");
    assert_eq!(m.deterministic, 2300.0);
    assert!(m.within(&right.observation));
    assert_eq!(m.nodes, ["a", "b", "c"]);

    // About 2.5 days of driving plus a border: nowhere near two months.
    let slow = by_id("far-too-slow");
    let m = slow.modelled().expect("built");
    assert!(m.p10 <= m.p50 && m.p50 <= m.p90);
    assert!(m.p90 < 60.0, "{m:?}");
    assert!(!m.within(&slow.observation));
    assert!(m.ratio(&slow.observation) < 0.5);
    // Two months is beyond all but the trials a long closure holds up.
    assert!(m.rank > 0.95 && m.rank < 1.0, "{m:?}");

    // An unknown place is listed with its reason, never dropped.
    match &by_id("unknown-place").outcome {
        TripOutcome::NotBuilt(why) => assert!(why.contains("unknown node \"nowhere\""), "{why}"),
        other => panic!("{other:?}"),
    }

    // "Within 60 days" holds a model of 2.5 days: within, and not off by
    // 2× although P50 is far below the figure.
    let kept = by_id("bound-kept");
    let m = kept.modelled().expect("built");
    assert!(m.within(&kept.observation));
    assert!(m.ratio(&kept.observation) < 0.5);
    assert!(!m.off_2x(&kept.observation));

    // "More than 5,000 km" against a 2,300 km road: missed by over 2×.
    let missed = by_id("bound-missed");
    let m = missed.modelled().expect("built");
    assert!(!m.within(&missed.observation));
    assert!(m.off_2x(&missed.observation));
    assert_eq!(m.rank, 1.0, "{m:?}");

    let verdict = v.verdict(0.3);
    assert_eq!(
        (
            verdict.built,
            verdict.within,
            verdict.off_2x,
            verdict.not_built
        ),
        (4, 2, 2, 1)
    );
    assert!(
        !verdict.pass,
        "a trip off by more than 2× fails the validation"
    );
}

#[test]
fn results_do_not_depend_on_threads() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(fixture);
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
        .install(fixture);
    assert_eq!(one, two);
}

/// One trip with the given cargo, metric, range and bound, parsed as
/// `obs.toml`: the trips kept and the rendered problems.
fn parse_one(
    cargo: &str,
    metric: &str,
    low: u32,
    high: u32,
    bound: &str,
) -> (Option<usize>, Vec<String>) {
    let text = format!(
        "network = \"good/net.toml\"\n[cargo]\nvalue_usd = 1\nvalue_of_time_usd_per_day = 1\n\
         [[trip]]\nid = \"x\"\ntitle = \"t\"\norigin = \"a\"\ndestination = \"c\"\ncargo = \"{cargo}\"\n\
         metric = \"{metric}\"\nlow = {low}\nhigh = {high}\nbound = \"{bound}\"\ndate = \"2024\"\nkind = \"pilot\"\nsource = \"s\"\nquote = \"q\"\n"
    );
    let mut files = Files::default();
    let file = files.add("obs.toml", text);
    let mut diags = Vec::new();
    let obs = validate::observations::parse(&files, file, Path::new("obs.toml"), &mut diags);
    (obs.map(|o| o.trips.len()), files.render_all(&diags))
}

#[test]
fn bad_observations_are_reported_together_with_their_place() {
    let (kept, lines) = parse_one("liquid", "weeks", 9, 3, "roughly");
    assert_eq!(kept, Some(0));
    assert_eq!(
        lines,
        [
            "obs.toml:10:9: trip \"x\".cargo: \"liquid\" is not one of container, bulk",
            "obs.toml:11:10: trip \"x\".metric: \"weeks\" is not one of days, usd, km",
            "obs.toml:13:8: trip \"x\".high: must be ≥ low (9)",
            "obs.toml:14:9: trip \"x\".bound: \"roughly\" is not one of value, at_most, at_least",
        ]
    );
}

#[test]
fn a_bound_is_one_figure() {
    let (kept, lines) = parse_one("container", "days", 5, 9, "at_most");
    assert_eq!(kept, Some(0));
    assert_eq!(
        lines,
        [
            "obs.toml:14:9: trip \"x\".bound: a bound is one figure: give it as both low and high (got 5 and 9)"
        ]
    );
}
