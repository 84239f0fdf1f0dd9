//! Replacing a report folder whole: the new report is written into a
//! fresh temporary folder beside the target (`.<name>.tmp-<pid>-<n>`),
//! synced, and exchanged with the previous folder in one step (Linux
//! `renameat2(RENAME_EXCHANGE)`). Subfolders of the previous folder
//! (another command's report, such as `tornado/`) are then carried across
//! and the previous folder deleted. All of it happens under the folder's
//! [lock](super::lock), and a crash at any point is finished or undone by
//! the next writer ([`recover`](super::recover)). A reader sees the files
//! of one run only: the old report or the new one.
//!
//! Where folders cannot be exchanged (other systems, some filesystems),
//! two renames do it: the previous folder aside (`.<name>.old-<pid>`),
//! the new one in. Between them the target does not exist for a moment;
//! a crash there leaves `.<name>.old-<pid>`, which the next writer
//! restores before anything else.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::ReportError;
use super::failpoint::hit;
use super::lock::FolderLock;
use super::recover::{self, carry_subfolders, recover};
use super::temps::{self, TempDir};

/// A report folder and the names of its siblings.
pub(crate) struct Place {
    /// The folder itself.
    pub(crate) dir: PathBuf,
    /// Its parent (`.` for a bare name).
    pub(crate) parent: PathBuf,
    /// Its name.
    pub(crate) name: String,
}

impl Place {
    /// Splits `dir` into parent and name; `.`, `..` and non-UTF-8 names
    /// are refused.
    pub(crate) fn of(dir: &Path) -> Result<Place, ReportError> {
        let name = dir.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
            ReportError::NotAFolderName {
                path: dir.to_path_buf(),
            }
        })?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Ok(Place {
            dir: dir.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_owned(),
        })
    }

    /// A sibling `.<name>.<suffix>`.
    pub(crate) fn sibling(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!(".{}.{suffix}", self.name))
    }

    /// Creates the parent, takes the lock and recovers from a crash.
    pub(crate) fn lock(&self) -> Result<FolderLock, ReportError> {
        std::fs::create_dir_all(&self.parent).map_err(|error| ReportError::CreateDir {
            path: self.parent.clone(),
            error,
        })?;
        let lock = FolderLock::acquire(&self.sibling("lock"), &self.dir)?;
        recover(&recover::Place {
            dir: &self.dir,
            parent: &self.parent,
            name: &self.name,
        })?;
        Ok(lock)
    }
}

/// A file to write: its name in the folder and its content.
pub(crate) type File<'a> = (&'a str, &'a [u8]);

/// Replaces the folder `dir` by one holding exactly `outputs`, all or
/// nothing (see the module docs). Returns the paths written.
pub(crate) fn replace(dir: &Path, outputs: &[File]) -> Result<Vec<PathBuf>, ReportError> {
    let place = Place::of(dir)?;
    let _lock = place.lock()?;
    check_replaceable(dir, outputs)?;
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let tmp = place.sibling(&format!("tmp-{}-{n}", std::process::id()));
    let staging = TempDir::create(tmp).map_err(|error| ReportError::CreateDir {
        path: dir.to_path_buf(),
        error,
    })?;
    stage_all(&staging.path, dir, outputs)?;
    swap(&place, &staging.path)?;
    Ok(outputs.iter().map(|(name, _)| dir.join(name)).collect())
}

/// Writes and syncs every file into the staging folder, then the folder.
fn stage_all(tmp: &Path, dir: &Path, outputs: &[File]) -> Result<(), ReportError> {
    for &(name, bytes) in outputs {
        let write = |e| ReportError::Write {
            path: dir.join(name),
            error: e,
        };
        let mut f = std::fs::File::create(tmp.join(name)).map_err(write)?;
        f.write_all(bytes).map_err(write)?;
        f.sync_all().map_err(write)?;
        hit(&format!("file:{name}"));
    }
    sync_dir(tmp).map_err(|error| ReportError::Write {
        path: dir.to_path_buf(),
        error,
    })?;
    hit("synced");
    Ok(())
}

/// Puts the staged folder in place, then carries subfolders across and
/// deletes the previous folder; interrupt cleanup waits until all of it
/// is done.
fn swap(place: &Place, tmp: &Path) -> Result<(), ReportError> {
    let err = |error| ReportError::Write {
        path: place.dir.clone(),
        error,
    };
    let mut held = temps::hold();
    let previous = if !place.dir.exists() {
        std::fs::rename(tmp, &place.dir).map_err(err)?;
        held.forget(tmp);
        None
    } else if exchange(tmp, &place.dir).map_err(err)? {
        // The previous report now sits at the staging name.
        Some(tmp.to_path_buf())
    } else {
        let old = place.sibling(&format!("old-{}", std::process::id()));
        two_renames(tmp, &place.dir, &old).map_err(err)?;
        held.forget(tmp);
        Some(old)
    };
    sync_dir(&place.parent).map_err(err)?;
    hit("new-in");
    if let Some(previous) = previous {
        if let Err(e) = carry_subfolders(&previous, &place.dir) {
            // Keep it (and what it still holds) for the next writer.
            held.forget(&previous);
            return Err(err(e));
        }
        hit("carried");
        std::fs::remove_dir_all(&previous).map_err(err)?;
        held.forget(&previous);
        hit("cleaned");
    }
    Ok(())
}

/// Swaps two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`);
/// `Ok(false)` where the system or filesystem cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths, relative to the
    // current directory (AT_FDCWD); the call reads nothing else.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Where folders cannot be exchanged: the previous folder aside, the new
/// one in. Between the two the target does not exist; a crash there is
/// undone by the next writer's [`recover`].
fn two_renames(tmp: &Path, dir: &Path, old: &Path) -> std::io::Result<()> {
    std::fs::rename(dir, old)?;
    hit("old-aside");
    if let Err(e) = std::fs::rename(tmp, dir) {
        let _ = std::fs::rename(old, dir);
        return Err(e);
    }
    Ok(())
}

/// Makes a folder's entries (new names, renames) durable.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// File names a corridor report folder may hold besides this write's own.
fn ours(name: &str) -> bool {
    const FIXED: [&str; 10] = [
        "summary.json",
        "manifest.json",
        "compare.csv",
        "compare.md",
        "breakeven.csv",
        "summary.md",
        "corridors.csv",
        "validation.csv",
        "validation.md",
        "tornado.csv",
    ];
    name.starts_with('.')
        || FIXED.contains(&name)
        || name.ends_with(".png")
        || (name.starts_with("sweep_") && name.ends_with(".csv"))
}

/// Refuses to replace anything but a corridor report folder: `--out` may
/// name a folder of the user's own, whose files must not be deleted.
fn check_replaceable(dir: &Path, outputs: &[File]) -> Result<(), ReportError> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(ReportError::Write {
                path: dir.to_path_buf(),
                error,
            });
        }
    };
    if !meta.is_dir() {
        return Err(ReportError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    let entries = std::fs::read_dir(dir).map_err(|error| ReportError::Write {
        path: dir.to_path_buf(),
        error,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_output = outputs.iter().any(|(n, _)| *n == name);
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_output {
            return Err(ReportError::FolderInTheWay {
                path: dir.join(name),
            });
        }
        if !is_dir && !is_output && !ours(&name) {
            return Err(ReportError::Foreign {
                path: dir.to_path_buf(),
                entry: name,
            });
        }
    }
    Ok(())
}
