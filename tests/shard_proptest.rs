//! Issue 15, "Shard proptest": mutated shard files never make the merge
//! panic. Each case reads three genuine shards of the example after a
//! mutation — random bytes, truncation, or a structural edit of the JSON
//! (numbers, strings, arrays) sealed again with a valid checksum so that
//! only the consistency checks stand — and runs what `corridor merge` runs
//! in-process: parse, merge, the corridor-count check, summarize.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

use corridor::montecarlo::shard::{self, ShardFile, ShardSpec};
use corridor::montecarlo::{Manifest, SimModel, run_trials, shard_range, summarize};
use corridor::scenario::Scenario;
use corridor::scenario::load::load_scenario;

const TRIALS: u64 = 600;
const SHARDS: u64 = 3;

struct Genuine {
    sc: Scenario,
    model: SimModel,
    texts: Vec<String>,
}

/// Three genuine shard files of a 600-trial run of the example.
fn genuine() -> &'static Genuine {
    static G: OnceLock<Genuine> = OnceLock::new();
    G.get_or_init(|| {
        let mut sc = load_scenario(Path::new("scenarios/example.toml"), &[]).unwrap();
        sc.montecarlo.trials = TRIALS;
        let model = SimModel::new(&sc).unwrap();
        let manifest = Manifest::new(&sc, "scenarios/example.toml");
        let texts = (1..=SHARDS)
            .map(|k| {
                let r = shard_range(TRIALS, k, SHARDS);
                let acc = run_trials(&model, sc.montecarlo.seed, r.clone(), &|_| {});
                let f = ShardFile::new(
                    manifest.clone(),
                    ShardSpec { k, n: SHARDS },
                    r,
                    acc.to_state(),
                );
                serde_json::to_string_pretty(&f).unwrap()
            })
            .collect();
        Genuine { sc, model, texts }
    })
}

/// What `corridor merge` does with the texts, short of writing files.
/// Returns whether they were accepted.
fn merge_texts(texts: &[String]) -> bool {
    let g = genuine();
    let files: Option<Vec<(String, ShardFile)>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| ShardFile::parse(t).ok().map(|f| (format!("shard{i}"), f)))
        .collect();
    let Some(files) = files else { return false };
    let Ok((manifest, acc)) = shard::merge(&files) else {
        return false;
    };
    if acc.corridors.len() != g.model.compared() + 1 {
        return false;
    }
    let _ = summarize(&g.sc, &g.model, &acc, manifest);
    true
}

/// Every JSON pointer in `v` (leaves and containers).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

/// A structural edit of the value at a pointer.
#[derive(Debug, Clone)]
enum Edit {
    Number(i128),
    Float(f64),
    Text(String),
    DropLast,
    Duplicate,
    Null,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        prop_oneof![
            Just(0i128),
            Just(-1),
            Just(u64::MAX as i128),
            Just(i128::MAX),
            Just(i128::MIN),
            any::<u64>().prop_map(i128::from),
            (0i128..5000),
        ]
        .prop_map(Edit::Number),
        any::<f64>().prop_map(Edit::Float),
        "[-0-9a-z]{0,40}".prop_map(Edit::Text),
        Just(Edit::DropLast),
        Just(Edit::Duplicate),
        Just(Edit::Null),
    ]
}

/// Applies `e` at `ptr`; numbers that fit JSON become numbers, the rest
/// decimal strings (as the fixed-point sums are written).
fn apply(v: &mut Value, ptr: &str, e: &Edit) {
    let Some(t) = v.pointer_mut(ptr) else { return };
    match e {
        Edit::Number(n) => {
            *t = match (u64::try_from(*n), i64::try_from(*n)) {
                (Ok(u), _) if !t.is_string() => u.into(),
                (_, Ok(i)) if !t.is_string() => i.into(),
                _ => n.to_string().into(),
            }
        }
        Edit::Float(x) => *t = serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Edit::Text(s) => *t = s.clone().into(),
        Edit::DropLast => {
            if let Some(a) = t.as_array_mut() {
                a.pop();
            }
        }
        Edit::Duplicate => {
            if let Some(a) = t.as_array_mut()
                && let Some(x) = a.first().cloned()
            {
                a.push(x);
            }
        }
        Edit::Null => *t = Value::Null,
    }
}

/// Re-seals a (possibly inconsistent) file, if it still has the layout.
fn reseal(v: &Value) -> String {
    match serde_json::from_value::<ShardFile>(v.clone()) {
        Ok(f) => {
            let f = ShardFile::new(f.manifest, f.shard, f.first_trial..f.end_trial, f.acc);
            serde_json::to_string(&f).unwrap()
        }
        Err(_) => v.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Random bytes written over a file, or a file cut short.
    #[test]
    fn damaged_bytes_never_panic(
        file in 0..SHARDS as usize,
        at in any::<Index>(),
        bytes in prop::collection::vec(any::<u8>(), 0..16),
        truncate in any::<bool>(),
    ) {
        let mut texts = genuine().texts.clone();
        let mut b = texts[file].clone().into_bytes();
        let i = at.index(b.len());
        if truncate {
            b.truncate(i);
        } else {
            let end = (i + bytes.len()).min(b.len());
            b.splice(i..end, bytes.iter().copied());
        }
        texts[file] = String::from_utf8_lossy(&b).into_owned();
        // None panics; what is accepted means what the genuine file means
        // (the checksum covers every value, not the layout of the text).
        if merge_texts(&texts) {
            let value = |t: &str| serde_json::from_str::<Value>(t).unwrap();
            prop_assert_eq!(value(&texts[file]), value(&genuine().texts[file]));
        }
    }

    /// Structural edits, sealed again: the consistency checks alone stand.
    #[test]
    fn resealed_edits_never_panic(
        file in 0..SHARDS as usize,
        every_file in any::<bool>(),
        at in any::<Index>(),
        e in edit(),
    ) {
        let g = genuine();
        let mut texts = g.texts.clone();
        let first: Value = serde_json::from_str(&texts[file]).unwrap();
        let mut ptrs = Vec::new();
        pointers(&first, String::new(), &mut ptrs);
        let ptr = &ptrs[at.index(ptrs.len())];
        for (i, t) in texts.iter_mut().enumerate() {
            if i == file || every_file {
                let mut v: Value = serde_json::from_str(t).unwrap();
                apply(&mut v, ptr, &e);
                *t = reseal(&v);
            }
        }
        merge_texts(&texts);
    }
}

/// The mutations are not vacuous: the genuine files merge, and an edit of a
/// count that every file agrees on is refused by the consistency checks.
#[test]
fn genuine_files_merge_and_a_resealed_edit_does_not() {
    assert!(merge_texts(&genuine().texts));
    let texts: Vec<String> = genuine()
        .texts
        .iter()
        .map(|t| {
            let mut v: Value = serde_json::from_str(t).unwrap();
            apply(&mut v, "/acc/corridors/0/reached", &Edit::Number(33_334));
            reseal(&v)
        })
        .collect();
    assert!(!merge_texts(&texts));
}
