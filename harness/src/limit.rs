//! The per-call time limit of worker processes (`--timeout`): a watchdog
//! thread ends the process, naming the limit on stdout, when user code runs
//! longer than allowed. A hanging or very slow variant so becomes a FAILED
//! variant with the limit named, instead of a hanging run.
//!
//! User code is armed around each call (or each batch of `n` calls, with
//! `n` times the limit) by [`Armed`]; in the main process, where no watchdog
//! runs, arming is one relaxed store and costs nothing measurable.

use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Marker of the line the watchdog prints before ending the process; the
/// parent reads the limit from it.
pub(crate) const TIMEOUT_MARK: &str = "optbench-worker-timeout: ";

/// Exit code of a process ended by the watchdog.
pub(crate) const TIMEOUT_EXIT: i32 = 124;

/// Nanoseconds since [`EPOCH`] after which the armed call is late; 0 when
/// nothing is armed.
static DEADLINE_NS: AtomicU64 = AtomicU64::new(0);

/// The per-call limit in nanoseconds; 0 when no watchdog runs.
static LIMIT_NS: AtomicU64 = AtomicU64::new(0);

static EPOCH: OnceLock<Instant> = OnceLock::new();

fn now_ns() -> u64 {
    EPOCH.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Starts the watchdog with `limit` per call (once per process).
pub(crate) fn start(limit: Duration) {
    let limit_ns = limit.as_nanos().clamp(1, u128::from(u64::MAX / 4)) as u64;
    now_ns();
    if LIMIT_NS.swap(limit_ns, Ordering::SeqCst) != 0 {
        return;
    }
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(5));
            let deadline = DEADLINE_NS.load(Ordering::Relaxed);
            if deadline != 0 && now_ns() > deadline {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{TIMEOUT_MARK}{}", limit.as_secs_f64());
                let _ = out.flush();
                std::process::exit(TIMEOUT_EXIT);
            }
        }
    });
}

/// User code running under the limit; disarms when dropped.
#[derive(Debug)]
pub(crate) struct Armed(());

impl Armed {
    /// Arms the limit for `calls` calls (a batch gets `calls` times the
    /// limit).
    #[inline]
    pub(crate) fn calls(calls: u64) -> Armed {
        let limit = LIMIT_NS.load(Ordering::Relaxed);
        if limit != 0 {
            let deadline = now_ns().saturating_add(limit.saturating_mul(calls.max(1)));
            DEADLINE_NS.store(deadline, Ordering::Relaxed);
        }
        Armed(())
    }
}

impl Drop for Armed {
    #[inline]
    fn drop(&mut self) {
        if LIMIT_NS.load(Ordering::Relaxed) != 0 {
            DEADLINE_NS.store(0, Ordering::Relaxed);
        }
    }
}
