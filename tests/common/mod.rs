//! Helpers shared by the tests: running the real binary, and (in `sim`)
//! running scenarios in memory.

#![allow(dead_code)]

pub mod sim;

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

/// A temp dir holding copies of the shipped network and scenario files
/// named (e.g. `["scenarios/almaty-karachi.toml", "networks/central-asia.toml"]`).
pub fn workspace_with(files: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in files {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), to).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

/// A `corridor serve` running in the background, stopped when dropped.
pub struct Server {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl Server {
    /// Starts `corridor serve SCENARIO --port 0` in `dir` and reads the
    /// address it prints.
    pub fn start(dir: &Path, scenario: &str) -> Server {
        use std::io::BufRead as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_corridor"))
            .args(["serve", scenario, "--port", "0"])
            .current_dir(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let stdout = child.stdout.take().expect("piped");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the server prints its address");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The colour of the what-if subtitle (`charts::WHAT_IF_COLOUR`).
pub const WHAT_IF: [u8; 3] = [176, 64, 0];

/// Pixels of exactly the what-if subtitle's colour (full text coverage)
/// in the top `rows` rows of a chart.
pub fn what_if_ink(path: &Path, rows: u32) -> usize {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    (0..rows)
        .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0 == WHAT_IF)
        .count()
}

/// The `.toml` files in `dir` (relative to the crate), sorted.
pub fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}
