//! Hostile input (issue 15), with the real binary in a fresh temp dir:
//! ids that would make report folders escape `reports/`, files that are
//! not files or not text, numbers that would overflow into wrong answers,
//! and the messages for mistakes that used to mislead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{corridor, stderr, stdout};

/// Runs the binary, killing it if it takes longer than `limit` (a read
/// that never ends must fail the test, not hang it).
fn corridor_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let start = Instant::now();
    while child.try_wait().expect("waitable").is_none() {
        if start.elapsed() > limit {
            child.kill().expect("killable");
            panic!("corridor {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `root/work/{networks,scenarios}/example.toml`; commands run in
/// `root/work`, so a report escaping by `../..` would land beside `root`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let work = t.path().join("root").join("work");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["networks", "scenarios"] {
        std::fs::create_dir_all(work.join(sub)).unwrap();
        std::fs::copy(
            repo.join(sub).join("example.toml"),
            work.join(sub).join("example.toml"),
        )
        .unwrap();
    }
    (t, work)
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn assert_refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(needle), "{}", stderr(o));
}

#[test]
fn issue_15_an_id_cannot_take_the_report_outside_reports() {
    let (t, work) = workspace();
    let before = files_under(t.path());
    let abs = t.path().join("abs");
    let abs_set = format!("id={}", abs.display());
    for set in ["id=../../x", "id=..", "id=a/b", abs_set.as_str(), "id="] {
        for cmd in [
            vec![
                "run",
                "scenarios/example.toml",
                "--trials",
                "50",
                "--no-charts",
            ],
            vec![
                "sweep",
                "scenarios/example.toml",
                "--param",
                "risk_weights.security",
                "--range",
                "0:1:2",
                "--trials",
                "50",
                "--no-charts",
            ],
            vec![
                "tornado",
                "scenarios/example.toml",
                "--trials",
                "50",
                "--no-charts",
            ],
        ] {
            let mut args = cmd.clone();
            args.extend(["--set", set]);
            let o = corridor(&work, &args);
            assert_refused(&o, "id: ");
            assert!(stderr(&o).contains("id"), "{}", stderr(&o));
        }
    }
    assert_eq!(files_under(t.path()), before, "something was written");
    // The id written in the file is checked the same way.
    let sc = work.join("scenarios/example.toml");
    let text = std::fs::read_to_string(&sc).unwrap();
    std::fs::write(&sc, format!("id = \"../../x\"\n{text}")).unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml", "--trials", "50"]);
    assert_refused(
        &o,
        "scenarios/example.toml:1:6: id: \"../../x\" is not a valid id (use letters, digits, '-' and '_')",
    );
}

#[test]
fn issue_15_a_scenario_file_name_that_is_not_an_id_still_reports_under_reports() {
    let (_t, work) = workspace();
    std::fs::copy(
        work.join("scenarios/example.toml"),
        work.join("scenarios/My trip.toml"),
    )
    .unwrap();
    let o = corridor(
        &work,
        &[
            "run",
            "scenarios/My trip.toml",
            "--trials",
            "50",
            "--no-charts",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(work.join("reports/my-trip/summary.json").is_file());
}

#[test]
fn issue_15_inputs_that_are_not_regular_files_are_refused_at_once() {
    let (_t, work) = workspace();
    std::fs::create_dir(work.join("dir.toml")).unwrap();
    let limit = Duration::from_secs(20);
    let o = corridor_within(&work, &["check", "dir.toml"], limit);
    assert_refused(
        &o,
        "dir.toml: cannot read: not a regular file (a directory)",
    );
    if Path::new("/dev/zero").exists() {
        let o = corridor_within(&work, &["check", "/dev/zero"], limit);
        assert_refused(&o, "/dev/zero: cannot read: not a regular file (a device)");
        let o = corridor_within(&work, &["run", "/dev/zero"], limit);
        assert_refused(&o, "not a regular file");
    }
    let made = Command::new("mkfifo")
        .arg(work.join("fifo.toml"))
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let o = corridor_within(&work, &["check", "fifo.toml"], limit);
        assert_refused(&o, "fifo.toml: cannot read: not a regular file (a FIFO)");
        // As the network a scenario names, and as observations.
        let sc = std::fs::read_to_string(work.join("scenarios/example.toml"))
            .unwrap()
            .replace("../networks/example.toml", "../fifo.toml");
        std::fs::write(work.join("scenarios/fifo-net.toml"), sc).unwrap();
        let o = corridor_within(&work, &["run", "scenarios/fifo-net.toml"], limit);
        assert_refused(
            &o,
            "network: cannot read fifo.toml: not a regular file (a FIFO)",
        );
        let o = corridor_within(&work, &["validate", "fifo.toml"], limit);
        assert_refused(&o, "fifo.toml: cannot read: not a regular file (a FIFO)");
    }
    let big = std::fs::File::create(work.join("big.toml")).unwrap();
    big.set_len(17 * 1024 * 1024).unwrap();
    let o = corridor_within(&work, &["check", "big.toml"], limit);
    assert_refused(
        &o,
        "big.toml: cannot read: larger than the 16 MiB limit for input files",
    );
}

#[test]
fn issue_15_a_file_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let (_t, work) = workspace();
    std::fs::write(work.join("bad.toml"), b"a = 1\nb = 2\nc = \"x\xffy\"\n").unwrap();
    let o = corridor(&work, &["check", "bad.toml"]);
    assert_refused(&o, "corridor: bad.toml:3:7: not UTF-8 text (byte 0xff)");
    // The network of a scenario, too.
    let net = std::fs::read(work.join("networks/example.toml")).unwrap();
    let mut bad = b"# caf\xe9\n".to_vec();
    bad.extend(net);
    std::fs::write(work.join("networks/example.toml"), bad).unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml"]);
    assert_refused(&o, "networks/example.toml:1:6: not UTF-8 text (byte 0xe9)");
}

#[test]
fn issue_15_numbers_that_would_overflow_are_refused_where_written() {
    let (_t, work) = workspace();
    let net = std::fs::read_to_string(work.join("networks/example.toml")).unwrap();
    std::fs::write(
        work.join("networks/example.toml"),
        net.replacen("km = 900", "km = 1e308", 1),
    )
    .unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml", "--trials", "50"]);
    assert_refused(&o, "km: must be at most 40000, got 1e308");
    assert!(!work.join("reports").exists());
    std::fs::write(work.join("networks/example.toml"), &net).unwrap();
    for (set, message) in [
        (
            "cargo.value_of_time_usd_per_day=1e18",
            "cargo.value_of_time_usd_per_day: must be at most 1e9, got 1e18",
        ),
        (
            "cargo.value_usd=1e308",
            "cargo.value_usd: must be at most 1e12, got 1e308",
        ),
        (
            "hazards.pass-closure.duration={p50=10,p90=1e308}",
            "p90 may be at most 1000 × p50",
        ),
    ] {
        let o = corridor(
            &work,
            &[
                "run",
                "scenarios/example.toml",
                "--trials",
                "50",
                "--set",
                set,
            ],
        );
        assert_refused(&o, message);
    }
}

/// The break-even value printed by `corridor breakeven`.
fn break_even(o: &Output) -> f64 {
    let out = stdout(o);
    let tail = out.split(" = ").nth(1).unwrap_or_else(|| panic!("{out}"));
    tail.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn issue_15_breakeven_over_orders_of_magnitude_finds_the_crossing() {
    let (_t, work) = workspace();
    let run = |between: &str| {
        corridor(
            &work,
            &[
                "breakeven",
                "scenarios/example.toml",
                "--param",
                "cargo.value_of_time_usd_per_day",
                "--between",
                between,
                "--trials",
                "2000",
            ],
        )
    };
    let near = run("0,2000");
    assert!(near.status.success(), "{}", stderr(&near));
    let wide = run("0,1e9");
    assert!(wide.status.success(), "{}", stderr(&wide));
    let (a, b) = (break_even(&near), break_even(&wide));
    // Both within their tolerances (±2 and ±1/1000 of the value).
    assert!((a - b).abs() < 5.0, "{a} in [0, 2000], {b} in [0, 1e9]");
    assert!(a > 100.0 && a < 1500.0, "{a}");
    // A range beyond what the key may take is refused, not searched.
    let absurd = run("0,1e300");
    assert_refused(&absurd, "must be at most 1e9");
}

#[test]
fn issue_15_messages_say_what_is_wrong() {
    let (_t, work) = workspace();
    let o = corridor(
        &work,
        &["run", "scenarios/example.toml", "--set", "corridors=[]"],
    );
    assert_refused(&o, "corridors can't be replaced with --set");
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    let o = corridor(&work, &["run", "networks/example.toml"]);
    assert_refused(
        &o,
        "networks/example.toml: this is a network, not a scenario",
    );
    // A wrong type, a typo in [cargo]: one plain line each, no serde names.
    let sc = std::fs::read_to_string(work.join("scenarios/example.toml")).unwrap();
    let bad =
        sc.replacen("origin = \"hub\"", "origin = 5", 1)
            .replacen("value_usd =", "valu_usd =", 1);
    std::fs::write(work.join("scenarios/bad.toml"), bad).unwrap();
    let o = corridor(&work, &["check", "scenarios/bad.toml"]);
    let err = stderr(&o);
    assert!(!err.contains("$__") && !err.contains("missing"), "{err}");
    assert!(
        err.contains("origin: invalid type: integer `5`, expected a string"),
        "{err}"
    );
    assert!(err.contains("cargo.valu_usd: unknown key"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn issue_15_every_problem_in_network_and_scenario_in_one_run() {
    let (_t, work) = workspace();
    let net = std::fs::read_to_string(work.join("networks/example.toml")).unwrap();
    let bad_net =
        net.replacen("lat = 43.2", "lattitude = 43.2", 1)
            .replacen("lat = 40.0", "lat = 140.0", 1);
    std::fs::write(work.join("networks/example.toml"), bad_net).unwrap();
    let sc = std::fs::read_to_string(work.join("scenarios/example.toml")).unwrap();
    let bad_sc = sc.replacen("deadline_days = 14", "deadline_days = -1", 1);
    std::fs::write(work.join("scenarios/example.toml"), &bad_sc).unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml"]);
    let err = stderr(&o);
    assert!(err.contains("node \"hub\".lattitude: unknown key"), "{err}");
    assert!(err.contains("node \"pass\".lat: must be between"), "{err}");
    assert!(err.contains("cargo.deadline_days: must be > 0"), "{err}");
    assert!(!err.contains("unknown node"), "no cascade: {err}");
    assert!(err.contains("3 errors"), "{err}");
    // A network that cannot be read at all: the scenario is still checked.
    std::fs::remove_file(work.join("networks/example.toml")).unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml"]);
    let err = stderr(&o);
    assert!(err.contains("network: cannot read"), "{err}");
    assert!(err.contains("cargo.deadline_days: must be > 0"), "{err}");
}

/// Issue 14, item 10: a typo that drops a network element is reported
/// once, in the network, and not again as the scenario's "unknown node";
/// checking the network with two scenarios on it reports it once.
#[test]
fn issue14_a_network_typo_is_reported_once_and_never_cascades() {
    let (_t, work) = workspace();
    let net = std::fs::read_to_string(work.join("networks/example.toml")).unwrap();
    let typo = net.replacen("lat = 43.2", "lattitude = 43.2", 1);
    std::fs::write(work.join("networks/example.toml"), typo).unwrap();
    let sc = std::fs::read_to_string(work.join("scenarios/example.toml")).unwrap();
    std::fs::write(work.join("scenarios/other.toml"), &sc).unwrap();
    let o = corridor(&work, &["run", "scenarios/example.toml"]);
    let err = stderr(&o);
    assert_refused(&o, "node \"hub\".lattitude: unknown key");
    assert!(!err.contains("unknown node"), "cascade: {err}");
    assert!(err.contains("corridor: 1 error;"), "{err}");
    let o = corridor(
        &work,
        &[
            "check",
            "networks/example.toml",
            "scenarios/example.toml",
            "scenarios/other.toml",
        ],
    );
    let err = stderr(&o);
    assert_eq!(err.matches(".lattitude: unknown key").count(), 1, "{err}");
    assert!(!err.contains("unknown node"), "cascade: {err}");
}
