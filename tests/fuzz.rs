//! Fuzzing every file reader and `--set` in-process: random bytes and
//! structured mutations of real files (lines deleted, duplicated or
//! swapped, values swapped, garbage, huge numbers, NaN and infinities)
//! must never panic, and no message may show serde's internals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use corridor::diag::Files;
use corridor::input::text_of;
use corridor::scenario::load::load_scenario_from;
use corridor::validate::observations;
use proptest::prelude::*;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Loads a scenario and its network from texts; checks the messages.
fn load(net: &str, sc: &str, overrides: &[String]) {
    let texts = BTreeMap::from([
        (PathBuf::from("d/net.toml"), net.to_string()),
        (PathBuf::from("d/sc.toml"), sc.to_string()),
    ]);
    if let Err(e) = load_scenario_from(Path::new("d/sc.toml"), &texts, overrides) {
        for line in e.lines() {
            assert!(!line.contains("$__"), "serde internals: {line}");
        }
    }
}

/// Reads an observation file from text; checks the messages.
fn observe(text: &str) {
    let mut files = Files::default();
    let file = files.add("obs.toml", text);
    let mut diags = Vec::new();
    let _ = observations::parse(&files, file, Path::new("obs.toml"), &mut diags);
    for line in files.render_all(&diags) {
        assert!(!line.contains("$__"), "serde internals: {line}");
    }
}

/// Bytes as a reader sees them: text, or the located non-UTF-8 error.
fn as_text(bytes: Vec<u8>) -> Option<String> {
    match text_of("f.toml", bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            assert!(e.to_string().starts_with("f.toml:"), "{e}");
            None
        }
    }
}

const GARBAGE: &[&str] = &[
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "1e999",
    "\"nan\"",
    "\"inf\"",
    "9223372036854775807",
    "-9223372036854775808",
    "0",
    "-0.0",
    "[]",
    "{}",
    "{ p50 = 1, p90 = 1e308 }",
    "{ min = 0, max = 1e308 }",
    "\"\"",
    "\"../../x\"",
    "[[nodes]]",
    "[cargo]",
    "= =",
    "\u{0}",
    "é",
];

/// A structured mutation of a file, line by line.
#[derive(Debug, Clone)]
enum Op {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    /// Replace the value after `=` on a line with a garbage value.
    Value(usize, usize),
    /// Swap the values of two lines.
    SwapValues(usize, usize),
    Insert(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = any::<usize>();
    prop_oneof![
        i.prop_map(Op::Delete),
        i.prop_map(Op::Duplicate),
        (i, i).prop_map(|(a, b)| Op::Swap(a, b)),
        (i, i).prop_map(|(a, b)| Op::Value(a, b)),
        (i, i).prop_map(|(a, b)| Op::SwapValues(a, b)),
        (i, i).prop_map(|(a, b)| Op::Insert(a, b)),
    ]
}

fn mutate(text: &str, ops: &[Op]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let value = |l: &str| l.split_once('=').map(|(_, v)| v.to_string());
    for op in ops {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *op {
            Op::Delete(a) => {
                lines.remove(a % n);
            }
            Op::Duplicate(a) => lines.insert(a % n, lines[a % n].clone()),
            Op::Swap(a, b) => lines.swap(a % n, b % n),
            Op::Value(a, g) => {
                if let Some((k, _)) = lines[a % n].clone().split_once('=') {
                    lines[a % n] = format!("{k}= {}", GARBAGE[g % GARBAGE.len()]);
                }
            }
            Op::SwapValues(a, b) => {
                let (la, lb) = (lines[a % n].clone(), lines[b % n].clone());
                if let (Some((ka, _)), Some((kb, _)), Some(va), Some(vb)) = (
                    la.split_once('='),
                    lb.split_once('='),
                    value(&la),
                    value(&lb),
                ) {
                    lines[a % n] = format!("{ka}={vb}");
                    lines[b % n] = format!("{kb}={va}");
                }
            }
            Op::Insert(a, g) => lines.insert(a % n, GARBAGE[g % GARBAGE.len()].to_string()),
        }
    }
    lines.join("\n")
}

/// A `--set` override: a real key, a near-real one or noise, and a value.
fn override_text() -> impl Strategy<Value = String> {
    let keys = prop_oneof![
        Just("id".to_string()),
        Just("corridors".to_string()),
        Just("corridors.direct.via".to_string()),
        Just("corridors.direct".to_string()),
        Just("changes".to_string()),
        Just("cargo".to_string()),
        Just("cargo.value_usd".to_string()),
        Just("cargo.value_of_time_usd_per_day".to_string()),
        Just("risk_weights.security".to_string()),
        Just("hazards.closure.probability".to_string()),
        Just("hazards.closure.duration".to_string()),
        Just("links.a-b.km".to_string()),
        Just("nodes.a.lat".to_string()),
        Just("montecarlo.trials".to_string()),
        "[a-z_.\\[\\]\"=-]{0,20}",
    ];
    let values = prop_oneof![
        (0..GARBAGE.len()).prop_map(|i| GARBAGE[i].to_string()),
        "\\PC{0,12}",
    ];
    prop_oneof![
        (keys, values).prop_map(|(k, v)| format!("{k}={v}")),
        "\\PC{0,24}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_any_reader(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        // Text that is not UTF-8 is refused with its place; the loaders
        // then get what is left once the bad bytes are replaced.
        let text = as_text(bytes.clone())
            .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
        load(&text, &repo_file("tests/fixtures/good/scenario.toml"), &[]);
        load(&repo_file("tests/fixtures/good/net.toml"), &text, &[]);
        observe(&text);
    }

    #[test]
    fn mutated_networks_never_panic(ops in prop::collection::vec(op(), 1..6)) {
        let net = mutate(&repo_file("tests/fixtures/good/net.toml"), &ops);
        load(&net, &repo_file("tests/fixtures/good/scenario.toml"), &[]);
        let example = mutate(&repo_file("networks/example.toml"), &ops);
        load(&example, &repo_file("tests/fixtures/good/scenario.toml"), &[]);
    }

    #[test]
    fn mutated_scenarios_never_panic(ops in prop::collection::vec(op(), 1..6)) {
        let sc = mutate(&repo_file("tests/fixtures/good/scenario.toml"), &ops);
        load(&repo_file("tests/fixtures/good/net.toml"), &sc, &[]);
        let example = mutate(&repo_file("scenarios/example.toml"), &ops)
            .replace("../networks/example.toml", "net.toml");
        load(&repo_file("networks/example.toml"), &example, &[]);
    }

    #[test]
    fn mutated_observations_never_panic(ops in prop::collection::vec(op(), 1..6)) {
        observe(&mutate(&repo_file("tests/fixtures/observations.toml"), &ops));
    }

    #[test]
    fn random_overrides_never_panic(sets in prop::collection::vec(override_text(), 1..4)) {
        load(
            &repo_file("tests/fixtures/good/net.toml"),
            &repo_file("tests/fixtures/good/scenario.toml"),
            &sets,
        );
    }
}

#[test]
fn the_mutator_is_not_vacuous() {
    let net = repo_file("tests/fixtures/good/net.toml");
    let m = mutate(&net, &[Op::Value(30, 0), Op::Delete(3)]);
    assert_ne!(m, net);
    assert!(m.contains("1e308"));
}
