//! Issue 14, "a corridor keeps its colour across scenarios": the colours
//! the charts draw every shipped scenario's corridors in (found routes
//! included), and the scenario's `colour` key end to end.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{corridor, stderr, workspace_with};
use corridor::colour::Rgb;
use corridor::montecarlo::{Manifest, SimModel, run_trials, summarize, taken};
use corridor::report::data::ChartData;
use corridor::scenario::Found;

/// Trials per scenario: enough for the free choice's pilot to find the
/// routes a real run finds (the pilot is the first 2,000 trials).
const TRIALS: u64 = 2000;

fn shipped_scenarios() -> Vec<PathBuf> {
    common::toml_files("scenarios")
}

/// (id, colour, found by the run) of each corridor the charts of a run of
/// `path` draw, as `corridor run` builds them.
fn drawn(path: &Path) -> Vec<(String, Rgb, bool)> {
    let mut sc = corridor::scenario::load::load_scenario(path, &[]).expect("loads");
    let seed = sc.montecarlo.seed;
    taken::complete(&mut sc, 3, seed, TRIALS).expect("completes");
    let model = SimModel::new(&sc).expect("model");
    let acc = run_trials(&model, sc.montecarlo.seed, 0..TRIALS, &|_| {});
    let summary = summarize(&sc, &model, &acc, Manifest::new(&sc, "s"));
    let data = ChartData::new(&sc, &model, &acc, &summary);
    data.corridors
        .iter()
        .map(|c| {
            let found = sc
                .corridors
                .iter()
                .any(|s| s.id == c.id && s.found != Found::Named);
            (c.id.clone(), c.colour, found)
        })
        .collect()
}

/// (a) no two corridors of one scenario are drawn in colours too alike to
/// tell apart; (b) a corridor id has one colour in every shipped scenario;
/// the shipped scenarios colour every named corridor themselves, in
/// colours unlike the cost parts'.
#[test]
fn issue14_every_shipped_corridor_keeps_one_distinct_colour() {
    use strum::IntoEnumIterator as _;
    let mut by_id: BTreeMap<String, (Rgb, String)> = BTreeMap::new();
    let (mut shared, mut found) = (0, 0);
    for path in shipped_scenarios() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let corridors = drawn(&path);
        for (i, (id, c, _)) in corridors.iter().enumerate() {
            for (other, d, _) in &corridors[..i] {
                assert!(!c.alike(*d), "{name}: {id} {c} and {other} {d} look alike");
            }
            match by_id.get(id) {
                Some((first, where_)) => {
                    assert_eq!(c, first, "{id}: {c} in {name}, {first} in {where_}");
                    shared += 1;
                }
                None => {
                    by_id.insert(id.clone(), (*c, name.clone()));
                }
            }
        }
        found += corridors.iter().filter(|c| c.2).count();
        let sc = corridor::scenario::load::load_scenario(&path, &[]).unwrap();
        if name != "example.toml" {
            for c in &sc.corridors {
                assert!(c.colour.is_some(), "{name}: {} has no colour", c.id);
            }
        }
        for c in sc.corridors.iter().filter_map(|c| c.colour) {
            for part in corridor::cost::CostPart::iter() {
                let p = corridor::report::charts::part_colour(part);
                assert!(
                    !c.alike(Rgb(p.0, p.1, p.2)),
                    "{name}: {c} looks like {part:?}"
                );
            }
        }
    }
    // Not vacuous: ids recur across scenarios, and some corridors are
    // found routes coloured from their id.
    assert!(shared >= 20, "only {shared} recurring corridor appearances");
    assert!(found >= 1, "no found route among the shipped scenarios");
}

const FILES: [&str; 2] = [
    "scenarios/almaty-karachi.toml",
    "networks/central-asia.toml",
];

/// `--set corridors.ID.colour` reaches summary.json; a malformed colour is
/// a located error, exit 2.
#[test]
fn issue14_a_corridor_colour_can_be_set_and_is_checked() {
    let (_t, dir) = workspace_with(&FILES);
    let out = corridor(
        &dir,
        &[
            "run",
            FILES[0],
            "--trials",
            "200",
            "--no-charts",
            "--out",
            "r",
            "--set",
            "corridors.cpec.colour=#123abc",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("r/summary.json")).unwrap()).unwrap();
    let colour = |id: &str| {
        v["corridors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["colour"].clone())
    };
    assert_eq!(colour("cpec"), Some("#123abc".into()));
    assert_eq!(
        colour("western"),
        Some("#009e73".into()),
        "as the scenario writes it"
    );

    let bad = corridor(
        &dir,
        &[
            "run",
            FILES[0],
            "--trials",
            "200",
            "--set",
            "corridors.cpec.colour=blue",
        ],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let err = stderr(&bad);
    assert!(
        err.contains("corridor \"cpec\".colour: a colour is written \"#rrggbb\" (six hex digits), got \"blue\""),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}
