//! Report folders are replaced whole or not at all (issue 15, family 1):
//! the real binary, killed at every step of writing a report by the
//! `CORRIDOR_FAILPOINT` failpoint, interrupted by signals, and raced by
//! other writers, in a fresh temporary directory.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::workspace;

fn corridor(dir: &Path, args: &[&str], failpoint: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corridor"));
    cmd.args(args).current_dir(dir);
    if let Some(f) = failpoint {
        cmd.env("CORRIDOR_FAILPOINT", f);
    }
    cmd.output().expect("the binary runs")
}

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every file under `dir` (relative path → content).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that start with a dot (temporary, old, lock).
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// The old report has charts; the new one has none, other trials and
/// another seed, so any mix of the two shows.
const OLD: [&str; 6] = ["--trials", "400", "--seed", "1", "--out", "r"];
const NEW: [&str; 7] = [
    "--trials",
    "300",
    "--seed",
    "2",
    "--out",
    "r",
    "--no-charts",
];

fn run_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["run", "scenarios/example.toml"];
    a.extend_from_slice(extra);
    a
}

/// A clean run's files, written to `name` instead of `r`.
fn reference(dir: &Path, extra: &[&str], name: &str) -> BTreeMap<String, Vec<u8>> {
    let mut extra = extra.to_vec();
    let at = extra.iter().position(|a| *a == "r").unwrap();
    extra[at] = name;
    ok(&corridor(dir, &run_args(&extra), None));
    files(&dir.join(name))
}

#[test]
fn a_kill_at_any_step_of_writing_leaves_the_old_report_or_the_new_one() {
    let (_t, dir) = workspace();
    let old = reference(&dir, &OLD, "ref-old");
    let new = reference(&dir, &NEW, "ref-new");
    assert_ne!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    // Another command's report nested in this one must survive every kill.
    let nested = |mut m: BTreeMap<String, Vec<u8>>| {
        m.insert("tornado/tornado.csv".into(), b"kept\n".to_vec());
        m
    };
    let (old, new) = (nested(old), nested(new));
    // (step, whether the report is new once the process died there)
    let steps = [
        ("file:summary.json", false),
        ("file:corridors.csv", false),
        ("file:summary.md", false),
        ("synced", false),
        ("new-in", true),
        ("carried", true),
        ("cleaned", true),
    ];
    for (step, after) in steps {
        // A normal run makes the old report (and cleans up the last kill).
        ok(&corridor(&dir, &run_args(&OLD), None));
        std::fs::create_dir_all(dir.join("r/tornado")).unwrap();
        std::fs::write(dir.join("r/tornado/tornado.csv"), "kept\n").unwrap();
        assert_eq!(files(&dir.join("r")), old, "before {step}");
        assert_eq!(hidden(&dir), Vec::<String>::new(), "before {step}");
        let fp = format!("report-write:{step}");
        let o = corridor(&dir, &run_args(&NEW), Some(&fp));
        assert!(!o.status.success(), "{step}: the failpoint was not reached");
        let got = files(&dir.join("r"));
        // Nested reports are carried across after the swap; a kill before
        // that leaves them with the previous folder until the next writer.
        let mut expected = if after { new.clone() } else { old.clone() };
        if step == "new-in" {
            expected.remove("tornado/tornado.csv");
        }
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{step}"
        );
        assert!(got == expected, "{step}: contents differ");
    }
    // One more writer finishes the last kill's work and leaves nothing.
    ok(&corridor(&dir, &run_args(&NEW), None));
    assert_eq!(files(&dir.join("r")), new);
    assert_eq!(hidden(&dir), Vec::<String>::new());
}

#[test]
fn a_kill_after_the_exchange_loses_no_nested_report() {
    let (_t, dir) = workspace();
    ok(&corridor(&dir, &run_args(&OLD), None));
    std::fs::create_dir_all(dir.join("r/tornado")).unwrap();
    std::fs::write(dir.join("r/tornado/tornado.csv"), "kept\n").unwrap();
    let o = corridor(&dir, &run_args(&NEW), Some("report-write:new-in"));
    assert!(!o.status.success());
    // The next writer of any kind carries it across.
    ok(&corridor(&dir, &run_args(&NEW), None));
    assert_eq!(
        std::fs::read_to_string(dir.join("r/tornado/tornado.csv")).unwrap(),
        "kept\n"
    );
    assert_eq!(hidden(&dir), Vec::<String>::new());
}

#[test]
fn a_held_lock_is_a_clear_error_and_changes_nothing() {
    let (_t, dir) = workspace();
    ok(&corridor(&dir, &run_args(&OLD), None));
    let before = files(&dir.join("r"));
    let lock = std::fs::File::create(dir.join(".r.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = corridor(&dir, &run_args(&NEW), None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "corridor: r: another corridor run is writing this report (lock held); try again when it has finished"
        ),
        "{err}"
    );
    assert_eq!(files(&dir.join("r")), before);
    drop(lock);
    ok(&corridor(&dir, &run_args(&NEW), None));
    assert_eq!(
        hidden(&dir),
        Vec::<String>::new(),
        "the lock file is removed"
    );
}

#[test]
fn concurrent_writers_serialize_or_fail_and_never_mix() {
    let (_t, dir) = workspace();
    let seeds = ["1", "2", "3", "4", "5", "6"];
    let refs: Vec<_> = seeds
        .iter()
        .map(|s| {
            let args = ["--trials", "300", "--seed", s, "--out", "r", "--no-charts"];
            reference(&dir, &args, &format!("ref-{s}"))
        })
        .collect();
    for round in 0..5 {
        let children: Vec<_> = seeds
            .iter()
            .map(|s| {
                let args = ["--trials", "300", "--seed", s, "--out", "r", "--no-charts"];
                Command::new(env!("CARGO_BIN_EXE_corridor"))
                    .args(run_args(&args))
                    .current_dir(&dir)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut succeeded = Vec::new();
        for (i, c) in children.into_iter().enumerate() {
            let o = c.wait_with_output().unwrap();
            if o.status.success() {
                succeeded.push(i);
            } else {
                let err = String::from_utf8_lossy(&o.stderr);
                assert!(err.contains("(lock held)"), "round {round}: {err}");
            }
        }
        assert!(!succeeded.is_empty(), "round {round}");
        let got = files(&dir.join("r"));
        assert!(
            succeeded.iter().any(|&i| got == refs[i]),
            "round {round}: the folder is no single run's report"
        );
        assert_eq!(hidden(&dir), Vec::<String>::new(), "round {round}");
    }
}

#[test]
fn a_run_without_charts_leaves_no_charts_of_the_previous_run() {
    let (_t, dir) = workspace();
    ok(&corridor(&dir, &run_args(&OLD), None));
    assert!(dir.join("r/map.png").exists());
    ok(&corridor(&dir, &run_args(&NEW), None));
    let names: Vec<_> = files(&dir.join("r")).into_keys().collect();
    assert_eq!(
        names,
        [
            "corridors.csv",
            "manifest.json",
            "summary.json",
            "summary.md"
        ]
    );
}

#[test]
fn sweep_and_tornado_default_to_subfolders_the_run_keeps() {
    let (_t, dir) = workspace();
    let sc = "scenarios/example.toml";
    let t = ["--trials", "200", "--no-charts"];
    ok(&corridor(&dir, &[&["run", sc][..], &t].concat(), None));
    ok(&corridor(&dir, &[&["tornado", sc][..], &t].concat(), None));
    let sweep = [
        "sweep",
        sc,
        "--param",
        "risk_weights.political",
        "--values",
        "0,1",
    ];
    ok(&corridor(&dir, &[&sweep[..], &t].concat(), None));
    ok(&corridor(&dir, &[&["run", sc][..], &t].concat(), None));
    let names: Vec<_> = files(&dir.join("reports/example")).into_keys().collect();
    assert_eq!(
        names,
        [
            "corridors.csv",
            "manifest.json",
            "summary.json",
            "summary.md",
            "sweep-risk_weights_political/manifest.json",
            "sweep-risk_weights_political/sweep_risk_weights_political.csv",
            "tornado/manifest.json",
            "tornado/tornado.csv",
        ]
    );
    assert_eq!(hidden(&dir.join("reports")), Vec::<String>::new());
    assert_eq!(hidden(&dir.join("reports/example")), Vec::<String>::new());
}

#[test]
fn a_folder_of_other_files_is_never_replaced() {
    let (_t, dir) = workspace();
    let o = corridor(&dir, &run_args(&["--out", "networks"]), None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot replace networks: it holds \"example.toml\", which is not a corridor report file; choose a new or empty folder"),
        "{err}"
    );
    assert!(dir.join("networks/example.toml").exists());
    let o = corridor(&dir, &run_args(&["--out", "."]), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(dir.join("scenarios/example.toml").exists());
}

/// Ctrl-C or SIGTERM while the report is being staged: exit 130, the old
/// report intact, no temporary folder or lock file left.
#[cfg(unix)]
#[test]
fn an_interrupt_while_writing_leaves_no_temporary_files() {
    let (_t, dir) = workspace();
    ok(&corridor(&dir, &run_args(&OLD), None));
    let before = files(&dir.join("r"));
    for signal in ["-TERM", "-INT"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corridor"))
            .args(run_args(&NEW))
            .current_dir(&dir)
            .env("CORRIDOR_FAILPOINT", "report-write-pause:synced")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the staging folder is there and complete.
        let staged = |d: &Path| hidden(d).iter().any(|n| n.starts_with(".r.tmp-"));
        let start = std::time::Instant::now();
        while !staged(&dir) {
            assert!(start.elapsed().as_secs() < 60, "never staged");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
        let pid = child.id().to_string();
        let k = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(k.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        assert_eq!(hidden(&dir), Vec::<String>::new(), "{signal}");
        assert_eq!(files(&dir.join("r")), before, "{signal}");
    }
}
