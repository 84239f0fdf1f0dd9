//! Recovery from a writer that crashed (or was killed) while replacing a
//! report folder, run by the next writer under the folder's lock, so every
//! leftover belongs to a dead process:
//!
//! - `.<name>.old-<pid>` with no `<name>`: the crash came between the two
//!   renames of a swap without exchange, so the previous report is
//!   restored;
//! - `.<name>.tmp-<pid>-<n>`, a staging folder, or after an exchange the
//!   previous report, and `.<name>.old-<pid>` beside `<name>`: the
//!   subfolders `<name>` lacks are carried across (a staging folder has
//!   none), then it is deleted.

use std::path::Path;

use super::error::ReportError;

/// Whether `entry` is `.<name>.<kind>-` followed by digits and dashes.
fn is_leftover(entry: &str, name: &str, kind: &str) -> bool {
    entry
        .strip_prefix('.')
        .and_then(|e| e.strip_prefix(name))
        .and_then(|e| e.strip_prefix('.'))
        .and_then(|e| e.strip_prefix(kind))
        .and_then(|e| e.strip_prefix('-'))
        .is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
}

/// Whether `entry` is any folder's staging folder (`.X.tmp-<pid>-<n>`).
fn is_any_staging(entry: &str) -> bool {
    entry.strip_prefix('.').is_some_and(|e| {
        e.rfind(".tmp-").is_some_and(|i| {
            let rest = &e[i + 5..];
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
    })
}

/// The report folder `dir`, split into its parent and its name.
pub(crate) struct Place<'a> {
    /// The folder.
    pub(crate) dir: &'a Path,
    /// Its parent.
    pub(crate) parent: &'a Path,
    /// Its name.
    pub(crate) name: &'a str,
}

/// Cleans up after a crashed writer of `place` (see the module docs).
pub(crate) fn recover(place: &Place) -> Result<(), ReportError> {
    let err = |error| ReportError::Recover {
        path: place.dir.to_path_buf(),
        error,
    };
    let (mut olds, mut temps) = (Vec::new(), Vec::new());
    let Ok(entries) = std::fs::read_dir(place.parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if is_leftover(&name, place.name, "old") {
            olds.push(entry.path());
        } else if is_leftover(&name, place.name, "tmp") {
            temps.push(entry.path());
        }
    }
    for old in olds {
        if !place.dir.exists() {
            std::fs::rename(&old, place.dir).map_err(err)?;
        } else {
            temps.push(old);
        }
    }
    for leftover in temps {
        if place.dir.is_dir() {
            carry_subfolders(&leftover, place.dir).map_err(err)?;
        }
        std::fs::remove_dir_all(&leftover).map_err(err)?;
    }
    Ok(())
}

/// Moves the subfolders of `old` that `new` lacks into `new` (other
/// commands' reports nested in this one), except staging folders.
pub(crate) fn carry_subfolders(old: &Path, new: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(old)? {
        let entry = entry?;
        let name = entry.file_name();
        if !entry.file_type()?.is_dir() || is_any_staging(&name.to_string_lossy()) {
            continue;
        }
        let to = new.join(&name);
        if !to.exists() {
            std::fs::rename(entry.path(), to)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_matched_exactly() {
        assert!(is_leftover(".x.tmp-12-0", "x", "tmp"));
        assert!(is_leftover(".x.old-12", "x", "old"));
        // The staging folder of a report named "x.tmp-1" is not x's.
        assert!(!is_leftover(".x.tmp-1.tmp-5-0", "x", "tmp"));
        assert!(!is_leftover(".x.tmp-", "x", "tmp"));
        assert!(!is_leftover(".xy.old-1", "x", "old"));
        assert!(is_any_staging(".tornado.tmp-3-1"));
        assert!(!is_any_staging("tornado"));
        assert!(!is_any_staging(".tornado.old-3"));
    }

    fn place(root: &Path) -> (std::path::PathBuf, &Path) {
        (root.join("r"), root)
    }

    fn recover_r(root: &Path) {
        let (dir, parent) = place(root);
        let p = Place {
            dir: &dir,
            parent,
            name: "r",
        };
        recover(&p).unwrap();
    }

    #[test]
    fn a_crash_between_two_renames_restores_the_previous_report() {
        let t = tempfile::tempdir().unwrap();
        let old = t.path().join(".r.old-7");
        std::fs::create_dir_all(old.join("tornado")).unwrap();
        std::fs::write(old.join("summary.json"), "old").unwrap();
        std::fs::create_dir(t.path().join(".r.tmp-7-0")).unwrap();
        std::fs::write(t.path().join(".r.tmp-7-0/summary.json"), "new").unwrap();
        recover_r(t.path());
        let r = t.path().join("r");
        assert_eq!(
            std::fs::read_to_string(r.join("summary.json")).unwrap(),
            "old"
        );
        assert!(r.join("tornado").is_dir());
        let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }

    #[test]
    fn a_crash_after_the_swap_carries_subfolders_and_cleans_up() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path().join("r");
        std::fs::create_dir(&r).unwrap();
        std::fs::write(r.join("summary.json"), "new").unwrap();
        for leftover in [".r.old-7", ".r.tmp-8-0"] {
            let sub = t.path().join(leftover).join(format!("sub{leftover}"));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join("x.csv"), "kept").unwrap();
            std::fs::write(t.path().join(leftover).join("summary.json"), "old").unwrap();
        }
        recover_r(t.path());
        assert_eq!(
            std::fs::read_to_string(r.join("summary.json")).unwrap(),
            "new"
        );
        assert!(r.join("sub.r.old-7/x.csv").exists());
        assert!(r.join("sub.r.tmp-8-0/x.csv").exists());
        let left: Vec<_> = std::fs::read_dir(t.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
    }
}
