//! What can go wrong while rendering or writing a report. Each message is
//! complete (it names the file and includes the cause), so the binary
//! prints it as it is.

use std::path::PathBuf;

/// An error while producing or writing report files.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// `summary.json` could not be encoded.
    #[error("cannot encode summary.json: {0}")]
    Json(#[from] serde_json::Error),
    /// A CSV file could not be encoded.
    #[error("cannot encode CSV: {0}")]
    Csv(#[from] csv::Error),
    /// plotters failed while drawing a chart (its error, rendered).
    #[error("cannot draw chart: {0}")]
    Draw(String),
    /// A drawn chart could not be encoded as PNG.
    #[error("cannot encode PNG: {0}")]
    Png(#[from] image::ImageError),
    /// The report folder could not be created.
    #[error("cannot create {}: {error}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why not.
        error: std::io::Error,
    },
    /// A folder stands where a report file should go.
    #[error("cannot write {}: a folder of that name is in the way", path.display())]
    FolderInTheWay {
        /// The file that could not be written.
        path: PathBuf,
    },
    /// A report file could not be written or moved into place.
    #[error("cannot write {}: {error}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why not.
        error: std::io::Error,
    },
    /// Another process holds the report folder's lock.
    #[error(
        "{}: another corridor run is writing this report (lock held); try again when it has finished",
        path.display()
    )]
    Locked {
        /// The report folder.
        path: PathBuf,
    },
    /// The lock file could not be opened or locked.
    #[error("cannot lock {}: {error}", path.display())]
    Lock {
        /// The lock file.
        path: PathBuf,
        /// Why not.
        error: std::io::Error,
    },
    /// The output path has no folder name of its own (`.`, `..`, `/`).
    #[error("cannot write a report to {}: name a folder (such as reports/x)", path.display())]
    NotAFolderName {
        /// The path given.
        path: PathBuf,
    },
    /// A file or a symbolic link stands where the report folder should go.
    #[error("cannot write a report to {}: it is a file or a symbolic link, not a folder", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// The folder holds files corridor did not write; replacing it would
    /// delete them.
    #[error(
        "cannot replace {}: it holds {entry:?}, which is not a corridor report file; choose a new or empty folder",
        path.display()
    )]
    Foreign {
        /// The folder.
        path: PathBuf,
        /// The first entry that is not ours.
        entry: String,
    },
    /// A folder given to `corridor compare` is not a report.
    #[error("{}: not a corridor report: {why}", path.display())]
    NotAReport {
        /// The folder.
        path: PathBuf,
        /// What is missing or wrong.
        why: String,
    },
    /// Two reports that cannot be compared.
    #[error("cannot compare {} with {}: {why}", a.display(), b.display())]
    Incompatible {
        /// Run A's folder.
        a: PathBuf,
        /// Run B's folder.
        b: PathBuf,
        /// Why not.
        why: String,
    },
    /// Leftovers of a crashed run could not be cleaned up.
    #[error("cannot recover {} after an interrupted run: {error}", path.display())]
    Recover {
        /// The report folder.
        path: PathBuf,
        /// Why not.
        error: std::io::Error,
    },
}
