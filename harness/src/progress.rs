//! Progress on stderr while a run measures: an indicatif bar on a terminal
//! (the pass, the variant, the replicate, the time left), plain one-line
//! messages elsewhere (CI logs, pipes, `TERM=dumb`, `--verbose`), so that a
//! log keeps what a terminal shows only while it happens.
//!
//! One reporter per process, chosen at its first use; the passes tell it
//! what they start and finish, and it decides how much to show.

use std::io::IsTerminal as _;
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
pub(crate) enum Progress {
    /// A bar redrawn in place, with messages printed above it.
    Bar(ProgressBar),
    /// One line per finished step.
    Plain,
}

static PROGRESS: OnceLock<Progress> = OnceLock::new();
static VERBOSE: OnceLock<bool> = OnceLock::new();

/// Asks for plain lines whatever stderr is, and for criterion's own
/// console output (`--verbose`); call before the first [`get`].
pub(crate) fn set_verbose(verbose: bool) {
    let _ = VERBOSE.set(verbose);
}

/// Whether `--verbose` was given.
pub(crate) fn verbose() -> bool {
    VERBOSE.get().copied().unwrap_or(false)
}

/// The process's reporter.
pub(crate) fn get() -> &'static Progress {
    PROGRESS.get_or_init(|| {
        let verbose = verbose();
        if use_bar(
            std::io::stderr().is_terminal(),
            std::env::var_os("CI").is_some(),
            std::env::var("TERM").ok().as_deref(),
            verbose,
        ) {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix:>8.bold} [{bar:30}] {pos}/{len} {wide_msg} ({eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            Progress::Bar(bar)
        } else {
            Progress::Plain
        }
    })
}

/// Whether to draw a bar: on a terminal, outside CI, with a capable
/// terminal, unless `--verbose` asked for every line.
fn use_bar(terminal: bool, ci: bool, term: Option<&str>, verbose: bool) -> bool {
    terminal && !ci && term != Some("dumb") && !verbose
}

impl Progress {
    /// A pass starts, with `total` steps (0 when unknown).
    pub(crate) fn phase(&self, name: &str, total: u64) {
        match self {
            Progress::Bar(bar) => {
                bar.reset();
                bar.set_prefix(name.to_owned());
                bar.set_length(total);
            }
            Progress::Plain => {}
        }
    }

    /// The step now running (shown on a terminal only).
    pub(crate) fn step(&self, what: &str) {
        if let Progress::Bar(bar) = self {
            bar.set_message(what.to_owned());
        }
    }

    /// A step finished: `failed` says what went wrong, if anything did.
    pub(crate) fn done(&self, what: &str, failed: Option<&crate::results::Failure>) {
        match (self, failed) {
            (Progress::Bar(bar), None) => bar.inc(1),
            (Progress::Bar(bar), Some(f)) => {
                bar.inc(1);
                bar.println(format!("optbench: {what}: FAILED ({f})"));
            }
            (Progress::Plain, None) => eprintln!("optbench: {what} ... ok"),
            (Progress::Plain, Some(f)) => eprintln!("optbench: {what} ... FAILED ({f})"),
        }
    }

    /// One step of a pass done, shown on a terminal only (a replicate: a
    /// log gets its comparison's summary from [`Progress::note`]).
    pub(crate) fn advance(&self) {
        if let Progress::Bar(bar) = self {
            bar.inc(1);
        }
    }

    /// A line for the log only: a terminal shows the bar instead.
    pub(crate) fn note(&self, text: &str) {
        if let Progress::Plain = self {
            eprintln!("{text}");
        }
    }

    /// `n` planned steps will not run (a comparison decided early).
    pub(crate) fn skip(&self, n: u64) {
        if let Progress::Bar(bar) = self {
            let len = bar.length().unwrap_or(0);
            bar.set_length(len.saturating_sub(n).max(bar.position()));
        }
    }

    /// A line worth keeping in the log (printed above the bar).
    pub(crate) fn line(&self, text: &str) {
        match self {
            Progress::Bar(bar) => bar.println(text),
            Progress::Plain => eprintln!("{text}"),
        }
    }

    /// Clears the bar before the results are printed.
    pub(crate) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_capable_terminal_outside_ci() {
        assert!(use_bar(true, false, Some("xterm-256color"), false));
        assert!(use_bar(true, false, None, false));
        assert!(!use_bar(false, false, Some("xterm"), false), "a pipe");
        assert!(!use_bar(true, true, Some("xterm"), false), "CI");
        assert!(!use_bar(true, false, Some("dumb"), false));
        assert!(!use_bar(true, false, Some("xterm"), true), "--verbose");
    }
}
