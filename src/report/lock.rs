//! The lock that keeps two writers out of one report folder: an exclusive
//! advisory lock (`File::try_lock`) on `<parent>/.<name>.lock`. A second
//! writer does not wait; it fails with a clear message.
//!
//! The lock file is deleted when the lock is released, so none is left
//! behind. That is safe because a writer, once it holds the lock, checks
//! that the path still names the file it locked; if the previous holder
//! deleted it in the meantime, it starts over with the new file.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::error::ReportError;
use super::temps;

/// A held report-folder lock; released (and its file deleted) on drop.
pub(crate) struct FolderLock {
    path: PathBuf,
    _file: File,
}

impl FolderLock {
    /// Takes the lock file `path` for the report folder `report`, or says
    /// that another writer holds it.
    pub(crate) fn acquire(path: &Path, report: &Path) -> Result<FolderLock, ReportError> {
        let err = |error| ReportError::Lock {
            path: path.to_path_buf(),
            error,
        };
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(err)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    return Err(ReportError::Locked {
                        path: report.to_path_buf(),
                    });
                }
                Err(TryLockError::Error(error)) => return Err(err(error)),
            }
            if still_named(&file, path) {
                temps::hold().add(path);
                return Ok(FolderLock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

/// Whether `path` still names the open `file` (not deleted or replaced).
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Delete while still holding the lock; closing the file releases it.
        let mut held = temps::hold();
        held.forget(&self.path);
        let _ = std::fs::remove_file(&self.path);
    }
}
