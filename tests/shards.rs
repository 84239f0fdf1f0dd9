//! Issue 15, family 3: shard files are untrusted input. The real binary
//! runs shards and merges them; damaged, edited, forged and foreign files
//! are refused with a message naming the file and what is wrong, never a
//! panic or an abort.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{corridor, stderr, workspace};

use corridor::montecarlo::shard::{ShardFile, ShardSpec};
use corridor::montecarlo::summary::normal_path;

/// Runs shard `k` of 2 (2,000 trials) of the example into `s/`.
fn run_shard(dir: &Path, scenario: &str, k: u64) {
    let o = corridor(
        dir,
        &[
            "run",
            scenario,
            "--trials",
            "2000",
            "--shard",
            &format!("{k}/2"),
            "--out",
            "s",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Both genuine shards of the example in `s/`.
fn genuine(dir: &Path) -> [PathBuf; 2] {
    run_shard(dir, "scenarios/example.toml", 1);
    run_shard(dir, "scenarios/example.toml", 2);
    [
        dir.join("s/shard-1-of-2.json"),
        dir.join("s/shard-2-of-2.json"),
    ]
}

fn merge(dir: &Path, files: &[&str]) -> Output {
    let mut args = vec!["merge"];
    args.extend(files);
    args.extend(["--out", "m", "--no-charts"]);
    corridor(dir, &args)
}

/// Merging fails with exit 2, no panic, and `want` in the message.
fn refused(o: &Output, want: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(want), "expected {want:?} in:\n{err}");
}

/// Rewrites a shard file through `edit` and seals it again, as a forger
/// who knows the checksum would: only the consistency checks stand.
fn forge(path: &Path, edit: impl FnOnce(&mut ShardFile)) {
    let mut f = ShardFile::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut f);
    let f = ShardFile::new(
        f.manifest,
        f.shard,
        f.first_trial..f.end_trial,
        f.acc.clone(),
    );
    std::fs::write(path, serde_json::to_string_pretty(&f).unwrap()).unwrap();
}

#[test]
fn shards_run_as_dot_slash_and_as_plain_path_merge_into_the_whole_run() {
    let (_t, dir) = workspace();
    run_shard(&dir, "./scenarios/example.toml", 1);
    run_shard(&dir, "scenarios/../scenarios/example.toml", 2);
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let whole = corridor(
        &dir,
        &[
            "run",
            "scenarios/example.toml",
            "--trials",
            "2000",
            "--out",
            "w",
            "--no-charts",
        ],
    );
    assert!(whole.status.success(), "{}", stderr(&whole));
    let read = |d: &str| std::fs::read_to_string(dir.join(d).join("summary.json")).unwrap();
    assert_eq!(read("w"), read("m"));
}

#[test]
fn normal_paths() {
    for (given, normal) in [
        ("scenarios/x.toml", "scenarios/x.toml"),
        ("./scenarios/x.toml", "scenarios/x.toml"),
        ("scenarios/./x.toml", "scenarios/x.toml"),
        ("scenarios//x.toml", "scenarios/x.toml"),
        ("a/../scenarios/x.toml", "scenarios/x.toml"),
        ("../x.toml", "../x.toml"),
        ("a/../../x.toml", "../x.toml"),
        ("/../x.toml", "/x.toml"),
        ("/tmp/./s/x.toml", "/tmp/s/x.toml"),
        ("a/..", "."),
    ] {
        assert_eq!(normal_path(given), normal, "{given}");
    }
}

#[test]
fn an_edited_number_fails_the_checksum() {
    let (_t, dir) = workspace();
    let [one, _] = genuine(&dir);
    let text = std::fs::read_to_string(&one).unwrap();
    // The example: an edited count becomes a probability of 33,334.
    let at = text.find("\"reached\": ").unwrap() + "\"reached\": ".len();
    let edited = format!("{}66668{}", &text[..at], &text[at + 1..]);
    std::fs::write(&one, edited).unwrap();
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(
        &o,
        "s/shard-1-of-2.json: checksum does not match its contents (edited or damaged)",
    );
}

#[test]
fn truncated_and_old_layout_files_are_named() {
    let (_t, dir) = workspace();
    let [one, two] = genuine(&dir);
    let text = std::fs::read_to_string(&one).unwrap();
    std::fs::write(&one, &text[..text.len() / 2]).unwrap();
    let mut old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&two).unwrap()).unwrap();
    old["schema"] = 1.into();
    std::fs::write(&two, old.to_string()).unwrap();
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(&o, "s/shard-1-of-2.json: not a shard file: EOF");
    refused(&o, "s/shard-2-of-2.json: shard layout 1 is not 3");
}

#[test]
fn a_forged_shard_with_one_corridor_fewer_is_refused() {
    let (_t, dir) = workspace();
    let [one, two] = genuine(&dir);
    for p in [&one, &two] {
        forge(p, |f| {
            f.acc.corridors.remove(0);
            f.acc.cheapest.remove(0);
            f.acc.fastest.remove(0);
            f.acc.lowest_gc.remove(0);
            let lost = f.acc.free_share.remove(0);
            f.acc.free_share[0] += lost;
        });
    }
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(
        &o,
        "the shards hold 1 compared corridor(s), the scenario has 2",
    );
    // One file only: the files disagree with each other.
    let [_, two] = genuine(&dir);
    forge(&two, |f| {
        f.acc.corridors.pop();
    });
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(
        &o,
        "s/shard-2-of-2.json: 2 corridor entries; the first file has 3",
    );
}

#[test]
fn forged_counts_and_sums_are_refused_with_what_is_wrong() {
    let (_t, dir) = workspace();
    let [one, two] = genuine(&dir);
    forge(&one, |f| {
        f.acc.corridors[0].reached = 66_668_000;
        f.acc.cheapest[0] = 5_000;
    });
    forge(&two, |f| {
        f.acc.corridors[1].usd.sum = "-8650000000000000000000000000000000".into();
    });
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(
        &o,
        "s/shard-1-of-2.json: corridor 1: reached in 66668000 of 1000 trials",
    );
    refused(&o, "cheapest: shares add up to");
    refused(
        &o,
        "s/shard-2-of-2.json: corridor 2: usd: sum does not match the histogram (edited or damaged)",
    );
}

#[test]
fn a_forged_huge_split_is_refused_without_allocating() {
    let (_t, dir) = workspace();
    let [one, _] = genuine(&dir);
    forge(&one, |f| f.shard = ShardSpec { k: 1, n: u64::MAX });
    let o = merge(&dir, &["s/shard-1-of-2.json"]);
    refused(
        &o,
        "a split into 18446744073709551615 shards; expected 1 to 1000000 shards",
    );
    // A trial range that is not the shard's.
    let [one, _] = genuine(&dir);
    forge(&one, |f| f.end_trial += 1);
    let o = merge(&dir, &["s/shard-1-of-2.json", "s/shard-2-of-2.json"]);
    refused(
        &o,
        "holds trials 0..1001; shard 1/2 of 2000 trials is 0..1000",
    );
}

#[test]
fn huge_splits_are_refused_at_the_command_line() {
    let (_t, dir) = workspace();
    for shard in ["1/18446744073709551615", "1/100000000000", "1/1000001"] {
        let o = corridor(&dir, &["run", "scenarios/example.toml", "--shard", shard]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("expected K/N with 1 ≤ K ≤ N ≤ 1000000, e.g. 3/8"),
            "{}",
            stderr(&o)
        );
    }
    let o = corridor(
        &dir,
        &[
            "run",
            "scenarios/example.toml",
            "--trials",
            "2",
            "--shard",
            "1/3",
        ],
    );
    refused(&o, "3 shards for 2 trials");
}

#[test]
fn devices_and_folders_are_not_read() {
    let (_t, dir) = workspace();
    let o = merge(&dir, &["/dev/zero", "scenarios"]);
    refused(&o, "/dev/zero: not a regular file");
    refused(&o, "scenarios: not a regular file");
}
