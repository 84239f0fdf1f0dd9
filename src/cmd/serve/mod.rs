//! `corridor serve`: a live what-if explorer. A local web server (axum on
//! tokio) serves one page with its assets embedded in the binary, and an
//! API that runs the same code path as `corridor run` — the page's
//! settings become `--set` overrides — on a thread pool, in chunks that
//! stop as soon as their request is gone. The API is in `docs/serve.md`.
//!
//! - [`engine`]: the scenario's texts, read once; one request's run.
//! - [`save`]: a what-if written back as a scenario file.
//! - [`api`]: routes, limits and the answers' shapes;
//!   [`scenario_json`]: what `GET /api/scenario` tells the page.
//! - [`assets`]: the page, its script, styles, vendored chart library and
//!   the map's outlines.

mod api;
mod assets;
mod engine;
mod save;
mod scenario_json;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use super::error::CmdError;
use super::out;

/// What `corridor serve` was asked to do, checked.
pub struct ServeConfig {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Address to listen on.
    pub host: IpAddr,
    /// TCP port (0: any free one).
    pub port: u16,
    /// Whether to open the page in the default browser.
    pub open: bool,
    /// Worker threads for the trials (default: all cores).
    pub threads: Option<usize>,
}

/// `corridor serve`: loads the scenario (every problem reported as
/// `corridor run` reports it), then serves until interrupted.
pub fn serve(cfg: &ServeConfig) -> Result<(), CmdError> {
    let explorer = engine::Explorer::load(&cfg.scenario, out::pool(cfg.threads)?)?;
    if !cfg.host.is_loopback() {
        eprintln!(
            "corridor: warning: listening on {}, so other machines can reach the explorer; it has no authentication",
            cfg.host
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(CmdError::Stdout)?;
    let addr = SocketAddr::new(cfg.host, cfg.port);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| CmdError::Input(vec![format!("cannot listen on {addr}: {e}")]))?;
        let bound = listener.local_addr().map_err(CmdError::Stdout)?;
        let url = format!("http://{bound}/");
        out::print_line(&format!(
            "corridor serve: {} at {url} (Ctrl-C to stop)",
            cfg.scenario.display()
        ))?;
        if cfg.open
            && let Err(e) = open::that_detached(&url)
        {
            eprintln!("corridor: warning: cannot open a browser ({e}); open {url} yourself");
        }
        let app = api::router(Arc::new(explorer), api::Hosts::for_bind(bound));
        axum::serve(listener, app).await.map_err(CmdError::Stdout)
    })
}
