//! Every file in tests/fixtures/bad/ holds one mistake and, on its first
//! line, the exact message it must produce (`# expect: line:col: key: message`).
//! And: no text, however broken, makes the loader panic.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use corridor::scenario::load::{check, load_scenario_from};
use proptest::prelude::*;

#[test]
fn each_bad_fixture_gives_its_exact_message() {
    let files = common::toml_files("tests/fixtures/bad");
    assert!(files.len() >= 20, "only {} bad fixtures", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no '# expect:' line", f.display()));
        let expected = format!("{}:{expect}", f.display());
        match check(f) {
            Ok(c) => failures.push(format!("{}: loaded fine ({c:?})", f.display())),
            Err(e) => {
                if e.0 != vec![expected.clone()] {
                    failures.push(format!(
                        "{}:\n  expected: {expected}\n  got:      {}",
                        f.display(),
                        e.0.join("\n            ")
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn good_fixtures_load() {
    assert!(check(Path::new("tests/fixtures/good/net.toml")).is_ok());
    assert!(check(Path::new("tests/fixtures/good/scenario.toml")).is_ok());
}

fn load_texts(net: &str, sc: &str) {
    let mut texts = BTreeMap::new();
    texts.insert(PathBuf::from("d/net.toml"), net.to_string());
    texts.insert(PathBuf::from("d/sc.toml"), sc.to_string());
    let _ = load_scenario_from(
        Path::new("d/sc.toml"),
        &texts,
        &["risk_weights.security=2".into()],
    );
}

fn good(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/fixtures/good").join(name)).unwrap()
}

/// A mutation: delete, duplicate or replace a byte range, or insert a snippet.
fn mutate(text: &str, ops: &[(u8, usize, usize, usize)]) -> String {
    const SNIPPETS: &[&str] = &[
        "=",
        "[",
        "]]",
        "{",
        "\"",
        "-1",
        "1e999",
        "nan",
        "[[links]]\n",
        "x = ",
        "\n",
        "p50 = 0",
        "é",
        "0.0",
        "true",
        "\"a\"",
    ];
    let mut bytes = text.as_bytes().to_vec();
    for &(op, a, b, s) in ops {
        if bytes.is_empty() {
            break;
        }
        let i = a % bytes.len();
        let j = (i + b % 12).min(bytes.len());
        match op % 4 {
            0 => {
                bytes.drain(i..j);
            }
            1 => {
                let piece = bytes[i..j].to_vec();
                bytes.splice(i..i, piece);
            }
            2 => {
                bytes.splice(i..j, SNIPPETS[s % SNIPPETS.len()].bytes());
            }
            _ => {
                bytes.splice(i..i, SNIPPETS[s % SNIPPETS.len()].bytes());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(net in "\\PC{0,300}", sc in "\\PC{0,200}") {
        load_texts(&net, &sc);
    }

    #[test]
    fn mutated_files_never_panic(ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..6), which in any::<bool>()) {
        let (net, sc) = (good("net.toml"), good("scenario.toml"));
        if which {
            load_texts(&mutate(&net, &ops), &sc);
        } else {
            load_texts(&net, &mutate(&sc, &ops));
        }
    }
}
