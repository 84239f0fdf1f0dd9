//! `corridor check --sources` against a bibliography, with the real binary
//! in a fresh temporary directory: cited ids that the bibliography does not
//! list are reported, the bibliography is found by walking up from the
//! network's folder or given with `--bibliography`.

use std::path::{Path, PathBuf};

mod common;
use common::{corridor, stdout};

/// A temp dir holding `networks/net.toml` (citing S01, S999 and
/// `gazetteer`) and, at its root, a `bibliography.toml` listing S01 and
/// `gazetteer` only.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bibliography");
    std::fs::create_dir(dir.path().join("networks")).unwrap();
    for f in ["networks/net.toml", "bibliography.toml"] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

const UNRESOLVED: [&str; 2] = [
    "networks/net.toml: unresolved source: link \"a-b\".kmh: \"S999\"",
    "networks/net.toml: unresolved source: node \"b\".lat: \"S999\"",
];

#[test]
fn unknown_ids_are_reported_with_element_and_field() {
    let (_t, dir) = workspace();
    let o = corridor(&dir, &["check", "--sources", "networks/net.toml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    for line in UNRESOLVED {
        assert!(out.contains(line), "{line}\nnot in:\n{out}");
    }
    assert!(
        out.contains("networks/net.toml: unresolved source: node \"b\".lon: \"S999\""),
        "{out}"
    );
    // S01 and the named source resolve; nothing else is reported.
    assert_eq!(out.matches("unresolved source").count(), 3, "{out}");
    assert!(
        !out.contains("\"S01\"") && !out.contains("no source"),
        "{out}"
    );
}

#[test]
fn without_sources_the_bibliography_is_not_consulted() {
    let (_t, dir) = workspace();
    let o = corridor(&dir, &["check", "networks/net.toml"]);
    assert!(o.status.success());
    assert!(!stdout(&o).contains("unresolved"), "{}", stdout(&o));
}

#[test]
fn an_explicit_bibliography_replaces_the_nearest_one() {
    let (_t, dir) = workspace();
    let other = dir.join("other.toml");
    let text = std::fs::read_to_string(dir.join("bibliography.toml")).unwrap();
    std::fs::write(&other, text.replace("\"S01\"", "\"S999\"")).unwrap();
    let o = corridor(
        &dir,
        &[
            "check",
            "--sources",
            "--bibliography",
            "other.toml",
            "networks/net.toml",
        ],
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("networks/net.toml: unresolved source: link \"a-b\".km: \"S01\""),
        "{out}"
    );
    assert!(!out.contains("\"S999\""), "{out}");
}

#[test]
fn with_no_bibliography_above_the_network_ids_are_not_checked() {
    let (_t, dir) = workspace();
    std::fs::remove_file(dir.join("bibliography.toml")).unwrap();
    let o = corridor(&dir, &["check", "--sources", "networks/net.toml"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("networks/net.toml: note: no bibliography.toml in its folder or above"),
        "{out}"
    );
    assert!(!out.contains("unresolved"), "{out}");
}

#[test]
fn a_bibliography_listing_an_id_twice_is_an_error() {
    let (_t, dir) = workspace();
    let f = dir.join("bibliography.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    let first = &text[text.find("[[source]]").unwrap()..text.rfind("[[source]]").unwrap()];
    std::fs::write(&f, format!("{text}\n{first}")).unwrap();
    let o = corridor(&dir, &["check", "--sources", "networks/net.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("source \"S01\" is listed twice"), "{err}");
}
