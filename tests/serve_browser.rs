//! The explorer in a real browser: headless Chromium from Debian's
//! packages, driven over WebDriver (chromedriver) with fantoccini. The
//! page loads, a slider moved with the keyboard re-runs the Monte Carlo
//! and changes the table, "Run 1,000,000" ends drawn, and the console
//! shows no error.
//!
//! It also measures what a person waits for — slider move to updated
//! charts, from the page's own performance marks — and prints it
//! (`cargo test --release --test serve_browser -- --nocapture`); with
//! `CORRIDOR_SCREENSHOT=path.png` it saves a screenshot of the page.
//!
//! Without `chromium` and `chromedriver` the test says so and passes, except
//! under CI (`CI` set), where `.ci/run` installs them and their absence is
//! a failure.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, workspace_with};
use fantoccini::key::Key;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

// A scenario whose free choice often takes a route outside its corridors
// (western-railway: via Farap and via Khunjerab), so that the found rows
// below are not vacuous.
const SCENARIO: &str = "scenarios/western-railway.toml";
const FILES: [&str; 2] = [SCENARIO, "networks/central-asia.toml"];

/// Flags that make Chromium run here: headless, no sandbox (CI runs as
/// root), no GPU, no network but the page's.
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1500,1500",
];

/// The path of `name` on PATH, if any.
fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(binary: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver's browser log (`POST /session/{id}/se/log`), which holds
/// what the console showed.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// Evaluates `script` (a function body) until it returns a truthy value.
async fn wait_for(client: &Client, script: &str, what: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = client.execute(script, vec![]).await.unwrap();
        if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn runs(client: &Client) -> u64 {
    let v = client
        .execute("return +(document.body.dataset.runs || 0)", vec![])
        .await
        .unwrap();
    v.as_u64().unwrap_or(0)
}

async fn table_text(client: &Client) -> String {
    let body = client.find(Locator::Css("#table tbody")).await.unwrap();
    body.text().await.unwrap()
}

/// Moves the slider of `key` with one key press and waits for its run to
/// be drawn.
async fn press(client: &Client, key: &str, k: Key) {
    let before = runs(client).await;
    let css = format!("input[type=range][data-key=\"{key}\"]");
    let slider = client.find(Locator::Css(&css)).await.unwrap();
    slider.send_keys(&k.to_string()).await.unwrap();
    let script = format!("return +(document.body.dataset.runs || 0) > {before}");
    wait_for(client, &script, "the re-run after a slider move").await;
}

/// Every corridor row of the table — the scenario's and the routes the
/// run found (`found` in the summary) — has its own report colour, and
/// the found ones say so; the western-railway run finds at least one.
async fn found_rows_are_labelled_and_coloured(client: &Client) {
    let rows = client
        .execute(
            "return [...document.querySelectorAll('#table tbody tr')]\
               .filter(r => r.dataset.id !== 'free')\
               .map(r => ({ id: r.dataset.id,\
                 colour: getComputedStyle(r.querySelector('.swatch')).backgroundColor,\
                 tag: r.querySelector('.found')?.textContent || '' }))",
            vec![],
        )
        .await
        .unwrap();
    let summary = client
        .execute("return app.view.summary.corridors", vec![])
        .await
        .unwrap();
    let (rows, summary) = (rows.as_array().unwrap(), summary.as_array().unwrap());
    assert_eq!(rows.len(), summary.len(), "{rows:?}");
    let mut colours = std::collections::BTreeSet::new();
    for (row, c) in rows.iter().zip(summary) {
        assert_eq!(row["id"], c["id"]);
        let colour = row["colour"].as_str().unwrap();
        assert_ne!(colour, "rgb(153, 153, 153)", "{row} has no colour");
        colours.insert(colour.to_string());
        let found = c["found"] != "named";
        assert_eq!(row["tag"] != "", found, "{row} vs found = {}", c["found"]);
    }
    assert_eq!(
        colours.len(),
        rows.len(),
        "two rows share a colour: {rows:?}"
    );
    assert!(
        summary.iter().any(|c| c["found"] == "free_choice"),
        "the run found no route outside the corridors"
    );
}

#[test]
fn the_page_reruns_on_a_slider_move_without_console_errors() {
    let (Some(chromium), Some(chromedriver)) = (which("chromium"), which("chromedriver")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium and chromedriver are missing; .ci/run installs them"
        );
        eprintln!(
            "SKIPPED: the browser test needs chromium and chromedriver \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let (_tmp, dir) = workspace_with(&FILES);
    let server = Server::start(&dir, SCENARIO);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps: Capabilities = serde_json::from_value(json!({
            "goog:chromeOptions": { "binary": chromium, "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        }))
        .unwrap();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .expect("a WebDriver session");
        client.goto(&server.url).await.unwrap();
        wait_for(&client, "return +(document.body.dataset.runs || 0) >= 1", "the first run").await;
        let before = table_text(&client).await;
        assert!(before.contains("Trans-Afghan"), "{before}");
        found_rows_are_labelled_and_coloured(&client).await;

        // A risk-averse shipper: security weight to its maximum.
        press(&client, "risk_weights.security", Key::End).await;
        let after = table_text(&client).await;
        assert_ne!(before, after, "the table did not change");
        let hash = location_hash(&client).await;
        assert!(hash.contains("set.risk_weights.security=5"), "{hash}");

        // Closing Torkham for 30 days from departure (a switch with its
        // days) re-runs, and the Trans-Afghan row changes.
        let before = table_text(&client).await;
        let runs_before = runs(&client).await;
        client
            .execute(
                "const b = document.querySelector('.toggle input[data-key=\"close.torkham.days\"][type=checkbox]');\
                 b.closest('details').open = true; b.click(); return true;",
                vec![],
            )
            .await
            .unwrap();
        let script = format!("return +(document.body.dataset.runs || 0) > {runs_before}");
        wait_for(&client, &script, "the re-run after closing Torkham").await;
        let closed = table_text(&client).await;
        assert_ne!(before, closed, "closing Torkham changed nothing");
        let hash = location_hash(&client).await;
        assert!(hash.contains("close.torkham.days=30"), "{hash}");

        // Slider move to updated charts, as the page measures it.
        for i in 0..10 {
            let k = if i % 2 == 0 { Key::Home } else { Key::End };
            press(&client, "risk_weights.political", k).await;
        }
        let times: Vec<f64> = client
            .execute(
                "return performance.getEntriesByName('explorer-update').map(e => e.duration)",
                vec![],
            )
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let mut sorted = times[1..].to_vec();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        println!(
            "slider move → updated charts at 20,000 trials: median {median:.0} ms, max {:.0} ms over {} moves ({:?})",
            sorted[sorted.len() - 1],
            sorted.len(),
            sorted.iter().map(|t| t.round()).collect::<Vec<_>>()
        );
        assert!(median < 2000.0, "a re-run took {median} ms");

        // The final number: a million trials, with progress, then drawn.
        client
            .find(Locator::Id("run-million"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(
            &client,
            "return document.getElementById('table-note').textContent.startsWith('1,000,000 trials')",
            "the 1,000,000-trial run",
        )
        .await;

        if let Some(path) = std::env::var_os("CORRIDOR_SCREENSHOT") {
            std::fs::write(&path, client.screenshot().await.unwrap()).unwrap();
        }

        let page_errors = client
            .execute("return window.__explorerErrors", vec![])
            .await
            .unwrap();
        assert_eq!(page_errors, json!([]), "errors on the page");
        let log = client.issue_cmd(BrowserLog).await.unwrap();
        let severe: Vec<&Value> = log
            .as_array()
            .map(|a| a.iter().filter(|e| e["level"] != "INFO" && e["level"] != "DEBUG").collect())
            .unwrap_or_default();
        assert!(severe.is_empty(), "the console shows: {severe:?}");
        client.close().await.unwrap();
    });
}

/// The page's `location.hash` (where it keeps the what-if settings).
async fn location_hash(client: &Client) -> String {
    client
        .execute("return location.hash", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}
