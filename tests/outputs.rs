//! Issue 14, items 5 and 8, with the real binary: sweep, tornado and
//! breakeven name a what-if run's changes (terminal and chart subtitle),
//! and every output carries its manifest (`manifest.json` beside the
//! CSVs, iTXt chunks in every PNG, `breakeven.csv` for a search).

mod common;

use std::path::Path;

use common::{corridor, stderr, stdout, what_if_ink, workspace};
use sha2::{Digest as _, Sha256};

/// The iTXt chunks of a PNG, (keyword, text), decoded by the png crate
/// (which checks every chunk's CRC).
fn text_chunks(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).expect("the image decodes");
    reader
        .info()
        .utf8_text
        .iter()
        .map(|c| (c.keyword.clone(), c.get_text().unwrap()))
        .collect()
}

fn chunk<'a>(chunks: &'a [(String, String)], key: &str) -> &'a str {
    chunks
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {key} chunk in {chunks:?}"))
}

fn json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn sha256(path: &Path) -> String {
    format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()))
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

/// Sweep and tornado of a what-if say so on their first line and under
/// every chart's title; the same commands without `--set` do not.
#[test]
fn issue14_sweep_and_tornado_of_a_what_if_name_the_changes() {
    let (_t, dir) = workspace();
    let set = ["--set", "risk_weights.security=3"];
    let sweep = [
        "sweep",
        "scenarios/example.toml",
        "--trials",
        "500",
        "--param",
        "cargo.value_of_time_usd_per_day",
        "--values",
        "0,300,600",
    ];
    let tornado = ["tornado", "scenarios/example.toml", "--trials", "500"];
    let sweep_png =
        "sweep-cargo_value_of_time_usd_per_day/sweep_cargo_value_of_time_usd_per_day.png";
    for (args, png) in [
        (&sweep[..], sweep_png),
        (&tornado[..], "tornado/tornado.png"),
    ] {
        let o = corridor(&dir, args);
        ok(&o);
        assert!(!stdout(&o).contains("what-if"), "{}", stdout(&o));
        let base_png = dir.join("reports/example").join(png);
        assert_eq!(what_if_ink(&base_png, 130), 0, "{png}");

        let o = corridor(&dir, &[args, &set[..]].concat());
        ok(&o);
        let out = stdout(&o);
        assert_eq!(
            out.lines().next(),
            Some("what-if: risk_weights.security = 3"),
            "{out}"
        );
        let written = out
            .lines()
            .find_map(|l| l.strip_prefix("wrote "))
            .and_then(|l| l.split('/').nth(1))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(written.starts_with("example--what-if-"), "{out}");
        let what_if_png = dir.join("reports").join(written).join(png);
        let ink = what_if_ink(&what_if_png, 130);
        assert!(ink > 50, "{png}: no what-if subtitle ({ink} pixels)");
    }
}

/// A run's folder holds `manifest.json`, the manifest of its summary; every
/// chart carries the command and the SHA-256 of each input file, as
/// computed here from the files themselves.
#[test]
fn issue14_every_output_of_a_run_carries_the_manifest() {
    let (_t, dir) = workspace();
    let o = corridor(
        &dir,
        &[
            "run",
            "scenarios/example.toml",
            "--trials",
            "500",
            "--seed",
            "7",
        ],
    );
    ok(&o);
    let report = dir.join("reports/example");
    let manifest = json(&report.join("manifest.json"));
    assert_eq!(manifest, json(&report.join("summary.json"))["manifest"]);
    let command = manifest["command"].as_str().unwrap();
    assert!(
        command.starts_with("corridor run scenarios/example.toml --trials 500 --seed 7"),
        "{command}"
    );
    let mut pngs = 0;
    for entry in std::fs::read_dir(&report).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "png") {
            continue;
        }
        pngs += 1;
        let chunks = text_chunks(&path);
        assert_eq!(chunk(&chunks, "corridor.command"), command, "{path:?}");
        assert_eq!(chunk(&chunks, "Software"), manifest["program"], "{path:?}");
        let inputs = chunk(&chunks, "corridor.inputs");
        for file in ["scenarios/example.toml", "networks/example.toml"] {
            let line = format!("{}  {file}", sha256(&dir.join(file)));
            assert!(inputs.lines().any(|l| l == line), "{path:?}: {inputs}");
        }
        let embedded: serde_json::Value =
            serde_json::from_str(chunk(&chunks, "corridor.manifest")).unwrap();
        assert_eq!(embedded, manifest, "{path:?}");
    }
    assert!(pngs >= 5, "{pngs} charts");
}

/// Sweep, tornado and breakeven write `manifest.json` with the command that
/// reproduces them; breakeven writes its answer to `breakeven.csv`, the
/// value it printed.
#[test]
fn issue14_sensitivity_outputs_carry_a_manifest_and_breakeven_writes_a_file() {
    let (_t, dir) = workspace();
    let common = ["scenarios/example.toml", "--trials", "500", "--seed", "3"];
    let cases: [(&str, &[&str], &str); 3] = [
        (
            "sweep",
            &["--param", "cargo.value_usd", "--values", "1000,90000"],
            "sweep-cargo_value_usd",
        ),
        ("tornado", &["--params", "cargo.value_usd"], "tornado"),
        (
            "breakeven",
            &[
                "--param",
                "cargo.value_of_time_usd_per_day",
                "--between",
                "0,2000",
            ],
            "breakeven-cargo_value_of_time_usd_per_day",
        ),
    ];
    for (sub, args, folder) in cases {
        let o = corridor(&dir, &[&[sub][..], &common[..], args].concat());
        ok(&o);
        let folder = dir.join("reports/example").join(folder);
        let m = json(&folder.join("manifest.json"));
        let command = m["command"].as_str().unwrap();
        let want = format!("corridor {sub} scenarios/example.toml {}", args.join(" "));
        assert!(command.starts_with(&want), "{command} vs {want}");
        assert!(command.contains("--trials 500 --seed 3"), "{command}");
        assert_eq!(m["trials"], 500);
        assert_eq!(
            m["inputs"][1]["sha256"],
            sha256(&dir.join("networks/example.toml"))
        );
        if sub == "breakeven" {
            let printed: f64 = stdout(&o)
                .split(" = ")
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{}", stdout(&o)));
            let mut csv = csv::Reader::from_path(folder.join("breakeven.csv")).unwrap();
            let headers = csv.headers().unwrap().clone();
            let row = csv.records().next().unwrap().unwrap();
            let field = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
            assert_eq!(field("found"), "true");
            let value: f64 = field("value").parse().unwrap();
            assert!(
                (value - printed).abs() < 1e-3,
                "{value} vs printed {printed}"
            );
            assert_eq!(field("param"), "cargo.value_of_time_usd_per_day");
        }
    }
}

/// `validate` writes its manifest too: the command, and the hashes of the
/// observations and of the network they ran on.
#[test]
fn issue14_validate_carries_a_manifest() {
    let (_t, dir) = common::workspace_with(&[
        "observations/central-asia.toml",
        "networks/central-asia.toml",
    ]);
    let o = corridor(
        &dir,
        &[
            "validate",
            "observations/central-asia.toml",
            "--trials",
            "200",
        ],
    );
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let folder = dir.join("reports/validation-central-asia");
    let m = json(&folder.join("manifest.json"));
    let command = m["command"].as_str().unwrap();
    assert!(
        command.starts_with("corridor validate observations/central-asia.toml --trials 200"),
        "{command}"
    );
    for (i, file) in [
        "observations/central-asia.toml",
        "networks/central-asia.toml",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(m["inputs"][i]["path"], *file);
        assert_eq!(m["inputs"][i]["sha256"], sha256(&dir.join(file)));
    }
    let chunks = text_chunks(&folder.join("validation.png"));
    assert_eq!(chunk(&chunks, "corridor.command"), command);
}
