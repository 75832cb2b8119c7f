//! The per-call time limit of worker processes (`--timeout`): a watchdog
//! thread ends the process with the exit code `TIMEOUT_EXIT` (the parent
//! reads the limit from its own request) when user code runs longer than
//! allowed. A hanging or very slow variant so becomes a FAILED
//! variant with the limit named, instead of a hanging run.
//!
//! User code is armed around each call (or each batch of calls, with up to
//! three times the limit) by [`Armed`]; in the main process, where no
//! watchdog runs, arming is one relaxed load and costs nothing measurable.
//! The parent also gives each worker a wall-clock budget for its whole job
//! and kills it past that, for code no arming covers (drops, `Debug`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Exit code of a process ended by the watchdog, as `timeout(1)` has it:
/// how the parent tells a worker that ran out of time (`worker::client`).
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
    // The thread's own start-up allocates (its handle, thread-local
    // storage); waiting for it to begin keeps those allocations before any
    // user code runs, out of the heap pass's counted calls. The wait is a
    // flag, not a channel: a channel's blocks were freed by whichever side
    // let go last, sometimes the watchdog in the middle of a counted call.
    static STARTED: AtomicBool = AtomicBool::new(false);
    std::thread::spawn(move || {
        STARTED.store(true, Ordering::SeqCst);
        loop {
            std::thread::sleep(Duration::from_millis(5));
            // The clock first: a deadline read after it can only be the
            // one armed now or a later one, so a healthy call that ended
            // meanwhile is never taken for a late one.
            let now = now_ns();
            let deadline = DEADLINE_NS.load(Ordering::SeqCst);
            if deadline != 0 && now > deadline {
                report_and_exit(limit);
            }
        }
    });
    while !STARTED.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
}

/// Ends the process at once with [`TIMEOUT_EXIT`]: no destructor, no exit
/// handler (user code may hold any lock while it hangs).
fn report_and_exit(_limit: Duration) -> ! {
    #[cfg(all(unix, feature = "runner"))]
    {
        // SAFETY: `_exit` ends the process; nothing runs after it.
        unsafe { libc::_exit(TIMEOUT_EXIT) }
    }
    #[cfg(not(all(unix, feature = "runner")))]
    std::process::exit(TIMEOUT_EXIT)
}

/// Most per-call limits a batch of calls gets: batches are sized to a few
/// milliseconds, so one that runs this long means a call hangs.
pub(crate) const MAX_BATCH_LIMITS: u32 = 3;

/// User code running under the limit; disarms when dropped.
#[derive(Debug)]
pub(crate) struct Armed(());

impl Armed {
    /// Arms the limit for a batch of `calls` calls: the limit times the
    /// calls, at most [`MAX_BATCH_LIMITS`] times.
    #[inline]
    pub(crate) fn calls(calls: u64) -> Armed {
        let limit = LIMIT_NS.load(Ordering::Relaxed);
        if limit != 0 {
            let allowed = limit.saturating_mul(calls.clamp(1, u64::from(MAX_BATCH_LIMITS)));
            DEADLINE_NS.store(now_ns().saturating_add(allowed), Ordering::SeqCst);
        }
        Armed(())
    }
}

impl Drop for Armed {
    #[inline]
    fn drop(&mut self) {
        if LIMIT_NS.load(Ordering::Relaxed) != 0 {
            DEADLINE_NS.store(0, Ordering::SeqCst);
        }
    }
}
