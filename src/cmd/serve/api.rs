//! The explorer's routes (documented in `docs/serve.md`):
//!
//! | route | answer |
//! |---|---|
//! | `GET /` and `GET /assets/…` | the page and its assets, embedded |
//! | `GET /api/scenario` | the scenario, its corridors, the network's geometry and every parameter key |
//! | `POST /api/run` | `summary.json`, byte for byte what `corridor run` writes |
//! | `POST /api/view` | `{summary, colours, charts}`: the summary, each corridor's colour, transit-time CDF and map line (sea legs along their lanes), for the page |
//! | `POST /api/view/stream` | the same as newline-delimited JSON: progress lines, then the view |
//! | `POST /api/save` | the what-if as a scenario file (TOML) |
//! | `GET /api/status` | runs in progress and runs cancelled |
//!
//! Bodies are at most [`MAX_BODY`] bytes; a run is at most
//! [`engine::MAX_TRIALS`] trials. A request whose client goes away stops
//! its trials within a chunk. Requests must name this server in `Host`
//! when it listens on loopback, so a web page elsewhere cannot reach it
//! through a rebound DNS name.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;

use corridor::report::data::ChartData;

use super::engine::{self, Explorer, Job, RunError, RunRequest};
use super::save::{SaveInput, what_if_scenario};
use super::{assets, scenario_json};

/// Largest request body, bytes: a `set` of every key of a large network
/// fits many times over.
pub const MAX_BODY: usize = 64 * 1024;

type App = Arc<Explorer>;

/// Which `Host` headers the server answers.
#[derive(Clone)]
pub struct Hosts(Option<Vec<String>>);

impl Hosts {
    /// On loopback, only this server's names (`localhost`, the address)
    /// with its port; anywhere else, any (the user chose to be reachable).
    pub fn for_bind(addr: SocketAddr) -> Hosts {
        if !addr.ip().is_loopback() {
            return Hosts(None);
        }
        let port = addr.port();
        let names = ["localhost".to_string(), addr.ip().to_string()];
        let shown = |n: &str| match addr {
            SocketAddr::V6(_) if n != "localhost" => format!("[{n}]"),
            _ => n.to_string(),
        };
        Hosts(Some(
            names
                .iter()
                .flat_map(|n| [shown(n), format!("{}:{port}", shown(n))])
                .collect(),
        ))
    }

    fn allows(&self, host: Option<&str>) -> bool {
        match (&self.0, host) {
            (None, _) => true,
            (Some(names), Some(h)) => names.iter().any(|n| n.eq_ignore_ascii_case(h)),
            (Some(_), None) => false,
        }
    }
}

/// The explorer's router.
pub fn router(app: App, hosts: Hosts) -> Router {
    Router::new()
        .route("/", get(|| async { assets::response("index.html") }))
        .route(
            "/assets/{*file}",
            get(|Path(file): Path<String>| async move { assets::response(&file) }),
        )
        .route("/api/scenario", get(scenario))
        .route("/api/run", post(run))
        .route("/api/view", post(view))
        .route("/api/view/stream", post(view_stream))
        .route("/api/save", post(save))
        .route("/api/status", get(status))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let hosts = hosts.clone();
            async move {
                let host = req
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok());
                if !hosts.allows(host) {
                    return error(StatusCode::FORBIDDEN, vec!["unknown Host".into()]);
                }
                next.run(req).await
            }
        }))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .with_state(app)
}

/// `{"error": [lines]}` with `status`.
fn error(status: StatusCode, lines: Vec<String>) -> Response {
    ApiError(status, lines).into_response()
}

/// An answer other than success: a status and the lines saying why.
struct ApiError(StatusCode, Vec<String>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(json!({ "error": self.1 }))).into_response()
    }
}

/// A JSON answer from bytes already encoded.
fn json_bytes(bytes: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

/// The request body as a [`RunRequest`].
fn parse(body: &Bytes) -> Result<RunRequest, ApiError> {
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    serde_json::from_slice(body)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, vec![format!("request: {e}")]))
}

/// Sets its flag when dropped: when the request's future is dropped
/// because the client went away, the run sees the flag between chunks.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Prepares and runs a request on a blocking thread; `finish` turns the
/// finished job into the answer there too.
async fn run_blocking<T: Send + 'static>(
    app: App,
    body: Bytes,
    finish: impl FnOnce(&Explorer, &Job, &corridor::montecarlo::Acc) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let req = parse(&body)?;
    let flag = Arc::new(AtomicBool::new(false));
    let _cancel = CancelOnDrop(flag.clone());
    let work = tokio::task::spawn_blocking(move || {
        let job = app.prepare(&req)?;
        let acc = app.run(&job, &|| flag.load(Ordering::Relaxed), &mut |_| {})?;
        Ok(finish(&app, &job, &acc))
    });
    match work.await {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(e)) => Err(run_error(e)),
        Err(e) => Err(ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![format!("the run failed: {e}")],
        )),
    }
}

fn run_error(e: RunError) -> ApiError {
    match e {
        RunError::Bad(lines) => ApiError(StatusCode::BAD_REQUEST, lines),
        // Nobody is listening; any answer will do.
        RunError::Cancelled => ApiError(StatusCode::SERVICE_UNAVAILABLE, vec!["cancelled".into()]),
    }
}

/// `summary.json` as `corridor run` writes it: pretty, with a final
/// newline.
fn summary_bytes(summary: &corridor::montecarlo::Summary) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(summary).expect("a summary encodes");
    text.push('\n');
    text.into_bytes()
}

/// `POST /api/run`.
async fn run(State(app): State<App>, body: Bytes) -> Response {
    let done = run_blocking(app, body, |app, job, acc| {
        summary_bytes(&app.summarize(job, acc))
    });
    match done.await {
        Ok(bytes) => json_bytes(bytes),
        Err(e) => e.into_response(),
    }
}

/// One corridor's chart data for the page.
#[derive(Serialize)]
struct ViewCorridor {
    id: String,
    /// (days, cumulative probability), 199 points.
    cdf: Vec<[f64; 2]>,
    /// The planned route as the map draws it: [lon, lat] from the origin,
    /// through each link's `path` (sea lanes), to the destination.
    line: Vec<[f64; 2]>,
}

/// What the page draws: the summary, each corridor's report colour and
/// each corridor's CDF.
#[derive(Serialize)]
struct View {
    summary: corridor::montecarlo::Summary,
    /// Corridor id → report colour, for every corridor of the summary:
    /// the scenario's and the routes the run found.
    colours: BTreeMap<String, String>,
    charts: Vec<ViewCorridor>,
    /// Milliseconds the server spent, load to summary.
    server_ms: f64,
}

fn view_of(app: &Explorer, job: &Job, acc: &corridor::montecarlo::Acc, started: Instant) -> View {
    let summary = app.summarize(job, acc);
    let colours = summary
        .corridors
        .iter()
        .map(|c| c.id.clone())
        .zip(scenario_json::colours_css(
            summary.corridors.iter().map(|c| (c.id.as_str(), c.colour)),
        ))
        .collect();
    let data = ChartData::new(&job.sc, &job.model, acc, &summary);
    let charts = data
        .corridors
        .into_iter()
        .map(|c| ViewCorridor {
            id: c.id,
            line: c.line.into_iter().map(|(lon, lat)| [lon, lat]).collect(),
            cdf: c
                .cdf
                .into_iter()
                .map(|(d, p)| [(d * 1000.0).round() / 1000.0, p])
                .collect(),
        })
        .collect();
    View {
        summary,
        colours,
        charts,
        server_ms: started.elapsed().as_secs_f64() * 1000.0,
    }
}

/// `POST /api/view`.
async fn view(State(app): State<App>, body: Bytes) -> Response {
    let started = Instant::now();
    let done = run_blocking(app, body, move |app, job, acc| {
        serde_json::to_vec(&view_of(app, job, acc, started)).expect("a view encodes")
    });
    match done.await {
        Ok(bytes) => json_bytes(bytes),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/view/stream`: `{"done": n, "trials": N}` lines as chunks
/// finish, then `{"view": …}` or `{"error": […]}`. The run stops when the
/// client stops reading (the stream's receiver is dropped).
async fn view_stream(State(app): State<App>, body: Bytes) -> Response {
    let started = Instant::now();
    let req = match parse(&body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<String, Infallible>>(4);
    tokio::task::spawn_blocking(move || {
        let line = |v: serde_json::Value| format!("{v}\n");
        let job = match app.prepare(&req) {
            Ok(job) => job,
            Err(RunError::Bad(lines)) => {
                let _ = tx.blocking_send(Ok(line(json!({ "error": lines }))));
                return;
            }
            Err(RunError::Cancelled) => return,
        };
        let trials = job.sc.montecarlo.trials;
        let progress = &mut |done| {
            let _ = tx.blocking_send(Ok(line(json!({ "done": done, "trials": trials }))));
        };
        if let Ok(acc) = app.run(&job, &|| tx.is_closed(), progress) {
            let view = view_of(&app, &job, &acc, started);
            let _ = tx.blocking_send(Ok(line(json!({ "view": view }))));
        }
    });
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-ndjson"),
        )],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx)),
    )
        .into_response()
}

/// `POST /api/save`: the what-if as a scenario file, without running it.
async fn save(State(app): State<App>, body: Bytes) -> Response {
    let req = match parse(&body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let app2 = app.clone();
    let saved = tokio::task::spawn_blocking(move || {
        // Checked by loading, as a run would, so a saved file always loads.
        let job = app2.prepare(&RunRequest {
            trials: req.trials.or(Some(engine::DEFAULT_TRIALS)),
            ..req
        })?;
        let scenario_file = app2.path.display().to_string();
        let text = &app2.texts[&app2.path];
        let network = std::path::Path::new(&job.sc.inputs[1].path);
        let network = std::fs::canonicalize(network).unwrap_or_else(|_| network.to_path_buf());
        what_if_scenario(&SaveInput {
            text,
            scenario_file: &scenario_file,
            network: &network,
            overrides: &job.overrides,
            trials: job.sc.montecarlo.trials,
            seed: job.sc.montecarlo.seed,
        })
        .map_err(|e| RunError::Bad(vec![e]))
    })
    .await;
    match saved {
        Ok(Ok(saved)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/toml; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{}\"", saved.file_name))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
            ],
            saved.text,
        )
            .into_response(),
        Ok(Err(e)) => run_error(e).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, vec![e.to_string()]),
    }
}

/// `GET /api/status`.
async fn status(State(app): State<App>) -> Response {
    axum::Json(json!({
        "running": app.running.load(Ordering::Relaxed),
        "cancelled": app.cancelled.load(Ordering::Relaxed),
    }))
    .into_response()
}

/// `GET /api/scenario`.
async fn scenario(State(app): State<App>) -> Response {
    axum::Json(scenario_json::scenario_info(&app)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_answers_only_its_own_names() {
        let hosts = Hosts::for_bind("127.0.0.1:8470".parse().unwrap());
        assert!(hosts.allows(Some("127.0.0.1:8470")));
        assert!(hosts.allows(Some("localhost:8470")));
        assert!(!hosts.allows(Some("evil.example:8470")));
        assert!(!hosts.allows(None));
        let v6 = Hosts::for_bind("[::1]:80".parse().unwrap());
        assert!(v6.allows(Some("[::1]:80")));
        assert!(Hosts::for_bind("0.0.0.0:1".parse().unwrap()).allows(Some("anything")));
    }
}
