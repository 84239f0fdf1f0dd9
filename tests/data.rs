//! The shipped data: every network and scenario loads, every corridor has
//! a route, every figure cites a source, and published leg lengths are
//! matched within ±10%.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use corridor::network::Network;
use corridor::path;
use corridor::scenario::load::{check, load_network, load_scenario};

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_shipped_file_checks() {
    let files: Vec<PathBuf> = toml_files("networks")
        .into_iter()
        .chain(toml_files("scenarios"))
        .collect();
    assert!(files.len() >= 8);
    for f in files {
        if let Err(e) = check(&f) {
            panic!("{}:\n{e}", f.display());
        }
    }
}

#[test]
fn every_corridor_of_every_scenario_has_a_route() {
    let scenarios = toml_files("scenarios");
    assert!(
        scenarios.len() >= 6,
        "issue 3 asks for ≥ 5 real scenarios plus the example"
    );
    for f in scenarios {
        let sc = load_scenario(&f, &[]).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let groups: BTreeSet<_> = sc.corridors.iter().map(|c| c.group).collect();
        if !f.ends_with("example.toml") {
            assert!(
                groups.len() >= 2,
                "{}: compare southern with traditional corridors",
                f.display()
            );
        }
        for p in path::plan(&sc, 3) {
            assert!(
                p.route.is_some(),
                "{}: corridor \"{}\" has no route",
                f.display(),
                p.name
            );
        }
    }
}

fn central_asia() -> Network {
    load_network(Path::new("networks/central-asia.toml")).unwrap()
}

#[test]
fn the_default_network_is_large_enough() {
    let net = central_asia();
    assert!(net.nodes.len() >= 45, "{} nodes", net.nodes.len());
    for id in [
        "almaty",
        "astana",
        "shymkent",
        "pavlodar",
        "kostanay",
        "beineu",
        "zhanaozen",
        "dostyk",
        "altynkol",
        "saryagash",
        "bolashak",
        "aktau",
        "kuryk",
        "alat",
        "turkmenbashi",
        "tashkent",
        "termez",
        "serhetabat",
        "hairatan",
        "torghundi",
        "torkham",
        "spin-boldak",
        "chaman",
        "mazar",
        "kabul",
        "jalalabad",
        "herat",
        "kandahar",
        "peshawar",
        "islamabad",
        "lahore",
        "quetta",
        "sost",
        "khunjerab",
        "karachi",
        "port-qasim",
        "gwadar",
        "kashgar",
        "urumqi",
        "xian",
        "lianyungang",
        "gorgan",
        "mashhad",
        "sarakhs",
        "bandar-abbas",
        "chabahar",
        "poti",
        "batumi",
        "novorossiysk",
        "st-petersburg",
        "jebel-ali",
        "nhava-sheva",
        "constanta",
    ] {
        assert!(net.node_id(id).is_some(), "missing node {id}");
    }
}

/// The citable sources: `networks/sources.txt` (S-ids and named sources
/// of FIGURES.md), as (ids, names).
fn known_sources() -> (BTreeSet<String>, Vec<String>) {
    let text = std::fs::read_to_string("networks/sources.txt").expect("networks/sources.txt");
    let (mut ids, mut names, mut section) = (BTreeSet::new(), Vec::new(), "");
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        match line {
            "[ids]" | "[named]" => section = line,
            _ if section == "[ids]" => {
                ids.insert(line.to_string());
            }
            _ => names.push(line.to_string()),
        }
    }
    (ids, names)
}

#[test]
fn source_list_matches_figures_md() {
    // FIGURES.md lives in the shared folder beside the repository; when it
    // is there, every listed source must be in it.
    let Ok(figures) = std::fs::read_to_string("../shared/data/FIGURES.md") else {
        return;
    };
    let (ids, names) = known_sources();
    for id in &ids {
        assert!(
            cited_ids(&figures).contains(id),
            "{id} is not in FIGURES.md"
        );
    }
    for n in &names {
        assert!(figures.contains(n.as_str()), "{n} is not in FIGURES.md");
    }
}

/// The S-ids a citation names (`S13`, `S58b`).
fn cited_ids(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for (i, _) in s.match_indices('S') {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let digits: String = s[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.is_empty() {
            continue;
        }
        let suffix: String = s[i + 1 + digits.len()..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .take(1)
            .collect();
        let next = s[i + 1 + digits.len() + suffix.len()..].chars().next();
        let suffix = if next.is_some_and(|c| c.is_ascii_alphabetic()) {
            String::new()
        } else {
            suffix
        };
        out.push(format!("S{digits}{suffix}"));
    }
    out
}

#[test]
fn every_figure_cites_a_source() {
    let (known, names) = known_sources();
    assert!(known.len() > 50 && names.len() > 10);
    for f in toml_files("networks") {
        let net = load_network(&f).unwrap();
        let uncited = net.uncited();
        assert!(
            uncited.is_empty(),
            "{}: figures without a source:\n{}",
            f.display(),
            uncited.join("\n")
        );
        let mut bad = Vec::new();
        for (element, fields) in &net.citations {
            for (field, source) in fields {
                let s = source.as_deref().unwrap_or_default().trim();
                let ids = cited_ids(s);
                let assumption = s.to_lowercase().contains("assumption:");
                let named = s.contains("http")
                    || s.contains("FIGURES")
                    || names.iter().any(|n| s.contains(n.as_str()));
                if !(ids.iter().all(|id| known.contains(id))
                    && (!ids.is_empty() || assumption || named))
                {
                    bad.push(format!("{element}.{field}: {s:?}"));
                }
                if assumption {
                    let reason = s
                        .to_lowercase()
                        .split("assumption:")
                        .nth(1)
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    if reason.len() < 5 {
                        bad.push(format!(
                            "{element}.{field}: an assumption needs its reason: {s:?}"
                        ));
                    }
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{}: citations that name no known source:\n{}",
            f.display(),
            bad.join("\n")
        );
    }
}

/// Published leg lengths (FIGURES.md a2/b, f1/f2): the links that make up
/// the leg, and the published range in km.
const PUBLISHED: &[(&[&str], f64, f64, &str)] = &[
    (&["hairatan-mazar-rail"], 75.0, 75.0, "S58"),
    (&["hairatan-mazar-road"], 76.0, 76.0, "S58"),
    (&["termez-hairatan-rail"], 21.0, 21.0, "S58b"),
    (&["torkham-peshawar-road"], 45.0, 55.0, "S13, S57"),
    (&["peshawar-karachi-rail"], 1687.0, 1687.0, "S56"),
    (&["islamabad-karachi-road"], 1200.0, 1200.0, "S59b"),
    (&["lahore-karachi-road"], 1157.0, 1157.0, "gwadarcentral"),
    (&["torghundi-herat-road"], 100.0, 100.0, "S33b"),
    (&["torghundi-herat-rail"], 115.0, 120.0, "S33, S34"),
    (&["herat-kandahar-rail"], 737.5, 737.5, "S32"),
    (&["kandahar-spin-boldak-rail"], 96.0, 96.0, "S32"),
    (
        &["khunjerab-sost-road", "sost-islamabad-road"],
        870.0,
        870.0,
        "S36b",
    ),
    (&["kashgar-khunjerab-road"], 420.0, 420.0, "S36b"),
    (&["khunjerab-sost-road"], 75.0, 75.0, "S36b"),
    (&["karachi-gwadar-road"], 653.0, 653.0, "S86"),
    (&["almaty-altynkol-rail"], 293.0, 293.0, "S62"),
    (&["zhanaozen-bolashak-rail"], 146.0, 146.0, "S40b"),
    (
        &[
            "zhanaozen-bolashak-rail",
            "bolashak-etrek-rail",
            "etrek-gorgan-rail",
        ],
        908.0,
        928.0,
        "S40",
    ),
    (&["turkmenbashi-baku-ferry"], 306.0, 306.0, "S53b"),
    (&["kuryk-alat-ferry"], 508.0, 508.0, "S90b"),
    (&["trans-afghan-rail"], 573.0, 760.0, "S28–S31b"),
];

#[test]
fn published_legs_are_matched_within_ten_percent() {
    let net = central_asia();
    let mut bad = Vec::new();
    for (links, lo, hi, source) in PUBLISHED {
        let km: f64 = links
            .iter()
            .map(|id| {
                let l = net.link_id(id).unwrap_or_else(|| panic!("no link {id}"));
                net.link(l).mean_km()
            })
            .sum();
        if km < 0.9 * lo || km > 1.1 * hi {
            bad.push(format!(
                "{}: {km:.0} km, published {lo}–{hi} ({source})",
                links.join(" + ")
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn cited_ids_are_parsed() {
    assert_eq!(
        cited_ids("S13; S58b and S08 (CPMM)"),
        vec!["S13", "S58b", "S08"]
    );
    assert_eq!(cited_ids("SWD 12 km/h, S05"), vec!["S05"]);
    assert_eq!(cited_ids("S112..S115 (derived)"), vec!["S112", "S115"]);
}
