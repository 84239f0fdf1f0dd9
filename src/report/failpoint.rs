//! A test-only failpoint: `CORRIDOR_FAILPOINT=report-write:<step>` makes
//! the report writer abort the process (as `kill -9` would stop it) at a
//! named step, so tests can check what a crash at that moment leaves on
//! disk. `report-write-pause:<step>` instead stops there until a signal
//! arrives, so tests can interrupt a write at a known point. The variable
//! is read once; unset, a step costs one load.
//!
//! Steps, in order: `file:<name>` after each file is staged and synced,
//! `synced` after the staging folder is synced, `old-aside` after the
//! previous folder was renamed aside, `new-in` after the new folder was
//! renamed into place, `carried` after subfolders were carried across,
//! `cleaned` after the previous folder was deleted (lock still held).

use std::sync::OnceLock;

/// The environment variable that arms the failpoint.
pub const VAR: &str = "CORRIDOR_FAILPOINT";

/// What to do at the armed step.
enum Action {
    Abort,
    Pause,
}

static ARMED: OnceLock<Option<(Action, String)>> = OnceLock::new();

/// Aborts (or pauses) the process if the failpoint is armed at `step`.
pub(crate) fn hit(step: &str) {
    let armed = ARMED.get_or_init(|| {
        let v = std::env::var(VAR).ok()?;
        if let Some(s) = v.strip_prefix("report-write:") {
            Some((Action::Abort, s.to_owned()))
        } else {
            let s = v.strip_prefix("report-write-pause:")?;
            Some((Action::Pause, s.to_owned()))
        }
    });
    match armed {
        Some((Action::Abort, s)) if s == step => std::process::abort(),
        Some((Action::Pause, s)) if s == step => loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        },
        _ => {}
    }
}
