//! A test-only failpoint: `CORRIDOR_FAILPOINT=report-write:<step>` makes
//! the report writer abort the process (as `kill -9` would stop it) at a
//! named step, so tests can check what a crash at that moment leaves on
//! disk. The variable is read once; unset, a step costs one load.
//!
//! Steps, in order: `file:<name>` after each file is staged and synced,
//! `synced` after the staging folder is synced, `old-aside` after the
//! previous folder was renamed aside, `new-in` after the new folder was
//! renamed into place, `carried` after subfolders were carried across,
//! `cleaned` after the previous folder was deleted (lock still held).

use std::sync::OnceLock;

/// The environment variable that arms the failpoint.
pub const VAR: &str = "CORRIDOR_FAILPOINT";

static ARMED: OnceLock<Option<String>> = OnceLock::new();

/// Aborts the process if the failpoint is armed at `step`.
pub(crate) fn hit(step: &str) {
    let armed = ARMED.get_or_init(|| {
        std::env::var(VAR)
            .ok()
            .and_then(|v| v.strip_prefix("report-write:").map(str::to_owned))
    });
    if armed.as_deref() == Some(step) {
        std::process::abort();
    }
}
