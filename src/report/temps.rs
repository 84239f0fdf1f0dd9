//! The temporary files and folders this process has on disk right now,
//! so that Ctrl-C or SIGTERM can remove them before the process exits.
//!
//! Every temporary path is registered while it exists. The writer holds
//! the registry while it swaps folders, so the interrupt handler (which
//! takes the registry before cleaning up, and exits without letting go)
//! sees a report folder either before or after a swap, never halfway.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry, held: no interrupt cleanup runs while it is held.
pub(crate) struct Held(MutexGuard<'static, Vec<PathBuf>>);

/// Takes the registry (a panic elsewhere does not make it unusable).
pub(crate) fn hold() -> Held {
    Held(TEMPS.lock().unwrap_or_else(|p| p.into_inner()))
}

impl Held {
    /// Records a temporary path.
    pub(crate) fn add(&mut self, path: &Path) {
        self.0.push(path.to_path_buf());
    }

    /// Forgets a path that is no longer temporary (moved into place or
    /// removed); says whether it was registered.
    pub(crate) fn forget(&mut self, path: &Path) -> bool {
        let before = self.0.len();
        self.0.retain(|p| p != path);
        self.0.len() != before
    }
}

/// Removes `path`, a file or a whole folder; a missing path is fine.
pub(crate) fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Removes every registered temporary path, then runs `exit` while still
/// holding the registry, so that no writer starts a new step in between.
/// For an interrupt handler: `remove_all_then(|| std::process::exit(130))`.
pub fn remove_all_then<R>(exit: impl FnOnce() -> R) -> R {
    let mut held = hold();
    for p in held.0.drain(..) {
        remove(&p);
    }
    exit()
}

/// A temporary folder that is removed when dropped, unless it was moved
/// into place (and forgotten) first.
pub(crate) struct TempDir {
    /// Its path.
    pub(crate) path: PathBuf,
}

impl TempDir {
    /// Registers and creates the folder, in that order and under the
    /// registry, so an interrupt can never leave it behind.
    pub(crate) fn create(path: PathBuf) -> std::io::Result<TempDir> {
        let mut held = hold();
        held.add(&path);
        if let Err(e) = std::fs::create_dir(&path) {
            held.forget(&path);
            return Err(e);
        }
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let mut held = hold();
        if held.forget(&self.path) {
            remove(&self.path);
        }
    }
}
