//! `corridor serve`'s API on a real server (the built binary on an
//! ephemeral port) over the shipped default scenario: runs answer what
//! `corridor run` writes, byte for byte; weights move results the way they
//! should; bad requests get the CLI's words; a saved what-if reproduces
//! its run; concurrent requests do not disturb each other; a request whose
//! client leaves stops its work.

mod common;

use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use common::{Server, corridor, stderr, workspace_with};
use serde_json::{Value, json};

const SCENARIO: &str = "scenarios/almaty-karachi.toml";
const FILES: [&str; 2] = [SCENARIO, "networks/central-asia.toml"];

/// An agent that returns 4xx and 5xx answers instead of failing on them.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// POSTs `body` to `path`; the status and the body's bytes.
fn post(server: &Server, path: &str, body: &Value) -> (u16, Vec<u8>) {
    let mut resp = agent()
        .post(format!("{}{path}", server.url))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("the server answers");
    let status = resp.status().as_u16();
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .unwrap();
    (status, bytes)
}

/// GETs `path` as JSON.
fn get(server: &Server, path: &str) -> Value {
    let mut resp = agent()
        .get(format!("{}{path}", server.url))
        .call()
        .expect("the server answers");
    assert_eq!(resp.status().as_u16(), 200);
    serde_json::from_slice(&resp.body_mut().read_to_vec().unwrap()).unwrap()
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(bytes)))
}

/// A corridor's entry in a summary.
fn corridor_of<'s>(summary: &'s Value, id: &str) -> &'s Value {
    summary["corridors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no corridor {id}"))
}

#[test]
fn the_scenario_lists_corridors_geometry_and_every_key() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let sc = get(&server, "api/scenario");
    assert_eq!(sc["id"], "almaty-karachi");
    assert_eq!(sc["corridors"].as_array().unwrap().len(), 6);
    // Each corridor in the colour the report charts give it: the one the
    // scenario writes.
    let corridors = sc["corridors"].as_array().unwrap();
    let written = std::fs::read_to_string(dir.join(SCENARIO)).unwrap();
    for c in corridors {
        let colour = c["colour"].as_str().unwrap();
        assert!(
            written.contains(&format!(
                "id = {}\nname = {}\ncolour = \"{colour}\"",
                c["id"], c["name"]
            )),
            "{}: {colour}",
            c["id"]
        );
    }
    let nodes = sc["network"]["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .all(|n| n["lat"].is_number() && n["lon"].is_number())
    );
    let keys: Vec<&str> = sc["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    for key in [
        "risk_weights.political",
        "cargo.value_of_time_usd_per_day",
        "cargo.value_usd",
        "cargo.deadline_days",
        "departure.month",
        "hazards.afpk-border-closure.per_year",
        "hazards.torkham-queues.probability",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    assert!(
        sc["toggles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["key"] == "links.trans-afghan-rail.status"),
        "planned links can be switched on"
    );
}

#[test]
fn a_run_is_byte_for_byte_the_summary_json_of_corridor_run() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let body = json!({"set": {"risk_weights.political": 3}, "trials": 3000, "seed": 7});
    let (status, api) = post(&server, "api/run", &body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&api));
    let out = corridor(
        &dir,
        &[
            "run",
            SCENARIO,
            "--set",
            "risk_weights.political=3",
            "--trials",
            "3000",
            "--seed",
            "7",
            "--no-charts",
            "--out",
            "cli",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cli = std::fs::read(dir.join("cli/summary.json")).unwrap();
    assert!(api == cli, "the API's summary differs from corridor run's");
}

#[test]
fn raising_a_categorys_weight_raises_the_cost_of_the_routes_it_threatens() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let run = |w: f64| {
        let body = json!({"set": {"risk_weights.security": w}, "trials": 4000, "seed": 1});
        let (status, bytes) = post(&server, "api/run", &body);
        assert_eq!(status, 200);
        json_of(&bytes)
    };
    let (base, averse) = (run(1.0), run(4.0));
    let gc = |s: &Value, id: &str| {
        corridor_of(s, id)["generalized_cost"]["mean"]
            .as_f64()
            .unwrap()
    };
    // The Afghan road runs through the security hazards; weighting them
    // more costs it more, in the same draws.
    assert!(
        gc(&averse, "trans-afghan") > gc(&base, "trans-afghan") + 100.0,
        "{} vs {}",
        gc(&averse, "trans-afghan"),
        gc(&base, "trans-afghan")
    );
    for c in base["corridors"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert!(gc(&averse, id) >= gc(&base, id) - 1e-6, "{id} got cheaper");
    }
    // A shipper free to choose takes the Afghan roads no more often.
    let afghan = |s: &Value| {
        let shares = &s["free_choice_shares"];
        shares["trans-afghan"]["p"].as_f64().unwrap() + shares["western"]["p"].as_f64().unwrap()
    };
    assert!(
        afghan(&averse) <= afghan(&base),
        "{} vs {}",
        afghan(&averse),
        afghan(&base)
    );
}

#[test]
fn a_bad_key_gets_400_and_the_clis_message() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    for (key, value) in [
        ("risk_weights.politcal", json!(3)),
        ("risk_weights.political", json!(-1)),
        ("hazards.nope.probability", json!(0.3)),
    ] {
        let (status, bytes) = post(&server, "api/run", &json!({"set": {key: value}}));
        assert_eq!(status, 400, "{key}");
        let lines: Vec<String> = json_of(&bytes)["error"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().to_string())
            .collect();
        let out = corridor(&dir, &["run", SCENARIO, "--set", &format!("{key}={value}")]);
        assert_eq!(out.status.code(), Some(2));
        let cli: Vec<String> = stderr(&out)
            .lines()
            .map(|l| l.strip_prefix("corridor: ").unwrap_or(l).to_string())
            .collect();
        assert_eq!(lines, cli, "{key}");
    }
    // Limits: trials per request, body size, the request's own layout.
    let (status, _) = post(&server, "api/run", &json!({"trials": 1_000_001}));
    assert_eq!(status, 400);
    let (status, _) = post(&server, "api/run", &json!({"set": {}, "trails": 5}));
    assert_eq!(status, 400);
    let big = json!({"set": {"x": "y".repeat(100_000)}});
    let (status, _) = post(&server, "api/run", &big);
    assert_eq!(status, 413);
}

#[test]
fn a_saved_what_if_run_by_corridor_run_gives_the_same_summary() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let body = json!({
        "set": {
            "risk_weights.political": 2.5,
            "cargo.value_of_time_usd_per_day": 90,
            "hazards.afpk-border-closure.per_year": 0.8,
            "links.trans-afghan-rail.status": "operating",
            "close.torkham.from_day": 2,
            "close.torkham.days": 20,
        },
        "trials": 3000,
        "seed": 11,
    });
    let (status, api) = post(&server, "api/run", &body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&api));
    let (status, saved) = post(&server, "api/save", &body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&saved));
    // Saved elsewhere, as a browser's download would be: the network is
    // named by its absolute path.
    let elsewhere = dir.join("downloads");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("what-if.toml"), &saved).unwrap();
    let out = corridor(
        &elsewhere,
        &["run", "what-if.toml", "--no-charts", "--out", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cli = std::fs::read(elsewhere.join("out/summary.json")).unwrap();
    // Everything but the manifest (which names the file read) is the same,
    // byte for byte.
    let body_of = |bytes: &[u8]| {
        let mut v = json_of(bytes);
        let manifest = v.as_object_mut().unwrap().remove("manifest").unwrap();
        (serde_json::to_string_pretty(&v).unwrap(), manifest)
    };
    let ((api_body, api_m), (cli_body, cli_m)) = (body_of(&api), body_of(&cli));
    assert!(api_body == cli_body, "the saved what-if's summary differs");
    assert_eq!(api_m["seed"], cli_m["seed"]);
    assert_eq!(api_m["trials"], cli_m["trials"]);
    assert_eq!(
        api_m["inputs"][1]["sha256"], cli_m["inputs"][1]["sha256"],
        "same network"
    );
    // Running it again names the same what-if folder a --set run would.
    let name = String::from_utf8_lossy(&saved);
    assert!(name.contains("id = \"almaty-karachi--what-if-"), "{name}");
}

#[test]
fn concurrent_requests_answer_as_if_alone() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let bodies: Vec<Value> = (0..3)
        .map(|i| json!({"set": {"risk_weights.weather": i}, "trials": 3000, "seed": i}))
        .collect();
    let alone: Vec<Vec<u8>> = bodies
        .iter()
        .map(|b| post(&server, "api/run", b).1)
        .collect();
    let together: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = bodies
            .iter()
            .map(|b| s.spawn(|| post(&server, "api/run", b).1))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(alone == together);
    assert!(alone[0] != alone[1]);
}

#[test]
fn a_request_whose_client_leaves_stops_its_work() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let addr = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let body = json!({"trials": 1_000_000}).to_string();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST /api/run HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let running = |s: &Value| s["running"].as_u64().unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while running(&get(&server, "api/status")) == 0 {
        assert!(Instant::now() < deadline, "the run never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stream);
    // A million trials take seconds; a cancelled run stops within a chunk.
    let left = Instant::now();
    loop {
        let s = get(&server, "api/status");
        if running(&s) == 0 {
            assert_eq!(s["cancelled"], 1);
            break;
        }
        assert!(
            left.elapsed() < Duration::from_millis(1500),
            "still running after the client left"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_stream_reports_progress_then_the_view() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let (status, bytes) = post(&server, "api/view/stream", &json!({"trials": 300_000}));
    assert_eq!(status, 200);
    let lines: Vec<Value> = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| json_of(l.as_bytes()))
        .collect();
    let done: Vec<u64> = lines.iter().filter_map(|l| l["done"].as_u64()).collect();
    let steps: Vec<u64> = (1..=20).map(|i| i * 15_000).collect();
    assert_eq!(done, steps);
    let view = &lines.last().unwrap()["view"];
    assert_eq!(view["summary"]["trials"], 300_000);
    assert_eq!(view["charts"][0]["cdf"].as_array().unwrap().len(), 199);
    // The page and its assets are served from the binary.
    let mut page = String::new();
    agent()
        .get(&server.url)
        .call()
        .unwrap()
        .body_mut()
        .as_reader()
        .read_to_string(&mut page)
        .unwrap();
    assert!(page.contains("<script src=\"assets/app.js\""), "{page}");
    assert!(!page.contains("https://"), "nothing from elsewhere");
}

/// Issue 14: the explorer's map draws sea legs along their lanes as the
/// PNG map does, so /api/view carries each corridor's line through its
/// links' `path` waypoints: the China east route passes the Strait of
/// Malacca, where none of its nodes is.
#[test]
fn issue14_the_view_carries_each_route_along_its_sea_lanes() {
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let (status, bytes) = post(&server, "api/view", &json!({"trials": 500}));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let view = json_of(&bytes);
    let sc = get(&server, "api/scenario");
    let node = |id: &str| {
        let n = sc["network"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap();
        (n["lon"].as_f64().unwrap(), n["lat"].as_f64().unwrap())
    };
    let chart = view["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "china-east")
        .expect("china-east in the view");
    let line: Vec<(f64, f64)> = chart["line"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    let planned: Vec<(f64, f64)> = corridor_of(&view["summary"], "china-east")["planned"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| node(n.as_str().unwrap()))
        .collect();
    assert_eq!(line.first(), planned.first(), "starts at the origin");
    assert_eq!(line.last(), planned.last(), "ends at the destination");
    let malacca = |&(lon, lat): &(f64, f64)| (95.0..105.0).contains(&lon) && lat < 8.0;
    assert!(
        !planned.iter().any(malacca),
        "a node at Malacca: the test shows nothing"
    );
    assert!(line.iter().any(malacca), "no point at Malacca in {line:?}");
    // Every planned node is on the line, in order.
    let mut rest = line.iter();
    for p in &planned {
        assert!(rest.any(|q| q == p), "{p:?} not on the line in order");
    }
}
