//! Writing one file atomically: it goes to a temporary name in the same
//! folder and is renamed into place, so a failed or interrupted run never
//! leaves a half-written file. For files that share a folder with others
//! (shard files); whole report folders are replaced by
//! [`files::write_all`](super::files::write_all) instead.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temp file + fsync + rename),
/// creating the folder if needed.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    super::temps::hold().add(&tmp);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    let mut held = super::temps::hold();
    held.forget(&tmp);
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        atomic_write(&p, b"one").unwrap();
        atomic_write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        atomic_write(&p, b"old").unwrap();
        // Renaming onto a path whose parent is a file fails.
        let bad = dir.path().join("x.json/inner");
        assert!(atomic_write(&bad, b"new").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
    }
}
