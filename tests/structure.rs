//! The structure check behind `corridor check NETWORK`: unreachable nodes
//! and links that can never be used, reported by id; none in the shipped
//! networks.

use std::path::{Path, PathBuf};

use corridor::network::structure::{self, Warning};
use corridor::scenario::load::{Checked, check, load_network};

const FIXTURE: &str = "tests/fixtures/structure/net.toml";

fn node(id: &str) -> Warning {
    Warning::UnreachableNode { id: id.into() }
}

#[test]
fn the_fixture_reports_its_unreachable_nodes_and_unusable_link() {
    let net = load_network(Path::new(FIXTURE)).unwrap();
    assert_eq!(
        structure::check(&net),
        vec![
            node("lonely"),
            node("source"),
            node("x"),
            node("y"),
            node("planned-end"),
            Warning::UnusableLink {
                id: "x-y".into(),
                reason: "it joins nodes cut off from the main network",
            },
        ]
    );
}

#[test]
fn check_renders_the_warnings_with_their_ids() {
    let Ok(Checked::Network { warnings, .. }) = check(Path::new(FIXTURE)) else {
        panic!("the fixture is a valid network");
    };
    assert_eq!(
        warnings,
        [
            r#"node "lonely": no link reaches it from the main network"#,
            r#"node "source": no link reaches it from the main network"#,
            r#"node "x": no link reaches it from the main network"#,
            r#"node "y": no link reaches it from the main network"#,
            r#"node "planned-end": no link reaches it from the main network"#,
            r#"link "x-y": can never be used: it joins nodes cut off from the main network"#,
        ]
    );
}

#[test]
fn closing_and_enabling_change_the_structure_as_routes_see_it() {
    let mut net = load_network(Path::new(FIXTURE)).unwrap();
    let planned = net.link_id("b-planned-end").unwrap();
    net.links[planned.0 as usize].enabled = true;
    let sink = net.node_id("sink").unwrap();
    net.nodes[sink.0 as usize].closed = true;
    let ab = net.link_id("a-b").unwrap();
    net.links[ab.0 as usize].closed = true;
    let warnings = structure::check(&net);
    let ids: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    // Without a-b, "a" (and "source" behind it) are cut off from b – c.
    assert!(ids.contains(&r#"node "a": no link reaches it from the main network"#.to_string()));
    assert!(!ids.iter().any(|w| w.contains("planned-end")), "{ids:#?}");
    assert!(
        !ids.iter().any(|w| w.contains("\"sink\":")),
        "a closed node is not reported"
    );
    assert!(warnings.contains(&Warning::UnusableLink {
        id: "a-b".into(),
        reason: "it is closed"
    }));
    assert!(warnings.contains(&Warning::UnusableLink {
        id: "c-sink".into(),
        reason: "one of its ends is closed"
    }));
}

#[test]
fn shipped_networks_have_no_structure_warnings() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("networks")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let net = load_network(&f).unwrap();
        let warnings = structure::check(&net);
        assert!(warnings.is_empty(), "{}: {warnings:#?}", f.display());
    }
}
