//! The shipped data: every network and scenario loads, every corridor has
//! a route, every figure cites a source, and published leg lengths are
//! matched within ±10%.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::toml_files;
use corridor::network::Network;
use corridor::network::bibliography::{Bibliography, cited_ids};
use corridor::path;
use corridor::scenario::load::{check, load_network, load_scenario};

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
        // A scenario without corridors compares the k best routes (issue 14).
        if !f.ends_with("example.toml") && !sc.corridors.is_empty() {
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

/// The shipped bibliography, at the repository root.
fn bibliography() -> Bibliography {
    Bibliography::load(Path::new("bibliography.toml")).expect("bibliography.toml")
}

/// The citable sources of `bibliography.toml`, as (S-ids, named ids).
fn known_sources() -> (BTreeSet<String>, Vec<String>) {
    let (ids, names): (Vec<_>, Vec<_>) = bibliography()
        .sources
        .into_iter()
        .map(|s| s.id)
        .partition(|id| cited_ids(id) == [id.clone()]);
    (ids.into_iter().collect(), names)
}

#[test]
fn every_bibliography_entry_is_complete() {
    // Parsed with `toml` directly, so that a repeated id is seen here and
    // not only as the loader's error.
    let text = std::fs::read_to_string("bibliography.toml").unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    let entries = doc["source"].as_array().expect("[[source]] entries");
    assert!(entries.len() >= 130, "{} entries", entries.len());
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();
    for e in entries {
        let field = |k: &str| e.get(k).and_then(|v| v.as_str()).unwrap_or("").trim();
        let id = field("id");
        if id.is_empty() || !seen.insert(id.to_string()) {
            bad.push(format!("{id:?}: missing or repeated id"));
        }
        for k in ["title", "publisher", "date", "grade"] {
            if field(k).is_empty() {
                bad.push(format!("{id}: no {k}"));
            }
        }
        if field("url").is_empty() && field("note").is_empty() {
            bad.push(format!("{id}: neither url nor note"));
        }
        if !["A", "B", "C", "D", "method"].contains(&field("grade")) {
            bad.push(format!(
                "{id}: grade {:?} is not A-D or method",
                field("grade")
            ));
        }
        let also = e.get("also").and_then(|v| v.as_array()).cloned();
        let urls = e
            .get("url")
            .into_iter()
            .chain(also.iter().flatten())
            .map(|u| u.as_str().unwrap_or_default().to_string());
        for u in urls {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                bad.push(format!("{id}: url {u:?} is not http(s)"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(bibliography().sources.len(), entries.len());
}

#[test]
fn every_cited_source_resolves_in_the_bibliography() {
    let bib = bibliography();
    for f in toml_files("networks") {
        let net = load_network(&f).unwrap();
        let unresolved: Vec<String> = bib
            .unresolved(&net)
            .iter()
            .map(|u| format!("{}.{}: {}", u.element, u.field, u.id))
            .collect();
        assert!(
            unresolved.is_empty(),
            "{}: ids not in bibliography.toml:\n{}",
            f.display(),
            unresolved.join("\n")
        );
    }
    // Every named source that a network names is an entry, spelled as there.
    let text: String = toml_files("networks")
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    for id in ["gazetteer", "circuity", "gwadarcentral", "dailymailnews"] {
        assert!(text.contains(id) && bib.contains(id), "{id}");
    }
}

#[test]
fn the_data_documentation_links_only_inside_the_repository() {
    // Every relative Markdown link in the data documentation names a file
    // of this repository: a user has the repository and nothing beside it.
    let root = Path::new(".").canonicalize().unwrap();
    let mut bad = Vec::new();
    for doc in ["networks/README.md", "docs/format.md"] {
        let text = std::fs::read_to_string(doc).unwrap();
        let dir = Path::new(doc).parent().unwrap();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let target = &rest[..rest.find(')').unwrap_or(rest.len())];
            let file = target.split('#').next().unwrap_or_default();
            if file.is_empty() || target.starts_with("http") {
                continue;
            }
            match dir.join(file).canonicalize() {
                Ok(p) if p.starts_with(&root) => {}
                _ => bad.push(format!("{doc}: {target}")),
            }
        }
    }
    assert!(
        bad.is_empty(),
        "links outside the repository:\n{}",
        bad.join("\n")
    );
    assert!(!Path::new("networks/sources.txt").exists());
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
                let named = s.contains("http") || names.iter().any(|n| s.contains(n.as_str()));
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

/// Published leg lengths (networks/README.md § Distances): the links that
/// make up the leg, and the published range in km.
const PUBLISHED: &[(&[&str], f64, f64, &str)] = &[
    (&["hairatan-mazar-rail"], 75.0, 75.0, "S58"),
    (&["hairatan-mazar-road"], 76.0, 76.0, "S58"),
    (&["termez-hairatan-rail"], 21.0, 21.0, "S58b"),
    (&["torkham-peshawar-road"], 45.0, 55.0, "S13, S57"),
    (&["peshawar-karachi-rail"], 1687.0, 1687.0, "S56"),
    (
        &["islamabad-karachi-road"],
        1372.0,
        1419.0,
        "S230 + S306, S307, S308",
    ),
    (&["sukkur-karachi-road"], 442.0, 489.0, "S306, S307, S308"),
    (&["jalalabad-torkham-road"], 73.67, 75.0, "S305"),
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
    (&["almaty-altynkol-rail"], 336.0, 345.0, "S479"),
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
    (&["xian-lianyungang-rail"], 1083.0, 1083.0, "S309"),
    (
        &["urumqi-lanzhou-rail", "lanzhou-xian-rail"],
        2580.0,
        2580.0,
        "S309, S310",
    ),
    (&["lanzhou-chongqing-rail"], 820.0, 886.0, "S486–S488"),
    (&["dostyk-urumqi-rail"], 460.0, 460.0, "S311"),
    (&["aktogay-dostyk-rail"], 304.0, 318.0, "S312, S479"),
    (
        &["herat-delaram-road", "delaram-kandahar-road"],
        557.0,
        557.0,
        "S313",
    ),
    (&["mashhad-bandar-abbas-rail"], 1415.0, 1435.0, "S314, S315"),
    (&["sarakhs-mashhad-rail"], 155.0, 164.0, "S314"),
    (&["almaty-astana-road"], 1276.0, 1276.0, "S316"),
    // Tariff distances of the CIS railways' guide (TR-4, Book 3).
    (&["almaty-shymkent-rail"], 746.0, 755.0, "S479"),
    (&["almaty-astana-rail"], 1318.0, 1327.0, "S479"),
    (&["astana-aktogay-rail"], 1101.0, 1101.0, "S479"),
    (&["astana-beineu-rail"], 1992.0, 2009.0, "S479"),
    (&["astana-shymkent-rail"], 1458.0, 1458.0, "S479"),
    (&["shymkent-saryagash-rail"], 210.0, 210.0, "S479"),
    (&["shymkent-beineu-rail"], 1638.0, 1638.0, "S479"),
    (&["astana-kostanay-rail"], 707.0, 707.0, "S479"),
    (&["almaty-aktogay-rail"], 557.0, 566.0, "S479"),
    (&["turkmenbashi-mary-rail"], 894.0, 905.0, "S479"),
    (&["astana-pavlodar-rail"], 438.0, 438.0, "S479"),
    (&["pavlodar-aktogay-rail"], 837.0, 837.0, "S479"),
    (&["kostanay-beineu-rail"], 1441.0, 1441.0, "S479"),
    (&["kostanay-kz-ru-border-rail"], 166.0, 166.0, "S479"),
    (&["astana-kokshetau-rail"], 296.0, 296.0, "S479"),
    (&["beineu-zhanaozen-rail"], 583.0, 583.0, "S479"),
    (&["tashkent-farap-rail"], 708.0, 708.0, "S479"),
    (&["farap-mary-rail"], 265.0, 265.0, "S479"),
    (&["turkmenbashi-etrek-rail"], 513.0, 524.0, "S479"),
    (&["kz-ru-border-novorossiysk-rail"], 2767.0, 2767.0, "S479"),
    (&["kz-ru-border-st-petersburg-rail"], 2483.0, 2483.0, "S479"),
    (&["st-petersburg-buslovskaya-rail"], 177.0, 177.0, "S479"),
    (&["alat-baku-rail"], 82.0, 82.0, "S479"),
    (&["baku-batumi-rail"], 897.0, 897.0, "S479"),
    (
        &[
            "astana-elimai-border-rail",
            "elimai-border-novorossiysk-rail",
        ],
        3443.0,
        3443.0,
        "S479",
    ),
    (
        &[
            "astana-kokshetau-rail",
            "kokshetau-petropavlovsk-border-rail",
        ],
        491.0,
        491.0,
        "S479",
    ),
    (
        &["petropavlovsk-border-st-petersburg-rail"],
        2728.0,
        2728.0,
        "S479",
    ),
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
