//! Helpers shared by the tests that run the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `corridor` with `args` in `dir`.
pub fn corridor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corridor"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A temp dir holding copies of the example network and scenario.
pub fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["networks", "scenarios"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(
            root.join(sub).join("example.toml"),
            dir.path().join(sub).join("example.toml"),
        )
        .unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// What the command wrote to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What the command wrote to stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
