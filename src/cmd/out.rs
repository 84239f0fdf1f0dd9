//! How the subcommands talk: stdout where a closed pipe is not an error,
//! the progress bar of long runs, the worker pool they run on, and
//! cleaning up on Ctrl-C. (The
//! "N errors; nothing was run" tail of diagnostics is part of
//! [`CmdError`]'s message.)

use std::io::{IsTerminal as _, Write as _};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::error::CmdError;

/// Prints to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<(), CmdError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CmdError::Stdout(e)),
    }
}

/// Prints a line to stdout; a closed pipe is not an error.
pub fn print_line(text: &str) -> Result<(), CmdError> {
    print(&format!("{text}\n"))
}

/// A progress bar that appears only on a terminal and only once a run has
/// taken more than a second.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: Mutex<bool>,
    enabled: bool,
}

impl Progress {
    /// A hidden bar over `total` trials.
    pub fn new(total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} trials · {per_sec} · eta {eta}",
            )
            .expect("valid template"),
        );
        Progress {
            bar,
            started: Instant::now(),
            shown: Mutex::new(false),
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// Counts `n` more trials done; shows the bar after the first second.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        if self.enabled && self.started.elapsed() > Duration::from_secs(1) {
            let mut shown = self.shown.lock().expect("not poisoned");
            if !*shown {
                *shown = true;
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Makes Ctrl-C and SIGTERM remove the temporary files and folders of a
/// report being written, then exit with 130 (as an interrupted program
/// does), instead of leaving them behind.
pub fn clean_up_on_interrupt() {
    // Fails only if a handler is already set, which this is the only
    // caller of; without it an interrupt still kills the process, and the
    // next writer cleans up.
    let _ =
        ctrlc::set_handler(|| corridor::report::temps::remove_all_then(|| std::process::exit(130)));
}

/// A rayon pool with `threads` workers (default: all cores).
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, CmdError> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = threads {
        pool = pool.num_threads(t);
    }
    Ok(pool.build()?)
}
