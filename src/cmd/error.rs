//! [`CmdError`]: why a command failed, wrapping the library's errors.

use corridor::analysis::AnalysisError;
use corridor::diag::Diagnostics;
use corridor::montecarlo::model::SimError;
use corridor::montecarlo::shard::MergeError;
use corridor::report::ReportError;

/// Why a command failed; the binary prints it with its chain and exits 2.
#[derive(Debug, thiserror::Error)]
pub enum CmdError {
    /// Problems in the inputs, one per line, followed by the count line.
    #[error("{}", diagnostics(.0))]
    Input(Vec<String>),
    /// Standard output could not be written.
    #[error("cannot write output")]
    Stdout(#[source] std::io::Error),
    /// The worker threads could not start.
    #[error("cannot start worker threads")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    /// A result could not be encoded as JSON.
    #[error("cannot encode {path}")]
    Encode {
        /// What was being encoded.
        path: String,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The simulation model could not be built.
    #[error(transparent)]
    Model(#[from] SimError),
    /// A report file or chart could not be produced or written.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// A sensitivity analysis failed.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
}

impl From<Diagnostics> for CmdError {
    fn from(d: Diagnostics) -> CmdError {
        CmdError::Input(d.0)
    }
}

impl From<MergeError> for CmdError {
    fn from(e: MergeError) -> CmdError {
        CmdError::Input(e.problems)
    }
}

/// Diagnostics followed by the count line, one message per line.
fn diagnostics(lines: &[String]) -> String {
    let n = lines.len();
    let mut all = lines.to_vec();
    all.push(format!(
        "{n} error{}; nothing was run",
        if n == 1 { "" } else { "s" }
    ));
    all.join("\n")
}

/// An error and its sources as `a: b: c`, split into lines: what the
/// binary prints (each line after `corridor: `) and what `corridor serve`
/// answers a bad request with.
pub fn chain_lines(e: &dyn std::error::Error) -> Vec<String> {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.lines().map(str::to_string).collect()
}
