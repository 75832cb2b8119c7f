//! The exact heap counter: allocations, bytes, and the live heap relative to
//! the start of a call.
//!
//! While a [`Session`] is on, every allocation and free in the process moves
//! the live level; between [`Session::open`] and [`Session::close`] the
//! allocations and their bytes are counted and the highest live level is
//! kept. The figures of a call are then
//!
//! - **allocations**: blocks allocated, a `realloc` counting as a new block;
//! - **bytes**: their requested sizes, a `realloc` counting its full new size
//!   (valgrind's DHAT counts both the same way);
//! - **peak**: `max(0, max over the call of (live − live at the start))`:
//!   freeing memory that existed before the call (a pool's old buffer, an
//!   evicted cache entry) lowers the level, so it is not overstated;
//! - **net**: live at the end minus live at the start, which is negative
//!   when the call freed more than it kept.
//!
//! Counting at the C level needs each freed block's size: a table of the
//! blocks allocated since the session began ([`super::table`]) gives it. A
//! block allocated before the session and freed during it is not in the
//! table; its size is then glibc's usable size, and the call says how many
//! such frees it had ([`CallCounts::estimated_frees`]).

use std::cell::UnsafeCell;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Mode, c_hook_live, rust_seen, set_mode};
use crate::results::{Failure, HeapCoverage};

/// The counter's state, behind [`LOCK`].
struct Inner {
    live: i64,
    open: bool,
    base: i64,
    peak: i64,
    allocations: u64,
    bytes: u64,
    estimated_frees: u64,
    #[cfg(c_hook)]
    table: super::table::Table,
}

impl Inner {
    fn allocated(&mut self, size: u64) {
        self.live = self.live.wrapping_add(size as i64);
        if self.open {
            self.allocations += 1;
            self.bytes = self.bytes.wrapping_add(size);
            self.peak = self.peak.max(self.live);
        }
    }

    fn freed(&mut self, size: u64) {
        self.live = self.live.wrapping_sub(size as i64);
    }
}

/// A spin lock: `std::sync::Mutex` would do, but nothing on this path may
/// allocate or panic, and a spin lock makes that plain.
struct Locked {
    busy: AtomicBool,
    inner: UnsafeCell<Inner>,
}

// SAFETY: `inner` is only reached through `with`, which holds `busy`.
unsafe impl Sync for Locked {}

static LOCK: Locked = Locked {
    busy: AtomicBool::new(false),
    inner: UnsafeCell::new(Inner {
        live: 0,
        open: false,
        base: 0,
        peak: 0,
        allocations: 0,
        bytes: 0,
        estimated_frees: 0,
        #[cfg(c_hook)]
        table: super::table::Table::EMPTY,
    }),
};

fn with<R>(f: impl FnOnce(&mut Inner) -> R) -> R {
    let mut spins = 0u32;
    while LOCK
        .busy
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        spins += 1;
        if spins < 64 {
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }
    // SAFETY: `busy` is held until the store below, so this is the only
    // reference; `f` neither allocates nor panics.
    let r = f(unsafe { &mut *LOCK.inner.get() });
    LOCK.busy.store(false, Ordering::Release);
    r
}

/// A block of `size` bytes was allocated at `addr` (Rust level: no table).
pub(super) fn allocated(addr: usize, size: usize) {
    if addr != 0 {
        with(|s| s.allocated(size as u64));
    }
}

/// A block of `size` bytes was freed (Rust level: sizes are known).
pub(super) fn freed(addr: usize, size: usize) {
    if addr != 0 {
        with(|s| s.freed(size as u64));
    }
}

/// A C-level allocation: remembered in the table, then counted.
#[cfg(c_hook)]
pub(super) fn c_allocated(addr: usize, size: usize) {
    if addr != 0 {
        with(|s| {
            if let Some(stale) = s.table.insert(addr, size) {
                // Only a block freed while no session was on can still be in
                // the table; it no longer counts.
                s.freed(stale as u64);
            }
            s.allocated(size as u64);
        });
    }
}

/// A C-level free of the block at `addr`, before glibc frees it. Returns the
/// size the table knew, for [`c_restore`] if a `realloc` fails.
#[cfg(c_hook)]
pub(super) fn c_freed(addr: usize) -> Option<usize> {
    if addr == 0 {
        return None;
    }
    with(|s| match s.table.remove(addr) {
        Some(size) => {
            s.freed(size as u64);
            Some(size)
        }
        None => {
            // Allocated before the session: glibc's usable size is the
            // closest figure there is.
            // SAFETY: `addr` is a live block of glibc's malloc.
            let size = unsafe { libc::malloc_usable_size(addr as *mut libc::c_void) };
            s.freed(size as u64);
            if s.open {
                s.estimated_frees += 1;
            }
            None
        }
    })
}

/// Undoes [`c_freed`] for a block a failed `realloc` left in place.
#[cfg(c_hook)]
pub(super) fn c_restore(addr: usize, size: Option<usize>) {
    with(|s| match size {
        Some(size) => {
            s.table.insert(addr, size);
            s.live = s.live.wrapping_add(size as i64);
        }
        None => {
            // SAFETY: the failed realloc left `addr` allocated.
            let size = unsafe { libc::malloc_usable_size(addr as *mut libc::c_void) };
            s.live = s.live.wrapping_add(size as i64);
        }
    });
}

/// The figures of one call, from [`Session::close`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CallCounts {
    pub(crate) allocations: u64,
    pub(crate) bytes: u64,
    pub(crate) peak_bytes: u64,
    /// Frees of blocks older than the session, sized by glibc's usable size.
    pub(crate) estimated_frees: u64,
}

/// Counting switched on for this process, until dropped. One at a time.
#[derive(Debug)]
pub(crate) struct Session {
    coverage: HeapCoverage,
}

impl Session {
    /// Checks that [`super::Alloc`] is the global allocator, finds out
    /// whether C allocations reach the counter, and switches counting on.
    pub(crate) fn start() -> Result<Session, Failure> {
        set_mode(Mode::Probe);
        let seen = rust_seen();
        drop(black_box(Box::new(black_box(1u64))));
        if rust_seen() == seen {
            set_mode(Mode::Off);
            return Err(Failure::AllocatorNotInstalled);
        }
        let c = c_hook_live();
        with(|s| {
            s.live = 0;
            s.open = false;
            #[cfg(c_hook)]
            s.table.clear();
        });
        set_mode(if c { Mode::CountC } else { Mode::CountRust });
        Ok(Session {
            coverage: if c {
                HeapCoverage::All
            } else {
                HeapCoverage::RustOnly
            },
        })
    }

    /// Which allocations are counted.
    pub(crate) fn coverage(&self) -> HeapCoverage {
        self.coverage
    }

    /// A call starts: the live level now is its zero.
    pub(crate) fn open(&self) {
        with(|s| {
            s.open = true;
            s.base = s.live;
            s.peak = s.live;
            s.allocations = 0;
            s.bytes = 0;
            s.estimated_frees = 0;
        });
    }

    /// The call returned: its counts (the live level keeps being followed).
    pub(crate) fn close(&self) -> CallCounts {
        with(|s| {
            s.open = false;
            CallCounts {
                allocations: s.allocations,
                bytes: s.bytes,
                peak_bytes: (s.peak - s.base).max(0) as u64,
                estimated_frees: s.estimated_frees,
            }
        })
    }

    /// Live bytes now minus live bytes when the last call was opened.
    pub(crate) fn net(&self) -> i64 {
        with(|s| s.live - s.base)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        set_mode(Mode::Off);
    }
}
