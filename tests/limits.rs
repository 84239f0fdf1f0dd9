//! Issue 15, family 4: limits are clear errors, not hangs or aborts. Every
//! cap is a command-line check with the same message style as the other
//! flags, and a run's memory does not grow with its number of trials.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{corridor, workspace};

/// Exit 2 at once, with clap's line naming the flag and our message.
fn refused(dir: &Path, args: &[&str], want: &str) {
    let start = Instant::now();
    let o = corridor(dir, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(want), "{args:?}: expected {want:?} in:\n{err}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{args:?} took long"
    );
}

const SC: &str = "scenarios/example.toml";

#[test]
fn threads_are_capped_in_every_command() {
    let (_t, dir) = workspace();
    let want = "invalid value '100000' for '--threads <THREADS>': must be at most 1024";
    refused(&dir, &["run", SC, "--threads", "100000"], want);
    refused(&dir, &["tornado", SC, "--threads", "100000"], want);
    refused(
        &dir,
        &[
            "sweep",
            SC,
            "--param",
            "cargo.value_usd",
            "--values",
            "1,2",
            "--threads",
            "100000",
        ],
        want,
    );
    refused(&dir, &["validate", "obs.toml", "--threads", "100000"], want);
    refused(&dir, &["run", SC, "--threads", "0"], "must be at least 1");
}

#[test]
fn trials_are_capped() {
    let (_t, dir) = workspace();
    let want = "invalid value '100000000000000' for '--trials <TRIALS>': must be at most 1000000000000 (10^12)";
    refused(&dir, &["run", SC, "--trials", "100000000000000"], want);
    refused(
        &dir,
        &[
            "breakeven",
            SC,
            "--param",
            "cargo.value_usd",
            "--between",
            "1,2",
            "--trials",
            "100000000000000",
        ],
        want,
    );
    refused(
        &dir,
        &["validate", "obs.toml", "--trials", "100000000000000"],
        want,
    );
}

#[test]
fn sweep_values_are_capped() {
    let (_t, dir) = workspace();
    let sweep = ["sweep", SC, "--param", "cargo.value_usd"];
    let want = "at most 10000 values per sweep";
    let range = [&sweep[..], &["--range", "0:1:18446744073709551615"]].concat();
    refused(&dir, &range, want);
    let range = [&sweep[..], &["--range", "0:1:10001"]].concat();
    refused(&dir, &range, want);
    let many = vec!["1"; 10_001].join(",");
    let values = [&sweep[..], &["--values", &many]].concat();
    refused(&dir, &values, want);
}

/// Peak resident memory of a running process, in kB (Linux).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The largest run allowed starts at once and its memory stays flat: the
/// chunks of work are made as threads take them (a list of them all would
/// take 8 GB at 10^12 trials).
#[test]
fn the_largest_run_starts_with_flat_memory() {
    if !Path::new("/proc/self/status").exists() {
        return;
    }
    let (_t, dir) = workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args([
            "run",
            SC,
            "--trials",
            "1000000000000",
            "--threads",
            "2",
            "--no-charts",
        ])
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    std::thread::sleep(Duration::from_millis(1500));
    let running = child.try_wait().unwrap().is_none();
    let peak = peak_kb(child.id());
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(running, "{}", String::from_utf8_lossy(&out.stderr));
    let peak = peak.expect("peak memory of the run");
    assert!(peak < 200_000, "peak memory {peak} kB");
}
