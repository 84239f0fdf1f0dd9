//! Cargo classes and caveats, with the real binary on copies of the
//! example network: bulk is priced per tonne, a link's bulk tariff is
//! used, and a caveat is stated exactly when a route the answer names uses
//! its element.

use std::path::Path;

mod common;
use common::{corridor, stderr, stdout, workspace};

fn summary(dir: &Path, out: &str, extra: &[&str]) -> (String, serde_json::Value, String) {
    let mut args = vec![
        "run",
        "scenarios/example.toml",
        "--trials",
        "2000",
        "--no-charts",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    let o = corridor(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = serde_json::from_slice(&std::fs::read(dir.join(out).join("summary.json")).unwrap())
        .expect("valid summary.json");
    let md = std::fs::read_to_string(dir.join(out).join("summary.md")).unwrap();
    (stdout(&o), json, md)
}

fn mean_usd(v: &serde_json::Value, id: &str) -> f64 {
    v["corridors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["usd"]["mean"]
        .as_f64()
        .unwrap()
}

/// Adds `line` to the element whose `id = "<id>"` line is given.
fn add_to_element(dir: &Path, id: &str, line: &str) {
    let path = dir.join("networks/example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let marker = format!("id = \"{id}\"\n");
    let at = text.find(&marker).expect("element exists") + marker.len();
    std::fs::write(&path, format!("{}{line}\n{}", &text[..at], &text[at..])).unwrap();
}

/// With no bulk figures in the network, bulk is the container figure per
/// tonne: every cost divided by 20 (the default tonnes per unit), when the
/// cargo's value and value of time are divided too (so every choice is
/// the same and the paired draws are identical). A link's own bulk tariff
/// then replaces its converted cost, by exactly its km × the difference.
#[test]
fn bulk_is_per_tonne_and_uses_a_links_bulk_tariff() {
    let (_t, dir) = workspace();
    let (c_out, c, c_md) = summary(&dir, "container", &[]);
    let bulk = [
        "--set",
        "cargo.class=bulk",
        "--set",
        "cargo.value_usd=2000",
        "--set",
        "cargo.value_of_time_usd_per_day=3",
    ];
    let (b_out, b, b_md) = summary(&dir, "bulk", &bulk);
    assert_eq!(c["cargo_class"], "container");
    assert_eq!(c["cargo_unit"], "TEU");
    assert_eq!(b["cargo_class"], "bulk");
    assert_eq!(b["cargo_unit"], "tonne");
    assert!(
        c_out.contains("mean USD/TEU") && !c_out.contains("USD/tonne"),
        "{c_out}"
    );
    assert!(
        b_out.contains("mean USD/tonne") && b_out.contains("per tonne"),
        "{b_out}"
    );
    assert!(c_md.contains("mean USD/TEU"), "{c_md}");
    assert!(
        b_md.contains("mean USD/tonne") && b_md.contains("Cargo class: bulk"),
        "{b_md}"
    );
    for id in ["pass", "rail"] {
        let (teu, t) = (mean_usd(&c, id), mean_usd(&b, id));
        assert!(
            (teu / 20.0 - t).abs() <= 1e-6 * teu,
            "{id}: {teu} per TEU is not 20 × {t} per tonne"
        );
    }

    // 1,400 km at 0.9/TEU-km converts to 0.045 per t-km; the tariff says 0.01.
    add_to_element(
        &dir,
        "hub-gauge-rail",
        "by_class.bulk = { usd_per_km = 0.01, source = \"assumption: test\" }",
    );
    let (_, tariff, _) = summary(&dir, "tariff", &bulk);
    let saved = mean_usd(&b, "rail") - mean_usd(&tariff, "rail");
    assert!(
        (saved - 1400.0 * (0.045 - 0.01)).abs() < 1e-6,
        "the bulk tariff saved {saved} per tonne"
    );
    assert_eq!(mean_usd(&tariff, "pass"), mean_usd(&b, "pass"));
}

/// A caveat on the pass is stated (terminal, summary.md, summary.json)
/// while a named route crosses the pass, and not once the what-if closes
/// it; an unlisted source is a located `check` error with exit 2.
#[test]
fn a_caveat_shows_only_while_a_named_route_uses_its_element() {
    let (_t, dir) = workspace();
    std::fs::write(
        dir.join("bibliography.toml"),
        "[[source]]\nid = \"S1\"\ntitle = \"t\"\npublisher = \"p\"\ndate = \"n.d.\"\ngrade = \"C\"\nnote = \"test\"\n",
    )
    .unwrap();
    add_to_element(
        &dir,
        "pass",
        "caveat = { text = \"Pass figures are from a promoter\", source = \"S1\" }",
    );
    let o = corridor(&dir, &["check", "networks/example.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let (out, v, md) = summary(&dir, "open", &[]);
    let named: Vec<&str> = ["most_taken", "cheapest", "fastest", "safest"]
        .iter()
        .filter_map(|k| v["answer"][k]["id"].as_str())
        .collect();
    assert!(
        named.contains(&"pass"),
        "the pass road is not named: {named:?}"
    );
    let caveats = v["answer"]["caveats"].as_array().unwrap();
    assert_eq!(caveats.len(), 1, "{caveats:?}");
    assert_eq!(caveats[0]["element"], "node \"pass\"");
    assert_eq!(caveats[0]["source"], "S1");
    assert_eq!(caveats[0]["corridors"][0], "pass");
    for text in [&out, &md] {
        assert!(
            text.contains("Caveat (node \"pass\"")
                && text.contains("Pass figures are from a promoter"),
            "{text}"
        );
    }

    let (out, v, md) = summary(&dir, "closed", &["--set", "close.pass=true"]);
    assert_eq!(v["answer"]["caveats"].as_array().unwrap().len(), 0);
    assert!(
        !out.contains("promoter") && !md.contains("promoter"),
        "{out}"
    );

    // A source the bibliography does not list.
    let path = dir.join("networks/example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("source = \"S1\" }", "source = \"S999\" }"),
    )
    .unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("caveat = "))
        .unwrap()
        + 1;
    let col = text.lines().nth(line - 1).unwrap().find("\"S1\"").unwrap() + 1;
    let o = corridor(&dir, &["check", "networks/example.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "networks/example.toml:{line}:{col}: node \"pass\".caveat.source: source \"S999\" not listed in bibliography.toml"
        )),
        "{err}"
    );
}
